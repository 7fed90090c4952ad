package detectors

import "unicode/utf8"

// The phone rules' definitions; their matchers (NextPhone and its
// kin) are the same searches in Go. The national rules have no +/00
// forms nor the `\d \B` and tel: starts, and '/' also separates their
// groups; the then-count rules take a space and a 1-3 digit count after
// the value.
const (
	phonePattern                  = `(?:^|[^\w+.\-/:#$€£ ]|(?:^|\D) |\d \B|(?i:tel|phone|fax):)(\+\d{7,15}|(?:\+|00)?(?:\(\d{1,5}\)[ .\-]?)?\d{1,8}(?:[ .\-]?\(\d{1,5}\)[ .\-]?\d{1,8}|[ .\-]\d{1,8}){0,6})(?:$|[^\w.\-/:% ]| (?:$|\D)|[.\-/](?:\s|$))`
	phoneThenCountPattern         = `(?:^|[^\w+.\-/:#$€£ ]|(?:^|\D) |\d \B|(?i:tel|phone|fax):)(\+\d{7,15}|(?:\+|00)?(?:\(\d{1,5}\)[ .\-]?)?\d{1,8}(?:[ .\-]?\(\d{1,5}\)[ .\-]?\d{1,8}|[ .\-]\d{1,8}){0,6}) \d{1,3}(?:$|[^\w.\-/:% ]| (?:$|\D)|[.\-/](?:\s|$))`
	phoneNationalPattern          = `(?:^|[^\w+.\-/:#$€£ ]|(?:^|\D) )((?:\(\d{1,5}\)[ .\-]?)?\d{1,8}(?:[ .\-/]?\(\d{1,5}\)[ .\-]?\d{1,8}|[ .\-/]\d{1,8}){0,6})(?:$|[^\w.\-/:% ]| (?:$|\D)|[.\-/](?:\s|$))`
	phoneNationalThenCountPattern = `(?:^|[^\w+.\-/:#$€£ ]|(?:^|\D) )((?:\(\d{1,5}\)[ .\-]?)?\d{1,8}(?:[ .\-/]?\(\d{1,5}\)[ .\-]?\d{1,8}|[ .\-/]\d{1,8}){0,6}) \d{1,3}(?:$|[^\w.\-/:% ]| (?:$|\D)|[.\-/](?:\s|$))`
)

// phoneShape is what sets one phone pattern apart from the others.
type phoneShape struct {
	// intl: the value may be \+\d{7,15} or start with + or 00, and the
	// match may also start with `\d \B` or (?i:tel|phone|fax):.
	intl bool
	// slash: '/' also comes before a group (not after a parenthesised
	// one).
	slash bool
	// count: ` \d{1,3}` follows the value.
	count bool
}

// NextPhone is NextIPv4 for phonePattern (Rule.FindValue): every digit
// cluster runs the phone rules, and in text dense with numbers each
// cost one or two go-re2 calls, and an allocation for each match that
// the validator then rejects (most of them, in technical text).
func NextPhone(b []byte, from int, caret bool) (start, end, vstart, vend int) {
	return phoneShape{intl: true}.next(b, from, caret)
}

// NextPhoneThenCount is NextPhone for phoneThenCountPattern.
func NextPhoneThenCount(b []byte, from int, caret bool) (start, end, vstart, vend int) {
	return phoneShape{intl: true, count: true}.next(b, from, caret)
}

// NextPhoneNational is NextPhone for phoneNationalPattern.
func NextPhoneNational(b []byte, from int, caret bool) (start, end, vstart, vend int) {
	return phoneShape{slash: true}.next(b, from, caret)
}

// NextPhoneNationalThenCount is NextPhone for
// phoneNationalThenCountPattern.
func NextPhoneNationalThenCount(b []byte, from int, caret bool) (start, end, vstart, vend int) {
	return phoneShape{slash: true, count: true}.next(b, from, caret)
}

