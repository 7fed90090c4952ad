package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestParseRefuses(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{``, ErrSyntax},
		{`  `, ErrSyntax},
		{`{"a":1,"a":2}`, ErrDuplicateKey},
		{`{"role":"assistant","content":"x","role":"user"}`, ErrDuplicateKey},
		{`{"content":"a","Content":"b"}`, ErrDuplicateKey},
		{`{"content":"a","CONTENT":"b"}`, ErrDuplicateKey},
		{`{"a":"x","\u0061":"y"}`, ErrDuplicateKey},   // escaped name
		{`{"status":1,"ſtatus":2}`, ErrDuplicateKey},  // U+017F folds to s, as encoding/json matches it
		{`{"kind":1,"\u212aind":2}`, ErrDuplicateKey}, // Kelvin sign folds to k
		{`[{"index":0,"x":{"index":1,"index":2}}]`, ErrDuplicateKey},
		{`{"a":1}x`, ErrSyntax},
		{`{"a":1,}`, ErrSyntax},
		{`[1,]`, ErrSyntax},
		{`01`, ErrSyntax},
		{`1.`, ErrSyntax},
		{`-`, ErrSyntax},
		{`1e`, ErrSyntax},
		{`"a` + "\x01" + `"`, ErrSyntax},
		{`"\x"`, ErrSyntax},
		{`"\u12"`, ErrSyntax},
		{`tru`, ErrSyntax},
		{`nul`, ErrSyntax},
		{`{"a" 1}`, ErrSyntax},
		{`{1:2}`, ErrSyntax},
		{strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), ErrTooDeep},
	}
	for _, tc := range tests {
		err := Valid([]byte(tc.in))
		if !errors.Is(err, tc.want) {
			t.Errorf("Valid(%q) = %v, want %v", tc.in, err, tc.want)
		}
		var se *SyntaxError
		if err != nil && !errors.As(err, &se) {
			t.Errorf("Valid(%q): error %T is not a *SyntaxError", tc.in, err)
		}
	}
	// Deep but within the limit is fine; and many distinct members (the
	// set path of the duplicate check).
	if err := Valid([]byte(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth))); err != nil {
		t.Errorf("depth %d: %v", MaxDepth, err)
	}
	var b strings.Builder
	b.WriteString("{")
	for i := range 100 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"k` + strings.Repeat("x", i) + `":1`)
	}
	if err := Valid([]byte(b.String() + "}")); err != nil {
		t.Errorf("100 members: %v", err)
	}
	if err := Valid([]byte(b.String() + `,"KXX":2}`)); !errors.Is(err, ErrDuplicateKey) {
		t.Errorf("101st member folding onto the 3rd: %v", err)
	}
}

func TestErrorsDoNotQuoteInput(t *testing.T) {
	for _, in := range []string{`{"AKIAZ3MSJV4WXLGPTQ7R":1,"akiaz3msjv4wxlgptq7r":2}`, `"AKIAZ3MSJV4WXLGPTQ7R` + "\x01", `{"a":AKIA}`} {
		err := Valid([]byte(in))
		if err == nil || strings.Contains(strings.ToUpper(err.Error()), "AKIA") {
			t.Errorf("Valid(%q) = %v", in, err)
		}
	}
}

func TestDocNavigationAndRewrite(t *testing.T) {
	src := []byte(` {"id": "x1", "choices": [ {"index": 0, "delta": {"content": "Hi \u00e9\ud83d\ude00 \ud800!"}}, {"index": 1} ], "n": null } `)
	d, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	root := d.Root()
	ch := d.Get(root, "choices")
	if d.Kind(ch) != Array || d.Len(ch) != 2 {
		t.Fatalf("choices: %v %d", d.Kind(ch), d.Len(ch))
	}
	c0 := d.Index(ch, 0)
	if i, ok := d.Int(d.Get(c0, "index")); !ok || i != 0 {
		t.Errorf("index = %d %v", i, ok)
	}
	content := d.Path(c0, "delta", "content")
	s, ok := d.Str(content)
	if !ok || s != "Hi é😀 \uFFFD!" {
		t.Errorf("content = %q", s)
	}
	if !d.IsNull(d.Get(root, "n")) || d.Get(root, "missing") != None || d.Index(ch, 2) != None {
		t.Error("navigation")
	}
	d.SetString(content, "<redacted>")
	d.Replace(d.Get(root, "n"), []byte("1"))
	want := ` {"id": "x1", "choices": [ {"index": 0, "delta": {"content": "<redacted>"}}, {"index": 1} ], "n": 1 } `
	if got := string(d.Bytes()); got != want {
		t.Errorf("rewrite:\n got %s\nwant %s", got, want)
	}
	if got := string(d.AppendValue(nil, c0)); got != `{"index": 0, "delta": {"content": "<redacted>"}}` {
		t.Errorf("AppendValue = %s", got)
	}
	// Replacing a container hides the edits inside it.
	d.Replace(ch, []byte("[]"))
	if got := string(d.Bytes()); got != ` {"id": "x1", "choices": [], "n": 1 } ` {
		t.Errorf("outer replace = %s", got)
	}
}

