package sseproxy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// object is a JSON object that keeps its members in their original order
// and their values as the exact bytes they came as, so that rewriting one
// field leaves the rest of a provider's JSON untouched.
type object []member

type member struct {
	key string
	val json.RawMessage
}

var errNotObject = errors.New("not a JSON object")

func parseObject(raw []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return nil, errNotObject
	}
	var o object
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := kt.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		o = append(o, member{key, v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return o, nil
}

func parseArray(raw []byte) ([]json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return nil, false
	}
	var a []json.RawMessage
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, false
	}
	return a, true
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
	var n int
	if err := json.Unmarshal(v, &n); err != nil {
		return 0, false
	}
	return n, true
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
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
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
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
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
		out, ch, err := rewritePath(raw, strings.Split(p, "."), fn)
		if err != nil {
			return nil, false, err
		}
		if ch {
			raw, changed = out, true
		}
	}
	return raw, changed, nil
}

func rewritePath(raw []byte, path []string, fn rewriteFunc) ([]byte, bool, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return raw, false, nil
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
			out, ch, err := rewritePath(o[i].val, rest, fn)
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
			out, ch, err := rewritePath(a[i], rest, fn)
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
