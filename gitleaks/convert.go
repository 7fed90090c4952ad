package gitleaks

import (
	"bytes"
	"errors"
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
	re2 "github.com/wasilibs/go-re2"
	"go.yaml.in/yaml/v3"
)

// Policy is the converted policy, in the shape `engine.ParsePolicy` reads.
type Policy struct {
	ID        string           `yaml:"id"`
	Builtin   string           `yaml:"builtin"`
	Disable   []string         `yaml:"disable,omitempty"`
	Rules     []detectors.Rule `yaml:"rules,omitempty"`
	Allowlist engine.Allowlist `yaml:"allowlist,omitempty"`
}

// Skipped is a rule that was not converted, and why.
type Skipped struct {
	ID     string
	Reason string
}

// Note records a field that was dropped or approximated (ID is empty for
// config-wide notes).
type Note struct {
	ID      string
	Message string
}

// Result is the outcome of a conversion.
type Result struct {
	Policy  Policy
	Skipped []Skipped
	Notes   []Note
}

// Options tune Convert.
type Options struct {
	// PolicyID names the policy (default "gitleaks").
	PolicyID string
	// Score is the base score of converted rules (default 0.8).
	Score float64
}

// unboundedMaxLen is what a rule whose regex has no length bound gets; the
// engine searches (and the stream holds back) this far around a keyword.
const unboundedMaxLen = 1024

// Convert turns a (loaded, extended) gitleaks config into a sluice policy.
func Convert(c *Config, o Options) *Result {
	if o.PolicyID == "" {
		o.PolicyID = "gitleaks"
	}
	if o.Score == 0 {
		o.Score = 0.8
	}
	res := &Result{Policy: Policy{ID: o.PolicyID, Builtin: "none"}}
	note := func(id, format string, args ...any) {
		res.Notes = append(res.Notes, Note{ID: id, Message: fmt.Sprintf(format, args...)})
	}
	for _, k := range c.Unknown {
		note("", "unknown key %q ignored (not a gitleaks v8 field)", k)
	}
	if c.MinVersion != "" {
		note("", "minVersion %s is a gitleaks version constraint; ignored", c.MinVersion)
	}
	if c.Extend.URL != "" {
		note("", "extend.url %s not fetched (sluice makes no network calls); download it and use extend.path", c.Extend.URL)
	}
	if c.Extend.UseDefault {
		// sluice's built-in secret catalogue stands in for gitleaks' default rules.
		res.Policy.Builtin = "all"
		known := map[string]bool{}
		for _, r := range detectors.Builtin() {
			known[r.ID] = true
		}
		for _, id := range c.Extend.DisabledRules {
			switch {
			case known[id]:
				res.Policy.Disable = append(res.Policy.Disable, id)
			case slices.Contains(c.disabledApplied, id):
				// removed a rule of the extended file
			default:
				note(id, "extend.disabledRules names a gitleaks default rule; sluice's built-in rules have their own ids (see `sluice rules`), so nothing was disabled")
			}
		}
	}

	// Global allowlists: regexes apply to every finding's value; stop words
	// have no policy-wide form, so they go to each converted rule.
	var globalStop []string
	targeted := map[string][]Allowlist{}
	for _, a := range c.globalAllowlists() {
		if len(a.TargetRules) > 0 {
			for _, id := range a.TargetRules {
				targeted[id] = append(targeted[id], a)
			}
			continue
		}
		regexes, stop, ok := convertAllowlist("", a, note)
		if !ok {
			continue
		}
		res.Policy.Allowlist.Patterns = append(res.Policy.Allowlist.Patterns, regexes...)
		globalStop = append(globalStop, stop...)
	}
	if len(globalStop) > 0 && res.Policy.Builtin == "all" {
		note("", "global allowlist stopwords apply to the converted rules only, not to sluice's built-in rules")
	}

	ids := map[string]bool{}
	for _, r := range c.Rules {
		spec, reason := convertRule(r, o, note)
		if reason != "" {
			res.Skipped = append(res.Skipped, Skipped{ID: r.ID, Reason: reason})
			continue
		}
		if ids[spec.ID] {
			res.Skipped = append(res.Skipped, Skipped{ID: r.ID, Reason: "duplicate rule id"})
			continue
		}
		ids[spec.ID] = true
		spec.Stopwords = appendNew(spec.Stopwords, globalStop...)
		for _, a := range targeted[r.ID] {
			regexes, stop, ok := convertAllowlist(r.ID, a, note)
			if ok {
				spec.AllowPatterns = append(spec.AllowPatterns, regexes...)
				spec.Stopwords = appendNew(spec.Stopwords, stop...)
			}
		}
		res.Policy.Rules = append(res.Policy.Rules, spec)
	}
	for id := range targeted {
		if !ids[id] {
			note(id, "global allowlist targets a rule that is not in the converted policy")
		}
	}
	return res
}

