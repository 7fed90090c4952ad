package engine

import (
	"errors"
	"fmt"
	"os"
	"slices"
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

// Policy is the parsed, not yet compiled, configuration of a scanner.
type Policy struct {
	ID      string `yaml:"id"`
	Version string `yaml:"version,omitempty"`
	// Builtin selects built-in rules: "all" (default), "none", "pii",
	// "secret", or a list of rule ids.
	Builtin   BuiltinSet       `yaml:"builtin,omitempty"`
	Disable   []string         `yaml:"disable,omitempty"`
	Types     []string         `yaml:"types,omitempty"` // keep only these entity types, when set
	Rules     []detectors.Rule `yaml:"rules,omitempty"`
	Threshold *float64         `yaml:"threshold,omitempty"`
	// ContextWindow is how many bytes on each side of a match are searched
	// for context words.
	ContextWindow int    `yaml:"context_window,omitempty"`
	PhoneRegion   string `yaml:"phone_region,omitempty"`
	// PhoneRegions are the regions tried for national-format numbers
	// next to a phone word (default: detectors.DefaultPhoneRegions).
	PhoneRegions []string `yaml:"phone_regions,omitempty"`
	// Actions are keyed by entity type, by rule id (which wins over the
	// type), or "default".
	Actions   map[string]Action `yaml:"actions,omitempty"`
	Allowlist Allowlist         `yaml:"allowlist,omitempty"`
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
	// lines maps a setting's path ("rules[2]", "actions.EMAIL_ADDRESS",
	// "disable[0]") to its line in Source, for errors.
	lines map[string]int
}

// line is where the setting at path was written, 0 when unknown.
func (p *Policy) line(path string) int { return p.lines[path] }

// BuiltinSet is "all", "none", a category, or an explicit list of ids.
type BuiltinSet struct {
	All  bool
	None bool
	Cats []string
	IDs  []string
}

// MarshalYAML writes the set as a policy file does.
func (b BuiltinSet) MarshalYAML() (any, error) {
	switch {
	case b.None:
		return "none", nil
	case b.All || (len(b.Cats) == 0 && len(b.IDs) == 0):
		return "all", nil
	}
	return append(slices.Clone(b.Cats), b.IDs...), nil
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
// replacing it with its entity type, except what BuiltinActions reports.
func DefaultPolicy() *Policy {
	return &Policy{
		ID:      "default",
		Version: "1",
		Builtin: BuiltinSet{All: true},
		Source:  "built-in",
	}
}

// BuiltinActions are the built-in policy's actions, keyed by rule id: a
// date alone (date-time, date-time-words) is reported, not redacted; a
// date next to a birth word (date-of-birth) is redacted. Every policy
// that runs these built-in rules inherits them, unless it names an
// action for the rule id or for the rule's entity type: a policy written
// before dates were found does not start redacting every date.
func BuiltinActions() map[string]Action {
	return map[string]Action{
		"date-time":       {Op: OpReport},
		"date-time-words": {Op: OpReport},
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
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is the policy's name already
		}
		return nil, &PolicyError{Source: path, Reason: err.Error()}
	}
	return ParsePolicy(path, data)
}

// ParsePolicy parses YAML (or JSON, which is YAML). Unknown fields and
// unknown names are errors naming the line and the nearest valid word: a
// typo in a policy must not silently weaken it. Names that depend on the
// rule catalogue (entity types, rule ids) are checked by Compile.
func ParsePolicy(source string, data []byte) (*Policy, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(source, err)
	}
	if len(root.Content) == 0 {
		return nil, &PolicyError{Source: source, Reason: "empty file"}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, &PolicyError{Source: source, Line: doc.Line, Reason: "a policy is a mapping of settings (id: ..., rules: ...)"}
	}
	lines := map[string]int{}
	if err := walkPolicy(doc, policyType, "", lines); err != nil {
		return nil, &PolicyError{Source: source, Line: err.line, Reason: err.msg}
	}
	p := &Policy{}
	if err := doc.Decode(p); err != nil {
		return nil, yamlError(source, err)
	}
	p.Source = source
	p.lines = lines
	if p.ID == "" {
		return nil, &PolicyError{Source: source, Line: 1, Reason: "policy has no id (it names the policy in findings headers and logs)"}
	}
	if !p.Builtin.None && len(p.Builtin.Cats) == 0 && len(p.Builtin.IDs) == 0 {
		p.Builtin.All = true
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	if err := p.checkRuleExamples(); err != nil {
		return nil, err
	}
	return p, nil
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
	return &PolicyError{Source: source, Line: line, Reason: policyWords(msg)}
}

// operators lists the action operators, in the order the docs give them.
var operators = []Operator{OpReplace, OpMask, OpPartial, OpHash, OpEncrypt, OpDrop, OpReport}

func operatorNames() []string {
	out := make([]string, len(operators))
	for i, o := range operators {
		out[i] = string(o)
	}
	return out
}

// check validates what needs no rule catalogue.
func (p *Policy) check() error {
	fail := func(line int, rule string, err error) error {
		return &PolicyError{Source: p.Source, Line: line, Rule: rule, Reason: err.Error()}
	}
	failf := func(line int, rule, format string, args ...any) error {
		return fail(line, rule, fmt.Errorf(format, args...))
	}
	if p.Threshold != nil && (*p.Threshold < 0 || *p.Threshold > 1) {
		return failf(p.line("threshold"), "", "threshold %v is outside [0,1]", *p.Threshold)
	}
	if p.ContextWindow < 0 {
		return failf(p.line("context_window"), "", "context_window %d is negative", p.ContextWindow)
	}
	if p.PhoneRegion != "" && !detectors.PhoneRegionKnown(p.PhoneRegion) {
		return fail(p.line("phone_region"), "", &detectors.UnknownNameError{What: "phone_region", Name: p.PhoneRegion, Known: detectors.PhoneRegions()})
	}
	for _, r := range p.PhoneRegions {
		if !detectors.PhoneRegionKnown(r) {
			return fail(p.line("phone_regions"), "", &detectors.UnknownNameError{What: "phone_regions entry", Name: r, Known: detectors.PhoneRegions()})
		}
	}
	for _, typ := range sortedKeys(p.Actions) {
		a := p.Actions[typ]
		line := p.line("actions." + typ)
		if !slices.Contains(operators, a.Op) {
			return fail(line, "", fmt.Errorf("action for %s: %w", typ, &detectors.UnknownNameError{What: "op", Name: string(a.Op), Known: operatorNames()}))
		}
		if len([]rune(a.Char)) > 1 {
			return failf(line, "", "action for %s: mask char %q must be one character", typ, a.Char)
		}
		if a.KeepLast < 0 {
			return failf(line, "", "action for %s: keep_last %d is negative", typ, a.KeepLast)
		}
	}
	seen := map[string]bool{}
	for i := range p.Rules {
		r := &p.Rules[i]
		line := p.line(fmt.Sprintf("rules[%d]", i))
		if r.ID == "" {
			return failf(line, "", "rule has no id")
		}
		if seen[r.ID] {
			return failf(line, r.ID, "duplicate rule id")
		}
		seen[r.ID] = true
		if r.Type == "" {
			return failf(line, r.ID, "rule has no type")
		}
		if r.Pattern == "" {
			return failf(line, r.ID, "rule has no pattern")
		}
		switch r.Category {
		case detectors.PII, detectors.Secret, detectors.Custom:
		case "":
			r.Category = detectors.Custom
		default:
			return fail(p.line(fmt.Sprintf("rules[%d].category", i)), r.ID, &detectors.UnknownNameError{What: "category", Name: string(r.Category), Known: []string{"pii", "secret", "custom"}})
		}
		if r.Score < 0 || r.Score > 1 {
			return failf(p.line(fmt.Sprintf("rules[%d].score", i)), r.ID, "score %v is outside [0,1]", r.Score)
		}
	}
	switch p.NER.OnTimeout {
	case "", "fail", "degrade":
	default:
		return fail(p.line("ner.on_timeout"), "", &detectors.UnknownNameError{What: "ner.on_timeout", Name: p.NER.OnTimeout, Known: []string{"fail", "degrade"}})
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
