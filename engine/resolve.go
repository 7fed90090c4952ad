package engine

import "slices"

// resolve turns raw candidates into the final, ordered, non-overlapping
// findings, appended to dst.
//
// Overlap policy ("leftmost merge"): candidates are taken in order of
// start (then longest, highest score, rule order). A candidate that starts
// inside the current finding is merged into it: the span becomes their
// union, so no byte either matched is left unredacted, and the label
// (type, rule, score) is a secret's over personal data's, then the
// higher-scoring one's, ties keeping the earlier. A union is never grown past mergeCap bytes; the rest of the
// later candidate becomes a finding of its own. Identical duplicates from
// overlapping windows collapse. The decision for each candidate depends
// only on those before it, which is what lets the streaming scanner reach
// the same result incrementally.
func (s *Scanner) resolve(cands []candidate, dst []Finding) []Finding {
	if len(cands) == 0 {
		return dst
	}
	sortCandidates(cands)
	sw := sweep{cap: s.mergeCap()}
	for _, c := range cands {
		dst = sw.push(c, dst)
	}
	return sw.flush(dst)
}

// sweep is the state of the leftmost-merge pass: the finding still open
// to merges. Candidates must be pushed in sortCandidates order; the
// streaming scanner pushes them in sorted batches as they become final.
type sweep struct {
	cur  candidate
	open bool
	cap  int
}

// push takes the next candidate and appends any finding it closes.
func (w *sweep) push(c candidate, dst []Finding) []Finding {
	if !w.open {
		w.cur, w.open = c, true
		return dst
	}
	cur := &w.cur
	if c.Start >= cur.End {
		dst = append(dst, cur.Finding)
		w.cur = c
		return dst
	}
	if c.End <= cur.End {
		if c.outranks(*cur) {
			cur.relabel(c)
		}
		return dst
	}
	if c.End-cur.Start > w.cap {
		dst = append(dst, cur.Finding)
		c.Start = cur.End
		w.cur = c
		return dst
	}
	if c.outranks(*cur) {
		cur.relabel(c)
	}
	cur.End = c.End
	return dst
}

// flush appends the open finding, if any, and leaves the sweep empty.
func (w *sweep) flush(dst []Finding) []Finding {
	if w.open {
		dst = append(dst, w.cur.Finding)
		w.open = false
	}
	return dst
}

// outranks says whether c's label should replace o's on a merged span: a
// secret outranks personal data whatever the scores (a password written
// as user:pass@host is a credential, not an email address), then the
// higher score wins.
func (c candidate) outranks(o candidate) bool {
	cs, os := c.Category == "secret", o.Category == "secret"
	if cs != os {
		return cs
	}
	return c.Score > o.Score
}

func (c *candidate) relabel(o candidate) {
	c.Type, c.Category, c.Rule, c.Score, c.Verified, c.rule = o.Type, o.Category, o.Rule, o.Score, o.Verified, o.rule
}

func (s *Scanner) mergeCap() int { return max(2*s.maxLen, 1024) }

func sortCandidates(cands []candidate) {
	slices.SortFunc(cands, func(a, b candidate) int {
		switch {
		case a.Start != b.Start:
			return a.Start - b.Start
		case a.End != b.End:
			return b.End - a.End
		case a.Score != b.Score:
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return int(a.rule - b.rule)
	})
}
