package phonenumbers

import "testing"

// TestAnchoredRegexCache: the anchored regexps are the patterns anchored
// as upstream wrote them, compiled once, and looked up without allocating.
func TestAnchoredRegexCache(t *testing.T) {
	const p = `[2-9]\d{9}|3\d{6}`
	for _, tc := range []struct {
		get  func(string) string
		want string
	}{
		{func(p string) string { return wholeRegexFor(p).String() }, "^(?:" + p + ")$"},
		{func(p string) string { return prefixRegexFor(p).String() }, "^(?:" + p + ")"},
	} {
		if got := tc.get(p); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	if wholeRegexFor(p) != wholeRegexFor(p) || prefixRegexFor(p) != prefixRegexFor(p) {
		t.Error("a pattern compiled twice")
	}
	if wholeRegexFor(p).MatchString("21234567890") || !wholeRegexFor(p).MatchString("2123456789") {
		t.Error("whole match is not anchored at both ends")
	}
	if !prefixRegexFor(p).MatchString("2123456789 and more") || prefixRegexFor(p).MatchString("x2123456789") {
		t.Error("prefix match is not anchored at the start")
	}
	if a := testing.AllocsPerRun(100, func() { wholeRegexFor(p); prefixRegexFor(p) }); a != 0 {
		t.Errorf("a cached lookup allocates %.0f times", a)
	}
}
