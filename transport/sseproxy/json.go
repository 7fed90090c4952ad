package sseproxy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// object is a JSON object that keeps its members in their original order
// and their values as the exact bytes they came as, so that rewriting one
// field leaves the rest of a provider's JSON untouched.
type object []member

type member struct {
	key string
	val json.RawMessage
}

var (
	errNotObject = errors.New("not a JSON object")
	errBadJSON   = errors.New("malformed JSON")
	errDupKey    = errors.New("duplicate key in JSON object")
)

// parseObject splits a JSON object into its members. raw must be valid
// JSON (callers check with json.Valid once per event). Duplicate keys are
// refused: readers disagree on which one counts, so a text could hide in
// the one the proxy would not look at.
func parseObject(raw []byte) (object, error) {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, errNotObject
	}
	i = skipWS(raw, i+1)
	var o object
	if i < len(raw) && raw[i] == '}' {
		return o, nil
	}
	for {
		if i >= len(raw) || raw[i] != '"' {
			return nil, errBadJSON
		}
		kend, err := skipValue(raw, i)
		if err != nil {
			return nil, err
		}
		key, ok := decodeString(raw[i:kend])
		if !ok {
			return nil, errBadJSON
		}
		i = skipWS(raw, kend)
		if i >= len(raw) || raw[i] != ':' {
			return nil, errBadJSON
		}
		vstart := skipWS(raw, i+1)
		vend, err := skipValue(raw, vstart)
		if err != nil {
			return nil, err
		}
		for _, m := range o {
			if m.key == key {
				return nil, errDupKey
			}
		}
		o = append(o, member{key, raw[vstart:vend]})
		i = skipWS(raw, vend)
		if i >= len(raw) {
			return nil, errBadJSON
		}
		if raw[i] == '}' {
			return o, nil
		}
		if raw[i] != ',' {
			return nil, errBadJSON
		}
		i = skipWS(raw, i+1)
	}
}

// parseArray splits a JSON array into its elements.
func parseArray(raw []byte) ([]json.RawMessage, bool) {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	i = skipWS(raw, i+1)
	var a []json.RawMessage
	if i < len(raw) && raw[i] == ']' {
		return a, true
	}
	for {
		end, err := skipValue(raw, i)
		if err != nil {
			return nil, false
		}
		a = append(a, raw[i:end])
		i = skipWS(raw, end)
		if i >= len(raw) {
			return nil, false
		}
		if raw[i] == ']' {
			return a, true
		}
		if raw[i] != ',' {
			return nil, false
		}
		i = skipWS(raw, i+1)
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value that starts at b[i].
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errBadJSON
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1, nil
			}
		}
		return 0, errBadJSON
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := skipValue(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errBadJSON
	}
	j := i
scan:
	for ; j < len(b); j++ {
		switch b[j] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			break scan
		}
	}
	if j == i {
		return 0, errBadJSON
	}
	return j, nil
}

func (o object) get(key string) (json.RawMessage, bool) {
	for _, m := range o {
		if m.key == key {
			return m.val, true
		}
	}
	return nil, false
}

func (o *object) set(key string, val json.RawMessage) {
	for i := range *o {
		if (*o)[i].key == key {
			(*o)[i].val = val
			return
		}
	}
	*o = append(*o, member{key, val})
}

// str returns a member's value when it is a JSON string.
func (o object) str(key string) (string, bool) {
	v, ok := o.get(key)
	if !ok {
		return "", false
	}
	return decodeString(v)
}

// num returns a member's value when it is an integer.
func (o object) num(key string) (int, bool) {
	v, ok := o.get(key)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(v)))
	return n, err == nil
}

func (o object) obj(key string) (object, bool) {
	v, ok := o.get(key)
	if !ok {
		return nil, false
	}
	sub, err := parseObject(v)
	return sub, err == nil
}

func (o object) marshal() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(encodeString(m.key))
		b.WriteByte(':')
		b.Write(m.val)
	}
	b.WriteByte('}')
	return b.Bytes()
}

func decodeString(raw []byte) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	if in := raw[1 : len(raw)-1]; plainJSON(in) {
		return string(in), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// encodeString encodes s as a JSON string without HTML escaping, so that
// "<EMAIL_ADDRESS>" reads as it does in the batch output. Invalid UTF-8
// becomes U+FFFD, as encoding/json does.
func encodeString(s string) []byte {
	if utf8.ValidString(s) {
		b := make([]byte, 0, len(s)+2)
		b = append(b, '"')
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigit[c>>4], hexDigit[c&15])
			default:
				b = append(b, c)
			}
		}
		return append(b, '"')
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