// next is the shape's pattern's backtracking search written out — at
// each start the leading alternatives in order, for each the value's
// alternatives, optional parts taken first, counted repeats longest
// first, the right boundary's alternatives last — so the first success
// is the pattern's leftmost-first match (TestNextPhoneEqualsPattern and
// FuzzNextPhone compare them). A digit run is taken whole or the next
// byte, a digit, fails every continuation at once, so the search stays
// linear in the window.
func (sh phoneShape) next(b []byte, from int, caret bool) (start, end, vstart, vend int) {
	s := phoneSearch{phoneShape: sh, b: b}
	nd := -1 // the first digit at or after p
	for p := from; p < len(b); {
		// Every value holds a digit, at most 8 bytes after the match's
		// start ("phone:+(1"): starts further before the next digit are
		// skipped when that lands on an ASCII byte, which always starts
		// a rune (elsewhere the runes are stepped through).
		if nd < p {
			if nd = indexDigit(b, p); nd < 0 {
				break
			}
		}
		if nd-p > phoneDigitReach && b[nd-phoneDigitReach] < utf8.RuneSelf {
			p = nd - phoneDigitReach
		}
		c := b[p]
		size := 1
		if c >= utf8.RuneSelf {
			_, size = utf8.DecodeRune(b[p:])
		}
		// ^
		if p == 0 && caret && s.value(0) {
			return 0, s.mend, 0, s.vend
		}
		// A digit starts a match only by `\d \B`, so only as the last
		// of its run: the rest of the run is skipped (digit groups cost
		// one start each).
		if isDigitB(c) {
			for p+1 < len(b) && isDigitB(b[p+1]) {
				p++
			}
			if sh.intl && p+1 < len(b) && b[p+1] == ' ' && (p+2 == len(b) || !isWordByte(b[p+2])) && s.value(p+2) {
				return p, s.mend, p + 2, s.vend
			}
			p++
			continue
		}
		// [^\w+.\-/:#$€£ ]
		if phoneLeadClass(b, p, c) && s.value(p+size) {
			return p, s.mend, p + size, s.vend
		}
		// (?:^|\D) followed by a space
		if p == 0 && caret && c == ' ' && s.value(1) {
			return 0, s.mend, 1, s.vend
		}
		if p+size < len(b) && b[p+size] == ' ' && s.value(p+size+1) {
			return p, s.mend, p + size + 1, s.vend
		}
		// (?i:tel|phone|fax):
		if l := c | 0x20; sh.intl && (l == 't' || l == 'p' || l == 'f') {
			for _, w := range [...]string{"tel:", "phone:", "fax:"} {
				if hasFoldPrefix(b[p:], w) && s.value(p+len(w)) {
					return p, s.mend, p + len(w), s.vend
				}
			}
		}
		p += size
	}
	return -1, -1, -1, -1
}

// phoneLeadClass: the rune at p (first byte c) is in [^\w+.\-/:#$€£ ].
func phoneLeadClass(b []byte, p int, c byte) bool {
	if c < utf8.RuneSelf {
		return !isWordByte(c) && c != '+' && c != '.' && c != '-' && c != '/' && c != ':' && c != '#' && c != '$' && c != ' '
	}
	r, _ := utf8.DecodeRune(b[p:])
	return r != '€' && r != '£'
}

// phoneSearch is one start's backtracking search; mend and vend are the
// match's and the value's ends once it succeeds.
type phoneSearch struct {
	phoneShape
	b          []byte
	mend, vend int
}

func isPhoneSep(c byte) bool { return c == ' ' || c == '.' || c == '-' }

// groupSep: c is [ .\-] or, when slash, [ .\-/] (before a group).
func (s *phoneSearch) groupSep(c byte) bool { return isPhoneSep(c) || s.slash && c == '/' }

// value: \+\d{7,15}|(?:\+|00)?(?:\(\d{1,5}\)[ .\-]?)?\d{1,8}(?:…){0,6}
// at v (when intl; else the part after (?:\+|00)?), then the end.
func (s *phoneSearch) value(v int) bool {
	b := s.b
	if v >= len(b) {
		return false
	}
	if !s.intl {
		return s.afterPrefix(v)
	}
	if b[v] == '+' {
		for k := digitRun(b, v+1, 15); k >= 7; k-- {
			if s.end(v + 1 + k) {
				return true
			}
		}
		if s.afterPrefix(v + 1) {
			return true
		}
	} else if b[v] == '0' && v+1 < len(b) && b[v+1] == '0' && s.afterPrefix(v+2) {
		return true
	}
	return s.afterPrefix(v)
}

