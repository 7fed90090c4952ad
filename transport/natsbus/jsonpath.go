package natsbus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sluice-dlp/sluice/engine"
)

// ErrInvalidJSON: a payload expected to be JSON is not.
var ErrInvalidJSON = errors.New("invalid JSON payload")

// maxJSONDepth bounds the nesting the field-path walker follows.
const maxJSONDepth = 512

// Well-known field paths for model responses.
var (
	// OpenAIPaths selects the text of an OpenAI chat completion.
	OpenAIPaths = []string{"choices[].message.content", "choices[].delta.content", "choices[].text"}
	// AnthropicPaths selects the text of an Anthropic message.
	AnthropicPaths = []string{"content[].text", "delta.text"}
)

// step is one element of a field path: a member name ("*" for any), or
// any array element.
type step struct {
	key   string
	index bool
}

// fieldPaths selects the JSON strings to redact. A path names a member
// chain with `[]` for "every element": choices[].message.content. When a
// path ends on an object or array, every string below it is redacted.
type fieldPaths [][]step

// parsePaths parses field paths such as "choices[].message.content".
func parsePaths(paths []string) (fieldPaths, error) {
	var fp fieldPaths
	for _, p := range paths {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		var steps []step
		for _, seg := range strings.Split(p, ".") {
			name, rest, _ := strings.Cut(seg, "[")
			if name == "" && rest == "" {
				return nil, fmt.Errorf("json path %q: empty segment", p)
			}
			if name != "" {
				steps = append(steps, step{key: name})
			}
			if rest == "" {
				continue
			}
			for _, idx := range strings.Split("["+rest, "[")[1:] {
				if idx != "]" && idx != "*]" {
					return nil, fmt.Errorf("json path %q: only [] (every element) is supported, not [%s", p, idx)
				}
				steps = append(steps, step{index: true})
			}
		}
		fp = append(fp, steps)
	}
	if len(fp) == 0 {
		return nil, errors.New("json paths: none given")
	}
	return fp, nil
}

// span is a JSON string token, quotes included.
type span struct{ start, end int }

// state is a position in one path.
type state struct{ path, step int }

type walker struct {
	doc   []byte
	fp    fieldPaths
	spans []span
}

// selectStrings returns the string tokens the paths select, in document
// order.
func (fp fieldPaths) selectStrings(doc []byte) ([]span, error) {
	if !json.Valid(doc) {
		return nil, ErrInvalidJSON
	}
	w := walker{doc: doc, fp: fp}
	st := make([]state, len(fp))
	for i := range st {
		st[i] = state{path: i}
	}
	if _, err := w.value(w.ws(0), st, false, 0); err != nil {
		return nil, err
	}
	return w.spans, nil
}

func (w *walker) ws(i int) int {
	for i < len(w.doc) {
		switch w.doc[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// str returns the end of the string token starting at i (the document
// is known to be valid).
func (w *walker) str(i int) int {
	for i++; ; i++ {
		switch w.doc[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
}

// value walks the value at i with the active path states; all means a

// child walks a member or element at i: into it when a path (or all)
// continues there, past it otherwise.
func (w *walker) child(i int, next []state, all bool, depth int) (int, error) {
	if all || len(next) > 0 {
		return w.value(i, next, all, depth+1)
	}
	return w.skip(i, depth+1)
}

// path already ended above, so every string is selected.
func (w *walker) value(i int, st []state, all bool, depth int) (int, error) {
	if depth > maxJSONDepth {
		return 0, fmt.Errorf("%w: nested deeper than %d", ErrInvalidJSON, maxJSONDepth)
	}
	if !all {
		for _, s := range st {
			if s.step == len(w.fp[s.path]) {
				all = true
				break
			}
		}
	}
	if all {
		st = nil
	}
	switch w.doc[i] {
	case '"':
		end := w.str(i)
		if all {
			w.spans = append(w.spans, span{i, end})
		}
		return end, nil
	case '{':
		i = w.ws(i + 1)
		if w.doc[i] == '}' {
			return i + 1, nil
		}
		for {
			kend := w.str(i)
			var next []state
			if len(st) > 0 {
				key := w.key(i, kend)
				for _, s := range st {
					p := w.fp[s.path][s.step]
					if !p.index && (p.key == key || p.key == "*") {
						next = append(next, state{s.path, s.step + 1})
					}
				}
			}
			i = w.ws(w.ws(kend) + 1) // skip ':'
			var err error
			i, err = w.child(i, next, all, depth)
			if err != nil {
				return 0, err
			}
			i = w.ws(i)
			if w.doc[i] == '}' {
				return i + 1, nil
			}
			i = w.ws(i + 1) // skip ','
		}
	case '[':
		var next []state
		for _, s := range st {
			if w.fp[s.path][s.step].index {
				next = append(next, state{s.path, s.step + 1})
			}
		}
		i = w.ws(i + 1)
		if w.doc[i] == ']' {
			return i + 1, nil
		}
		for {
			var err error
			i, err = w.child(i, next, all, depth)
			if err != nil {
				return 0, err
			}
			i = w.ws(i)
			if w.doc[i] == ']' {
				return i + 1, nil
			}
			i = w.ws(i + 1)
		}
	default: // number, true, false, null
		for i < len(w.doc) && !strings.ContainsRune(",}] \t\r\n", rune(w.doc[i])) {
			i++
		}
		return i, nil
	}
}

// skip passes over a value no path selects.
func (w *walker) skip(i int, depth int) (int, error) {
	switch w.doc[i] {
	case '{', '[':
		return w.value(i, nil, false, depth)
	case '"':
		return w.str(i), nil
	}
	return w.value(i, nil, false, depth)
}

func (w *walker) key(start, end int) string {
	raw := w.doc[start:end]
	if !strings.ContainsRune(string(raw), '\\') {
		return string(raw[1 : len(raw)-1])
	}
	var k string
	_ = json.Unmarshal(raw, &k) // valid by construction
	return k
}

// redactJSON redacts the selected strings in place: the rest of the
// document is kept byte for byte, so it stays valid JSON.
func redactJSON(ctx context.Context, s *engine.Scanner, fp fieldPaths, doc []byte) ([]byte, summary, error) {
	spans, err := fp.selectStrings(doc)
	if err != nil {
		return nil, summary{}, err
	}
	var sum summary
	var out []byte
	last := 0
	for _, sp := range spans {
		text, err := jsonText(doc[sp.start:sp.end])
		if err != nil {
			return nil, summary{}, err
		}
		res, err := s.Redact(ctx, text)
		if err != nil {
			return nil, summary{}, err
		}
		sum.add(res)
		if len(res.Findings) == 0 {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(doc)+64)
		}
		out = append(out, doc[last:sp.start]...)
		out = appendJSONString(out, res.Redacted)
		last = sp.end
	}
	if out == nil {
		return doc, sum, nil
	}
	return append(out, doc[last:]...), sum, nil
}

// jsonText decodes a JSON string token.
func jsonText(tok []byte) ([]byte, error) {
	inner := tok[1 : len(tok)-1]
	if !strings.ContainsRune(string(inner), '\\') {
		return inner, nil
	}
	var s string
	if err := json.Unmarshal(tok, &s); err != nil {
		return nil, fmt.Errorf("%w: bad string escape", ErrInvalidJSON)
	}
	return []byte(s), nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends b as a JSON string, without HTML escaping and
// with invalid UTF-8 replaced by U+FFFD so the document stays valid.
func appendJSONString(dst, b []byte) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20 || c == 0x7f:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, `\ufffd`...)
		} else if r == '\u2028' || r == '\u2029' {
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		} else {
			dst = append(dst, b[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
