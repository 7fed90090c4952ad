// Package sseproxy is a reverse proxy in front of an OpenAI-compatible or
// Anthropic API that redacts what the model says: whole JSON answers and
// streamed (text/event-stream) answers, event by event, with one
// engine.Stream per choice, content block or output item, so that the
// text a client puts together equals the batch redaction of the answer.
//
// It fails closed: a body reaches the client only after it was parsed
// and every string in it that is not a protocol token was redacted
// (modelapi.Structural), whatever the method, path or status. What it
// cannot read it refuses: JSON with duplicate member names (in any
// letter case), bodies in an encoding it cannot decode, binary bodies
// that are not audio, images or video, events after [DONE]. A refusal is
// a 502 with a JSON error before any header went out, or an error event
// in a stream; held-back text is never forwarded.
package sseproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
)

// Limits.
const (
	// DefaultMaxBodyBytes bounds a request body and a non-streamed answer.
	DefaultMaxBodyBytes = 32 << 20
	// MaxEventBytes bounds one SSE event; a longer one fails the stream
	// closed.
	MaxEventBytes = 8 << 20
)

// Thinking says what happens to reasoning text (Anthropic thinking,
// Responses reasoning summaries, reasoning_content).
type Thinking string

const (
	// ThinkingRedact redacts reasoning like any other text (the default).
	ThinkingRedact Thinking = "redact"
	// ThinkingPass forwards reasoning unscanned. Anthropic signs thinking
	// blocks: a redacted block no longer matches its signature, and the
	// API refuses it when a client sends it back in a later turn (tool use
	// with extended thinking); pass keeps it intact, at the cost of
	// leaving it unscanned.
	ThinkingPass Thinking = "pass"
)

// ParseThinking reads the --thinking flag.
func ParseThinking(s string) (Thinking, error) {
	switch Thinking(s) {
	case ThinkingRedact, "":
		return ThinkingRedact, nil
	case ThinkingPass:
		return ThinkingPass, nil
	}
	return "", fmt.Errorf("thinking %q: want redact or pass", s)
}

// Config configures a Proxy.
type Config struct {
	// Upstream is the API's base URL, e.g. https://api.openai.com or
	// http://127.0.0.1:11434. Its path is a prefix of every proxied path.
	Upstream *url.URL
	// Scanner redacts answers. Current, when set, is called per request
	// instead (hot reload).
	Scanner *engine.Scanner
	Current func() *engine.Scanner
	// ScanRequests redacts the text fields of request bodies too before
	// they go upstream. Defaults to the policy's scan_requests.
	ScanRequests *bool
	// Thinking: redact (default) or pass.
	Thinking Thinking
	// Client sends upstream requests (default: a client without timeout,
	// since answers stream for as long as the model talks).
	Client       *http.Client
	Logger       *slog.Logger
	MaxBodyBytes int64
	// ScanTimeout bounds the scan of one non-streamed answer or request
	// (default 10s).
	ScanTimeout time.Duration
}

// Proxy is an http.Handler.
type Proxy struct {
	cfg Config
	log *slog.Logger
}

// New checks the configuration and builds a Proxy.
func New(cfg Config) (*Proxy, error) {
	if cfg.Upstream == nil || cfg.Upstream.Scheme == "" || cfg.Upstream.Host == "" {
		return nil, errors.New("sseproxy: upstream must be an absolute URL such as https://api.openai.com")
	}
	if cfg.Scanner == nil && cfg.Current == nil {
		return nil, errors.New("sseproxy: no scanner")
	}
	if _, err := ParseThinking(string(cfg.Thinking)); err != nil {
		return nil, fmt.Errorf("sseproxy: %w", err)
	}
	if cfg.Current == nil {
		s := cfg.Scanner
		cfg.Current = func() *engine.Scanner { return s }
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{}
	}
	// Redirects go back to the client: following them here would fetch a
	// body from wherever upstream points.
	c := *cfg.Client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	cfg.Client = &c
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.ScanTimeout <= 0 {
		cfg.ScanTimeout = 10 * time.Second
	}
	return &Proxy{cfg: cfg, log: cfg.Logger}, nil
}

