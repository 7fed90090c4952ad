package detectors

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// checkFindAll compares a Go matcher (Rule.Find) with its pattern on b,
// all matches and the first.
func checkFindAll(t testing.TB, re *regexp.Regexp, next func([]byte, int) (int, int), b []byte) {
	t.Helper()
	for _, n := range []int{-1, 1} {
		want := re.FindAllIndex(b, n)
		got := findAllBy(next, b, n)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("%q (n=%d): Go %v, pattern %v", b, n, got, want)
		}
	}
}

// ruleExamples calls fn with each example of the built-in rules that
// patterns names, markers removed, after checking that the rule's pattern
// is the one given there: the one its Go matcher is held to.
func ruleExamples(t *testing.T, patterns map[string]string, fn func(r Rule, ex []byte)) {
	t.Helper()
	n := 0
	for _, r := range Builtin() {
		p, ok := patterns[r.ID]
		if !ok {
			continue
		}
		n++
		if r.Pattern != p {
			t.Fatalf("the %s rule's pattern is not the one its Go matcher is tested against", r.ID)
		}
		for _, ex := range append(slices.Clone(r.TP), r.FP...) {
			fn(r, []byte(strings.NewReplacer("«", "", "»", "").Replace(ex)))
		}
	}
	if n != len(patterns) {
		t.Fatalf("%d of the %d rules found", n, len(patterns))
	}
}

// The Go matchers (NextNumericDate, NextEmail, NextIPv4, NextIPv6,
// NextURL, NextPhone) are held to their rules' patterns on the same
// inputs: real text and random mixes of the pattern's pieces.

// eachRealText calls check with every file of the clean corpus and the
// technical text.
func eachRealText(t *testing.T, check func(testing.TB, []byte)) {
	t.Helper()
	files, _ := filepath.Glob("testdata/clean/*")
	files = append(files, "testdata/pii/technical.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(t, b)
	}
}

// eachRandomMix calls check with n random texts of 1 to maxParts parts
// (seeded by seed): in every second text a part is one of forms with
// odds 1 in formOdds, and otherwise one piece of alphabet.
func eachRandomMix(t *testing.T, seed uint64, n, maxParts, formOdds int, forms, alphabet []string, check func(testing.TB, []byte)) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, seed))
	for i := range n {
		var b []byte
		for range 1 + r.IntN(maxParts) {
			if i%2 == 0 && r.IntN(formOdds) == 0 {
				b = append(b, forms[r.IntN(len(forms))]...)
			} else {
				b = append(b, alphabet[r.IntN(len(alphabet))]...)
			}
		}
		check(t, b)
	}
}
