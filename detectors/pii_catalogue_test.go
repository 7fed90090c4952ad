package detectors_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// TestPIICatalogueDiscipline: every PII rule carries at least three true
// and three false positives (issue 4), and context-gated rules are routed
// by (prefixes of) their context words, so that a value is examined
// wherever it could be reported (the engine widens their windows by the
// policy's context_window: TestContextWindowReachesEveryRule).
func TestPIICatalogueDiscipline(t *testing.T) {
	types := map[string]bool{}
	for _, r := range detectors.Builtin() {
		if r.Category != detectors.PII {
			continue
		}
		types[r.Type] = true
		if len(r.TP) < 3 || len(r.FP) < 3 {
			t.Errorf("%s: %d true and %d false positives, want 3 each", r.ID, len(r.TP), len(r.FP))
		}
		if r.RequireContext {
			if r.Trigger != detectors.TriggerKeyword {
				t.Errorf("%s: context-gated rule should be routed by its context words", r.ID)
			}
			for _, c := range r.Context {
				if !slices.ContainsFunc(r.Keywords, func(k string) bool { return strings.HasPrefix(c, k) }) {
					t.Errorf("%s: context word %q routes nothing", r.ID, c)
				}
			}
		}
		if r.Trigger == detectors.TriggerDigits && r.MinDigits <= 0 {
			t.Errorf("%s: digit trigger without MinDigits", r.ID)
		}
	}
	// Presidio's names for the types its predefined recognizers find and
	// sluice added last (issue 12); ZA_ID was sluice's old name.
	for _, name := range []string{"DE_BSNR", "DE_FUEHRERSCHEIN", "DE_HANDELSREGISTER", "DE_HEALTH_INSURANCE", "DE_KFZ",
		"DE_LANR", "DE_PLZ", "DE_TAX_NUMBER", "DE_VAT_ID", "ES_PASSPORT", "KR_FRN", "PH_MOBILE_NUMBER",
		"SE_ORGANISATIONSNUMMER", "TR_LICENSE_PLATE", "TR_PHONE_NUMBER", "UK_DRIVING_LICENCE",
		"UK_VEHICLE_REGISTRATION", "ZA_ID_NUMBER"} {
		if !types[name] {
			t.Errorf("no rule finds Presidio's %s", name)
		}
	}
	if types["ZA_ID"] {
		t.Errorf("ZA_ID is named ZA_ID_NUMBER in Presidio")
	}
	if len(types) < 95 {
		t.Errorf("%d PII entity types, want at least 95", len(types))
	}
}
