package engine

import (
	"context"
	"errors"
)

// ErrStreamClosed is returned for writes after Close.
var ErrStreamClosed = errors.New("stream closed")

// Stream redacts a text that arrives in chunks. For any chunking, the
// concatenation of everything Write and Close return equals
// Scanner.Redact of the whole text.
//
// This first version holds the whole text back until Close; the
// incremental version keeps the same contract.
type Stream struct {
	s        *Scanner
	ctx      context.Context
	buf      []byte
	findings []Finding
	closed   bool
}

// NewStream starts a stream. ctx bounds every scan the stream runs.
func (s *Scanner) NewStream(ctx context.Context) *Stream {
	return &Stream{s: s, ctx: ctx}
}

// Write takes the next chunk and appends to dst the redacted bytes that
// can no longer take part in a match. Chunks may split UTF-8 sequences.
func (st *Stream) Write(dst, p []byte) ([]byte, error) {
	if st.closed {
		return dst, ErrStreamClosed
	}
	st.buf = append(st.buf, p...)
	return dst, nil
}

// Close scans what is held back and appends the rest of the output. On
// error nothing held back is returned (fail closed).
func (st *Stream) Close(dst []byte) ([]byte, error) {
	if st.closed {
		return dst, ErrStreamClosed
	}
	st.closed = true
	res, err := st.s.Redact(st.ctx, st.buf)
	if err != nil {
		return dst, err
	}
	st.findings = append(st.findings, res.Findings...)
	return append(dst, res.Redacted...), nil
}

// Findings returns the findings made final so far, with offsets into the
// whole stream.
func (st *Stream) Findings() []Finding { return st.findings }

// Held is how many input bytes are currently held back.
func (st *Stream) Held() int { return len(st.buf) }
