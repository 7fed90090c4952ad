package train

import "github.com/sluice-dlp/sluice/models"

// HeldOutSeed generates the held-out split: same templates and lists,
// a seed the training corpus never uses.
const HeldOutSeed = 7

// HeldOut is the generated evaluation split.
func HeldOut() []models.Labelled {
	ss := Corpus(LoadLists(), HeldOutSeed, 2000)
	out := make([]models.Labelled, len(ss))
	for i, s := range ss {
		out[i] = models.Labelled{Text: s.Text, Spans: s.Spans}
	}
	return out
}

// Predictor runs the pure-Go forward pass of n over a text.
func Predictor(n *models.Net) func(string) []models.Span {
	var fz models.Featurizer
	return func(text string) []models.Span {
		toks := models.Tokenize([]byte(text), nil)
		probs := n.Forward(fz.Features([]byte(text), toks, nil), nil)
		return models.Decode([]byte(text), toks, probs, nil)
	}
}
