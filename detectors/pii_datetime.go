package detectors

import "strings"

// Dates and times (Presidio's DATE_TIME): every calendar date, not only
// dates of birth. A date alone is not personal data, so these rules score
// scoreChecked (below the default threshold): /analyze (score_threshold 0
// by default) and a policy with a lower threshold see every date; a
// policy at the default threshold, the built-in one included, acts only
// on a date next to a birth word (0.8, redacted), as before. Their
// examples carry a birth word because they are checked at the default
// threshold; TestDateTimeForms checks the bare forms at threshold 0.

// birthWords are the context that makes a date a date of birth.
var birthWords = []string{"born", "birth", "dob:", "d.o.b", "dob ", "geboren", "geburtsdatum", "naissance", "né le", "née le",
	"nacimiento", "nascita", "nato il", "nata il", "geboortedatum", "fødselsdato", "födelsedatum", "syntymäaika", "data urodzenia", "nascimento"}

// dateTimeRules: numeric dates (routed by digit clusters) and dates with
// a month name (routed by the month names).
func dateTimeRules() []Rule {
	const timeOfDay = `(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?)?`
	return []Rule{
		{
			ID: "date-time", Type: "DATE_TIME", Category: PII,
			Description: "calendar date, numeric: ISO 8601 with optional time, fraction and zone; day, month and year in any order with - / . and two- or four-digit years; month/year",
			Trigger:     TriggerDigits, MinDigits: 4, MaxDigits: sepOnly, MinGroups: 2,
			Pattern: `(?:^|[^\w.\-/:+])(` +
				`\d{4}-\d{1,2}-\d{1,2}` + timeOfDay +
				`|\d{4}[/.]\d{1,2}[/.]\d{1,2}` +
				`|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})` + timeOfDay +
				`|(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{2}\.\d{2}\.\d{2})` + timeOfDay +
				`|(?:\d{1,2}-\d{1,2}-\d{4}|\d{2}-\d{2}-\d{2})` + timeOfDay +
				`|\d{1,2}/\d{4}|\d{4}-\d{2}` +
				`)(?:$|[^\w.\-/:]|[.](?:\s|$))`, Group: 1,
			Validate: DateTime, WeakCheck: true,
			Context: birthWords,
			Score:   scoreChecked, MaxLen: 40,
			TP: []string{"born «2031-07-14T09:30:00+02:00»", "DOB «07/14/2031»", "geboren am «14.07.2031» in Berlin", "birth logged «2024-03-15 10:30:00.123Z»",
				"date of birth «05/2021»", "né le «14-07-31»", "Date of birth: «1985-07-30»", "fecha de nacimiento «2031/07/14»"},
			FP: []string{"version 1.2.10", "2024-13-45", "ip 10.0.0.1", "ratio 3/4/5", "99/99/9999", "v2021-05", "1999-12-45"},
		},
		{
			ID: "date-time-words", Type: "DATE_TIME", Category: PII,
			Description: "calendar date with a month name or abbreviation (English, German, French, Spanish, Italian, Portuguese, Dutch): 14 July 2031, July 14, 2031, May-2021, 21-May",
			Keywords:    monthKeywords(),
			Pattern: `(?i)(?:^|[^\p{L}\d])(` +
				`\d{1,2}(?:st|nd|rd|th|er|\.)?(?: de)?[ -]\p{L}{3,10}\.?(?: de)?,?[ -]\d{4}` + timeOfDay +
				`|\p{L}{3,10}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}` + timeOfDay +
				`|\p{L}{3,10}\.?[ -]\d{4}` +
				`|\d{1,2}(?:st|nd|rd|th|er|\.)?[ -]\p{L}{3,10}` +
				`)(?:$|[^\p{L}\d])`, Group: 1,
			Validate: DateTime, WeakCheck: true,
			Context: birthWords,
			Score:   scoreChecked, MaxLen: 48,
			TP: []string{"born on «14 July 2031»", "«July 14, 2031» (date of birth)", "DOB: «May-2021»", "birthday «21-May»", "geboren am «4. März 1979»",
				"date de naissance «3 janvier 2024»", "fecha de nacimiento «5 de mayo de 2020»", "born on «March 4, 1979» in Leeds"},
			FP: []string{"you may 2 times", "14 markers 2031", "in 5 decades", "July 45, 2031", "mars 2 rover"},
		},
	}
}

// monthKeywords routes the month-name rule: full names, and short forms
// followed by a space, dot, comma or dash (or after a dash), so that "dec" in
// "decode" does not run it.
func monthKeywords() []string {
	seen := map[string]bool{}
	var out []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for name, full := range monthWords {
		if !full.abbr {
			add(name)
			continue
		}
		for _, suf := range []string{" ", ".", "-", ","} {
			add(name + suf)
		}
		add("-" + name)
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

// DateTime accepts a date that exists: numbers and at most one month word,
// read as year-month-day, day-month-year, month-day-year, month/year,
// year-month or day-month as the shape allows. Two-digit years are any
// year; four-digit years lie in 1000–2999. A time of day after the date
// is not checked beyond the rule's pattern.
func DateTime(b []byte, _ Options) Verdict {
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
			case "st", "nd", "rd", "th", "er", "de", "t", "z", "utc", "gmt":
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