// afterPrefix: (?:\(\d{1,5}\)[ .\-]?)?\d{1,8}(?:…){0,6} at x.
func (s *phoneSearch) afterPrefix(x int) bool {
	if y := phoneParen(s.b, x); y >= 0 && s.parenTail(y, 0) {
		return true
	}
	return s.digits(x, 0)
}

// parenTail: [ .\-]?\d{1,8} after a parenthesised group at y, then the
// groups from count c.
func (s *phoneSearch) parenTail(y, c int) bool {
	if y < len(s.b) && isPhoneSep(s.b[y]) && s.digits(y+1, c) {
		return true
	}
	return s.digits(y, c)
}

// digits: \d{1,8} at x, longest first, then the groups from count c.
func (s *phoneSearch) digits(x, c int) bool {
	for k := digitRun(s.b, x, 8); k >= 1; k-- {
		if s.groups(x+k, c) {
			return true
		}
	}
	return false
}

// groups: (?:[ .\-]?\(\d{1,5}\)[ .\-]?\d{1,8}|[ .\-]\d{1,8}){c..6} at x
// (a slash too before each, when slash), one more first, then the end.
func (s *phoneSearch) groups(x, c int) bool {
	b := s.b
	if c < 6 {
		sep := x < len(b) && s.groupSep(b[x])
		if sep {
			if y := phoneParen(b, x+1); y >= 0 && s.parenTail(y, c+1) {
				return true
			}
		}
		if y := phoneParen(b, x); y >= 0 && s.parenTail(y, c+1) {
			return true
		}
		if sep && s.digits(x+1, c+1) {
			return true
		}
	}
	return s.end(x)
}

// phoneParen: \(\d{1,5}\) at x; the position after it, or -1.
func phoneParen(b []byte, x int) int {
	if x >= len(b) || b[x] != '(' {
		return -1
	}
	n := digitRun(b, x+1, 6)
	if n < 1 || n > 5 || x+1+n >= len(b) || b[x+1+n] != ')' {
		return -1
	}
	return x + 2 + n
}

// end: the value ends at v; when count, ` \d{1,3}` follows; then the
// right boundary. A shorter count than the digits there leaves a digit,
// which no boundary takes.
func (s *phoneSearch) end(v int) bool {
	x := v
	if s.count {
		if v >= len(s.b) || s.b[v] != ' ' {
			return false
		}
		k := digitRun(s.b, v+1, 3)
		if k == 0 {
			return false
		}
		x = v + 1 + k
	}
	if !s.right(x) {
		return false
	}
	s.vend = v
	return true
}

// right: (?:$|[^\w.\-/:% ]| (?:$|\D)|[.\-/](?:\s|$)) at x; it sets mend.
func (s *phoneSearch) right(x int) bool {
	b := s.b
	if x == len(b) {
		s.mend = x
		return true
	}
	switch c := b[x]; {
	case c == ' ':
		if x+1 == len(b) {
			s.mend = x + 1
			return true
		}
		if isDigitB(b[x+1]) {
			return false
		}
		_, n := utf8.DecodeRune(b[x+1:])
		s.mend = x + 1 + n
		return true
	case c == '.' || c == '-' || c == '/':
		if x+1 == len(b) {
			s.mend = x + 1
			return true
		}
		if isRE2Space(b[x+1]) {
			s.mend = x + 2
			return true
		}
		return false
	case c == ':' || c == '%' || isWordByte(c):
		return false
	}
	_, n := utf8.DecodeRune(b[x:])
	s.mend = x + n
	return true
}

// phoneDigitReach bounds how far after a match's start its first digit
// is: a boundary of 6 bytes and "+(" (8), with room to spare.
const phoneDigitReach = 12

// indexDigit is the position of the first ASCII digit in b[p:], or -1.
func indexDigit(b []byte, p int) int {
	for ; p < len(b); p++ {
		if isDigitB(b[p]) {
			return p
		}
	}
	return -1
}
