package engine

import (
	"encoding/binary"
	"sort"
	"unicode/utf8"
)

// The normalised view. A model can be asked to write a secret with a
// zero-width space inside it, a Cyrillic А for its first letter, its
// digits in full width, or its '/' escaped as JSON's "\/". Rules match
// the plain form, so the scan runs over a normalised copy of such a text
// and maps each finding back to the original bytes that produced it: the
// redaction covers the whole obfuscated value, invisible characters and
// escapes included.
//
// What the view changes:
//   - zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF) and
//     soft hyphens (U+00AD) are removed, up to maxRemovedRun in a row;
//   - no-break, thin and other fixed-width spaces, and tabs, become ' ';
//   - hyphen, figure, en and em dashes and the minus sign become '-';
//   - full-width ASCII (U+FF01–U+FF5E) becomes ASCII, U+3000 a space;
//   - Cyrillic and Greek letters that look like Latin ones become those,
//     in a run of such letters that touches an ASCII letter or digit
//     ("АKIA…"), so Russian or Greek words stay as they are;
//   - the JSON escapes \/ and \uXXXX (surrogate pairs included) become
//     the character they stand for (and that character is normalised).
//
// Plain ASCII text without '\' or tab pays one byte-class check
// (needsView) and is scanned as it is. The normaliser is incremental, so
// a stream normalises chunk by chunk exactly as the batch scan does the
// whole text.

// viewByte marks the bytes that can start something the view changes.
var viewByte = func() (t [256]bool) {
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	t['\\'], t['\t'] = true, true
	return t
}()

// needsView reports whether text has a byte the view might change. It
// reads eight bytes at a time: this is all plain ASCII text pays.
func needsView(text []byte) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(text); i += 8 {
		w := binary.LittleEndian.Uint64(text[i:])
		bs := w ^ ('\\' * ones)
		tab := w ^ ('\t' * ones)
		// A byte of w is >= 0x80, or a zero byte of bs or tab (the
		// classic has-zero-byte test; exact once high bytes are out).
		if (w|(bs-ones)&^bs|(tab-ones)&^tab)&highs != 0 {
			return true
		}
	}
	for ; i < len(text); i++ {
		if viewByte[text[i]] {
			return true
		}
	}
	return false
}

// seg records one stretch of the view whose length differs from the
// original bytes it came from: view bytes [n, n+nl) stand for original
// bytes [o, o+ol). Between segments the two are byte for byte aligned.
type seg struct {
	n, o   int
	nl, ol int32
}

// viewMap maps view offsets back to original ones.
type viewMap struct {
	segs []seg
}

// at returns the index of the last segment starting at or before p, -1
// when none does.
func (m *viewMap) at(p int) int {
	return sort.Search(len(m.segs), func(i int) bool { return m.segs[i].n > p }) - 1
}

// start maps a view offset that starts a span to the original offset.
func (m *viewMap) start(p int) int {
	i := m.at(p)
	if i < 0 {
		return p
	}
	sg := m.segs[i]
	if p < sg.n+int(sg.nl) {
		return sg.o // inside a changed stretch: all of it
	}
	return p + (sg.o + int(sg.ol)) - (sg.n + int(sg.nl))
}

// end maps a view offset that ends a span (exclusive) to the original
// offset.
func (m *viewMap) end(p int) int {
	if p <= 0 {
		return m.start(p)
	}
	i := m.at(p - 1)
	if i < 0 {
		return p
	}
	sg := m.segs[i]
	if p-1 < sg.n+int(sg.nl) {
		return sg.o + int(sg.ol)
	}
	return p + (sg.o + int(sg.ol)) - (sg.n + int(sg.nl))
}

// dropBefore forgets the segments no view offset from n on needs.
func (m *viewMap) dropBefore(n int) {
	i := m.at(n)
	if i <= 0 {
		return
	}
	// Segment i-1 ends at or before n; segment i decides offsets from
	// its start, so keep it and drop the rest.
	for i > 0 && m.segs[i-1].n+int(m.segs[i-1].nl) > n {
		i--
	}
	m.segs = append(m.segs[:0], m.segs[i:]...)
}

// maxRemovedRun bounds how many invisible characters in a row the view
// removes; more are kept as they are. Each view byte then stands for a
// bounded number of original bytes, which bounds what a stream holds back.
const maxRemovedRun = 16

