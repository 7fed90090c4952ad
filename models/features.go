package models

import (
	"unicode"
	"unicode/utf8"
)

// Feature layout. Changing any of these (or the feature functions below)
// changes the model's input: the ONNX file records them in its metadata
// and Load refuses a model built for another layout.
const (
	// FeatureVersion names the feature set below.
	FeatureVersion = "hash-fnv1a-v2"
	// Buckets is the number of hashed feature rows; row 0 is padding and
	// its embedding is zero.
	Buckets = 1 << 16
	// FeaturesPerToken is K: each token is described by at most K hashed
	// feature indices, padded with 0.
	FeaturesPerToken = 30
	// maxTrigrams caps character trigrams per word.
	maxTrigrams = 10
)

// Feature kinds, mixed into the hash so equal strings in different roles
// land in different rows.
const (
	fBias byte = iota + 1
	fLower
	fCased
	fShape
	fPrefix3
	fSuffix2
	fSuffix3
	fSuffix4
	fTrigram
	fPrev1
	fPrev2
	fNext1
	fNext2
	fPrevShape
	fNextShape
	fShapes3
	fStartShape
	fPrevSuffix3
	fNextSuffix3
	fShapesLeft
	fShapesRight
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

type hasher uint64

func newHash(kind byte) hasher { return hasher((fnvOffset ^ uint64(kind)) * fnvPrime) }

func (h hasher) add(b []byte) hasher {
	for _, c := range b {
		h = (h ^ hasher(c)) * fnvPrime
	}
	return h
}

func (h hasher) sep() hasher { return (h ^ 0xff) * fnvPrime }

func (h hasher) bucket() int64 { return 1 + int64(uint64(h)%(Buckets-1)) }

// Featurizer turns tokens into feature indices. It keeps scratch buffers:
// use one per goroutine.
type Featurizer struct {
	arena []byte
	low   []span // lower-cased word per token, in arena
	shp   []span // word shape per token, in arena
}

type span struct{ lo, hi int32 }

func (f *Featurizer) str(s span) []byte { return f.arena[s.lo:s.hi] }

// boundary is the text of sentence-ending tokens.
func boundary(b []byte) bool {
	return len(b) == 1 && (b[0] == '.' || b[0] == '!' || b[0] == '?' || b[0] == ':' || b[0] == ';' || b[0] == '"' || b[0] == '*' || b[0] == '#' || b[0] == '-' || b[0] == '(' || b[0] == '/')
}

// Features appends len(toks)*FeaturesPerToken indices for the tokens of
// text to dst, row-major, padding with 0.
func (f *Featurizer) Features(text []byte, toks []Token, dst []int64) []int64 {
	f.arena = f.arena[:0]
	f.low = f.low[:0]
	f.shp = f.shp[:0]
	for _, t := range toks {
		w := text[t.Start:t.End]
		if ascii(w) {
			f.asciiWord(w)
			continue
		}
		lo := int32(len(f.arena))
		for i := 0; i < len(w); {
			r, n := utf8.DecodeRune(w[i:])
			i += n
			f.arena = utf8.AppendRune(f.arena, unicode.ToLower(r))
		}
		f.low = append(f.low, span{lo, int32(len(f.arena))})
		lo = int32(len(f.arena))
		var last byte
		for i := 0; i < len(w); {
			r, n := utf8.DecodeRune(w[i:])
			i += n
			var c byte
			switch {
			case unicode.IsUpper(r):
				c = 'X'
			case unicode.IsLetter(r) || unicode.IsMark(r):
				c = 'x'
			case unicode.IsDigit(r):
				c = 'd'
			case r < utf8.RuneSelf:
				c = byte(r)
			default:
				c = '?'
			}
			if c != last {
				f.arena = append(f.arena, c)
				last = c
			}
		}
		f.shp = append(f.shp, span{lo, int32(len(f.arena))})
	}
	none := []byte("<none>")
	word := func(j int) []byte {
		if j < 0 || j >= len(toks) {
			return none
		}
		return f.str(f.low[j])
	}
	shape := func(j int) []byte {
		if j < 0 || j >= len(toks) {
			return none
		}
		return f.str(f.shp[j])
	}
	for i, t := range toks {
		base := len(dst)
		low := f.str(f.low[i])
		sh := f.str(f.shp[i])
		dst = append(dst,
			newHash(fBias).bucket(),
			newHash(fLower).add(low).bucket(),
			newHash(fCased).add(text[t.Start:t.End]).bucket(),
			newHash(fShape).add(sh).bucket(),
			newHash(fPrefix3).add(runePrefix(low, 3)).bucket(),
			newHash(fSuffix2).add(runeSuffix(low, 2)).bucket(),
			newHash(fSuffix3).add(runeSuffix(low, 3)).bucket(),
			newHash(fSuffix4).add(runeSuffix(low, 4)).bucket(),
			newHash(fPrev1).add(word(i-1)).bucket(),
			newHash(fPrev2).add(word(i-2)).bucket(),
			newHash(fNext1).add(word(i+1)).bucket(),
			newHash(fNext2).add(word(i+2)).bucket(),
			newHash(fPrevShape).add(shape(i-1)).bucket(),
			newHash(fNextShape).add(shape(i+1)).bucket(),
			newHash(fShapes3).add(shape(i-1)).sep().add(sh).sep().add(shape(i+1)).bucket(),
		)
		start := i == 0 || t.Break || boundary(text[toks[i-1].Start:toks[i-1].End])
		st := byte('0')
		if start {
			st = '1'
		}
		dst = append(dst, newHash(fStartShape).add([]byte{st}).sep().add(sh).bucket(),
			// The neighbours' endings and the shapes two tokens out tell
			// "in Shenzhen" from "to Wei Zhang" better than words alone.
			newHash(fPrevSuffix3).add(runeSuffix(word(i-1), 3)).bucket(),
			newHash(fNextSuffix3).add(runeSuffix(word(i+1), 3)).bucket(),
			newHash(fShapesLeft).add(shape(i-2)).sep().add(shape(i-1)).sep().add(sh).bucket(),
			newHash(fShapesRight).add(sh).sep().add(shape(i+1)).sep().add(shape(i+2)).bucket(),
		)
		// Character trigrams of "<" + low + ">", by rune: positions -1 and
		// len(low) stand for the markers.
		if len(low) > 0 {
			p0, p1, p2 := -1, 0, 0
			_, sz := utf8.DecodeRune(low)
			p2 = sz
			for n := 0; n < maxTrigrams; n++ {
				hh := newHash(fTrigram)
				for _, p := range [3]int{p0, p1, p2} {
					switch {
					case p < 0:
						hh = hh.add([]byte{'<'})
					case p >= len(low):
						hh = hh.add([]byte{'>'})
					default:
						_, sz := utf8.DecodeRune(low[p:])
						hh = hh.add(low[p : p+sz])
					}
				}
				dst = append(dst, hh.bucket())
				if p2 >= len(low) {
					break
				}
				_, sz := utf8.DecodeRune(low[p2:])
				p0, p1, p2 = p1, p2, p2+sz
			}
		}
		for len(dst)-base < FeaturesPerToken {
			dst = append(dst, 0)
		}
	}
	return dst
}

func ascii(w []byte) bool {
	for _, c := range w {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiWord is the lower-case and shape step of Features for an ASCII
// token, without rune decoding; it gives the same bytes.
func (f *Featurizer) asciiWord(w []byte) {
	lo := int32(len(f.arena))
	for _, c := range w {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		f.arena = append(f.arena, c)
	}
	f.low = append(f.low, span{lo, int32(len(f.arena))})
	lo = int32(len(f.arena))
	var last byte
	for _, c := range w {
		switch {
		case c >= 'A' && c <= 'Z':
			c = 'X'
		case c >= 'a' && c <= 'z':
			c = 'x'
		case c >= '0' && c <= '9':
			c = 'd'
		}
		if c != last {
			f.arena = append(f.arena, c)
			last = c
		}
	}
	f.shp = append(f.shp, span{lo, int32(len(f.arena))})
}

func runePrefix(b []byte, n int) []byte {
	i := 0
	for k := 0; k < n && i < len(b); k++ {
		_, sz := utf8.DecodeRune(b[i:])
		i += sz
	}
	return b[:i]
}

func runeSuffix(b []byte, n int) []byte {
	i := len(b)
	for k := 0; k < n && i > 0; k++ {
		_, sz := utf8.DecodeLastRune(b[:i])
		i -= sz
	}
	return b[i:]
}
