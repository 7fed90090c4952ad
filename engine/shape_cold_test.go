package engine

import (
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// TestShapeAgreesWithParse: for every catalogue rule, what Compile derives
// without parsing the pattern equals what the parse says.
func TestShapeAgreesWithParse(t *testing.T) {
	scanned := 0
	rules := detectors.Catalogue()
	for _, r := range rules {
		for _, th := range []float64{DefaultThreshold, 0} {
			r := routeByContext(r, th)
			kws := anchorKeywords(&r)
			got, err := deriveShape(r.Pattern, r.Group, kws, true)
			if err != nil {
				t.Errorf("rule %s: %v", r.ID, err)
				continue
			}
			parsed, err := parsePattern(r.Pattern)
			if err != nil {
				t.Fatalf("rule %s: %v", r.ID, err)
			}
			if want := parsedShape(parsed, r.Group, kws); got != want {
				t.Errorf("rule %s %q (group %d, keywords %q): shape %+v, parse %+v", r.ID, r.Pattern, r.Group, kws, got, want)
			}
			if sh, ok := shapeOf(r.Pattern); ok && th == DefaultThreshold {
				if _, sure := sh.whole(r.Group); sure {
					if _, _, sure := sh.anchorLead(kws); sure || len(kws) == 0 {
						scanned++
					}
				}
			}
		}
	}
	t.Logf("%d of %d catalogue patterns need no parse", scanned, len(rules))
}

func TestShapeCases(t *testing.T) {
	cases := []struct {
		expr     string
		group    int
		keywords []string
		want     ruleShape
		scanned  bool // answered without the parser
	}{
		{`(?i:acme|acme\.io)[\w.\-]{0,40}?([a-f0-9]{32})\b`, 1, []string{"acme"}, ruleShape{ncap: 1, anchored: true}, true},
		{`\b(ghp_[A-Za-z0-9]{36})\b`, 1, []string{"ghp_"}, ruleShape{ncap: 1, whole: true, anchored: true}, true},
		{`\b(?P<v>ab?c)\b`, 1, []string{"a"}, ruleShape{ncap: 1, whole: true, anchored: true}, true},
		{`\b(ab?c)\b`, 1, []string{"ab"}, ruleShape{ncap: 1, whole: true}, true},
		{`x|\b(abc)\b`, 1, []string{"abc"}, ruleShape{ncap: 1}, false},
		{`(?:^|[^a-z])(abc)\b`, 1, []string{"abc"}, ruleShape{ncap: 1, lead: 4, anchored: true}, false},
		{`[a\]b(]+(x)(?:y)`, 2, nil, ruleShape{ncap: 1}, true},
		{`(?i)token\s*=\s*(\S+)`, 1, []string{"token"}, ruleShape{ncap: 1, anchored: true}, true},
		{`(?:\b)(abc)`, 1, nil, ruleShape{ncap: 1, whole: true}, true},
		{`(?:\b\b)(a)`, 1, nil, ruleShape{ncap: 1, whole: true}, true},
		{`(?:a|)(b)`, 1, nil, ruleShape{ncap: 1}, false},
		{`\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)`, 1, []string{"aiza"}, ruleShape{ncap: 1, anchored: true}, true},
		{`(abc)`, 1, nil, ruleShape{ncap: 1, whole: true}, true},
		{`\x41(b)`, 1, nil, ruleShape{ncap: 1}, false},
	}
	for _, c := range cases {
		got, err := deriveShape(c.expr, c.group, c.keywords, true)
		if err != nil {
			t.Fatalf("%q: %v", c.expr, err)
		}
		want := parsedShape(mustParse(t, c.expr), c.group, c.keywords)
		if got != want || got != c.want {
			t.Errorf("%q: shape %+v, parse %+v, want %+v", c.expr, got, want, c.want)
		}
		scanned := false
		if sh, ok := shapeOf(c.expr); ok {
			_, w := sh.whole(c.group)
			_, _, a := sh.anchorLead(c.keywords)
			scanned = w && (a || len(c.keywords) == 0)
		}
		if scanned != c.scanned {
			t.Errorf("%q: answered without parsing = %v, want %v", c.expr, scanned, c.scanned)
		}
	}
}

func mustParse(t testing.TB, expr string) *syntax.Regexp {
	t.Helper()
	re, err := parsePattern(expr)
	if err != nil {
		t.Fatal(err)
	}
	return re
}

// FuzzShapeAgreesWithParse: on any pattern Go parses, the derivation
// without the parser equals the parser's.
func FuzzShapeAgreesWithParse(f *testing.F) {
	for _, r := range detectors.Catalogue()[:min(200, len(detectors.Catalogue()))] {
		f.Add(r.Pattern, r.Group, strings.Join(r.Keywords, ","))
	}
	f.Add(`(?i:ab|ac)x`, 0, "ab,ac")
	f.Add(`(?i:xa|xb|xc|xd|xe)\d`, 0, "xa,xb,xc,xd,xe")
	f.Fuzz(func(t *testing.T, expr string, group int, kw string) {
		parsed, err := parsePattern(expr)
		if err != nil || group < 0 || group > parsed.MaxCap() {
			return
		}
		var kws []string
		if kw != "" {
			kws = strings.Split(kw, ",")
		}
		got, err := deriveShape(expr, group, kws, true)
		if err != nil {
			t.Fatalf("%q: %v", expr, err)
		}
		if want := parsedShape(parsed, group, kws); got != want {
			t.Fatalf("%q group %d keywords %q: shape %+v, parse %+v", expr, group, kws, got, want)
		}
	})
}
