package detectors

import (
	"testing"
)

// TestValidatorRegistry: every validator a built-in rule uses has one
// registry name, so every rule can be written in (and dumped as) a policy.
func TestValidatorRegistry(t *testing.T) {
	if d := registryDuplicates(); len(d) > 0 {
		t.Errorf("validator names registered twice: %v", d)
	}
	for _, r := range Builtin() {
		name, ok := r.Validate.Name()
		if !ok {
			t.Errorf("rule %s: its validator is not in the registry (add it to a validators map)", r.ID)
			continue
		}
		if r.Validate == nil {
			continue
		}
		var back Validator
		if err := back.UnmarshalText([]byte(name)); err != nil || funcID(back) != funcID(r.Validate) {
			t.Errorf("rule %s: validator %q does not read back (%v)", r.ID, name, err)
		}
	}
	// Two validators made by one constructor are told apart.
	if a, _ := ITVAT.Name(); a != "it_vat" {
		t.Errorf("ITVAT is named %q", a)
	}
	if b, _ := FRSIREN.Name(); b != "fr_siren" {
		t.Errorf("FRSIREN is named %q", b)
	}
	var unknown Validator = func([]byte, Options) Verdict { return Reject }
	if _, err := unknown.MarshalText(); err == nil {
		t.Error("an unregistered validator must not marshal")
	}
}

func TestTriggerText(t *testing.T) {
	for i, name := range TriggerNames() {
		var k TriggerKind
		if err := k.UnmarshalText([]byte(name)); err != nil || k != TriggerKind(i) {
			t.Errorf("%s: %v %v", name, k, err)
		}
		if b, _ := k.MarshalText(); string(b) != name {
			t.Errorf("%d marshals as %s", i, b)
		}
	}
	var k TriggerKind
	err := k.UnmarshalText([]byte("digit"))
	if err == nil || err.Error() != `unknown trigger "digit" (did you mean digits?)` {
		t.Errorf("error %v", err)
	}
}

func TestNearest(t *testing.T) {
	known := []string{"CREDIT_CARD", "EMAIL_ADDRESS", "US_SSN", "PHONE_NUMBER"}
	for in, want := range map[string]string{
		"CREDIT_CRAD": "CREDIT_CARD", "credit_card": "CREDIT_CARD", "EMAIL": "", "US_SNN": "US_SSN", "PERSON": "", "PHONE": "",
	} {
		if got := Nearest(in, known); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", in, got, want)
		}
	}
}