const hexDigit = "0123456789abcdef"

// plainJSON reports whether b, the inside of a JSON string, has no
// escapes or control bytes and is valid UTF-8, so it is its own value.
func plainJSON(b []byte) bool {
	for _, c := range b {
		if c == '\\' || c < 0x20 {
			return false
		}
	}
	return utf8.Valid(b)
}

// rewriteFunc maps one string value found at a path to its replacement.
type rewriteFunc func(s string) (string, error)

// rewritePaths applies fn to every string value in raw that a path in
// paths selects, and returns the new JSON with everything else kept as
// it was. A path is dot-separated keys, where "*" is every element of an
// array (or member of an object) and a trailing "**" is every string
// anywhere below. Values of other types at a path are left alone.
func rewritePaths(raw []byte, paths []string, fn rewriteFunc) ([]byte, bool, error) {
	changed := false
	for _, p := range paths {
		out, ch, err := rewritePath(raw, strings.Split(p, "."), fn, nil)
		if err != nil {
			return nil, false, err
		}
		if ch {
			raw, changed = out, true
		}
	}
	return raw, changed, nil
}

// replacePaths sets every value that a path in paths selects (of any
// type, unless it is null or already lit) to the JSON literal lit.
func replacePaths(raw []byte, paths []string, lit string) ([]byte, bool, error) {
	changed := false
	for _, p := range paths {
		out, ch, err := rewritePath(raw, strings.Split(p, "."), nil, []byte(lit))
		if err != nil {
			return nil, false, err
		}
		if ch {
			raw, changed = out, true
		}
	}
	return raw, changed, nil
}

// rewritePath applies fn to the strings at path, or, when lit is set,
// replaces the values at path with lit.
func rewritePath(raw []byte, path []string, fn rewriteFunc, lit []byte) ([]byte, bool, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return raw, false, nil
	}
	if lit != nil {
		if len(path) == 0 {
			if string(trimmed) == "null" || bytes.Equal(trimmed, lit) {
				return raw, false, nil
			}
			return lit, true, nil
		}
		if path[0] == "**" {
			return nil, false, errors.New("replacePaths: ** is not supported")
		}
	}
	if len(path) == 0 || path[0] == "**" {
		switch trimmed[0] {
		case '"':
			s, ok := decodeString(trimmed)
			if !ok {
				return nil, false, fmt.Errorf("bad JSON string")
			}
			out, err := fn(s)
			if err != nil {
				return nil, false, err
			}
			if out == s {
				return raw, false, nil
			}
			return encodeString(out), true, nil
		case '{', '[':
			if len(path) == 0 {
				return raw, false, nil
			}
			// "**": descend into everything.
		default:
			return raw, false, nil
		}
	}
	head, rest := path[0], path[1:]
	if head == "**" {
		rest = path
	}
	switch trimmed[0] {
	case '{':
		o, err := parseObject(trimmed)
		if err != nil {
			return nil, false, fmt.Errorf("bad JSON object: %w", err)
		}
		changed := false
		for i := range o {
			if head != "*" && head != "**" && o[i].key != head {
				continue
			}
			out, ch, err := rewritePath(o[i].val, rest, fn, lit)
			if err != nil {
				return nil, false, err
			}
			if ch {
				o[i].val, changed = out, true
			}
		}
		if !changed {
			return raw, false, nil
		}
		return o.marshal(), true, nil
	case '[':
		if head != "*" && head != "**" {
			return raw, false, nil
		}
		a, ok := parseArray(trimmed)
		if !ok {
			return nil, false, fmt.Errorf("bad JSON array")
		}
		changed := false
		for i := range a {
			out, ch, err := rewritePath(a[i], rest, fn, lit)
			if err != nil {
				return nil, false, err
			}
			if ch {
				a[i], changed = out, true
			}
		}
		if !changed {
			return raw, false, nil
		}
		var b bytes.Buffer
		b.WriteByte('[')
		for i, v := range a {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(v)
		}
		b.WriteByte(']')
		return b.Bytes(), true, nil
	}
	return raw, false, nil
}
