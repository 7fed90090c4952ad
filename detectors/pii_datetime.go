package detectors

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Dates and times (Presidio's DATE_TIME): every calendar date, not only
// dates of birth. A date alone is not personal data, but Presidio reports
// it: date-time and date-time-words find every date at scoreDate, and the
// built-in actions report them (found, left in place; see
// engine.BuiltinActions). A date next to a birth word is a date of birth:
// date-of-birth finds the same forms there and is redacted, and where it
// and a plain date rule claim one span, the redacting finding wins.
//
// Numeric dates are found in Go (NextNumericDate, the rule's pattern
// written out; Rule.Find), and the digit gate asks RE2 nothing about a
// cluster only the date rule fits: a date costs no go-re2 call. A date's
// birth words are searched by context cursors that last the pass (each
// byte near a date is searched about once per word), so reporting every
// date (a log has one a line; the benchmark's sparse corpus some 1,900 a
// MiB) costs the built-in policy about 30% of its throughput there, which
// it can afford: scoreDate is above the default threshold, the built-in
// policy finds and reports every date, and a date next to a birth word
// is also a date-of-birth finding, which is redacted and wins the span.

// scoreDate is the base score of a date.
const scoreDate = 0.6 // Presidio-like; above the default threshold of 0.5

// birthWords are the context that makes a date a date of birth.
var birthWords = []string{"born", "birth", "dob:", "d.o.b", "dob ", "geboren", "geburtsdatum", "naissance", "né le", "née le",
	"nacimiento", "nascita", "nato il", "nata il", "geboortedatum", "fødselsdato", "födelsedatum", "syntymäaika", "data urodzenia", "nascimento"}

// The date forms, as capture group 1 of a pattern with its boundaries.
const (
	timeOfDay = `(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?)?`
	// numericDate: ISO 8601 with optional time, fraction and zone; day,
	// month and year in any order with - / . and two- or four-digit
	// years; month/year and year-month.
	numericDate = `\d{4}-\d{1,2}-\d{1,2}` + timeOfDay +
		`|\d{4}[/.]\d{1,2}[/.]\d{1,2}` +
		`|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})` + timeOfDay +
		`|(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{2}\.\d{2}\.\d{2})` + timeOfDay +
		`|(?:\d{1,2}-\d{1,2}-\d{4}|\d{2}-\d{2}-\d{2})` + timeOfDay +
		`|\d{1,2}/\d{4}|\d{4}-\d{2}`
)

// dateStart is what may come before a date: the start, or a character
// that cannot continue a number (not a version's or an address's dot).
const dateStart = `(?:^|[^\w.\-/:+])`

// dateTail takes one more character into the value when the date runs on
// as a number or a word (2024-01-15x, 10.10.10.10, 1.2.2031.4,
// 14/07/20310), so that DateTime rejects it, instead of a boundary after
// the date: a consumed boundary would not be there for the start of a
// date right after it ("01/02/2031 03/04/2031"). A full stop, colon or
// file extension after the date (2024-01-15.tar.gz) leaves it a date.
const dateTail = `(?:[.\-/:]?\d|\w)?`

// dateHead takes the character before a date into the value when the
// date continues a token (a digit, a letter, or a dot or plus sign before
// it: 12014-01-05, a2024-01-05, v1.12.2031), so that DateTime rejects it.
// A date after a letter and a dash, slash, colon or underscore
// (report-2024-01-15, date:2024-01-15) is a date. Like dateTail it keeps
// the value the whole match: RE2 finds its bounds with its DFA alone,
// where a boundary outside the value would need the slower submatch
// search for every date (dates are common: a log has one a line).
const dateHead = `(?:\d[.\-/:+]?|[a-zA-Z.+])?`

// numericDatePattern: a numeric date, with dateHead and dateTail.
const numericDatePattern = `(` + dateHead + `(?:` + numericDate + `)` + dateTail + `)`

// wordDate: a month name or abbreviation (monthAlternation) with a day,
// a year or both (a day after the month without a year only as an
// ordinal: "May 14th", not "may 2"). Naming the months in the pattern, rather than any word
// the validator then rejects, keeps "14 and" from consuming the space
// that "14 July 2031" right after it starts at.
var wordDate = func() string {
	m := monthAlternation()
	return `\d{1,2}(?:st|nd|rd|th|er|\.)?(?: de)?[ -]` + m + `\.?(?: de)?,?[ -]\d{4}` + timeOfDay +
		`|` + m + `\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}` + timeOfDay +
		`|` + m + `\.?[ -]\d{4}` +
		`|` + m + `\.? \d{1,2}(?:st|nd|rd|th)` +
		`|\d{1,2}(?:st|nd|rd|th) of ` + m +
		`|\d{1,2}(?:st|nd|rd|th|er|\.)?[ -]` + m
}()

// wordDatePattern bounds a wordDate by \b: a boundary it consumed would
// not be there for a date right after it ("1 May 2 June").
var wordDatePattern = `(?i)\b(` + wordDate + `)\b`

// monthAlternation is a group matching any of monthWords, longest first.
func monthAlternation() string {
	names := make([]string, 0, len(monthWords))
	for n := range monthWords {
		names = append(names, regexp.QuoteMeta(n))
	}
	slices.SortFunc(names, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return `(?:` + strings.Join(names, "|") + `)`
}

// dateTimeRules: numeric dates (routed by digit clusters), dates with a
// month name (routed by the month names), and dates of birth in either
// form (routed by the birth words).
func dateTimeRules() []Rule {
	return []Rule{
		{
			ID: "date-time", Type: "DATE_TIME", Category: PII,
			Description: "calendar date, numeric: ISO 8601 with optional time, fraction and zone; day, month and year in any order with - / . and two- or four-digit years; month/year",
			Trigger:     TriggerDigits, MinDigits: 4, MaxDigits: sepOnly, MinGroups: 2,
			Pattern: numericDatePattern, Group: 1, Find: NextNumericDate,
			Validate: DateTime, WeakCheck: true,
			Context: birthWords,
			Score:   scoreDate, MaxLen: 40,
			// Examples are checked at the default threshold: they carry a
			// birth word (TestDateTimeForms checks bare dates).
			TP: []string{"born «2031-07-14T09:30:00+02:00»", "DOB «07/14/2031»", "geboren am «14.07.2031» in Berlin", "birth logged «2024-03-15 10:30:00.123Z»",
				"date of birth «05/2021»", "né le «14-07-31»", "Date of birth: «1985-07-30»", "fecha de nacimiento «2031/07/14»."},
			FP: []string{"version 1.2.10", "2024-13-45", "ip 10.0.0.1", "ratio 3/4/5", "99/99/9999", "v2021-05", "1999-12-45"},
		},
		{
			ID: "date-time-words", Type: "DATE_TIME", Category: PII,
			Description: "calendar date with a month name or abbreviation (English, German, French, Spanish, Italian, Portuguese, Dutch): 14 July 2031, July 14, 2031, May-2021, 21-May",
			Keywords:    monthKeywords(),
			Pattern:     wordDatePattern, Group: 1, Find: NextWordDate,
			Validate: DateTime, WeakCheck: true,
			Context: birthWords,
			Score:   scoreDate, MaxLen: 48,
			TP: []string{"born on «14 July 2031»", "«July 14, 2031» (date of birth)", "DOB: «May-2021»", "birthday «21-May»", "geboren am «4. März 1979»",
				"date de naissance «3 janvier 2024»", "fecha de nacimiento «5 de mayo de 2020»", "born on «March 4, 1979» in Leeds"},
			FP: []string{"you may 2 times", "14 markers 2031", "in 5 decades", "July 45, 2031", "mars 2 rover"},
		},
		gated(48, Rule{
			ID: "date-of-birth", Type: "DATE_TIME",
			Description: "date of birth: any date form of date-time or date-time-words next to a birth word (date of birth, DOB, born, geboren, né le, fecha de nacimiento, ...)",
			Pattern:     `(?i)` + dateStart + `((?:` + numericDate + `|` + wordDate + `)` + dateTail + `)`, Group: 1,
			Validate: DateTime,
			Context:  birthWords,
			TP: []string{"Date of birth: «1985-07-30»", "DOB «30/07/1985», blood type A", "born on «March 4, 1979» in Leeds", "geboren am «04.03.1979»",
				"born «2031-07-14T09:30:00+02:00»", "date of birth «05/2021»", "né le «14-07-31»", "date de naissance «3 janvier 2024»",
				"fecha de nacimiento «5 de mayo de 2020»", "geboren am «4. März 1979»", "birthday «21-May»."},
			FP: []string{"released on 1985-07-30", "born 2024-13-45", "build date 2024-01-15T10:30:00Z", "birthday party at 10:30", "born in 1985"},
		}),
	}
}

// monthKeywords routes the month-name rule: full names, and short forms
// followed by a space, dot, comma or dash, or after a space or dash, so
// that "dec" in "decode" alone does not run it.
func monthKeywords() []string {
	seen := map[string]bool{}
	var out []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	// In name order: the catalogue is generated data (catalogue_gen.go),
	// and map order would change it on every run.
	for _, name := range slices.Sorted(maps.Keys(monthWords)) {
		full := monthWords[name]
		if !full.abbr {
			add(name)
			continue
		}
		for _, suf := range []string{" ", ".", "-", ","} {
			add(name + suf)
		}
		// After a space or dash too: a day before a month that ends the
		// text ("on 21 May").
		add("-" + name)
		add(" " + name)
	}
	return out
}

type monthWord struct {
	month int
	abbr  bool // a short form, routed only with a space, dot or dash
}

// monthWords maps month names and their usual abbreviations, lower case,
// to the month.
var monthWords = func() map[string]monthWord {
	m := map[string]monthWord{}
	full := [][]string{
		{"january", "januar", "jänner", "janvier", "enero", "gennaio", "janeiro", "januari"},
		{"february", "februar", "février", "fevrier", "febrero", "febbraio", "fevereiro", "februari"},
		{"march", "märz", "maerz", "mars", "marzo", "março", "marco", "maart"},
		{"april", "avril", "abril", "aprile"},
		{"may", "mai", "mayo", "maggio", "maio", "mei"},
		{"june", "juni", "juin", "junio", "giugno", "junho"},
		{"july", "juli", "juillet", "julio", "luglio", "julho"},
		{"august", "août", "aout", "agosto", "augustus"},
		{"september", "septembre", "septiembre", "setiembre", "settembre", "setembro"},
		{"october", "oktober", "octobre", "octubre", "ottobre", "outubro"},
		{"november", "novembre", "noviembre", "novembro"},
		{"december", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"},
	}
	short := [][]string{
		{"jan", "janv", "ene", "gen"},
		{"feb", "févr", "fevr", "fev"},
		{"mar", "mär", "mrt"},
		{"apr", "avr", "abr"},
		{"mag"},
		{"jun", "giu"},
		{"jul", "juil", "lug"},
		{"aug", "ago"},
		{"sep", "sept", "set"},
		{"oct", "okt", "ott", "out"},
		{"nov"},
		{"dec", "dez", "déc", "dic"},
	}
	for i, names := range full {
		for _, n := range names {
			// A full name of 3 letters ("may", "mai", "mei") routes like
			// an abbreviation: it is also a common word.
			m[n] = monthWord{month: i + 1, abbr: len(n) <= 4}
		}
	}
	for i, names := range short {
		for _, n := range names {
			m[n] = monthWord{month: i + 1, abbr: true}
		}
	}
	return m
}()

// startsDate: a date starts with a digit or a letter (a month name).
func startsDate(c byte) bool {
	l := c | 0x20
	return c >= '0' && c <= '9' || l >= 'a' && l <= 'z' || c >= 0x80
}

// DateTime accepts a date that exists: numbers and at most one month word,
// read as year-month-day, day-month-year, month-day-year, month/year,
// year-month or day-month as the shape allows. Two-digit years are any
// year; four-digit years lie in 1000–2999. A time of day after the date
// is cut off unchecked (the rule's pattern checked it); any other letter
// or number after the date (dateTail) rejects it.
func DateTime(b []byte, _ Options) Verdict {
	if len(b) == 0 || !startsDate(b[0]) {
		return Reject // a dateHead separator: the date continues a token
	}
	// Cut the time of day: at the space or T before the first colon.
	if i := strings.IndexByte(string(b), ':'); i > 0 {
		j := i
		for j > 0 && b[j-1] >= '0' && b[j-1] <= '9' {
			j--
		}
		if j > 0 {
			j--
		}
		b = b[:j]
	}
	var nums, lens [3]int
	n, month := 0, 0
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			j, v := i, 0
			for j < len(b) && b[j] >= '0' && b[j] <= '9' && j-i < 5 {
				v = v*10 + dval(b[j])
				j++
			}
			if n == 3 || j-i > 4 {
				return Reject
			}
			nums[n], lens[n] = v, j-i
			n++
			i = j
		case c >= 0x80 || (c|0x20) >= 'a' && (c|0x20) <= 'z':
			j := i
			for j < len(b) && (b[j] >= 0x80 || (b[j]|0x20) >= 'a' && (b[j]|0x20) <= 'z') {
				j++
			}
			w := b[i:j]
			i = j
			var lw [16]byte
			if len(w) > len(lw) {
				return Reject
			}
			for k, x := range w {
				lw[k] = lower(x)
			}
			word := lw[:len(w)]
			switch string(word) {
			case "st", "nd", "rd", "th", "er", "de", "of":
				continue
			}
			mw, ok := monthWords[string(word)]
			if !ok || month != 0 {
				return Reject
			}
			month = mw.month
		default:
			i++
		}
	}
	yearOK := func(v, l int) bool { return l == 2 || (l == 4 && v >= 1000 && v <= 2999) }
	ok := func(y, yl, m, d int) bool { return yearOK(y, yl) && validDate(y, m, d) }
	dayOK := func(m, d int) bool { return validDate(0, m, d) }
	switch {
	case month > 0 && n == 2 && lens[0] <= 2: // 14 July 2031, July 14 2031
		return verdictPlausible(ok(nums[1], lens[1], month, nums[0]))
	case month > 0 && n == 1 && lens[0] == 4: // May-2021
		return verdictPlausible(yearOK(nums[0], 4))
	case month > 0 && n == 1 && lens[0] <= 2: // 21-May
		return verdictPlausible(dayOK(month, nums[0]))
	case month > 0:
		return Reject
	case n == 3 && lens[0] == 4: // 2031-07-14
		return verdictPlausible(ok(nums[0], 4, nums[1], nums[2]))
	case n == 3 && lens[0] <= 2 && lens[1] <= 2: // 14/07/2031, 07/14/2031
		return verdictPlausible(ok(nums[2], lens[2], nums[1], nums[0]) || ok(nums[2], lens[2], nums[0], nums[1]))
	case n == 2 && lens[0] <= 2 && lens[1] == 4: // 05/2021
		return verdictPlausible(nums[0] >= 1 && nums[0] <= 12 && yearOK(nums[1], 4))
	case n == 2 && lens[0] == 4 && lens[1] == 2: // 2021-05
		return verdictPlausible(nums[1] >= 1 && nums[1] <= 12 && yearOK(nums[0], 4))
	}
	return Reject
}
