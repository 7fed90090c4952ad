package engine

import (
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// TestLongRulesAreAnchored keeps the streaming hold-back small: a keyword
// rule that can match a long span must start its match with its keyword,
// so the engine looks back only a few bytes from a hit instead of the
// whole max_len. (A rule with After looks back one byte whatever its
// pattern: its values begin after the keyword.)
func TestLongRulesAreAnchored(t *testing.T) {
	for _, r := range detectors.Builtin() {
		if r.Trigger != detectors.TriggerKeyword || r.MaxLen <= 512 || r.After > 0 {
			continue
		}
		if _, ok := anchorLead(r.Pattern, r.Keywords); !ok {
			t.Errorf("%s: max_len %d but the regex does not start with one of its keywords %q", r.ID, r.MaxLen, r.Keywords)
		}
	}
}

// TestDefaultHoldBack bounds what the built-in policy's streams hold back
// when no trigger is pending.
func TestDefaultHoldBack(t *testing.T) {
	s := mustCompile(t, nil)
	b := s.bounds
	worst := max(b.kw, b.at, b.colon, b.digit, b.alnum, b.always)
	if worst > 600 {
		t.Errorf("default policy looks back %d bytes (bounds %+v); want a few hundred", worst, b)
	}
}
