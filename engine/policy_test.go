package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParsePolicyErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string // substrings of the error
	}{
		{"syntax", "id: x\nrules: [\n", []string{"policy p.yaml:2"}},
		{"unknown field", "id: x\nthreshhold: 0.4\n", []string{"policy p.yaml:2", "threshhold"}},
		{"unknown rule field", "id: x\nrules:\n  - id: r1\n    type: T\n    pattern: 'a'\n    paterns: b\n", []string{"policy p.yaml:6", "paterns"}},
		{"bad regex names rule", "rules:\n  - id: bad-one\n    type: T\n    pattern: '(?<=x)a'\n    keywords: [abc]\n", []string{`rule "bad-one"`, "pattern does not compile"}},
		{"missing pattern", "rules:\n  - id: r\n    type: T\n", []string{"policy p.yaml:2", `rule "r"`, "no pattern"}},
		{"duplicate id", "rules:\n  - {id: r, type: T, pattern: a}\n  - {id: r, type: T, pattern: b}\n", []string{"policy p.yaml:3", "duplicate"}},
		{"unknown validator", "rules:\n  - {id: r, type: T, pattern: a, validator: nope}\n", []string{"unknown validator", "luhn"}},
		{"bad op", "actions:\n  EMAIL_ADDRESS: {op: shred}\n", []string{"unknown op", "shred"}},
		{"threshold range", "threshold: 2\n", []string{"outside [0,1]"}},
		{"bad group", "rules:\n  - {id: g, type: T, pattern: 'a(b)', group: 3, keywords: [ab]}\n", []string{`rule "g"`, "group 3"}},
		{"unknown builtin id", "builtin: [no-such-rule]\n", []string{"no-such-rule"}},
		{"hash without key", "actions:\n  default: {op: hash}\n", []string{"hash_key"}},
		{"empty", "", []string{"empty"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParsePolicy("p.yaml", []byte(c.yaml))
			if err == nil {
				_, err = Compile(p)
			}
			if err == nil {
				t.Fatal("want an error")
			}
			if !errors.Is(err, ErrPolicy) {
				t.Errorf("error %v does not wrap ErrPolicy", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoadPolicyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "acme.yaml")
	body := `
id: acme
version: "7"
builtin: [email]
threshold: 0.4
actions:
  EMAIL_ADDRESS: {op: mask, char: "#", keep_last: 4}
allowlist:
  values: [ops@acme.example]
rules:
  - id: acme-ticket
    type: ACME_TICKET
    keywords: [acme-]
    pattern: '\bACME-(\d{6})\b'
    group: 1
    max_len: 12
`
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := LoadPolicy(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	if s.NumRules() != 2 {
		t.Fatalf("want email + acme-ticket, got %d rules", s.NumRules())
	}
	got := redact(t, s, "mail ana@acme.example or ops@acme.example about ACME-123456")
	want := "mail ############mple or ops@acme.example about ACME-<ACME_TICKET>"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if _, err := LoadPolicy(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file error should name the file, got %v", err)
	}
}
