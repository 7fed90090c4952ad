package httpapi

import "slices"

// resolveAnalyzerResults turns the caller's analyzer results, which may
// overlap, into spans that do not, the way Presidio's anonymizer
// resolves them: results of one entity type that overlap merge into
// their union (the higher score); a result contained in another is
// dropped, so the containing entity is replaced whole (a phone number
// inside a card number does not leave the card's other digits in
// clear). Results that still intersect are trimmed, the lower score
// giving way (Presidio's remove-intersections strategy). Every character
// any result covered is covered by exactly one returned span: nothing a
// caller marked is left in clear. The spans come back sorted by start.
func resolveAnalyzerResults(in []analyzerResultIn) []analyzerResultIn {
	rs := slices.Clone(in)

	// 1. Same type, overlapping: one union span.
	slices.SortStableFunc(rs, func(a, b analyzerResultIn) int {
		if a.EntityType != b.EntityType {
			if a.EntityType < b.EntityType {
				return -1
			}
			return 1
		}
		return a.Start - b.Start
	})
	merged := rs[:0]
	for _, r := range rs {
		if n := len(merged); n > 0 && merged[n-1].EntityType == r.EntityType && r.Start < merged[n-1].End {
			m := &merged[n-1]
			m.End = max(m.End, r.End)
			m.Score = max(m.Score, r.Score)
			continue
		}
		merged = append(merged, r)
	}
	rs = merged

	// 2. Contained in another: dropped. Longest first; for equal spans
	// the higher score stays.
	slices.SortStableFunc(rs, func(a, b analyzerResultIn) int {
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return lb - la
		}
		return cmpScore(a, b)
	})
	var kept []analyzerResultIn
	for _, r := range rs {
		if !slices.ContainsFunc(kept, func(k analyzerResultIn) bool { return k.Start <= r.Start && r.End <= k.End }) {
			kept = append(kept, r)
		}
	}

	// 3. Partial intersections: the higher score keeps its span, the
	// other is cut back to what lies outside it. With containment gone a
	// cut never splits a span in two.
	slices.SortStableFunc(kept, func(a, b analyzerResultIn) int {
		if c := cmpScore(a, b); c != 0 {
			return c
		}
		return (b.End - b.Start) - (a.End - a.Start)
	})
	out := kept[:0]
	for _, r := range kept {
		for _, k := range out {
			if r.Start < k.End && k.Start < r.End {
				if k.Start <= r.Start {
					r.Start = k.End
				} else {
					r.End = k.Start
				}
			}
		}
		if r.Start < r.End {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b analyzerResultIn) int { return a.Start - b.Start })
	return out
}

// cmpScore orders higher scores first.
func cmpScore(a, b analyzerResultIn) int {
	switch {
	case a.Score > b.Score:
		return -1
	case a.Score < b.Score:
		return 1
	}
	return 0
}
