// Package engine compiles a policy into an immutable Scanner that finds
// sensitive spans in text and redacts them. It does no I/O and holds no
// globals: transports (HTTP, NATS, SSE) are thin adapters around it.
package engine

import (
	"log/slog"
	"strconv"
)

// Finding is one sensitive span. It never carries the matched text:
// offsets point into the caller's input, so a Finding can be logged.
type Finding struct {
	Type     string  `json:"type"`
	Category string  `json:"category"`
	Rule     string  `json:"rule"`
	Start    int     `json:"start"` // UTF-8 byte offset, inclusive
	End      int     `json:"end"`   // UTF-8 byte offset, exclusive
	Score    float64 `json:"score"`
	// Verified names the offline check that confirmed the value
	// ("luhn", "crc32", "jwt"...), empty when none applied.
	Verified string `json:"verified,omitempty"`
	// Value is filled only when the caller asks for values explicitly
	// (`--show-values`); the engine never sets it.
	Value string `json:"value,omitempty"`
}

// LogValue keeps findings safe to log even if a caller filled Value.
func (f Finding) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("type", f.Type),
		slog.String("rule", f.Rule),
		slog.Int("start", f.Start),
		slog.Int("end", f.End),
		slog.String("score", strconv.FormatFloat(f.Score, 'f', 2, 64)),
	)
}

// Len is the span length in bytes.
func (f Finding) Len() int { return f.End - f.Start }

// Result is the outcome of redacting one text.
type Result struct {
	Redacted []byte
	Findings []Finding
	// Degraded lists optional stages that did not run to completion and
	// were skipped by policy (e.g. "ner: time budget exceeded").
	Degraded []string
}
