package detectors

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

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
