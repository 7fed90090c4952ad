package detectors_test

import (
	"fmt"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// TestPIIExactSpans runs every PII rule's examples against that rule
// alone: each marked true positive must be found with exactly its span,
// and a false positive must produce no finding of the rule. Each entity
// type gets named subtests: TYPE/rule/tpN, TYPE/rule/fpN.
func TestPIIExactSpans(t *testing.T) {
	for _, r := range detectors.Builtin() {
		if r.Category != detectors.PII {
			continue
		}
		s := compileOnly(t, r)
		t.Run(r.Type+"/"+r.ID, func(t *testing.T) {
			for i, tp := range r.TP {
				t.Run(fmt.Sprintf("tp%d", i), func(t *testing.T) {
					text, spans, err := detectors.ParseExample(tp)
					if err != nil {
						t.Fatal(err)
					}
					if len(spans) == 0 {
						t.Fatalf("true positive %q marks no value with «…»", tp)
					}
					fs := find(t, s, text)
				span:
					for _, sp := range spans {
						for _, f := range fs {
							if f.Rule == r.ID && f.Start == sp[0] && f.End == sp[1] {
								continue span
							}
						}
						var got []string
						for _, f := range fs {
							got = append(got, fmt.Sprintf("%q", text[f.Start:f.End]))
						}
						t.Errorf("%q: want %q exactly, got %v", text, text[sp[0]:sp[1]], got)
					}
				})
			}
			for i, fp := range r.FP {
				t.Run(fmt.Sprintf("fp%d", i), func(t *testing.T) {
					for _, f := range find(t, s, fp) {
						t.Errorf("false positive %q (score %.2f) in %q", fp[f.Start:f.End], f.Score, fp)
					}
				})
			}
		})
	}
}
