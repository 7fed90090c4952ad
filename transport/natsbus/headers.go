package natsbus

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/codec"
)

// NATS header names are case-sensitive on the wire and nats.Header keeps
// the publisher's spelling, so every lookup here folds case: a publisher
// who writes "content-encoding" or "SLUICE-TYPES" gets what one writing
// the canonical form gets.

// headerValues returns every value of name, in any letter case.
func headerValues(h nats.Header, name string) []string {
	var vs []string
	for k, v := range h {
		if strings.EqualFold(k, name) {
			vs = append(vs, v...)
		}
	}
	return vs
}

// headerValue returns the one value of name (any case); more than one
// distinct value is an error, since the message would mean two things.
func headerValue(h nats.Header, name string) (string, error) {
	vs := headerValues(h, name)
	if len(vs) == 0 {
		return "", nil
	}
	v := strings.TrimSpace(vs[0])
	for _, o := range vs[1:] {
		if !strings.EqualFold(strings.TrimSpace(o), v) {
			return "", fmt.Errorf("header %s given %d times with different values", name, len(vs))
		}
	}
	return v, nil
}

// reservedHeader reports whether a publisher may not set this header on
// the output: server directives (Nats-*), sluice's own (Sluice-*), and
// Content-Encoding, which sluice sets itself for what it re-encodes.
func reservedHeader(k string) bool {
	return hasPrefixFold(k, "Nats-") || hasPrefixFold(k, "Sluice-") || strings.EqualFold(k, headerEncoding)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// inputEncoding reads Content-Encoding (any case). An encoding sluice
// cannot honour is poison: the message goes to the dead letter rather
// than being scanned as if it were plain text. The error never repeats
// the header's value (it is publisher data).
func inputEncoding(h nats.Header) (codec.Encoding, error) {
	v, err := headerValue(h, headerEncoding)
	if err != nil {
		return codec.Identity, &PoisonError{Reason: ReasonUnsupported, Err: err}
	}
	enc, err := codec.Parse(v)
	if err != nil {
		return codec.Identity, &PoisonError{Reason: ReasonUnsupported, Err: errors.New("unsupported Content-Encoding (want gzip, zstd or s2, one value)")}
	}
	return enc, nil
}

// scanHeaders copies the publisher's headers to the output, minus the
// reserved ones, with every name and value passed through the scanner:
// header values are data. A value keeps its place with its findings
// redacted; a name with a finding the policy acts on drops the whole
// header (a name cannot be rewritten into something a reader would still
// recognise).
// What was found is added to sum.
func scanHeaders(ctx context.Context, s *engine.Scanner, in nats.Header, sum *summary) (nats.Header, error) {
	h := make(nats.Header, len(in)+6)
	for k, vs := range in {
		if reservedHeader(k) {
			continue
		}
		res, err := s.Redact(ctx, []byte(k))
		if err != nil {
			return nil, err
		}
		sum.add(res)
		if slices.ContainsFunc(res.Findings, s.Acts) {
			continue // a finding only reported leaves the name as it is
		}
		out := make([]string, 0, len(vs))
		for _, v := range vs {
			res, err := s.Redact(ctx, []byte(v))
			if err != nil {
				return nil, err
			}
			sum.add(res)
			out = append(out, string(res.Redacted))
		}
		h[k] = append(h[k], out...)
	}
	return h, nil
}

// copyHeaders is scanHeaders without the scan (the pass-through
// benchmark hook).
func copyHeaders(in nats.Header) nats.Header {
	h := make(nats.Header, len(in)+6)
	for k, v := range in {
		if !reservedHeader(k) {
			h[k] = slices.Clone(v)
		}
	}
	return h
}
