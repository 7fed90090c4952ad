package models

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/engine"
)

func committedNet(t testing.TB) *Net {
	t.Helper()
	n, _, err := UnmarshalONNX(Model())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Ask Maria Gonzalez at the Lisbon office.", []string{"Ask", "Maria", "Gonzalez", "at", "the", "Lisbon", "office", "."}},
		{"Maria's report", []string{"Maria", "'", "s", "report"}},
		{"Patrick O'Brien and Jean-Luc", []string{"Patrick", "O'Brien", "and", "Jean-Luc"}},
		{"São Paulo, Ayşe Yılmaz", []string{"São", "Paulo", ",", "Ayşe", "Yılmaz"}},
		{"a\xffb — c", []string{"a", "b", "—", "c"}},
		{"// TODO(priya): fix", []string{"/", "/", "TODO", "(", "priya", ")", ":", "fix"}},
		{"", nil},
	} {
		var got []string
		for _, tk := range Tokenize([]byte(tc.in), nil) {
			got = append(got, tc.in[tk.Start:tk.End])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	toks := Tokenize([]byte("Thanks,\nLucía"), nil)
	if !toks[2].Break || toks[1].Break {
		t.Errorf("line break not marked: %+v", toks)
	}
}

func TestFeaturesShape(t *testing.T) {
	text := []byte("Ask Maria Gonzalez at the Lisbon office.")
	toks := Tokenize(text, nil)
	var fz Featurizer
	f := fz.Features(text, toks, nil)
	if len(f) != len(toks)*FeaturesPerToken {
		t.Fatalf("%d features for %d tokens", len(f), len(toks))
	}
	for _, ix := range f {
		if ix < 0 || ix >= Buckets {
			t.Fatalf("index %d out of range", ix)
		}
	}
	// Scratch reuse gives the same features.
	if g := fz.Features(text, toks, nil); !slicesEqual(f, g) {
		t.Fatal("features differ on reuse")
	}
}

func slicesEqual(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestONNXRoundTrip: reading the committed model and writing it again
// gives the same bytes (the writer is deterministic and lossless).
func TestONNXRoundTrip(t *testing.T) {
	n, meta, err := UnmarshalONNX(Model())
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"features", "buckets", "k", "labels", "seed", "sentences", "epochs", "d", "h", "lr", "word_drop", "feat_drop", "data"}
	b, err := MarshalONNX(n, meta, keys)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, Model()) {
		t.Fatal("re-encoded model differs from models/ner.onnx")
	}
	if len(Model()) > 30<<20 {
		t.Fatalf("model is %d bytes, over 30 MiB", len(Model()))
	}
}

func TestUnmarshalRejects(t *testing.T) {
	if _, _, err := UnmarshalONNX([]byte{0xff, 0xff}); !errors.Is(err, ErrModel) {
		t.Errorf("garbage: %v", err)
	}
	n := committedNet(t)
	b, _ := MarshalONNX(n, Meta{"features": "other", "buckets": "65536", "k": "28"}, []string{"features", "buckets", "k"})
	if _, _, err := UnmarshalONNX(b); !errors.Is(err, ErrModel) || !strings.Contains(err.Error(), "other") {
		t.Errorf("wrong feature version accepted: %v", err)
	}
}

func loadHandwritten(t testing.TB) []Labelled { return loadMarked(t, "testdata/handwritten.txt") }

// TestHandwritten holds the committed model to the target on the
// hand-written set: PERSON F1 >= 0.80.
func TestHandwritten(t *testing.T) {
	hw := loadHandwritten(t)
	if len(hw) < 150 {
		t.Fatalf("hand-written set has %d texts, want >= 150", len(hw))
	}
	res := Score(hw, predictor(t))
	t.Logf("\n%s", FormatScores(res))
	if f1 := res["PERSON"].F1(); f1 < 0.80 {
		t.Errorf("PERSON F1 %.3f < 0.80", f1)
	}
}

func loadMarked(t testing.TB, path string) []Labelled {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hw, err := ParseMarked(f)
	if err != nil {
		t.Fatal(err)
	}
	return hw
}

func predictor(t testing.TB) func(string) []Span {
	n := committedNet(t)
	var fz Featurizer
	return func(text string) []Span {
		toks := Tokenize([]byte(text), nil)
		return Decode([]byte(text), toks, n.Forward(fz.Features([]byte(text), toks, nil), nil), nil)
	}
}

// TestHeldBack holds the committed model to issue 18's milestone F1 on
// both held-back sets (PERSON 0.70, LOCATION 0.60, ORGANIZATION 0.45).
// The sets are never used to tune; this only stops a regression from
// landing.
func TestHeldBack(t *testing.T) {
	for path, min := range map[string]int{"testdata/heldback.txt": 150, "testdata/heldback2.txt": 250} {
		hb := loadMarked(t, path)
		if len(hb) < min {
			t.Fatalf("%s has %d texts, want >= %d", path, len(hb), min)
		}
		res := Score(hb, predictor(t))
		t.Logf("%s:\n%s", path, FormatScores(res))
		for typ, floor := range map[string]float64{"PERSON": 0.70, "LOCATION": 0.60, "ORGANIZATION": 0.45} {
			if f1 := res[typ].F1(); f1 < floor {
				t.Errorf("%s: %s F1 %.3f < %.2f", path, typ, f1, floor)
			}
		}
	}
}

