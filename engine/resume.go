package engine

import (
	"strings"
	"sync"
)

// RE2 has no lookbehind, so many rules emulate a left boundary with a
// consumed group, `(?:^|[^\w.])(value)(?:$|[^\w.])`, and a right one the
// same way. Searching on from the end of such a match loses the next
// value when one separator stands between two: the separator was the
// right boundary of the first match, and the second match needs it as
// its left boundary. `10.0.0.1 10.0.0.2 10.0.0.3` gave every other
// address.
//
// So after a match whose right boundary consumed bytes, the engine
// searches again from the last byte of the value: that byte is the
// earliest a next match's left boundary may use (values do not overlap).
// Searching a sub-slice would make ^ hold at its start, which the text
// does not; the search uses the rule's resume pattern instead, the
// pattern with the ^ alternatives of its leading boundary group
// removed, which matches from a position exactly as the whole pattern
// matches there in the text.

// resumeCache shares one resume program per pattern (provider rows share
// patterns); each compiles on first use.
var resumeCache sync.Map // pattern -> *lazyRegex

// resumeRegex is the resume program of a rule's pattern, or nil if the
// pattern's left boundary is not a leading group with a ^ alternative.
func resumeRegex(pattern string, group int) regex {
	if group < 1 {
		return nil
	}
	expr, ok := resumePattern(pattern)
	if !ok {
		return nil
	}
	re, _ := resumeCache.LoadOrStore(pattern, newLazyRegex(expr))
	return re.(*lazyRegex)
}

// resumePattern rewrites `flags (?:^|A|(?:^|B) C) rest` to
// `flags (?:A|(?:B) C) rest`. It declines patterns with ^ or $ under a
// multi-line flag, a ^ outside the leading group, or a leading group
// whose alternatives are all ^.
func resumePattern(p string) (string, bool) {
	i := 0
	// Leading flag groups: (?i), (?s), (?is) …
	for strings.HasPrefix(p[i:], "(?") {
		j := i + 2
		for j < len(p) && p[j] >= 'a' && p[j] <= 'z' {
			j++
		}
		if j >= len(p) || p[j] != ')' || j == i+2 {
			break
		}
		if strings.ContainsRune(p[i:j], 'm') {
			return "", false
		}
		i = j + 1
	}
	if !strings.HasPrefix(p[i:], "(?:^|") {
		return "", false
	}
	close, ok := groupEnd(p, i+len("(?:"), len(p))
	if !ok {
		return "", false
	}
	end := close + 1
	lead := p[i:end]
	var b strings.Builder
	b.WriteString(p[:i])
	removed := false
	for k := 0; k < len(lead); {
		c := lead[k]
		switch {
		case c == '\\' && k+1 < len(lead):
			b.WriteString(lead[k : k+2])
			k += 2
			continue
		case c == '[':
			e, ok := classEnd(lead, k, len(lead))
			if !ok {
				return "", false
			}
			b.WriteString(lead[k:e])
			k = e
			continue
		case c == '^':
			// A ^ alternative: after ( (?: or |, followed by |.
			prev := b.String()
			if k+1 < len(lead) && lead[k+1] == '|' && (strings.HasSuffix(prev, "(?:") || strings.HasSuffix(prev, "(") || strings.HasSuffix(prev, "|")) {
				k += 2
				removed = true
				continue
			}
			return "", false
		}
		b.WriteByte(c)
		k++
	}
	if !removed || hasAnchor(p[end:]) {
		return "", false
	}
	b.WriteString(p[end:])
	out := b.String()
	if strings.Contains(out, "(?:)") || strings.Contains(out, "|)") {
		return "", false
	}
	return out, true
}

// hasAnchor reports a ^ or \A outside character classes in p.
func hasAnchor(p string) bool {
	for k := 0; k < len(p); k++ {
		switch p[k] {
		case '\\':
			if k+1 < len(p) && p[k+1] == 'A' {
				return true
			}
			k++
		case '[':
			e, ok := classEnd(p, k, len(p))
			if !ok {
				return true
			}
			k = e - 1
		case '^':
			return true
		}
	}
	return false
}

