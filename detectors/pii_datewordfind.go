package detectors

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NextWordDate is the first match of wordDatePattern at or after from, as
// the pattern's search from there finds it (b[from-1] counts for \b), or
// -1, -1. The pattern names about a hundred month words in seven
// languages (monthAlternation) six times over: 4.5 KB that go-re2 took
// 3.5 to 5 ms to compile in a fresh process, and English text routes
// to it constantly (" set" in "settings", " out" in "output", "may "),
// so nearly every first scan paid for it. The engine runs this instead (Rule.Find) and the pattern
// stays the rule's definition (TestNextWordDateEqualsPattern and
// FuzzNextWordDate compare them, with Go's regexp and with go-re2).
//
// It is the pattern's leftmost-first search written out: at each start
// where \b holds, the alternatives of wordDate in order, each trying its
// choices in the pattern's order — greedy repetitions longest first, an
// optional piece present before absent, the month words in the order of
// the alternation (longest first) — until one ends where the closing \b
// holds. A start is a digit (the forms that open with the day) or a
// month word's first letter; the two kinds share no alternative. Under
// (?i) every letter matches its case variants, and three of the
// pattern's letters also non-ASCII runes: 's' the long s 'ſ' (U+017F),
// 'k' the Kelvin sign (U+212A), and é, ä, ç, û their capitals. \b is
// ASCII: a non-ASCII rune is not a word character, so a month word
// written with a leading 'ſ' starts after a word character, not before
// one.
func NextWordDate(b []byte, from int) (start, end int) {
	for i := from; i < len(b); i++ {
		if !wdTab.start[b[i]] || !wdBoundary(b, i) {
			continue
		}
		var e int
		if isDigitB(b[i]) {
			e = wordDateDayFirst(b, i)
		} else {
			e = wordDateMonthFirst(b, i)
		}
		if e >= 0 {
			return i, e
		}
	}
	return -1, -1
}

// wdBoundary is \b at p: RE2's, on ASCII word bytes.
func wdBoundary(b []byte, p int) bool {
	return (p > 0 && isWordByte(b[p-1])) != (p < len(b) && isWordByte(b[p]))
}

// wordDateDayFirst is the end of the match at a digit, or -1: the
// alternatives of wordDate that start with the day, in order.
func wordDateDayFirst(b []byte, i int) int {
	n := digitRun(b, i, 2)
	// \d{1,2}(?:st|nd|rd|th|er|\.)?(?: de)?[ -]M\.?(?: de)?,?[ -]\d{4} timeOfDay
	for d := n; d >= 1; d-- {
		for _, s := range wdSuffix(b, i+d, true) {
			if s < 0 {
				break
			}
			for _, q := range wdOptDe(b, s) {
				if q < 0 {
					break
				}
				if !at(b, q, ' ') && !at(b, q, '-') {
					continue
				}
				ms, nm := wdMonths(b, q+1)
				for _, m := range ms[:nm] {
					for _, m2 := range wdOpt(b, m, '.') {
						if m2 < 0 {
							break
						}
						for _, m3 := range wdOptDe(b, m2) {
							if m3 < 0 {
								break
							}
							for _, m4 := range wdOpt(b, m3, ',') {
								if m4 < 0 {
									break
								}
								if (at(b, m4, ' ') || at(b, m4, '-')) && digitRun(b, m4+1, 4) == 4 {
									if e := wdTimeEnd(b, m4+5); e >= 0 {
										return e
									}
								}
							}
						}
					}
				}
			}
		}
	}
	// \d{1,2}(?:st|nd|rd|th) of M
	for d := n; d >= 1; d-- {
		s := wdSuffix(b, i+d, false)[0]
		if s < 0 || s == i+d {
			continue // the suffix is not optional here
		}
		if q := wdFold(b, s, &wdOf); q >= 0 {
			ms, nm := wdMonths(b, q)
			for _, m := range ms[:nm] {
				if wdBoundary(b, m) {
					return m
				}
			}
		}
	}
	// \d{1,2}(?:st|nd|rd|th|er|\.)?[ -]M
	for d := n; d >= 1; d-- {
		for _, s := range wdSuffix(b, i+d, true) {
			if s < 0 {
				break
			}
			if !at(b, s, ' ') && !at(b, s, '-') {
				continue
			}
			ms, nm := wdMonths(b, s+1)
			for _, m := range ms[:nm] {
				if wdBoundary(b, m) {
					return m
				}
			}
		}
	}
	return -1
}

