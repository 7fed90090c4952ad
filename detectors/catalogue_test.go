package detectors_test

import (
	"context"
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

// TestRuleCases runs every rule's own examples against that rule alone,
// with the check policies' user rules get at compile time
// (engine.CheckExamples): a tp marked with «…» must be found with exactly
// the marked span(s), an fp must produce no finding of the rule.
func TestRuleCases(t *testing.T) {
	for _, r := range detectors.Builtin() {
		s := compileOnly(t, r)
		t.Run(r.ID, func(t *testing.T) {
			for _, err := range engine.CheckExamples(context.Background(), s, r) {
				t.Error(err)
			}
		})
	}
}

func TestParseExample(t *testing.T) {
	cases := []struct {
		in, text string
		spans    [][2]int
		err      string
	}{
		{"no marks", "no marks", nil, ""},
		{"key=«abc»", "key=abc", [][2]int{{4, 7}}, ""},
		{"«a» and «bc»!", "a and bc!", [][2]int{{0, 1}, {6, 8}}, ""},
		{"é=«ü»", "é=ü", [][2]int{{3, 5}}, ""},
		{"«a«b»»", "", nil, "opens a second mark"},
		{"a»", "", nil, "no « before it"},
		{"«a", "", nil, "never closed"},
		{"x«»", "", nil, "marks nothing"},
	}
	for _, c := range cases {
		text, spans, err := detectors.ParseExample(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseExample(%q): error %v, want one saying %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || text != c.text || !slices.Equal(spans, c.spans) {
			t.Errorf("ParseExample(%q) = %q, %v, %v; want %q, %v", c.in, text, spans, err, c.text, c.spans)
		}
	}
	if got, err := detectors.MarkExample("id 12 or 123", "123"); err != nil || got != "id 12 or «123»" {
		t.Errorf("MarkExample = %q, %v", got, err)
	}
	for _, bad := range [][2]string{{"a b a", "a"}, {"abc", "x"}, {"abc", ""}, {"«a»", "a"}} {
		if _, err := detectors.MarkExample(bad[0], bad[1]); err == nil {
			t.Errorf("MarkExample(%q, %q): want an error", bad[0], bad[1])
		}
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
			for _, tp := range tpTexts(t, r) {
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
			for _, tp := range tpTexts(t, r) {
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

// tpTexts is the rule's true-positive examples with their marks removed.
func tpTexts(t *testing.T, r detectors.Rule) []string {
	t.Helper()
	out := make([]string, 0, len(r.TP))
	for _, tp := range r.TP {
		text, _, err := detectors.ParseExample(tp)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, text)
	}
	return out
}
