package engine

import (
	"bytes"
	"slices"
	"testing"

	"github.com/cloudflare/ahocorasick"
)

// filterOccurrences is what the first stage alone reports.
func filterOccurrences(f *kwFilter, fold []byte) []kwOcc {
	var out []kwOcc
	f.each(fold, func(ki int32, pos int) { out = append(out, kwOcc{ki, pos}) })
	return out
}

func TestACAuthorityConfirmsFilter(t *testing.T) {
	s, err := Compile(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, k := range s.keywords {
		all.Write(k)
		all.WriteByte(0) // a NUL in the text must not join or split regions
	}
	texts := [][]byte{
		nil,
		foldInto(nil, []byte("The AKIA key, the GHP_ token and the password= field; ssn 078-05-1120 at https://x.example")),
		all.Bytes(),
		// The matcher is asked once per keyword: every repeat must
		// still be reported, by the sort and by the counting sort.
		bytes.Repeat(all.Bytes(), 3),
		bytes.Repeat([]byte("password=token"), 500),
	}
	sc := s.getScratch()
	defer s.putScratch(sc)
	for _, text := range texts {
		want := filterOccurrences(s.kwf, text)
		got := slices.Clone(s.keywordOccurrences(text, sc))
		if !slices.Equal(got, want) {
			t.Errorf("%.40q: %d occurrences confirmed, the filter found %d", text, len(got), len(want))
		}
	}
}

// TestACAuthorityDecides shows the matcher, not the filter, has the last
// word: with a trie that lacks one keyword, its occurrences are dropped.
func TestACAuthorityDecides(t *testing.T) {
	s, err := Compile(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	// Twice: the matcher's answer drops every occurrence, not the first.
	text := foldInto(nil, bytes.Repeat([]byte("export AWS_SECRET_ACCESS_KEY=x and the password= field\n"), 2))
	sc := s.getScratch()
	defer s.putScratch(sc)
	occ := slices.Clone(s.keywordOccurrences(text, sc))
	if len(occ) == 0 {
		t.Fatal("no keyword found in a text full of them")
	}
	drop := occ[0].ki
	// A trie of something never in folded text in place of the keyword's.
	s.ac.tries[drop].Store(ahocorasick.NewMatcher([][]byte{{0xff, 0xfe}}))
	for _, o := range s.keywordOccurrences(text, sc) {
		if o.ki == drop {
			t.Fatalf("keyword %q reported though the Aho-Corasick authority does not know it", s.keywords[drop])
		}
	}
	if got := len(s.keywordOccurrences(text, sc)); got >= len(occ) {
		t.Fatalf("%d occurrences with %q removed from the trie, %d with it", got, s.keywords[drop], len(occ))
	}
}
