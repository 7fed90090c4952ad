package gitleaks

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

func loadFull(t *testing.T) (*Result, []byte) {
	t.Helper()
	c, err := Load(filepath.Join("testdata", "full.toml"))
	if err != nil {
		t.Fatal(err)
	}
	res := Convert(c, Options{PolicyID: "acme-gitleaks"})
	out, err := res.YAML("testdata/full.toml")
	if err != nil {
		t.Fatal(err)
	}
	return res, out
}

// TestSkippedRulesHaveReasons: every rule that is not converted is listed
// with the reason, and nothing else is missing.
func TestSkippedRulesHaveReasons(t *testing.T) {
	res, _ := loadFull(t)
	want := map[string]string{
		"acme-client-secret": "skipReport",
		"acme-keystore":      "path-only rule",
		"acme-lookahead":     "negative lookahead",
		"acme-lookbehind":    "lookbehind",
		"acme-backref":       `backreference \1`,
		"acme-possessive":    "possessive quantifier",
		"acme-atomic":        "atomic group",
		"acme-bad-group":     "secretGroup 2, but the regex has 1 capture groups",
		"acme-big-repeat":    "repetition count above 1000",
	}
	got := map[string]string{}
	for _, s := range res.Skipped {
		got[s.ID] = s.Reason
	}
	for id, frag := range want {
		if !strings.Contains(got[id], frag) {
			t.Errorf("%s: reason %q, want it to mention %q", id, got[id], frag)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("%s skipped unexpectedly: %s", id, got[id])
		}
	}
	var converted []string
	for _, r := range res.Policy.Rules {
		converted = append(converted, r.ID)
	}
	slices.Sort(converted)
	if want := []string{"acme-composite", "acme-deploy-key", "acme-internal-token", "acme-no-keywords", "acme-session-secret"}; !slices.Equal(converted, want) {
		t.Errorf("converted %v, want %v", converted, want)
	}
}

func TestFieldsConverted(t *testing.T) {
	res, _ := loadFull(t)
	rules := map[string]detectors.Rule{}
	for _, r := range res.Policy.Rules {
		rules[r.ID] = r
	}
	dk := rules["acme-deploy-key"]
	if dk.Group != 1 || dk.MinEntropy != 3.0 || dk.Category != "secret" || dk.Type != "ACME_DEPLOY_KEY" {
		t.Errorf("deploy key: %+v", dk)
	}
	if !strings.Contains(dk.Description, "[tags: deploy, acme]") {
		t.Errorf("tags not kept: %q", dk.Description)
	}
	if !slices.Equal(dk.Keywords, []string{"deploy_key", "deploy-key", "deploykey"}) {
		t.Errorf("keywords %v", dk.Keywords)
	}
	// OR allowlist regexes + match-target regex + targeted global; the AND
	// allowlist of regex and stopword is dropped (it would allow more).
	for _, re := range []string{`ADK-0{24}`, `ADK-EXAMPLE[A-Za-z0-9]{13}`, `ADK-TEST`, `ADK-CI[A-Za-z0-9]{21}`} {
		if !slices.Contains(dk.AllowPatterns, re) {
			t.Errorf("allow %q missing from %v", re, dk.AllowPatterns)
		}
	}
	if slices.Contains(dk.AllowPatterns, `ADK-STAGING`) || slices.Contains(dk.Stopwords, "staging") {
		t.Errorf("AND allowlist should be dropped: %v %v", dk.AllowPatterns, dk.Stopwords)
	}
	if !slices.Contains(dk.Stopwords, "sample") || !slices.Contains(dk.Stopwords, "placeholder") {
		t.Errorf("stopwords %v", dk.Stopwords)
	}
	ss := rules["acme-session-secret"]
	if !slices.Contains(ss.AllowPatterns, `^0+$`) || !slices.Contains(ss.Stopwords, "deadbeef") {
		t.Errorf("legacy [rules.allowlist] not converted: %+v", ss)
	}
	// extend: the base rule is merged with the extending one.
	it := rules["acme-internal-token"]
	if it.Pattern != `\b(acme_[a-z0-9]{32})\b` || it.MinEntropy != 3.5 || !slices.Equal(it.Keywords, []string{"acme_", "acme_token"}) || !strings.Contains(it.Description, "internal, prod") {
		t.Errorf("merged rule: %+v", it)
	}
	if _, ok := rules["acme-legacy-key"]; ok {
		t.Errorf("extend.disabledRules did not remove acme-legacy-key")
	}
	if res.Policy.Builtin != "all" || !slices.Equal(res.Policy.Disable, []string{"jwt"}) {
		t.Errorf("builtin %q disable %v", res.Policy.Builtin, res.Policy.Disable)
	}
	if !slices.Contains(res.Policy.Allowlist.Patterns, `(?i)example`) || !slices.Contains(res.Policy.Allowlist.Patterns, `acme_0{32}`) {
		t.Errorf("global allowlist patterns %v", res.Policy.Allowlist.Patterns)
	}
	if rules["acme-deploy-key"].MaxLen != unboundedMaxLen || rules["acme-no-keywords"].MaxLen != 52 {
		t.Errorf("max_len: %d %d", rules["acme-deploy-key"].MaxLen, rules["acme-no-keywords"].MaxLen)
	}
}