// normalPath is the path as upstreams route it: runs of slashes merged
// (nginx's merge_slashes), no trailing slash.
func normalPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '/' && i > 0 && p[i-1] == '/' {
			continue
		}
		b.WriteByte(p[i])
	}
	return strings.TrimSuffix(b.String(), "/")
}

// modelEndpoint reports whether a request creates a model answer: the
// request bodies scan_requests redacts. Answers are redacted on every
// path (see respond), so this list only decides what is sent upstream.
// Azure OpenAI's /openai/deployments/{name}/chat/completions ends like
// OpenAI's own path.
func modelEndpoint(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	p := normalPath(r.URL.Path)
	for _, s := range []string{"/chat/completions", "/completions", "/responses", "/messages"} {
		if strings.HasSuffix(p, s) {
			return true
		}
	}
	return false
}

// requestPaths are the text fields of request bodies (scan_requests):
// every string below them is redacted except requestSkip.
var requestPaths = jsonx.MustPaths(
	"messages[].content", "messages[].tool_calls[].function.arguments",
	"prompt", "input", "instructions", "system",
)

// requestSkip are members under the text fields that hold media, ids or
// protocol words, not prompt text: images and files go upstream as they
// are (a data: URL is not text to scan).
var requestSkip = map[string]bool{
	"type": true, "role": true, "id": true, "url": true, "image_url": true, "data": true, "file_data": true,
	"file_id": true, "detail": true, "media_type": true, "mime_type": true, "format": true,
	"signature": true, "encrypted_content": true, "tool_use_id": true, "call_id": true,
}

// ServeHTTP proxies one request.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := p.cfg.Current()
	start := time.Now()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, p.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", p.cfg.MaxBodyBytes))
			return
		}
		writeError(w, http.StatusBadRequest, "cannot read request body")
		return
	}
	scanReq := s.Policy().ScanRequests
	if p.cfg.ScanRequests != nil {
		scanReq = *p.cfg.ScanRequests
	}
	if scanReq && modelEndpoint(r) && len(bytes.TrimSpace(body)) > 0 {
		out, n, err := p.redactRequest(r.Context(), s, body)
		if err != nil {
			// Fail closed: the request does not go upstream unscanned.
			p.log.Warn("request scan failed", "path", r.URL.Path, "error", safeReason(err))
			writeError(w, http.StatusBadRequest, "request body could not be scanned: "+safeReason(err))
			return
		}
		if n > 0 {
			p.log.Info("request redacted", "path", r.URL.Path, "findings", n)
		}
		body = out
	}
	req, err := p.upstreamRequest(r, body)
	if err != nil {
		writeError(w, http.StatusBadGateway, "cannot build upstream request")
		return
	}
	resp, err := p.cfg.Client.Do(req)
	if err != nil {
		p.log.Warn("upstream request failed", "path", r.URL.Path, "error", err.Error())
		writeError(w, http.StatusBadGateway, "upstream request failed")
		return
	}
	defer resp.Body.Close()
	p.respond(w, r, s, resp, start)
}

