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

func TestRequiredRun(t *testing.T) {
	for _, c := range []struct {
		pattern string
		n       int
		in, out string // bytes in the run's set, and not
	}{
		{`token[=:]\s*([A-Za-z0-9]{32})\b`, 32, "aZ09", "_-= é"},
		{`\b([A-Z]{4})([0-9]{8})\b`, 12, "AZ09", "a "},
		{`ghp_[A-Za-z0-9_]{36}`, 40, "ghp_Z9", "-"},
		{`key=([a-f0-9]{8}-[a-f0-9]{4})`, 17, "af09-ky=", "g"},
		{`(?:ab)+[0-9]{3}`, 5, "ab09", "c"},
		{`(?:ab){0,2}[0-9]{3}`, 3, "09", "a"},
		{`x[\pL]{10}`, 11, "xa\x80\xff", "0 "},
		{`(?i)[a-z]{10}`, 10, "aZ\xe2", "0"},
		{`[0-9]{4}(?:-[0-9]{4})?`, 4, "09", "-"},
		{`a{3}|b{30}`, 0, "", ""},
		{`[0-9]{2,}x?[0-9]{3}`, 3, "09", "x"},
		{`(?i)(?:^|[^\w:-])((?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2})(?:$|[^\w:-])`, 17, "09afAF:-", "g. "},
		{`x(?:(ab)[0-9]{2}\b){2,}`, 9, "xab09", "c"},
		{`(?:a[0-9]?){3}`, 1, "a", "0"},
	} {
		re, err := syntax.Parse(c.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		r := requiredRun(re)
		if r.n != c.n {
			t.Errorf("%s: run of %d, want %d", c.pattern, r.n, c.n)
			continue
		}
		for _, b := range []byte(c.in) {
			if !r.set[b] {
				t.Errorf("%s: %q not in the set", c.pattern, b)
			}
		}
		for _, b := range []byte(c.out) {
			if r.set[b] {
				t.Errorf("%s: %q in the set", c.pattern, b)
			}
		}
	}
}

func TestRequiredBytes(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    []string
	}{
		{`(?i)[?&](?:key|token)=([A-Za-z0-9]{16,})`, []string{"&?"}},
		{`[?&]?x[:=]+y(?:[#!])?`, []string{":="}},
		{`[a-b]x|[?&]`, nil},
		{`[0-9]{3}[-./][0-9]{4}`, []string{"-./"}},
		{`[-./ ]`, nil},
		{`[xX]`, nil},
	} {
		re, err := syntax.Parse(c.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, set := range requiredBytes(re, nil) {
			got = append(got, string(set))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.pattern, got, c.want)
		}
	}
}

func TestHasRun(t *testing.T) {
	digits := new([256]bool)
	for c := '0'; c <= '9'; c++ {
		digits[c] = true
	}
	for _, c := range []struct {
		b    string
		n    int
		want bool
	}{
		{"", 3, false}, {"12", 3, false}, {"123", 3, true}, {"a123", 3, true}, {"12a34b56", 3, false},
		{"1a2b3c45", 3, false}, {"xxxxxxx1234", 4, true}, {"1234xxxxxxx", 4, true}, {"x123x123x1234", 4, true},
		{"x123x123x123", 4, false}, {"12345678", 8, true}, {"1234567x12345678", 8, true}, {"1234567x1234567", 8, false},
	} {
		if got := hasRun([]byte(c.b), digits, c.n); got != c.want {
			t.Errorf("hasRun(%q, %d) = %v", c.b, c.n, got)
		}
	}
}

// TestRequiredLitsInCatalogueMatches: in every catalogue rule's examples,
// every match of its pattern holds each literal the rule requires, and
// the class run; the rule's keywords are left out of the literals.
func TestRequiredLitsInCatalogueMatches(t *testing.T) {
	checked := 0
	for _, r := range detectors.Builtin() {
		need := newRuleNeed(r.Pattern, r.Keywords)
		lits := need.get()
		if len(lits) == 0 && need.run.n == 0 && len(need.anyOf) == 0 {
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
				for _, set := range need.anyOf {
					if !bytes.ContainsAny([]byte(text[m[0]:m[1]]), string(set)) {
						t.Errorf("%s: match %q has none of %q", r.ID, text[m[0]:m[1]], set)
					}
				}
				if need.run.n > 0 && !hasRun([]byte(text[m[0]:m[1]]), need.run.set, need.run.n) {
					t.Errorf("%s: match %q lacks a run of %d", r.ID, text[m[0]:m[1]], need.run.n)
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
