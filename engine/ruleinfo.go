package engine

// RuleInfo describes one compiled rule for listings (`sluice rules`,
// GET /v1/rules): what it finds, how text reaches it, and what the policy
// does with its findings.
type RuleInfo struct {
	ID          string   `json:"id"`
	Type        string   `json:"type"`
	Category    string   `json:"category"`
	Keywords    []string `json:"keywords"`
	Trigger     string   `json:"trigger"`
	Validator   string   `json:"validator,omitempty"`
	MaxLen      int      `json:"max_len"`
	Description string   `json:"description,omitempty"`
	Action      string   `json:"action"`
}

// RuleInfos lists the compiled rules, in evaluation order.
func (s *Scanner) RuleInfos() []RuleInfo {
	out := make([]RuleInfo, len(s.rules))
	for i := range s.rules {
		r := &s.rules[i]
		kw := r.Keywords
		if kw == nil {
			kw = []string{}
		}
		op := s.ActionFor(r.Type).Op
		if op == "" {
			op = OpReplace
		}
		out[i] = RuleInfo{ID: r.ID, Type: r.Type, Category: string(r.Category), Keywords: kw,
			Trigger: r.Trigger.String(), Validator: r.Verification, MaxLen: r.MaxLen,
			Description: r.Description, Action: string(op)}
	}
	return out
}
