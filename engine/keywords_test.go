package engine

import (
	"bytes"
	"slices"
	"testing"

	"github.com/cloudflare/ahocorasick"
)

// ahoKeywords is the reference: the set of keywords the Aho-Corasick
// matcher reports in fold.
func ahoKeywords(m *ahocorasick.Matcher, fold []byte) []int {
	got := m.MatchThreadSafe(fold)
	slices.Sort(got)
	return got
}

// filterKeywords is what kwFilter reports: the set, and every occurrence
// checked to be one.
func filterKeywords(t testing.TB, f *kwFilter, fold []byte) []int {
	var got []int
	f.each(fold, func(ki int32, pos int) {
		if !bytes.HasPrefix(fold[pos:], f.keywords[ki]) {
			t.Fatalf("keyword %q reported at %d where %q is", f.keywords[ki], pos, fold[pos:min(len(fold), pos+len(f.keywords[ki]))])
		}
		got = append(got, int(ki))
	})
	slices.Sort(got)
	return slices.Compact(got)
}

// occurrences counts every (overlapping) occurrence of every keyword the
// slow way.
func occurrences(keywords [][]byte, fold []byte) int {
	n := 0
	for _, k := range keywords {
		for i := 0; i+len(k) <= len(fold); i++ {
			if bytes.Equal(fold[i:i+len(k)], k) {
				n++
			}
		}
	}
	return n
}

func builtinKeywords(t testing.TB) [][]byte {
	s, err := Compile(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	return s.keywords
}

func TestKeywordFilterMatchesAhoCorasick(t *testing.T) {
	kws := builtinKeywords(t)
	// User rules may have keywords of one or two bytes; the catalogue has none.
	kws = append(slices.Clip(kws), []byte("q"), []byte("zx"))
	f := newKwFilter(kws)
	m := ahocorasick.NewMatcher(kws)
	var all bytes.Buffer
	for _, k := range kws {
		all.Write(k)
		all.WriteByte(' ')
	}
	texts := [][]byte{
		nil, []byte("a"), []byte("ab"), []byte("zx"), []byte("ssn"), []byte("xssn"),
		foldInto(nil, []byte("The AKIA key, the GHP_ token and the password= field; ssn 078-05-1120 at https://x.example")),
		all.Bytes(),
		bytes.Repeat([]byte("http://"), 100),
	}
	for _, text := range texts {
		want := ahoKeywords(m, text)
		got := filterKeywords(t, f, text)
		if !slices.Equal(got, want) {
			t.Errorf("%.40q: filter found keywords %v, Aho-Corasick %v", text, got, want)
		}
		if n, want := f.count(text), occurrences(kws, text); n != want {
			t.Errorf("%.40q: %d occurrences, want %d", text, n, want)
		}
	}
}

func FuzzKeywordsMatchAhoCorasick(f *testing.F) {
	kws := builtinKeywords(f)
	kws = append(slices.Clip(kws), []byte("q"), []byte("zx"))
	kf := newKwFilter(kws)
	m := ahocorasick.NewMatcher(kws)
	for _, s := range []string{"password=hunter2", "akia", "eyj", "://", "xx ssn", "bc1q"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		fold := foldInto(nil, text)
		want := ahoKeywords(m, fold)
		if got := filterKeywords(t, kf, fold); !slices.Equal(got, want) {
			t.Fatalf("filter found keywords %v, Aho-Corasick %v", got, want)
		}
		if n, want := kf.count(fold), occurrences(kws, fold); n != want {
			t.Fatalf("%d occurrences, want %d", n, want)
		}
	})
}
