package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sluice-dlp/sluice/internal/jsonx"
	"github.com/sluice-dlp/sluice/transport/codec"
)

// readBody reads the request body under the size limit and decodes its
// Content-Encoding. On failure it has answered the request.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, rq *request, limit int64) ([]byte, bool) {
	enc, err := codec.Parse(r.Header.Get("Content-Encoding"))
	if err != nil {
		s.reject(w, r, rq, http.StatusUnsupportedMediaType, "unsupported_encoding", "unsupported Content-Encoding (want gzip, zstd or s2)")
		return nil, false
	}
	if s.tooLong(w, r, rq, limit) {
		return nil, false
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	rq.in.Reset()
	if r.ContentLength > 0 && r.ContentLength <= limit {
		// ReadFrom asks for bytes.MinRead more room before each read,
		// the one that meets EOF too: room for the body alone would be
		// outgrown (a second, doubled buffer) at its last byte.
		rq.in.Grow(int(r.ContentLength) + bytes.MinRead)
	}
	if _, err := rq.in.ReadFrom(body); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.reject(w, r, rq, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("request body exceeds %d bytes", limit))
			return nil, false
		}
		s.reject(w, r, rq, http.StatusBadRequest, "read_error", "request body could not be read")
		return nil, false
	}
	data := rq.in.Bytes()
	if enc != codec.Identity {
		data, err = codec.Decode(enc, data, limit)
		switch {
		case errors.Is(err, codec.ErrTooLarge):
			s.reject(w, r, rq, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("decoded request body exceeds %d bytes", limit))
			return nil, false
		case err != nil:
			s.reject(w, r, rq, http.StatusBadRequest, "corrupt_encoding", fmt.Sprintf("request body does not decode as %s", enc))
			return nil, false
		}
	}
	rq.scanned = len(data)
	if !utf8.Valid(data) {
		s.reject(w, r, rq, http.StatusBadRequest, "invalid_utf8", fmt.Sprintf("request body is not valid UTF-8 (first bad byte at offset %d)", invalidAt(data)))
		return nil, false
	}
	return data, true
}

// tooLong refuses a body whose declared length is over the limit before
// reading a byte of it: the server sends "100 Continue" only when a
// handler reads the body, so a client that asked for it gets the 413
// instead, and one that did not is not cut off mid-upload by a reply
// to what it sent so far. The connection closes after the answer.
func (s *Server) tooLong(w http.ResponseWriter, r *http.Request, rq *request, limit int64) bool {
	if r.ContentLength <= limit {
		return false
	}
	w.Header().Set("Connection", "close")
	s.reject(w, r, rq, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("request body of %d bytes exceeds %d bytes", r.ContentLength, limit))
	return true
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// bodyKind is how a request body is to be read.
type bodyKind int

const (
	kindJSON bodyKind = iota
	kindText
)

// kindOf checks Content-Type; JSON when absent.
func (s *Server) kindOf(w http.ResponseWriter, r *http.Request, rq *request, allowText bool) (bodyKind, bool) {
	switch mediaType(r.Header.Get("Content-Type")) {
	case "", "application/json":
		return kindJSON, true
	case "text/plain":
		if allowText {
			return kindText, true
		}
	}
	want := "application/json"
	if allowText {
		want += " or text/plain"
	}
	s.reject(w, r, rq, http.StatusUnsupportedMediaType, "unsupported_media_type", "unsupported Content-Type (want "+want+")")
	return 0, false
}

// decodeJSON decodes one JSON value; the error message it returns is
// safe to show (it never quotes the input).
func decodeJSON(data []byte, v any, strict bool) error {
	if err := jsonx.Valid(data); errors.Is(err, jsonx.ErrDuplicateKey) || errors.Is(err, jsonx.ErrTooDeep) {
		return err // the one JSON layer's refusals; encoding/json would pick one of the members
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return errors.New(jsonErrMsg(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("malformed JSON: unexpected data after the JSON value")
	}
	return nil
}

func jsonErrMsg(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "empty request body (want a JSON object)"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: unexpected end of input"
	case errors.As(err, &se):
		return "malformed JSON at byte offset " + strconv.FormatInt(se.Offset, 10)
	case errors.As(err, &te):
		if safeField(te.Field) {
			return "malformed JSON: field " + te.Field + " has the wrong type (want " + te.Type.String() + ")"
		}
		return "malformed JSON: a field has the wrong type"
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return "malformed JSON: unknown field (see the API documentation)"
	}
	return "malformed JSON"
}

// safeField accepts the field paths our own request types produce.
func safeField(f string) bool {
	if f == "" || len(f) > 48 {
		return false
	}
	for i := 0; i < len(f); i++ {
		c := f[i]
		if !(c >= 'a' && c <= 'z' || c == '_' || c == '.' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// pickEncoding chooses a response encoding from Accept-Encoding: the
// client's highest q-value among zstd, gzip and s2, ties in that order.
func pickEncoding(ae string) codec.Encoding {
	if ae == "" {
		return ""
	}
	best, bestQ, bestRank := codec.Encoding(""), 0.0, 99
	for part := range strings.SplitSeq(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		var enc codec.Encoding
		rank := 0
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "zstd":
			enc, rank = codec.Zstd, 0
		case "gzip", "x-gzip":
			enc, rank = codec.Gzip, 1
		case "s2", "x-snappy-framed":
			enc, rank = codec.S2, 2
		default:
			continue
		}
		if q <= 0 {
			continue
		}
		if q > bestQ || (q == bestQ && rank < bestRank) {
			best, bestQ, bestRank = enc, q, rank
		}
	}
	return best
}

// resetter is what the klauspost writers share for reuse.
type resetter interface {
	io.WriteCloser
	Reset(io.Writer)
}

var writerPools = map[codec.Encoding]*sync.Pool{
	codec.Gzip: {}, codec.Zstd: {}, codec.S2: {},
}

// compress writes body encoded with enc to dst, reusing encoders.
func compress(dst io.Writer, enc codec.Encoding, body []byte) error {
	pool := writerPools[enc]
	zw, _ := pool.Get().(resetter)
	if zw == nil {
		w, err := codec.NewWriter(enc, dst)
		if err != nil {
			return err
		}
		rw, ok := w.(resetter)
		if !ok {
			if _, err := w.Write(body); err != nil {
				return err
			}
			return w.Close()
		}
		zw = rw
	} else {
		zw.Reset(dst)
	}
	if _, err := zw.Write(body); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	zw.Reset(io.Discard)
	pool.Put(zw)
	return nil
}
