package engine

import (
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"
)

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
	sw := s.newSweep()
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
	s    *Scanner // whose actions rank labels (see outranks)
}

func (s *Scanner) newSweep() sweep { return sweep{cap: s.mergeCap(), s: s} }

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
		if w.outranks(c, *cur) {
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
	if w.outranks(c, *cur) {
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
// label the policy acts on outranks one it only reports (a reported date
// must not leave a date of birth or a number it overlaps in clear); a
// secret outranks personal data whatever the scores (a password written
// as user:pass@host is a credential, not an email address), then the
// higher score wins.
func (w *sweep) outranks(c, o candidate) bool {
	if w.s != nil && w.s.reports {
		if ca, oa := w.s.Acts(c.Finding), w.s.Acts(o.Finding); ca != oa {
			return ca
		}
	}
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
	// Text dense with one kind of value (a list of addresses, of e-mails)
	// has its candidates in order already: one rule's windows run in
	// order of position. Checking costs a comparison each, and the sort
	// of thousands of them cost more than the check.
	if !slices.IsSortedFunc(cands, candidateOrder) {
		slices.SortFunc(cands, candidateOrder)
	}
}

func candidateOrder(a, b candidate) int {
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
}

// modelRule is the rule index of candidates from a Recognizer (NER): after
// every pattern rule and after decoded findings (len(s.rules)).
func (s *Scanner) modelRule() int32 { return int32(len(s.rules)) + 1 }

// yieldToPatterns cuts model (NER) candidates so that none overlaps a
// pattern candidate: a model's guess never relabels, grows or shrinks a
// pattern finding (NER tags the "Paris" in https://paris.example/x or the
// name in jane.doe@example.com; the merge would otherwise hand the URL or
// e-mail the model's label and span). A model candidate keeps its longest
// piece outside every pattern span, without spaces or punctuation at its
// edges, or is dropped when nothing is left. Runs once the pattern and
// model candidates of text are all in cands, before resolve.
func (s *Scanner) yieldToPatterns(text []byte, cands []candidate) []candidate {
	model := s.modelRule()
	if !slices.ContainsFunc(cands, func(c candidate) bool { return c.rule == model }) {
		return cands
	}
	// The union of pattern spans as sorted, disjoint [lo, hi) intervals.
	var iv [][2]int
	for _, c := range cands {
		if c.rule != model {
			iv = append(iv, [2]int{c.Start, c.End})
		}
	}
	if len(iv) == 0 {
		return cands
	}
	slices.SortFunc(iv, func(a, b [2]int) int { return a[0] - b[0] })
	u := iv[:1]
	for _, x := range iv[1:] {
		if last := &u[len(u)-1]; x[0] <= last[1] {
			last[1] = max(last[1], x[1])
		} else {
			u = append(u, x)
		}
	}
	out := cands[:0]
	for _, c := range cands {
		if c.rule == model {
			var ok bool
			if c.Start, c.End, ok = outside(u, c.Start, c.End); !ok {
				continue
			}
			if c.Start, c.End = trimEdges(text, c.Start, c.End); c.Start >= c.End {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// outside returns the longest piece of [lo, hi) that overlaps none of the
// sorted, disjoint intervals u (the first piece on ties).
func outside(u [][2]int, lo, hi int) (int, int, bool) {
	i := sort.Search(len(u), func(i int) bool { return u[i][1] > lo })
	if i == len(u) || u[i][0] >= hi {
		return lo, hi, true
	}
	bestLo, bestHi := 0, 0
	at := lo
	for ; i < len(u) && u[i][0] < hi; i++ {
		if u[i][0]-at > bestHi-bestLo {
			bestLo, bestHi = at, u[i][0]
		}
		at = max(at, u[i][1])
	}
	if hi-at > bestHi-bestLo {
		bestLo, bestHi = at, hi
	}
	return bestLo, bestHi, bestHi > bestLo
}

// trimEdges narrows [lo, hi) of text past spaces and punctuation at both ends.
func trimEdges(text []byte, lo, hi int) (int, int) {
	for lo < hi {
		r, n := utf8.DecodeRune(text[lo:hi])
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			break
		}
		lo += n
	}
	for hi > lo {
		r, n := utf8.DecodeLastRune(text[lo:hi])
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			break
		}
		hi -= n
	}
	return lo, hi
}
