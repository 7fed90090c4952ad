package detectors

import "unicode/utf8"

// phonePattern is the phone-number rule's definition; NextPhone is the
// same search in Go.
const phonePattern = `(?:^|[^\w+.\-/:#$€£ ]|(?:^|\D) |\d \B|(?i:tel|phone|fax):)(\+\d{7,15}|(?:\+|00)?(?:\(\d{1,5}\)[ .\-]?)?\d{1,8}(?:[ .\-]?\(\d{1,5}\)[ .\-]?\d{1,8}|[ .\-]\d{1,8}){0,6})(?:$|[^\w.\-/:% ]| (?:$|\D)|[.\-/](?:\s|$))`

// NextPhone is NextIPv4 for phonePattern (Rule.FindValue): every digit
// cluster runs the phone rule, and in text dense with numbers each cost
// one or two go-re2 calls. It is the pattern's backtracking search
// written out — at each start the leading alternatives in order, for
// each the value's alternatives, optional parts taken first, counted
// repeats longest first, the right boundary's alternatives last — so
// the first success is the pattern's leftmost-first match
// (TestNextValueEqualsPattern and FuzzNextValue compare them). A digit
// run is taken whole or the next byte, a digit, fails every
// continuation at once, so the search stays linear in the window.
func NextPhone(b []byte, from int, caret bool) (start, end, vstart, vend int) {
	s := phoneSearch{b: b}
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
		// [^\w+.\-/:#$€£ ]
		if phoneLeadClass(b, p, c) && s.value(p+size) {
			return p, s.mend, p + size, s.vend
		}
		// (?:^|\D) followed by a space
		if p == 0 && caret && c == ' ' && s.value(1) {
			return 0, s.mend, 1, s.vend
		}
		if !isDigitB(c) && p+size < len(b) && b[p+size] == ' ' && s.value(p+size+1) {
			return p, s.mend, p + size + 1, s.vend
		}
		// \d \B
		if isDigitB(c) && p+1 < len(b) && b[p+1] == ' ' && (p+2 == len(b) || !isWordByte(b[p+2])) && s.value(p+2) {
			return p, s.mend, p + 2, s.vend
		}
		// (?i:tel|phone|fax):
		if l := c | 0x20; l == 't' || l == 'p' || l == 'f' {
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
	b          []byte
	mend, vend int
}

func isPhoneSep(c byte) bool { return c == ' ' || c == '.' || c == '-' }

// value: \+\d{7,15}|(?:\+|00)?(?:\(\d{1,5}\)[ .\-]?)?\d{1,8}(?:…){0,6}
// at v, then the right boundary.
func (s *phoneSearch) value(v int) bool {
	b := s.b
	if v >= len(b) {
		return false
	}
	if b[v] == '+' {
		for k := digitRun(b, v+1, 15); k >= 7; k-- {
			if s.right(v + 1 + k) {
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

// groups: (?:[ .\-]?\(\d{1,5}\)[ .\-]?\d{1,8}|[ .\-]\d{1,8}){c..6} at x,
// one more first, then the right boundary.
func (s *phoneSearch) groups(x, c int) bool {
	b := s.b
	if c < 6 {
		sep := x < len(b) && isPhoneSep(b[x])
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
	return s.right(x)
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

// right: (?:$|[^\w.\-/:% ]| (?:$|\D)|[.\-/](?:\s|$)) at x.
func (s *phoneSearch) right(x int) bool {
	b := s.b
	s.vend = x
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
