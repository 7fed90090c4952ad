package engine

import (
	"context"
	"testing"
)

// TestActionsByRuleID: an action keyed by rule id wins over its entity
// type's, which wins over the default; the redacted text and the rules
// listing say the same.
func TestActionsByRuleID(t *testing.T) {
	p, err := ParsePolicy("p.yaml", []byte(`id: p
builtin: none
actions:
  default: {op: drop}
  TICKET: {op: replace}
  ticket-b: {op: report}
rules:
  - {id: ticket-a, type: TICKET, keywords: [ta-], pattern: '\bTA-\d{4}\b', max_len: 7, tp: ["«TA-1234»"]}
  - {id: ticket-b, type: TICKET, keywords: [tb-], pattern: '\bTB-\d{4}\b', max_len: 7, tp: ["«TB-1234»"]}
  - {id: other, type: OTHER, keywords: [tc-], pattern: '\bTC-\d{4}\b', max_len: 7, tp: ["«TC-1234»"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	s := mustCompile(t, p)
	res, err := s.Redact(context.Background(), []byte("TA-1111 TB-2222 TC-3333"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(res.Redacted), "<TICKET> TB-2222 "; got != want {
		t.Errorf("redacted %q, want %q", got, want)
	}
	if len(res.Findings) != 3 {
		t.Errorf("want 3 findings (the reported one too), got %+v", res.Findings)
	}
	ops := map[string]string{}
	for _, ri := range s.RuleInfos() {
		ops[ri.ID] = ri.Action
	}
	if want := map[string]string{"ticket-a": "replace", "ticket-b": "report", "other": "drop"}; !mapsEqual(ops, want) {
		t.Errorf("rules listing actions %v, want %v", ops, want)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestActingLabelWinsMerge: where a reported finding and one the policy
// acts on overlap, the merged span is acted on, whatever the scores, in
// batch and stream alike.
func TestActingLabelWinsMerge(t *testing.T) {
	p, err := ParsePolicy("p.yaml", []byte(`id: p
builtin: none
actions:
  wide: {op: report}
rules:
  - {id: wide, type: WIDE, keywords: [ab-], pattern: '\bAB-\d{4}-CD\b', score: 0.9, max_len: 10, tp: ["«AB-1234-CD»"]}
  - {id: narrow, type: NARROW, trigger: digits, min_digits: 4, max_digits: 4, pattern: '\b(\d{4})\b', group: 1, score: 0.6, max_len: 4, tp: ["«1234»"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	s := mustCompile(t, p)
	const text = "x AB-1234-CD y AB-0000-XY"
	const want = "x <NARROW> y AB-<NARROW>-XY"
	if got := redact(t, s, text); got != want {
		t.Errorf("batch: got %q, want %q", got, want)
	}
	if got, _ := streamAll(t, s, []byte(text), []int{1, 3}); string(got) != want {
		t.Errorf("stream: got %q, want %q", got, want)
	}
}

// TestEffectivePolicyActionsLoad: actions for a rule the policy disables
// or a type it leaves out act on nothing, and the effective policy (which
// lists only the rules in force) still loads.
func TestEffectivePolicyActionsLoad(t *testing.T) {
	p, err := ParsePolicy("p.yaml", []byte("id: p\ntypes: [DATE_TIME]\ndisable: [date-time]\nactions:\n  date-time: {op: mask}\n  CREDIT_CARD: {op: partial}\n"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := MarshalPolicy(mustCompile(t, p).EffectivePolicy())
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParsePolicy("effective.yaml", out)
	if err != nil {
		t.Fatal(err)
	}
	s := mustCompile(t, back)
	if got := s.ActionFor("date-time-words", "DATE_TIME").Op; got != OpReport {
		t.Errorf("date-time-words: %s, want report", got)
	}
}
