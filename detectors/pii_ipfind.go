package detectors

import (
	"bytes"
	"unicode/utf8"
)

// The IP address rules' definitions; NextIPv4 and NextIPv6 are the same
// searches in Go.
const (
	ipv4Pattern = `(?:^|[^\w.])((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))(?:$|[^\w.]|\.(?:\s|$))`
	ipv6Pattern = `(?i)(?:^|[^\w:])((?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:|(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})(?:$|[^\w:])`
)

// NextIPv4 is the first match of ipv4Pattern that starts at or after
// from, as the pattern's search from there finds it (^ holds at 0 only
// when caret), with the bounds of its value group; -1s if there is none. A list of
// addresses (a log, a config) is a finding every few bytes, and each cost
// about a microsecond of go-re2 with its resumed search (the boundary
// groups consume a byte); the engine runs this instead (Rule.FindValue)
// and the pattern stays the rule's definition (TestNextIPEqualsPattern and
// FuzzNextIP compare them).
//
// The pattern's choices are few: every octet but the last is followed by
// '.', and the last by a boundary that is not a word byte, so each octet
// is its whole digit run (1 to 3 digits, no leading zero but "0", at most
// 255). A value starts at a digit run with ^ or a rune that is neither
// \w nor '.' before it: those are tried in order.
func NextIPv4(b []byte, from int, caret bool) (start, end, vstart, vend int) {
	for x := from; x < len(b); {
		for x < len(b) && !isDigitB(b[x]) {
			x++
		}
		if x >= len(b) {
			break
		}
		if m0 := ipLeft(b, from, x, '.', caret); m0 >= 0 {
			if ve, me := ipv4At(b, x); ve >= 0 {
				return m0, me, x, ve
			}
		}
		for x < len(b) && isDigitB(b[x]) {
			x++
		}
	}
	return -1, -1, -1, -1
}

// ipLeft is where a match whose value starts at x starts: x at 0 (^,
// when caret), else the start of the rune before x if it is neither \w
// nor sep, and not before from; -1 if there is none.
func ipLeft(b []byte, from, x int, sep byte, caret bool) int {
	if x == 0 {
		if caret {
			return 0
		}
		return -1
	}
	if x <= from {
		return -1
	}
	if c := b[x-1]; c < utf8.RuneSelf {
		if isWordByte(c) || c == sep {
			return -1
		}
		return x - 1
	}
	_, n := utf8.DecodeLastRune(b[from:x])
	return x - n
}

// ipv4At is the end of the value at x and of the match, or -1s.
func ipv4At(b []byte, x int) (vend, mend int) {
	for k := range 4 {
		n := 0
		for x+n < len(b) && isDigitB(b[x+n]) && n < 4 {
			n++
		}
		if !octet(b[x : x+n]) {
			return -1, -1
		}
		x += n
		if k < 3 {
			if x >= len(b) || b[x] != '.' {
				return -1, -1
			}
			x++
		}
	}
	// (?:$|[^\w.]|\.(?:\s|$))
	switch {
	case x == len(b):
		return x, x
	case b[x] == '.':
		if x+1 == len(b) {
			return x, x + 1
		}
		if isRE2Space(b[x+1]) {
			return x, x + 2
		}
		return -1, -1
	case isWordByte(b[x]):
		return -1, -1
	}
	_, n := utf8.DecodeRune(b[x:])
	return x, x + n
}

// octet: 25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d, all of d.
func octet(d []byte) bool {
	switch len(d) {
	case 1:
		return true
	case 2:
		return d[0] != '0'
	case 3:
		return d[0] == '1' || (d[0] == '2' && (d[1] < '5' || (d[1] == '5' && d[2] <= '5')))
	}
	return false
}

// isRE2Space is \s: [\t\n\f\r ].
func isRE2Space(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// NextIPv6 is NextIPv4 for ipv6Pattern. Its four forms are tried in
// order at each start; in each, a group's hex number is its whole hex
// run (':' follows it, or a boundary that is not a word byte), so the
// greedy counts take as many groups as there are and giving one back
// never helps: each form has one way to match at most.
func NextIPv6(b []byte, from int, caret bool) (start, end, vstart, vend int) {
	nc := -1 // the first ':' at or after x
	for x := from; x < len(b); x++ {
		// Every form has a ':' within its first five bytes: starts
		// further before the next ':' are skipped.
		if nc < x {
			i := bytes.IndexByte(b[x:], ':')
			if i < 0 {
				break
			}
			nc = x + i
		}
		x = max(x, nc-4)
		c := b[x]
		if !isHexDigit(c) && c != ':' {
			continue
		}
		m0 := ipLeft(b, from, x, ':', caret)
		if m0 >= 0 {
			if ve := ipv6At(b, x); ve >= 0 {
				if ve == len(b) {
					return m0, ve, x, ve
				}
				_, n := utf8.DecodeRune(b[ve:])
				return m0, ve + n, x, ve
			}
		}
		// A start needs a byte before it that is neither \w nor ':':
		// none in this run of hex and colons.
		for x+1 < len(b) && (isHexDigit(b[x+1]) || b[x+1] == ':') {
			x++
		}
	}
	return -1, -1, -1, -1
}

// hexRun is the length of the hex run at b[x:], up to 5.
func hexRun(b []byte, x int) int {
	n := 0
	for x+n < len(b) && n < 5 && isHexDigit(b[x+n]) {
		n++
	}
	return n
}

// ipv6Right: (?:$|[^\w:]) holds at x.
func ipv6Right(b []byte, x int) bool {
	return x == len(b) || (!isWordByte(b[x]) && b[x] != ':')
}

// hexGroups counts the groups (?:h{1,4}:) at x, up to max, and returns
// the count and the position after them.
func hexGroups(b []byte, x, max int) (int, int) {
	k := 0
	for k < max {
		n := hexRun(b, x)
		if n < 1 || n > 4 || x+n >= len(b) || b[x+n] != ':' {
			break
		}
		x += n + 1
		k++
	}
	return k, x
}

// ipv6At is the end of the value at x, trying the pattern's forms in
// order, or -1.
func ipv6At(b []byte, x int) int {
	if isHexDigit(b[x]) {
		// (?:h{1,4}:){7}h{1,4}
		if k, y := hexGroups(b, x, 7); k == 7 {
			if n := hexRun(b, y); n >= 1 && n <= 4 && ipv6Right(b, y+n) {
				return y + n
			}
		}
		// (?:h{1,4}:){1,7}:
		if k, y := hexGroups(b, x, 7); k >= 1 && y < len(b) && b[y] == ':' && ipv6Right(b, y+1) {
			return y + 1
		}
		// (?:h{1,4}:){1,6}(?::h{1,4}){1,6}
		if k, y := hexGroups(b, x, 6); k >= 1 {
			m := 0
			for m < 6 && y < len(b) && b[y] == ':' {
				n := hexRun(b, y+1)
				if n < 1 || n > 4 {
					break
				}
				y += 1 + n
				m++
			}
			if m >= 1 && ipv6Right(b, y) {
				return y
			}
		}
		return -1
	}
	// ::(?:h{1,4}:){0,6}h{1,4}
	if x+1 >= len(b) || b[x+1] != ':' {
		return -1
	}
	_, y := hexGroups(b, x+2, 6)
	if n := hexRun(b, y); n >= 1 && n <= 4 && ipv6Right(b, y+n) {
		return y + n
	}
	return -1
}
