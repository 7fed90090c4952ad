package models

// Span is one entity found by the model, in byte offsets of the text.
type Span struct {
	Type       string
	Start, End int
	Score      float64
}

// Decode turns per-token label probabilities (len(toks) × NumLabels) into
// entity spans. Each token takes its most likely label; B-X opens a span,
// I-X continues a span of type X (or opens one after O or another type).
// A span's score is the mean probability of its tokens' labels.
func Decode(toks []Token, probs []float32, dst []Span) []Span {
	open := -1 // type index of the open span, -1 none
	var cur Span
	var sum float64
	var n int
	flush := func() {
		if open >= 0 {
			cur.Score = sum / float64(n)
			dst = append(dst, cur)
		}
		open = -1
	}
	for i, t := range toks {
		p := probs[i*NumLabels : (i+1)*NumLabels]
		best := 0
		for l := 1; l < NumLabels; l++ {
			if p[l] > p[best] {
				best = l
			}
		}
		if best == 0 {
			flush()
			continue
		}
		typ := (best - 1) / 2
		inside := (best-1)%2 == 1
		if inside && open == typ {
			cur.End = t.End
			sum += float64(p[best])
			n++
			continue
		}
		flush()
		open = typ
		cur = Span{Type: Types[typ], Start: t.Start, End: t.End}
		sum, n = float64(p[best]), 1
	}
	flush()
	return dst
}
