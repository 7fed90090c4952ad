package engine

import (
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A bounded repeat of one character, such as the URL rule's
// `[^\s<>"'…]{2,1000}`, is as many RE2 instructions as its bound, and
// RE2's lazy DFA builds a state for each count it reaches: the URL
// pattern alone cost a fresh process 16 ms to compile and some 240 ms of
// DFA construction on its first MiB of Go source, where the same search
// with `{2,}` costs well under a millisecond of each.
//
// So a catalogue pattern runs with its large bounds relaxed (`{m,N}`
// becomes `{m,}`, for a repeat of one character and N >= relaxMin), and
// the exact pattern runs only when a match of the relaxed one is long
// enough that a relaxed repeat may have gone past its bound. That keeps
// every match identical. With leftmost-first matching, the paths of the
// exact pattern are those of the relaxed one whose counts are within the
// bounds, in the same order of preference: at any start, if the relaxed
// pattern's preferred path keeps every count within its bound, it is
// also the exact pattern's preferred path (same match, same groups); if
// the relaxed pattern has no match there, neither has the exact one.
// So as long as no relaxed match can hold a count past its bound, the
// two find the same matches, one after the other. A match in which a
// relaxed repeat took c characters is at least c + (width - m) bytes
// long, width being the fewest characters any match of the pattern
// has; a match no longer than N + width - m for every relaxed repeat
// has none past its bound (boundedRegex checks that).

// relaxMin is the smallest bound relaxed: smaller repeats cost little,
// and their limit would be near the length of ordinary matches (which
// would then run both programs).
const relaxMin = 60

// relaxBounds returns expr with the large bounds of its one-character
// repeats removed and the longest match that cannot have gone past one
// (see above). ok is false when nothing was relaxed, or when the
// rewrite is not exactly that (checked on the parsed patterns): then
// the caller runs expr as it is.
func relaxBounds(expr string) (relaxed string, limit int, ok bool) {
	relaxed, ok = relaxText(expr)
	if !ok {
		return "", 0, false
	}
	orig, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return "", 0, false
	}
	re, err := syntax.Parse(relaxed, syntax.Perl)
	if err != nil {
		return "", 0, false
	}
	var bounds [][2]int // {min, max} of each relaxed repeat
	if !relaxedOnly(orig, re, &bounds) || len(bounds) == 0 {
		return "", 0, false
	}
	width := minRunes(orig)
	limit = -1
	for _, b := range bounds {
		if l := b[1] + width - b[0]; limit < 0 || l < limit {
			limit = l
		}
	}
	return relaxed, limit, true
}

// relaxText rewrites, in expr's text, each `{m,N}` (N >= relaxMin) that
// follows one character (a literal, an escape for one, a class or '.')
// to `{m,}`. It reads the syntax only as far as that needs; relaxBounds
// checks the result on the parsed patterns.
func relaxText(expr string) (string, bool) {
	var b strings.Builder
	last := 0       // expr[last:i] is not yet copied to b
	single := false // the previous item is one character
	changed := false
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '\\':
			if i+1 >= len(expr) {
				return "", false
			}
			e := expr[i+1]
			switch {
			case e == 'Q' || '0' <= e && e <= '9':
				return "", false // \Q…\E and octal: not worth reading
			case e == 'x' || e == 'p' || e == 'P':
				j := i + 2
				if j < len(expr) && expr[j] == '{' {
					k := strings.IndexByte(expr[j:], '}')
					if k < 0 {
						return "", false
					}
					j += k + 1
				} else if e == 'x' {
					j += 2
				} else {
					j++
				}
				i, single = j, true
			case strings.IndexByte("bBAz", e) >= 0:
				i, single = i+2, false
			default:
				i, single = i+2, true
			}
		case c == '[':
			end, ok := classEnd(expr, i, len(expr))
			if !ok {
				return "", false
			}
			i, single = end, true
		case c == '{':
			lo, hi, n, ok := braceRepeat(expr[i:])
			if !ok {
				i, single = i+1, true // a literal '{'
				break
			}
			if single && hi >= relaxMin {
				b.WriteString(expr[last:i])
				b.WriteString("{" + strconv.Itoa(lo) + ",}")
				last = i + n
				changed = true
			}
			i, single = i+n, false
		case c == '(' || c == ')' || c == '|' || c == '^' || c == '$' || c == '*' || c == '+' || c == '?':
			// A group's flags and name are read as literals, which is
			// harmless: no repeat can follow them.
			i, single = i+1, false
		case c >= utf8.RuneSelf:
			_, n := utf8.DecodeRuneInString(expr[i:])
			i, single = i+n, true
		default:
			i, single = i+1, true
		}
	}
	if !changed {
		return "", false
	}
	b.WriteString(expr[last:])
	return b.String(), true
}

