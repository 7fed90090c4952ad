package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/codec"
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/redact", s.wrap("redact", http.MethodPost, 0, s.handleRedact))
	mux.Handle("/v1/scan", s.wrap("scan", http.MethodPost, 0, s.handleScan))
	mux.Handle("/v1/redact/batch", s.wrap("batch", http.MethodPost, 0, s.handleBatch))
	mux.Handle("/v1/redact/stream", s.wrap("stream", http.MethodPost, 0, s.handleStream))
	mux.Handle("/v1/reidentify", s.wrap("reidentify", http.MethodPost, 0, s.handleReidentify))
	mux.Handle("/analyze", s.wrap("analyze", http.MethodPost, 0, s.handleAnalyze))
	mux.Handle("/anonymize", s.wrap("anonymize", http.MethodPost, 0, s.handleAnonymize))
	mux.Handle("/supportedentities", s.wrap("supportedentities", http.MethodGet, 0, s.handleSupportedEntities))
	mux.Handle("/recognizers", s.wrap("recognizers", http.MethodGet, 0, func(w http.ResponseWriter, r *http.Request, rq *request) {
		s.writeJSON(w, r, rq, http.StatusOK, []string{"sluice"})
	}))
	mux.Handle("/anonymizers", s.wrap("anonymizers", http.MethodGet, 0, func(w http.ResponseWriter, r *http.Request, rq *request) {
		s.writeJSON(w, r, rq, http.StatusOK, []string{"hash", "keep", "mask", "redact", "replace"})
	}))
	mux.Handle("/health", s.wrap("health", http.MethodGet, public, func(w http.ResponseWriter, r *http.Request, rq *request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		s.writeBody(w, r, rq, http.StatusOK, []byte("sluice service is up"))
	}))
	mux.Handle("/v1/rules", s.wrap("rules", http.MethodGet, 0, s.handleRules))
	mux.Handle("/healthz", s.wrap("healthz", http.MethodGet, public, s.handleHealth))
	mux.Handle("/readyz", s.wrap("readyz", http.MethodGet, public, s.handleReady))
	mux.Handle("/metrics", s.wrap("metrics", http.MethodGet, public, func(w http.ResponseWriter, r *http.Request, rq *request) {
		rq.out.Reset()
		s.m.writeTo(&rq.out)
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		s.writeBody(w, r, rq, http.StatusOK, rq.out.Bytes())
	}))
	mux.Handle("/", s.wrap("other", "", public, func(w http.ResponseWriter, r *http.Request, rq *request) {
		s.writeError(w, r, rq, http.StatusNotFound, "no such endpoint")
	}))
	return mux
}

// selectPolicy applies a request's "policy" field. With API keys a tenant
// may only name its own policy; without, any loaded policy id.
func (s *Server) selectPolicy(w http.ResponseWriter, r *http.Request, rq *request, name string) bool {
	if name == "" || name == rq.bind.id {
		return true
	}
	if rq.ps.keys == nil {
		if b, ok := rq.ps.byID[name]; ok {
			rq.bind = b
			setPolicyHeaders(w.Header(), b)
			return true
		}
		s.reject(w, r, rq, http.StatusBadRequest, "unknown_policy", "unknown policy id (GET /v1/rules shows the active one)")
		return false
	}
	s.reject(w, r, rq, http.StatusForbidden, "policy_forbidden", "the requested policy is not available to this API key")
	return false
}

type textRequest struct {
	Text   *string `json:"text"`
	Policy string  `json:"policy"`
}

// textInput reads a single-text request: JSON {"text","policy"} or a
// text/plain body (policy from ?policy=).
func (s *Server) textInput(w http.ResponseWriter, r *http.Request, rq *request) ([]byte, bool) {
	kind, ok := s.kindOf(w, r, rq, true)
	if !ok {
		return nil, false
	}
	data, ok := s.readBody(w, r, rq, s.cfg.MaxBodyBytes)
	if !ok {
		return nil, false
	}
	if kind == kindText {
		return data, s.selectPolicy(w, r, rq, r.URL.Query().Get("policy"))
	}
	if text, policy, ok := fastTextRequest(data); ok {
		return text, s.selectPolicy(w, r, rq, policy)
	}
	var req textRequest
	if err := decodeJSON(data, &req, true); err != nil {
		s.reject(w, r, rq, http.StatusBadRequest, "bad_json", err.Error())
		return nil, false
	}
	if req.Text == nil {
		s.reject(w, r, rq, http.StatusBadRequest, "bad_request", `missing field "text"`)
		return nil, false
	}
	return []byte(*req.Text), s.selectPolicy(w, r, rq, req.Policy)
}

// run scans text under the scan deadline and the findings cap.
func (s *Server) run(r *http.Request, rq *request, text []byte, redact bool) (engine.Result, error) {
	if redact {
		return s.runWith(r, rq, text, (*engine.Scanner).Redact)
	}
	return s.runWith(r, rq, text, (*engine.Scanner).Scan)
}

