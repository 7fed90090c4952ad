package detectors_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// TestProviderTable checks the table's size and that every row's rule
// finds exactly the marked token of each of its true positives and
// nothing in its false positives, with only that rule compiled.
func TestProviderTable(t *testing.T) {
	ps, err := detectors.ParseProviders(detectors.ProviderTable())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) < 700 {
		t.Errorf("provider table has %d rows, want at least 700", len(ps))
	}
	for _, p := range ps {
		r := detectors.WithExamples(p.Rule())
		t.Run(r.ID, func(t *testing.T) {
			s, err := engine.Compile(engine.DefaultPolicy(), engine.WithBuiltin([]detectors.Rule{r}))
			if err != nil {
				t.Fatal(err)
			}
			for _, tp := range r.TP {
				text, want, err := detectors.ParseExample(tp)
				if err != nil {
					t.Fatal(err)
				}
				fs, _, err := s.AppendFindings(context.Background(), []byte(text), nil)
				if err != nil {
					t.Fatal(err)
				}
				var got [][2]int
				for _, f := range fs {
					got = append(got, [2]int{f.Start, f.End})
				}
				if len(got) != len(want) || (len(got) > 0 && got[0] != want[0]) {
					t.Errorf("%q: found %v, want %v", text, got, want)
				}
			}
			for _, fp := range r.FP {
				fs, _, err := s.AppendFindings(context.Background(), []byte(fp), nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range fs {
					t.Errorf("false positive %q in %q", fp[f.Start:f.End], fp)
				}
			}
		})
	}
}

// TestProviderTableErrors checks that a bad row is refused with its line.
func TestProviderTableErrors(t *testing.T) {
	for _, c := range []struct{ table, want string }{
		{"Acme | acme | hex32\nAcme | acme2 | hex32", "line 2: \"Acme\" repeats line 1"},
		{"Acme | acm | hex32", "line 1: keyword \"acm\" is shorter than 4 bytes"},
		{"Acme | acme | hax32", "line 1: shape \"hax32\": unknown class \"hax\""},
		{"Acme | acme | hex4", "line 1: shape \"hex4\": length must be within 8..1000"},
		{"Acme | acme", "line 1: want name | keywords | shapes [| type], have 2 fields"},
	} {
		_, err := detectors.ParseProviders(c.table)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.table, err, c.want)
		}
	}
}

// BenchmarkProviderRules is what the provider table costs a fresh
// process: parsing the table and building its rules (without examples,
// as Compile takes them).
func BenchmarkProviderRules(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range detectors.Providers() {
			_ = p.Rule()
		}
	}
}

// TestWithExamples: a row's rule gets its derived cases; a policy's own
// rule that reuses a row's id with another pattern does not.
func TestWithExamples(t *testing.T) {
	p := detectors.Providers()[0]
	if r := detectors.WithExamples(p.Rule()); len(r.TP) < 3 || len(r.FP) < 4 {
		t.Errorf("%s: %d tp and %d fp, want the row's derived cases", r.ID, len(r.TP), len(r.FP))
	}
	own := detectors.Rule{ID: "provider-" + p.Slug, Type: "MINE", Pattern: `mine-(\d+)`, Group: 1}
	if r := detectors.WithExamples(own); len(r.TP)+len(r.FP) != 0 {
		t.Errorf("a policy's own rule under %s got the row's examples", own.ID)
	}
}
