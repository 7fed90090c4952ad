package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/detectors"
)

func mustCompile(t testing.TB, p *Policy, opts ...Option) *Scanner {
	t.Helper()
	s, err := Compile(p, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func redact(t testing.TB, s *Scanner, text string) string {
	t.Helper()
	r, err := s.Redact(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return string(r.Redacted)
}

func TestRedactIssueExample(t *testing.T) {
	s := mustCompile(t, nil)
	got := redact(t, s, "key AKIAZ3MSJV4WXLGPTQ7R mail bob@example.com\n")
	if want := "key <AWS_ACCESS_KEY_ID> mail <EMAIL_ADDRESS>\n"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestEmptyAndClean(t *testing.T) {
	s := mustCompile(t, nil)
	for _, in := range []string{"", "nothing to see here", "2024-01-15 build 1.2.3 took 42 ms"} {
		if got := redact(t, s, in); got != in {
			t.Errorf("%q changed to %q", in, got)
		}
	}
}

// TestInvalidUTF8DoesNotHideSecrets: go-re2 stops at invalid UTF-8, so a
// secret after a bad byte must still be found, at its true offset.
func TestInvalidUTF8DoesNotHideSecrets(t *testing.T) {
	s := mustCompile(t, nil)
	for _, prefix := range []string{"\xff", "caf\xc3", "\xed\xa0\x80 surrogate", "bad \x80\x80\x80 bytes"} {
		text := prefix + " key AKIAZ3MSJV4WXLGPTQ7R and bob@example.com \xfe"
		r, err := s.Redact(context.Background(), []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Findings) != 2 {
			t.Fatalf("%q: want 2 findings, got %+v", prefix, r.Findings)
		}
		f := r.Findings[0]
		if text[f.Start:f.End] != "AKIAZ3MSJV4WXLGPTQ7R" {
			t.Errorf("offsets point at %q", text[f.Start:f.End])
		}
		if !strings.HasPrefix(string(r.Redacted), prefix) || strings.Contains(string(r.Redacted), "AKIA") {
			t.Errorf("redacted %q", r.Redacted)
		}
	}
}

func TestOperators(t *testing.T) {
	key := "0123456789abcdef0123"
	cases := []struct {
		action Action
		want   string
	}{
		{Action{Op: OpReplace}, "to <EMAIL_ADDRESS>."},
		{Action{Op: OpMask}, "to ***************."},
		{Action{Op: OpMask, Char: "x", KeepLast: 4}, "to xxxxxxxxxxx.com."},
		{Action{Op: OpPartial}, "to ***********.com."},
		{Action{Op: OpDrop}, "to ."},
		{Action{Op: OpReport}, "to bob@example.com."},
	}
	for _, c := range cases {
		t.Run(string(c.action.Op), func(t *testing.T) {
			p := &Policy{ID: "t", Builtin: BuiltinSet{IDs: []string{"email"}}, Actions: map[string]Action{"EMAIL_ADDRESS": c.action}, HashKey: key}
			s := mustCompile(t, p)
			if got := redact(t, s, "to bob@example.com."); got != c.want {
				t.Errorf("got %q want %q", got, c.want)
			}
		})
	}
	t.Run("hash is stable and keyed", func(t *testing.T) {
		mk := func(k string) *Scanner {
			return mustCompile(t, &Policy{ID: "t", Builtin: BuiltinSet{IDs: []string{"email"}}, Actions: map[string]Action{"default": {Op: OpHash}}, HashKey: k})
		}
		a, b := redact(t, mk(key), "bob@example.com"), redact(t, mk(key), "bob@example.com")
		c := redact(t, mk(key+"x"), "bob@example.com")
		if a != b || a == c || !strings.HasPrefix(a, "<EMAIL_ADDRESS#") || strings.Contains(a, "bob") {
			t.Errorf("hash outputs %q %q %q", a, b, c)
		}
	})
	t.Run("encrypt round trips", func(t *testing.T) {
		s := mustCompile(t, &Policy{ID: "t", Builtin: BuiltinSet{IDs: []string{"email"}}, Actions: map[string]Action{"default": {Op: OpEncrypt}}, HashKey: key})
		out := redact(t, s, "bob@example.com")
		if out != redact(t, s, "bob@example.com") || strings.Contains(out, "bob") {
			t.Fatalf("encrypt output %q", out)
		}
		plain, err := s.Decrypt(out)
		if err != nil || string(plain) != "bob@example.com" {
			t.Fatalf("decrypt %q: %q %v", out, plain, err)
		}
		if _, err := s.Decrypt("<EMAIL_ADDRESS!AAAA>"); !errors.Is(err, ErrDecrypt) {
			t.Errorf("want ErrDecrypt, got %v", err)
		}
	})
}

func TestThresholdAndContext(t *testing.T) {
	s := mustCompile(t, nil)
	// A bare 9-digit number is an SSN only next to SSN context.
	if got := redact(t, s, "order 536228714 shipped"); got != "order 536228714 shipped" {
		t.Errorf("bare number without context redacted: %q", got)
	}
	if got := redact(t, s, "my SSN is 536228714"); got != "my SSN is <US_SSN>" {
		t.Errorf("bare SSN with context not redacted: %q", got)
	}
	th := 0.99
	strict := mustCompile(t, &Policy{ID: "strict", Builtin: BuiltinSet{All: true}, Threshold: &th})
	if got := redact(t, strict, "host 10.42.7.19 up"); got != "host 10.42.7.19 up" {
		t.Errorf("threshold 0.99 should drop an IP without context: %q", got)
	}
}

func TestAllowlist(t *testing.T) {
	p := &Policy{ID: "a", Builtin: BuiltinSet{All: true}, Allowlist: Allowlist{
		Values:   []string{"noreply@example.com"},
		Patterns: []string{`@acme\.example$`},
	}}
	s := mustCompile(t, p)
	in := "from noreply@example.com, ana@acme.example and bob@example.org"
	if got := redact(t, s, in); got != "from noreply@example.com, ana@acme.example and <EMAIL_ADDRESS>" {
		t.Errorf("got %q", got)
	}
}

// TestOverlapMerge: overlapping candidates become one finding covering
// their union, labelled by the higher score.
func TestOverlapMerge(t *testing.T) {
	rules := []detectors.Rule{
		{ID: "long", Type: "LONG", Category: detectors.Custom, Keywords: []string{"abc"}, Pattern: `abcdef`, Score: 0.6, MaxLen: 10},
		{ID: "mid", Type: "MID", Category: detectors.Custom, Keywords: []string{"def"}, Pattern: `defghi`, Score: 0.9, MaxLen: 10},
		{ID: "inner", Type: "INNER", Category: detectors.Custom, Keywords: []string{"bcd"}, Pattern: `bcd`, Score: 0.7, MaxLen: 10},
	}
	s := mustCompile(t, &Policy{ID: "o", Builtin: BuiltinSet{All: true}}, WithBuiltin(rules))
	r, err := s.Redact(context.Background(), []byte("xx abcdefghi yy abcdef zz bcd"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Finding{
		{Type: "MID", Category: "custom", Rule: "mid", Start: 3, End: 12, Score: 0.9},
		{Type: "INNER", Category: "custom", Rule: "inner", Start: 16, End: 22, Score: 0.7},
		{Type: "INNER", Category: "custom", Rule: "inner", Start: 26, End: 29, Score: 0.7},
	}
	if len(r.Findings) != len(want) {
		t.Fatalf("got %+v", r.Findings)
	}
	for i := range want {
		if r.Findings[i] != want[i] {
			t.Errorf("finding %d: got %+v want %+v", i, r.Findings[i], want[i])
		}
	}
	if got := string(r.Redacted); got != "xx <MID> yy <INNER> zz <INNER>" {
		t.Errorf("redacted %q", got)
	}
}

func TestUserRuleTriggerAlways(t *testing.T) {
	p, err := ParsePolicy("u.yaml", []byte("id: u\nbuiltin: none\nrules:\n  - {id: emp, type: EMPLOYEE_ID, pattern: '\\bE\\d{7}\\b', max_len: 8}\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := mustCompile(t, p)
	text := strings.Repeat("filler text ", 1000) + "employee E1234567 here " + strings.Repeat("more ", 2000) + "E7654321"
	got := redact(t, s, text)
	if strings.Count(got, "<EMPLOYEE_ID>") != 2 {
		t.Errorf("want both ids redacted across tiles")
	}
}

func TestMaxFindingsFailsClosed(t *testing.T) {
	s := mustCompile(t, &Policy{ID: "m", Builtin: BuiltinSet{All: true}, MaxFindings: 2})
	_, err := s.Redact(context.Background(), []byte("a@example.com b@example.com c@example.com"))
	if !errors.Is(err, ErrTooManyFindings) {
		t.Fatalf("want ErrTooManyFindings, got %v", err)
	}
}

func TestCancelledContextFailsClosed(t *testing.T) {
	s := mustCompile(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Redact(ctx, []byte("bob@example.com")); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

type slowRecognizer struct{ d time.Duration }

func (r slowRecognizer) Recognize(ctx context.Context, text []byte, dst []Finding) ([]Finding, error) {
	select {
	case <-time.After(r.d):
		return append(dst, Finding{Type: "PERSON", Category: "pii", Rule: "ner", Start: 0, End: 4, Score: 0.9}), nil
	case <-ctx.Done():
		return dst, ctx.Err()
	}
}

func TestRecognizerBudget(t *testing.T) {
	text := []byte("Anna wrote to bob@example.com")
	mk := func(onTimeout string, d time.Duration) *Scanner {
		p := DefaultPolicy()
		p.NER = NERConfig{Enabled: true, Budget: 20 * time.Millisecond, OnTimeout: onTimeout}
		return mustCompile(t, p, WithRecognizer(slowRecognizer{d}))
	}
	r, err := mk("", time.Millisecond).Redact(context.Background(), text)
	if err != nil || string(r.Redacted) != "<PERSON> wrote to <EMAIL_ADDRESS>" {
		t.Fatalf("fast recognizer: %q %v", r.Redacted, err)
	}
	if _, err := mk("fail", time.Second).Redact(context.Background(), text); !errors.Is(err, ErrBudget) {
		t.Fatalf("fail mode: want ErrBudget, got %v", err)
	}
	r, err = mk("degrade", time.Second).Redact(context.Background(), text)
	if err != nil || len(r.Degraded) != 1 || string(r.Redacted) != "Anna wrote to <EMAIL_ADDRESS>" {
		t.Fatalf("degrade mode: %q %v %v", r.Redacted, r.Degraded, err)
	}
}

func TestConcurrentUse(t *testing.T) {
	s := mustCompile(t, nil)
	done := make(chan string, 8)
	for range 8 {
		go func() {
			out := ""
			for range 50 {
				out = redact(t, s, "key AKIAZ3MSJV4WXLGPTQ7R mail bob@example.com")
			}
			done <- out
		}()
	}
	for range 8 {
		if got := <-done; got != "key <AWS_ACCESS_KEY_ID> mail <EMAIL_ADDRESS>" {
			t.Errorf("got %q", got)
		}
	}
}

func TestAnchorLead(t *testing.T) {
	cases := []struct {
		expr     string
		keywords []string
		anchored bool
		lead     int
	}{
		{`\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b`, []string{"akia", "asia", "abia", "acca", "a3t"}, true, 0},
		{`-----BEGIN[A-Z ]{0,20} PRIVATE KEY-----`, []string{"-----begin"}, true, 0},
		{`(?:^|[^\w])(ghp_[A-Za-z0-9]{36})`, []string{"ghp_"}, true, 4},
		{`\b(SK[0-9a-f]{32})\b`, []string{"twilio"}, false, 0},
		{`(?i)(?:aws)?_?secret_?key`, []string{"aws_secret"}, false, 0},
	}
	for _, c := range cases {
		lead, ok := anchorLead(c.expr, c.keywords)
		if ok != c.anchored || (ok && lead != c.lead) {
			t.Errorf("%s: got lead %d anchored %v", c.expr, lead, ok)
		}
	}
}

// TestUserDigitRuleSeesDates: built-in digit rules skip date-shaped
// clusters (not_dates), but a user rule that wants dates gets them.
func TestUserDigitRuleSeesDates(t *testing.T) {
	p, err := ParsePolicy("d.yaml", []byte("id: d\nbuiltin: none\nrules:\n  - {id: iso-date, type: DATE_TIME, trigger: digits, min_digits: 8, pattern: '\\b(\\d{4}-\\d{2}-\\d{2})\\b', group: 1, max_len: 10}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := redact(t, mustCompile(t, p), "released 2024-03-15 10:30"); got != "released <DATE_TIME> 10:30" {
		t.Errorf("got %q", got)
	}
}
