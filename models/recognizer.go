package models

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"slices"
	"sync"

	"github.com/sluice-dlp/sluice/engine"
)

//go:embed ner.onnx
var embedded []byte

// Model returns the bytes of the committed model (models/ner.onnx).
func Model() []byte { return embedded }

// ModelBytes returns the model named by a policy's ner.model: the
// committed model when path is empty or "builtin", else the file.
func ModelBytes(path string) ([]byte, error) {
	if path == "" || path == "builtin" {
		return embedded, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	return b, nil
}

// Backend runs the classifier: for rows tokens' features (rows ×
// FeaturesPerToken) it appends rows × NumLabels probabilities to probs.
// Implementations are safe for concurrent use.
type Backend interface {
	Run(feats []int64, rows int, probs []float32) ([]float32, error)
}

// GoBackend runs the network in pure Go. It gives the same labels as
// ONNX Runtime (tests check it) and serves evaluation and tests; it is
// not the production path.
type GoBackend struct{ Net *Net }

// Run implements Backend.
func (g GoBackend) Run(feats []int64, rows int, probs []float32) ([]float32, error) {
	out := g.Net.Forward(feats[:rows*FeaturesPerToken], nil)
	return append(probs, out...), nil
}

// BatchTokens is how many tokens go into one backend run; the context is
// checked between runs. 128-token windows are what the benchmark times.
const BatchTokens = 1024

// Recognizer is an engine.Recognizer over a Backend.
type Recognizer struct {
	backend  Backend
	types    [3]bool
	minScore float64
	rule     string
	pool     sync.Pool
}

var _ engine.Recognizer = (*Recognizer)(nil)

type scratch struct {
	fz    Featurizer
	toks  []Token
	feats []int64
	probs []float32
	spans []Span
}

// NewRecognizer serves backend for the policy's NER settings: only the
// types listed (all when empty) and only spans scoring at least minScore.
func NewRecognizer(backend Backend, cfg engine.NERConfig) (*Recognizer, error) {
	r := &Recognizer{backend: backend, minScore: cfg.MinScore, rule: "ner"}
	for _, t := range cfg.Types {
		i := slices.Index(Types, t)
		if i < 0 {
			return nil, fmt.Errorf("ner.types: unknown type %q (have %v)", t, Types)
		}
		r.types[i] = true
	}
	if len(cfg.Types) == 0 {
		r.types = [3]bool{true, true, true}
	}
	r.pool.New = func() any { return new(scratch) }
	return r, nil
}

// Recognize implements engine.Recognizer: it appends PERSON, LOCATION and
// ORGANIZATION findings with byte offsets into text. It checks ctx before
// every batch of BatchTokens tokens.
func (r *Recognizer) Recognize(ctx context.Context, text []byte, dst []engine.Finding) ([]engine.Finding, error) {
	sc := r.pool.Get().(*scratch)
	defer r.pool.Put(sc)
	sc.toks = Tokenize(text, sc.toks[:0])
	if len(sc.toks) == 0 {
		return dst, nil
	}
	sc.feats = sc.fz.Features(text, sc.toks, sc.feats[:0])
	sc.probs = sc.probs[:0]
	var err error
	for lo := 0; lo < len(sc.toks); lo += BatchTokens {
		if err := ctx.Err(); err != nil {
			return dst, err
		}
		hi := min(lo+BatchTokens, len(sc.toks))
		sc.probs, err = r.backend.Run(sc.feats[lo*FeaturesPerToken:hi*FeaturesPerToken], hi-lo, sc.probs)
		if err != nil {
			return dst, err
		}
	}
	sc.spans = Decode(text, sc.toks, sc.probs, sc.spans[:0])
	for _, s := range sc.spans {
		if !r.types[slices.Index(Types, s.Type)] || s.Score < r.minScore {
			continue
		}
		dst = append(dst, engine.Finding{Type: s.Type, Category: "pii", Rule: r.rule, Start: s.Start, End: s.End, Score: s.Score})
	}
	return dst, nil
}
