package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// Analyze finds sensitive spans as Presidio's analyzer reports them: each
// entity type's findings are resolved among themselves (non-overlapping
// within the type), and spans of different types may overlap; and, as
// Presidio matches its patterns ignoring case, a personal-data value
// written in lower case (ab123456c, sw1a 2aa) is found as if upper case. A bare
// 9-digit number valid as a BSN, a passport number and an SSN is three
// findings, one per type, where Scan keeps one label for the span (what
// is redacted must be one span). The findings are ordered by start, then
// end, then type. Findings are never acted on here.
func (s *Scanner) Analyze(ctx context.Context, text []byte) (Result, error) {
	sc := s.getScratch()
	defer s.putScratch(sc)
	if err := s.viewCandidates(ctx, text, sc); err != nil {
		return Result{}, err
	}
	if s.decode {
		if err := s.scanEncoded(ctx, text, sc); err != nil {
			return Result{}, err
		}
	}
	if err := s.foldedCandidates(ctx, text, sc); err != nil {
		return Result{}, err
	}
	var degraded []string
	if len(s.recognizers) > 0 {
		var err error
		if degraded, err = s.recognize(ctx, text, sc); err != nil {
			return Result{}, err
		}
	}
	cands := sc.cands
	slices.SortStableFunc(cands, func(a, b candidate) int { return cmp.Compare(a.Type, b.Type) })
	var out []Finding
	for len(cands) > 0 {
		n := 1
		for n < len(cands) && cands[n].Type == cands[0].Type {
			n++
		}
		out = s.resolve(cands[:n], out)
		cands = cands[n:]
	}
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Type, b.Type))
	})
	if s.maxFindings > 0 && len(out) > s.maxFindings {
		return Result{}, fmt.Errorf("scan: %w: more than %d", ErrTooManyFindings, s.maxFindings)
	}
	return Result{Findings: out, Degraded: degraded}, nil
}

// foldedCandidates adds the personal-data candidates found in an ASCII
// upper-cased copy of text whose span has a lower-case letter in text
// (the others were found in text itself). Upper-casing ASCII keeps every
// offset; validators see the upper-cased value. Secrets are case-exact
// and stay out.
func (s *Scanner) foldedCandidates(ctx context.Context, text []byte, sc *scratch) error {
	if !slices.ContainsFunc(text, func(c byte) bool { return c >= 'a' && c <= 'z' }) {
		return nil
	}
	upper := make([]byte, len(text))
	for i, c := range text {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		upper[i] = c
	}
	usc := s.getScratch()
	defer s.putScratch(usc)
	if err := s.viewCandidates(ctx, upper, usc); err != nil {
		return err
	}
	for _, c := range usc.cands {
		if c.Category != "pii" || c.rule < 0 || int(c.rule) >= len(s.rules) {
			continue
		}
		if slices.ContainsFunc(text[c.Start:c.End], func(b byte) bool { return b >= 'a' && b <= 'z' }) {
			sc.cands = append(sc.cands, c)
		}
	}
	return nil
}
