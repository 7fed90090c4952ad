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
// and a span with no capitalised word is dropped — except a span made only
// of lower-case words the model is sure are names (P(O) < LowerBelow:
// "ask ravi"), as people write them in chat. In text written in capitals,
// "AND", "OR", "TO"... join two names only when the model labels them. It also loses
// punctuation at its edges ("Paris!" → "Paris", "(Acme" → "Acme"), except
// the period of an abbreviation that ends it ("Acme Inc.", "Elm St.").
func Decode(text []byte, toks []Token, probs []float32, dst []Span) []Span {
	open := false
	var cur Span
	first := 0        // index of the open span's first token
	allLower := false // the open span is lower-case names only
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
		for a <= b && edgeTrim(text, toks, probs, a, false) {
			a++
		}
		for b >= a && edgeTrim(text, toks, probs, b, true) {
			b--
		}
		// A capitalised word right before a person's name that the
		// model was unsure about joins it: "Will Thompson", "June Park"
		// (first names that are also words open many sentences).
		if best == 0 && a == first && a > 0 && !toks[a].Break {
			w := text[toks[a-1].Start:toks[a-1].End]
			if capitalised(w) && !stop(w) && probs[(a-1)*NumLabels] < joinBefore {
				a--
			}
		}
		caps := false
		for i := a; i <= b; i++ {
			w := text[toks[i].Start:toks[i].End]
			caps = caps || capitalised(w) || lowerName(w, probs[i*NumLabels])
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
		w := text[t.Start:t.End]
		lower := lowerInitial(w) && !particle(w)
		// A lower-case word is part of a name only in a span of
		// lower-case names ("ask li wei"): in "Giulia Bianchi left
		// Ferrari" it ends the span whatever the model says.
		if stop(w) || (lower && !(lowerName(w, p[0]) && (!open || allLower))) {
			flush()
			continue
		}
		if open && allLower && !lower {
			flush()
		}
		joins := open && !t.Break && cur.End == prevEnd
		if p[0] >= 0.5 && !(joins && p[0] < joinBelow && capitalised(w) && !capsFunctionWord(w)) {
			flush()
			continue
		}
		if !joins {
			flush()
			open = true
			cur = Span{Start: t.Start}
			first = i
			allLower = lower
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

// joinBefore: the same for the capitalised word just before a PERSON span,
// with a stricter bar: the word is more often a sentence's first word
// ("Will May visit Paris?") than a first name the model missed.
const joinBefore = 0.7

// LowerBelow: a lower-case word is part of an entity only when the model
// is this sure (P(O) < LowerBelow): people write names in lower case in
// chat ("ask ravi"), but most lower-case words are not names.
var LowerBelow float32 = 0.2

// lowerName reports whether a lower-case word (not a particle) is a name
// the model is sure of.
func lowerName(w []byte, pO float32) bool {
	return pO < LowerBelow && lowerInitial(w) && !particle(w) && utf8.RuneCount(w) > 1
}

// capsFunctionWord reports the short words that join two names in text
// written in capitals ("GERMANY AND AUSTRIA"): they join a span only when
// the model itself labels them, never by the neighbour rule.
func capsFunctionWord(w []byte) bool {
	switch string(w) {
	case "AND", "OR", "THE", "TO", "IN", "ON", "AT", "FOR", "FROM", "WITH", "BY", "VIA", "NOT", "ONLY", "ALL", "ET", "UND", "Y", "E":
		return true
	}
	return false
}

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

// edgeTrim reports whether token i leaves a span at its start (or at its
// end when last): a lower-case word, or punctuation other than the period
// right after an abbreviation (see abbrevs).
func edgeTrim(text []byte, toks []Token, probs []float32, i int, last bool) bool {
	w := text[toks[i].Start:toks[i].End]
	if lowerInitial(w) {
		return !lowerName(w, probs[i*NumLabels])
	}
	r, _ := utf8.DecodeRune(w)
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return false
	}
	if last && i > 0 && len(w) == 1 && w[0] == '.' && toks[i-1].End == toks[i].Start {
		_, ok := abbrevs[string(text[toks[i-1].Start:toks[i-1].End])]
		return !ok
	}
	return true
}

// abbrevs are the words whose period belongs to the name they end.
var abbrevs = map[string]struct{}{
	"Jr": {}, "Sr": {}, "Inc": {}, "Ltd": {}, "Co": {}, "Corp": {}, "Bros": {}, "Plc": {}, "LLC": {},
	"St": {}, "Ave": {}, "Rd": {}, "Blvd": {}, "Dr": {}, "Ln": {}, "Pl": {}, "Ct": {}, "Sq": {}, "Mt": {}, "Ft": {},
}

// stop reports punctuation that no name contains: it ends the open span
// whatever the model says about it.
func stop(tok []byte) bool {
	if len(tok) != 1 {
		return false
	}
	switch tok[0] {
	case '!', '?', ';', ',', ':', '(', ')', '[', ']', '{', '}', '"', '<', '>', '|', '=', '*':
		return true
	}
	return false
}

// particle reports the lower-case words that names keep inside them
// ("Rue de Rivoli", "Ludwig van Beethoven", "Mohammed bin Salman"); any
// other lower-case word ends a span ("Giulia Bianchi left Ferrari").
func particle(w []byte) bool {
	switch string(w) {
	case "de", "da", "do", "dos", "das", "di", "del", "della", "du", "des", "la", "le", "van", "von", "der", "den",
		"ten", "ter", "bin", "ibn", "bint", "al", "el", "y", "e", "of", "zu", "af", "av":
		return true
	}
	return false
}
