package engine

import (
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// Catalogue patterns compile on first use, so a pattern RE2 refuses would
// only show at scan time (on the slower stand-in): prove here that RE2
// builds every one, and the digit rules' set.
func TestCataloguePatternsCompile(t *testing.T) {
	var digits []string
	for _, r := range detectors.Builtin() {
		for _, expr := range append([]string{r.Pattern}, r.AllowPatterns...) {
			if _, err := compileRegex(expr); err != nil {
				t.Errorf("rule %s: %q: %v", r.ID, expr, err)
			}
		}
		if r.Trigger == detectors.TriggerDigits {
			digits = append(digits, r.Pattern)
		}
	}
	if _, err := compileSet(digits); err != nil {
		t.Errorf("digit rules' set: %v", err)
	}
}