// maxHomoglyphRun bounds how many look-alike letters (and removed
// characters among them) the normaliser holds while it waits to see what
// follows them; a longer run is decided by what precedes it alone.
const maxHomoglyphRun = 64

// lookUnit is a look-alike letter (or a removed character among such
// letters) waiting for its right neighbour: ol original bytes that become
// look when the run is mapped, and raw (the character itself) otherwise.
// look 0 is a removed character.
type lookUnit struct {
	ol   int32
	look byte
	rl   uint8
	raw  [utf8.UTFMax]byte
}

// normalizer turns original bytes into the view, chunk by chunk. Input it
// cannot decide on yet (a cut UTF-8 sequence or escape, a run of
// look-alike letters whose neighbour has not arrived) stays pending, so
// its output does not depend on how the text was cut.
type normalizer struct {
	n, o      int    // view and original offsets of the next output
	pending   []byte // a cut unit at the end of the input so far
	run       []lookUnit
	lastAlnum bool // the last view byte written is an ASCII letter or digit
	removed   int  // invisible characters removed in a row so far
	m         viewMap
}

// feed appends the view of p to dst. final means the text ends with p.
func (z *normalizer) feed(dst, p []byte, final bool) []byte {
	in := p
	if len(z.pending) > 0 {
		in = append(z.pending, p...)
		z.pending = z.pending[:0]
	}
	i := 0
	for i < len(in) {
		if c := in[i]; !viewByte[c] {
			// The common case: copy a run of plain ASCII at once.
			j := i + 1
			for j < len(in) && !viewByte[in[j]] {
				j++
			}
			dst = z.settleRun(dst, isAlnum[c])
			z.removed = 0
			dst = append(dst, in[i:j]...)
			z.n += j - i
			z.o += j - i
			z.lastAlnum = isAlnum[in[j-1]]
			i = j
			continue
		}
		r, size, ok := decodeUnit(in[i:], final)
		if !ok {
			break // wait for the rest of the unit
		}
		var buf [utf8.UTFMax]byte
		out, look := viewOf(r, in[i:i+size], buf[:0])
		if len(out) == 0 && look == 0 {
			if z.removed >= maxRemovedRun {
				out = in[i : i+size] // too many in a row: kept, so hold-back stays bounded
			} else {
				z.removed++
			}
		}
		if len(out) > 0 {
			z.removed = 0
		}
		switch {
		case look != 0 || len(out) == 0 && len(z.run) > 0:
			// A look-alike letter, or a removed character among them.
			u := lookUnit{ol: int32(size), look: look}
			u.rl = uint8(copy(u.raw[:], out))
			z.run = append(z.run, u)
			if len(z.run) >= maxHomoglyphRun {
				dst = z.flushRun(dst, z.lastAlnum)
			}
		default:
			if len(out) > 0 {
				dst = z.settleRun(dst, isAlnum[out[0]])
			}
			dst = z.emit(dst, out, size)
		}
		i += size
	}
	if final {
		if i < len(in) {
			// Unreachable: decodeUnit decides every unit when final.
			dst = z.emit(dst, in[i:], len(in)-i)
			i = len(in)
		}
		dst = z.settleRun(dst, false)
	}
	z.pending = append(z.pending, in[i:]...)
	return dst
}

// settleRun decides a pending run of look-alikes now that what follows
// it is known: nextAlnum says whether that starts with an ASCII letter or
// digit. The run is mapped when it touches one on either side.
func (z *normalizer) settleRun(dst []byte, nextAlnum bool) []byte {
	if len(z.run) == 0 {
		return dst
	}
	return z.flushRun(dst, z.lastAlnum || nextAlnum)
}

func (z *normalizer) flushRun(dst []byte, mapped bool) []byte {
	run := z.run
	z.run = z.run[:0]
	for _, u := range run {
		var out []byte
		switch {
		case u.look == 0:
		case mapped:
			out = []byte{u.look}
		default:
			out = u.raw[:u.rl]
		}
		dst = z.emit(dst, out, int(u.ol))
	}
	return dst
}

// emit writes the view of one unit of ol original bytes.
func (z *normalizer) emit(dst, out []byte, ol int) []byte {
	if len(out) != ol {
		z.m.segs = append(z.m.segs, seg{n: z.n, o: z.o, nl: int32(len(out)), ol: int32(ol)})
	}
	dst = append(dst, out...)
	z.n += len(out)
	z.o += ol
	if len(out) > 0 {
		z.lastAlnum = isAlnum[out[len(out)-1]]
	}
	return dst
}

