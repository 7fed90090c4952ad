package detectors

// FindNumericDates is numericDatePattern in Go: it returns what
// regexp's FindAllIndex(b, n) returns for it, the same spans in the same
// order (TestFindNumericDatesEqualsPattern and FuzzFindNumericDates
// compare them). Dates are the commonest digit cluster in logs and
// technical text — a timestamp a line — and the RE2 search for one cost
// two go-re2 calls (the digit gate's set and the rule's own), some 7 µs
// each date; reporting every date that way halved the built-in policy's
// throughput on timestamp-dense text. The engine runs this instead of
// the pattern (Rule.Find), and the pattern stays the rule's definition.
//
// It follows the pattern's leftmost-first semantics exactly: at each
// start, dateHead's choices in order (a digit and a separator, a digit,
// a letter, dot or plus, nothing), for each the date forms in the order
// of numericDate, each with its greedy repetitions; the first that
// matches wins, and timeOfDay and dateTail, optional and last, are taken
// as far as they go. Only ASCII bytes take part, so bytes suffice.
func FindNumericDates(b []byte, n int) [][]int { return findAllBy(NextNumericDate, b, n) }

// findAllBy is FindAllIndex(b, n) by a Go matcher (Rule.Find), as the
// engine runs it: each search goes on from the last match's end.
func findAllBy(next func(b []byte, from int) (start, end int), b []byte, n int) [][]int {
	var out [][]int
	for from := 0; n < 0 || len(out) < n; {
		s, e := next(b, from)
		if s < 0 {
			break
		}
		out = append(out, []int{s, e})
		from = e
	}
	return out
}

// NextNumericDate is the first match of numericDatePattern at or after
// from (as the pattern's search from there finds it; b[:from] is not
// looked at), or -1, -1.
//
// Every form of numericDate starts with a number of 1, 2 or 4 digits and
// a '-', '/' or '.', and dateHead puts at most two bytes before it. So a
// match can start only in the six bytes before the end of a digit run
// that a '-', '/' or '.' follows, and not before the run less two: only
// those starts are tried, in order (each as the pattern would, dateAt).
func NextNumericDate(b []byte, from int) (start, end int) {
	for i := from; i < len(b); {
		r0 := i
		for r0 < len(b) && !isDigitB(b[r0]) {
			r0++
		}
		r1 := r0
		for r1 < len(b) && isDigitB(b[r1]) {
			r1++
		}
		if r1 >= len(b) {
			break
		}
		if c := b[r1]; c == '-' || c == '/' || c == '.' {
			// dateAt(s) tries the date body at s, s+1 and s+2, so a start
			// before p-2, where p is the first position with a body, has
			// none: where no position has one (the numbers of dotted quads
			// and versions) no start is tried.
			lo := max(from, r0-2, r1-6)
			for p := lo; p <= r1+1; p++ {
				if dateBody(b, p) < 0 {
					continue
				}
				for s := max(lo, p-2); s < r1; s++ {
					if e := dateAt(b, s); e >= 0 {
						return s, e
					}
				}
				break
			}
		}
		i = r1 + 1
	}
	return -1, -1
}

// digitRun is the number of digits at b[p:], up to limit.
func digitRun(b []byte, p, limit int) int {
	k := 0
	for p+k < len(b) && k < limit && isDigitB(b[p+k]) {
		k++
	}
	return k
}

// at reports whether b[p] is c.
func at(b []byte, p int, c byte) bool { return p < len(b) && b[p] == c }

// dateAt is the end of the match starting at b[i], or -1.
func dateAt(b []byte, i int) int {
	c := b[i]
	if isDigitB(c) {
		// dateHead `\d[.\-/:+]?`: with the separator first.
		if i+1 < len(b) {
			switch b[i+1] {
			case '.', '-', '/', ':', '+':
				if e := dateBody(b, i+2); e >= 0 {
					return dateTailEnd(b, e)
				}
			}
		}
		if e := dateBody(b, i+1); e >= 0 {
			return dateTailEnd(b, e)
		}
	} else if l := c | 0x20; l >= 'a' && l <= 'z' || c == '.' || c == '+' {
		if e := dateBody(b, i+1); e >= 0 {
			return dateTailEnd(b, e)
		}
	}
	if e := dateBody(b, i); e >= 0 {
		return dateTailEnd(b, e)
	}
	return -1
}

// dateTailEnd takes dateTail `(?:[.\-/:]?\d|\w)?` at e.
func dateTailEnd(b []byte, e int) int {
	if e >= len(b) {
		return e
	}
	switch c := b[e]; {
	case (c == '.' || c == '-' || c == '/' || c == ':') && e+1 < len(b) && isDigitB(b[e+1]):
		return e + 2
	case isDigitB(c), c == '_', (c|0x20) >= 'a' && (c|0x20) <= 'z':
		return e + 1
	}
	return e
}

// The pieces of numericDate. Each returns the end, or -1. "Then" forms
// are followed by a required separator: a run of digits longer than the
// form allows cannot backtrack into a match there. "Last" forms end the
// date: they take what they can.

