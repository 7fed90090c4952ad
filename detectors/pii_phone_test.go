package detectors_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
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

// TestPhoneRunNotCarved: a phone is at most 7 digit groups and neither
// end may sit inside a longer run, so a run of numbers gives no phone at
// all (not one carved from its head or tail), while phones that merely
// stand next to each other or to other numbers are each found exactly.
func TestPhoneRunNotCarved(t *testing.T) {
	s := piiScanner(t, nil)
	cases := map[string]string{
		"Call 415-555-2671 24 hours a day": "Call <PHONE_NUMBER> hours a day",
		"+1 415 555 2671 +1 415 555 2672":  "<PHONE_NUMBER> <PHONE_NUMBER>",
		"10.0.0.1 10.0.0.2":                "<IP_ADDRESS> <IP_ADDRESS>",
		"Tel. 030 12345678, 030 87654321":  "Tel. <PHONE_NUMBER>, <PHONE_NUMBER>",
		// 8 and 16 groups: the last 7 (or first 7) would be a valid phone.
		"phone: 34 55 89 144 233 377 610 987 1597 is Fibonacci":            "phone: 34 55 89 144 233 377 610 987 1597 is Fibonacci",
		"call 1 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987 is Fibonacci": "call 1 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987 is Fibonacci",
		"phone 415 555 2671 415 555 2672 415 555 2673 415 555":             "phone 415 555 2671 415 555 2672 415 555 2673 415 555",
	}
	for in, want := range cases {
		res, err := s.Redact(context.Background(), []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if string(res.Redacted) != want {
			t.Errorf("%q: got %q, want %q", in, res.Redacted, want)
		}
	}
}

// TestPhoneThenCountHostile: a phone number before a count is redacted,
// and only the number, whatever surrounds it: CR and CRLF line ends, a
// BOM, upper case, an invisible character inside the number, and
// thousands of them in a row; in a batch scan and in a stream.
func TestPhoneThenCountHostile(t *testing.T) {
	s := piiScanner(t, nil)
	cases := map[string]string{
		"call +44 20 7946 0958 3\r\n":         "call <PHONE_NUMBER> 3\r\n",
		"mobile 020 7946 0958 2 times\rnext":  "mobile <PHONE_NUMBER> 2 times\rnext",
		"\ufeffcall +44 20 7946 0958 3 times": "\ufeffcall <PHONE_NUMBER> 3 times",
		"CALL +44 20 7946 0958 3 TIMES":       "CALL <PHONE_NUMBER> 3 TIMES",
		"call +44\u200b20 7946 0958 3 times":  "call <PHONE_NUMBER> 3 times",
		// "030 12345678 24" is itself a valid number of some region:
		// the run is redacted whole (wider than the number, nothing out).
		"Telefon: 030 12345678 24 Stunden":        "Telefon: <PHONE_NUMBER> Stunden",
		"order 030 12345678 3 and 233 377 610 98": "order 030 12345678 3 and 233 377 610 98",
	}
	// From the third on, 24 digits or more precede each number, which is
	// judged by its length alone (detectors.Options.Dense): the run with
	// its count is too long for a number of +44 there too.
	many := strings.Repeat("call +44 20 7946 0958 3 times. ", 2000)
	cases[many] = strings.Repeat("call <PHONE_NUMBER> 3 times. ", 2000)
	for in, want := range cases {
		res, err := s.Redact(context.Background(), []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if string(res.Redacted) != want {
			t.Errorf("%.60q: got %.80q, want %.80q", in, res.Redacted, want)
		}
		st := s.NewStream(context.Background())
		var out []byte
		for i := 0; i < len(in); i += 7 {
			if out, err = st.Write(out, []byte(in[i:min(i+7, len(in))])); err != nil {
				t.Fatal(err)
			}
		}
		if out, err = st.Close(out); err != nil {
			t.Fatal(err)
		}
		if string(out) != want {
			t.Errorf("%.60q: stream gave %.80q", in, out)
		}
	}
}

// TestPhoneDenseFailsClosed: after text dense with digits a phone
// validator skips libphonenumber and accepts what passes its shape
// checks; those checks still reject.
func TestPhoneDenseFailsClosed(t *testing.T) {
	dense := detectors.Options{Dense: true}
	for _, tc := range []struct {
		v     string
		v8r   detectors.Validator
		o     detectors.Options
		want  detectors.Verdict
		about string
	}{
		{"+1 212 055 0199", detectors.Phone, detectors.Options{}, detectors.Reject, "exchange 055 does not exist"},
		{"+1 212 055 0199", detectors.Phone, dense, detectors.Plausible, "dense: not looked up"},
		{"+1 212 555 0199", detectors.Phone, detectors.Options{}, detectors.Plausible, "valid"},
		{"2024-01-15", detectors.Phone, dense, detectors.Reject, "a date"},
		{"7253.399594", detectors.Phone, dense, detectors.Reject, "a decimal number"},
		{"1234567890", detectors.Phone, dense, detectors.Reject, "a bare digit run"},
		{"555 0199", detectors.Phone, dense, detectors.Reject, "too few digits"},
		{"212 055 0199", detectors.Phone, dense, detectors.Reject, "not NANP's shape in US"},
		{"01 23 45", detectors.PhoneNational, dense, detectors.Reject, "too few digits"},
		{"020 7946 0958", detectors.PhoneNational, dense, detectors.Plausible, "dense: not looked up"},
		{"+90 999 314 1592", detectors.TRPhone, detectors.Options{}, detectors.Reject, "not a Turkish number"},
		{"+90 999 314 1592", detectors.TRPhone, dense, detectors.Plausible, "dense: not looked up"},
	} {
		if got := tc.v8r([]byte(tc.v), tc.o); got != tc.want {
			t.Errorf("%q (%s, dense %v): %v, want %v", tc.v, tc.about, tc.o.Dense, got, tc.want)
		}
	}
}

// TestPhoneDenseNeverRejectsValid: what the phone validators accept with
// libphonenumber they accept by length alone (detectors.Options.Dense):
// the example numbers of every region and number type, written in E.164,
// international and national form, with "(0)" after the country code,
// with the country code and no '+', and after "00".
func TestPhoneDenseNeverRejectsValid(t *testing.T) {
	types := []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
		phonenumbers.PREMIUM_RATE, phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER,
		phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL}
	checked := 0
	for _, region := range detectors.PhoneRegions() {
		for _, typ := range types {
			num := phonenumbers.GetExampleNumberForType(region, typ)
			if num == nil {
				continue
			}
			cc := strconv.Itoa(int(num.GetCountryCode()))
			nsn := phonenumbers.GetNationalSignificantNumber(num)
			national := phonenumbers.Format(num, phonenumbers.NATIONAL)
			forms := []string{
				phonenumbers.Format(num, phonenumbers.E164),
				phonenumbers.Format(num, phonenumbers.INTERNATIONAL),
				national,
				"+" + cc + " (0)" + nsn,
				cc + " " + nsn,
				"00" + cc + " " + nsn,
			}
			for _, f := range forms {
				for _, v := range []struct {
					name string
					fn   detectors.Validator
					o    detectors.Options
				}{
					{"Phone/" + region, detectors.Phone, detectors.Options{Region: region}},
					{"PhoneNational", detectors.PhoneNational, detectors.Options{}},
				} {
					if v.fn([]byte(f), v.o) == detectors.Reject {
						continue
					}
					checked++
					dense := v.o
					dense.Dense = true
					if v.fn([]byte(f), dense) == detectors.Reject {
						t.Errorf("%s accepts %q (%s %v), rejects it in dense text", v.name, f, region, typ)
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d accepted numbers checked", checked)
	}
	t.Logf("%d accepted numbers checked", checked)
}
