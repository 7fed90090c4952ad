package engine

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/sluice-dlp/sluice/detectors"
	"go.yaml.in/yaml/v3"
)

// Operator is what redaction does to a finding's span.
type Operator string

const (
	OpReplace Operator = "replace" // <EMAIL_ADDRESS>
	OpMask    Operator = "mask"    // ****1234 (char, keep last N)
	OpPartial Operator = "partial" // mask keeping the last N (default 4)
	OpHash    Operator = "hash"    // <EMAIL_ADDRESS#hmac>
	OpEncrypt Operator = "encrypt" // <EMAIL_ADDRESS!ciphertext>, reversible with the key
	OpDrop    Operator = "drop"    // removed
	OpReport  Operator = "report"  // left in place, only reported
)

// Action says how one entity type is treated.
type Action struct {
	Op       Operator `yaml:"op" json:"op"`
	Char     string   `yaml:"char,omitempty" json:"char,omitempty"`
	KeepLast int      `yaml:"keep_last,omitempty" json:"keep_last,omitempty"`
}

// NERConfig turns the optional NER stage on.
type NERConfig struct {
	Enabled bool          `yaml:"enabled"`
	Model   string        `yaml:"model,omitempty"`
	Budget  time.Duration `yaml:"budget,omitempty"`
	// OnTimeout is "fail" (default: the scan fails closed) or "degrade"
	// (patterns-only result, reported as degraded).
	OnTimeout string   `yaml:"on_timeout,omitempty"`
	Types     []string `yaml:"types,omitempty"`
	MinScore  float64  `yaml:"min_score,omitempty"`
}

// Allowlist drops findings whose value is known to be safe.
type Allowlist struct {
	Values   []string `yaml:"values,omitempty"`
	Patterns []string `yaml:"patterns,omitempty"`
}

// RuleSpec is a rule as written in a policy file. Built-in rules are
// detectors.Rule values; user rules name their validator by string.
type RuleSpec struct {
	ID             string   `yaml:"id"`
	Type           string   `yaml:"type"`
	Category       string   `yaml:"category,omitempty"`
	Description    string   `yaml:"description,omitempty"`
	Keywords       []string `yaml:"keywords,omitempty"`
	Trigger        string   `yaml:"trigger,omitempty"`
	MinDigits      int      `yaml:"min_digits,omitempty"`
	MaxDigits      int      `yaml:"max_digits,omitempty"`
	MinGroups      int      `yaml:"min_groups,omitempty"`
	NotDates       bool     `yaml:"not_dates,omitempty"`
	Pattern        string   `yaml:"pattern"`
	Group          int      `yaml:"group,omitempty"`
	Validator      string   `yaml:"validator,omitempty"`
	Entropy        float64  `yaml:"entropy,omitempty"`
	Follow         []string `yaml:"follow,omitempty"`
	FollowWithin   int      `yaml:"follow_within,omitempty"`
	Stopwords      []string `yaml:"stopwords,omitempty"`
	Allow          []string `yaml:"allow,omitempty"`
	Context        []string `yaml:"context,omitempty"`
	RequireContext bool     `yaml:"require_context,omitempty"`
	Score          float64  `yaml:"score,omitempty"`
	MaxLen         int      `yaml:"max_len,omitempty"`
	TP             []string `yaml:"tp,omitempty"`
	FP             []string `yaml:"fp,omitempty"`

	line int
}

// UnmarshalYAML records where the rule was written so errors can say so.
func (r *RuleSpec) UnmarshalYAML(n *yaml.Node) error {
	type plain RuleSpec
	var p plain
	if err := decodeStrict(n, &p); err != nil {
		return err
	}
	*r = RuleSpec(p)
	r.line = n.Line
	return nil
}

