package detectors_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// parseMarked removes the «…» markers of a true-positive example and
// returns the text and the marked spans (byte offsets into the text).
func parseMarked(s string) (string, [][2]int, error) {
	var b strings.Builder
	var spans [][2]int
	open := -1
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "«"):
			if open >= 0 {
				return "", nil, fmt.Errorf("nested « in %q", s)
			}
			open = b.Len()
			i += len("«")
		case strings.HasPrefix(s[i:], "»"):
			if open < 0 {
				return "", nil, fmt.Errorf("» without « in %q", s)
			}
			spans = append(spans, [2]int{open, b.Len()})
			open = -1
			i += len("»")
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	if open >= 0 {
		return "", nil, fmt.Errorf("unclosed « in %q", s)
	}
	return b.String(), spans, nil
}

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
					text, spans, err := parseMarked(tp)
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
