package engine

import (
	"bytes"
	"testing"
)

// The view's cost: the check every text pays, and the normalisation of
// a text that needs it (French prose: every accented letter is looked at
// and kept).
func BenchmarkNeedsViewASCII(b *testing.B) {
	text := bytes.Repeat([]byte("the quick brown fox jumps over the lazy dog; key=value 1234.\n"), 1<<14)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if needsView(text) {
			b.Fatal("plain ASCII")
		}
	}
}

func BenchmarkNormalizeAccented(b *testing.B) {
	text := bytes.Repeat([]byte("le câble réseau est branché à l'entrée du bâtiment, clé=valeur.\n"), 1<<14)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var z normalizer
	var out []byte
	for b.Loop() {
		z = normalizer{m: viewMap{segs: z.m.segs[:0]}}
		out = z.feed(out[:0], text, true)
	}
}
