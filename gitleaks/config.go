// Package gitleaks converts a gitleaks configuration (TOML) into a sluice
// policy, so teams bring their custom secret rules along in one command.
//
// Every gitleaks field is handled: converted when sluice has an
// equivalent, approximated with a note when it has a close one, and
// reported when it has none (file paths and commits do not exist in model
// output). A rule that cannot be converted — most often because its regex
// uses syntax RE2 lacks, such as lookaround or backreferences — is listed
// with the reason, never dropped silently.
package gitleaks

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Config is a gitleaks configuration file (gitleaks v8 format).
type Config struct {
	Title       string      `toml:"title"`
	Description string      `toml:"description"`
	MinVersion  string      `toml:"minVersion"`
	Extend      Extend      `toml:"extend"`
	Rules       []Rule      `toml:"rules"`
	Allowlist   *Allowlist  `toml:"allowlist"`  // global, before v8.25
	Allowlists  []Allowlist `toml:"allowlists"` // global, v8.25 and later

	// Unknown lists keys the file has that gitleaks does not define.
	Unknown []string `toml:"-"`
	// Source is the file the config was read from.
	Source string `toml:"-"`
	// disabledApplied lists disabledRules that removed a rule of an
	// extended file (the rest name gitleaks default rules).
	disabledApplied []string
}

// Extend makes a config build on another one.
type Extend struct {
	UseDefault    bool     `toml:"useDefault"`
	Path          string   `toml:"path"`
	URL           string   `toml:"url"`
	DisabledRules []string `toml:"disabledRules"`
}

// Rule is one [[rules]] entry.
type Rule struct {
	ID          string   `toml:"id"`
	Description string   `toml:"description"`
	Regex       string   `toml:"regex"`
	SecretGroup int      `toml:"secretGroup"`
	Entropy     float64  `toml:"entropy"`
	Keywords    []string `toml:"keywords"`
	Path        string   `toml:"path"`
	Tags        []string `toml:"tags"`
	// Allowlist is the single table of older configs; Allowlists the list.
	Allowlist  *Allowlist  `toml:"allowlist"`
	Allowlists []Allowlist `toml:"allowlists"`
	// Required and SkipReport make composite rules (gitleaks v8.28).
	Required   []Required `toml:"required"`
	SkipReport bool       `toml:"skipReport"`
}

// Allowlist suppresses findings of a rule (or, globally, of all rules).
type Allowlist struct {
	Description string   `toml:"description"`
	Condition   string   `toml:"condition"` // "OR" (default) or "AND"
	Commits     []string `toml:"commits"`
	Paths       []string `toml:"paths"`
	RegexTarget string   `toml:"regexTarget"` // "secret" (default), "match" or "line"
	Regexes     []string `toml:"regexes"`
	Stopwords   []string `toml:"stopwords"`
	TargetRules []string `toml:"targetRules"` // global allowlists only
}

// Required names another rule that must match near a composite rule.
type Required struct {
	ID            string `toml:"id"`
	WithinLines   *int   `toml:"withinLines"`
	WithinColumns *int   `toml:"withinColumns"`
}

// ErrConfig marks every error reading or parsing a gitleaks config.
var ErrConfig = errors.New("invalid gitleaks config")

// maxExtendDepth bounds extend.path chains (gitleaks itself allows two).
const maxExtendDepth = 4

// Parse decodes a gitleaks TOML document. Keys gitleaks does not define
// are recorded in Config.Unknown rather than rejected.
func Parse(source string, data []byte) (*Config, error) {
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrConfig, source, err)
	}
	for _, k := range md.Undecoded() {
		c.Unknown = append(c.Unknown, k.String())
	}
	c.Source = source
	return &c, nil
}

// Load reads a config file and resolves extend.path (relative to the
// file), merging the extended config's rules and allowlists the way
// gitleaks does: rules with the same id are combined, the extending
// file's values winning; extend.disabledRules removes rules of the
// extended config.
func Load(path string) (*Config, error) {
	return load(path, nil)
}

func load(path string, seen []string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	if slices.Contains(seen, abs) {
		return nil, fmt.Errorf("%w: %s: extend.path cycle (%s)", ErrConfig, path, strings.Join(append(seen, abs), " -> "))
	}
	if len(seen) >= maxExtendDepth {
		return nil, fmt.Errorf("%w: %s: extend.path nested deeper than %d", ErrConfig, path, maxExtendDepth)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	if c.Extend.Path == "" {
		return c, nil
	}
	basePath := c.Extend.Path
	if !filepath.IsAbs(basePath) {
		basePath = filepath.Join(filepath.Dir(path), basePath)
	}
	base, err := load(basePath, append(seen, abs))
	if err != nil {
		return nil, err
	}
	return merge(base, c), nil
}

// merge returns child extending base.
func merge(base, child *Config) *Config {
	out := *child
	out.Rules = nil
	byID := map[string]int{}
	out.disabledApplied = slices.Clone(base.disabledApplied)
	for _, r := range base.Rules {
		if slices.Contains(child.Extend.DisabledRules, r.ID) {
			out.disabledApplied = append(out.disabledApplied, r.ID)
			continue
		}
		byID[r.ID] = len(out.Rules)
		out.Rules = append(out.Rules, r)
	}
	for _, r := range child.Rules {
		i, ok := byID[r.ID]
		if !ok {
			byID[r.ID] = len(out.Rules)
			out.Rules = append(out.Rules, r)
			continue
		}
		out.Rules[i] = mergeRule(out.Rules[i], r)
	}
	out.Allowlists = append(slices.Clone(base.globalAllowlists()), child.globalAllowlists()...)
	out.Allowlist = nil
	out.Unknown = append(slices.Clone(base.Unknown), child.Unknown...)
	// The extended file's own useDefault carries through the chain.
	out.Extend.UseDefault = child.Extend.UseDefault || base.Extend.UseDefault
	out.Extend.DisabledRules = append(slices.Clone(base.Extend.DisabledRules), child.Extend.DisabledRules...)
	return &out
}

func mergeRule(base, over Rule) Rule {
	out := base
	if over.Description != "" {
		out.Description = over.Description
	}
	if over.Regex != "" {
		out.Regex = over.Regex
	}
	if over.SecretGroup != 0 {
		out.SecretGroup = over.SecretGroup
	}
	if over.Entropy != 0 {
		out.Entropy = over.Entropy
	}
	if over.Path != "" {
		out.Path = over.Path
	}
	out.Keywords = appendNew(slices.Clone(base.Keywords), over.Keywords...)
	out.Tags = appendNew(slices.Clone(base.Tags), over.Tags...)
	out.Allowlists = append(slices.Clone(base.ruleAllowlists()), over.ruleAllowlists()...)
	out.Allowlist = nil
	out.Required = append(slices.Clone(base.Required), over.Required...)
	out.SkipReport = base.SkipReport || over.SkipReport
	return out
}

func appendNew(dst []string, add ...string) []string {
	for _, a := range add {
		if !slices.Contains(dst, a) {
			dst = append(dst, a)
		}
	}
	return dst
}

// globalAllowlists returns the legacy [allowlist] and the [[allowlists]].
func (c *Config) globalAllowlists() []Allowlist {
	var out []Allowlist
	if c.Allowlist != nil {
		out = append(out, *c.Allowlist)
	}
	return append(out, c.Allowlists...)
}

// ruleAllowlists returns the legacy [rules.allowlist] and [[rules.allowlists]].
func (r *Rule) ruleAllowlists() []Allowlist {
	var out []Allowlist
	if r.Allowlist != nil {
		out = append(out, *r.Allowlist)
	}
	return append(out, r.Allowlists...)
}