// wordDateMonthFirst is the end of the match at a month word's first
// letter, or -1: the alternatives of wordDate that start with the month,
// in order.
func wordDateMonthFirst(b []byte, i int) int {
	ms, nm := wdMonths(b, i)
	if nm == 0 {
		return -1
	}
	// M\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4} timeOfDay
	for _, m := range ms[:nm] {
		for _, m2 := range wdOpt(b, m, '.') {
			if m2 < 0 {
				break
			}
			if !at(b, m2, ' ') {
				continue
			}
			for d := digitRun(b, m2+1, 2); d >= 1; d-- {
				for _, s := range wdSuffix(b, m2+1+d, false) {
					if s < 0 {
						break
					}
					for _, c := range wdOpt(b, s, ',') {
						if c < 0 {
							break
						}
						if at(b, c, ' ') && digitRun(b, c+1, 4) == 4 {
							if e := wdTimeEnd(b, c+5); e >= 0 {
								return e
							}
						}
					}
				}
			}
		}
	}
	// M\.?[ -]\d{4}
	for _, m := range ms[:nm] {
		for _, m2 := range wdOpt(b, m, '.') {
			if m2 < 0 {
				break
			}
			if (at(b, m2, ' ') || at(b, m2, '-')) && digitRun(b, m2+1, 4) == 4 && wdBoundary(b, m2+5) {
				return m2 + 5
			}
		}
	}
	// M\.? \d{1,2}(?:st|nd|rd|th)
	for _, m := range ms[:nm] {
		for _, m2 := range wdOpt(b, m, '.') {
			if m2 < 0 {
				break
			}
			if !at(b, m2, ' ') {
				continue
			}
			for d := digitRun(b, m2+1, 2); d >= 1; d-- {
				s := wdSuffix(b, m2+1+d, false)[0]
				if s > m2+1+d && wdBoundary(b, s) {
					return s
				}
			}
		}
	}
	return -1
}

// wdTimeEnd is the first end, in the pattern's order, of timeOfDay at p
// with \b after it, or -1:
// (?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?)?
func wdTimeEnd(b []byte, p int) int {
	if at(b, p, 'T') || at(b, p, 't') || at(b, p, ' ') {
		for h := digitRun(b, p+1, 2); h >= 1; h-- {
			x := p + 1 + h
			if !at(b, x, ':') || digitRun(b, x+1, 2) != 2 {
				continue
			}
			x += 3
			if at(b, x, ':') && digitRun(b, x+1, 2) == 2 {
				y := x + 3
				if at(b, y, '.') || at(b, y, ',') {
					for f := digitRun(b, y+1, 9); f >= 1; f-- {
						if e := wdZoneEnd(b, y+1+f); e >= 0 {
							return e
						}
					}
				}
				if e := wdZoneEnd(b, y); e >= 0 {
					return e
				}
			}
			if e := wdZoneEnd(b, x); e >= 0 {
				return e
			}
		}
	}
	if wdBoundary(b, p) {
		return p
	}
	return -1
}

// wdZoneEnd is the first end of the optional zone at z with \b after it,
// or -1: (?: ?(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?
func wdZoneEnd(b []byte, z int) int {
	for _, p := range wdOpt(b, z, ' ') {
		if p < 0 {
			break
		}
		for k := range wdZones {
			if e := wdFold(b, p, &wdZones[k]); e >= 0 && wdBoundary(b, e) {
				return e
			}
		}
		if (at(b, p, '+') || at(b, p, '-')) && digitRun(b, p+1, 2) == 2 {
			w := p + 3
			if at(b, w, ':') && digitRun(b, w+1, 2) == 2 && wdBoundary(b, w+3) {
				return w + 3
			}
			if digitRun(b, w, 2) == 2 && wdBoundary(b, w+2) {
				return w + 2
			}
			if wdBoundary(b, w) {
				return w
			}
		}
	}
	if wdBoundary(b, z) {
		return z
	}
	return -1
}

// wdOpt is an optional character at p, in the order the pattern tries
// it: its end and p where it is there, else p alone (-1 ends the list).
func wdOpt(b []byte, p int, c byte) [2]int {
	if at(b, p, c) {
		return [2]int{p + 1, p}
	}
	return [2]int{p, -1}
}

// wdOptDe is wdOpt for (?: de)?.
func wdOptDe(b []byte, p int) [2]int {
	if e := wdFold(b, p, &wdDe); e >= 0 {
		return [2]int{e, p}
	}
	return [2]int{p, -1}
}