// Policy is the parsed, not yet compiled, configuration of a scanner.
type Policy struct {
	ID      string `yaml:"id"`
	Version string `yaml:"version,omitempty"`
	// Builtin selects built-in rules: "all" (default), "none", "pii",
	// "secret", or a list of rule ids.
	Builtin   BuiltinSet `yaml:"builtin,omitempty"`
	Disable   []string   `yaml:"disable,omitempty"`
	Types     []string   `yaml:"types,omitempty"` // keep only these entity types, when set
	Rules     []RuleSpec `yaml:"rules,omitempty"`
	Threshold *float64   `yaml:"threshold,omitempty"`
	// ContextWindow is how many bytes on each side of a match are searched
	// for context words.
	ContextWindow int               `yaml:"context_window,omitempty"`
	PhoneRegion   string            `yaml:"phone_region,omitempty"`
	Actions       map[string]Action `yaml:"actions,omitempty"`
	Allowlist     Allowlist         `yaml:"allowlist,omitempty"`
	// HashKey keys the hash and encrypt operators: a literal, or
	// "env:NAME" to read it from the environment.
	HashKey string    `yaml:"hash_key,omitempty"`
	NER     NERConfig `yaml:"ner,omitempty"`
	// MaxHoldback caps the streaming hold-back for rules without a bound.
	MaxHoldback int `yaml:"max_holdback,omitempty"`
	// Decode also scans inside base64, hex, URL-encoded and \u-escaped
	// runs (up to three layers deep); a finding inside one covers the
	// encoded bytes. Streams of such a policy release their text at the
	// end, since an encoded run can be as long as the text.
	Decode bool `yaml:"decode,omitempty"`
	// ScanRequests makes the proxy scan request bodies too.
	ScanRequests bool `yaml:"scan_requests,omitempty"`
	// MaxFindings caps findings per text; past it the scan fails closed.
	MaxFindings int `yaml:"max_findings,omitempty"`

	// Source is the file the policy came from ("built-in" otherwise).
	Source string `yaml:"-"`
}

// BuiltinSet is "all", "none", a category, or an explicit list of ids.
type BuiltinSet struct {
	All  bool
	None bool
	Cats []string
	IDs  []string
}

// UnmarshalYAML accepts a scalar or a list.
func (b *BuiltinSet) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Value {
		case "all", "":
			b.All = true
		case "none":
			b.None = true
		case "pii", "secret":
			b.Cats = []string{n.Value}
		default:
			return fmt.Errorf("line %d: builtin must be all, none, pii, secret or a list of rule ids, not %q", n.Line, n.Value)
		}
		return nil
	case yaml.SequenceNode:
		for _, c := range n.Content {
			switch c.Value {
			case "pii", "secret":
				b.Cats = append(b.Cats, c.Value)
			default:
				b.IDs = append(b.IDs, c.Value)
			}
		}
		return nil
	}
	return fmt.Errorf("line %d: builtin must be a word or a list", n.Line)
}

// DefaultThreshold is the score below which findings are dropped.
const DefaultThreshold = 0.5

// DefaultContextWindow is the context search radius in bytes.
const DefaultContextWindow = 64

// DefaultPolicy redacts everything the built-in catalogue finds by
// replacing it with its entity type.
func DefaultPolicy() *Policy {
	return &Policy{
		ID:      "default",
		Version: "1",
		Builtin: BuiltinSet{All: true},
		Source:  "built-in",
	}
}

// ErrPolicy marks every policy parse or validation error.
var ErrPolicy = errors.New("invalid policy")

// PolicyError says which policy, where and why.
type PolicyError struct {
	Source string
	Line   int
	Rule   string
	Reason string
}

