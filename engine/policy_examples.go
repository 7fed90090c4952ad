package engine

import (
	"context"
	"fmt"
	"slices"

	"github.com/sluice-dlp/sluice/detectors"
)

// unmarkedTPIsError decides what a true-positive example without «…»
// marks asserts. While catalogue files are being marked, such an example
// only has to produce some finding of its rule; flipping this to true
// makes every unmarked tp an error, for built-in and user rules alike.
const unmarkedTPIsError = false

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
// s should hold the rule alone, so that no other rule wins an overlap.
// Examples are test data written into the rule; quoting them in errors
// prints no scanned text.
func CheckExamples(ctx context.Context, s *Scanner, r detectors.Rule) []error {
	var errs []error
	fail := func(kind string, i int, ex, format string, args ...any) {
		errs = append(errs, &ExampleError{Rule: r.ID, Kind: kind, Index: i, Example: ex, Reason: fmt.Sprintf(format, args...)})
	}
	ruleFindings := func(text string) ([]Finding, error) {
		fs, _, err := s.AppendFindings(ctx, []byte(text), nil)
		if err != nil {
			return nil, err
		}
		return slices.DeleteFunc(fs, func(f Finding) bool { return f.Rule != r.ID }), nil
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
			if unmarkedTPIsError {
				fail("tp", i, ex, "mark the value the rule must redact with «…»")
			} else if len(fs) == 0 {
				fail("tp", i, ex, "the rule finds nothing")
			}
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
