package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// afterRules are two catalogue rules that differ only in their keywords,
// as two rows of the provider table do: one pattern, a token alone.
func afterRules() []detectors.Rule {
	r := detectors.Rule{Type: "ACME_KEY", Category: detectors.Secret, Pattern: `[^a-f0-9]([a-f0-9]{12})(?:[^a-f0-9]|$)`,
		Group: 1, After: 10, MaxLen: 40}
	a, b := r, r
	a.ID, a.Keywords = "acme", []string{"acme"}
	b.ID, b.Type, b.Keywords = "bolt", "BOLT_KEY", []string{"bolt"}
	return []detectors.Rule{a, b}
}

// TestAfterKeepsValuesAfterTheirKeyword: a value counts only when it
// begins within After bytes after one of its own rule's keywords, in a
// window of its own and among many (a group's union), in the batch scan
// and in the stream alike.
func TestAfterKeepsValuesAfterTheirKeyword(t *testing.T) {
	s := mustCompile(t, DefaultPolicy(), WithBuiltin(afterRules()))
	tok := "9f8e7d6c5b4a"
	cases := []struct {
		text string
		want []string // rule ids, in order
	}{
		{"acme=" + tok, []string{"acme"}},
		{"acme api key: " + tok, []string{"acme"}}, // 10 bytes after: the edge
		{"acme api key:  " + tok, nil},             // 11 bytes after
		{tok + " acme", nil},                       // before the keyword
		{"bolt=" + tok + " and acme=" + tok, []string{"bolt", "acme"}},
		{"acme " + tok + " " + tok, []string{"acme"}}, // the second is 14 bytes after
		{strings.Repeat("acme ", 40) + "acme=" + tok, []string{"acme"}},
		{strings.Repeat("acme ", 3) + "............" + tok, nil}, // in the windows' union, 13 bytes after the last
		// The value is in the window of the first "acme" (too far after
		// it) and is then found after the second, whose window is of the
		// next group.
		{strings.Repeat(".", 20) + "acme" + strings.Repeat(".", 19) + "acme=" + tok + ".", []string{"acme"}},
	}
	for _, c := range cases {
		res, err := s.Scan(context.Background(), []byte(c.text))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Rule)
			if c.text[f.Start:f.End] != tok {
				t.Errorf("%q: span %q", c.text, c.text[f.Start:f.End])
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q: found %v, want %v", c.text, got, c.want)
		}
		// Byte by byte, so that every window is cut by the frontier.
		ones := make([]int, len(c.text))
		for i := range ones {
			ones[i] = 1
		}
		if _, sf := streamAll(t, s, []byte(c.text), ones); len(sf) != len(got) {
			t.Errorf("%q: stream found %d, batch %d", c.text, len(sf), len(got))
		}
	}
}

// TestAfterSharesPattern: catalogue rules with one pattern share one
// compiled program.
func TestAfterSharesPattern(t *testing.T) {
	s := mustCompile(t, DefaultPolicy(), WithBuiltin(afterRules()))
	if s.rules[0].re != s.rules[1].re {
		t.Error("two rules with one pattern compiled it twice")
	}
	if s.rules[0].back != 1 {
		t.Errorf("a rule with after looks back %d bytes, want 1", s.rules[0].back)
	}
}

func TestAfterNeedsKeywords(t *testing.T) {
	p, err := ParsePolicy("p.yaml", []byte("id: p\nrules:\n  - {id: r, type: T, pattern: 'x(\\d+)', group: 1, after: 8, trigger: digits}\n"))
	if err == nil {
		_, err = Compile(p)
	}
	if err == nil || !strings.Contains(err.Error(), "after needs a keyword trigger") {
		t.Errorf("error %v, want one saying after needs a keyword trigger", err)
	}
}
