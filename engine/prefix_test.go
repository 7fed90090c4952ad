package engine

import (
	"regexp/syntax"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// anchorLeadOf simplifies only the parts of a pattern it looks at; it
// must decide exactly as it would on the whole simplified pattern.
func TestAnchorLeadSimplifiesLazily(t *testing.T) {
	exprs := []string{`-{5}BEGIN`, `(?:ab){2,3}c`, `x{0}akia`, `(?i)(?:token|key)\s*[:=]\s*([a-z0-9]{32,64})`, `(?:a?)?b`, `a{2,}b`}
	kws := [][]string{{"-----begin"}, {"abab"}, {"akia"}, {"token", "key"}, {"b"}, {"aa"}}
	for _, r := range detectors.Builtin() {
		exprs = append(exprs, r.Pattern)
		kws = append(kws, r.Keywords)
	}
	for i, expr := range exprs {
		re, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		lead, ok := anchorLeadOf(re, kws[i])
		wantLead, wantOK := anchorLeadOf(re.Simplify(), kws[i])
		if lead != wantLead || ok != wantOK {
			t.Errorf("%q %q: lead %d %v, on the simplified pattern %d %v", expr, kws[i], lead, ok, wantLead, wantOK)
		}
	}
}
