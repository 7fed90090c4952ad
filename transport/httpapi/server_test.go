package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/codec"
)

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testServer struct {
	*Server
	ts   *httptest.Server
	logs *syncBuffer
}

// newTestServer runs the real handler behind the real http.Server
// settings on a loopback port.
func newTestServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Config = s.HTTPServer()
	ts.Start()
	t.Cleanup(ts.Close)
	return &testServer{Server: s, ts: ts, logs: logs}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) String() string { return string(r.body) }

// do sends one request; headers alternate name, value.
func (ts *testServer) do(t *testing.T, method, path string, body []byte, headers ...string) reply {
	t.Helper()
	r, err := ts.send(method, path, body, headers...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (ts *testServer) send(method, path string, body []byte, headers ...string) (reply, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.ts.URL+path, rd)
	if err != nil {
		return reply{}, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := testClient.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

var testClient = &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: time.Minute}

func (ts *testServer) postJSON(t *testing.T, path string, v any, headers ...string) reply {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return ts.do(t, http.MethodPost, path, b, append([]string{"Content-Type", "application/json"}, headers...)...)
}

func (ts *testServer) metrics(t *testing.T) string {
	t.Helper()
	return ts.do(t, http.MethodGet, "/metrics", nil).String()
}

// checkFor polls until fn returns "" or the time is up.
func checkFor(t *testing.T, total time.Duration, fn func() string) {
	t.Helper()
	deadline := time.Now().Add(total)
	for {
		msg := fn()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

const sample = "mail bob@example.com, key AKIAZ3MSJV4WXLGPTQ7R"

func TestEndpoints(t *testing.T) {
	ts := newTestServer(t, Config{})
	json := "application/json"
	tests := []struct {
		name, method, path string
		ctype              string
		body               string
		status             int
		want               []string
		not                []string
	}{
		{"redact json", "POST", "/v1/redact", json, `{"text":"` + sample + `"}`, 200,
			[]string{`"redacted":"mail <EMAIL_ADDRESS>, key <AWS_ACCESS_KEY_ID>"`, `"rule":"email"`, `"start":5`, `"policy":"default"`}, []string{"bob@example.com", "AKIAZ3"}},
		{"redact text/plain", "POST", "/v1/redact", "text/plain; charset=utf-8", sample, 200,
			[]string{`<EMAIL_ADDRESS>`, `"type":"AWS_ACCESS_KEY_ID"`}, []string{"bob@example.com"}},
		{"redact clean", "POST", "/v1/redact", json, `{"text":"nothing here"}`, 200,
			[]string{`"redacted":"nothing here"`, `"findings":[]`}, nil},
		{"redact named policy", "POST", "/v1/redact", json, `{"text":"x","policy":"default"}`, 200, []string{`"redacted":"x"`}, nil},
		{"scan", "POST", "/v1/scan", json, `{"text":"` + sample + `"}`, 200,
			[]string{`"findings":[{"type":"EMAIL_ADDRESS"`, `"end":20`}, []string{"redacted", "bob@example.com"}},
		{"batch items", "POST", "/v1/redact/batch", json, `{"items":[{"id":1,"text":"a bob@example.com"},{"id":"two","text":"clean"}]}`, 200,
			[]string{`{"id":1,"redacted":"a <EMAIL_ADDRESS>"`, `{"id":"two","redacted":"clean"}`}, []string{"bob@"}},
		{"batch texts", "POST", "/v1/redact/batch", json, `{"texts":["bob@example.com","x"]}`, 200,
			[]string{`"redacted":"<EMAIL_ADDRESS>"`, `"redacted":"x"`}, nil},
		{"stream", "POST", "/v1/redact/stream", "text/plain", sample, 200, []string{"mail <EMAIL_ADDRESS>, key <AWS_ACCESS_KEY_ID>"}, nil},
		{"rules", "GET", "/v1/rules", "", "", 200, []string{`"id":"email"`, `"type":"EMAIL_ADDRESS"`, `"action":"replace"`}, nil},
		{"supportedentities", "GET", "/supportedentities", "", "", 200, []string{`"EMAIL_ADDRESS"`}, nil},
		{"recognizers", "GET", "/recognizers", "", "", 200, []string{`["sluice"]`}, nil},
		{"anonymizers", "GET", "/anonymizers", "", "", 200, []string{`"mask"`, `"replace"`}, nil},
		{"presidio health", "GET", "/health", "", "", 200, []string{"is up"}, nil},
		{"analyze", "POST", "/analyze", json, `{"text":"` + sample + `","language":"en"}`, 200, []string{`"entity_type":"EMAIL_ADDRESS","start":5,"end":20`}, []string{"bob@"}},
		{"anonymize", "POST", "/anonymize", json, `{"text":"` + sample + `","analyzer_results":[{"start":5,"end":20,"score":1,"entity_type":"EMAIL_ADDRESS"}]}`, 200, []string{`"text":"mail <EMAIL_ADDRESS>, key`}, []string{"bob@"}},
		{"healthz", "GET", "/healthz", "", "", 200, []string{`"status":"ok"`}, nil},
		{"readyz", "GET", "/readyz", "", "", 200, []string{`"status":"ready"`}, nil},
		{"metrics", "GET", "/metrics", "", "", 200, []string{"sluice_http_requests_total", "sluice_policy_info"}, nil},
		{"not found", "GET", "/nope", "", "", 404, []string{`"error":"no such endpoint"`}, nil},
		{"wrong method", "GET", "/v1/redact", "", "", 405, []string{"method not allowed"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			r := ts.do(t, tc.method, tc.path, body, "Content-Type", tc.ctype)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r)
			}
			if v := r.header.Get(HeaderPolicyVersion); v != "1" {
				t.Errorf("%s = %q, want 1", HeaderPolicyVersion, v)
			}
			if r.header.Get(HeaderRequestID) == "" {
				t.Error("no request id header")
			}
			for _, w := range tc.want {
				if !strings.Contains(r.String(), w) {
					t.Errorf("body lacks %s:\n%s", w, r)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(r.String(), n) {
					t.Errorf("body contains %s:\n%s", n, r)
				}
			}
		})
	}
	m := ts.metrics(t)
	for _, w := range []string{
		`sluice_findings_total{rule="email",type="EMAIL_ADDRESS"}`,
		`sluice_http_requests_total{code="200",endpoint="redact"}`,
		`sluice_scanned_bytes_total{endpoint="redact"}`,
		`sluice_http_request_duration_seconds_bucket{endpoint="redact"`,
		`sluice_rejected_requests_total{reason="method"} 1`,
	} {
		if !strings.Contains(m, w) {
			t.Errorf("metrics lack %s", w)
		}
	}
	logs := ts.logs.String()
	if !strings.Contains(logs, `"msg":"request"`) || !strings.Contains(logs, `"fp":"`) || !strings.Contains(logs, `"rule":"aws-access-key-id"`) {
		t.Errorf("audit log lacks request lines with fingerprints:\n%s", logs)
	}
}

// blockRecognizer holds a scan until released or until its context ends.
type blockRecognizer struct {
	entered chan struct{}
	release chan struct{}
}

func (b *blockRecognizer) Recognize(ctx context.Context, _ []byte, dst []engine.Finding) ([]engine.Finding, error) {
	if b.entered != nil {
		select {
		case b.entered <- struct{}{}:
		default:
		}
	}
	select {
	case <-ctx.Done():
		return dst, ctx.Err()
	case <-b.release:
		return dst, nil
	}
}

func withRecognizer(r engine.Recognizer) func(*engine.Policy) (*engine.Scanner, error) {
	return func(p *engine.Policy) (*engine.Scanner, error) { return engine.Compile(p, engine.WithRecognizer(r)) }
}

func gz(t *testing.T, enc codec.Encoding, b []byte) []byte {
	t.Helper()
	z, err := codec.Encode(enc, b)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func TestFailures(t *testing.T) {
	ts := newTestServer(t, Config{MaxBodyBytes: 1 << 10, MaxFindings: 2, MaxBatchItems: 3})
	big := newTestServer(t, Config{MaxBodyBytes: 64 << 10})
	slow := newTestServer(t, Config{ScanTimeout: 30 * time.Millisecond, StreamTimeout: 30 * time.Millisecond, Compile: withRecognizer(&blockRecognizer{})})
	bomb := gz(t, codec.Gzip, make([]byte, 16<<20))
	three := `{"text":"a@example.com b@example.com c@example.com"}`
	tests := []struct {
		name     string
		srv      *testServer
		path     string
		body     []byte
		headers  []string
		status   int
		want     string
		failOpen string // metric that must count it
	}{
		{"too large", ts, "/v1/redact", []byte(`{"text":"` + strings.Repeat("a", 2000) + `"}`), nil, 413, "exceeds 1024 bytes", `reason="too_large"`},
		{"gzip bomb", big, "/v1/redact", bomb, []string{"Content-Encoding", "gzip", "Content-Type", "text/plain"}, 413, "decoded request body exceeds", `reason="too_large"`},
		{"zstd bomb", big, "/v1/scan", gz(t, codec.Zstd, make([]byte, 16<<20)), []string{"Content-Encoding", "zstd", "Content-Type", "text/plain"}, 413, "decoded request body exceeds", ""},
		{"corrupt gzip", ts, "/v1/redact", []byte("\x1f\x8b\x08\x00garbage-garbage"), []string{"Content-Encoding", "gzip"}, 400, "does not decode as gzip", `reason="corrupt_encoding"`},
		{"truncated s2", ts, "/v1/redact", gz(t, codec.S2, []byte(`{"text":"hello there"}`))[:12], []string{"Content-Encoding", "s2"}, 400, "does not decode as s2", ""},
		{"unsupported encoding", ts, "/v1/redact", []byte(`{}`), []string{"Content-Encoding", "br"}, 415, "unsupported Content-Encoding", `reason="unsupported_encoding"`},
		{"unsupported media type", ts, "/v1/redact", []byte(`a=b`), []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported Content-Type", `reason="unsupported_media_type"`},
		{"text/plain not for batch", ts, "/v1/redact/batch", []byte(`x`), []string{"Content-Type", "text/plain"}, 415, "want application/json)", ""},
		{"malformed json", ts, "/v1/redact", []byte(`{"text": "abc`), nil, 400, "malformed JSON", `reason="bad_json"`},
		{"syntax error", ts, "/v1/redact", []byte(`{"text" "abc"}`), nil, 400, "malformed JSON at byte offset", ""},
		{"wrong type", ts, "/v1/redact", []byte(`{"text": 4111111111111111}`), nil, 400, "field text has the wrong type", ""},
		{"unknown field", ts, "/v1/redact", []byte(`{"txt": "a"}`), nil, 400, "unknown field", ""},
		{"trailing data", ts, "/v1/redact", []byte(`{"text": "a"} {}`), nil, 400, "unexpected data after", ""},
		{"empty body", ts, "/v1/redact", []byte(``), nil, 400, "empty request body", ""},
		{"missing text", ts, "/v1/scan", []byte(`{"policy":"default"}`), nil, 400, `missing field \"text\"`, ""},
		{"invalid utf-8", ts, "/v1/redact", []byte("{\"text\":\"ok \xff\xfe\"}"), nil, 400, "not valid UTF-8 (first bad byte at offset 12)", `reason="invalid_utf8"`},
		{"invalid utf-8 text", ts, "/v1/redact", []byte("ok \xc3"), []string{"Content-Type", "text/plain"}, 400, "not valid UTF-8", ""},
		{"unknown policy", ts, "/v1/redact", []byte(`{"text":"a","policy":"nope"}`), nil, 400, "unknown policy id", `reason="unknown_policy"`},
		{"too many findings", ts, "/v1/redact", []byte(three), nil, 422, "too many findings", `sluice_fail_closed_total{reason="too_many_findings"}`},
		{"batch empty", ts, "/v1/redact/batch", []byte(`{"items":[]}`), nil, 400, "no texts", ""},
		{"batch too many", ts, "/v1/redact/batch", []byte(`{"texts":["a","b","c","d"]}`), nil, 413, "batch has 4 items, limit 3", ""},
		{"batch missing text", ts, "/v1/redact/batch", []byte(`{"items":[{"id":1}]}`), nil, 400, "item 0: missing field", ""},
		{"timeout", slow, "/v1/redact", []byte(`{"text":"` + sample + `"}`), nil, 503, "scan deadline exceeded", `sluice_fail_closed_total{reason="timeout"}`},
		{"timeout scan", slow, "/v1/scan", []byte(`{"text":"` + sample + `"}`), nil, 503, "fail closed", ""},
		{"timeout batch", slow, "/v1/redact/batch", []byte(`{"texts":["` + sample + `"]}`), nil, 503, "fail closed", ""},
		{"timeout analyze", slow, "/analyze", []byte(`{"text":"` + sample + `","language":"en"}`), nil, 503, "fail closed", ""},
		{"timeout stream", slow, "/v1/redact/stream", []byte(sample), []string{"Content-Type", "text/plain"}, 503, "fail closed", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.headers
			if len(h) == 0 || (h[0] != "Content-Type" && (len(h) < 3 || h[2] != "Content-Type")) {
				h = append([]string{"Content-Type", "application/json"}, h...)
			}
			r := tc.srv.do(t, http.MethodPost, tc.path, tc.body, h...)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r)
			}
			if !strings.Contains(r.String(), tc.want) {
				t.Errorf("body %s lacks %q", r, tc.want)
			}
			if !strings.Contains(r.String(), `"request_id":"`) {
				t.Errorf("error body without request id: %s", r)
			}
			if strings.Contains(r.String(), "bob@example.com") || strings.Contains(r.String(), "AKIAZ3") || strings.Contains(r.String(), "4111") {
				t.Errorf("error body leaks input: %s", r)
			}
			if r.header.Get(HeaderPolicyVersion) == "" {
				t.Error("no policy version header on an error")
			}
			if r.status == 503 && r.header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			if tc.failOpen != "" && !strings.Contains(tc.srv.metrics(t), tc.failOpen) {
				t.Errorf("metrics lack %s", tc.failOpen)
			}
		})
	}
}

func TestBatchItemFailsClosedAlone(t *testing.T) {
	ts := newTestServer(t, Config{MaxFindings: 1})
	r := ts.postJSON(t, "/v1/redact/batch", map[string]any{"items": []map[string]any{
		{"id": "a", "text": "x@example.com y@example.com"},
		{"id": "b", "text": "z@example.com"},
	}})
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r)
	}
	var out batchResponse
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	if out.Results[0].Redacted != nil || out.Results[0].Error == "" {
		t.Errorf("item over the findings cap returned text: %+v", out.Results[0])
	}
	if out.Results[1].Redacted == nil || *out.Results[1].Redacted != "<EMAIL_ADDRESS>" {
		t.Errorf("good item lost: %+v", out.Results[1])
	}
	if strings.Contains(r.String(), "@example.com") {
		t.Errorf("batch leaks: %s", r)
	}
}