func convertRule(r Rule, o Options, note func(id, format string, args ...any)) (detectors.Rule, string) {
	if r.ID == "" {
		return detectors.Rule{}, "rule has no id"
	}
	if r.SkipReport {
		return detectors.Rule{}, "skipReport: the rule only feeds composite rules, and sluice has no composite rules"
	}
	if r.Regex == "" {
		if r.Path != "" {
			return detectors.Rule{}, "path-only rule: it matches file names, and model output has no file paths"
		}
		return detectors.Rule{}, "rule has no regex"
	}
	if why := RegexProblem(r.Regex); why != "" {
		return detectors.Rule{}, "regex: " + why
	}
	re, _ := syntax.Parse(r.Regex, syntax.Perl)
	groups := re.MaxCap()
	spec := detectors.Rule{
		ID: r.ID, Type: typeName(r.ID), Category: detectors.Secret,
		Description: r.Description, Pattern: r.Regex, MinEntropy: r.Entropy, Score: o.Score,
	}
	switch {
	case r.SecretGroup < 0 || r.SecretGroup > groups:
		return detectors.Rule{}, fmt.Sprintf("secretGroup %d, but the regex has %d capture groups", r.SecretGroup, groups)
	case r.SecretGroup > 0:
		spec.Group = r.SecretGroup
	case groups > 0:
		spec.Group = 1
		if groups > 1 {
			note(r.ID, "secretGroup unset: gitleaks takes the first non-empty group, sluice always group 1")
		}
	}
	if spec.Description == "" {
		spec.Description = "gitleaks rule " + r.ID
	}
	if len(r.Tags) > 0 {
		spec.Description += " [tags: " + strings.Join(r.Tags, ", ") + "]"
	}
	for _, k := range r.Keywords {
		if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
			spec.Keywords = appendNew(spec.Keywords, k)
		}
	}
	if len(spec.Keywords) == 0 {
		note(r.ID, "no keywords: the rule runs over all text (slow); add keywords")
	}
	if r.Path != "" {
		note(r.ID, "path %q ignored: model output has no file path, so the rule applies everywhere", r.Path)
	}
	if len(r.Required) > 0 {
		reqs := make([]string, len(r.Required))
		for i, q := range r.Required {
			reqs[i] = q.ID
		}
		note(r.ID, "composite rule: required rules (%s) are not enforced, so the rule reports on its own match", strings.Join(reqs, ", "))
	}
	if w, ok := engine.MaxMatchLen(re); ok && w <= 1<<16 {
		spec.MaxLen = max(w, 1)
	} else {
		spec.MaxLen = unboundedMaxLen
		note(r.ID, "regex has no length bound: matches are searched within %d bytes of a keyword", unboundedMaxLen)
	}
	for _, a := range r.ruleAllowlists() {
		regexes, stop, ok := convertAllowlist(r.ID, a, note)
		if !ok {
			continue
		}
		spec.AllowPatterns = append(spec.AllowPatterns, regexes...)
		spec.Stopwords = appendNew(spec.Stopwords, stop...)
	}
	return spec, ""
}

