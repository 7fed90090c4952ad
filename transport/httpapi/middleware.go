package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sluice-dlp/sluice/engine"
)

// Response headers.
const (
	HeaderPolicy        = "Sluice-Policy"
	HeaderPolicyVersion = "Sluice-Policy-Version"
	HeaderRequestID     = "X-Request-Id"
)

// public routes have no auth, no rate limit and no audit line.
const public = 1

type handlerFunc func(w http.ResponseWriter, r *http.Request, rq *request)

// auditFinding is what the audit log says about one finding: where and
// what, and a keyed fingerprint, never the value.
type auditFinding struct {
	Item        int    `json:"item,omitempty"`
	Rule        string `json:"rule"`
	Type        string `json:"type"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Fingerprint string `json:"fp,omitempty"`
}

// request is the per-request state the middleware and handlers share.
type request struct {
	id        string
	tenant    string
	ps        *policySet
	bind      *binding
	em        *endpointMetrics
	status    int
	scanned   int
	nfindings int
	audit     []auditFinding
	errMsg    string
	cut       bool // a streamed answer was cut after its status went out
	in, out   bytes.Buffer
	zbuf      bytes.Buffer
	ob        []byte
}

var requestPool = sync.Pool{New: func() any { return new(request) }}

func getRequest() *request { return requestPool.Get().(*request) }

func putRequest(rq *request) {
	if rq.in.Cap() > 1<<20 || rq.out.Cap() > 1<<20 || rq.zbuf.Cap() > 1<<20 || cap(rq.ob) > 1<<20 {
		return // do not pin big buffers
	}
	rq.in.Reset()
	rq.out.Reset()
	rq.zbuf.Reset()
	// The audit slice is not reused: a log handler may keep it.
	*rq = request{in: rq.in, out: rq.out, zbuf: rq.zbuf, ob: rq.ob[:0]}
	requestPool.Put(rq)
}

// statusWriter records the status code; Unwrap lets
// http.ResponseController reach the connection (flush, deadlines).
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() requestIDs {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return requestIDs{prefix: hex.EncodeToString(b[:])}
}

func (g *requestIDs) next() string {
	return g.prefix + "-" + strconv.FormatUint(g.n.Add(1), 36)
}

// wrap is the one middleware: request id, policy headers, auth, rate
// limit, method check, panic recovery, metrics and the audit line.
func (s *Server) wrap(name, method string, opts int, h handlerFunc) http.Handler {
	em := s.m.endpoint(name)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.m.inflight.Inc()
		rq := getRequest()
		rq.id = s.ids.next()
		rq.em = em
		rq.ps = s.policies.Load()
		rq.bind = rq.ps.def
		rq.tenant = "anonymous"
		sw := &statusWriter{ResponseWriter: w}
		hdr := w.Header()
		hdr.Set(HeaderRequestID, rq.id)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler { //nolint:errorlint // sentinel panic value
					s.finish(r, rq, sw, start, opts)
					panic(p)
				}
				// The panic value may hold payload bytes: log its type only.
				s.log.Error("handler panic", "request_id", rq.id, "endpoint", name, "panic_type", fmt.Sprintf("%T", p))
				s.m.failClosed.with("panic").Inc()
				if sw.status == 0 {
					s.writeError(sw, r, rq, http.StatusInternalServerError, "internal error; nothing returned")
				}
			}
			s.finish(r, rq, sw, start, opts)
		}()
		if opts&public == 0 {
			if ks := rq.ps.keys; ks != nil {
				addr := clientAddr(r)
				if blocked, d := s.authFail.blocked(addr); blocked {
					setPolicyHeaders(hdr, rq.bind)
					hdr.Set("Retry-After", retryAfter(d))
					s.reject(sw, r, rq, http.StatusTooManyRequests, "auth_rate_limited", "too many failed authentications from this address")
					return
				}
				k, ok := ks.lookup(presentedKey(r))
				if !ok {
					s.authFail.failed(addr)
					setPolicyHeaders(hdr, rq.bind)
					hdr.Set("WWW-Authenticate", `Bearer realm="sluice"`)
					s.reject(sw, r, rq, http.StatusUnauthorized, "unauthorized", "missing or unknown API key (use Authorization: Bearer KEY or X-API-Key)")
					return
				}
				rq.tenant = k.Tenant
				rq.bind = rq.ps.tenants[k.Tenant]
			}
			setPolicyHeaders(hdr, rq.bind)
			if ok, d := s.limits.allow(rq.tenant); !ok {
				hdr.Set("Retry-After", retryAfter(d))
				s.reject(sw, r, rq, http.StatusTooManyRequests, "rate_limited", "rate limit exceeded for this tenant")
				return
			}
		} else {
			setPolicyHeaders(hdr, rq.bind)
		}
		if method != "" && r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
			hdr.Set("Allow", method)
			s.reject(sw, r, rq, http.StatusMethodNotAllowed, "method", "method not allowed; use "+method)
			return
		}
		h(sw, r, rq)
	})
}

func setPolicyHeaders(h http.Header, b *binding) {
	h.Set(HeaderPolicy, b.id)
	h.Set(HeaderPolicyVersion, b.version)
}

// finish records metrics and writes the audit line.
func (s *Server) finish(r *http.Request, rq *request, sw *statusWriter, start time.Time, opts int) {
	s.m.inflight.Dec()
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	d := time.Since(start)
	rq.em.count(status)
	rq.em.latency.Update(d.Seconds())
	if opts&public == 0 {
		attrs := make([]slog.Attr, 0, 14)
		attrs = append(attrs,
			slog.String("request_id", rq.id),
			slog.String("tenant", rq.tenant),
			slog.String("endpoint", rq.em.name),
			slog.String("method", r.Method),
			slog.Int("status", status),
			slog.String("policy", rq.bind.id),
			slog.String("policy_version", rq.bind.version),
			slog.Int("bytes", rq.scanned),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000),
			slog.Int("findings", rq.nfindings),
		)
		if len(rq.audit) > 0 {
			attrs = append(attrs, slog.Any("items", rq.audit))
			if rq.nfindings > len(rq.audit) {
				attrs = append(attrs, slog.Bool("items_truncated", true))
			}
		}
		if rq.errMsg != "" {
			attrs = append(attrs, slog.String("error", rq.errMsg))
		}
		if rq.cut {
			// The status went out before the answer was complete.
			attrs = append(attrs, slog.Bool("cut", true))
		}
		s.log.LogAttrs(context.Background(), slog.LevelInfo, "request", attrs...)
	}
	putRequest(rq)
}

// recordFindings counts findings and keeps their audit entries. text is
// what the offsets point into; item is the batch index (0 otherwise).
func (s *Server) recordFindings(rq *request, sc *engine.Scanner, text []byte, fs []engine.Finding, item int) {
	for _, f := range fs {
		s.m.findings.with(f.Type, f.Rule).Inc()
		rq.nfindings++
		if len(rq.audit) >= maxAuditFindings {
			continue
		}
		af := auditFinding{Item: item, Rule: f.Rule, Type: f.Type, Start: f.Start, End: f.End}
		if f.Start >= 0 && f.End <= len(text) && f.Start < f.End {
			af.Fingerprint = sc.Fingerprint(text[f.Start:f.End])
		}
		rq.audit = append(rq.audit, af)
	}
}

type errorBody struct {
	Error     string `json:"error"`
	RequestID string `json:"request_id"`
}

// writeError answers with a JSON error. msg must never hold payload bytes.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, rq *request, status int, msg string) {
	rq.errMsg = msg
	s.writeJSON(w, r, rq, status, errorBody{Error: msg, RequestID: rq.id})
}

// reject refuses a request before or instead of scanning.
func (s *Server) reject(w http.ResponseWriter, r *http.Request, rq *request, status int, reason, msg string) {
	s.m.rejected.with(reason).Inc()
	s.writeError(w, r, rq, status, msg)
}

// failClosed answers a scan that could not complete: an error, never
// the text.
func (s *Server) failClosed(w http.ResponseWriter, r *http.Request, rq *request, err error) {
	status, reason, msg := classifyScanError(err)
	s.m.failClosed.with(reason).Inc()
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	s.writeError(w, r, rq, status, msg)
}

func classifyScanError(err error) (status int, reason, msg string) {
	switch {
	case errors.Is(err, engine.ErrTooManyFindings):
		return http.StatusUnprocessableEntity, "too_many_findings", "too many findings in one request; nothing returned (fail closed)"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, engine.ErrBudget):
		return http.StatusServiceUnavailable, "timeout", "scan deadline exceeded; nothing returned (fail closed)"
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "canceled", "request canceled before the scan finished; nothing returned"
	}
	return http.StatusInternalServerError, "error", "scan failed; nothing returned (fail closed)"
}

// writeJSON encodes v and writes it, compressed when the client accepts
// it and the body is worth it.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, rq *request, status int, v any) {
	rq.out.Reset()
	enc := json.NewEncoder(&rq.out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only our own types get here; an error is a bug, not input.
		s.log.Error("encode response", "request_id", rq.id, "error", err.Error())
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	s.writeBody(w, r, rq, status, rq.out.Bytes())
}

func (s *Server) writeBody(w http.ResponseWriter, r *http.Request, rq *request, status int, body []byte) {
	h := w.Header()
	if len(body) >= compressMin {
		if enc := pickEncoding(r.Header.Get("Accept-Encoding")); enc != "" {
			rq.zbuf.Reset()
			if err := compress(&rq.zbuf, enc, body); err == nil {
				body = rq.zbuf.Bytes()
				h.Set("Content-Encoding", string(enc))
			}
		}
		h.Add("Vary", "Accept-Encoding")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// mediaType returns the lower-cased media type of a Content-Type value.
func mediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}
