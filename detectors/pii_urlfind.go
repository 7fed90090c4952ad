package detectors

import (
	"unicode/utf8"
)

// urlPattern is the URL rule's definition; NextURL is the same search in
// Go.
const urlPattern = `(?i)\b((?:https?://|ftp://|www\.)[^\s<>"'\x60\\]{2,1000}[^\s<>"'\x60\\.,;:!?)\]}*])`

// NextURL is the first match of urlPattern at or after from, as the
// pattern's search from there finds it (b[from-1] counts for \b), or
// -1, -1. Text dense with URLs costs go-re2 about a microsecond a URL;
// the engine runs this instead (Rule.Find) and the pattern stays the
// rule's definition (TestNextURLEqualsPattern and FuzzNextURL compare
// them).
//
// After the scheme the body is the run of runes its class takes, and the
// greedy {2,1000} takes as many as it can so that the rune after them
// may end the URL: the match ends at the last rune of the run's first
// 1001 that is not trailing punctuation, if it is the third or later.
// Under (?i) "https" also takes 'ſ' (U+017F) for its s.
func NextURL(b []byte, from int) (start, end int) {
	for p := from; p < len(b); p++ {
		c := b[p] | 0x20
		if c != 'h' && c != 'f' && c != 'w' {
			continue
		}
		if p > 0 && isWordByte(b[p-1]) {
			continue
		}
		x := urlScheme(b, p)
		if x < 0 {
			continue
		}
		if e := urlBodyEnd(b, x); e >= 0 {
			return p, e
		}
	}
	return -1, -1
}

// urlScheme is where the body starts after a scheme at p, the
// alternatives tried in order (https?:// with the s first), or -1.
func urlScheme(b []byte, p int) int {
	if hasFoldPrefix(b[p:], "http") {
		x := p + 4
		if x < len(b) && b[x]|0x20 == 's' {
			if hasFoldPrefix(b[x+1:], "://") {
				return x + 4
			}
		} else if x+1 < len(b) && b[x] == 0xC5 && b[x+1] == 0xBF {
			if hasFoldPrefix(b[x+2:], "://") {
				return x + 5
			}
		}
		if hasFoldPrefix(b[x:], "://") {
			return x + 3
		}
		return -1
	}
	if hasFoldPrefix(b[p:], "ftp://") {
		return p + 6
	}
	if hasFoldPrefix(b[p:], "www.") {
		return p + 4
	}
	return -1
}

// hasFoldPrefix: b starts with the lower-case ASCII word s, any case
// (for letters with no non-ASCII fold: not k or s).
func hasFoldPrefix(b []byte, s string) bool {
	if len(b) < len(s) {
		return false
	}
	for i := range len(s) {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// urlBodyEnd is the end of [^\s<>"'\x60\\]{2,1000}[^\s<>"'\x60\\.,;:!?)\]}*]
// at x, or -1.
func urlBodyEnd(b []byte, x int) int {
	end := -1
	for n := 1; n <= 1001 && x < len(b); n++ {
		c := b[x]
		size := 1
		if c >= utf8.RuneSelf {
			_, size = utf8.DecodeRune(b[x:])
		} else if urlStop[c]&1 != 0 {
			break
		}
		x += size
		if n >= 3 && (c >= utf8.RuneSelf || urlStop[c] == 0) {
			end = x
		}
	}
	return end
}

// urlStop: bit 1, not in the body's class; bit 2, trailing punctuation
// a URL does not end with.
var urlStop = func() (t [128]uint8) {
	for _, c := range " \t\n\f\r<>\"'`\\" {
		t[c] = 1
	}
	for _, c := range ".,;:!?)]}*" {
		t[c] = 2
	}
	return t
}()
