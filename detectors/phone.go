package detectors

import (
	"github.com/nyaruka/phonenumbers"
)

// Phone validates a candidate with libphonenumber's metadata: the number
// must parse (in the policy's default region when it has no country code)
// and be a valid number for its region. Bare digit strings with no
// formatting are accepted only when they carry a country code.
func Phone(b []byte, o Options) Verdict {
	region := o.Region
	if region == "" {
		region = "US"
	}
	formatted := false
	for _, c := range b {
		switch c {
		case ' ', '-', '.', '(', ')', '+':
			formatted = true
		}
	}
	if !formatted {
		return Reject
	}
	num, err := phonenumbers.Parse(string(b), region)
	if err != nil {
		return Reject
	}
	if !phonenumbers.IsValidNumber(num) {
		return Reject
	}
	// Valid by numbering-plan metadata is evidence, not a checksum.
	return Plausible
}
