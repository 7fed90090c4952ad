package engine

import (
	"bytes"
	"context"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// TestEffectivePolicyRoundTrip: the built-in policy written out in full
// loads back as a policy (every built-in rule becoming a policy rule,
// examples checked), compiles to the same rules, and scans the same.
func TestEffectivePolicyRoundTrip(t *testing.T) {
	s := mustCompile(t, DefaultPolicy())
	dump, err := MarshalPolicy(s.EffectivePolicy())
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePolicy("dump.yaml", dump)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	again, err := MarshalPolicy(back.EffectivePolicy())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dump, again) {
		t.Fatalf("the reloaded policy differs from the dump")
	}
	ctx := context.Background()
	for _, r := range detectors.Builtin() {
		for _, tp := range r.TP {
			text, _, _ := detectors.ParseExample(tp)
			a, _, err1 := s.AppendFindings(ctx, []byte(text), nil)
			b, _, err2 := back.AppendFindings(ctx, []byte(text), nil)
			if err1 != nil || err2 != nil || len(a) != len(b) {
				t.Fatalf("%s: %q: %v vs %v", r.ID, text, a, b)
			}
			for i := range a {
				if a[i] != b[i] {
					t.Errorf("%s: %q: %+v vs %+v", r.ID, text, a[i], b[i])
				}
			}
		}
	}
}
