package detectors_test

import (
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// TestPhoneNationalRegions: a national number next to a phone word is
// tried in the policy's phone_regions (a broad default list otherwise).
func TestPhoneNationalRegions(t *testing.T) {
	cases := []struct {
		value   string
		regions []string
		want    detectors.Verdict
	}{
		{"030 12345678", nil, detectors.Plausible},            // Berlin, in the default list
		{"030 12345678", []string{"DE"}, detectors.Plausible}, // ... and in DE
		{"030 12345678", []string{"FR", "US"}, detectors.Reject},
		{"01 42 68 53 00", []string{"FR"}, detectors.Plausible},
		{"+49 30 12345678", nil, detectors.Reject}, // international form: the phone-number rule's
		{"2024-01-15", nil, detectors.Reject},
	}
	for _, c := range cases {
		if got := detectors.PhoneNational([]byte(c.value), detectors.Options{Regions: c.regions}); got != c.want {
			t.Errorf("%q in %v: %v, want %v", c.value, c.regions, got, c.want)
		}
	}
	// The policy option reaches the validator, and a bad region is refused.
	s := piiScanner(t, func(p *engine.Policy) { p.PhoneRegions = []string{"FR"} })
	if _, ok := findValue(t, s, "Telefon: 030 12345678", "030 12345678"); ok {
		t.Error("phone_regions [FR] still found a Berlin number")
	}
	if _, ok := findValue(t, piiScanner(t, nil), "Telefon: 030 12345678", "030 12345678"); !ok {
		t.Error("default regions miss a Berlin number next to Telefon")
	}
	p, err := engine.ParsePolicy("p.yaml", []byte("id: p\nphone_regions: [DE, XY]\n"))
	if err == nil {
		_, err = engine.Compile(p)
	}
	if err == nil {
		t.Error("phone_regions with XY accepted")
	}
}