func (p *Proxy) redactRequest(ctx context.Context, s *engine.Scanner, body []byte) ([]byte, int, error) {
	d, err := jsonx.Parse(body)
	if err != nil {
		return nil, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, p.cfg.ScanTimeout)
	defer cancel()
	n := 0
	var text []byte
	err = requestPaths.Strings(d, func(v jsonx.V) error {
		if requestSkip[strings.ToLower(d.Key(v))] || bytes.HasPrefix(d.Raw(v), []byte(`"data:`)) {
			return nil
		}
		text = d.AppendStr(text[:0], v)
		res, err := s.Redact(ctx, text)
		if err != nil {
			return err
		}
		n += len(res.Findings)
		if len(res.Findings) > 0 {
			d.Replace(v, jsonx.AppendString(nil, res.Redacted))
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return d.Bytes(), n, nil
}

// hopHeaders are not forwarded (RFC 9110 section 7.6.1).
var hopHeaders = []string{"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = append([]string(nil), vs...)
	}
	for _, h := range hopHeaders {
		dst.Del(h)
	}
	for _, f := range src.Values("Connection") {
		for _, h := range strings.Split(f, ",") {
			dst.Del(strings.TrimSpace(h))
		}
	}
}

func (p *Proxy) upstreamRequest(r *http.Request, body []byte) (*http.Request, error) {
	u := *p.cfg.Upstream
	u.Path = strings.TrimSuffix(u.Path, "/") + r.URL.Path
	u.RawPath = ""
	u.RawQuery = r.URL.RawQuery
	req, err := http.NewRequestWithContext(r.Context(), r.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("upstream request: %w", err)
	}
	copyHeader(req.Header, r.Header)
	// The answer must be readable to be scanned: let the transport ask for
	// gzip and decode it transparently.
	req.Header.Del("Accept-Encoding")
	req.Header.Del("Content-Length")
	req.ContentLength = int64(len(body))
	if len(body) == 0 {
		req.Body = http.NoBody
	}
	return req, nil
}

// media are the content types passed through unscanned: the proxy scans
// text, not pictures or sound.
func media(ct string) bool {
	return strings.HasPrefix(ct, "audio/") || strings.HasPrefix(ct, "image/") || strings.HasPrefix(ct, "video/")
}

// respond sends an upstream answer to the client, redacted. Every status
// and path goes through here: stored completions and responses (GET),
// their input items, batch and file downloads, error bodies that echo a
// prompt.
func (p *Proxy) respond(w http.ResponseWriter, r *http.Request, s *engine.Scanner, resp *http.Response, start time.Time) {
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	ce := resp.Header.Get("Content-Encoding")
	switch {
	case r.Method == http.MethodHead || resp.StatusCode == http.StatusNoContent || resp.StatusCode == http.StatusNotModified ||
		(resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.ContentLength == 0):
		copyHeader(w.Header(), resp.Header)
		w.WriteHeader(resp.StatusCode)
	case media(ct):
		p.passResponse(w, resp)
	case ce != "" && !strings.EqualFold(ce, "identity"):
		// The header's value is not echoed: it came from upstream unscanned.
		p.log.Warn("answer refused", "path", r.URL.Path, "reason", "content encoding sluice cannot decode")
		writeError(w, http.StatusBadGateway, "upstream answer has a Content-Encoding sluice cannot decode, so it cannot be scanned")
	case ct == "text/event-stream":
		p.streamResponse(w, r, s, resp, start)
	default:
		p.bodyResponse(w, r, s, ct, resp)
	}
}

func (p *Proxy) passResponse(w http.ResponseWriter, resp *http.Response) {
	copyHeader(w.Header(), resp.Header)
	w.WriteHeader(resp.StatusCode)
	rc := http.NewResponseController(w)
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return
			}
			_ = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

func jsonType(ct string) bool {
	return ct == "application/json" || strings.HasSuffix(ct, "+json")
}

func jsonLinesType(ct string) bool {
	return strings.Contains(ct, "jsonl") || strings.Contains(ct, "ndjson") || ct == "application/json-seq"
}

// bodyResponse redacts a whole body: JSON (labelled or not), JSON Lines
// (batch results), or else text scanned whole. A body it cannot read as
// any of these is refused.
func (p *Proxy) bodyResponse(w http.ResponseWriter, r *http.Request, s *engine.Scanner, ct string, resp *http.Response) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, p.cfg.MaxBodyBytes+1))
	if err != nil {
		p.log.Warn("upstream answer broke", "path", r.URL.Path, "error", err.Error())
		writeError(w, http.StatusBadGateway, "upstream answer broke off")
		return
	}
	if int64(len(body)) > p.cfg.MaxBodyBytes {
		writeError(w, http.StatusBadGateway, fmt.Sprintf("upstream answer over %d bytes", p.cfg.MaxBodyBytes))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), p.cfg.ScanTimeout)
	defer cancel()
	ss := newSession(ctx, s, p.cfg.Thinking == ThinkingPass)
	out, kind, err := ss.redactBody(body, ct)
	if err != nil {
		p.log.Warn("answer refused", "path", r.URL.Path, "status", resp.StatusCode, "content_type", ct, "reason", safeReason(err))
		writeError(w, http.StatusBadGateway, "upstream answer could not be scanned: "+safeReason(err))
		return
	}
	p.log.Info("answer redacted", "path", r.URL.Path, "status", resp.StatusCode, "as", kind, "findings", ss.findings, "types", ss.typeList())
	copyHeader(w.Header(), resp.Header)
	w.Header().Del("Content-Md5")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.Header().Set("Sluice-Findings", strconv.Itoa(ss.findings))
	w.Header().Set("Sluice-Policy", s.Policy().ID)
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(out)
}

