package engine

// Finding a rule's value group costs RE2 a capture pass per match on top
// of the search: in the pure-Go build about 4-5 µs for the phone pattern
// (which consumes a boundary byte on each side of its group), against
// about 1 µs for the match alone. Text that repeats one shape — dotted
// quads, digit groups, a line of the same address — pays it for every
// repetition.
//
// The groups of a match depend only on the match's bytes and the byte on
// each side of it (the context of ^, $ and \b), whatever the rest of the
// window holds. So runSpan finds the matches without captures first and
// looks each one up in a small cache keyed by those bytes; only when one
// is missing does it run the capture search over the window (as it
// always did), and it remembers what that found. Values that never
// repeat still cost one capture per match: that is the floor of this
// path in the pure-Go build.

// groupCacheMax bounds the entries of a scratch's cache, and
// groupKeyMax the matches it holds (longer ones are rarely repeated).
// After a miss the rule's next groupMissSkip windows run the capture
// search alone (still filling the cache): text whose values do not
// repeat pays for the capture-free search in one window of nine at most.
// The skip is the missing rule's alone (sc.subSkip holds the rule + 1
// above its low byte, the windows left in it): on a list of addresses
// the phone pattern's long matches, never cached, sent the IPv4 rule,
// whose matches all were, to the capture search eight windows in nine.
const (
	groupCacheMax = 1024
	groupKeyMax   = 96
	groupMissSkip = 8
)

type groupSpan struct{ s, e int32 } // relative to the match start; -1: no group

// submatches returns the matches of rule ri in win with the bounds of
// group g, as FindAllSubmatchIndex would give them: m[0], m[1] and
// m[2g], m[2g+1] are set (other groups are not).
func (s *Scanner) submatches(r *compiledRule, ri int32, win []byte, limit int, sc *scratch) [][]int {
	g := r.Group
	if g < 1 {
		return r.re.FindAllSubmatchIndex(win, limit)
	}
	if sc.subSkip&0xff > 0 && sc.subSkip>>8 == int(ri)+1 {
		// Matches of this rule were missing from the cache lately: the
		// capture-free search would only add to the capture search.
		sc.subSkip--
		return sc.fillGroups(ri, g, win, r.re.FindAllSubmatchIndex(win, limit))
	}
	ms := r.re.FindAllIndex(win, limit)
	if len(ms) == 0 {
		return nil
	}
	sc.subm = sc.subm[:0]
	hit := true
	for _, m := range ms {
		gs, ok := sc.groups[string(sc.groupKey(ri, win, m))]
		if !ok {
			hit = false
			break
		}
		sc.subm = appendGroups(sc.subm, m, g, gs)
	}
	if hit {
		n := 2*g + 2
		for i := range ms {
			ms[i] = sc.subm[i*n : (i+1)*n : (i+1)*n]
		}
		return ms
	}
	sc.subSkip = (int(ri)+1)<<8 | groupMissSkip
	return sc.fillGroups(ri, g, win, r.re.FindAllSubmatchIndex(win, limit))
}

// appendGroups appends match m as FindAllSubmatchIndex gives it, with
// group g at the cached span gs and the groups before it unset.
func appendGroups(dst, m []int, g int, gs groupSpan) []int {
	dst = append(dst, m[0], m[1])
	for range 2*g - 2 {
		dst = append(dst, -1)
	}
	if gs.s < 0 {
		return append(dst, -1, -1)
	}
	return append(dst, m[0]+int(gs.s), m[0]+int(gs.e))
}

// fillGroups caches the value groups of the matches full of rule ri in
// win and returns full.
func (sc *scratch) fillGroups(ri int32, g int, win []byte, full [][]int) [][]int {
	if len(full) == 0 {
		return full
	}
	if sc.groups == nil || len(sc.groups) >= groupCacheMax {
		sc.groups = make(map[string]groupSpan, 64)
	}
	for _, m := range full {
		if m[1]-m[0] > groupKeyMax {
			continue
		}
		gs := groupSpan{-1, -1}
		if m[2*g] >= 0 {
			gs = groupSpan{int32(m[2*g] - m[0]), int32(m[2*g+1] - m[0])}
		}
		sc.groups[string(sc.groupKey(ri, win, m))] = gs
	}
	return full
}

// groupKey is the cache key of match m of rule ri in win: the rule, which
// sides of the match have a byte beside it, and the match with those
// bytes. It is built in sc.gkey (valid until the next call).
func (sc *scratch) groupKey(ri int32, win []byte, m []int) []byte {
	lo, hi := max(m[0]-1, 0), min(m[1]+1, len(win))
	k := append(sc.gkey[:0], byte(ri), byte(ri>>8), byte(ri>>16), byte(ri>>24))
	var edges byte
	if lo < m[0] {
		edges |= 1
	}
	if hi > m[1] {
		edges |= 2
	}
	if m[1]-m[0] > groupKeyMax {
		edges |= 4 // never stored
	}
	k = append(k, edges)
	k = append(k, win[lo:hi]...)
	sc.gkey = k
	return k
}