// TestNotesExplainDroppedFields: fields without a sluice equivalent are
// reported, not silently lost.
func TestNotesExplainDroppedFields(t *testing.T) {
	res, _ := loadFull(t)
	var all []string
	for _, n := range res.Notes {
		all = append(all, n.ID+": "+n.Message)
	}
	joined := strings.Join(all, "\n")
	for _, frag := range []string{
		"acme-deploy-key: path ",
		"ignored: model output has no file path, so the rule applies everywhere",
		"paths ignored (model output has no file paths)",
		"commits ignored (model output has no commits)",
		`regexTarget "match" approximated`,
		`regexTarget "line" approximated`,
		"condition AND of regexes and stopwords has no sluice form",
		"condition AND needs a path or commit match",
		"acme-composite: composite rule: required rules (acme-client-secret, acme-internal-token) are not enforced",
		"acme-no-keywords: no keywords",
		"generic-api-key: extend.disabledRules names a gitleaks default rule",
		"acme-deploy-key: regex has no length bound",
		"no-such-rule: global allowlist targets a rule that is not in the converted policy",
		"minVersion v8.25.0",
		`unknown key "allowlists.mystery"`,
		"global allowlist stopwords apply to the converted rules only",
	} {
		if !strings.Contains(joined, frag) {
			t.Errorf("no note mentioning %q in:\n%s", frag, joined)
		}
	}
}

// TestPolicyRoundTrip: the YAML loads with engine.ParsePolicy, compiles,
// and the converted rules find what they should and allow what the
// allowlists say.
func TestPolicyRoundTrip(t *testing.T) {
	_, out := loadFull(t)
	p, err := engine.ParsePolicy("acme-gitleaks.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	s, err := engine.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	scan := func(text string) []engine.Finding {
		fs, _, err := s.AppendFindings(context.Background(), []byte(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	has := func(fs []engine.Finding, rule string) bool {
		return slices.ContainsFunc(fs, func(f engine.Finding) bool { return f.Rule == rule })
	}
	for text, rule := range map[string]string{
		"deploy_key: ADK-Zq8Xr2Lm9Tv4Wn7Kp3Bc6Fh1":                         "acme-deploy-key",
		"token acme_" + "k3j9x2m4q8w7e6r5t1y0u9i8o7p6a5s4" + " in the log": "acme-internal-token",
		`acme_session_secret = "` + strings.Repeat("3f9a2c7e", 8) + `"`:    "acme-session-secret",
		"client ACID-12345678":     "acme-composite",
		"id ACNK123456789012 here": "acme-no-keywords",
	} {
		if fs := scan(text); !has(fs, rule) {
			t.Errorf("%s not found in %q (got %v)", rule, text, fs)
		}
	}
	for text, rule := range map[string]string{
		"deploy_key: ADK-000000000000000000000000":   "acme-deploy-key",     // rule allowlist regex
		"deploy_key: ADK-CIzq8Xr2Lm9Tv4Wn7Kp3Bc6F":   "acme-deploy-key",     // targeted global allowlist
		"deploy_key: ADK-sampleXr2Lm9Tv4Wn7Kp3Bc":    "acme-deploy-key",     // stopword
		"token acme_" + strings.Repeat("0", 32):      "acme-internal-token", // base global allowlist
		"token acme_exampleq8w7e6r5t1y0u9i8o7p6a5s4": "acme-internal-token", // global regex (?i)example
		"AKL0123456789ABCDEF0123 is a retired key":   "acme-legacy-key",     // disabled
	} {
		if fs := scan(text); has(fs, rule) {
			t.Errorf("%s should be allowed in %q", rule, text)
		}
	}
}

func TestRegexProblem(t *testing.T) {
	for expr, frag := range map[string]string{
		`a(?=b)`:        "lookahead",
		`a(?!b)`:        "negative lookahead",
		`(?<=a)b`:       "lookbehind",
		`(?<!a)b`:       "negative lookbehind",
		`(a)\1`:         "backreference",
		`(?P<x>a)\k<x>`: "backreference",
		`a\Z`:           `\Z`,
		`a++`:           "possessive",
		`(?>a)`:         "atomic",
		`a{1001}`:       "above 1000",
		`(?#note)a`:     "comment",
		`[a-`:           "missing closing ]",
	} {
		if got := RegexProblem(expr); !strings.Contains(got, frag) {
			t.Errorf("%s: %q, want it to mention %q", expr, got, frag)
		}
	}
	for _, ok := range []string{`(?i)\b(ghp_[A-Za-z0-9]{36})\b`, `(?P<name>a)`, `(?<name>a)`, `[[:alpha:]]+`} {
		if got := RegexProblem(ok); got != "" {
			t.Errorf("%s: unexpected problem %q", ok, got)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for name, body := range map[string]string{
		"syntax.toml": "[[rules]\nid = 'x'",
		"types.toml":  "[[rules]]\nid = 1\n",
		"cycle.toml":  "[extend]\npath = 'cycle.toml'\n",
		"absent.toml": "[extend]\npath = 'does-not-exist.toml'\n",
	} {
		if _, err := Load(write(name, body)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.toml")); err == nil {
		t.Errorf("missing file: no error")
	}
}