// runWith runs one of the scanner's passes over text under the scan time
// budget, with the scan metrics and the findings cap.
func (s *Server) runWith(r *http.Request, rq *request, text []byte, pass func(*engine.Scanner, context.Context, []byte) (engine.Result, error)) (engine.Result, error) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.ScanTimeout)
	defer cancel()
	t0 := time.Now()
	res, err := pass(rq.bind.scanner, ctx, text)
	rq.em.scanTime.Update(time.Since(t0).Seconds())
	rq.em.bytes.Add(len(text))
	if err == nil && len(res.Findings) > s.cfg.MaxFindings {
		err = fmt.Errorf("scan: %w: more than %d", engine.ErrTooManyFindings, s.cfg.MaxFindings)
	}
	if err != nil {
		return engine.Result{}, err
	}
	return res, nil
}

type redactResponse struct {
	Redacted      string           `json:"redacted"`
	Findings      []engine.Finding `json:"findings"`
	Policy        string           `json:"policy"`
	PolicyVersion string           `json:"policy_version"`
	Degraded      []string         `json:"degraded,omitempty"`
}

func nonNil(f []engine.Finding) []engine.Finding {
	if f == nil {
		return []engine.Finding{}
	}
	return f
}

func (s *Server) handleRedact(w http.ResponseWriter, r *http.Request, rq *request) {
	text, ok := s.textInput(w, r, rq)
	if !ok {
		return
	}
	res, err := s.run(r, rq, text, true)
	if err != nil {
		s.failClosed(w, r, rq, err)
		return
	}
	s.recordFindings(rq, rq.bind.scanner, text, res.Findings, 0)
	resp := redactResponse{Findings: res.Findings, Policy: rq.bind.id, PolicyVersion: rq.bind.version, Degraded: res.Degraded}
	rq.ob = appendRedactResponse(rq.ob[:0], res.Redacted, &resp)
	w.Header().Set("Content-Type", "application/json")
	s.writeBody(w, r, rq, http.StatusOK, rq.ob)
}

type scanResponse struct {
	Findings      []engine.Finding `json:"findings"`
	Policy        string           `json:"policy"`
	PolicyVersion string           `json:"policy_version"`
	Degraded      []string         `json:"degraded,omitempty"`
}

func (s *Server) handleScan(w http.ResponseWriter, r *http.Request, rq *request) {
	text, ok := s.textInput(w, r, rq)
	if !ok {
		return
	}
	res, err := s.run(r, rq, text, false)
	if err != nil {
		s.failClosed(w, r, rq, err)
		return
	}
	s.recordFindings(rq, rq.bind.scanner, text, res.Findings, 0)
	s.writeJSON(w, r, rq, http.StatusOK, scanResponse{
		Findings: nonNil(res.Findings), Policy: rq.bind.id, PolicyVersion: rq.bind.version, Degraded: res.Degraded,
	})
}

type batchItem struct {
	ID   json.RawMessage `json:"id,omitempty"`
	Text *string         `json:"text"`
}

type batchRequest struct {
	Items  []batchItem `json:"items"`
	Texts  []string    `json:"texts"`
	Policy string      `json:"policy"`
}

type batchResult struct {
	ID       json.RawMessage  `json:"id,omitempty"`
	Redacted *string          `json:"redacted,omitempty"`
	Findings []engine.Finding `json:"findings,omitempty"`
	Error    string           `json:"error,omitempty"`
}

type batchResponse struct {
	Results       []batchResult `json:"results"`
	Policy        string        `json:"policy"`
	PolicyVersion string        `json:"policy_version"`
}

