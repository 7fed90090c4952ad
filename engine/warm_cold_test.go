package engine

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// TestWarmBuildsWhatScansBuildLazily: after Warm, no catalogue program
// or set a scan of the examples needs is left to build, and no keyword
// trie is kept until a scan builds it.
func TestWarmBuildsWhatScansBuildLazily(t *testing.T) {
	// A sample of the catalogue (all of it takes seconds), with digit
	// rules for the set.
	p := DefaultPolicy()
	p.Builtin = BuiltinSet{}
	digits := 0
	for i, r := range detectors.Catalogue() {
		if i%25 == 0 || (r.Trigger == detectors.TriggerDigits && digits < 3) {
			p.Builtin.IDs = append(p.Builtin.IDs, r.ID)
			if r.Trigger == detectors.TriggerDigits {
				digits++
			}
		}
	}
	s := mustCompile(t, p)
	before := detectors.Builtin()
	st, err := s.Warm(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Texts < len(s.rules) || st.Regexes == 0 {
		t.Fatalf("warm scanned %d texts and built %d programs for %d rules", st.Texts, st.Regexes, len(s.rules))
	}
	for i := range s.rules {
		if l, ok := s.rules[i].re.(*lazyRegex); ok && l.re == nil {
			t.Errorf("rule %s: regex not built", s.rules[i].ID)
		}
	}
	if set, ok := s.digitSet.(*lazySet); !ok || (set.set == nil && set.err == nil) {
		t.Errorf("digit set not built (%T)", s.digitSet)
	}
	// Tries are built for what traffic holds, not kept from warming.
	built := 0
	for sh := range s.ac.tries {
		if s.ac.tries[sh].Load() != nil {
			built++
		}
	}
	if built != 0 {
		t.Errorf("warm kept %d keyword tries; it keeps none", built)
	}
	text, _, err := detectors.ParseExample(s.rules[0].TP[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redact(context.Background(), []byte(text)); err != nil {
		t.Fatal(err)
	}
	for sh := range s.ac.tries {
		if s.ac.tries[sh].Load() != nil {
			built++
		}
	}
	if built == 0 && len(s.rules[0].Keywords) > 0 {
		t.Errorf("a scan after Warm kept no trie of rule %s's keywords", s.rules[0].ID)
	}
	after := detectors.Builtin()
	for i := range before {
		before[i].Validate, after[i].Validate = nil, nil // funcs never DeepEqual
		before[i].Find, after[i].Find = nil, nil
		before[i].FindValue, after[i].FindValue = nil, nil
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("Warm changed the catalogue")
	}
	t.Logf("%+v, %d keyword tries", st, built)
}

func TestWarmStopsWithContext(t *testing.T) {
	s := mustCompile(t, DefaultPolicy())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Warm(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Warm with a cancelled context: %v", err)
	}
}

func TestWarmCommonBuildsTheDigitSet(t *testing.T) {
	s := mustCompile(t, DefaultPolicy())
	s.WarmCommon()
	if set, ok := s.digitSet.(*lazySet); !ok || (set.set == nil && set.err == nil) {
		t.Errorf("digit set not built (%T)", s.digitSet)
	}
	for _, ri := range s.atRules {
		if l, ok := s.rules[ri].re.(*lazyRegex); ok && l.re == nil {
			t.Errorf("rule %s: regex not built", s.rules[ri].ID)
		}
	}
}