// wdSuffix is the optional ordinal suffix after a day at p, in the order
// the pattern tries it: (?:st|nd|rd|th|er|\.)? with all, or
// (?:st|nd|rd|th)?. Its alternatives start with different letters
// (under folding too), so at most one is there.
func wdSuffix(b []byte, p int, all bool) [2]int {
	n := 4
	if all {
		n = len(wdSuffixes)
	}
	for k := range wdSuffixes[:n] {
		if e := wdFold(b, p, &wdSuffixes[k]); e >= 0 {
			return [2]int{e, p}
		}
	}
	if all && at(b, p, '.') {
		return [2]int{p + 1, p}
	}
	return [2]int{p, -1}
}

// wdMaxMonths is the most month words that match at one place: the
// words that are prefixes of one another (aug, august, augustus).
const wdMaxMonths = 4

// wdMonths is the ends of the month words that match at p, in the
// alternation's order.
func wdMonths(b []byte, p int) (ends [wdMaxMonths]int, n int) {
	if p >= len(b) {
		return ends, 0
	}
	list := wdTab.all
	if c := b[p]; c < utf8.RuneSelf {
		list = wdTab.byByte[c]
	}
	for _, k := range list {
		if e := wdFold(b, p, &wdTab.months[k]); e >= 0 {
			ends[n] = e
			n++
		}
	}
	return ends, n
}

// wdLetter is one letter of a literal under (?i): its ASCII forms, and
// the UTF-8 of its non-ASCII ones.
type wdLetter struct {
	lo, up byte // ASCII forms (0: none)
	other  []string
}

// wdWord is a literal of the pattern under (?i), letter by letter.
type wdWord []wdLetter

// wdFold is the end of w at p, or -1.
func wdFold(b []byte, p int, w *wdWord) int {
	for i := range *w {
		l := &(*w)[i]
		if p >= len(b) {
			return -1
		}
		if c := b[p]; c < utf8.RuneSelf {
			if c != l.lo && c != l.up || c == 0 {
				return -1
			}
			p++
			continue
		}
		ok := false
		for _, o := range l.other {
			if strings.HasPrefix(string(b[p:]), o) {
				p += len(o)
				ok = true
				break
			}
		}
		if !ok {
			return -1
		}
	}
	return p
}

// foldWord is s as (?i) matches it: each rune with its simple case
// folding orbit (unicode.SimpleFold), which is what RE2 and Go's regexp
// fold by.
func foldWord(s string) wdWord {
	var w wdWord
	for _, r := range s {
		var l wdLetter
		f := r
		for {
			if f < utf8.RuneSelf {
				if l.lo == 0 {
					l.lo = byte(f)
				} else {
					l.up = byte(f)
				}
			} else {
				l.other = append(l.other, string(f))
			}
			if f = unicode.SimpleFold(f); f == r {
				break
			}
		}
		if l.up == 0 {
			l.up = l.lo
		}
		w = append(w, l)
	}
	return w
}

var (
	wdDe       = foldWord(" de")
	wdOf       = foldWord(" of ")
	wdZones    = []wdWord{foldWord("z"), foldWord("utc"), foldWord("gmt")}
	wdSuffixes = []wdWord{foldWord("st"), foldWord("nd"), foldWord("rd"), foldWord("th"), foldWord("er")}
)

// wdTab holds the month words in the alternation's order, and where they
// can start. A variable, not an init function: what reads it depends on
// it, so it is built first.
var wdTab = newWordDateTables()

type wordDateTables struct {
	months []wdWord
	all    []int      // every month word's index, for a start that is not ASCII
	byByte [128][]int // the month words by first ASCII byte, in order
	start  [256]bool  // a digit or the first byte of a month word
}

func newWordDateTables() *wordDateTables {
	t := new(wordDateTables)
	names := strings.Split(strings.TrimSuffix(strings.TrimPrefix(monthAlternation(), "(?:"), ")"), "|")
	for k, name := range names {
		w := foldWord(name)
		t.months = append(t.months, w)
		t.all = append(t.all, k)
		first := w[0]
		for _, c := range []byte{first.lo, first.up} {
			if c != 0 && !slices.Contains(t.byByte[c], k) {
				t.byByte[c] = append(t.byByte[c], k)
			}
			t.start[c] = true
		}
		for _, o := range first.other {
			t.start[o[0]] = true
		}
	}
	for c := '0'; c <= '9'; c++ {
		t.start[c] = true
	}
	// A month word that is its own text matches there with every word
	// that is a prefix of it, and no text matches more: wdMonths holds
	// them all.
	for _, name := range names {
		n := 0
		for k := range t.months {
			if wdFold([]byte(name), 0, &t.months[k]) >= 0 {
				n++
			}
		}
		if n > wdMaxMonths {
			panic("detectors: more month words than wdMaxMonths are prefixes of " + name)
		}
	}
	return t
}