func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request, rq *request) {
	if _, ok := s.kindOf(w, r, rq, false); !ok {
		return
	}
	data, ok := s.readBody(w, r, rq, s.cfg.MaxBodyBytes)
	if !ok {
		return
	}
	var req batchRequest
	if err := decodeJSON(data, &req, true); err != nil {
		s.reject(w, r, rq, http.StatusBadRequest, "bad_json", err.Error())
		return
	}
	for _, t := range req.Texts {
		t := t
		req.Items = append(req.Items, batchItem{Text: &t})
	}
	switch {
	case len(req.Items) == 0:
		s.reject(w, r, rq, http.StatusBadRequest, "bad_request", `no texts (want {"items":[{"id":...,"text":"..."}]} or {"texts":["..."]})`)
		return
	case len(req.Items) > s.cfg.MaxBatchItems:
		s.reject(w, r, rq, http.StatusRequestEntityTooLarge, "too_many_items", fmt.Sprintf("batch has %d items, limit %d", len(req.Items), s.cfg.MaxBatchItems))
		return
	}
	if !s.selectPolicy(w, r, rq, req.Policy) {
		return
	}
	for i, it := range req.Items {
		if it.Text == nil {
			s.reject(w, r, rq, http.StatusBadRequest, "bad_request", fmt.Sprintf(`item %d: missing field "text"`, i))
			return
		}
	}
	// One deadline for the whole batch: past it nothing is returned.
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.ScanTimeout)
	defer cancel()
	sc := rq.bind.scanner
	out := batchResponse{Results: make([]batchResult, len(req.Items)), Policy: rq.bind.id, PolicyVersion: rq.bind.version}
	t0 := time.Now()
	for i, it := range req.Items {
		text := []byte(*it.Text)
		res, err := sc.Redact(ctx, text)
		rq.em.bytes.Add(len(text))
		if err == nil && len(res.Findings) > s.cfg.MaxFindings {
			err = fmt.Errorf("scan: %w: more than %d", engine.ErrTooManyFindings, s.cfg.MaxFindings)
		}
		out.Results[i].ID = it.ID
		if err != nil {
			if errors.Is(err, engine.ErrTooManyFindings) {
				// This item fails closed; the others are still good.
				s.m.failClosed.with("too_many_findings").Inc()
				out.Results[i].Error = "too many findings; nothing returned for this item (fail closed)"
				continue
			}
			rq.em.scanTime.Update(time.Since(t0).Seconds())
			s.failClosed(w, r, rq, err)
			return
		}
		red := string(res.Redacted)
		out.Results[i].Redacted = &red
		out.Results[i].Findings = nonNil(res.Findings)
		s.recordFindings(rq, sc, text, res.Findings, i)
	}
	rq.em.scanTime.Update(time.Since(t0).Seconds())
	s.writeJSON(w, r, rq, http.StatusOK, out)
}

// errStreamTooLarge: a stream passed MaxStreamBytes after decoding.
var errStreamTooLarge = errors.New("stream too large")

type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Probe one byte: exactly the limit is fine.
		var one [1]byte
		if n, err := l.r.Read(one[:]); n > 0 {
			return 0, errStreamTooLarge
		} else {
			return 0, err
		}
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// handleStream redacts a chunked body as it arrives and flushes the
// redacted bytes the stream releases. A failure before the first byte
// out is an error status; after it, the connection is aborted so the
// client cannot mistake a truncated answer for a complete one. Either
// way nothing unredacted is sent.
func (s *Server) handleStream(w http.ResponseWriter, r *http.Request, rq *request) {
	enc, err := codec.Parse(r.Header.Get("Content-Encoding"))
	if err != nil {
		s.reject(w, r, rq, http.StatusUnsupportedMediaType, "unsupported_encoding", "unsupported Content-Encoding (want gzip, zstd or s2)")
		return
	}
	if s.tooLong(w, r, rq, s.cfg.MaxStreamBytes) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.StreamTimeout)
	defer cancel()
	rc := http.NewResponseController(w)
	raw := http.MaxBytesReader(w, r.Body, s.cfg.MaxStreamBytes)
	dec, closeDec, err := codec.NewReader(enc, raw)
	if err != nil {
		drain(raw)
		s.streamReadError(w, r, rq, err, enc)
		return
	}
	defer closeDec()
	// Answer while the body still arrives (HTTP/1.1 full duplex).
	_ = rc.EnableFullDuplex()
	// The server's write deadline counts from the request headers; a
	// stream's output may come only at its end (a policy that sees the
	// whole text), so each write gets its own deadline instead.
	_ = rc.SetWriteDeadline(time.Time{})
	in := &limitReader{r: dec, n: s.cfg.MaxStreamBytes}
	sc := rq.bind.scanner
	st := sc.NewStream(ctx)

	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Trailer", "Sluice-Findings, Sluice-Types")
	started := false
	cut := func(err error) {
		rq.cut = true
		rq.errMsg = "stream cut: the answer could not be written (" + writeErrKind(err) + ")"
		s.m.failClosed.with("stream_cut").Inc()
	}
	send := func(p []byte) bool {
		if len(p) == 0 {
			return true
		}
		_ = rc.SetWriteDeadline(time.Now().Add(s.cfg.WriteTimeout))
		started = true
		if _, err := w.Write(p); err != nil {
			cut(err)
			return false
		}
		if err := rc.Flush(); err != nil {
			cut(err)
			return false
		}
		return true
	}
	fail := func(err error, read bool) {
		if started {
			_, reason, msg := classifyScanError(err)
			if read {
				reason, msg = "stream_read", "stream input failed after output started; connection aborted"
			}
			s.m.failClosed.with(reason).Inc()
			rq.errMsg = msg
			rq.cut = true
			panic(http.ErrAbortHandler)
		}
		h.Del("Trailer")
		h.Set("Connection", "close")
		if read {
			drain(raw)
			s.streamReadError(w, r, rq, err, enc)
			return
		}
		s.failClosed(w, r, rq, err)
	}

	// win keeps the input that findings still to come can point into,
	// for their audit fingerprints: a stream never releases bytes that
	// can still be part of a match, so that is the held-back tail.
	var win []byte
	winStart, total, done := 0, 0, 0
	audit := func() {
		fs := st.Findings()
		for _, f := range fs[done:] {
			s.m.findings.with(f.Type, f.Rule).Inc()
			rq.nfindings++
			if len(rq.audit) >= maxAuditFindings {
				continue
			}
			af := auditFinding{Rule: f.Rule, Type: f.Type, Start: f.Start, End: f.End}
			if f.Start >= winStart && f.End <= winStart+len(win) && f.Start < f.End {
				af.Fingerprint = sc.Fingerprint(win[f.Start-winStart : f.End-winStart])
			}
			rq.audit = append(rq.audit, af)
		}
		done = len(fs)
		if keep := total - st.Held(); keep > winStart && keep-winStart > len(win)/2 {
			win = append(win[:0], win[keep-winStart:]...)
			winStart = keep
		}
	}

	buf := make([]byte, 32<<10)
	var out []byte
	for {
		_ = rc.SetReadDeadline(time.Now().Add(s.cfg.ReadTimeout))
		n, rerr := in.Read(buf)
		if n > 0 {
			total += n
			rq.scanned = total
			rq.em.bytes.Add(n)
			win = append(win, buf[:n]...)
			out, err = st.Write(out[:0], buf[:n])
			if err != nil {
				fail(err, false)
				return
			}
			audit()
			if !send(out) {
				return
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			fail(rerr, true)
			return
		}
	}
	out, err = st.Close(out[:0])
	if err != nil {
		fail(err, false)
		return
	}
	audit()
	fs := st.Findings()
	types := make([]string, 0, 4)
	for _, f := range fs {
		if !containsString(types, f.Type) {
			types = append(types, f.Type)
		}
	}
	if !started {
		// Nothing out yet: a plain response with a length.
		h.Del("Trailer")
		h.Set("Sluice-Findings", strconv.Itoa(len(fs)))
		h.Set("Sluice-Types", strings.Join(types, ","))
		h.Set("Content-Length", strconv.Itoa(len(out)))
		_ = rc.SetWriteDeadline(time.Now().Add(s.cfg.WriteTimeout))
		w.WriteHeader(http.StatusOK)
		if _, err := w.Write(out); err != nil {
			cut(err)
		} else if err := rc.Flush(); err != nil {
			cut(err)
		}
		return
	}
	if !send(out) {
		return
	}
	h.Set("Sluice-Findings", strconv.Itoa(len(fs)))
	h.Set("Sluice-Types", strings.Join(types, ","))
}

