package detectors

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// valueFinder pairs a Go value matcher with its pattern and the
// pattern's resume form (the leading group's ^ alternatives removed: a
// search from past 0).
type valueFinder struct {
	id           string
	next         func(b []byte, from int, caret bool) (int, int, int, int)
	re, resumeRe *regexp.Regexp
}

// newValueFinder: carets is the number of ^ alternatives in the
// pattern's leading group (the pattern's only ones).
func newValueFinder(id string, next func(b []byte, from int, caret bool) (int, int, int, int), pattern string, carets int) valueFinder {
	if strings.Count(pattern, "(?:^|") != carets || strings.Count(pattern, "^")-strings.Count(pattern, "[^") != carets {
		panic(id + ": its pattern's ^ are not all in its leading group")
	}
	return valueFinder{id, next, regexp.MustCompile(pattern), regexp.MustCompile(strings.Replace(pattern, "(?:^|", "(?:", carets))}
}

var ipFinders = []valueFinder{
	newValueFinder("ipv4", NextIPv4, ipv4Pattern, 1),
	newValueFinder("ipv6", NextIPv6, ipv6Pattern, 1),
}

// valueMatches lists the matches (start, end, value start, value end)
// as the engine searches with next: on from the value's last byte when
// the match ends past the value, else from the match's end.
func valueMatches(next func(b []byte, from int, caret bool) (int, int, int, int), b []byte) [][]int {
	var out [][]int
	for from, caret := 0, true; ; caret = false {
		s, e, vs, ve := next(b, from, caret)
		if s < 0 {
			return out
		}
		out = append(out, []int{s, e, vs, ve})
		if ve < e {
			from = ve - 1
		} else {
			from = e
		}
	}
}

// patternMatches is valueMatches by the pattern: the whole pattern first,
// then the resume pattern on the rest from each resumed position.
func patternMatches(re, resumeRe *regexp.Regexp, b []byte) [][]int {
	return valueMatches(func(b []byte, from int, caret bool) (int, int, int, int) {
		m := re.FindSubmatchIndex(b)
		if !caret {
			m = resumeRe.FindSubmatchIndex(b[from:])
		}
		if m == nil {
			return -1, -1, -1, -1
		}
		return from + m[0], from + m[1], from + m[2], from + m[3]
	}, b)
}

func checkFindIPs(t testing.TB, b []byte) {
	t.Helper()
	checkValueFinders(t, ipFinders, b)
}

// checkValueFinders: each finder's matches in b are its pattern's.
func checkValueFinders(t testing.TB, finders []valueFinder, b []byte) {
	t.Helper()
	for _, f := range finders {
		want := patternMatches(f.re, f.resumeRe, b)
		got := valueMatches(f.next, b)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("%s %q: Go %v, pattern %v", f.id, b, got, want)
		}
	}
}

var ipAlphabet = []string{"1", "2", "5", "0", "9", "a", "F", "g", "_", ".", ".", ":", ":", " ", " ", "\t", "\n", "-", "/", "é", "\xc3", "\xa9",
	"(", ")", "+", "#", "$", "%", "€", "£", "tel:", "PHONE:", "fax", "00"}

// TestNextIPEqualsPattern: the rules' examples, written forms at every
// limit of the patterns, real text, and random strings over their
// alphabet.
func TestNextIPEqualsPattern(t *testing.T) {
	ruleExamples(t, map[string]string{"ipv4": ipv4Pattern, "ipv6": ipv6Pattern}, func(_ Rule, ex []byte) { checkFindIPs(t, ex) })
	texts := []string{
		"10.0.0.1 10.0.0.2 10.0.0.3", "10.0.0.1", "10.0.0.1.", "10.0.0.1. x", "10.0.0.1.x", "10.0.0.1.\n10.0.0.2", "1.2.3.4.5",
		"256.1.1.1", "255.255.255.255", "249.250.199.100", "01.2.3.4", "1.02.3.4", "1.2.3.04", "1.2.3.0", "0.0.0.0", "1.2.3.1000",
		"a1.2.3.4", "_1.2.3.4", ".1.2.3.4", "-1.2.3.4-", "é1.2.3.4é", "\xa91.2.3.4\xc3", "1.2.3.4_", "1.2.3.4a", "(1.2.3.4)",
		"1.2.3.4 1.2.3.4.5 1.2.3.4", "1.1.1.1.1.1.1.1", "1.2.3.4..", "1.2.3.4.\t",
		"2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a", "[2001:db8::42]:443", "::1", "::", ":::", "1::", "1::2",
		"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6::7", "1:2:3:4:5:6:7::8",
		"1::2:3:4:5:6:7", "1::2:3:4:5:6:7:8", "::1:2:3:4:5:6:7", "::1:2:3:4:5:6", "::12345", "12345::1", "1:2", "1:2:3",
		"fe80::1:2 fe80::1:2 ", "at 10:30:00 today", "std::vector", "ABCD::EF01", "abcd:efgh::1", "x::1", "_::1", "é::1é",
		"1::2x", "1::2_", "1::2:", "1::2::3", "a:b:c:d:e:f:a:b", "a:b:c:d:e:f:a:bcdef", "::ffff:10.0.0.1", "1:2:3:4:5:6:7:8:",
	}
	for _, s := range texts {
		checkFindIPs(t, []byte(s))
		for _, pre := range []string{"x", " ", ":", ".", "é", "1"} {
			checkFindIPs(t, []byte(pre+s))
			checkFindIPs(t, []byte(s+pre))
		}
	}
	eachRealText(t, checkFindIPs)
	forms := []string{"10.0.0.1", "255.", "256", "fe80::", "::1", "1:2:3:4:", "abcd:", ". ", ".\n", "+1 (415) 555-0132", "+44 20 7946 0958",
		"(212) 555-0147", "0049 151 23456789", "4111 1111", "12345678", "+123456789012345", "1 2 3 4 5 6 7 8"}
	eachRandomMix(t, 4, 30000, 40, 4, forms, ipAlphabet, checkFindIPs)
}

func FuzzNextIP(f *testing.F) {
	for _, s := range []string{"connect to 10.42.7.19 on port 22", "10.0.0.1 10.0.0.2.\n1.2.3.4.5", "host 2001:db8:85a3::8a2e:370:7334 is up",
		"[2001:db8::42]:443 ::1 1:2:3:4:5:6:7::8", "é1.2.3.4é fe80::1:2 ", "call +1 (415) 555-0132, tel:0049 151 23456789 or 5 +4412345678",
		"£(212) 555-0147. 1 2 3 4 5 6 7 8 9"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFindIPs(t, b)
	})
}