// TestModelBoundaries: the boundary cases with the committed
// model — exact spans, no punctuation, the right types.
func TestModelBoundaries(t *testing.T) {
	pred := predictor(t)
	for text, want := range map[string][]string{
		"We flew to Paris!":                   {"LOCATION:Paris"},
		"Will May visit Paris?":               {"PERSON:May", "LOCATION:Paris"},
		"Mr. Alvir D. Pušaver will call you.": {"PERSON:Alvir D. Pušaver"},
		"Best regards,\nGörkem Yılmaz":        {"PERSON:Görkem Yılmaz"},
	} {
		var got []string
		for _, s := range pred(text) {
			got = append(got, s.Type+":"+text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
}

func TestParseMarked(t *testing.T) {
	hw, err := ParseMarked(strings.NewReader("# c\n\nHi [Ana](PER) in [Oslo](LOC)! [x] y\nBest,\\n[Bo](PER)\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(hw) != 2 || hw[0].Text != "Hi Ana in Oslo! [x] y" || len(hw[0].Spans) != 2 ||
		hw[0].Spans[1] != (Span{Type: "LOCATION", Start: 10, End: 14}) || hw[1].Text != "Best,\nBo" {
		t.Fatalf("%+v", hw)
	}
	if _, err := ParseMarked(strings.NewReader("[Ana](PER")); err == nil {
		t.Fatal("unclosed entity accepted")
	}
}

func newGoRecognizer(t testing.TB, cfg engine.NERConfig) *Recognizer {
	t.Helper()
	r, err := NewRecognizer(GoBackend{Net: committedNet(t)}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRecognizer(t *testing.T) {
	text := []byte("Ask Maria Gonzalez at the Lisbon office")
	r := newGoRecognizer(t, engine.NERConfig{Enabled: true})
	got, err := r.Recognize(context.Background(), text, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []engine.Finding{
		{Type: "PERSON", Category: "pii", Rule: "ner", Start: 4, End: 18},
		{Type: "LOCATION", Category: "pii", Rule: "ner", Start: 26, End: 32},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		g := got[i]
		if g.Type != want[i].Type || g.Start != want[i].Start || g.End != want[i].End || g.Category != "pii" || g.Rule != "ner" || g.Score < 0.5 || g.Score > 1 {
			t.Errorf("finding %d = %+v, want %+v", i, g, want[i])
		}
	}

	only, _ := newGoRecognizer(t, engine.NERConfig{Types: []string{"LOCATION"}}).Recognize(context.Background(), text, nil)
	if len(only) != 1 || only[0].Type != "LOCATION" {
		t.Errorf("types filter: %+v", only)
	}
	none, _ := newGoRecognizer(t, engine.NERConfig{MinScore: 1.01}).Recognize(context.Background(), text, nil)
	if len(none) != 0 {
		t.Errorf("min_score: %+v", none)
	}
	if _, err := NewRecognizer(GoBackend{}, engine.NERConfig{Types: []string{"EMAIL_ADDRESS"}}); err == nil {
		t.Error("unknown type accepted")
	}
	empty, err := r.Recognize(context.Background(), []byte("  \n "), nil)
	if err != nil || len(empty) != 0 {
		t.Errorf("blank text: %v %v", empty, err)
	}
}

func TestRecognizerCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newGoRecognizer(t, engine.NERConfig{}).Recognize(ctx, []byte("Ask Maria"), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

// slowBackend stands in for a model run that takes a while.
type slowBackend struct {
	Backend
	d time.Duration
}

func (s slowBackend) Run(f []int64, rows int, p []float32) ([]float32, error) {
	time.Sleep(s.d)
	return s.Backend.Run(f, rows, p)
}

func engineWith(t *testing.T, ner engine.NERConfig, b Backend) *engine.Scanner {
	t.Helper()
	p := engine.DefaultPolicy()
	p.NER = ner
	r, err := NewRecognizer(b, ner)
	if err != nil {
		t.Fatal(err)
	}
	s, err := engine.Compile(p, engine.WithRecognizer(r))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEngine runs the recognizer inside the engine: findings are redacted,
// and an exhausted budget fails closed or degrades as the policy says.
func TestEngine(t *testing.T) {
	net := committedNet(t)
	s := engineWith(t, engine.NERConfig{Enabled: true, OnTimeout: "fail"}, GoBackend{Net: net})
	res, err := s.Redact(context.Background(), []byte("Ask Maria Gonzalez at the Lisbon office"))
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Redacted) != "Ask <PERSON> at the <LOCATION> office" {
		t.Errorf("redacted: %q", res.Redacted)
	}

	long := []byte(strings.Repeat("Ask Maria Gonzalez at the Lisbon office. ", 200)) // > BatchTokens tokens
	slow := slowBackend{GoBackend{Net: net}, 30 * time.Millisecond}
	s = engineWith(t, engine.NERConfig{Enabled: true, Budget: 10 * time.Millisecond, OnTimeout: "fail"}, slow)
	if _, err := s.Redact(context.Background(), long); !errors.Is(err, engine.ErrBudget) {
		t.Errorf("fail: err = %v, want ErrBudget", err)
	}
	s = engineWith(t, engine.NERConfig{Enabled: true, Budget: 10 * time.Millisecond, OnTimeout: "degrade"}, slow)
	res, err = s.Redact(context.Background(), long)
	if err != nil || len(res.Degraded) == 0 {
		t.Errorf("degrade: err = %v, degraded = %v", err, res.Degraded)
	}
}

func TestLibraryPath(t *testing.T) {
	t.Setenv(LibraryEnv, "/nonexistent/libonnxruntime.so.1")
	_, err := LibraryPath()
	if !errors.Is(err, ErrRuntime) || !strings.Contains(err.Error(), "install-onnxruntime.sh") {
		t.Fatalf("err = %v", err)
	}
}
