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

// runGate searches a group of gate windows (groupLen: those starting in
// one bucket, which overlap) with the digit-rule set once, over their
// union, and runs the reported rules on each cluster's own windows.
// Digit clusters every few bytes (a list of phone numbers) searched the
// same bytes once per cluster before. The union's answer is a superset
// of each cluster's: a rule's match that a cluster's own gate holds away
// from its edges is in the union too, and one at an edge the union does
// not share is one the rule's run drops anyway (runSpan). So a cluster
// runs every rule it ran alone, and the extra runs find nothing; the
// findings do not depend on how gates are grouped, which keeps the
// stream's the batch scan's.
func (s *Scanner) runGate(buf, fold []byte, base int, ws []window, sc *scratch) {
	end := base + len(buf)
	// Rules with a Go matcher (numeric dates) run without the set; a
	// cluster that only they fit costs no RE2 call. Their matches start
	// at most two bytes before a number that a '-', '/' or '.' joins to
	// the next (detectors.Rule.Find), so they run only on clusters with
	// such a join, and from two bytes before the cluster: dates beside
	// other clusters are found from their own.
	for _, w := range ws {
		if !w.c.numJoin {
			continue
		}
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
				s.runClusters(buf, fold, base, ri, ws, sc)
			}
		}
		return
	}
	// The union of the gates of clusters some set rule fits.
	u := window{lo: -1}
	for _, w := range ws {
		if !s.setRuleFits(w.c) {
			continue
		}
		if u.lo < 0 {
			u.lo, u.hi = w.lo, w.hi
		} else {
			u.lo, u.hi = min(u.lo, w.lo), max(u.hi, w.hi)
		}
	}
	if u.lo < 0 {
		return
	}
	win := buf[u.lo-base : min(u.hi, end)-base]
	if !utf8.Valid(win) {
		sc.san = sanitize(sc.san[:0], win)
		win = sc.san
	}
	ids, err := s.digitSet.FindAllWithError(win, -1)
	if err != nil {
		// The set could not decide (DFA memory): run every rule of it.
		for _, rs := range s.digitSetRules {
			for _, ri := range rs {
				s.runClusters(buf, fold, base, ri, ws, sc)
			}
		}
		return
	}
	for _, id := range ids {
		for _, ri := range s.digitSetRules[id] {
			s.runClusters(buf, fold, base, ri, ws, sc)
		}
	}
}

// runClusters runs digit rule ri on its windows of the clusters of ws it
// fits, overlapping ones as their union (runGroup), as a rule's keyword
// windows run: digit clusters a few bytes apart (a list of phone
// numbers) were searched once per cluster, each byte several times.
func (s *Scanner) runClusters(buf, fold []byte, base int, ri int32, ws []window, sc *scratch) {
	end := base + len(buf)
	r := &s.rules[ri]
	run, hi := sc.gateRun[:0], 0
	for _, w := range ws {
		if !r.clusterFits(w.c) {
			continue
		}
		rw := window{lo: max(w.c.lo-r.back, 0), hi: min(w.c.hi+r.fwd, end), rule: ri}
		if len(run) > 0 && rw.lo > hi {
			s.runGroup(buf, fold, base, run, sc)
			run = run[:0]
		}
		run = append(run, rw)
		hi = max(hi, rw.hi)
	}
	if len(run) > 0 {
		s.runGroup(buf, fold, base, run, sc)
	}
	sc.gateRun = run[:0]
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
