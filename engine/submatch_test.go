package engine

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSubmatchesEqualCaptureSearch: the value groups submatches gives,
// from its cache or not, are those of the capture search, for rules that
// consume a boundary byte around their group, on text that repeats
// shapes (cache hits) and on random mixes of them (misses).
func TestSubmatchesEqualCaptureSearch(t *testing.T) {
	s, err := Compile(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	pieces := []string{"10.0.0.1 ", "4111 ", "+1 (415) 555-0132", "fe80::1:2 ", "(212) 555-0147.", "tel:0044 20 7946 0958", " ", ".", "-", "a", "7", "\n", "::", "call "}
	rng := rand.New(rand.NewPCG(1, 2))
	var texts []string
	for _, p := range pieces {
		texts = append(texts, strings.Repeat(p, 40))
	}
	for range 300 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	sc := s.getScratch()
	defer s.putScratch(sc)
	checked, hits := 0, 0
	for _, id := range []string{"phone-number", "ipv4", "ipv6"} {
		ri := int32(-1)
		for i := range s.rules {
			if s.rules[i].ID == id {
				ri = int32(i)
			}
		}
		if ri < 0 {
			t.Fatalf("no rule %s", id)
		}
		r := &s.rules[ri]
		g := r.Group
		for _, text := range texts {
			win := []byte(text)
			want := r.re.FindAllSubmatchIndex(win, -1)
			for pass := range 2 { // the second pass finds every match in the cache
				sc.subSkip = 0
				got := s.submatches(r, ri, win, -1, sc)
				if pass == 1 && len(want) > 0 && sc.subSkip == 0 {
					hits++
				}
				if len(got) != len(want) {
					t.Fatalf("%s pass %d %q: %d matches, want %d", id, pass, text, len(got), len(want))
				}
				for i := range want {
					if got[i][0] != want[i][0] || got[i][1] != want[i][1] || got[i][2*g] != want[i][2*g] || got[i][2*g+1] != want[i][2*g+1] {
						t.Fatalf("%s pass %d %q: match %d is %v, want %v", id, pass, text, i, got[i], want[i])
					}
					checked++
				}
			}
		}
	}
	if checked < 1000 || hits < 100 {
		t.Fatalf("only %d matches checked, %d windows found in the cache", checked, hits)
	}
}
