package detectors

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// NextWordDate is the first match of wordDatePattern at or after from, as
// the pattern's search from there finds it (b[from-1] counts for \b), or
// -1, -1. The pattern names the month words of seven languages
// (monthAlternation) six times over: 4.5 KB that go-re2 took 3.5 to 5
// ms to compile in a fresh process, and English text routes to it
// constantly (" set" in "settings", " out" in "output", "may "), so
// nearly every first scan paid for it. The engine runs this instead
// (Rule.Find) and the pattern stays the rule's definition
// (TestNextWordDateEqualsPattern, TestNextWordDateEqualsRE2 and
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
	LoadMonthWords()
	for i := from; i < len(b); {
		c := b[i]
		word := isWordByte(c)
		// \b: a word byte after none, or a non-word byte (the lead
		// byte of 'ſ') after one.
		if wdTab.start[c] && word != (i > 0 && isWordByte(b[i-1])) {
			e := -1
			if isDigitB(c) {
				e = wordDateDayFirst(b, i)
			} else if wdMaybeMonth(b, i) {
				e = wordDateMonthFirst(b, i)
			}
			if e >= 0 {
				return i, e
			}
		}
		i++
		if word {
			// No \b inside a word: the next start is past it.
			for i < len(b) && isWordByte(b[i]) {
				i++
			}
		}
	}
	return -1, -1
}

// wdMaybeMonth reports whether a month-first form may start at p. Each
// has a dot, space or dash right after its month word, which ASCII
// letters do not continue: so where the word at p is ASCII letters and
// an ASCII byte ends it, it must be a whole month word ("may", not
// "mark" or "decide"). A non-ASCII byte may be a folded letter that
// goes on, and leaves the question to the full search.
func wdMaybeMonth(b []byte, p int) bool {
	var low [16]byte // longer than any month word
	r := 0
	for ; p+r < len(b); r++ {
		c := b[p+r]
		if c >= utf8.RuneSelf {
			return true
		}
		l := c | 0x20
		if l < 'a' || l > 'z' {
			break
		}
		if r == len(low) {
			return false
		}
		low[r] = l
	}
	if r < 3 || p+r >= len(b) {
		return false
	}
	if c := b[p+r]; c != '.' && c != ' ' && c != '-' {
		return false
	}
	if i := wdTab.tri[(int(low[0]-'a')*26+int(low[1]-'a'))*26+int(low[2]-'a')]; i != 0 {
		for _, k := range wdTab.lists[i] {
			if wdTab.lower[k] == string(low[:r]) {
				return true
			}
		}
	}
	return false
}

// wdBoundary is \b at p: RE2's, on ASCII word bytes.
func wdBoundary(b []byte, p int) bool {
	return (p > 0 && isWordByte(b[p-1])) != (p < len(b) && isWordByte(b[p]))
}

// wdMonthLast is the end of the first month word at p (in the
// alternation's order) that a boundary follows, or -1: the forms that end
// with the month, `…M)\b`.
func wdMonthLast(b []byte, p int) int {
	ms, nm := wdMonths(b, p)
	for _, m := range ms[:nm] {
		if wdBoundary(b, m) {
			return m
		}
	}
	return -1
}

