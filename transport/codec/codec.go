// Package codec decodes and encodes payload compression (gzip, zstd, s2)
// for the transports, with a hard limit on decoded size so that a
// decompression bomb is stopped at the limit instead of filling memory.
package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
)

// Encoding is a Content-Encoding value sluice understands.
type Encoding string

const (
	Identity Encoding = ""
	Gzip     Encoding = "gzip"
	Zstd     Encoding = "zstd"
	S2       Encoding = "s2"
)

var (
	// ErrTooLarge: the decoded payload exceeds the limit.
	ErrTooLarge = errors.New("payload too large")
	// ErrUnsupported: an encoding sluice does not decode.
	ErrUnsupported = errors.New("unsupported content encoding")
	// ErrCorrupt: the payload does not decode with its declared encoding.
	ErrCorrupt = errors.New("corrupt compressed payload")
)

// Parse maps a Content-Encoding header value to an Encoding. Empty and
// "identity" mean no compression.
func Parse(v string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "identity":
		return Identity, nil
	case "gzip", "x-gzip":
		return Gzip, nil
	case "zstd":
		return Zstd, nil
	case "s2", "x-snappy-framed", "snappy":
		return S2, nil
	}
	return Identity, fmt.Errorf("%w: %q (want gzip, zstd or s2)", ErrUnsupported, v)
}

// Decode returns the decoded payload, failing with ErrTooLarge as soon as
// more than limit bytes come out.
func Decode(enc Encoding, data []byte, limit int64) ([]byte, error) {
	if enc == Identity {
		if int64(len(data)) > limit {
			return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), limit)
		}
		return data, nil
	}
	r, closeFn, err := NewReader(enc, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer closeFn()
	return ReadLimited(r, limit, enc)
}

// NewReader wraps r with the decoder for enc. closeFn releases decoder
// resources.
func NewReader(enc Encoding, r io.Reader) (io.Reader, func(), error) {
	switch enc {
	case Identity:
		return r, func() {}, nil
	case Gzip:
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: gzip: %v", ErrCorrupt, err)
		}
		return zr, func() { zr.Close() }, nil
	case Zstd:
		zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(64<<20))
		if err != nil {
			return nil, nil, fmt.Errorf("%w: zstd: %v", ErrCorrupt, err)
		}
		return zr, zr.Close, nil
	case S2:
		return s2.NewReader(r, s2.ReaderMaxBlockSize(4<<20)), func() {}, nil
	}
	return nil, nil, fmt.Errorf("%w: %q", ErrUnsupported, string(enc))
}

// ReadLimited reads r to the end, failing with ErrTooLarge past limit and
// ErrCorrupt when the decoder reports an error.
func ReadLimited(r io.Reader, limit int64, enc Encoding) ([]byte, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, limit+1))
	if err != nil {
		if enc == Identity {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, enc, err)
	}
	if n > limit {
		return nil, fmt.Errorf("%w: decoded size exceeds %d bytes", ErrTooLarge, limit)
	}
	return buf.Bytes(), nil
}

// Encode compresses data with enc.
func Encode(enc Encoding, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := NewWriter(enc, &buf)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// NewWriter returns a compressing writer for enc; Close flushes it.
func NewWriter(enc Encoding, w io.Writer) (io.WriteCloser, error) {
	switch enc {
	case Identity:
		return nopCloser{w}, nil
	case Gzip:
		return gzip.NewWriterLevel(w, gzip.DefaultCompression)
	case Zstd:
		return zstd.NewWriter(w, zstd.WithEncoderConcurrency(1))
	case S2:
		return s2.NewWriter(w, s2.WriterConcurrency(1)), nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnsupported, string(enc))
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
