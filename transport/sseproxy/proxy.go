// Package sseproxy is a reverse proxy in front of an OpenAI-compatible or
// Anthropic API that redacts what the model says: whole JSON answers and
// streamed (text/event-stream) answers, event by event, with one
// engine.Stream per choice, content block or output item, so that the
// text a client puts together equals the batch redaction of the answer.
//
// It redacts the answers of POST /v1/chat/completions, /v1/completions,
// /v1/responses and /v1/messages (under any path prefix of the upstream
// URL); every other request, and every non-2xx answer, passes through
// unchanged. It fails closed: an answer whose scan cannot complete is
// never forwarded, and a stream that breaks ends with an error event
// instead of the text that was still held back.
package sseproxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sluice-dlp/sluice/engine"
)

// Limits.
const (
	// DefaultMaxBodyBytes bounds a request body and a non-streamed answer.
	DefaultMaxBodyBytes = 32 << 20
	// MaxEventBytes bounds one SSE event; a longer one fails the stream
	// closed.
	MaxEventBytes = 8 << 20
)

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
	cfg  Config
	pass *httputil.ReverseProxy
	log  *slog.Logger
}

// New checks the configuration and builds a Proxy.
func New(cfg Config) (*Proxy, error) {
	if cfg.Upstream == nil || cfg.Upstream.Scheme == "" || cfg.Upstream.Host == "" {
		return nil, errors.New("sseproxy: upstream must be an absolute URL such as https://api.openai.com")
	}
	if cfg.Scanner == nil && cfg.Current == nil {
		return nil, errors.New("sseproxy: no scanner")
	}
	if cfg.Current == nil {
		s := cfg.Scanner
		cfg.Current = func() *engine.Scanner { return s }
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.ScanTimeout <= 0 {
		cfg.ScanTimeout = 10 * time.Second
	}
	up := cfg.Upstream
	pass := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(up)
			r.Out.Host = up.Host
		},
		FlushInterval: -1,
		Transport:     cfg.Client.Transport,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			cfg.Logger.Warn("upstream request failed", "path", r.URL.Path, "error", err.Error())
			writeError(w, http.StatusBadGateway, "upstream request failed")
		},
	}
	return &Proxy{cfg: cfg, pass: pass, log: cfg.Logger}, nil
}

// api is the answer format of a redacted endpoint.
type api int

const (
	apiNone api = iota
	apiChat
	apiCompletions
	apiResponses
	apiMessages
)

func (a api) String() string {
	return [...]string{"none", "chat.completions", "completions", "responses", "messages"}[a]
}

func apiOf(r *http.Request) api {
	if r.Method != http.MethodPost {
		return apiNone
	}
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case strings.HasSuffix(p, "/v1/chat/completions"), strings.HasSuffix(p, "/chat/completions"):
		return apiChat
	case strings.HasSuffix(p, "/v1/completions"):
		return apiCompletions
	case strings.HasSuffix(p, "/v1/responses"):
		return apiResponses
	case strings.HasSuffix(p, "/v1/messages"):
		return apiMessages
	}
	return apiNone
}

// answerPaths are the text fields of non-streamed answers, per format.
var answerPaths = map[api][]string{
	apiChat: {
		"choices.*.message.content", "choices.*.message.content.*.text", "choices.*.message.refusal",
		"choices.*.message.reasoning_content", "choices.*.message.reasoning",
		"choices.*.message.tool_calls.*.function.arguments", "choices.*.message.function_call.arguments",
	},
	apiCompletions: {"choices.*.text"},
	apiResponses:   {"output.*.content.*.text", "output.*.arguments", "output_text"},
	apiMessages:    {"content.*.text", "content.*.input.**"},
}

// logprobPaths hold per-token copies of the answer text (log
// probabilities, with each token's text and bytes). Tokens cannot be
// redacted one by one consistently, so the proxy blanks them: null for
// Chat Completions and Completions, [] for the Responses API.
var logprobPaths = map[api][]string{
	apiChat:        {"choices.*.logprobs"},
	apiCompletions: {"choices.*.logprobs"},
	apiResponses:   {"output.*.content.*.logprobs"},
}

var logprobLit = map[api]string{apiChat: "null", apiCompletions: "null", apiResponses: "[]"}