// braceRepeat reads a `{m,N}` repeat at the start of s: its bounds and
// length. Other forms ({m}, {m,}) and non-repeats report !ok.
func braceRepeat(s string) (lo, hi, n int, ok bool) {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return 0, 0, 0, false
	}
	a, z, found := strings.Cut(s[1:end], ",")
	if !found {
		return 0, 0, 0, false
	}
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(z)
	if err1 != nil || err2 != nil || lo < 0 || hi < lo || a[0] == '+' || z[0] == '+' {
		return 0, 0, 0, false
	}
	return lo, hi, end + 1, true
}

// relaxedOnly reports whether re is orig with some one-character
// repeats' upper bounds (>= relaxMin) removed, and nothing else changed;
// it appends the {min, max} of each such repeat to bounds.
func relaxedOnly(orig, re *syntax.Regexp, bounds *[][2]int) bool {
	if orig.Op != re.Op || orig.Flags != re.Flags || orig.Cap != re.Cap || orig.Name != re.Name ||
		orig.Min != re.Min || len(orig.Sub) != len(re.Sub) || !slices.Equal(orig.Rune, re.Rune) {
		return false
	}
	if orig.Max != re.Max {
		if orig.Op != syntax.OpRepeat || re.Max != -1 || orig.Max < relaxMin || !oneChar(orig.Sub[0]) {
			return false
		}
		*bounds = append(*bounds, [2]int{orig.Min, orig.Max})
	}
	for i := range orig.Sub {
		if !relaxedOnly(orig.Sub[i], re.Sub[i], bounds) {
			return false
		}
	}
	return true
}

// oneChar reports whether re matches exactly one character.
func oneChar(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 1
	}
	return false
}

// minRunes is the fewest characters a match of re has (each is at
// least one byte).
func minRunes(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return minRunes(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min * minRunes(re.Sub[0])
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n += minRunes(s)
		}
		return n
	case syntax.OpAlternate:
		n := -1
		for _, s := range re.Sub {
			if m := minRunes(s); n < 0 || m < n {
				n = m
			}
		}
		return max(n, 0)
	}
	return 0 // empty-width ops, star, quest, no match
}

// boundedRegex runs fast (the relaxed pattern) and falls back to exact
// (the pattern as written, built on first need) for a text in which
// fast found a match longer than limit.
type boundedRegex struct {
	fast, exact regex
	limit       int
}

func (r *boundedRegex) tooLong(ms [][]int) bool {
	for _, m := range ms {
		if m[1]-m[0] > r.limit {
			return true
		}
	}
	return false
}

func (r *boundedRegex) FindAllSubmatchIndex(b []byte, n int) [][]int {
	ms := r.fast.FindAllSubmatchIndex(b, n)
	if r.tooLong(ms) {
		return r.exact.FindAllSubmatchIndex(b, n)
	}
	return ms
}

func (r *boundedRegex) FindAllIndex(b []byte, n int) [][]int {
	ms := r.fast.FindAllIndex(b, n)
	if r.tooLong(ms) {
		return r.exact.FindAllIndex(b, n)
	}
	return ms
}

// Match asks for fast's leftmost match: the exact pattern has the same
// one unless it is too long.
func (r *boundedRegex) Match(b []byte) bool {
	ms := r.fast.FindAllIndex(b, 1)
	if len(ms) == 0 {
		return false
	}
	if r.tooLong(ms) {
		return r.exact.Match(b)
	}
	return true
}

func (r *boundedRegex) NumSubexp() int { return r.fast.NumSubexp() }
