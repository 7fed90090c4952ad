package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// FuzzParse compares jsonx with encoding/json, the reference: the same
// documents are accepted, except the two refusals the package documents
// (duplicate member names under encoding/json's case folding, nesting
// deeper than MaxDepth), each checked against an independent reading;
// and every string, member names included, decodes to the same text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"choices":[{"index":0,"delta":{"content":"hi"}}]}`,
		`{"a":"\ud83d\ude00\ud800\udc00\udbff","b":[1,-0.5e+3,true,false,null]}`,
		`{"a":1,"A":2}`, `{"k":1,"\u212a":2}`, `[{"x":"\u0000\"\\\/\b\f\n\r\t"}]`,
		"\"\xff\xfe bad utf8\"", `  "x"  `, `[1,]`, `{"a" : }`, `01`, `"\u00"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d Doc
		err := d.Parse(data)
		ref := json.Valid(data)
		switch {
		case err == nil && !ref:
			t.Fatalf("jsonx accepts what encoding/json refuses: %q", data)
		case err != nil && ref:
			switch {
			case errors.Is(err, ErrDuplicateKey):
				if !refHasFoldedDuplicate(t, data) {
					t.Fatalf("jsonx reports a duplicate member that encoding/json's tokens do not show: %q", data)
				}
			case errors.Is(err, ErrTooDeep):
			default:
				t.Fatalf("jsonx refuses what encoding/json accepts: %q: %v", data, err)
			}
			return
		case err != nil:
			return
		}
		// Same text for every string and member name, in order.
		var got []string
		collect(&d, d.Root(), &got)
		want := refStrings(t, data)
		if len(got) != len(want) {
			t.Fatalf("%q: %d strings, encoding/json %d", data, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: string %d = %q, encoding/json %q", data, i, got[i], want[i])
			}
		}
		// An unchanged rewrite is the source; re-encoding a decoded string
		// and parsing it again gives the same text.
		if !bytes.Equal(d.AppendTo(nil), data) {
			t.Fatalf("unchanged rewrite differs")
		}
		for _, s := range got {
			var back string
			if err := json.Unmarshal(AppendString(nil, s), &back); err != nil || back != s {
				t.Fatalf("AppendString(%q) does not round-trip: %v", s, err)
			}
		}
	})
}

func collect(d *Doc, v V, out *[]string) {
	switch d.Kind(v) {
	case String:
		s, _ := d.Str(v)
		*out = append(*out, s)
	case Object, Array:
		for c := d.First(v); c != None; c = d.Next(c) {
			if d.Kind(v) == Object {
				*out = append(*out, d.Key(c))
			}
			collect(d, c, out)
		}
	}
}

// refStrings lists every string and member name in document order, as
// encoding/json's tokenizer decodes them.
func refStrings(t *testing.T, data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []string
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if s, ok := tok.(string); ok {
			out = append(out, s)
		}
	}
}

// refHasFoldedDuplicate reads data with encoding/json's tokenizer and
// reports whether an object has two names equal under bytes.EqualFold.
func refHasFoldedDuplicate(t *testing.T, data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		obj   bool
		names []string
		key   bool // next string token in this object is a name
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		isName := top != nil && top.obj && top.key
		if top != nil && top.obj {
			top.key = !top.key
		}
		switch x := tok.(type) {
		case json.Delim:
			switch x {
			case '{', '[':
				stack = append(stack, &frame{obj: x == '{', key: true})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].obj {
					stack[len(stack)-1].key = true
				}
			}
			if (x == '{' || x == '[') && top != nil && top.obj {
				top.key = false // the container is a value; its end flips back
			}
		case string:
			if isName {
				for _, n := range top.names {
					if bytes.EqualFold([]byte(n), []byte(x)) {
						return true
					}
				}
				top.names = append(top.names, x)
			}
		}
	}
}