// wordDateDayFirst is the end of the match at a digit, or -1: the
// alternatives of wordDate that start with the day, in order.
//
// \d{1,2} takes the whole run of digits here, and in the month-first
// forms: what follows it in every form (a suffix, " of", a space, a
// dash, a dot or a comma) is not a digit, so the shorter choice fails
// where the longer did, and a run of three digits or more has no match.
func wordDateDayFirst(b []byte, i int) int {
	n := digitRun(b, i, 3)
	p := i + n
	if n > 2 || p >= len(b) || !wdTab.afterDay[b[p]] {
		return -1
	}
	// \d{1,2}(?:st|nd|rd|th|er|\.)?(?: de)?[ -]M\.?(?: de)?,?[ -]\d{4} timeOfDay
	for _, s := range wdSuffix(b, p, true) {
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
	// \d{1,2}(?:st|nd|rd|th) of M
	if s := wdSuffix(b, p, false)[0]; s > p {
		if q := wdFold(b, s, &wdOf); q >= 0 {
			if m := wdMonthLast(b, q); m >= 0 {
				return m
			}
		}
	}
	// \d{1,2}(?:st|nd|rd|th|er|\.)?[ -]M
	for _, s := range wdSuffix(b, p, true) {
		if s < 0 {
			break
		}
		if !at(b, s, ' ') && !at(b, s, '-') {
			continue
		}
		if m := wdMonthLast(b, s+1); m >= 0 {
			return m
		}
	}
	return -1
}

// wordDateMonthFirst is the end of the match at a month word's first
// letter, or -1: the alternatives of wordDate that start with the month,
// in order.
func wordDateMonthFirst(b []byte, i int) int {
	ms, nm := wdMonths(b, i)
	// Every such form has a dot, a space or a dash after the month
	// word: a word that only starts like one ends here.
	next := false
	for _, m := range ms[:nm] {
		next = next || at(b, m, '.') || at(b, m, ' ') || at(b, m, '-')
	}
	if !next {
		return -1
	}
	// M\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4} timeOfDay
	for _, m := range ms[:nm] {
		for _, m2 := range wdOpt(b, m, '.') {
			if m2 < 0 {
				break
			}
			d := wdDay(b, m2)
			if d < 0 {
				continue
			}
			for _, s := range wdSuffix(b, d, false) {
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
			if d := wdDay(b, m2); d >= 0 {
				if s := wdSuffix(b, d, false)[0]; s > d && wdBoundary(b, s) {
					return s
				}
			}
		}
	}
	return -1
}

// wdDay is the end of " \d{1,2}" at p (the whole run of digits: see
// wordDateDayFirst), or -1.
func wdDay(b []byte, p int) int {
	if !at(b, p, ' ') {
		return -1
	}
	if n := digitRun(b, p+1, 3); n >= 1 && n <= 2 {
		return p + 1 + n
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
	if p >= len(b) || !wdTab.suffixStart[b[p]] {
		return [2]int{p, -1}
	}
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
// alternation's order, less those no form can go on from (see
// wdMonthsASCII). Where the next three bytes are ASCII letters
// (nearly always) only the words they start are tried; a non-ASCII
// byte among them may be a folded letter (ſ, K, É), and then every word
// with the first letter is.
func wdMonths(b []byte, p int) (ends [wdMaxMonths]int, n int) {
	if p+3 > len(b) {
		return ends, 0 // every month word has three letters or more
	}
	var list []int
	c0, c1, c2 := b[p], b[p+1], b[p+2]
	switch {
	case c0|c1|c2 < utf8.RuneSelf:
		k0, k1, k2 := wdLetterIndex(c0), wdLetterIndex(c1), wdLetterIndex(c2)
		if k0 < 0 || k1 < 0 || k2 < 0 {
			return ends, 0
		}
		i := wdTab.tri[(k0*26+k1)*26+k2]
		if i == 0 {
			return ends, 0
		}
		return wdMonthsASCII(b, p, wdTab.lists[i])
	case c0 < utf8.RuneSelf:
		list = wdTab.byByte[c0]
	default:
		list = wdTab.all
	}
	for _, k := range list {
		if e := wdFold(b, p, &wdTab.months[k]); e >= 0 {
			ends[n] = e
			n++
		}
	}
	return ends, n
}

// wdMonthsASCII is wdMonths where the text starts with three ASCII
// letters, for the month words in list. Where an ASCII byte or the end
// of the text ends the run of letters, only a month word that is the
// whole run can be of use: every form goes on after its month word with
// a dot, comma, space or dash, or ends with \b, which a letter after it
// satisfies neither. Where a non-ASCII byte ends the run (a folded
// letter may go on), the words longer than the run, or not ASCII, are
// folded letter by letter.
func wdMonthsASCII(b []byte, p int, list []int) (ends [wdMaxMonths]int, n int) {
	var low [16]byte // longer than any month word
	r := 0
	for r < len(low) && p+r < len(b) {
		c := b[p+r]
		l := c | 0x20
		if c >= utf8.RuneSelf || l < 'a' || l > 'z' {
			break
		}
		low[r] = l
		r++
	}
	more := r < len(low) && p+r < len(b) && b[p+r] >= utf8.RuneSelf
	for _, k := range list {
		w := wdTab.lower[k]
		switch {
		case w != "" && len(w) == r:
			if string(low[:r]) == w {
				ends[n] = p + r
				n++
			}
		case w != "" && len(w) < r:
			// A letter follows it.
		case more:
			if e := wdFold(b, p, &wdTab.months[k]); e >= 0 {
				ends[n] = e
				n++
			}
		}
	}
	return ends, n
}

// wdLetterIndex is an ASCII letter's place in the alphabet, or -1.
func wdLetterIndex(c byte) int {
	if l := c | 0x20; l >= 'a' && l <= 'z' {
		return int(l - 'a')
	}
	return -1
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
			if len(b)-p >= len(o) && string(b[p:p+len(o)]) == o {
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
// can start. It is built on NextWordDate's first call (~0.8 ms; every
// helper here runs under it), not in every process's package init.
var (
	wdTab     *wordDateTables
	wdTabOnce sync.Once
)

// LoadMonthWords builds NextWordDate's tables now, which its first call
// otherwise does: a warm-up may spend it ahead (see LoadPhoneMetadata).
func LoadMonthWords() { wdTabOnce.Do(func() { wdTab = newWordDateTables() }) }

type wordDateTables struct {
	months []wdWord
	lower  []string   // each month word, if it is ASCII ("": it is not)
	all    []int      // every month word's index, for a start that is not ASCII
	byByte [128][]int // the month words by first ASCII byte, in order
	// tri indexes lists by the first three letters of the month words
	// that start with three ASCII letters (0: none).
	tri   [26 * 26 * 26]uint8
	lists [][]int
	start [256]bool // a digit or the first byte of a month word
	// afterDay: what may follow a day, the first byte of a suffix
	// (under folding), a dot, space or dash.
	afterDay [256]bool
	// suffixStart: the first byte of a suffix, or a dot.
	suffixStart [256]bool
}

func newWordDateTables() *wordDateTables {
	t := &wordDateTables{lists: [][]int{nil}}
	names := strings.Split(strings.TrimSuffix(strings.TrimPrefix(monthAlternation(), "(?:"), ")"), "|")
	for k, name := range names {
		w := foldWord(name)
		t.months = append(t.months, w)
		if isASCII(name) {
			t.lower = append(t.lower, name)
		} else {
			t.lower = append(t.lower, "")
		}
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
		r := []rune(name)
		if len(r) < 3 {
			panic("detectors: month word " + name + " is shorter than wdMonths expects")
		}
		if r[0] < utf8.RuneSelf && r[1] < utf8.RuneSelf && r[2] < utf8.RuneSelf {
			key := (wdLetterIndex(byte(r[0]))*26+wdLetterIndex(byte(r[1])))*26 + wdLetterIndex(byte(r[2]))
			if t.tri[key] == 0 {
				t.tri[key] = uint8(len(t.lists))
				t.lists = append(t.lists, nil)
			}
			t.lists[t.tri[key]] = append(t.lists[t.tri[key]], k)
		}
	}
	if len(t.lists) > 255 {
		panic("detectors: too many three-letter month prefixes for wdTab.tri")
	}
	for c := '0'; c <= '9'; c++ {
		t.start[c] = true
	}
	for _, c := range []byte(". -") {
		t.afterDay[c] = true
	}
	t.suffixStart['.'] = true
	for _, w := range wdSuffixes {
		t.suffixStart[w[0].lo], t.suffixStart[w[0].up] = true, true
		for _, o := range w[0].other {
			t.suffixStart[o[0]] = true
		}
	}
	for c, ok := range t.suffixStart {
		t.afterDay[c] = ok || c == ' ' || c == '-'
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

// isASCII reports whether s is ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
