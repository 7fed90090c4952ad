//go:build onnx

package models

import (
	"context"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/engine"
)

func ortBackend(t testing.TB) *ORTBackend {
	t.Helper()
	b, err := NewORTBackend(Model())
	if err != nil {
		t.Fatalf("%v\n(run ./scripts/install-onnxruntime.sh, or set %s)", err, LibraryEnv)
	}
	return b
}

// TestORTMatchesGo: ONNX Runtime and the Go forward pass agree on every
// hand-written text, probability by probability and span by span.
func TestORTMatchesGo(t *testing.T) {
	ob := ortBackend(t)
	defer ob.Close()
	gb := GoBackend{Net: committedNet(t)}
	var fz Featurizer
	for _, h := range loadHandwritten(t) {
		toks := Tokenize([]byte(h.Text), nil)
		f := fz.Features([]byte(h.Text), toks, nil)
		po, err := ob.Run(f, len(toks), nil)
		if err != nil {
			t.Fatal(err)
		}
		pg, _ := gb.Run(f, len(toks), nil)
		for i := range pg {
			if math.Abs(float64(po[i]-pg[i])) > 1e-4 {
				t.Fatalf("line %d: prob %d: ort %g, go %g", h.Line, i, po[i], pg[i])
			}
		}
		if so, sg := Decode([]byte(h.Text), toks, po, nil), Decode([]byte(h.Text), toks, pg, nil); len(so) != len(sg) {
			t.Fatalf("line %d: spans differ: %v vs %v", h.Line, so, sg)
		}
	}
}

func TestServing(t *testing.T) {
	r, err := NewServing(engine.NERConfig{Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Recognize(context.Background(), []byte("Ask Maria Gonzalez at the Lisbon office"), nil)
	if err != nil || len(got) != 2 || got[0].Type != "PERSON" || got[1].Type != "LOCATION" {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := NewServing(engine.NERConfig{Enabled: true, Model: "/nonexistent.onnx"}); err == nil {
		t.Fatal("missing model file accepted")
	}
}

// window128 is 128 tokens of model-answer text.
func window128(tb testing.TB) ([]byte, []Token) {
	var b strings.Builder
	for _, h := range loadHandwritten(tb) {
		b.WriteString(h.Text)
		b.WriteByte(' ')
	}
	text := []byte(b.String())
	toks := Tokenize(text, nil)[:128]
	return text[:toks[127].End], toks
}

// BenchmarkWindow128 times one ONNX Runtime run over a 128-token window
// (features included) and reports p50/p99 in microseconds.
func BenchmarkWindow128(b *testing.B) {
	ob := ortBackend(b)
	defer ob.Close()
	text, toks := window128(b)
	var fz Featurizer
	var feats []int64
	var probs []float32
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		feats = fz.Features(text, toks, feats[:0])
		probs, _ = ob.Run(feats, len(toks), probs[:0])
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkScan compares a whole scan with patterns only and with NER on,
// over the same text.
func BenchmarkScan(b *testing.B) {
	text, _ := window128(b)
	text = []byte(strings.Repeat(string(text)+"\n", 8)) // ~1k tokens
	ner := engine.NERConfig{Enabled: true, OnTimeout: "fail"}
	r, err := NewServing(ner)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opts []engine.Option
	}{{"patterns-only", nil}, {"ner", []engine.Option{engine.WithRecognizer(r)}}} {
		b.Run(tc.name, func(b *testing.B) {
			p := engine.DefaultPolicy()
			if tc.opts != nil {
				p.NER = ner
			}
			s, err := engine.Compile(p, tc.opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := s.Redact(context.Background(), text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