func TestCompression(t *testing.T) {
	ts := newTestServer(t, Config{})
	text := strings.Repeat("contact bob@example.com about the invoice. ", 60)
	want := strings.Repeat("contact <EMAIL_ADDRESS> about the invoice. ", 60)
	for _, enc := range []codec.Encoding{codec.Gzip, codec.Zstd, codec.S2} {
		t.Run(string(enc), func(t *testing.T) {
			body := gz(t, enc, []byte(text))
			r := ts.do(t, http.MethodPost, "/v1/redact", body,
				"Content-Type", "text/plain", "Content-Encoding", string(enc), "Accept-Encoding", string(enc))
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r)
			}
			if got := r.header.Get("Content-Encoding"); got != string(enc) {
				t.Fatalf("Content-Encoding %q, want %s", got, enc)
			}
			plain, err := codec.Decode(enc, r.body, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			var out redactResponse
			if err := json.Unmarshal(plain, &out); err != nil {
				t.Fatal(err)
			}
			if out.Redacted != want {
				t.Errorf("redacted text differs")
			}
		})
	}
	t.Run("identity when not accepted", func(t *testing.T) {
		r := ts.do(t, http.MethodPost, "/v1/redact", []byte(text), "Content-Type", "text/plain", "Accept-Encoding", "br, gzip;q=0")
		if r.header.Get("Content-Encoding") != "" || !strings.Contains(r.String(), "<EMAIL_ADDRESS>") {
			t.Errorf("unexpected encoding %q", r.header.Get("Content-Encoding"))
		}
	})
}

func TestPickEncoding(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""}, {"gzip", "gzip"}, {"gzip, zstd", "zstd"}, {"gzip;q=1, zstd;q=0.5", "gzip"},
		{"br", ""}, {"s2", "s2"}, {"zstd;q=0, gzip", "gzip"}, {"x-snappy-framed", "s2"},
	}
	for _, tc := range tests {
		if got := string(pickEncoding(tc.in)); got != tc.want {
			t.Errorf("pickEncoding(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
