package detectors_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
)

// TestPIIStreamEqualsBatch splits texts whose findings depend on context
// words (before and after the value) at every position: the streaming
// scanner must report and redact exactly what a batch scan does.
func TestPIIStreamEqualsBatch(t *testing.T) {
	s := piiScanner(t, nil)
	texts := []string{
		"Her BSN is 111222333 and her Steuer-ID 86095742719.",
		"111222333 is the BSN; 536228714 her SSN; born on March 4, 1979.",
		"codice fiscale RSSMRA85T10A562S, NIR 2 69 05 49 588 157 80, VAT DE136458922, call +44 20 7946 0958",
		"Aadhaar 2345 6789 0124 / PAN: ABCPE1234F / GSTIN 27AAPFU0939F1ZV / Emirates ID 784-1990-1234567-6",
	}
	for _, text := range texts {
		b := []byte(text)
		want, err := s.Redact(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Findings) < 2 {
			t.Fatalf("%q: batch found only %v", text, want.Findings)
		}
		for i := 0; i <= len(b); i++ {
			st := s.NewStream(context.Background())
			out, err := st.Write(nil, b[:i])
			if err == nil {
				out, err = st.Write(out, b[i:])
			}
			if err == nil {
				out, err = st.Close(out)
			}
			if err != nil {
				t.Fatalf("split %d: %v", i, err)
			}
			if !bytes.Equal(out, want.Redacted) || !slices.Equal(st.Findings(), want.Findings) {
				t.Fatalf("split %d of %q:\nstream %q %+v\nbatch  %q %+v", i, text, out, st.Findings(), want.Redacted, want.Findings)
			}
		}
	}
}
