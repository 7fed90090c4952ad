package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParsePolicyErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       string // the whole error; each case but "no id" starts with "id: x\n"
	}{
		{"syntax", "rules: [\n", "policy p.yaml:2: did not find expected node content"},
		{"no id", "", "policy p.yaml:1: policy has no id (it names the policy in findings headers and logs)"},
		{"unknown field", "threshhold: 0.4\n", `policy p.yaml:2: unknown field "threshhold" in policy (did you mean threshold?)`},
		{"unknown rule field", "rules:\n  - id: r1\n    type: T\n    pattern: 'a'\n    paterns: b\n", `policy p.yaml:6: unknown field "paterns" in rule (did you mean pattern?)`},
		{"unknown action field", "actions:\n  EMAIL_ADDRESS: {op: mask, keeplast: 4}\n", `policy p.yaml:3: unknown field "keeplast" in action for EMAIL_ADDRESS (did you mean keep_last?)`},
		{"unknown ner field", "ner:\n  enabled: false\n  budjet: 5ms\n", `policy p.yaml:4: unknown field "budjet" in ner (did you mean budget?)`},
		{"type in policy words", "threshold: high\n", `policy p.yaml:2: threshold: want a number, not "high"`},
		{"list in policy words", "disable: email\n", `policy p.yaml:2: disable: want a list, not "email"`},
		{"whole number", "context_window: 1.5\n", `policy p.yaml:2: context_window: want a whole number, not "1.5"`},
		{"duration", "ner: {budget: fast}\n", `policy p.yaml:2: ner.budget: want a duration such as 50ms, not "fast"`},
		{"rule field kind", "rules:\n  - {id: r, type: T, pattern: a, score: hi}\n", `policy p.yaml:3: rule field score: want a number, not "hi"`},
		{"action kind", "actions: {EMAIL_ADDRESS: mask}\n", `policy p.yaml:2: action for EMAIL_ADDRESS: want a mapping, not "mask"`},
		{"builtin category typo", "builtin: [pii, secrets]\n", "policy p.yaml:2: builtin: unknown rule id or category \"secrets\" (did you mean secret?) (see `sluice rules`)"},
		{"bad regex names rule", "rules:\n  - id: bad-one\n    type: T\n    pattern: '(?<=x)a'\n    keywords: [abc]\n", "policy p.yaml:3: rule \"bad-one\": pattern does not compile: error parsing regexp: invalid named capture: `(?<=x)a`"},
		{"bad allow pattern", "rules:\n  - {id: r, type: T, pattern: a, keywords: [a], allow: ['(x']}\n", "policy p.yaml:3: rule \"r\": allow pattern \"(x\" does not compile: error parsing regexp: missing closing ): `(x`"},
		{"bad allowlist pattern", "allowlist:\n  patterns: ['[z-a]']\n", "policy p.yaml:3: allowlist pattern \"[z-a]\" does not compile: error parsing regexp: invalid character class range: `z-a`"},
		{"missing pattern", "rules:\n  - id: r\n    type: T\n", `policy p.yaml:3: rule "r": rule has no pattern`},
		{"missing rule id", "rules:\n  - {type: T, pattern: a}\n", `policy p.yaml:3: rule has no id`},
		{"duplicate id", "rules:\n  - {id: r, type: T, pattern: a}\n  - {id: r, type: T, pattern: b}\n", `policy p.yaml:4: rule "r": duplicate rule id`},
		{"unknown validator", "rules:\n  - {id: r, type: T, pattern: a, validator: lunh}\n", `policy p.yaml:3: unknown validator "lunh" (did you mean luhn?)`},
		{"validator listed by rules --json", "rules:\n  - {id: r, type: T, pattern: a, validator: mod97}\n", `policy p.yaml:3: unknown validator "mod97"`},
		{"unknown trigger", "rules:\n  - {id: r, type: T, pattern: a, trigger: digit}\n", `policy p.yaml:3: unknown trigger "digit" (did you mean digits?)`},
		{"unknown category", "rules:\n  - {id: r, type: T, pattern: a, category: secrets}\n", `policy p.yaml:3: rule "r": unknown category "secrets" (did you mean secret?)`},
		{"bad op", "actions:\n  EMAIL_ADDRESS: {op: shred}\n", `policy p.yaml:3: action for EMAIL_ADDRESS: unknown op "shred" (want one of replace, mask, partial, hash, encrypt, drop, report)`},
		{"op typo", "actions:\n  EMAIL_ADDRESS: {op: repalce}\n", `policy p.yaml:3: action for EMAIL_ADDRESS: unknown op "repalce" (did you mean replace?)`},
		{"entity type typo", "actions:\n  default: {op: report}\n  CREDIT_CRAD: {op: replace}\n", `policy p.yaml:4: actions: unknown entity type or rule id "CREDIT_CRAD" (did you mean CREDIT_CARD?)`},
		{"action rule id typo", "actions:\n  date-tme: {op: replace}\n", `policy p.yaml:3: actions: unknown entity type or rule id "date-tme" (did you mean date-time?)`},
		{"types typo", "types: [EMAIL_ADRESS]\n", `policy p.yaml:2: types: unknown entity type "EMAIL_ADRESS" (did you mean EMAIL_ADDRESS?)`},
		{"NER type without NER", "actions:\n  PERSON: {op: encrypt}\n", `policy p.yaml:3: actions: PERSON is found only by the NER stage, which this policy does not enable (ner: {enabled: true})`},
		{"disable typo", "disable: [emial]\n", "policy p.yaml:2: disable: unknown rule id \"emial\" (did you mean email?) (see `sluice rules`)"},
		{"unknown builtin id", "builtin: [no-such-rule]\n", "policy p.yaml:2: builtin: unknown rule id or category \"no-such-rule\" (see `sluice rules`)"},
		{"phone region", "phone_region: XX\n", `policy p.yaml:2: unknown phone_region "XX" (did you mean AX?)`},
		{"phone region case", "phone_region: de\n", `policy p.yaml:2: unknown phone_region "de" (did you mean DE?)`},
		{"ner on_timeout", "ner: {on_timeout: degarde}\n", `policy p.yaml:2: unknown ner.on_timeout "degarde" (did you mean degrade?)`},
		{"threshold range", "threshold: 2\n", "policy p.yaml:2: threshold 2 is outside [0,1]"},
		{"bad group", "rules:\n  - {id: g, type: T, pattern: 'a(b)', group: 3, keywords: [ab]}\n", `policy p.yaml:3: rule "g": group 3 does not exist (pattern has 1)`},
		{"hash without key", "actions:\n  default: {op: hash}\n", "policy p.yaml: hash and encrypt actions need hash_key of at least 16 bytes"},
		{"tp misses", "rules:\n  - id: t\n    type: T\n    keywords: [tk-]\n    pattern: 'TK-(\\d{4})'\n    group: 1\n    tp: ['see «TK-1234»']\n", `policy p.yaml:3: rule "t": example fails: tp 0 "see «TK-1234»": want a finding of exactly "TK-1234", the rule finds "1234" (score 0.50)`},
		{"fp found", "rules:\n  - id: t\n    type: T\n    keywords: [tk-]\n    pattern: 'TK-\\d{4}'\n    fp: ['TK-0000']\n", `policy p.yaml:3: rule "t": example fails: fp 0 "TK-0000": the rule finds "TK-0000" (score 0.50)`},
		{"tp value absent", "rules:\n  - id: t\n    type: T\n    pattern: 'TK-\\d{4}'\n    tp: [{text: 'see TK-1234', value: TK-9}]\n", `policy p.yaml:6: example "see TK-1234": value "TK-9" does not occur in the text`},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := "id: x\n" + c.yaml
			want := c.want
			switch c.name {
			case "no id":
				body = "threshold: 0.5\n"
			case "empty":
				body, want = "", "policy p.yaml: empty file"
			}
			p, err := ParsePolicy("p.yaml", []byte(body))
			if err == nil {
				_, err = Compile(p)
			}
			if err == nil {
				t.Fatal("want an error")
			}
			if !errors.Is(err, ErrPolicy) {
				t.Errorf("error %v does not wrap ErrPolicy", err)
			}
			if err.Error() != want {
				t.Errorf("error\n  %s\nwant\n  %s", err, want)
			}
		})
	}
}

