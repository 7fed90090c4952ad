package engine

import (
	"context"
	"slices"
	"time"

	"github.com/sluice-dlp/sluice/detectors"
)

// A scanner builds much of itself on first use: the RE2 program of each
// rule, the digit rules' set, the Aho-Corasick trie of each keyword,
// the phone metadata, RE2's lazily built DFA states. A fresh
// process or a reload would charge all that to its first requests. A
// service calls Warm in the background instead (before it swaps in a
// reloaded policy, or while /readyz still says it is not ready).

// WarmStats says what Warm did.
type WarmStats struct {
	Texts    int           // example texts scanned
	Regexes  int           // distinct catalogue RE2 programs (all built now)
	Duration time.Duration // wall time
}

// Warm builds ahead what scans build on first use: it scans one true and
// one false positive example of every rule (so each rule's keywords,
// regex and validator run, on the kind of text they were written for;
// all of them cost seconds more and warm little more) and builds every
// regex the examples did not reach. The keywords' Aho-Corasick tries it
// builds are not kept: cheap to build, costly to keep (acScratch). It is safe to call while the
// scanner serves scans, and stops early, with ctx's error, when ctx ends.
func (s *Scanner) Warm(ctx context.Context) (WarmStats, error) {
	t0 := time.Now()
	var st WarmStats
	for i := range s.rules {
		// The rule's slices are the catalogue's: read, never appended to.
		r := detectors.WithExamples(s.rules[i].Rule)
		var examples []string
		if len(r.TP) > 0 {
			examples = append(examples, r.TP[0])
		}
		if len(r.FP) > 0 {
			examples = append(examples, r.FP[0])
		}
		for _, ex := range examples {
			if err := ctx.Err(); err != nil {
				st.Duration = time.Since(t0)
				return st, err
			}
			text, _, err := detectors.ParseExample(ex)
			if err != nil {
				continue // CheckExamples reports it; warming needs only text
			}
			// The pattern stages only: a model stage (NER) has nothing
			// to build lazily, and would run its model on every text.
			// Errors change nothing here: what a scan built before it
			// stopped stays built.
			sc := s.getScratch()
			sc.kw.transient = true // see acScratch
			_ = s.viewCandidates(ctx, []byte(text), sc)
			if s.decode {
				_ = s.scanEncoded(ctx, []byte(text), sc)
			}
			sc.kw.transient = false
			s.putScratch(sc)
			st.Texts++
		}
	}
	seen := map[*lazyRegex]bool{}
	for i := range s.rules {
		for _, re := range append([]regex{s.rules[i].re}, s.rules[i].allow...) {
			if l, ok := re.(*lazyRegex); ok && !seen[l] {
				seen[l] = true
				l.get()
			}
		}
	}
	st.Regexes = len(seen)
	if s.digitSet != nil {
		// A set RE2 cannot build makes scans run each digit rule on
		// its own; that is the scan's business, not a warming error.
		_, _ = s.digitSet.FindAllWithError(nil, 1)
	}
	st.Duration = time.Since(t0)
	return st, ctx.Err()
}

// WarmCommon builds, of what scans build on first use, what nearly every
// text needs: the digit rules' set (any digit cluster), the programs of
// the '@' and ':' rules (e-mail addresses, IPv6 and MAC addresses), the
// phone metadata (detectors.LoadPhoneMetadata) and the month words of
// dates (detectors.LoadMonthWords). It takes a few
// milliseconds; a short-lived command (`sluice scan`) runs it on another
// core while it reads its input, so its first scan does not.
func (s *Scanner) WarmCommon() {
	done := make(chan struct{})
	go func() {
		detectors.LoadPhoneMetadata()
		detectors.LoadMonthWords()
		close(done)
	}()
	if s.digitSet != nil {
		_, _ = s.digitSet.FindAllWithError(nil, 1)
	}
	for _, ri := range append(slices.Clone(s.atRules), s.colonRules...) {
		if l, ok := s.rules[ri].re.(*lazyRegex); ok {
			l.get()
		}
	}
	<-done
}
