package engine

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

func TestDecodeFindsEncodedSecrets(t *testing.T) {
	secret := "aws_access_key_id = AKIAZ3MSJV4WXLGPTQ7R"
	b64 := base64.StdEncoding.EncodeToString([]byte(secret))
	cases := map[string]string{
		"base64":      "data:\n  config: " + b64 + "\n",
		"hex":         "blob " + hex.EncodeToString([]byte(secret)) + " end",
		"url":         "next=" + percentAll(secret) + " ok",
		"base64(hex)": "v=" + base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString([]byte(secret)))) + ";",
	}
	p := DefaultPolicy()
	p.Decode = true
	s := mustCompile(t, p)
	plain := mustCompile(t, nil)
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			if got := redact(t, plain, text); got != text {
				t.Fatalf("without decode the plain scan already changed it: %q", got)
			}
			r, err := s.Redact(context.Background(), []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Findings) == 0 {
				t.Fatalf("encoded secret not found in %q", text)
			}
			f := r.Findings[0]
			if f.Type != "AWS_ACCESS_KEY_ID" || !strings.HasPrefix(f.Verified, "decoded:") {
				t.Errorf("finding %+v", f)
			}
			out := string(r.Redacted)
			if strings.Contains(out, b64) || strings.Contains(out, "AKIA") || !strings.Contains(out, "<AWS_ACCESS_KEY_ID>") {
				t.Errorf("redacted %q", out)
			}
		})
	}
	// A stream of a decoding policy equals batch (it holds the text).
	text := cases["base64"]
	st := s.NewStream(context.Background())
	var out []byte
	for i := 0; i < len(text); i += 3 {
		var err error
		out, err = st.Write(out, []byte(text[i:min(i+3, len(text))]))
		if err != nil {
			t.Fatal(err)
		}
	}
	out, err := st.Close(out)
	if err != nil || string(out) != redact(t, s, text) {
		t.Fatalf("stream %q, %v", out, err)
	}
}

func TestDecodeLeavesCleanBase64(t *testing.T) {
	p := DefaultPolicy()
	p.Decode = true
	s := mustCompile(t, p)
	text := "img " + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("just some harmless words ", 8))) + " and " + hex.EncodeToString([]byte{0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	if got := redact(t, s, text); got != text {
		t.Errorf("changed clean encoded text: %q", got)
	}
}

// percentAll URL-encodes every byte, as some tools do, which hides even
// the letters of a token from a plain scan.
func percentAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}
