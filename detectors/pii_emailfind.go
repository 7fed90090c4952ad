package detectors

import "bytes"

// emailPattern is the e-mail rule's definition; NextEmail is the same
// search in Go.
const emailPattern = `(?i)\b([a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,24})\b`

// NextEmail is the first match of emailPattern at or after from, as the
// pattern's search from there finds it (b[from-1] counts for \b), or
// -1, -1. Text dense with addresses (a list, a log, `a@b.co ` over and
// over) is a finding every few bytes, and each cost about a microsecond
// of go-re2; the engine runs this instead (Rule.Find) and the pattern
// stays the rule's definition (TestNextEmailEqualsPattern and
// FuzzNextEmail compare them).
//
// The pattern's leftmost-first choices are few. '@' is in none of its
// classes, so every match holds exactly one '@', matches are ordered by
// it, and the local part is the class run before it. '.' is not in a
// label's class, so each label ends where its run ends; the greedy
// {1,8} takes as many labels as there are, and gives them back one by
// one until a top-level domain with a \b after it follows. So whether an
// '@' has a match, and where it ends, does not depend on where it starts;
// the start is the leftmost of the local run that begins with a letter
// or digit and has a \b before it. Under (?i) the classes hold two
// non-ASCII letters, 'ſ' (U+017F, folds to s) and 'K' (U+212A, Kelvin,
// folds to k), which \b (ASCII) counts as non-word; the counted
// repetitions count runes.
func NextEmail(b []byte, from int) (start, end int) {
	for a := from; a < len(b); a++ {
		i := bytes.IndexByte(b[a:], '@')
		if i < 0 {
			break
		}
		if a += i; a == from {
			continue
		}
		e := emailDomainEnd(b, a+1)
		if e < 0 {
			continue
		}
		// The local run: at most 64 runes before '@', not before from.
		var starts [64]int
		n := 0
		for i := a; n < 64 && i > from; {
			k, sz := emailClassBefore(b, i)
			if k&emLocal == 0 || i-sz < from {
				break
			}
			i -= sz
			starts[n] = i
			n++
		}
		for j := n - 1; j >= 0; j-- {
			p := starts[j]
			k, _ := emailClassAt(b, p)
			if k&emAlnum == 0 {
				continue
			}
			if (p > 0 && isWordByte(b[p-1])) != isWordByte(b[p]) {
				return p, e
			}
		}
	}
	return -1, -1
}

// Character kinds of the e-mail pattern's classes (under (?i)).
const (
	emAlnum  = 1 << iota // [a-z0-9]: a local part's first, a label's ends
	emLabel              // [a-z0-9-]
	emLocal              // [a-z0-9._%+-]
	emLetter             // [a-z]: the top-level domain
)

var emailKinds = func() (t [128]uint8) {
	for c := range 128 {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			t[c] = emAlnum | emLabel | emLocal | emLetter
		case c >= '0' && c <= '9':
			t[c] = emAlnum | emLabel | emLocal
		case c == '-':
			t[c] = emLabel | emLocal
		case c == '.', c == '_', c == '%', c == '+':
			t[c] = emLocal
		}
	}
	return t
}()

// The two non-ASCII runes (?i) adds to [a-z]: 'ſ' (C5 BF) and 'K' (E2 84 AA).
const emFolded = emAlnum | emLabel | emLocal | emLetter

// emailClassAt is the kind and size of the rune at b[i] (i < len(b)).
// Any other non-ASCII byte is a kind of none, one byte.
func emailClassAt(b []byte, i int) (kind uint8, size int) {
	c := b[i]
	if c < 0x80 {
		return emailKinds[c], 1
	}
	if c == 0xC5 && i+1 < len(b) && b[i+1] == 0xBF {
		return emFolded, 2
	}
	if c == 0xE2 && i+2 < len(b) && b[i+1] == 0x84 && b[i+2] == 0xAA {
		return emFolded, 3
	}
	return 0, 1
}

// emailClassBefore is the kind and size of the rune that ends at b[i-1]
// (i > 0), as far as the classes care: a byte that is not the end of
// 'ſ' or 'K' is a kind of none.
func emailClassBefore(b []byte, i int) (kind uint8, size int) {
	c := b[i-1]
	if c < 0x80 {
		return emailKinds[c], 1
	}
	if c == 0xBF && i >= 2 && b[i-2] == 0xC5 {
		return emFolded, 2
	}
	if c == 0xAA && i >= 3 && b[i-2] == 0x84 && b[i-3] == 0xE2 {
		return emFolded, 3
	}
	return 0, 1
}

// isWordByte: \w, ASCII only (a byte of a multi-byte rune is not a word
// byte, as RE2's \b has it).
func isWordByte(c byte) bool {
	return c < 0x80 && (emailKinds[c]&emAlnum != 0 || c == '_')
}

// emailDomainEnd is where the pattern's domain part starting at x ends,
// or -1 if it has none there.
func emailDomainEnd(b []byte, x int) int {
	// after[k] is where the (k+1)-th label starts: the labels are taken
	// as far as they go, at most 8.
	var after [9]int
	after[0] = x
	k := 0
	for k < 8 {
		y := emailLabelEnd(b, after[k])
		if y < 0 {
			break
		}
		k++
		after[k] = y + 1
	}
	for ; k >= 1; k-- {
		if e := emailTLDEnd(b, after[k]); e >= 0 {
			return e
		}
	}
	return -1
}

// emailLabelEnd is the position of the '.' that ends the label
// [a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])? starting at x, or -1: the label is
// its class's whole run, since '.' is not in it.
func emailLabelEnd(b []byte, x int) int {
	runes := 0
	last := uint8(0)
	i := x
	for i < len(b) {
		k, sz := emailClassAt(b, i)
		if k&emLabel == 0 {
			break
		}
		if runes == 0 && k&emAlnum == 0 {
			return -1
		}
		runes++
		if runes > 63 {
			return -1
		}
		last = k
		i += sz
	}
	if runes == 0 || last&emAlnum == 0 || i >= len(b) || b[i] != '.' {
		return -1
	}
	return i
}

// emailTLDEnd is the end of [a-z]{2,24}\b at t (greedy, giving back
// letters until \b holds), or -1.
func emailTLDEnd(b []byte, t int) int {
	var ends [25]int // ends[j]: after j letters
	ends[0] = t
	j := 0
	for i := t; j < 24 && i < len(b); {
		k, sz := emailClassAt(b, i)
		if k&emLetter == 0 {
			break
		}
		i += sz
		j++
		ends[j] = i
	}
	for ; j >= 2; j-- {
		e := ends[j]
		// The letter before e is a word byte when it is ASCII.
		before := isWordByte(b[e-1])
		after := e < len(b) && isWordByte(b[e])
		if before != after {
			return e
		}
	}
	return -1
}
