// Package train builds sluice's NER model: it generates a labelled corpus
// from templates and gofakeit's name lists, trains the models.Net token
// classifier with a fixed seed on one goroutine (so the result is
// bit-for-bit reproducible on the same architecture), and evaluates it.
package train

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/sluice-dlp/sluice/models"
)

// Config fixes everything a training run depends on.
type Config struct {
	Seed      uint64
	Sentences int // training sentences generated
	Epochs    int
	D, H      int     // embedding and hidden sizes
	LR        float32 // Adagrad learning rate
	// WordDrop is the probability that a training token loses all the
	// features of its own spelling (word, affixes, trigrams), so the
	// network also learns from context and shape: names it has never
	// seen are the norm in real text.
	WordDrop float64
	// FeatDrop drops any single feature with this probability.
	FeatDrop float64
}

// DefaultConfig is the configuration of the committed model.
var DefaultConfig = Config{Seed: 20261130, Sentences: 90000, Epochs: 4, D: 32, H: 96, LR: 0.08, WordDrop: 0.15, FeatDrop: 0.1}

// identityFeature marks the feature slots that spell the token itself
// (see models.Featurizer): word, cased word, affixes and trigrams.
func identityFeature(slot int) bool {
	return slot == 1 || slot == 2 || (slot >= 4 && slot <= 7) || slot >= 20
}

// Example is one tokenized, featurized, labelled sentence.
type Example struct {
	Feats  []int64
	Labels []uint8
}

// Featurize tokenizes and labels sentences.
func Featurize(ss []Sentence) []Example {
	var fz models.Featurizer
	out := make([]Example, 0, len(ss))
	for _, s := range ss {
		toks := models.Tokenize([]byte(s.Text), nil)
		ex := Example{Feats: fz.Features([]byte(s.Text), toks, nil), Labels: TokenLabels(toks, s.Spans)}
		out = append(out, ex)
	}
	return out
}

// TokenLabels gives each token its BIO label index.
func TokenLabels(toks []models.Token, spans []models.Span) []uint8 {
	labels := make([]uint8, len(toks))
	for _, sp := range spans {
		ti := typeIndex(sp.Type)
		first := true
		for i, t := range toks {
			if t.Start >= sp.Start && t.End <= sp.End {
				if first {
					labels[i] = uint8(1 + 2*ti)
					first = false
				} else {
					labels[i] = uint8(2 + 2*ti)
				}
			}
		}
	}
	return labels
}

func typeIndex(t string) int {
	for i, x := range models.Types {
		if x == t {
			return i
		}
	}
	panic("train: unknown type " + t)
}

