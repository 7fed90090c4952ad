package engine

import "github.com/sluice-dlp/sluice/detectors"

// routeByContext adapts a rule to the policy's threshold. A rule whose
// base score is below the threshold, and whose score can rise above it
// only through a context word (no validator can make it certain), yields
// nothing where no context word is near: under this policy it is routed
// by its context words instead of by its shape, and dropped without one,
// like a context-gated rule. The findings are the same; the work is
// only done where a context word occurs. Under a lower threshold (the
// /analyze view, threshold 0) the rule keeps its shape trigger and fires
// alone at its base score.
func routeByContext(r detectors.Rule, threshold float64) detectors.Rule {
	score := r.Score
	if score == 0 {
		score = 0.5
	}
	if r.RequireContext || len(r.Context) == 0 || score >= threshold || len(r.Follow) > 0 {
		return r
	}
	if r.Validate != nil && !r.WeakCheck {
		// A validator may confirm the value (score 1.0) without context.
		return r
	}
	r.Trigger = detectors.TriggerKeyword
	r.Keywords = detectors.RouteWords(r.Context)
	r.RequireContext = true
	r.MinDigits, r.MaxDigits, r.MinGroups = 0, 0, 0
	return r
}
