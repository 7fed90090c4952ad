package engine

import (
	"context"
	"strings"
	"testing"
)

func encryptScanner(t *testing.T, key string) *Scanner {
	t.Helper()
	return mustCompile(t, &Policy{
		ID:      "t",
		Builtin: BuiltinSet{IDs: []string{"email", "aws-access-key-id"}},
		Actions: map[string]Action{"EMAIL_ADDRESS": {Op: OpEncrypt}, "AWS_ACCESS_KEY_ID": {Op: OpHash}},
		HashKey: key,
	})
}

func TestReidentifyRoundTrip(t *testing.T) {
	s := encryptScanner(t, "k1-0123456789abcdef")
	other := encryptScanner(t, "k2-0123456789abcdef")
	in := "To bob@example.com, cc ana.lima@example.es<b>, key AKIAZ3MSJV4WXLGPTQ7R, again bob@example.com"
	res, err := s.Redact(context.Background(), []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	red := string(res.Redacted)
	if strings.Contains(red, "@example") || strings.Count(red, "<EMAIL_ADDRESS!") != 3 || !strings.Contains(red, "<AWS_ACCESS_KEY_ID#") {
		t.Fatalf("redacted: %s", red)
	}
	out, toks := s.Reidentify(nil, res.Redacted, nil)
	h := red[strings.Index(red, "<AWS_ACCESS_KEY_ID#"):]
	h = h[:strings.IndexByte(h, '>')+1]
	want := strings.Replace(in, "AKIAZ3MSJV4WXLGPTQ7R", h, 1) // hash is one-way
	if string(out) != want {
		t.Fatalf("reidentified\n got %s\nwant %s", out, want)
	}
	if len(toks) != 3 {
		t.Fatalf("tokens %+v", toks)
	}
	for _, tk := range toks {
		if !tk.Restored() || tk.Type != "EMAIL_ADDRESS" || red[tk.Start] != '<' || red[tk.End-1] != '>' {
			t.Errorf("token %+v", tk)
		}
		if v := string(out[tk.ValueStart:tk.ValueEnd]); v != "bob@example.com" && v != "ana.lima@example.es" {
			t.Errorf("value span %q", v)
		}
	}

	// Another key's tokens, damaged tokens and look-alikes stay as they are.
	out, toks = other.Reidentify(nil, res.Redacted, nil)
	if string(out) != red || len(toks) != 3 || toks[0].Restored() {
		t.Errorf("other key changed the text or restored: %s %+v", out, toks)
	}
	first := red[toks[0].Start:toks[0].End]
	damaged := first[:20] + "A" + first[21:]
	for _, text := range []string{
		"<EMAIL_ADDRESS> and <US_SSN#3f2a9c1b7d4e5f60>",
		damaged,
		first[:len(first)-1],                  // no closing '>'
		"<EMAIL_ADDRESS!short>",               // shorter than any ciphertext
		"<!" + first[len("<EMAIL_ADDRESS!"):], // empty type
		"",
	} {
		if out, _ := s.Reidentify(nil, []byte(text), nil); string(out) != text {
			t.Errorf("changed %q into %q", text, out)
		}
	}
	// Adjacent tokens and a token at the very end.
	out, _ = s.Reidentify(nil, []byte(first+first+"x"+first), nil)
	if v := string(out); v != "bob@example.combob@example.comxbob@example.com" {
		t.Errorf("adjacent: %q", v)
	}
}

func TestHasEncrypt(t *testing.T) {
	if !encryptScanner(t, "k1-0123456789abcdef").HasEncrypt() {
		t.Error("encrypt policy: HasEncrypt false")
	}
	if mustCompile(t, DefaultPolicy()).HasEncrypt() {
		t.Error("built-in policy: HasEncrypt true")
	}
	s := mustCompile(t, &Policy{ID: "d", Builtin: BuiltinSet{IDs: []string{"email"}}, Actions: map[string]Action{"default": {Op: OpEncrypt}}, HashKey: "k1-0123456789abcdef"})
	if !s.HasEncrypt() {
		t.Error("default encrypt: HasEncrypt false")
	}
}

// TestReidentifyLinear: a text of many '<' and near-tokens is one pass.
func TestReidentifyLinear(t *testing.T) {
	s := encryptScanner(t, "k1-0123456789abcdef")
	text := []byte(strings.Repeat("<EMAIL_ADDRESS!"+strings.Repeat("A", 60), 20000))
	out, toks := s.Reidentify(nil, text, nil)
	if string(out) != string(text) || len(toks) != 0 {
		t.Fatalf("changed: %d tokens", len(toks))
	}
}
