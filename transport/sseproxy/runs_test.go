package sseproxy

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// redactJoined splits the batch redaction of the joined parts back into
// parts, for any cut of the text (findings cut anywhere, empty parts).
func TestRedactJoinedSplitsBack(t *testing.T) {
	s := scanner(t, nil)
	text := answer + " and again " + answer
	rng := rand.New(rand.NewPCG(7, 7))
	for range 200 {
		var parts []string
		rest := text
		for len(rest) > 0 {
			k := min(rng.IntN(40), len(rest))
			parts = append(parts, rest[:k])
			rest = rest[k:]
		}
		ss := newSession(context.Background(), s, false)
		outs, err := ss.redactJoined(parts)
		if err != nil {
			t.Fatalf("%q: %v", parts, err)
		}
		if got, want := strings.Join(outs, ""), batchRedact(t, s, text); got != want {
			t.Fatalf("joined %q\nwant   %q", got, want)
		}
		for i, o := range outs {
			for _, p := range planted {
				if strings.Contains(o, p) {
					t.Fatalf("part %d keeps %q", i, p)
				}
			}
		}
	}
}