// decodeUnit reads one unit at the start of b: a UTF-8 sequence, a JSON
// escape (\/ or \uXXXX, a surrogate pair as one), or one byte. ok is false
// when b may be a cut unit and more input can follow. r is the character
// the unit stands for, or -1 for bytes the view keeps as they are.
func decodeUnit(b []byte, final bool) (r rune, size int, ok bool) {
	c := b[0]
	if c == '\\' {
		if len(b) < 2 {
			return -1, 1, final
		}
		switch b[1] {
		case '/':
			return '/', 2, true
		case '\\':
			return -2, 2, true // an escaped backslash: kept, and not an escape start
		case 'u':
		default:
			return -1, 1, true
		}
		u, st := uEscape(b, final)
		switch {
		case st == escCut:
			return 0, 0, false
		case st == escBad:
			return -1, 1, true
		case u < 0xD800 || u > 0xDFFF:
			return rune(u), 6, true
		case u > 0xDBFF:
			return -1, 1, true // a lone low surrogate
		}
		// A high surrogate: a pair needs \uDC00–\uDFFF next.
		lo, st := uEscape(b[6:], final)
		switch {
		case st == escCut:
			return 0, 0, false
		case st == escBad || lo < 0xDC00 || lo > 0xDFFF:
			return -1, 1, true
		}
		return 0x10000 + (rune(u)-0xD800)<<10 + (rune(lo) - 0xDC00), 12, true
	}
	if c < 0x80 {
		return rune(c), 1, true
	}
	if !utf8.FullRune(b) {
		if !final {
			return 0, 0, false
		}
		return -1, 1, true
	}
	r, size = utf8.DecodeRune(b)
	if r == utf8.RuneError && size == 1 {
		return -1, 1, true
	}
	return r, size, true
}

const (
	escOK  = iota
	escCut // b may be a \uXXXX cut short; more input decides
	escBad // b does not start with \uXXXX
)

// uEscape reads \uXXXX at the start of b.
func uEscape(b []byte, final bool) (u uint16, st int) {
	for k, want := range []byte{'\\', 'u'} {
		if len(b) <= k {
			if final {
				return 0, escBad
			}
			return 0, escCut
		}
		if b[k] != want {
			return 0, escBad
		}
	}
	u, n := hex4(b[2:])
	switch {
	case n == 4:
		return u, escOK
	case n == len(b)-2 && !final:
		return 0, escCut
	}
	return 0, escBad
}

// hex4 parses up to four hex digits; n is how many were hex.
func hex4(b []byte) (v uint16, n int) {
	for n < 4 && n < len(b) {
		c := b[n]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return v, n
		}
		v = v<<4 | uint16(d)
		n++
	}
	return v, n
}

// viewOf returns what a unit becomes. For a look-alike letter, look is
// the Latin letter and out the letter itself (the run decides which one
// the view gets). src is the unit's original bytes.
func viewOf(r rune, src, buf []byte) (out []byte, look byte) {
	switch {
	case r == -1 || r == -2:
		return src, 0
	case r == '\t':
		return append(buf, ' '), 0
	case r < 0x80:
		return append(buf, byte(r)), 0
	case r == 0xAD, r >= 0x200B && r <= 0x200D, r >= 0x2060 && r <= 0x2064, r == 0xFEFF:
		return nil, 0
	case r == 0xA0, r >= 0x2000 && r <= 0x200A, r == 0x202F, r == 0x205F, r == 0x3000:
		return append(buf, ' '), 0
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE63:
		return append(buf, '-'), 0
	case r >= 0xFF01 && r <= 0xFF5E:
		return append(buf, byte(r-0xFEE0)), 0
	}
	out = utf8.AppendRune(buf, r)
	return out, homoglyphs[r]
}

// homoglyphs are Cyrillic and Greek letters that render like a Latin
// letter (after Unicode TR39's confusables for these scripts).
var homoglyphs = map[rune]byte{
	// Cyrillic capitals
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P',
	'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ү': 'Y', 'Ӏ': 'I',
	// Cyrillic small letters
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's',
	'і': 'i', 'ј': 'j', 'һ': 'h', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l',
	// Greek capitals
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M',
	'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	// Greek small letters
	'ο': 'o', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'ρ': 'p', 'υ': 'u', 'α': 'a',
}
