package engine

import (
	"bytes"
	"slices"
	"strings"

	"github.com/sluice-dlp/sluice/detectors"
	"go.yaml.in/yaml/v3"
)

// RuleInfo is one compiled rule for listings (GET /v1/rules): the rule as
// it runs, derived settings included, and what the policy does with its
// findings.
type RuleInfo struct {
	detectors.Rule
	Action string `json:"action"`
}

// RuleInfos lists the compiled rules, in evaluation order.
func (s *Scanner) RuleInfos() []RuleInfo {
	out := make([]RuleInfo, len(s.rules))
	for i := range s.rules {
		r := detectors.WithExamples(s.rules[i].Rule)
		r.Validate = s.rules[i].validator
		op := s.ActionFor(r.ID, r.Type).Op
		if op == "" {
			op = OpReplace
		}
		out[i] = RuleInfo{Rule: r, Action: string(op)}
	}
	return out
}

// EffectivePolicy is the policy as s runs it, written out in full: every
// rule (built-in ones included) as a policy rule with its derived
// settings (default score, max_len, trigger bounds), the threshold,
// context window and actions in force. Loading it as a policy scans the
// same way. A literal hash_key is left out (it is a secret); an
// "env:NAME" one is kept.
func (s *Scanner) EffectivePolicy() *Policy {
	p := s.policy
	out := &Policy{
		ID: p.ID, Version: p.Version, Builtin: BuiltinSet{None: true},
		Rules: s.Rules(), ContextWindow: s.ctxWindow, PhoneRegion: s.opts.Region,
		Actions: map[string]Action{"default": s.defaultAction}, Allowlist: p.Allowlist,
		NER: p.NER, MaxHoldback: p.MaxHoldback, Decode: p.Decode, ScanRequests: p.ScanRequests,
		MaxFindings: p.MaxFindings, Source: p.Source,
	}
	th := s.threshold
	out.Threshold = &th
	// Actions for names the compiled rules do not have (a type left out
	// by types, a disabled rule) act on nothing, and would not load
	// against the rules written here.
	inUse := map[string]bool{}
	for i := range s.rules {
		inUse[s.rules[i].ID], inUse[s.rules[i].Type] = true, true
	}
	if p.NER.Enabled {
		for _, t := range append(slices.Clone(NERTypes), p.NER.Types...) {
			inUse[t] = true
		}
	}
	for typ, a := range s.actions {
		if inUse[typ] {
			out.Actions[typ] = a
		}
	}
	for id, a := range s.ruleActions {
		if inUse[id] {
			out.Actions[id] = a
		}
	}
	if len(p.HashKey) > 4 && p.HashKey[:4] == "env:" {
		out.HashKey = p.HashKey
	}
	return out
}

// PolicyNode encodes a policy as the YAML tree of a policy file, ready to
// write as YAML or JSON.
func PolicyNode(p *Policy) (*yaml.Node, error) {
	var n yaml.Node
	if err := n.Encode(p); err != nil {
		return nil, err
	}
	quoteLeadingSpace(&n)
	return &n, nil
}

// MarshalPolicy writes a policy as a YAML policy file.
func MarshalPolicy(p *Policy) ([]byte, error) {
	n, err := PolicyNode(p)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// quoteLeadingSpace double-quotes strings that start with white space:
// the YAML encoder writes them as block scalars with an indentation
// indicator, which its decoder reads back without the leading spaces.
func quoteLeadingSpace(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.IndexAny(n.Value, " \t") == 0 {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		quoteLeadingSpace(c)
	}
}
