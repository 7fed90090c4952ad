package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/sluice-dlp/sluice/detectors"
)

// ExampleError is a rule example that the rule, as compiled, fails.
type ExampleError struct {
	Rule    string
	Kind    string // "tp" or "fp"
	Index   int    // position in the rule's tp or fp list
	Example string
	Reason  string
}

func (e *ExampleError) Error() string {
	return fmt.Sprintf("%s %d %q: %s", e.Kind, e.Index, e.Example, e.Reason)
}

// CheckExamples runs the examples of s's rule id against s and returns
// one error per failing example: a tp must yield a finding of that rule
// spanning exactly each «…»-marked value, an fp no finding of that rule.
// The rule runs as s compiled it (the policy's threshold, context window
// and region apply) but as if alone: other rules' candidates are set
// aside before overlaps resolve. Examples are test data written into the
// rule; quoting them in errors prints no scanned text.
func CheckExamples(ctx context.Context, s *Scanner, r detectors.Rule) []error {
	var errs []error
	fail := func(kind string, i int, ex, format string, args ...any) {
		errs = append(errs, &ExampleError{Rule: r.ID, Kind: kind, Index: i, Example: ex, Reason: fmt.Sprintf(format, args...)})
	}
	idx := slices.IndexFunc(s.rules, func(cr compiledRule) bool { return cr.ID == r.ID })
	if idx < 0 {
		return []error{fmt.Errorf("rule %s is not in the scanner", r.ID)}
	}
	ruleFindings := func(text string) ([]Finding, error) {
		return s.ruleFindings(ctx, []byte(text), int32(idx))
	}
	for i, ex := range r.TP {
		text, spans, err := detectors.ParseExample(ex)
		if err != nil {
			fail("tp", i, ex, "%v", err)
			continue
		}
		fs, err := ruleFindings(text)
		if err != nil {
			fail("tp", i, ex, "scan failed: %v", err)
			continue
		}
		if len(spans) == 0 {
			// A tp that only had to produce "some finding" would pass
			// with a span one byte short.
			fail("tp", i, ex, "mark the value the rule must redact with «…»")
			continue
		}
		for _, sp := range spans {
			if slices.ContainsFunc(fs, func(f Finding) bool { return f.Start == sp[0] && f.End == sp[1] }) {
				continue
			}
			if len(fs) == 0 {
				fail("tp", i, ex, "the rule finds nothing; want %q", text[sp[0]:sp[1]])
			} else {
				fail("tp", i, ex, "want a finding of exactly %q, the rule finds %s", text[sp[0]:sp[1]], quoteSpans(text, fs))
			}
		}
	}
	for i, ex := range r.FP {
		if _, spans, err := detectors.ParseExample(ex); err != nil || len(spans) > 0 {
			fail("fp", i, ex, "a false-positive example has no «…» marks")
			continue
		}
		fs, err := ruleFindings(ex)
		if err != nil {
			fail("fp", i, ex, "scan failed: %v", err)
			continue
		}
		if len(fs) > 0 {
			fail("fp", i, ex, "the rule finds %s", quoteSpans(ex, fs))
		}
	}
	return errs
}

func quoteSpans(text string, fs []Finding) string {
	out := ""
	for i, f := range fs {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q (score %.2f)", text[f.Start:f.End], f.Score)
	}
	return out
}

// ruleFindings is the pattern stage of one rule, resolved as if the rule
// were alone in the scanner.
func (s *Scanner) ruleFindings(ctx context.Context, text []byte, rule int32) ([]Finding, error) {
	sc := s.getScratch()
	defer s.putScratch(sc)
	if err := s.viewCandidates(ctx, text, sc); err != nil {
		return nil, err
	}
	sc.cands = slices.DeleteFunc(sc.cands, func(c candidate) bool { return c.rule != rule })
	return s.resolve(sc.cands, nil), nil
}

// checkRuleExamples runs the examples of the policy's own rules, each as
// if alone, under the policy's threshold, context window and region; any
// failure refuses the policy, naming the rule and the example. It runs
// when a policy file is parsed, so a copy of a checked policy with other
// settings (the Presidio endpoint's threshold 0) compiles as it is.
func (p *Policy) checkRuleExamples() error {
	if !slices.ContainsFunc(p.Rules, func(r detectors.Rule) bool { return len(r.TP)+len(r.FP) > 0 }) {
		return nil
	}
	own := *p
	own.Builtin, own.Types, own.Actions, own.HashKey, own.NER = BuiltinSet{None: true}, nil, nil, "", NERConfig{}
	own.Disable = nil
	for _, id := range p.Disable {
		if slices.ContainsFunc(p.Rules, func(r detectors.Rule) bool { return r.ID == id }) {
			own.Disable = append(own.Disable, id)
		}
	}
	s, err := Compile(&own, WithBuiltin([]detectors.Rule{}))
	if err != nil {
		return err
	}
	for i, r := range p.Rules {
		if len(r.TP) == 0 && len(r.FP) == 0 {
			continue
		}
		if !slices.ContainsFunc(s.rules, func(cr compiledRule) bool { return cr.ID == r.ID }) {
			continue // disabled
		}
		if errs := CheckExamples(context.Background(), s, r); len(errs) > 0 {
			return &PolicyError{Source: p.Source, Line: p.line(fmt.Sprintf("rules[%d]", i)), Rule: r.ID, Reason: "example fails: " + errors.Join(errs...).Error()}
		}
	}
	return nil
}
