package engine

import "slices"

// Repeated triggers are the worst case of a windowed scan: `http://` or
// `a@b.co ` written a hundred thousand times opens a window every few
// bytes, each max_len wide, and running the regex in each window costs
// triggers × window length — quadratic. So a rule's windows are run in
// groups: the windows whose start falls in the same bucket of the text
// (buckets are back+fwd bytes, the width of one trigger's window) are run
// as one span, their union, with the regex searching it once. Every
// window is at least a bucket wide, so a group's windows overlap and the
// union is contiguous: it holds no byte that no trigger reaches, and the
// rule never looks further from its triggers than before. A byte of text
// is then searched by a rule at most about three times however many
// triggers surround it.
//
// The grouping depends only on the windows, and a bucket is complete once
// no window not yet seen can start in it, so the streaming scanner forms
// the same groups as the batch scan (windowOrder, groupLen, groupDone).

// windowOrder sorts windows by rule, then start, then end; the trigger's
// end and the cluster's start break ties, so that windows in this order
// are equal exactly when they are neighbours with the same key, and
// sortWindows drops every duplicate whatever order they came in.
func windowOrder(a, b window) int {
	switch {
	case a.rule != b.rule:
		return int(a.rule - b.rule)
	case a.lo != b.lo:
		return a.lo - b.lo
	case a.hi != b.hi:
		return a.hi - b.hi
	case a.thi != b.thi:
		return a.thi - b.thi
	}
	return a.c.lo - b.c.lo
}

// bucket is the group a window belongs to.
func (s *Scanner) bucket(w window) int { return w.lo / s.span(w.rule) }

// span is the width of rule ri's buckets: one trigger's window. Digit
// cluster gates (gateRule) are grouped too, by the width of the widest
// digit rule's reach (runGate).
func (s *Scanner) span(ri int32) int {
	if ri == gateRule {
		return max(s.digitBack+s.digitFwd, 1)
	}
	r := &s.rules[ri]
	return r.back + r.fwd
}

// groupLen is how many windows, from ws[0] on, form one group; ws is in
// windowOrder.
func (s *Scanner) groupLen(ws []window) int {
	b := s.bucket(ws[0])
	n := 1
	for n < len(ws) && ws[n].rule == ws[0].rule && s.bucket(ws[n]) == b {
		n++
	}
	return n
}

// groupDone is the start a window not yet seen must have, at least, for
// the group of w to be complete: the end of w's bucket.
func (s *Scanner) groupDone(w window) int {
	span := s.span(w.rule)
	return (w.lo/span + 1) * span
}

// runGroup runs one group of windows (see groupLen). Windows whose
// keyword is not followed as the rule requires drop out first; a single
// window runs alone as it always has, several run as their union.
func (s *Scanner) runGroup(buf, fold []byte, base int, ws []window, sc *scratch) {
	if ws[0].rule == gateRule {
		s.runGate(buf, fold, base, ws, sc)
		return
	}
	r := &s.rules[ws[0].rule]
	u, n := window{rule: ws[0].rule}, 0
	for _, w := range ws {
		if len(r.follow) > 0 && !r.followed(buf, base, w) {
			continue
		}
		if n == 0 {
			u.lo, u.hi, u.thi = w.lo, w.hi, w.thi
		} else {
			u.lo, u.hi = min(u.lo, w.lo), max(u.hi, w.hi)
		}
		n++
		if w.many {
			n++
		}
	}
	if n == 0 {
		return
	}
	limit := -1
	if n == 1 && r.anchored {
		// In a keyword-anchored rule's window the first match is the
		// one that starts at the window's keyword; any later match starts
		// at another occurrence, which has a window of its own. Stopping
		// at the first spares a scan of the rest of long windows (PEM
		// keys: 16 KiB).
		limit = 1
	}
	if r.After > 0 {
		// A value counts after its own keyword only; the union holds
		// other bytes too, so every match is looked at.
		sc.after, limit = ws, -1
	}
	s.runSpan(buf, fold, base, u, limit, sc)
}

// followsKeyword reports whether a value starting at start begins within
// after bytes after the keyword of one of the windows ws.
func followsKeyword(ws []window, start, after int) bool {
	return slices.ContainsFunc(ws, func(w window) bool { return w.thi <= start && start <= w.thi+after })
}

// sortWindows puts ws in windowOrder and drops duplicates.
//
// Repeated triggers make tens of thousands of windows, and a comparison
// sort of them cost as much as running the regexes. But each kind of
// trigger adds its windows in order of position, so ws is a few rules'
// runs, each already (nearly) in order: a counting sort by rule, stable,
// then a check of each rule's run, sorts them in about linear time.
func (sc *scratch) sortWindows(ws []window) []window {
	if slices.IsSortedFunc(ws, windowOrder) {
		return slices.Compact(ws)
	}
	if len(ws) < 64 {
		slices.SortFunc(ws, windowOrder)
		return slices.Compact(ws)
	}
	// Count per rule, shifted by one so that gates (gateRule, -1) come
	// first, as windowOrder puts them.
	top := int32(gateRule)
	for i := range ws {
		top = max(top, ws[i].rule)
	}
	n := int(top) + 2
	if cap(sc.wcount) < n+1 {
		sc.wcount = make([]int32, n+1)
	}
	count := sc.wcount[:n+1]
	clear(count)
	for i := range ws {
		count[ws[i].rule+2]++
	}
	for r := 1; r <= n; r++ {
		count[r] += count[r-1]
	}
	sc.wtmp = slices.Grow(sc.wtmp[:0], len(ws))[:len(ws)]
	for i := range ws {
		r := ws[i].rule + 1
		sc.wtmp[count[r]] = ws[i]
		count[r]++
	}
	copy(ws, sc.wtmp)
	for lo := 0; lo < len(ws); {
		hi := lo + 1
		for hi < len(ws) && ws[hi].rule == ws[lo].rule {
			hi++
		}
		if run := ws[lo:hi]; !slices.IsSortedFunc(run, windowOrder) {
			slices.SortFunc(run, windowOrder)
		}
		lo = hi
	}
	return slices.Compact(ws)
}
