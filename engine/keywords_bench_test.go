package engine

import (
	"os"
	"testing"
)

// BenchmarkKeywordPass times the two parts of the keyword pass over 1 MiB
// of real technical text (set SLUICE_REAL_TEXT to a file of docs and
// code; the Go sources of this package stand in otherwise): the case
// fold, and the keyword search over the folded text.
//
//	SLUICE_REAL_TEXT=corpus.txt go test -run '^$' -bench KeywordPass ./engine/
func BenchmarkKeywordPass(b *testing.B) {
	text := realText(b, 1<<20)
	s, err := Compile(DefaultPolicy())
	if err != nil {
		b.Fatal(err)
	}
	fold := foldInto(nil, text)
	b.Run("fold", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			fold = foldInto(fold[:0], text)
		}
	})
	b.Run("search", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			s.kwf.count(fold)
		}
	})
}

func realText(b *testing.B, size int) []byte {
	var text []byte
	if p := os.Getenv("SLUICE_REAL_TEXT"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		text = data
	} else {
		names, _ := os.ReadDir(".")
		for _, n := range names {
			if data, err := os.ReadFile(n.Name()); err == nil && !n.IsDir() {
				text = append(text, data...)
			}
		}
	}
	if len(text) == 0 {
		b.Skip("no text")
	}
	for len(text) < size {
		text = append(text, text...)
	}
	return text[:size]
}
