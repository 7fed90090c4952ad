package phonenumbers

import "testing"

func TestPossibleLengths(t *testing.T) {
	for _, tc := range []struct {
		cc   int
		nsn  string
		want bool
	}{
		{44, "2079460958", true}, {1, "4155550132", true}, {49, "30123456789", true}, {999, "4155550132", false},
		// Only the main region's national prefix is taken off a '+'
		// number (GB's, US's), whose rules are literals: Jersey's and
		// other NANP regions' transform rules do not apply.
		{44, "207946095831245", false}, {1, "41555501", false},
		{49, "3012345678901234", false},
		{33, "142685300", true}, {33, "0142685300", true}, // "+33 (0)1 42 68 53 00"
		{33, "01426853001", false},
	} {
		if got := PossibleLength(tc.cc, []byte(tc.nsn)); got != tc.want {
			t.Errorf("PossibleLength(%d, %s) = %v", tc.cc, tc.nsn, got)
		}
	}
	for _, tc := range []struct {
		region, digits string
		want           bool
	}{
		{"FR", "0142685300", true},   // national prefix 0, then 9 digits
		{"FR", "142685300", true},    // without it
		{"FR", "01426853001", false}, // one digit too many
		{"FR", "01426853", false},    // two too few
		// GB also strips 180020 (national_prefix_for_parsing 0|180020).
		{"GB", "02079460958", true},
		{"GB", "1800202079460958", true},
		{"GB", "020794609583", false},
		{"JE", "1534123456", true}, // JE's own transform rule: not judged
		{"US", "4155550132", true},
		{"US", "41555501321", false},
		{"XX", "4155550132", false},
		{"FR", "33142685300", true},       // its country code written without '+'
		{"FR", "0033142685300", true},     // after the international prefix: not judged
		{"US", "01144207946095812", true}, // US's is 011
		{"FR", "34142685300", false},
	} {
		if got := PossibleNationalLength(tc.region, []byte(tc.digits)); got != tc.want {
			t.Errorf("PossibleNationalLength(%s, %s) = %v", tc.region, tc.digits, got)
		}
	}
}
