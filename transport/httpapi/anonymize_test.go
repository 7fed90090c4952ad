package httpapi

import (
	"math/rand/v2"
	"testing"
)

// TestResolveAnalyzerResultsCovers: for random overlapping results, the
// resolved spans do not overlap and cover exactly the characters some
// input result covered (nothing marked is left in clear, nothing
// unmarked is replaced).
func TestResolveAnalyzerResultsCovers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	types := []string{"A", "B", "C"}
	for iter := range 5000 {
		var in []analyzerResultIn
		for range 1 + rng.IntN(6) {
			s := rng.IntN(40)
			in = append(in, analyzerResultIn{Start: s, End: s + 1 + rng.IntN(15), Score: float64(rng.IntN(4)) / 4, EntityType: types[rng.IntN(len(types))]})
		}
		var want, got [64]int
		for _, r := range in {
			for i := r.Start; i < r.End; i++ {
				want[i] = 1
			}
		}
		out := resolveAnalyzerResults(in)
		for j, r := range out {
			if r.Start >= r.End || (j > 0 && out[j-1].End > r.Start) {
				t.Fatalf("iter %d: %+v -> %+v: empty, unsorted or overlapping", iter, in, out)
			}
			for i := r.Start; i < r.End; i++ {
				got[i]++
			}
		}
		if got != want {
			t.Fatalf("iter %d: %+v -> %+v: coverage differs", iter, in, out)
		}
	}
}
