package engine

import (
	"context"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// TestRouteByContext: a rule that only context can lift above the
// threshold is routed by its context words under that threshold, and by
// its shape under a lower one, with the same findings either way.
func TestRouteByContext(t *testing.T) {
	r := detectors.Rule{ID: "nine", Type: "NINE", Category: detectors.PII, Trigger: detectors.TriggerDigits,
		MinDigits: 9, MaxDigits: 9, Pattern: `\b(\d{9})\b`, Group: 1, Context: []string{"nine:"}, Score: 0.3, MaxLen: 9}
	compile := func(th float64) *Scanner {
		p := DefaultPolicy()
		p.Threshold = &th
		s, err := Compile(p, WithBuiltin([]detectors.Rule{r}))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	def, all := compile(0.5), compile(0)
	if got := def.Rules()[0]; got.Trigger != detectors.TriggerKeyword || !got.RequireContext {
		t.Errorf("threshold 0.5: trigger %v, require context %v; want keyword-routed", got.Trigger, got.RequireContext)
	}
	if got := all.Rules()[0]; got.Trigger != detectors.TriggerDigits || got.RequireContext {
		t.Errorf("threshold 0: trigger %v, require context %v; want digit-routed", got.Trigger, got.RequireContext)
	}
	for _, c := range []struct {
		text      string
		def, zero int
	}{
		{"nine: 123456780", 1, 1},
		{"ref 123456780", 0, 1},
		{"NINE: x 123456780 and 987654320", 2, 2},
	} {
		for _, v := range []struct {
			s    *Scanner
			want int
		}{{def, c.def}, {all, c.zero}} {
			fs, _, err := v.s.AppendFindings(context.Background(), []byte(c.text), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != v.want {
				t.Errorf("%q at threshold %v: %d findings, want %d", c.text, v.s.threshold, len(fs), v.want)
			}
		}
	}
	// A validator that may confirm the value keeps the shape trigger.
	r.Validate = detectors.Luhn
	if got := compile(0.5).Rules()[0]; got.Trigger != detectors.TriggerDigits {
		t.Errorf("a rule whose check can make it certain was rerouted")
	}
}
