package engine

import "unicode/utf8"

// gateRule marks a window that is a digit-cluster gate, not a rule's.
const gateRule = -1

// Digit clusters are everywhere in technical text (years, versions,
// prices, timestamps), and many rules trigger on them. Running each
// rule's regex around each cluster costs one go-re2 call per rule per
// cluster. Instead each cluster gets one gate window: the union of its
// rules' windows, searched once with an RE2 set of all digit-rule
// patterns. Only the rules the set reports run their own regex, each on
// its own window (which the gate contains, so the set cannot miss a match
// that does not touch a window edge). The gate depends only on the
// cluster and the bytes around it, so the stream decides it the same way.

// clusterGate returns the gate window of a cluster whose offsets are
// relative to base, or false when no digit rule accepts the cluster.
func (s *Scanner) clusterGate(c cluster, base int) (window, bool) {
	c.lo += base
	c.hi += base
	any := false
	for _, ri := range s.digitRules {
		if s.rules[ri].clusterFits(c) {
			any = true
			break
		}
	}
	if !any {
		return window{}, false
	}
	return window{lo: max(c.lo-s.digitBack, 0), hi: c.hi + s.digitFwd, rule: gateRule, c: c}, true
}

func (r *compiledRule) clusterFits(c cluster) bool {
	return c.digits >= r.MinDigits && !(c.solid && c.digits > r.MaxDigits) && c.groups >= r.MinGroups &&
		!(c.date && r.NotDates)
}

// runGate searches a gate window with the digit-rule set and runs the
// reported rules on their own windows.
func (s *Scanner) runGate(buf, fold []byte, base int, w window, sc *scratch) {
	end := base + len(buf)
	run := func(ri int32) {
		r := &s.rules[ri]
		if !r.clusterFits(w.c) {
			return
		}
		rw := window{lo: max(w.c.lo-r.back, 0), hi: min(w.c.hi+r.fwd, end), rule: ri}
		s.runWindow(buf, fold, base, rw, sc)
	}
	if s.digitSet == nil {
		for _, ri := range s.digitRules {
			run(ri)
		}
		return
	}
	win := buf[w.lo-base : w.hi-base]
	if !utf8.Valid(win) {
		sc.san = sanitize(sc.san[:0], win)
		win = sc.san
	}
	ids, err := s.digitSet.FindAllWithError(win, -1)
	if err != nil {
		// The set could not decide (DFA memory): run every rule.
		for _, ri := range s.digitRules {
			run(ri)
		}
		return
	}
	for _, id := range ids {
		for _, ri := range s.digitSetRules[id] {
			run(ri)
		}
	}
}
