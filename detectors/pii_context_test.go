package detectors_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// piiScanner compiles the PII catalogue alone under a policy tweaked by
// edit.
func piiScanner(t testing.TB, edit func(*engine.Policy)) *engine.Scanner {
	t.Helper()
	p := engine.DefaultPolicy()
	if edit != nil {
		edit(p)
	}
	var rules []detectors.Rule
	for _, r := range detectors.Builtin() {
		if r.Category == detectors.PII {
			rules = append(rules, r)
		}
	}
	s, err := engine.Compile(p, engine.WithBuiltin(rules))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// findValue returns the finding whose span is exactly value, if any.
func findValue(t *testing.T, s *engine.Scanner, text, value string) (engine.Finding, bool) {
	t.Helper()
	fs, _, err := s.AppendFindings(context.Background(), []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if text[f.Start:f.End] == value {
			return f, true
		}
	}
	return engine.Finding{}, false
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestContextScoring checks the documented scheme in pii.go on the same
// values with and without context.
func TestContextScoring(t *testing.T) {
	def := piiScanner(t, nil)
	low := piiScanner(t, func(p *engine.Policy) { th := 0.4; p.Threshold = &th })
	cases := []struct {
		name             string
		value            string
		with, without    string
		scoreWith        float64
		verified         string
		foundWithoutLow  bool // under threshold 0.4
		scoreWithoutLow  float64
		foundWithoutDflt bool
	}{
		// Bare short value with a check digit: below the default threshold
		// alone (0.45, seen by a policy at 0.4 and by /analyze), 0.8 with
		// context; the check alone does not make it 1.0.
		{name: "bare checksum", value: "111222333", with: "BSN 111222333", without: "ref 111222333",
			scoreWith: 0.8, foundWithoutLow: true, scoreWithoutLow: 0.45},
		// Bare weak shape: 0.3 alone, 0.65 with context.
		{name: "bare weak", value: "A43817265", with: "US passport A43817265", without: "order A43817265",
			scoreWith: 0.65},
		// Score-gated: below the default threshold alone, above with
		// context, visible alone when the policy lowers its threshold.
		{name: "score gated", value: "VECJ880326XA1", with: "RFC VECJ880326XA1", without: "code VECJ880326XA1",
			scoreWith: 0.75, foundWithoutLow: true, scoreWithoutLow: 0.4},
		// Structured without checksum: reported alone at 0.55, 0.9 with
		// context.
		{name: "format", value: "AB 12 34 56 C", with: "national insurance AB 12 34 56 C", without: "see AB 12 34 56 C",
			scoreWith: 0.9, foundWithoutLow: true, scoreWithoutLow: 0.55, foundWithoutDflt: true},
		// Strong checksum: 1.0 with or without context.
		{name: "strong", value: "RSSMRA85T10A562S", with: "codice fiscale RSSMRA85T10A562S", without: "x RSSMRA85T10A562S",
			scoreWith: 1, verified: "cf-check", foundWithoutLow: true, scoreWithoutLow: 1, foundWithoutDflt: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, ok := findValue(t, def, c.with, c.value)
			if !ok {
				t.Fatalf("%q: not found with context", c.with)
			}
			if !near(f.Score, c.scoreWith) || f.Verified != c.verified {
				t.Errorf("%q: score %.2f verified %q, want %.2f %q", c.with, f.Score, f.Verified, c.scoreWith, c.verified)
			}
			f, ok = findValue(t, def, c.without, c.value)
			if ok != c.foundWithoutDflt {
				t.Errorf("%q at default threshold: found=%v (score %.2f), want %v", c.without, ok, f.Score, c.foundWithoutDflt)
			}
			f, ok = findValue(t, low, c.without, c.value)
			if ok != c.foundWithoutLow || (ok && !near(f.Score, c.scoreWithoutLow)) {
				t.Errorf("%q at threshold 0.4: found=%v score %.2f, want %v %.2f", c.without, ok, f.Score, c.foundWithoutLow, c.scoreWithoutLow)
			}
		})
	}
}

// TestContextInOwnLanguage: context words in the identifier's languages
// count like English ones.
func TestContextInOwnLanguage(t *testing.T) {
	s := piiScanner(t, nil)
	cases := []struct{ text, value, typ string }{
		{"Steuer-ID: 86095742719", "86095742719", "DE_TAX_ID"},
		{"Ihre Steueridentifikationsnummer lautet 86095742719.", "86095742719", "DE_TAX_ID"},
		{"numéro de sécurité sociale : 269054958815780", "269054958815780", "FR_NIR"},
		{"burgerservicenummer 111222333", "111222333", "NL_BSN"},
		{"número de la seguridad social 281234567840", "281234567840", "ES_NSS"},
		{"Partita IVA 07403560969", "07403560969", "IT_VAT_CODE"},
		{"fødselsnummer 15069034575", "15069034575", "NO_FODSELSNUMMER"},
		{"rodné číslo 760423/0458", "760423/0458", "CZ_BIRTH_NUMBER"},
		{"マイナンバー 123456789018", "123456789018", "JP_MY_NUMBER"},
		{"주민등록번호 850730-2345678", "850730-2345678", "KR_RRN"},
		{"geboren am 04.03.1979", "04.03.1979", "DATE_TIME"},
		{"social security number 536228714", "536228714", "US_SSN"},
		{"UK passport 925076473", "925076473", "UK_PASSPORT"},
		{"Reisepass C4M7R2XZ95", "C4M7R2XZ95", "DE_PASSPORT"},
		{"US passport 925076473", "925076473", "US_PASSPORT"},
	}
	for _, c := range cases {
		f, ok := findValue(t, s, c.text, c.value)
		if !ok || f.Type != c.typ {
			t.Errorf("%q: want %s on %q, got %+v (found %v)", c.text, c.typ, c.value, f, ok)
		}
	}
}

// TestContextWindowBound: a context word farther than the window does not
// count, so a gated value is dropped.
func TestContextWindowBound(t *testing.T) {
	s := piiScanner(t, nil)
	pad := strings.Repeat("word ", 20) // 100 bytes
	if _, ok := findValue(t, s, "BSN "+pad+"111222333", "111222333"); ok {
		t.Error("context 100 bytes away counted")
	}
	if _, ok := findValue(t, s, "BSN (see below) 111222333", "111222333"); !ok {
		t.Error("context 16 bytes away not counted")
	}
	if _, ok := findValue(t, s, "111222333 is my BSN", "111222333"); !ok {
		t.Error("context after the value not counted")
	}
}

// TestPhoneRegion: numbers without a country code are read in the
// policy's region; with one, in any region.
func TestPhoneRegion(t *testing.T) {
	us := piiScanner(t, nil)
	de := piiScanner(t, func(p *engine.Policy) { p.PhoneRegion = "DE" })
	fr := piiScanner(t, func(p *engine.Policy) { p.PhoneRegion = "FR" })
	cases := []struct {
		s     *engine.Scanner
		text  string
		value string
		want  bool
	}{
		{de, "Handy 0151 23456789", "0151 23456789", true},
		// Next to a phone word, a national number is tried in the
		// phone_regions list (issue 12), whatever the default region.
		{us, "Handy 0151 23456789", "0151 23456789", true},
		{us, "Bestellung 0151 23456789", "0151 23456789", false},
		{fr, "appelez le 06 12 34 56 78", "06 12 34 56 78", true},
		{us, "call (415) 555-0132", "(415) 555-0132", true},
		{de, "call +1 415 555 0132", "+1 415 555 0132", true},
		{us, "Tel. 0044 20 7946 0958", "0044 20 7946 0958", true},
		{us, "+81 3-1234-5678 (Tokyo)", "+81 3-1234-5678", true},
		{us, "+91 98765 43210", "+91 98765 43210", true},
		{us, "+55 11 91234-5678", "+55 11 91234-5678", true},
		{de, "released 15.01.2024", "15.01.2024", false},
		{fr, "le 15/01/2024", "15/01/2024", false},
		{us, "build 2024-01-15", "2024-01-15", false},
		{us, "id 4155550132", "4155550132", false},
		{us, "+33 6 12 34 56 78", "+33 6 12 34 56 78", true},
		{us, "Büro +49 (0)30 1234567", "+49 (0)30 1234567", true},
		{us, "call +1-415-555-0132", "+1-415-555-0132", true},
		{us, "or +1.415.555.0132", "+1.415.555.0132", true},
		{us, "Moscow +7 495 123-45-67", "+7 495 123-45-67", true},
		{us, "WeChat +86 138 0013 8000", "+86 138 0013 8000", true},
		{us, "Sydney +61 2 9876 5432", "+61 2 9876 5432", true},
		{us, "Lagos +234 803 123 4567", "+234 803 123 4567", true},
		{us, "Seoul +82 10-1234-5678", "+82 10-1234-5678", true},
		{us, "<a href=\"tel:+14155550132\">", "+14155550132", true},
		{us, "text +14155550132 now", "+14155550132", true},
		{us, "415.555.0132 (office)", "415.555.0132", true},
		{us, "pi is 3.14159265", "3.14159265", false},
		{us, "gateway 192.168.100.200", "192.168.100.200", false},
		{us, "screen 1920x1080 at 144 Hz", "1920", false},
		{us, "years 2019-2024", "2019-2024", false},
		{us, "timestamp 1700000000123", "1700000000123", false},
		{us, "total $1,299.00", "1,299.00", false},
		{us, "meeting 10:30-11:45", "10:30-11:45", false},
		{us, "ISBN 978-3-16-148410-0", "978-3-16-148410-0", false},
	}
	for _, c := range cases {
		f, ok := findValue(t, c.s, c.text, c.value)
		ok = ok && f.Type == "PHONE_NUMBER"
		if ok != c.want {
			t.Errorf("%q: found %v, want %v", c.text, ok, c.want)
		}
	}
}

// TestTechnicalTextHasNoPII scans answers full of numbers that are not
// personal data (testdata/pii/technical.txt): versions, hashes, UUIDs,
// timestamps, ports, prices, coordinates, ISBNs, order numbers. The
// built-in policy redacts none of them; what it reports (dates) are
// dates.
func TestTechnicalTextHasNoPII(t *testing.T) {
	b, err := os.ReadFile("testdata/pii/technical.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := piiScanner(t, nil)
	fs, _, err := s.AppendFindings(context.Background(), b, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		switch {
		case f.Type == "URL", f.Type == "IP_ADDRESS", f.Type == "EMAIL_ADDRESS":
			continue // the corpus has a few on purpose
		case f.Type == "DATE_TIME" && !s.Acts(f):
			continue
		}
		line := 1 + strings.Count(string(b[:f.Start]), "\n")
		t.Errorf("line %d: %s (%s, %.2f) on %q", line, f.Type, f.Rule, f.Score, b[f.Start:f.End])
	}
}

// TestPIITextFindsAll scans a text with one identifier per line and
// checks each expected type is reported.
func TestPIITextFindsAll(t *testing.T) {
	b, err := os.ReadFile("testdata/pii/identifiers.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := piiScanner(t, nil)
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		typ, text, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		fs, _, err := s.AppendFindings(context.Background(), []byte(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range fs {
			found = found || f.Type == typ
		}
		if !found {
			t.Errorf("line %d: %s not found in %q (got %v)", i+1, typ, text, fs)
		}
	}
}

// hexText is identifiers technical answers are full of: UUIDs, git SHAs,
// SHA-256 digests, base64 blobs, hex addresses.
func hexText(n int) []byte {
	r := rand.New(rand.NewPCG(5, 6))
	const hex = "0123456789abcdef"
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	rnd := func(alpha string, k int) string {
		b := make([]byte, k)
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
		}
		return string(b)
	}
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(5) {
		case 0:
			fmt.Fprintf(&b, "request %s-%s-%s-%s-%s failed\n", rnd(hex, 8), rnd(hex, 4), rnd(hex, 4), rnd(hex, 4), rnd(hex, 12))
		case 1:
			fmt.Fprintf(&b, "commit %s (short %s)\n", rnd(hex, 40), rnd(hex, 7))
		case 2:
			fmt.Fprintf(&b, "sha256:%s\n", rnd(hex, 64))
		case 3:
			fmt.Fprintf(&b, "data: %s==\n", rnd(b64, 86))
		case 4:
			fmt.Fprintf(&b, "at 0x%s in %s.go:%d\n", rnd(hex, 12), rnd("abcdefghij", 6), r.IntN(2000))
		}
	}
	return []byte(b.String()[:n])
}

// TestGeneratedCorporaFindOnlyPlanted: the benchmark corpora hold only
// the identifiers planted in them (prose) or IP addresses (logs); hashes,
// UUIDs and base64 hold none.
func TestGeneratedCorporaFindOnlyPlanted(t *testing.T) {
	s := piiScanner(t, nil)
	for _, c := range []struct {
		name  string
		text  []byte
		allow map[string]bool
	}{
		{"sparse", sparseText(256 << 10), map[string]bool{"EMAIL_ADDRESS": true, "PHONE_NUMBER": true, "CREDIT_CARD": true, "IBAN_CODE": true, "US_SSN": true, "NL_BSN": true}},
		{"digits", digitText(256 << 10), map[string]bool{"IP_ADDRESS": true, "DATE_TIME": true}}, // its log timestamps
		{"hex", hexText(256 << 10), map[string]bool{}},
	} {
		fs, _, err := s.AppendFindings(context.Background(), c.text, nil)
		if err != nil {
			t.Fatal(err)
		}
		bad := 0
		for _, f := range fs {
			if !c.allow[f.Type] {
				if bad++; bad <= 5 {
					t.Errorf("%s: unexpected %s (%s) on %q", c.name, f.Type, f.Rule, c.text[f.Start:f.End])
				}
			}
		}
	}
}

// TestContextWindowReachesEveryRule: the policy's context_window, not a
// constant, decides how far a context word may be, for rules routed by
// their context words (postcode) and for bare rules (BSN) alike.
func TestContextWindowReachesEveryRule(t *testing.T) {
	pad := strings.Repeat("word ", 30) // 150 bytes
	wide := piiScanner(t, func(p *engine.Policy) { p.ContextWindow = 200 })
	def := piiScanner(t, nil)
	cases := []struct{ text, value, typ string }{
		{"postcode " + pad + "SW1A 2AA", "SW1A 2AA", "UK_POSTCODE"},
		{"SW1A 2AA " + pad + "is the postcode", "SW1A 2AA", "UK_POSTCODE"},
		{"BSN " + pad + "111222333", "111222333", "NL_BSN"},
		{"Kennzeichen " + pad + "M-AB 1234", "M-AB 1234", "DE_KFZ"},
	}
	for _, c := range cases {
		if f, ok := findValue(t, wide, c.text, c.value); !ok || f.Type != c.typ {
			t.Errorf("context_window 200: %s not found 150 bytes from its context word (got %+v)", c.typ, f)
		}
		if f, ok := findValue(t, def, c.text, c.value); ok {
			t.Errorf("context_window 64: %s found 150 bytes from its context word (%+v)", c.typ, f)
		}
	}
}

// TestBareValuesAtThresholdZero: what /analyze returns by default — every
// rule fires on its value alone, at its low base score — for the weak
// shapes too (plates, postcodes, passports), with the expected type.
func TestBareValuesAtThresholdZero(t *testing.T) {
	all := piiScanner(t, func(p *engine.Policy) { z := 0.0; p.Threshold = &z })
	def := piiScanner(t, nil)
	cases := []struct{ text, value, typ string }{
		{"M-AB 1234", "M-AB 1234", "DE_KFZ"},
		{"SW1A 2AA", "SW1A 2AA", "UK_POSTCODE"},
		{"AB51 ABC", "AB51 ABC", "UK_VEHICLE_REGISTRATION"},
		{"34 ABC 123", "34 ABC 123", "TR_LICENSE_PLATE"},
		{"51 824 753 556", "51 824 753 556", "AU_ABN"},
		{"2345 6789 0124", "2345 6789 0124", "IN_AADHAAR"},
		{"MORGA657054SM9IJ", "MORGA657054SM9IJ", "UK_DRIVING_LICENCE"},
		{"DE136695984", "DE136695984", "DE_VAT_ID"},
		{"14 July 2031", "14 July 2031", "DATE_TIME"},
		{"10115 Berlin", "10115", "DE_PLZ"},
	}
	for _, c := range cases {
		f, ok := findValue(t, all, c.text, c.value)
		if !ok || f.Type != c.typ {
			t.Errorf("threshold 0: %q: want %s, got %+v (found %v)", c.text, c.typ, f, ok)
		}
		if f.Score >= 0.5 {
			continue // distinctive formats are redacted alone too
		}
		if _, ok := findValue(t, def, c.text, c.value); ok {
			t.Errorf("default threshold: %q found alone at score %.2f", c.text, f.Score)
		}
	}
}
