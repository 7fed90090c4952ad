package engine

import (
	"context"
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
