package engine

import (
	"context"
	"strings"
	"testing"
)

// TestAnalyzeOverlapsAcrossTypes: Scan keeps one label for a span two
// types claim; Analyze reports it once per type, and still merges
// overlapping findings of one type.
func TestAnalyzeOverlapsAcrossTypes(t *testing.T) {
	p, err := ParsePolicy("p.yaml", []byte(`id: p
builtin: none
threshold: 0
rules:
  - {id: nine, type: NINE, trigger: digits, min_digits: 9, max_digits: 9, pattern: '\b(\d{9})\b', group: 1, score: 0.3, max_len: 9, tp: ["«111222333»"]}
  - {id: bsn, type: BSN, trigger: digits, min_digits: 9, max_digits: 9, pattern: '\b(\d{9})\b', group: 1, score: 0.45, max_len: 9, tp: ["«111222333»"]}
  - {id: bsn-wide, type: BSN, keywords: [ref], pattern: 'ref (\d{9})', group: 1, score: 0.2, max_len: 13, tp: ["ref «111222333»"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	s := mustCompile(t, p)
	const text = "ref 111222333 end"
	scan, err := s.Scan(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(scan.Findings) != 1 || scan.Findings[0].Type != "BSN" {
		t.Errorf("Scan: %+v", scan.Findings)
	}
	res, err := s.Analyze(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := []Finding{
		{Type: "BSN", Category: "custom", Rule: "bsn", Start: 4, End: 13, Score: 0.45},
		{Type: "NINE", Category: "custom", Rule: "nine", Start: 4, End: 13, Score: 0.3},
	}
	if len(res.Findings) != len(want) {
		t.Fatalf("Analyze: %+v", res.Findings)
	}
	for i := range want {
		if res.Findings[i] != want[i] {
			t.Errorf("Analyze[%d] = %+v, want %+v", i, res.Findings[i], want[i])
		}
	}
}

// TestAnalyzeIgnoresCase: Analyze finds a personal-data value written in
// lower case, as Presidio's case-insensitive patterns do; Scan keeps the
// rule's case, and a secret's case is never folded.
func TestAnalyzeIgnoresCase(t *testing.T) {
	p, err := ParsePolicy("p.yaml", []byte(`id: p
builtin: none
threshold: 0
rules:
  - {id: nino, type: NINO, category: pii, trigger: alnum, min_digits: 9, max_digits: 9, pattern: '\b([A-Z]{2}\d{6}[A-D])\b', group: 1, max_len: 9, tp: ["«AB123456C»"]}
  - {id: key, type: KEY, category: secret, keywords: [key-], pattern: '\bKEY-([A-Z]{8})\b', group: 1, max_len: 12, tp: ["KEY-«ABCDEFGH»"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	s := mustCompile(t, p)
	const text = "nino ab123456c, AB123456D and key-abcdefgh"
	res, err := s.Analyze(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Type+" "+text[f.Start:f.End])
	}
	if want := "NINO ab123456c|NINO AB123456D"; strings.Join(got, "|") != want {
		t.Errorf("Analyze: %q, want %q", got, want)
	}
	scan, err := s.Scan(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(scan.Findings) != 1 || text[scan.Findings[0].Start:scan.Findings[0].End] != "AB123456D" {
		t.Errorf("Scan: %+v", scan.Findings)
	}
}
