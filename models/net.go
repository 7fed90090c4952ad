package models

import (
	"fmt"
	"math"
)

// Labels are the classifier's outputs, in output order (BIO tags).
var Labels = []string{"O", "B-PERSON", "I-PERSON", "B-LOCATION", "I-LOCATION", "B-ORGANIZATION", "I-ORGANIZATION"}

// Entity types the model finds, in label order.
var Types = []string{"PERSON", "LOCATION", "ORGANIZATION"}

// NumLabels is len(Labels).
const NumLabels = 7

// Net is the token classifier: for each token, the sum of the embeddings of
// its K feature rows, a ReLU hidden layer and a softmax over the BIO
// labels. Weights are row-major float32.
type Net struct {
	D, H int
	Emb  []float32 // Buckets × D; row 0 is zero (padding)
	W1   []float32 // D × H
	B1   []float32 // H
	W2   []float32 // H × NumLabels
	B2   []float32 // NumLabels
}

// check validates the shapes.
func (n *Net) check() error {
	if n.D <= 0 || n.H <= 0 || len(n.Emb) != Buckets*n.D || len(n.W1) != n.D*n.H || len(n.B1) != n.H ||
		len(n.W2) != n.H*NumLabels || len(n.B2) != NumLabels {
		return fmt.Errorf("model: inconsistent shapes (D=%d H=%d emb=%d w1=%d b1=%d w2=%d b2=%d)",
			n.D, n.H, len(n.Emb), len(n.W1), len(n.B1), len(n.W2), len(n.B2))
	}
	return nil
}

// Forward computes label probabilities for len(feats)/K tokens into probs
// (len(feats)/K × NumLabels), in pure Go. It matches the ONNX graph and
// serves evaluation and tests; production serving uses ONNX Runtime.
func (n *Net) Forward(feats []int64, probs []float32) []float32 {
	rows := len(feats) / FeaturesPerToken
	probs = probs[:0]
	h0 := make([]float32, n.D)
	h1 := make([]float32, n.H)
	var lg [NumLabels]float32
	for t := 0; t < rows; t++ {
		n.hidden(feats[t*FeaturesPerToken:(t+1)*FeaturesPerToken], h0, h1)
		n.logits(h1, lg[:])
		Softmax(lg[:])
		probs = append(probs, lg[:]...)
	}
	return probs
}

// hidden fills h0 (embedding sum) and h1 (ReLU layer) for one token.
func (n *Net) hidden(idx []int64, h0, h1 []float32) {
	clear(h0)
	for _, ix := range idx {
		if ix == 0 {
			continue
		}
		row := n.Emb[int(ix)*n.D : int(ix+1)*n.D]
		for d, v := range row {
			h0[d] += v
		}
	}
	copy(h1, n.B1)
	for d, v := range h0 {
		w := n.W1[d*n.H : (d+1)*n.H]
		for j, x := range w {
			h1[j] += v * x
		}
	}
	for j, v := range h1 {
		if v < 0 {
			h1[j] = 0
		}
	}
}

func (n *Net) logits(h1, lg []float32) {
	copy(lg, n.B2)
	for j, v := range h1 {
		if v == 0 {
			continue
		}
		w := n.W2[j*NumLabels : (j+1)*NumLabels]
		for l, x := range w {
			lg[l] += v * x
		}
	}
}

// Softmax turns logits into probabilities in place (max-shifted, so it
// cannot overflow). Training uses it too, so both compute the same floats.
func Softmax(v []float32) {
	m := v[0]
	for _, x := range v[1:] {
		m = max(m, x)
	}
	var s float32
	for i, x := range v {
		e := float32(math.Exp(float64(x - m)))
		v[i] = e
		s += e
	}
	for i := range v {
		v[i] /= s
	}
}
