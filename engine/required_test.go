package engine

import (
	"bytes"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

func TestRequiredLits(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    []string
	}{
		{`-----BEGIN RSA PRIVATE KEY-----[A-Za-z0-9+/=\s]+?-----END RSA PRIVATE KEY-----`,
			[]string{"-----begin rsa private key-----", "-----end rsa private key-----"}},
		{`\bfoo\b(bar)`, []string{"foobar"}},
		{`(?:^|\W)(postgres)://([^:]+):(\S+)@`, []string{"postgres://", ":", "@"}},
		{`x(?:ab)+y`, []string{"x", "ab", "y"}},
		{`x(?:ab){2,3}y(?:cd)?z`, []string{"x", "ab", "y", "z"}},
		{`a|b`, nil},
		{`(?:abc)*`, nil},
		// Under (?i), k and s match the Kelvin sign and the long s: the
		// literal is cut there.
		{`(?i)secret_key=`, []string{"ecret_", "ey="}},
		{`(?i)api_token`, []string{"api_to", "en"}},
		{`(?i)\d+_end`, []string{"_end"}},
		{`é-\d`, []string{"é-"}},
		{`(?i)é-\d`, []string{"-"}},
	} {
		re, err := syntax.Parse(c.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		got := requiredLits(re, nil)
		for i := range got {
			got[i] = foldString(got[i])
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.pattern, got, c.want)
		}
	}
}

// TestRequiredLitsInCatalogueMatches: in every catalogue rule's examples,
// every match of its pattern holds each literal the rule requires, and
// the rule's keywords are left out of them.
func TestRequiredLitsInCatalogueMatches(t *testing.T) {
	checked := 0
	for _, r := range detectors.Builtin() {
		lits := newRuleNeed(r.Pattern, r.Keywords).get()
		if len(lits) == 0 {
			continue
		}
		re, err := regexp.Compile(r.Pattern)
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		for _, l := range lits {
			for _, k := range r.Keywords {
				if strings.Contains(foldString(k), string(l)) {
					t.Errorf("%s: literal %q is in keyword %q", r.ID, l, k)
				}
			}
		}
		for _, ex := range slices.Concat(r.TP, r.FP) {
			text, _, err := detectors.ParseExample(ex)
			if err != nil {
				text = ex
			}
			for _, m := range re.FindAllStringIndex(text, -1) {
				fm := foldInto(nil, []byte(text[m[0]:m[1]]))
				for _, l := range lits {
					if !bytes.Contains(fm, l) {
						t.Errorf("%s: match %q lacks required %q", r.ID, text[m[0]:m[1]], l)
					}
				}
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d matches checked", checked)
	}
}

// TestRequiredLitsSkipNoFinding: a window without the literal its rule
// requires gives what the search gives; one with it is still searched.
func TestRequiredLitsSkipNoFinding(t *testing.T) {
	s, err := Compile(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	var key string
	for _, r := range detectors.Builtin() {
		if r.ID == "private-key-rsa" {
			key, _, _ = detectors.ParseExample(r.TP[0])
		}
	}
	noEnd := strings.Replace(key, "-----END", "-----FIN", 1)
	for _, c := range []struct {
		text string
		want bool
	}{{key, true}, {noEnd, false}, {strings.Repeat("-----BEGIN RSA PRIVATE KEY=x ", 200) + key, true}} {
		res, err := s.Scan(t.Context(), []byte(c.text))
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(res.Findings, func(f Finding) bool { return f.Rule == "private-key-rsa" })
		if got != c.want {
			t.Errorf("%.40q…: private-key-rsa found %v, want %v (%v)", c.text, got, c.want, res.Findings)
		}
	}
}
