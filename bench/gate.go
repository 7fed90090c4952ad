package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Gate is the CI check of a run against a stored baseline.
type Gate struct {
	// MaxDrop is the largest allowed throughput drop below the baseline,
	// in percent; negative turns the check off.
	MaxDrop float64
	// MinRecall is the lowest allowed overall recall on the labelled
	// corpus, in [0,1]; negative turns the check off.
	MinRecall float64
	// Relative compares Ratio (full policy / keyword pass on the same
	// machine) instead of MB/s, so that a baseline recorded on a laptop
	// still means something on a CI runner.
	Relative bool
}

// ErrBaseline marks a baseline file that cannot be compared with.
var ErrBaseline = errors.New("unusable baseline")

// ReadResult reads a Result written with --json.
func ReadResult(r io.Reader) (*Result, error) {
	var res Result
	dec := json.NewDecoder(r)
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("%w: not a `sluice bench throughput --json` result: %s", ErrBaseline, jsonReason(err))
	}
	if res.Version != ResultVersion {
		return nil, fmt.Errorf("%w: result version %d, this sluice writes version %d (record a new baseline)", ErrBaseline, res.Version, ResultVersion)
	}
	if res.FullMBps <= 0 {
		return nil, fmt.Errorf("%w: it has no full_mbps figure", ErrBaseline)
	}
	return &res, nil
}

// Check returns one line per failed check; none means the run passes.
// base may be nil when only the recall floor is checked.
func (g Gate) Check(base, cur *Result) ([]string, error) {
	var fails []string
	if g.MaxDrop >= 0 && base != nil {
		metric, was, now, unit := "full-policy throughput", base.FullMBps, cur.FullMBps, " MB/s"
		if g.Relative {
			metric, was, now, unit = "full-policy / keyword-pass ratio", base.Ratio, cur.Ratio, ""
		}
		if was > 0 {
			drop := (was - now) / was * 100
			if drop > g.MaxDrop {
				msg := fmt.Sprintf("%s %.3g%s is %.1f%% below the baseline's %.3g%s (allowed: %g%%)", metric, now, unit, drop, was, unit, g.MaxDrop)
				if culprits := costlier(base, cur); len(culprits) > 0 {
					msg += "; costlier than in the baseline: " + strings.Join(culprits, ", ")
				}
				fails = append(fails, msg)
			}
		}
	}
	if g.MinRecall >= 0 {
		if cur.Accuracy == nil {
			return nil, fmt.Errorf("--min-recall needs a labelled corpus (JSONL with labels, or --generate)")
		}
		if r := cur.Accuracy.Overall.Recall; r < g.MinRecall {
			msg := fmt.Sprintf("recall %.3f is below the floor %.3f (%d of %d planted values missed)", r, g.MinRecall, cur.Accuracy.Overall.Misses, cur.Accuracy.Overall.Labels)
			var low []string
			for _, t := range cur.Accuracy.Types() {
				c := cur.Accuracy.ByType[t]
				if c.Labels > 0 && c.Recall < g.MinRecall {
					low = append(low, fmt.Sprintf("%s %.2f", t, c.Recall))
				}
			}
			if len(low) > 0 {
				msg += "; lowest: " + strings.Join(low[:min(len(low), 8)], ", ")
			}
			fails = append(fails, msg)
		}
	}
	return fails, nil
}

// costlier names the rules whose cost per MiB grew the most since base
// (new rules count from zero), at most three.
func costlier(base, cur *Result) []string {
	was := map[string]float64{}
	for _, c := range base.RuleCosts {
		was[c.ID] = c.CostUsPerMiB
	}
	type grow struct {
		id    string
		delta float64
	}
	var gs []grow
	for _, c := range cur.RuleCosts {
		if d := c.CostUsPerMiB - was[c.ID]; d > 0 {
			gs = append(gs, grow{c.ID, d})
		}
	}
	slices.SortFunc(gs, func(a, b grow) int {
		if a.delta > b.delta {
			return -1
		}
		if a.delta < b.delta {
			return 1
		}
		return 0
	})
	var out []string
	for _, g := range gs[:min(len(gs), 3)] {
		out = append(out, fmt.Sprintf("%s (+%.0f µs/MiB)", g.id, g.delta))
	}
	return out
}