// writeErrKind names a write failure without its text (which can carry
// addresses).
func writeErrKind(err error) string {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return "write timeout"
	}
	return "client went away"
}

// drainLimit bounds how much of a refused body is read so that the
// client sees the error answer rather than a connection reset.
const drainLimit = 256 << 10

func drain(r io.Reader) {
	_, _ = io.CopyN(io.Discard, r, drainLimit)
}

func (s *Server) streamReadError(w http.ResponseWriter, r *http.Request, rq *request, err error, enc codec.Encoding) {
	// The body is not read to its end: this connection cannot carry
	// another request, and the client must know before it tries.
	w.Header().Set("Connection", "close")
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe), errors.Is(err, errStreamTooLarge):
		s.reject(w, r, rq, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("stream exceeds %d bytes", s.cfg.MaxStreamBytes))
	case enc != codec.Identity:
		s.reject(w, r, rq, http.StatusBadRequest, "corrupt_encoding", fmt.Sprintf("request body does not decode as %s", enc))
	default:
		s.reject(w, r, rq, http.StatusBadRequest, "read_error", "request body could not be read")
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

type rulesResponse struct {
	Policy        string            `json:"policy"`
	PolicyVersion string            `json:"policy_version"`
	Rules         []engine.RuleInfo `json:"rules"`
}

func (s *Server) handleRules(w http.ResponseWriter, r *http.Request, rq *request) {
	out := rulesResponse{Policy: rq.bind.id, PolicyVersion: rq.bind.version, Rules: rq.bind.scanner.RuleInfos()}
	s.writeJSON(w, r, rq, http.StatusOK, out)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request, rq *request) {
	s.writeJSON(w, r, rq, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request, rq *request) {
	if !s.ready.Load() {
		s.writeJSON(w, r, rq, http.StatusServiceUnavailable, map[string]string{"status": "not ready"})
		return
	}
	s.writeJSON(w, r, rq, http.StatusOK, map[string]string{"status": "ready", "policy": rq.bind.id, "policy_version": rq.bind.version})
}
