package jsonx

import (
	"errors"
	"fmt"
	"strings"
)

// Paths selects string values in a document. The syntax (the one users
// write in --json-paths) is member names joined by dots, "[]" after a
// name (or alone) for "every element of this array", "*" for "every
// member of this object":
//
//	choices[].message.content
//	choices[].message.tool_calls[].function.arguments
//	content[].input          (ends on an object: every string below it)
//
// A path that ends on an object or array selects every string below it.
// Member names match exactly (case-sensitively); Parse has already
// refused documents with names that differ only in case, so no reader can
// see a member the path missed.
type Paths struct {
	src   []string
	steps [][]step
}

type step struct {
	key   string // member name, "*" for any
	index bool   // every array element
}

// ParsePaths parses field paths; blank entries are skipped, and at least
// one path is required.
func ParsePaths(paths []string) (*Paths, error) {
	p := &Paths{}
	for _, s := range paths {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		var steps []step
		for _, seg := range strings.Split(s, ".") {
			name, rest, _ := strings.Cut(seg, "[")
			if name == "" && rest == "" {
				return nil, fmt.Errorf("json path %q: empty segment", s)
			}
			if name != "" {
				steps = append(steps, step{key: name})
			}
			if rest == "" {
				continue
			}
			for _, idx := range strings.Split("["+rest, "[")[1:] {
				if idx != "]" && idx != "*]" {
					return nil, fmt.Errorf("json path %q: only [] (every element) is supported, not [%s", s, idx)
				}
				steps = append(steps, step{index: true})
			}
		}
		p.src = append(p.src, s)
		p.steps = append(p.steps, steps)
	}
	if len(p.steps) == 0 {
		return nil, errors.New("json paths: none given")
	}
	return p, nil
}

// MustPaths is ParsePaths for paths fixed in the code.
func MustPaths(paths ...string) *Paths {
	p, err := ParsePaths(paths)
	if err != nil {
		panic(err)
	}
	return p
}

// String lists the paths, comma-separated.
func (p *Paths) String() string { return strings.Join(p.src, ",") }

// state is a position in one path.
type state struct{ path, step int }

// Strings calls fn for every string value of d that a path selects, once
// each, in document order. fn may Replace the value it is given.
func (p *Paths) Strings(d *Doc, fn func(V) error) error {
	root := d.Root()
	if root < 0 {
		return nil
	}
	st := make([]state, len(p.steps))
	for i := range st {
		st[i] = state{path: i}
	}
	return p.walk(d, root, st, false, fn)
}

func (p *Paths) walk(d *Doc, v V, st []state, all bool, fn func(V) error) error {
	if !all {
		for _, s := range st {
			if s.step == len(p.steps[s.path]) {
				all = true
				break
			}
		}
	}
	switch d.Kind(v) {
	case String:
		if all {
			return fn(v)
		}
	case Object:
		for c := d.First(v); c >= 0; c = d.Next(c) {
			var next []state
			if !all {
				for _, s := range st {
					sp := p.steps[s.path][s.step]
					if !sp.index && (sp.key == "*" || d.KeyIs(c, sp.key)) {
						next = append(next, state{s.path, s.step + 1})
					}
				}
			}
			if all || len(next) > 0 {
				if err := p.walk(d, c, next, all, fn); err != nil {
					return err
				}
			}
		}
	case Array:
		var next []state
		if !all {
			for _, s := range st {
				if p.steps[s.path][s.step].index {
					next = append(next, state{s.path, s.step + 1})
				}
			}
		}
		if all || len(next) > 0 {
			for c := d.First(v); c >= 0; c = d.Next(c) {
				if err := p.walk(d, c, next, all, fn); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