// resumeMatches completes ms, the matches of rule r (index ri) in win as
// the search from each match's end found them (m[2g], m[2g+1] the
// value), with the matches that search missed: after a match whose right
// boundary consumed bytes, one whose left boundary uses them. It returns
// ms itself when nothing was missed.
//
// The next match after m is the first match of the resume pattern at or
// past q = m's value end - 1. That was one capture search per match
// (about 2.5 µs and 9 allocations in the pure-Go build, on a list of
// addresses). Now the engine answers it from matches it already knows
// where it can: a match y found by a search that began at b (or went on
// from the end of the match before y, at b) is the first match at or past
// any q with b <= q <= y's start, since nothing starts in [b, y's start).
// ms is such a chain, and so is each capture-free resume search, which
// asks RE2 for more matches at once while their answers keep being used.
// On a list of addresses one search from the first missed value answers
// every other one, ms the rest. The value group of a resumed match comes
// from the scratch's group cache (submatch.go), which is keyed against
// the whole window: the resume pattern matches at a position past 0 as
// the whole pattern does there, with the same groups. Only a miss runs the
// capture search, from q as before.
func (r *compiledRule) resumeMatches(g int, ri int32, win []byte, ms [][]int, sc *scratch) [][]int {
	if len(ms) == 0 {
		return ms
	}
	rs := resumer{r: r, win: win, ms: ms, aj: 1, batch: 1}
	var out [][]int // nil until a match was missed
	x, i, inMs := ms[0], 0, true
	for {
		if out != nil {
			out = append(out, x)
		}
		ve := x[2*g+1]
		if ve < 1 || ve >= x[1] {
			if inMs && i+1 < len(ms) {
				i++
				x = ms[i]
				continue
			}
			break
		}
		// A next value starts at ve at the earliest, its left boundary
		// at ve-1; the search from x[1] saw only those past x[1].
		q := ve - 1
		n := rs.next(q)
		if n == nil {
			break
		}
		if n[0] >= x[1] && inMs && i+1 < len(ms) {
			i++ // the search from x[1] found the same next match
			x = ms[i]
			continue
		}
		if out == nil {
			out = append(make([][]int, 0, len(ms)+8), ms[:i+1]...)
		}
		// Go on from n alone: matches found past x[1] may overlap it.
		if x = rs.groups(g, ri, q, n, sc); x == nil {
			break
		}
		inMs = false
	}
	if out == nil {
		return ms
	}
	return out
}

// resumer answers resumeMatches' "first match at or past q" from the
// chains of matches it knows: ms (from its second match on: the first may
// owe its start to ^) and the last capture-free resume search.
type resumer struct {
	r   *compiledRule
	win []byte
	ms  [][]int
	aj  int // first match of ms that may start at or past q
	// chain holds the matches of the last resume search, from chainFrom;
	// chainAll: it holds every match past chainFrom (RE2 found fewer
	// than asked). bj is its cursor as aj is ms', batch the matches the
	// next search asks for.
	chain     [][]int
	chainFrom int
	chainAll  bool
	bj        int
	batch     int
	ints      []int // backing of the resumed matches' bounds
}

// resumeBatchMax bounds the matches one capture-free resume search asks
// for: the ones not used cost search work for nothing.
const resumeBatchMax = 64

// next returns the first match of the resume pattern at or past q in
// win (its bounds only), or nil if there is none. q never decreases from
// one call to the next.
func (rs *resumer) next(q int) []int {
	ms := rs.ms
	for rs.aj < len(ms) && ms[rs.aj][0] < q {
		rs.aj++
	}
	if rs.aj < len(ms) && ms[rs.aj-1][1] <= q {
		return ms[rs.aj]
	}
	if rs.chain != nil || rs.chainAll {
		c := rs.chain
		for rs.bj < len(c) && c[rs.bj][0] < q {
			rs.bj++
		}
		base := rs.chainFrom
		if rs.bj > 0 {
			base = c[rs.bj-1][1]
		}
		// Ask for twice as many matches at once when the last search's
		// ran out while answering; one when they left a gap.
		rs.batch = 1
		if base <= q {
			if rs.bj < len(c) {
				return c[rs.bj]
			}
			if rs.chainAll {
				return nil
			}
			rs.batch = min(2*len(c), resumeBatchMax)
		}
	}
	c := rs.r.resume.FindAllIndex(rs.win[q:], rs.batch)
	for _, m := range c {
		m[0] += q
		m[1] += q
	}
	rs.chain, rs.chainFrom, rs.chainAll, rs.bj = c, q, len(c) < rs.batch, 0
	if len(c) == 0 {
		return nil
	}
	return c[0]
}

// groups returns match n (the first at or past q) with the bounds of
// value group g, as the capture search from q gives them, or nil if that
// search finds nothing. A match of ms, or of an earlier capture search,
// has them already. On a cache miss the capture search from q asks for as
// many matches as the last capture-free one and becomes the chain next
// answers from: values that do not repeat cost one capture search per
// batch, not per value.
func (rs *resumer) groups(g int, ri int32, q int, n []int, sc *scratch) []int {
	if len(n) >= 2*g+2 {
		return n
	}
	if n[0] >= 1 && n[1]-n[0] <= groupKeyMax {
		// At 0 the whole pattern's ^ may have made a cached entry that
		// the resume pattern would not.
		if gs, ok := sc.groups[string(sc.groupKey(ri, rs.win, n))]; ok {
			k := len(rs.ints)
			rs.ints = appendGroups(rs.ints, n, g, gs)
			return rs.ints[k:len(rs.ints):len(rs.ints)]
		}
	}
	full := rs.r.resume.FindAllSubmatchIndex(rs.win[q:], rs.batch)
	for _, m := range full {
		for k := range m {
			if m[k] >= 0 {
				m[k] += q
			}
		}
	}
	rs.chain, rs.chainFrom, rs.chainAll, rs.bj = full, q, len(full) < rs.batch, 0
	if len(full) == 0 {
		return nil
	}
	if full[0][0] >= 1 {
		sc.fillGroups(ri, g, rs.win, full)
	}
	return full[0]
}