// requestPaths are the text fields of request bodies (scan_requests).
var requestPaths = []string{
	"messages.*.content", "messages.*.content.*.text", "messages.*.content.*.content",
	"messages.*.content.*.content.*.text", "messages.*.content.*.input.**",
	"messages.*.tool_calls.*.function.arguments",
	"prompt", "prompt.*", "input", "input.*.content", "input.*.content.*.text", "input.*.arguments",
	"input.*.output", "instructions", "system", "system.*.text",
}

// ServeHTTP proxies one request.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a := apiOf(r)
	if a == apiNone {
		p.pass.ServeHTTP(w, r)
		return
	}
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
	if scanReq && len(bytes.TrimSpace(body)) > 0 {
		out, n, err := p.redactJSON(r.Context(), s, body, requestPaths)
		if err != nil {
			// Fail closed: the request does not go upstream unscanned.
			p.log.Warn("request scan failed", "api", a.String(), "error", err.Error())
			writeError(w, http.StatusBadRequest, "request body could not be scanned: "+safeReason(err))
			return
		}
		if n > 0 {
			p.log.Info("request redacted", "api", a.String(), "findings", n)
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
		p.log.Warn("upstream request failed", "api", a.String(), "error", err.Error())
		writeError(w, http.StatusBadGateway, "upstream request failed")
		return
	}
	defer resp.Body.Close()
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		p.passResponse(w, resp)
	case ct == "text/event-stream":
		p.streamResponse(w, r.Context(), s, a, resp, start)
	case ct == "application/json" || strings.HasSuffix(ct, "+json"):
		p.jsonResponse(w, r.Context(), s, a, resp)
	default:
		// Not a format with known text fields (audio, files...).
		p.passResponse(w, resp)
	}
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
	return req, nil
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

func (p *Proxy) jsonResponse(w http.ResponseWriter, ctx context.Context, s *engine.Scanner, a api, resp *http.Response) {
	if ce := resp.Header.Get("Content-Encoding"); ce != "" && ce != "identity" {
		writeError(w, http.StatusBadGateway, "upstream answer is "+ce+"-encoded and cannot be scanned")
		return
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, p.cfg.MaxBodyBytes+1))
	if err != nil {
		p.log.Warn("upstream answer broke", "api", a.String(), "error", err.Error())
		writeError(w, http.StatusBadGateway, "upstream answer broke off")
		return
	}
	if int64(len(body)) > p.cfg.MaxBodyBytes {
		writeError(w, http.StatusBadGateway, fmt.Sprintf("upstream answer over %d bytes", p.cfg.MaxBodyBytes))
		return
	}
	out, n, err := p.redactJSON(ctx, s, body, answerPaths[a])
	if err != nil {
		p.log.Warn("answer scan failed", "api", a.String(), "error", err.Error())
		writeError(w, http.StatusBadGateway, "upstream answer could not be scanned: "+safeReason(err))
		return
	}
	if out, _, err = replacePaths(out, logprobPaths[a], logprobLit[a]); err != nil {
		writeError(w, http.StatusBadGateway, "upstream answer could not be scanned: "+safeReason(err))
		return
	}
	p.log.Info("answer redacted", "api", a.String(), "findings", n)
	copyHeader(w.Header(), resp.Header)
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.Header().Set("Sluice-Findings", strconv.Itoa(n))
	w.Header().Set("Sluice-Policy", s.Policy().ID)
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(out)
}

// redactJSON redacts the string fields at paths, each as one text.
func (p *Proxy) redactJSON(ctx context.Context, s *engine.Scanner, body []byte, paths []string) ([]byte, int, error) {
	if !json.Valid(body) {
		return nil, 0, errBadJSON
	}
	ctx, cancel := context.WithTimeout(ctx, p.cfg.ScanTimeout)
	defer cancel()
	n := 0
	out, _, err := rewritePaths(body, paths, func(v string) (string, error) {
		res, err := s.Redact(ctx, []byte(v))
		if err != nil {
			return "", err
		}
		n += len(res.Findings)
		return string(res.Redacted), nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, n, nil
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
	}
	return "invalid JSON"
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Del("Content-Length")
	w.WriteHeader(status)
	b := []byte(`{"error":{"type":"sluice_error","message":`)
	b = append(b, encodeString("sluice: "+msg)...)
	b = append(b, "}}\n"...)
	_, _ = w.Write(b)
}
