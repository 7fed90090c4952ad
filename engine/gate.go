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

func (r *compiledRule) clusterFits(c cluster) bool { return r.limits().fits(c) }

func (r *compiledRule) limits() clusterLimits {
	return clusterLimits{minDigits: r.MinDigits, maxDigits: r.MaxDigits, minGroups: r.MinGroups, notDates: r.NotDates}
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
	// Rules with a Go matcher (numeric dates) run without the set; a
	// cluster that only they fit costs no RE2 call. Their matches start
	// at most two bytes before a number that a '-', '/' or '.' joins to
	// the next (detectors.Rule.Find), so they run only on clusters with
	// such a join, and from two bytes before the cluster: dates beside
	// other clusters are found from their own.
	if w.c.numJoin {
		for _, ri := range s.digitFind {
			r := &s.rules[ri]
			if r.clusterFits(w.c) {
				s.runWindow(buf, fold, base, window{lo: max(w.c.lo-3, 0), hi: min(w.c.hi+r.fwd, end), rule: ri}, sc)
			}
		}
	}
	if s.digitSet == nil {
		for _, ri := range s.digitRules {
			if s.rules[ri].Find == nil {
				run(ri)
			}
		}
		return
	}
	if !s.setRuleFits(w.c) {
		return
	}
	win := buf[w.lo-base : w.hi-base]
	if !utf8.Valid(win) {
		sc.san = sanitize(sc.san[:0], win)
		win = sc.san
	}
	ids, err := s.digitSet.FindAllWithError(win, -1)
	if err != nil {
		// The set could not decide (DFA memory): run every rule of it.
		for _, rs := range s.digitSetRules {
			for _, ri := range rs {
				run(ri)
			}
		}
		return
	}
	for _, id := range ids {
		for _, ri := range s.digitSetRules[id] {
			run(ri)
		}
	}
}

// setRuleFits reports whether a rule of the digit set fits cluster c.
// It asks each distinct cluster limit of the set's rules (setLimits), not
// each rule: a date cluster, which most set rules refuse, is asked of a
// few limits instead of hundreds of rules.
func (s *Scanner) setRuleFits(c cluster) bool {
	if len(s.digitFind) == 0 {
		return true // the gate opened for one of them
	}
	for _, l := range s.setLimits {
		if l.fits(c) {
			return true
		}
	}
	return false
}

// clusterLimits are the cluster limits of a digit rule (clusterFits).
type clusterLimits struct {
	minDigits, maxDigits, minGroups int
	notDates                        bool
}

func (l clusterLimits) fits(c cluster) bool {
	return c.digits >= l.minDigits && !(c.solid && c.digits > l.maxDigits) && c.groups >= l.minGroups &&
		!(c.date && l.notDates)
}
