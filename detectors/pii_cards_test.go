package detectors_test

import (
	"fmt"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// TestAdjacentSolidCards runs the whole built-in catalogue under the
// default policy over solid card numbers that only whitespace separates:
// each must come out as its own CREDIT_CARD finding with exactly its span
// (which of the card rules labels it is the engine's tie-break, so only a
// lone card's label is asserted), and formatted series are still not
// carved.
func TestAdjacentSolidCards(t *testing.T) {
	s, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in   string
		rule string // the rule of every marked value, when asserted
	}{
		{"card «4111111111111111» «5500000000000004»\n«4111111111111111» «5500000000000004» «378282246310005»\n", ""},
		{"«4111111111111111»\t«5500000000000004»\t«378282246310005»", ""},
		{"«4111111111111111»\n«5500000000000004»", ""},
		{"paid with «4111111111111111» today", "credit-card"},
		{"4111111111111112 «5500000000000004» 4111111111111113", ""},
		{"debit card «9482173650172839» «4111111111111111»", ""},
		{"tracking 1234 5678 9012 3456 7890 and 4111 1111 1111 1111 5500", ""},
	}
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			text, spans, err := detectors.ParseExample(c.in)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range find(t, s, text) {
				if f.Type != "CREDIT_CARD" {
					continue
				}
				if c.rule != "" && f.Rule != c.rule {
					t.Errorf("%q: %q labelled %s, want %s", text, text[f.Start:f.End], f.Rule, c.rule)
				}
				got = append(got, text[f.Start:f.End])
			}
			var want []string
			for _, sp := range spans {
				want = append(want, text[sp[0]:sp[1]])
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
				t.Errorf("%q:\n got %v\nwant %v", text, got, want)
			}
		})
	}
}
