package models

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
func Decode(toks []Token, probs []float32, dst []Span) []Span {
	open := false
	var cur Span
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
		dst = append(dst, cur)
		open = false
	}
	prevEnd := -1
	for i, t := range toks {
		p := probs[i*NumLabels : (i+1)*NumLabels]
		if i > 0 {
			prevEnd = toks[i-1].End
		}
		if p[0] >= 0.5 {
			flush()
			continue
		}
		if !open || t.Break || cur.End != prevEnd {
			flush()
			open = true
			cur = Span{Start: t.Start}
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