// convertAllowlist returns the regexes (matched against the secret value)
// and stop words of an allowlist. ok is false when nothing of it can be
// expressed without allowing more than gitleaks would.
func convertAllowlist(id string, a Allowlist, note func(id, format string, args ...any)) (regexes, stop []string, ok bool) {
	what := "allowlist"
	if a.Description != "" {
		what = fmt.Sprintf("allowlist %q", a.Description)
	}
	cond := strings.ToUpper(strings.TrimSpace(a.Condition))
	if cond == "AND" {
		switch {
		case len(a.Paths) > 0 || len(a.Commits) > 0:
			note(id, "%s dropped: condition AND needs a path or commit match, which model output never has", what)
			return nil, nil, false
		case len(a.Regexes) > 0 && len(a.Stopwords) > 0:
			note(id, "%s dropped: condition AND of regexes and stopwords has no sluice form (each would allow on its own)", what)
			return nil, nil, false
		}
	} else if cond != "" && cond != "OR" {
		note(id, "%s dropped: unknown condition %q", what, a.Condition)
		return nil, nil, false
	}
	if len(a.Paths) > 0 {
		note(id, "%s: %d paths ignored (model output has no file paths)", what, len(a.Paths))
	}
	if len(a.Commits) > 0 {
		note(id, "%s: %d commits ignored (model output has no commits)", what, len(a.Commits))
	}
	switch strings.ToLower(a.RegexTarget) {
	case "", "secret":
	case "match", "line":
		if len(a.Regexes) > 0 {
			note(id, "%s: regexTarget %q approximated: sluice tests allow regexes against the secret value only (it may report more than gitleaks)", what, a.RegexTarget)
		}
	default:
		note(id, "%s: unknown regexTarget %q treated as secret", what, a.RegexTarget)
	}
	for _, re := range a.Regexes {
		if why := RegexProblem(re); why != "" {
			note(id, "%s: regex %q dropped: %s", what, re, why)
			continue
		}
		regexes = append(regexes, re)
	}
	for _, w := range a.Stopwords {
		if w = strings.TrimSpace(w); w != "" {
			stop = append(stop, w)
		}
	}
	return regexes, stop, len(regexes)+len(stop) > 0
}

// RegexProblem returns why expr cannot run on sluice's RE2 engine, or "".
func RegexProblem(expr string) string {
	if _, err := syntax.Parse(expr, syntax.Perl); err != nil {
		return explain(err)
	}
	if _, err := re2.Compile(expr); err != nil {
		return "RE2 rejects it: " + err.Error()
	}
	return ""
}

func explain(err error) string {
	var se *syntax.Error
	if !errors.As(err, &se) {
		return err.Error()
	}
	e := se.Expr
	switch se.Code {
	case syntax.ErrInvalidPerlOp, syntax.ErrMissingParen, syntax.ErrInvalidNamedCapture:
		switch {
		case strings.HasPrefix(e, "(?="):
			return "lookahead (?=...) is not supported by RE2"
		case strings.HasPrefix(e, "(?!"):
			return "negative lookahead (?!...) is not supported by RE2"
		case strings.HasPrefix(e, "(?<="):
			return "lookbehind (?<=...) is not supported by RE2"
		case strings.HasPrefix(e, "(?<!"):
			return "negative lookbehind (?<!...) is not supported by RE2"
		case strings.HasPrefix(e, "(?>"):
			return "atomic group (?>...) is not supported by RE2"
		case strings.HasPrefix(e, "(?P="), strings.HasPrefix(e, "(?P>"), strings.HasPrefix(e, "(?&"), strings.HasPrefix(e, "(?R"), strings.HasPrefix(e, "(?1"):
			return "named backreference or recursion " + e + " is not supported by RE2"
		case strings.HasPrefix(e, "(?#"):
			return "inline comment (?#...) is not supported by RE2"
		case strings.HasPrefix(e, "(?|"):
			return "branch-reset group (?|...) is not supported by RE2"
		}
	case syntax.ErrInvalidEscape:
		switch {
		case len(e) == 2 && e[1] >= '1' && e[1] <= '9':
			return "backreference " + e + " is not supported by RE2"
		case strings.HasPrefix(e, `\k`), strings.HasPrefix(e, `\g`):
			return "backreference " + e + " is not supported by RE2"
		case e == `\Z`:
			return `\Z is not supported by RE2 (use \z or $)`
		case e == `\G`, e == `\K`:
			return e + " is not supported by RE2"
		}
	case syntax.ErrInvalidRepeatSize:
		return "repetition count above 1000 (" + e + ")"
	case syntax.ErrInvalidRepeatOp:
		if strings.HasSuffix(e, "+") {
			return "possessive quantifier " + e + " is not supported by RE2"
		}
	}
	return se.Error()
}

// typeName makes an entity type from a rule id: "aws-access-token" ->
// "AWS_ACCESS_TOKEN".
func typeName(id string) string {
	b := []byte(strings.ToUpper(id))
	for i, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

// YAML renders the policy with a header saying where it came from.
func (r *Result) YAML(source string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Converted from %s by `sluice rules import-gitleaks`.\n", source)
	fmt.Fprintf(&b, "# %d rules converted, %d skipped (listed on stderr with the reason).\n", len(r.Policy.Rules), len(r.Skipped))
	if r.Policy.Builtin == "all" {
		b.WriteString("# extend.useDefault: sluice's built-in catalogue stands in for gitleaks' default rules.\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(r.Policy); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
