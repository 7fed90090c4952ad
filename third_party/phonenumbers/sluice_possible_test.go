package phonenumbers

import "testing"

func TestPossibleLengths(t *testing.T) {
	for _, tc := range []struct {
		cc, n int
		want  bool
	}{
		{44, 10, true}, {44, 11, false}, {1, 10, true}, {1, 8, false}, {49, 11, true}, {999, 10, false},
	} {
		if got := PossibleLength(tc.cc, tc.n); got != tc.want {
			t.Errorf("PossibleLength(%d, %d) = %v", tc.cc, tc.n, got)
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
		// GB also strips 180020 (national_prefix_for_parsing 0|180020):
		// lengths near the written one count.
		{"GB", "02079460958", true},
		{"GB", "020794609583", true},
		{"GB", "0207946095831245", false},
		{"US", "4155550132", true},
		{"US", "41555501321", false},
		{"XX", "4155550132", false},
	} {
		if got := PossibleNationalLength(tc.region, tc.digits); got != tc.want {
			t.Errorf("PossibleNationalLength(%s, %s) = %v", tc.region, tc.digits, got)
		}
	}
}
