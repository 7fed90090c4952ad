package httpapi

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestReadBodyAllocatesOnce: a body of declared length is read into one
// buffer, allocated once with room for the read that meets EOF, not
// outgrown at its last byte.
func TestReadBodyAllocatesOnce(t *testing.T) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{4096, 65536, 300000} {
		body := bytes.Repeat([]byte("a"), n)
		r := httptest.NewRequest(http.MethodPost, "/v1/redact", bytes.NewReader(body))
		rq := new(request)
		data, ok := s.readBody(httptest.NewRecorder(), r, rq, 1<<20)
		if !ok || !bytes.Equal(data, body) {
			t.Fatalf("%d bytes: read %d, ok %v", n, len(data), ok)
		}
		// Outgrown, it would have doubled: 2n + bytes.MinRead.
		if c := rq.in.Cap(); c >= 2*n {
			t.Errorf("%d bytes: buffer of %d, outgrown while reading (want one allocation of about %d)", n, c, n+bytes.MinRead)
		}
	}
}
