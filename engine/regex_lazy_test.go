package engine

import (
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// Catalogue patterns compile on first use and Compile does not parse
// most of them (shape_cold.go), so a pattern RE2 refuses would only show
// at scan time: prove here that RE2 builds every one, that each rule's
// value group exists, and the digit rules' set.
func TestCataloguePatternsCompile(t *testing.T) {
	var digits []string
	for _, r := range detectors.Builtin() {
		for i, expr := range append([]string{r.Pattern}, r.AllowPatterns...) {
			re, err := compileRegex(expr)
			if err != nil {
				t.Errorf("rule %s: %q: %v", r.ID, expr, err)
				continue
			}
			if i == 0 && (r.Group < 0 || r.Group > re.NumSubexp()) {
				t.Errorf("rule %s: group %d does not exist (pattern has %d)", r.ID, r.Group, re.NumSubexp())
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
