package engine

import (
	"context"
	"slices"
	"strings"
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

// TestBuiltinDateActions: the built-in actions, which any policy that
// says nothing about dates keeps, report a plain date and redact a date of
// birth; a policy that names DATE_TIME or the rule id decides for itself.
// Plain dates score 0.45 (see detectors.scoreDate): the policies here use
// that threshold, so that they are found.
func TestBuiltinDateActions(t *testing.T) {
	// The birth words are more than a context window (64 bytes) away from
	// the plain dates.
	const gap = "; the next section of this text is about someone else entirely.\n"
	const text = "released 2031-07-14 and 14 July 2031" + gap + "born 14 July 1985, DOB: 07/30/1985"
	plain, birth := "released 2031-07-14 and 14 July 2031"+gap+"born <DATE_TIME>, DOB: <DATE_TIME>", "released <DATE_TIME> and <DATE_TIME>"+gap+"born <DATE_TIME>, DOB: <DATE_TIME>"
	cases := []struct {
		name, policy, want string
	}{
		{"built-in", "", plain},
		{"silent policy inherits", "id: p\n", plain},
		{"builtin pii", "id: p\nbuiltin: pii\n", plain},
		{"silent policy with a default", "id: p\nactions:\n  default: {op: replace}\n", plain},
		{"type named", "id: p\nactions:\n  DATE_TIME: {op: replace}\n", birth},
		{"rule ids named", "id: p\nactions:\n  date-time: {op: replace}\n  date-time-words: {op: replace}\n", birth},
		{"one rule id named", "id: p\nactions:\n  date-time-words: {op: replace}\n", "released 2031-07-14 and <DATE_TIME>" + gap + "born <DATE_TIME>, DOB: <DATE_TIME>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := DefaultPolicy()
			if c.policy != "" {
				var err error
				if p, err = ParsePolicy("p.yaml", []byte(c.policy)); err != nil {
					t.Fatal(err)
				}
			}
			p.Types = []string{"DATE_TIME"} // the test's subject; compiles faster
			th := 0.45
			p.Threshold = &th
			s := mustCompile(t, p)
			res, err := s.Redact(context.Background(), []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Redacted) != c.want {
				t.Errorf("got  %q\nwant %q", res.Redacted, c.want)
			}
			var rules []string
			for _, f := range res.Findings {
				if f.Type != "DATE_TIME" {
					t.Errorf("finding %+v", f)
				}
				rules = append(rules, f.Rule)
			}
			// A date of birth scores 0.75 by date-of-birth and 0.8 by the
			// plain rule next to its birth word: the redacting label wins
			// over a reported one, the higher score between two that act.
			want := []string{"date-time", "date-time-words", "date-of-birth", "date-of-birth"}
			if c.want == birth {
				want = []string{"date-time", "date-time-words", "date-time-words", "date-time"}
			} else if strings.Contains(c.policy, "date-time-words: {op: replace}") {
				want[2] = "date-time-words"
			}
			if !slices.Equal(rules, want) {
				t.Errorf("rules %v, want %v", rules, want)
			}
			// The effective policy (sluice rules --yaml) scans the same.
			out, err := MarshalPolicy(s.EffectivePolicy())
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParsePolicy("effective.yaml", out)
			if err != nil {
				t.Fatal(err)
			}
			if got := redact(t, mustCompile(t, back), text); got != c.want {
				t.Errorf("effective policy: got %q", got)
			}
		})
	}
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

// TestBuiltinPolicyDates: under the built-in policy a plain date is a
// DATE_TIME finding whose action is report (found, text unchanged), and a
// date next to a birth word is redacted, in batch and stream alike.
func TestBuiltinPolicyDates(t *testing.T) {
	p := DefaultPolicy()
	p.Types = []string{"DATE_TIME"}
	s := mustCompile(t, p)
	const text = "released 14 July 2031, at 2031-07-14T09:30:00+02:00 (US: 07/14/2031); the next section of this text is about someone else entirely.\nborn 14 July 1985\nDOB: 07/30/1985\n"
	res, err := s.Redact(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	const want = "released 14 July 2031, at 2031-07-14T09:30:00+02:00 (US: 07/14/2031); the next section of this text is about someone else entirely.\nborn <DATE_TIME>\nDOB: <DATE_TIME>\n"
	if string(res.Redacted) != want {
		t.Errorf("redacted %q, want %q", res.Redacted, want)
	}
	type got struct{ value, rule, op string }
	var have []got
	for _, f := range res.Findings {
		if f.Type != "DATE_TIME" {
			t.Errorf("finding %+v: type %s", f, f.Type)
		}
		have = append(have, got{text[f.Start:f.End], f.Rule, string(s.ActionFor(f.Rule, f.Type).Op)})
	}
	wantF := []got{
		{"14 July 2031", "date-time-words", string(OpReport)},
		{"2031-07-14T09:30:00+02:00", "date-time", string(OpReport)},
		{"07/14/2031", "date-time", string(OpReport)},
		{"14 July 1985", "date-of-birth", string(OpReplace)},
		{"07/30/1985", "date-of-birth", string(OpReplace)},
	}
	if !slices.Equal(have, wantF) {
		t.Errorf("findings %q, want %q", have, wantF)
	}
	if out, _ := streamAll(t, s, []byte(text), []int{1, 7, 40}); string(out) != want {
		t.Errorf("stream: %q, want %q", out, want)
	}
}
