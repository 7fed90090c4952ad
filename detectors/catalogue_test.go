package detectors_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// TestCatalogueShape checks what every rule must declare.
func TestCatalogueShape(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range detectors.Builtin() {
		t.Run(r.ID, func(t *testing.T) {
			if ids[r.ID] {
				t.Fatalf("duplicate rule id")
			}
			ids[r.ID] = true
			if r.Type == "" || r.Category == "" || r.Pattern == "" || r.Description == "" {
				t.Errorf("rule needs type, category, pattern and description")
			}
			if r.MaxLen <= 0 {
				t.Errorf("rule needs max_len")
			}
			if r.Trigger == detectors.TriggerKeyword && len(r.Keywords) == 0 {
				t.Errorf("keyword-triggered rule has no keywords")
			}
			if r.Trigger == detectors.TriggerAlways {
				t.Errorf("built-in rules must have a trigger")
			}
			for _, k := range r.Keywords {
				if len(k) < 3 && k != "sg." {
					t.Errorf("keyword %q is too short to route well", k)
				}
			}
			if len(r.TP) < 2 || len(r.FP) < 2 {
				t.Errorf("want at least 2 true- and 2 false-positive cases, have %d and %d", len(r.TP), len(r.FP))
			}
		})
	}
}

// TestRuleCases runs every rule's own examples against that rule alone:
// each true positive must be found by it, each false positive must not.
func TestRuleCases(t *testing.T) {
	for _, r := range detectors.Builtin() {
		s := compileOnly(t, r)
		t.Run(r.ID, func(t *testing.T) {
			for i, tp := range r.TP {
				t.Run(fmt.Sprintf("tp%d", i), func(t *testing.T) {
					fs := find(t, s, tp)
					if !slices.ContainsFunc(fs, func(f engine.Finding) bool { return f.Rule == r.ID }) {
						t.Errorf("not found in %q", tp)
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

// TestPrefilterRoutesTruePositives is the first half of the two-step
// check: with the whole catalogue compiled, the prefilter must send every
// true positive to its rule.
func TestPrefilterRoutesTruePositives(t *testing.T) {
	s, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range detectors.Builtin() {
		t.Run(r.ID, func(t *testing.T) {
			for _, tp := range r.TP {
				if !slices.Contains(s.RoutedRules([]byte(tp)), r.ID) {
					t.Errorf("prefilter does not route %q to %s", tp, r.ID)
				}
			}
		})
	}
}

// TestWholeCatalogueFindsTruePositives checks that, among all rules, each
// true positive is still reported (by its rule or one of the same type).
func TestWholeCatalogueFindsTruePositives(t *testing.T) {
	s, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range detectors.Builtin() {
		t.Run(r.ID, func(t *testing.T) {
			for _, tp := range r.TP {
				fs := find(t, s, tp)
				if len(fs) == 0 {
					t.Errorf("nothing found in %q", tp)
				}
			}
		})
	}
}

func compileOnly(t *testing.T, r detectors.Rule) *engine.Scanner {
	t.Helper()
	s, err := engine.Compile(engine.DefaultPolicy(), engine.WithBuiltin([]detectors.Rule{r}))
	if err != nil {
		t.Fatalf("%s: %v", r.ID, err)
	}
	return s
}

func find(t *testing.T, s *engine.Scanner, text string) []engine.Finding {
	t.Helper()
	fs, _, err := s.AppendFindings(context.Background(), []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

var _ = strings.Contains
