package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestDenseNumbersFailClosed: a phone-shaped number that libphonenumber
// rejects is left alone on its own, and redacted after text dense with
// digits, where the validator is not asked (detectors.Options.Dense).
func TestDenseNumbersFailClosed(t *testing.T) {
	s := mustCompile(t, DefaultPolicy())
	for _, tc := range []struct{ in, want string }{
		{"Call +1 212 055 0199 today.", "Call +1 212 055 0199 today."},
		{"Call +1 212 555 0199 today.", "Call <PHONE_NUMBER> today."},
		// 24 digits in the 64 bytes before the number.
		{"Batch 9012 3456 7890 1234 5678 2024, then +1 212 055 0199 today.",
			"Batch 9012 3456 7890 1234 5678 2024, then <PHONE_NUMBER> today."},
		// 23 digits: validated.
		{"Batch 9012 3456 7890 1234 5678 202, then +1 212 055 0199 today.",
			"Batch 9012 3456 7890 1234 5678 202, then +1 212 055 0199 today."},
		// Digits further back than the context window do not count.
		{"Batch 9012 3456 7890 1234 5678 2024" + strings.Repeat(" ", 64) + "then +1 212 055 0199 today.",
			"Batch 9012 3456 7890 1234 5678 2024" + strings.Repeat(" ", 64) + "then +1 212 055 0199 today."},
	} {
		r, err := s.Redact(context.Background(), []byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if string(r.Redacted) != tc.want {
			t.Errorf("%q\n got %q\nwant %q", tc.in, r.Redacted, tc.want)
		}
	}
}

// TestDenseNumbersHostile: a dense list of phone numbers written with
// no-break spaces, full-width digits, "(0)" after the country code and
// bare CR line ends is redacted number by number, in batch and stream.
func TestDenseNumbersHostile(t *testing.T) {
	s := mustCompile(t, DefaultPolicy())
	var in, want strings.Builder
	for i := range 40 {
		fmt.Fprintf(&in, "call +44\u00a020\u00a07946\u00a0%04d, ", i)
		want.WriteString("call <PHONE_NUMBER>, ")
	}
	for i := range 10 {
		fmt.Fprintf(&in, "Tel: \uff10\uff12\uff10 7946 %04d; ", i)
		want.WriteString("Tel: <PHONE_NUMBER>; ")
	}
	for i := range 10 {
		fmt.Fprintf(&in, "Tel +44 (0)20 7946 %04d\r", i)
		want.WriteString("Tel <PHONE_NUMBER>\r")
	}
	text := []byte(in.String())
	r, err := s.Redact(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Redacted) != want.String() {
		t.Errorf("got  %q\nwant %q", r.Redacted, want.String())
	}
	if out, _ := streamAll(t, s, text, chunking(1, len(text))); string(out) != string(r.Redacted) {
		t.Errorf("stream gave %q", out)
	}
}