// num12Then: `\d{1,2}` followed by separator s1 or s2.
func num12Then(b []byte, p int, s1, s2 byte) int {
	k := digitRun(b, p, 3)
	if k == 0 || k == 3 || p+k >= len(b) || b[p+k] != s1 && b[p+k] != s2 {
		return -1
	}
	return p + k + 1
}

// numLast: `\d{w}` last.
func numLast(b []byte, p, w int) int {
	if p >= 0 && digitRun(b, p, w) == w {
		return p + w
	}
	return -1
}

// dateBody is numericDate at p: its first matching form, with the time of
// day those forms take.
//
// Every form is a number of 1, 2 or 4 digits, a '-', '/' or '.', a
// second number and, in most forms, a separator and a third number; the
// forms differ only in those lengths and separators. So the three runs of
// digits are measured once (each up to one digit more than any form
// takes, which is how a form tells a run that is too long) and the forms
// are tried in numericDate's order on the lengths: a start inside dotted
// quads or version numbers costs a few byte reads, not a walk of every
// form.
func dateBody(b []byte, p int) int {
	if p < len(b) && b[p]-'0' < 10 {
		return dateBodyDigit(b, p)
	}
	return -1 // most starts: this check inlines where the rest does not
}

// dateBodyDigit is dateBody at a digit.
func dateBodyDigit(b []byte, p int) int {
	l := digitRun(b, p, 5)
	if l == 0 || l == 3 || l == 5 || p+l >= len(b) {
		return -1
	}
	c1 := b[p+l]
	if c1 != '-' && c1 != '/' && c1 != '.' {
		return -1
	}
	e := p + l + 1
	m := digitRun(b, e, 5) // the second number
	// A second number of one or two digits followed by a separator c2
	// starts a third number at e2, of n digits (up to 4).
	var c2 byte
	e2, n := -1, 0
	if (m == 1 || m == 2) && e+m < len(b) {
		c2, e2 = b[e+m], e+m+1
		n = digitRun(b, e2, 4)
	}
	if l == 4 {
		if c1 == '-' {
			// \d{4}-\d{1,2}-\d{1,2} timeOfDay, else \d{4}-\d{2}
			if e2 >= 0 && c2 == '-' && n > 0 {
				return timeOfDayEnd(b, e2+min(n, 2))
			}
			if m >= 2 {
				return e + 2
			}
			return -1
		}
		// \d{4}[/.]\d{1,2}[/.]\d{1,2}
		if e2 >= 0 && (c2 == '/' || c2 == '.') && n > 0 {
			return e2 + min(n, 2)
		}
		return -1
	}
	if c1 == '/' {
		// \d{1,2}/\d{1,2}/(?:\d{4}|\d{2}) timeOfDay, else \d{1,2}/\d{4}
		if e2 >= 0 && c2 == '/' {
			if n == 4 {
				return timeOfDayEnd(b, e2+4)
			}
			if n >= 2 {
				return timeOfDayEnd(b, e2+2)
			}
		}
		if m >= 4 {
			return e + 4
		}
		return -1
	}
	// (?:\d{1,2}\.\d{1,2}\.\d{4}|\d{2}\.\d{2}\.\d{2}) timeOfDay, and the
	// same with dashes.
	if e2 >= 0 && c2 == c1 {
		if n == 4 {
			return timeOfDayEnd(b, e2+4)
		}
		if l == 2 && m == 2 && n >= 2 {
			return timeOfDayEnd(b, e2+2)
		}
	}
	return -1
}

// timeOfDayEnd takes timeOfDay at e:
// (?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?)?
func timeOfDayEnd(b []byte, e int) int {
	if !at(b, e, 'T') && !at(b, e, ' ') {
		return e
	}
	x := num12Then(b, e+1, ':', ':')
	if x < 0 {
		return e
	}
	if x = numLast(b, x, 2); x < 0 {
		return e
	}
	if at(b, x, ':') {
		if s := numLast(b, x+1, 2); s >= 0 {
			x = s
			if at(b, x, '.') || at(b, x, ',') {
				if k := digitRun(b, x+1, 9); k > 0 {
					x += 1 + k
				}
			}
		}
	}
	if at(b, x, ' ') {
		if z := zoneEnd(b, x+1); z >= 0 {
			return z
		}
	}
	if z := zoneEnd(b, x); z >= 0 {
		return z
	}
	return x
}

// zoneEnd: Z|UTC|GMT|[+-]\d{2}(?::?\d{2})? at p, or -1.
func zoneEnd(b []byte, p int) int {
	switch {
	case at(b, p, 'Z'):
		return p + 1
	case p+3 <= len(b) && (string(b[p:p+3]) == "UTC" || string(b[p:p+3]) == "GMT"):
		return p + 3
	case at(b, p, '+') || at(b, p, '-'):
		z := numLast(b, p+1, 2)
		if z < 0 {
			return -1
		}
		if at(b, z, ':') {
			if m := numLast(b, z+1, 2); m >= 0 {
				return m
			}
		}
		if m := numLast(b, z, 2); m >= 0 {
			return m
		}
		return z
	}
	return -1
}