var errBinary = errors.New("binary answer")

// redactBody picks how to read a body and redacts it; kind names the
// reading for the log.
func (ss *session) redactBody(body []byte, ct string) (out []byte, kind string, err error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return body, "empty", nil
	}
	if jsonType(ct) {
		out, err := ss.redactJSON(nil, body)
		return out, "json", err
	}
	if jsonLinesType(ct) {
		out, err := ss.redactLines(body)
		return out, "jsonl", err
	}
	// Unlabelled, text/plain, octet-stream…: clients such as
	// openai-python parse JSON whatever the label says, so try JSON, then
	// JSON Lines, then text.
	out, err = ss.redactJSON(nil, body)
	if !errors.Is(err, jsonx.ErrSyntax) {
		return out, "json", err
	}
	if bytes.IndexByte(body, '\n') > 0 {
		if out, err := ss.redactLines(body); err == nil || !errors.Is(err, jsonx.ErrSyntax) {
			return out, "jsonl", err
		}
	}
	if !utf8.Valid(body) {
		return nil, "binary", errBinary
	}
	out, err = ss.redactText(body)
	return out, "text", err
}

// redactLines redacts JSON Lines: every non-blank line must be JSON.
func (ss *session) redactLines(body []byte) ([]byte, error) {
	out := make([]byte, 0, len(body)+64)
	for len(body) > 0 {
		line, rest, found := bytes.Cut(body, []byte("\n"))
		if t := bytes.TrimSpace(line); len(t) == 0 {
			out = append(out, line...)
		} else {
			var err error
			if out, err = ss.redactJSON(out, line); err != nil {
				return nil, err
			}
		}
		if found {
			out = append(out, '\n')
		}
		body = rest
	}
	return out, nil
}

func (ss *session) typeList() []string {
	types := make([]string, 0, len(ss.types))
	for t := range ss.types {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

// safeReason names the kind of failure without any payload bytes.
func safeReason(err error) string {
	switch {
	case errors.Is(err, engine.ErrTooManyFindings):
		return "too many findings"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, engine.ErrBudget):
		return "scan time limit"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, jsonx.ErrDuplicateKey):
		return "JSON with a duplicate member name (names are compared case-insensitively)"
	case errors.Is(err, jsonx.ErrTooDeep):
		return "JSON nested too deeply"
	case errors.Is(err, jsonx.ErrSyntax):
		return "invalid JSON"
	case errors.Is(err, errBinary):
		return "binary body that is not audio, image or video"
	case errors.Is(err, errNameFinding), errors.Is(err, errAfterDone), errors.Is(err, errEventName),
		errors.Is(err, errTooManyStreams), errors.Is(err, errEventTooLong), errors.Is(err, errBadIndex), errors.Is(err, errRunMismatch):
		return err.Error()
	}
	return "scan failed"
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Del("Content-Length")
	w.WriteHeader(status)
	b := []byte(`{"error":{"type":"sluice_error","message":`)
	b = jsonx.AppendString(b, "sluice: "+msg)
	b = append(b, "}}\n"...)
	_, _ = w.Write(b)
}
