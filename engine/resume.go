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

// resumeMatches completes ms, the matches of rule r in win as the search
// from each match's end found them (m[2g], m[2g+1] the value), with the
// matches that search missed: after a match whose right boundary
// consumed bytes, one whose left boundary uses them. It costs one RE2
// call per such match, and returns ms itself when nothing was missed.
func (r *compiledRule) resumeMatches(g int, win []byte, ms [][]int) [][]int {
	var out [][]int // nil until a match was missed
	cur := ms
	for i := 0; i < len(cur); i++ {
		m := cur[i]
		if out != nil {
			out = append(out, m)
		}
		ve := m[2*g+1]
		if ve < 1 || ve >= m[1] {
			continue
		}
		// A next value starts at ve at the earliest, its left boundary
		// at ve-1; the search from m[1] saw only those past m[1].
		from := ve - 1
		nx := r.resume.FindAllSubmatchIndex(win[from:], 1)
		if len(nx) == 0 {
			break
		}
		n := nx[0]
		for k := range n {
			if n[k] >= 0 {
				n[k] += from
			}
		}
		if n[0] >= m[1] && i+1 < len(cur) {
			continue // the search from m[1] found the same next match
		}
		if out == nil {
			out = append(make([][]int, 0, len(ms)+1), ms[:i+1]...)
		}
		// Go on from n alone: matches found past m[1] may overlap it.
		cur, i = [][]int{n}, -1
	}
	if out == nil {
		return ms
	}
	return out
}
