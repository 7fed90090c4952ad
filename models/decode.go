package models

import (
	"unicode"
	"unicode/utf8"
)

// Span is one entity found by the model, in byte offsets of the text.
type Span struct {
	Type       string
	Start, End int
	Score      float64
}

// Decode turns per-token label probabilities (len(toks) × NumLabels) into
// entity spans. A token is inside an entity when P(O) < 0.5. Entity tokens
// that follow each other with only spaces between them (no punctuation, no
// line break) form one span: the classifier sees each token alone, and an
// unseen surname after an unseen first name often looks like a B- token. The span's type is the one with the most
// probability mass over its tokens (so "Thabo Nkosi" cannot come out half
// LOCATION, half PERSON), and its score is the mean of 1-P(O).
//
// Names in model answers are capitalised: a span loses lower-case words at
// its edges ("Warsaw sales" → "Warsaw"; "Rue de Rivoli" keeps its "de"),
// and a span with no capitalised word is dropped.
func Decode(text []byte, toks []Token, probs []float32, dst []Span) []Span {
	open := false
	var cur Span
	first := 0 // index of the open span's first token
	var mass [3]float64
	var sum float64
	var n int
	flush := func() {
		if !open {
			return
		}
		best := 0
		for t := 1; t < 3; t++ {
			if mass[t] > mass[best] {
				best = t
			}
		}
		cur.Type = Types[best]
		cur.Score = sum / float64(n)
		open = false
		a, b := first, first+n-1
		for a <= b && !capitalised(text[toks[a].Start:toks[a].End]) && lowerInitial(text[toks[a].Start:toks[a].End]) {
			a++
		}
		for b >= a && !capitalised(text[toks[b].Start:toks[b].End]) && lowerInitial(text[toks[b].Start:toks[b].End]) {
			b--
		}
		caps := false
		for i := a; i <= b; i++ {
			caps = caps || capitalised(text[toks[i].Start:toks[i].End])
		}
		if !caps {
			return
		}
		cur.Start, cur.End = toks[a].Start, toks[b].End
		dst = append(dst, cur)
	}
	prevEnd := -1
	for i, t := range toks {
		p := probs[i*NumLabels : (i+1)*NumLabels]
		if i > 0 {
			prevEnd = toks[i-1].End
		}
		joins := open && !t.Break && cur.End == prevEnd
		if p[0] >= 0.5 && !(joins && p[0] < joinBelow && capitalised(text[t.Start:t.End])) {
			flush()
			continue
		}
		if !joins {
			flush()
			open = true
			cur = Span{Start: t.Start}
			first = i
			mass = [3]float64{}
			sum, n = 0, 0
		}
		cur.End = t.End
		for k := 0; k < 3; k++ {
			mass[k] += float64(p[1+2*k] + p[2+2*k])
		}
		sum += float64(1 - p[0])
		n++
	}
	flush()
	return dst
}

// joinBelow: a capitalised token right after an entity token joins its
// span while P(O) < joinBelow. The classifier labels each token alone; an
// unseen surname after a first name ("Helena Lindström") often gets a
// P(O) just over one half, and the neighbour is evidence it lacks.
const joinBelow = 0.9

// capitalised reports whether a token starts with an upper-case letter.
func capitalised(tok []byte) bool {
	r, _ := utf8.DecodeRune(tok)
	return unicode.IsUpper(r)
}

// lowerInitial reports whether a token starts with a lower-case letter.
func lowerInitial(tok []byte) bool {
	r, _ := utf8.DecodeRune(tok)
	return unicode.IsLower(r)
}