func TestPaths(t *testing.T) {
	src := `{"choices":[{"message":{"content":"a","tool_calls":[{"function":{"name":"f","arguments":"b"}}]},"text":"c"}],
	 "content":[{"type":"tool_use","input":{"q":"d","n":[1,"e",{"z":"f"}]}}],"x":{"y":"g"}}`
	tests := []struct {
		paths []string
		want  string
	}{
		{[]string{"choices[].message.content"}, "a"},
		{[]string{"choices[].message.tool_calls[].function.arguments", "choices[].text"}, "b,c"},
		{[]string{"content[].input"}, "d,e,f"},
		{[]string{"*.y"}, "g"},
		{[]string{"choices[*].message.content", "choices[].message.content"}, "a"}, // once each
		{[]string{"choices"}, "a,f,b,c"},
		{[]string{"Choices[].message.content"}, ""}, // names match exactly
	}
	for _, tc := range tests {
		p, err := ParsePaths(tc.paths)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := p.Strings(d, func(v V) error {
			s, _ := d.Str(v)
			got = append(got, s)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%v: got %v want %s", tc.paths, got, tc.want)
		}
	}
	for _, bad := range []string{"a..b", "a[0]", "a[x]"} {
		if _, err := ParsePaths([]string{bad}); err == nil {
			t.Errorf("ParsePaths(%q): want error", bad)
		}
	}
	if _, err := ParsePaths([]string{" ", ""}); err == nil {
		t.Error("no paths: want error")
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "q\"b\\s/", "\n\r\t\b\f\x00\x1f\x7f", "<a&b>", "é✓😀", "\u2028\u2029",
		"bad\xffutf8\xc3", "\xed\xa0\x80", "mixed \x80 é \xf0\x9f"} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(buf.String(), "\n")
		if got := string(AppendString(nil, s)); got != want {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
		if got := string(AppendString(nil, []byte(s))); got != want {
			t.Errorf("AppendString([]byte %q) = %s, want %s", s, got, want)
		}
	}
}

func TestParseReusesDocWithoutAllocating(t *testing.T) {
	src := []byte(`{"text":"my mail is jane@example.com","policy":"default","n":[1,2,{"a":true}]}`)
	var d Doc
	if err := d.Parse(src); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(100, func() {
		if err := d.Parse(src); err != nil {
			t.Fatal(err)
		}
		buf = d.AppendStr(buf[:0], d.Get(d.Root(), "text"))
	})
	if allocs > 0 {
		t.Errorf("Parse allocates %.0f times per reuse", allocs)
	}
}

func TestValidDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	src := []byte(`{"texts":["a","b"],"policy":"p","n":{"x":[1,2,3]}}`)
	_ = Valid(src)
	if n := testing.AllocsPerRun(100, func() { _ = Valid(src) }); n > 0 {
		t.Errorf("Valid allocates %.0f times", n)
	}
}

func TestMemberFolds(t *testing.T) {
	d, err := Parse([]byte(`{"a":{"Content":"x","\u0054ext":"y"},"b":[{"index":1}]}`))
	if err != nil {
		t.Fatal(err)
	}
	a := d.Get(d.Root(), "a")
	if s, _ := d.Str(d.Member(a, "content")); s != "x" || d.Get(a, "content") != None {
		t.Errorf("Member(content) = %q", s)
	}
	if s, _ := d.Str(d.Member(a, "TEXT")); s != "y" {
		t.Errorf("Member(TEXT) = %q", s)
	}
	if !d.HasMember("text") || !d.HasMember("INDEX") || d.HasMember("missing") {
		t.Error("HasMember")
	}
	if d.Key(d.Member(a, "text")) != "Text" {
		t.Error("Key of an escaped name")
	}
}
