package models

import (
	"context"
	"testing"

	"github.com/sluice-dlp/sluice/engine"
)

// TestModelNeverRelabelsPatterns runs the committed model inside the
// engine with the built-in detectors, on texts where names and places
// touch or sit inside pattern values: every pattern finding of the
// patterns-only scan comes back with the same span and label, and no NER
// span overlaps one (issue 18: URL recall fell to 0.22 when NER labels won
// merged spans).
func TestModelNeverRelabelsPatterns(t *testing.T) {
	patterns, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	withNER := engineWith(t, engine.NERConfig{Enabled: true}, GoBackend{Net: committedNet(t)})
	for _, tc := range []struct {
		text string
		want string // a pattern type the patterns-only scan must find
	}{
		{"See https://Paris.example.com/Maria-Gonzalez/profile for details.", "URL"},
		{"Profile: https://www.linkedin.com/in/Ingrid-Solberg-Oslo", "URL"},
		{"Write to Maria.Gonzalez@Lisbon-Office.example.com today.", "EMAIL_ADDRESS"},
		{"Contact Ingrid Solberg <ingrid.solberg@example.no> in Bergen.", "EMAIL_ADDRESS"},
		{"Call Kwame Mensah on +44 20 7946 0958 from London.", "PHONE_NUMBER"},
		{"Card holder Ana Souza, card 4111 1111 1111 1111, Porto.", "CREDIT_CARD"},
		{"Paris office: AWS key AKIAZ7VQ3RXK4HQW2MPA for Maria Gonzalez.", "AWS_ACCESS_KEY_ID"},
		{"Token for Maria Gonzalez in Paris: ghp_R8x2Lq7Vn4Kp9Zt3Wm6Yb1Hc5Jd0Fs2Ga8Ue", "GITHUB_TOKEN"},
		{"Dear Hans Becker, your IBAN DE89 3704 0044 0532 0130 00 is on file at Deutsche Bank.", "IBAN_CODE"},
	} {
		base, err := patterns.Redact(context.Background(), []byte(tc.text))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range base.Findings {
			found = found || f.Type == tc.want
		}
		if !found {
			t.Errorf("%q: patterns alone found no %s (%+v)", tc.text, tc.want, base.Findings)
			continue
		}
		res, err := withNER.Redact(context.Background(), []byte(tc.text))
		if err != nil {
			t.Fatal(err)
		}
		type key struct {
			typ        string
			start, end int
		}
		got := map[key]bool{}
		for _, f := range res.Findings {
			got[key{f.Type, f.Start, f.End}] = true
		}
		for _, p := range base.Findings {
			if !got[key{p.Type, p.Start, p.End}] {
				t.Errorf("%q: pattern finding %s %q lost, relabelled or reshaped with NER on", tc.text, p.Type, tc.text[p.Start:p.End])
			}
			for _, f := range res.Findings {
				if f.Rule == "ner" && f.Start < p.End && p.Start < f.End {
					t.Errorf("%q: NER %s %q overlaps pattern %s %q", tc.text, f.Type, tc.text[f.Start:f.End], p.Type, tc.text[p.Start:p.End])
				}
			}
		}
	}
}
