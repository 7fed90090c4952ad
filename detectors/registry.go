package detectors

import "sort"

// coreValidators are the validators the engine issue ships; the secret and
// PII catalogues add theirs in secretValidators and piiValidators.
var coreValidators = map[string]Validator{
	"luhn":   Luhn,
	"iban":   IBAN,
	"us_ssn": USSSN,
	"ipv4":   IPv4,
	"ipv6":   IPv6,
	"jwt":    JWT,
	"secret": NotPlaceholder,
}

// ValidatorByName returns the named validator, or nil.
func ValidatorByName(name string) Validator {
	for _, m := range []map[string]Validator{coreValidators, secretValidators, piiValidators} {
		if v, ok := m[name]; ok {
			return v
		}
	}
	return nil
}

// ValidatorNames lists the names policy files may use.
func ValidatorNames() []string {
	var out []string
	for _, m := range []map[string]Validator{coreValidators, secretValidators, piiValidators} {
		for k := range m {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Builtin returns the whole built-in catalogue, secrets first. The slice
// is new on every call; callers may modify it.
func Builtin() []Rule {
	var out []Rule
	out = append(out, secretRules()...)
	out = append(out, piiRules()...)
	for i := range out {
		// No built-in digit rule is after a bare date (dates of birth
		// are found by keyword rules with context), and dates fill logs.
		if out[i].Trigger == TriggerDigits {
			out[i].NotDates = true
		}
	}
	return out
}