func (e *PolicyError) Error() string {
	var b strings.Builder
	b.WriteString("policy ")
	b.WriteString(e.Source)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Rule != "" {
		fmt.Fprintf(&b, ": rule %q", e.Rule)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

func (e *PolicyError) Unwrap() error { return ErrPolicy }

// LoadPolicy reads and parses a YAML policy file.
func LoadPolicy(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	return ParsePolicy(path, data)
}

// ParsePolicy parses YAML. Unknown fields are errors: a typo in a policy
// must not silently weaken it.
func ParsePolicy(source string, data []byte) (*Policy, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(source, err)
	}
	p := &Policy{Source: source}
	if len(root.Content) == 0 {
		return nil, &PolicyError{Source: source, Reason: "empty file"}
	}
	if err := decodeStrict(root.Content[0], p); err != nil {
		return nil, yamlError(source, err)
	}
	p.Source = source
	if p.ID == "" {
		p.ID = strings.TrimSuffix(baseName(source), ".yaml")
	}
	if !p.Builtin.None && len(p.Builtin.Cats) == 0 && len(p.Builtin.IDs) == 0 {
		p.Builtin.All = true
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	return p, nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func decodeStrict(n *yaml.Node, v any) error {
	// Re-encode the node and decode with KnownFields so that misspelled
	// keys are reported with their line.
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(n); err != nil {
		return err
	}
	_ = enc.Close()
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fixLines(err, n.Line-1)
	}
	return nil
}

// fixLines shifts "line N" in yaml errors by the node's own line, since
// the node was decoded on its own.
func fixLines(err error, offset int) error {
	if offset <= 0 {
		return err
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		out := make([]string, len(te.Errors))
		for i, e := range te.Errors {
			var n int
			var rest string
			if _, scanErr := fmt.Sscanf(e, "line %d:", &n); scanErr == nil {
				rest = e[strings.Index(e, ":")+1:]
				out[i] = fmt.Sprintf("line %d:%s", n+offset, rest)
			} else {
				out[i] = e
			}
		}
		return &yaml.TypeError{Errors: out}
	}
	return err
}

func yamlError(source string, err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	msg = strings.ReplaceAll(msg, "\n  ", "; ")
	line := 0
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return &PolicyError{Source: source, Line: line, Reason: msg}
}

var validOps = map[Operator]bool{OpReplace: true, OpMask: true, OpPartial: true, OpHash: true, OpEncrypt: true, OpDrop: true, OpReport: true}

func (p *Policy) check() error {
	fail := func(line int, rule, format string, args ...any) error {
		return &PolicyError{Source: p.Source, Line: line, Rule: rule, Reason: fmt.Sprintf(format, args...)}
	}
	if p.Threshold != nil && (*p.Threshold < 0 || *p.Threshold > 1) {
		return fail(0, "", "threshold %v is outside [0,1]", *p.Threshold)
	}
	for typ, a := range p.Actions {
		if !validOps[a.Op] {
			return fail(0, "", "action for %s: unknown op %q (want replace, mask, partial, hash, encrypt, drop or report)", typ, a.Op)
		}
		if len(a.Char) > 1 && len([]rune(a.Char)) > 1 {
			return fail(0, "", "action for %s: mask char %q must be one character", typ, a.Char)
		}
	}
	seen := map[string]bool{}
	for _, r := range p.Rules {
		if r.ID == "" {
			return fail(r.line, "", "rule has no id")
		}
		if seen[r.ID] {
			return fail(r.line, r.ID, "duplicate rule id")
		}
		seen[r.ID] = true
		if r.Type == "" {
			return fail(r.line, r.ID, "rule has no type")
		}
		if r.Pattern == "" {
			return fail(r.line, r.ID, "rule has no pattern")
		}
		if r.Validator != "" && detectors.ValidatorByName(r.Validator) == nil {
			return fail(r.line, r.ID, "unknown validator %q (known: %s)", r.Validator, strings.Join(detectors.ValidatorNames(), ", "))
		}
		switch r.Category {
		case "", "pii", "secret", "custom":
		default:
			return fail(r.line, r.ID, "category %q must be pii, secret or custom", r.Category)
		}
		switch r.Trigger {
		case "", "keyword", "digits", "at", "colon", "always", "alnum":
		default:
			return fail(r.line, r.ID, "trigger %q must be keyword, digits, at, colon, alnum or always", r.Trigger)
		}
		if r.Score < 0 || r.Score > 1 {
			return fail(r.line, r.ID, "score %v is outside [0,1]", r.Score)
		}
	}
	switch p.NER.OnTimeout {
	case "", "fail", "degrade":
	default:
		return fail(0, "", "ner.on_timeout %q must be fail or degrade", p.NER.OnTimeout)
	}
	return nil
}

// toRule converts a user rule to the engine's rule type.
func (r RuleSpec) toRule() detectors.Rule {
	cat := detectors.Category(r.Category)
	if cat == "" {
		cat = detectors.Custom
	}
	out := detectors.Rule{
		ID: r.ID, Type: r.Type, Category: cat, Description: r.Description,
		Keywords: r.Keywords, MinDigits: r.MinDigits, MaxDigits: r.MaxDigits, MinGroups: r.MinGroups, NotDates: r.NotDates,
		Pattern: r.Pattern, Group: r.Group, MinEntropy: r.Entropy,
		Stopwords: r.Stopwords, AllowPatterns: r.Allow,
		Follow: r.Follow, FollowWithin: r.FollowWithin,
		Context: r.Context, RequireContext: r.RequireContext,
		Score: r.Score, MaxLen: r.MaxLen, TP: r.TP, FP: r.FP,
		Verification: r.Validator,
	}
	if r.Validator != "" {
		out.Validate = detectors.ValidatorByName(r.Validator)
	}
	switch r.Trigger {
	case "digits":
		out.Trigger = detectors.TriggerDigits
	case "at":
		out.Trigger = detectors.TriggerAt
	case "colon":
		out.Trigger = detectors.TriggerColon
	case "always":
		out.Trigger = detectors.TriggerAlways
	case "alnum":
		out.Trigger = detectors.TriggerAlnum
	default:
		if len(r.Keywords) == 0 {
			out.Trigger = detectors.TriggerAlways
		}
	}
	return out
}
