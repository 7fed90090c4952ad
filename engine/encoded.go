package engine

import (
	"context"

	"github.com/sluice-dlp/sluice/detectors"
)

// scanEncoded finds secrets and PII hidden in encoded runs (base64,
// base64url, hex, URL encoding, \u and \x escapes, nested up to
// detectors.MaxEncodedDepth layers). Each decoded run is scanned with the
// patterns; a finding inside it becomes a candidate over the encoded
// bytes in the original text, so redaction removes the encoded form. The
// finding keeps the inner rule and type, and Verified names the encoding.
func (s *Scanner) scanEncoded(ctx context.Context, text []byte, sc *scratch) error {
	regions := detectors.FindEncoded(text, detectors.MaxEncodedDepth, nil)
	var inner []Finding
	for _, r := range regions {
		var err error
		inner, err = s.patternFindings(ctx, r.Decoded, inner[:0])
		if err != nil {
			return err
		}
		for _, f := range inner {
			f.Start, f.End = r.Start, r.End
			f.Verified = "decoded:" + r.Encoding
			sc.cands = append(sc.cands, candidate{Finding: f, rule: int32(len(s.rules))})
		}
	}
	return nil
}

// patternFindings is the pattern stage alone (no decoding, no model), with
// its own scratch, for nested scans.
func (s *Scanner) patternFindings(ctx context.Context, text []byte, dst []Finding) ([]Finding, error) {
	sc := s.getScratch()
	defer s.putScratch(sc)
	if err := s.viewCandidates(ctx, text, sc); err != nil {
		return dst, err
	}
	return s.resolve(sc.cands, dst), nil
}