// TestPolicyExampleForms: a tp may be written «…»-marked or as {text,
// value}; both run when the policy compiles and pass when right.
func TestPolicyExampleForms(t *testing.T) {
	body := `id: x
builtin: none
rules:
  - id: t
    type: T
    keywords: [tk-]
    pattern: 'TK-(\d{4})'
    group: 1
    tp: ['see TK-«1234»', {text: 'see TK-5678 now', value: '5678'}]
    fp: ['TK-12']
`
	p, err := ParsePolicy("p.yaml", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Rules[0].TP; !slices.Equal(got, []string{"see TK-«1234»", "see TK-«5678» now"}) {
		t.Errorf("tp %q", got)
	}
	if _, err := Compile(p); err != nil {
		t.Fatal(err)
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

// TestContextWindowReachesGatedRules: a rule routed by its own context
// words finds a value as far from the word as the policy's context_window
// says, whatever its max_len.
func TestContextWindowReachesGatedRules(t *testing.T) {
	const body = `id: cw
builtin: none
%s
rules:
  - id: badge
    type: BADGE
    keywords: [badge]
    context: [badge]
    require_context: true
    pattern: '\bB-\d{6}\b'
    max_len: 8
`
	gap := strings.Repeat("word ", 30) // 150 bytes
	text := "badge: " + gap + "B-123456 " + gap
	for _, c := range []struct {
		setting, want string
	}{
		{"", text},
		{"context_window: 200", "badge: " + gap + "<BADGE> " + gap},
	} {
		p, err := ParsePolicy("cw.yaml", []byte(fmt.Sprintf(body, c.setting)))
		if err != nil {
			t.Fatal(err)
		}
		s := mustCompile(t, p)
		if got := redact(t, s, text); got != c.want {
			t.Errorf("%q: got %q", c.setting, got)
		}
		checkSame(t, "context window", s, []byte(text), chunking(7, len(text)))
	}
}

// TestExamplesRunAtLoad: examples are checked when the policy file is
// read, under its threshold; a copy compiled with other settings (the
// Presidio endpoint's threshold 0, where the low-scoring fp is reported)
// still compiles.
func TestExamplesRunAtLoad(t *testing.T) {
	p, err := ParsePolicy("p.yaml", []byte(`id: low
builtin: none
rules:
  - {id: t, type: T, keywords: [tk-], pattern: '\bTK-\d{4}\b', score: 0.3, context: [ticket], tp: ['ticket «TK-1234»'], fp: ['TK-5678']}
`))
	if err != nil {
		t.Fatal(err)
	}
	cp := *p
	zero := 0.0
	cp.Threshold = &zero
	s := mustCompile(t, &cp)
	if got := redact(t, s, "TK-5678"); got != "<T>" {
		t.Errorf("at threshold 0: %q", got)
	}
}