// Train fits a Net on the examples. Progress goes to log (may be nil).
func Train(cfg Config, exs []Example, log io.Writer) *models.Net {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	D, H, L := cfg.D, cfg.H, models.NumLabels
	n := &models.Net{D: D, H: H,
		Emb: make([]float32, models.Buckets*D), W1: make([]float32, D*H), B1: make([]float32, H),
		W2: make([]float32, H*L), B2: make([]float32, L)}
	uni := func(w []float32, a float64) {
		for i := range w {
			w[i] = float32((rng.Float64()*2 - 1) * a)
		}
	}
	uni(n.Emb[D:], 0.1)
	uni(n.W1, math.Sqrt(6/float64(D+H)))
	uni(n.W2, math.Sqrt(6/float64(H+L)))
	gEmb := make([]float32, len(n.Emb))
	gW1, gB1 := make([]float32, len(n.W1)), make([]float32, H)
	gW2, gB2 := make([]float32, len(n.W2)), make([]float32, L)

	h0, h1 := make([]float32, D), make([]float32, H)
	dh0, dh1 := make([]float32, D), make([]float32, H)
	lg := make([]float32, L)
	const eps = 1e-6
	lr := cfg.LR
	step := func(w, g []float32, i int, grad float32) {
		g[i] += grad * grad
		w[i] -= lr * grad / (float32(math.Sqrt(float64(g[i]))) + eps)
	}
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	K := models.FeaturesPerToken
	idx := make([]int64, K)
	for ep := 0; ep < cfg.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var loss float64
		var toks int
		for _, ei := range order {
			ex := &exs[ei]
			for t, y := range ex.Labels {
				copy(idx, ex.Feats[t*K:(t+1)*K])
				dropWord := rng.Float64() < cfg.WordDrop
				for k := range idx {
					if (dropWord && identityFeature(k)) || rng.Float64() < cfg.FeatDrop {
						idx[k] = 0
					}
				}
				// Forward.
				clear(h0)
				for _, ix := range idx {
					if ix != 0 {
						row := n.Emb[int(ix)*D : int(ix+1)*D]
						for d, v := range row {
							h0[d] += v
						}
					}
				}
				copy(h1, n.B1)
				for d, v := range h0 {
					w := n.W1[d*H : (d+1)*H]
					for j, x := range w {
						h1[j] += v * x
					}
				}
				for j, v := range h1 {
					if v < 0 {
						h1[j] = 0
					}
				}
				copy(lg, n.B2)
				for j, v := range h1 {
					w := n.W2[j*L : (j+1)*L]
					for l, x := range w {
						lg[l] += v * x
					}
				}
				models.Softmax(lg)
				loss -= math.Log(float64(lg[y]) + 1e-12)
				toks++
				// Backward: lg becomes dlogits.
				lg[y]--
				for j := range dh1 {
					var acc float32
					if h1[j] > 0 {
						w := n.W2[j*L : (j+1)*L]
						for l, x := range w {
							acc += x * lg[l]
						}
					}
					dh1[j] = acc
				}
				for j, v := range h1 {
					if v != 0 {
						for l := 0; l < L; l++ {
							step(n.W2, gW2, j*L+l, v*lg[l])
						}
					}
				}
				for l := 0; l < L; l++ {
					step(n.B2, gB2, l, lg[l])
				}
				for d := range dh0 {
					var acc float32
					w := n.W1[d*H : (d+1)*H]
					for j, x := range w {
						acc += x * dh1[j]
					}
					dh0[d] = acc
				}
				for d, v := range h0 {
					for j := 0; j < H; j++ {
						if dh1[j] != 0 {
							step(n.W1, gW1, d*H+j, v*dh1[j])
						}
					}
				}
				for j := 0; j < H; j++ {
					if dh1[j] != 0 {
						step(n.B1, gB1, j, dh1[j])
					}
				}
				for _, ix := range idx {
					if ix == 0 {
						continue
					}
					for d := 0; d < D; d++ {
						step(n.Emb, gEmb, int(ix)*D+d, dh0[d])
					}
				}
			}
		}
		if log != nil {
			fmt.Fprintf(log, "epoch %d: mean loss %.4f over %d tokens\n", ep+1, loss/float64(toks), toks)
		}
	}
	return n
}

// Build generates the corpus for cfg, trains, and returns the ONNX bytes.
func Build(cfg Config, log io.Writer) ([]byte, *models.Net, error) {
	exs := Featurize(Corpus(LoadLists(), cfg.Seed, cfg.Sentences))
	n := Train(cfg, exs, log)
	b, err := models.MarshalONNX(n, Meta(cfg), MetaKeys)
	return b, n, err
}

// MetaKeys orders the metadata written into the ONNX file.
var MetaKeys = []string{"features", "buckets", "k", "labels", "seed", "sentences", "epochs", "d", "h", "lr", "word_drop", "feat_drop", "data"}

// Meta is the metadata recorded for cfg.
func Meta(cfg Config) models.Meta {
	labels := ""
	for i, l := range models.Labels {
		if i > 0 {
			labels += ","
		}
		labels += l
	}
	return models.Meta{
		"features":  models.FeatureVersion,
		"buckets":   strconv.Itoa(models.Buckets),
		"k":         strconv.Itoa(models.FeaturesPerToken),
		"labels":    labels,
		"seed":      strconv.FormatUint(cfg.Seed, 10),
		"sentences": strconv.Itoa(cfg.Sentences),
		"epochs":    strconv.Itoa(cfg.Epochs),
		"d":         strconv.Itoa(cfg.D),
		"h":         strconv.Itoa(cfg.H),
		"lr":        strconv.FormatFloat(float64(cfg.LR), 'g', -1, 32),
		"word_drop": strconv.FormatFloat(cfg.WordDrop, 'g', -1, 64),
		"feat_drop": strconv.FormatFloat(cfg.FeatDrop, 'g', -1, 64),
		"data":      "github.com/brianvoe/gofakeit/v7 v7.18.2; @faker-js/faker 10.6.0; @cspell/dict-companies 3.2.14",
	}
}
