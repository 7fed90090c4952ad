package bench

import (
	"context"
	"fmt"
	"slices"

	"github.com/sluice-dlp/sluice/engine"
)

// Matching rule, used for every accuracy figure:
//
// A finding and a label MATCH when they have the same entity type and
// their byte spans overlap by at least one byte. A label is found (true
// positive) when some finding matches it, otherwise it is a miss (false
// negative). A finding is correct when it matches some label, otherwise
// it is a false alarm (false positive). Precision = correct findings /
// findings; recall = found labels / labels; F1 is their harmonic mean.
// Overlap rather than exact offsets because rules legitimately differ on
// the edges of a value (quotes, a scheme, a "Bearer " prefix); the type
// must agree because a redaction under the wrong type is still wrong for
// users who route types to different actions. A finding overlapping a
// label of another type counts as one miss and one false alarm; the miss
// says what it was found as.

// Counts are the raw tallies for one entity type or overall.
type Counts struct {
	Labels      int     `json:"labels"`
	Found       int     `json:"found"` // labels matched by a finding
	Findings    int     `json:"findings"`
	Correct     int     `json:"correct"` // findings that match a label
	Precision   float64 `json:"precision"`
	Recall      float64 `json:"recall"`
	F1          float64 `json:"f1"`
	FalseAlarms int     `json:"false_alarms"`
	Misses      int     `json:"misses"`
}

func (c *Counts) finish() {
	c.Precision, c.Recall = 1, 1
	if c.Findings > 0 {
		c.Precision = float64(c.Correct) / float64(c.Findings)
	}
	if c.Labels > 0 {
		c.Recall = float64(c.Found) / float64(c.Labels)
	}
	if c.Precision+c.Recall > 0 {
		c.F1 = 2 * c.Precision * c.Recall / (c.Precision + c.Recall)
	}
	c.FalseAlarms = c.Findings - c.Correct
	c.Misses = c.Labels - c.Found
}

// Error is one miss or false alarm. Value is set only when the caller
// asks for values (it is the sensitive text).
type Error struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Rule  string `json:"rule,omitempty"` // false alarms: the rule that fired
	Start int    `json:"start"`
	End   int    `json:"end"`
	// FoundAs names the types of findings that overlap a missed label.
	FoundAs []string `json:"found_as,omitempty"`
	Value   string   `json:"value,omitempty"`
}

// Accuracy is the result of scoring a policy on a labelled corpus.
type Accuracy struct {
	Docs        int               `json:"docs"`
	Bytes       int               `json:"bytes"`
	Overall     Counts            `json:"overall"`
	ByType      map[string]Counts `json:"by_type"`
	Misses      []Error           `json:"misses"`
	FalseAlarms []Error           `json:"false_alarms"`
	// Skipped counts, per type, labels left out because the policy has no
	// rule of that type and reported none: a policy limited to some types
	// is not charged with missing the others.
	Skipped map[string]int `json:"skipped,omitempty"`
	// Unscored counts findings the policy only reports (its action is
	// report: the text is left as it is, as the built-in policy does with
	// plain dates) that match no label: a corpus that does not label
	// dates does not make them false alarms. A reported finding that
	// matches a label counts as found, and as correct.
	Unscored int `json:"reported_unlabelled,omitempty"`
}

// Types lists the entity types of a, sorted.
func (a *Accuracy) Types() []string {
	var out []string
	for t := range a.ByType {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// Score scans every doc and compares the findings with its labels (see
// the matching rule above). Labels of a type that no rule of s has and
// no finding carries are counted in Skipped, not as misses. withValues
// copies matched text into the error lists.
func Score(ctx context.Context, s *engine.Scanner, docs []Doc, withValues bool) (*Accuracy, error) {
	a := &Accuracy{ByType: map[string]Counts{}, Misses: []Error{}, FalseAlarms: []Error{}}
	scope := map[string]bool{}
	for _, r := range s.Rules() {
		scope[r.Type] = true
	}
	found := make([][]engine.Finding, len(docs))
	var fs []engine.Finding
	for i, d := range docs {
		var err error
		fs, _, err = s.AppendFindings(ctx, []byte(d.Text), fs[:0])
		if err != nil {
			return nil, fmt.Errorf("doc %s: %w", d.ID, err)
		}
		found[i] = slices.Clone(fs)
		for _, f := range fs {
			scope[f.Type] = true
		}
	}
	for i, d := range docs {
		a.Docs++
		a.Bytes += len(d.Text)
		scored := found[i][:0]
		for _, f := range found[i] {
			if s.Acts(f) || labelled(d, f) {
				scored = append(scored, f)
			} else {
				a.Unscored++
			}
		}
		a.add(d, scored, scope, withValues)
	}
	for t, c := range a.ByType {
		c.finish()
		a.ByType[t] = c
	}
	a.Overall.finish()
	return a, nil
}

func overlaps(s1, e1, s2, e2 int) bool { return s1 < e2 && s2 < e1 }

// labelled reports whether f matches one of d's labels.
func labelled(d Doc, f engine.Finding) bool {
	return slices.ContainsFunc(d.Labels, func(l Label) bool {
		return l.Type == f.Type && overlaps(l.Start, l.End, f.Start, f.End)
	})
}

func (a *Accuracy) add(d Doc, fs []engine.Finding, scope map[string]bool, withValues bool) {
	bump := func(typ string, f func(*Counts)) {
		c := a.ByType[typ]
		f(&c)
		a.ByType[typ] = c
		f(&a.Overall)
	}
	val := func(s, e int) string {
		if !withValues {
			return ""
		}
		return d.Text[s:e]
	}
	for _, l := range d.Labels {
		if scope != nil && !scope[l.Type] {
			if a.Skipped == nil {
				a.Skipped = map[string]int{}
			}
			a.Skipped[l.Type]++
			continue
		}
		found := false
		var as []string
		for _, f := range fs {
			if !overlaps(l.Start, l.End, f.Start, f.End) {
				continue
			}
			if f.Type == l.Type {
				found = true
				break
			}
			if !slices.Contains(as, f.Type) {
				as = append(as, f.Type)
			}
		}
		bump(l.Type, func(c *Counts) {
			c.Labels++
			if found {
				c.Found++
			}
		})
		if !found {
			a.Misses = append(a.Misses, Error{ID: d.ID, Type: l.Type, Start: l.Start, End: l.End, FoundAs: as, Value: val(l.Start, l.End)})
		}
	}
	for _, f := range fs {
		correct := labelled(d, f)
		bump(f.Type, func(c *Counts) {
			c.Findings++
			if correct {
				c.Correct++
			}
		})
		if !correct {
			a.FalseAlarms = append(a.FalseAlarms, Error{ID: d.ID, Type: f.Type, Rule: f.Rule, Start: f.Start, End: f.End, Value: val(f.Start, f.End)})
		}
	}
}
