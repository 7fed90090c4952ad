package engine

import (
	"bytes"
	"context"
	"testing"
)

// FuzzRedact proves the redaction property: every byte of every found
// span is removed, and every other byte is kept, in order. It runs the
// drop operator (output = text minus spans) and the replace operator
// (output = text with each span swapped for its label) on arbitrary input,
// including invalid UTF-8.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{
		"key AKIAZ3MSJV4WXLGPTQ7R mail bob@example.com",
		"card 4111 1111 1111 1111, iban DE89 3704 0044 0532 0130 00",
		"postgres://app:Xk4r9TzQ2mWv@db.internal:5432/orders \xff\xfe",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9kQ2LmZ7vT3wR8pN1bC6hF5jG0sYe2Ua8Dk3Jf7Hq1Lz5Xc\n-----END RSA PRIVATE KEY-----",
		"",
	} {
		f.Add([]byte(s))
	}
	drop := mustCompile(f, &Policy{ID: "drop", Builtin: BuiltinSet{All: true}, Actions: map[string]Action{"default": {Op: OpDrop}}})
	replace := mustCompile(f, nil)
	f.Fuzz(func(t *testing.T, text []byte) {
		ctx := context.Background()
		r, err := drop.Redact(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		var want []byte
		prev := 0
		for i, fd := range r.Findings {
			if fd.Start < prev || fd.End <= fd.Start || fd.End > len(text) {
				t.Fatalf("finding %d %+v out of order or bounds (prev end %d, len %d)", i, fd, prev, len(text))
			}
			want = append(want, text[prev:fd.Start]...)
			prev = fd.End
		}
		want = append(want, text[prev:]...)
		if !bytes.Equal(r.Redacted, want) {
			t.Fatalf("drop output differs from text minus spans")
		}
		r2, err := replace.Redact(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		if len(r2.Findings) != len(r.Findings) {
			t.Fatalf("operator changed the findings: %d vs %d", len(r2.Findings), len(r.Findings))
		}
		want = want[:0]
		prev = 0
		for _, fd := range r2.Findings {
			want = append(want, text[prev:fd.Start]...)
			want = append(want, "<"+fd.Type+">"...)
			prev = fd.End
		}
		want = append(want, text[prev:]...)
		if !bytes.Equal(r2.Redacted, want) {
			t.Fatalf("replace output differs from text with labelled spans")
		}
	})
}
