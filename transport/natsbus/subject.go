package natsbus

import (
	"errors"
	"fmt"
	"strings"
)

// ErrSubject reports an input pattern or output template that cannot be
// used together.
var ErrSubject = errors.New("subject mapping")

// Mapping turns an input subject matched by a pattern (with `*` and `>`
// wildcards) into an output subject. The template's wildcards take the
// input's wildcard tokens in order: `llm.responses.>` → `llm.redacted.>`
// maps llm.responses.openai.gpt4 to llm.redacted.openai.gpt4, and
// `in.*.x.*` → `out.*.*` maps in.a.x.b to out.a.b. A template without
// wildcards is a fixed subject.
type Mapping struct {
	pattern  []string
	template []string
	fixed    bool
}

// NewMapping validates a pattern and template pair.
func NewMapping(pattern, template string) (Mapping, error) {
	p, err := tokens(pattern, "input")
	if err != nil {
		return Mapping{}, err
	}
	t, err := tokens(template, "output")
	if err != nil {
		return Mapping{}, err
	}
	pStars, pTail := wildcards(p)
	tStars, tTail := wildcards(t)
	m := Mapping{pattern: p, template: t}
	if tStars == 0 && !tTail {
		m.fixed = true
		return m, nil
	}
	if pStars != tStars || pTail != tTail {
		return Mapping{}, fmt.Errorf("%w: output %q must use the same wildcards as input %q (%d '*'%s), or none", ErrSubject, template, pattern, pStars, tailNote(pTail))
	}
	if pattern == template {
		return Mapping{}, fmt.Errorf("%w: output %q equals input: redacted messages would be consumed again", ErrSubject, template)
	}
	return m, nil
}

func tailNote(tail bool) string {
	if tail {
		return " and a final '>'"
	}
	return ""
}

func tokens(s, what string) ([]string, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: empty %s subject", ErrSubject, what)
	}
	t := strings.Split(s, ".")
	for i, tok := range t {
		switch {
		case tok == "":
			return nil, fmt.Errorf("%w: %s subject %q has an empty token", ErrSubject, what, s)
		case tok == ">" && i != len(t)-1:
			return nil, fmt.Errorf("%w: %s subject %q: '>' must be the last token", ErrSubject, what, s)
		case len(tok) > 1 && strings.ContainsAny(tok, "*>"):
			return nil, fmt.Errorf("%w: %s subject %q: wildcard inside token %q", ErrSubject, what, s, tok)
		case strings.ContainsAny(tok, " \t\r\n"):
			return nil, fmt.Errorf("%w: %s subject %q contains whitespace", ErrSubject, what, s)
		}
	}
	return t, nil
}

func wildcards(t []string) (stars int, tail bool) {
	for _, tok := range t {
		switch tok {
		case "*":
			stars++
		case ">":
			tail = true
		}
	}
	return stars, tail
}

// Map returns the output subject for an input subject, or false when the
// subject does not match the pattern.
func (m Mapping) Map(subject string) (string, bool) {
	in := strings.Split(subject, ".")
	var caps []string
	var tail []string
	for i, p := range m.pattern {
		switch {
		case p == ">":
			if i >= len(in) {
				return "", false
			}
			tail = in[i:]
		case i >= len(in):
			return "", false
		case p == "*":
			caps = append(caps, in[i])
		case p != in[i]:
			return "", false
		}
		if p == ">" {
			break
		}
		if i == len(m.pattern)-1 && len(in) != len(m.pattern) {
			return "", false
		}
	}
	if m.fixed {
		return strings.Join(m.template, "."), true
	}
	out := make([]string, 0, len(m.template)+len(tail))
	for _, t := range m.template {
		switch t {
		case "*":
			out = append(out, caps[0])
			caps = caps[1:]
		case ">":
			out = append(out, tail...)
		default:
			out = append(out, t)
		}
	}
	return strings.Join(out, "."), true
}
