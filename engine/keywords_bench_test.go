package engine

import (
	"os"
	"testing"
)

// BenchmarkKeywordPass times the two parts of the keyword pass over 1 MiB
// of real technical text (set SLUICE_REAL_TEXT to a file of docs and
// code; the Go sources of this package stand in otherwise): the case
// fold, the filter's search over the folded text, and the search with
// the Aho-Corasick authority's confirmation (the whole keyword pass).
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
	b.Run("confirmed", func(b *testing.B) {
		sc := s.getScratch()
		defer s.putScratch(sc)
		s.keywordOccurrences(fold, sc) // builds the tries the text needs
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			s.keywordOccurrences(fold, sc)
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
