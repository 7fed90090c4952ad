package httpapi

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/transport/codec"
)

// Canary values: each is something the engine finds, so a leak through
// any path is a real leak of a secret or of PII.
var canaries = []string{
	"AKIAZ3MSJV4WXLGPTQ7R",    // AWS access key id
	"canary.7731@example.com", // email
	"4111111111111111",        // card number
}

const canaryText = "key AKIAZ3MSJV4WXLGPTQ7R mail canary.7731@example.com card 4111111111111111"

// TestCanaryNeverLeaks plants canaries through every endpoint and every
// error path, then proves that no log line, metric or error body (and no
// redacted answer) contains one.
func TestCanaryNeverLeaks(t *testing.T) {
	plain := newTestServer(t, Config{MaxBodyBytes: 4 << 10, MaxStreamBytes: 4 << 10, MaxFindings: 2, MaxBatchItems: 2})
	keyed := keyedServer(t, Config{RateLimit: 0.001, RateBurst: 1})
	slow := newTestServer(t, Config{ScanTimeout: 20 * time.Millisecond, StreamTimeout: 20 * time.Millisecond, Compile: withRecognizer(&blockRecognizer{})})
	ok := newTestServer(t, Config{})

	j := func(s string) []byte { return []byte(s) }
	ct := "Content-Type"
	big := strings.Repeat(canaryText+" ", 100)
	type call struct {
		name    string
		srv     *testServer
		method  string
		path    string
		body    []byte
		headers []string
		// echo: a success answer that returns caller data by design
		// (Presidio anonymize items); its body is not checked.
		echo bool
	}
	calls := []call{
		// Successful answers: redacted, so no canary either.
		{"redact", ok, "POST", "/v1/redact", j(`{"text":"` + canaryText + `"}`), []string{ct, "application/json"}, false},
		{"redact text", ok, "POST", "/v1/redact", j(canaryText), []string{ct, "text/plain"}, false},
		{"scan", ok, "POST", "/v1/scan", j(`{"text":"` + canaryText + `"}`), nil, false},
		{"batch", ok, "POST", "/v1/redact/batch", j(`{"texts":["` + canaryText + `","` + canaryText + `"]}`), nil, false},
		{"stream", ok, "POST", "/v1/redact/stream", j(canaryText), []string{ct, "text/plain"}, false},
		{"analyze", ok, "POST", "/analyze", j(`{"text":"` + canaryText + `","language":"en","return_decision_process":true}`), nil, false},
		{"anonymize", ok, "POST", "/anonymize", j(`{"text":"` + canaryText + `","analyzer_results":[{"start":4,"end":24,"score":1,"entity_type":"AKIAZ3MSJV4WXLGPTQ7R"}]}`), nil, true},
		// Error paths.
		{"413 body", plain, "POST", "/v1/redact", j(`{"text":"` + big + `"}`), nil, false},
		{"413 bomb", plain, "POST", "/v1/redact", gz(t, codec.Zstd, []byte(big+big+big)), []string{"Content-Encoding", "zstd", ct, "text/plain"}, false},
		{"415 type", plain, "POST", "/v1/redact", j(canaryText), []string{ct, "application/xml"}, false},
		{"415 encoding", plain, "POST", "/v1/redact", j(canaryText), []string{"Content-Encoding", "AKIAZ3MSJV4WXLGPTQ7R"}, false},
		{"400 truncated json", plain, "POST", "/v1/redact", j(`{"text":"` + canaryText), nil, false},
		{"400 bare value", plain, "POST", "/v1/redact", j(`{"text": AKIAZ3MSJV4WXLGPTQ7R}`), nil, false},
		{"400 number", plain, "POST", "/v1/redact", j(`{"text": 4111111111111111}`), nil, false},
		{"400 unknown field", plain, "POST", "/v1/redact", j(`{"AKIAZ3MSJV4WXLGPTQ7R": "x", "text": "y"}`), nil, false},
		{"400 utf-8", plain, "POST", "/v1/redact", j("{\"text\":\"" + canaryText + "\xff\"}"), nil, false},
		{"400 corrupt gzip", plain, "POST", "/v1/redact", j("\x1f\x8b\x08\x00" + canaryText), []string{"Content-Encoding", "gzip"}, false},
		{"400 unknown policy", plain, "POST", "/v1/redact", j(`{"text":"x","policy":"AKIAZ3MSJV4WXLGPTQ7R"}`), nil, false},
		{"400 policy query", plain, "POST", "/v1/redact?policy=canary.7731@example.com", j(canaryText), []string{ct, "text/plain"}, false},
		{"422 findings", plain, "POST", "/v1/redact", j(`{"text":"` + canaryText + `"}`), nil, false},
		{"422 batch item", plain, "POST", "/v1/redact/batch", j(`{"items":[{"id":1,"text":"` + canaryText + `"}]}`), nil, false},
		{"413 batch items", plain, "POST", "/v1/redact/batch", j(`{"texts":["` + canaryText + `","a","b"]}`), nil, false},
		{"400 batch no text", plain, "POST", "/v1/redact/batch", j(`{"items":[{"id":"x","txt":"` + canaryText + `"}]}`), nil, false},
		{"405", plain, "PUT", "/v1/redact", j(canaryText), nil, false},
		{"404", plain, "POST", "/AKIAZ3MSJV4WXLGPTQ7R", j(canaryText), nil, false},
		{"stream 413", plain, "POST", "/v1/redact/stream", j(big), []string{ct, "text/plain"}, false},
		{"stream corrupt", plain, "POST", "/v1/redact/stream", j("\x1f\x8b\x08\x00" + canaryText), []string{"Content-Encoding", "gzip"}, false},
		{"analyze bad", plain, "POST", "/analyze", j(`{"text":"` + canaryText + `","ad_hoc_recognizers":[{"name":"AKIAZ3MSJV4WXLGPTQ7R"}]}`), nil, false},
		{"analyze 413", plain, "POST", "/analyze", j(`{"text":"` + big + `"}`), nil, false},
		{"anonymize range", plain, "POST", "/anonymize", j(`{"text":"` + canaryText + `","analyzer_results":[{"start":0,"end":9999,"entity_type":"AKIAZ3MSJV4WXLGPTQ7R"}]}`), nil, false},
		{"anonymize operator", plain, "POST", "/anonymize", j(`{"text":"` + canaryText + `","anonymizers":{"DEFAULT":{"type":"AKIAZ3MSJV4WXLGPTQ7R"}}}`), nil, false},
		{"401 no key", keyed, "POST", "/v1/redact", j(`{"text":"` + canaryText + `"}`), nil, false},
		{"401 canary key", keyed, "POST", "/v1/redact", j(`{"text":"` + canaryText + `"}`), []string{"X-API-Key", "AKIAZ3MSJV4WXLGPTQ7R"}, false},
		{"401 canary bearer", keyed, "POST", "/v1/redact", j(`{"text":"` + canaryText + `"}`), []string{"Authorization", "Bearer canary.7731@example.com"}, false},
		{"403 policy", keyed, "POST", "/v1/redact", j(`{"text":"` + canaryText + `","policy":"AKIAZ3MSJV4WXLGPTQ7R"}`), []string{"X-API-Key", keyAcme}, false},
		{"429", keyed, "POST", "/v1/redact", j(`{"text":"` + canaryText + `"}`), []string{"X-API-Key", keyAcme}, false},
		{"503 redact", slow, "POST", "/v1/redact", j(`{"text":"` + canaryText + `"}`), nil, false},
		{"503 batch", slow, "POST", "/v1/redact/batch", j(`{"texts":["` + canaryText + `"]}`), nil, false},
		{"503 stream", slow, "POST", "/v1/redact/stream", j(canaryText), []string{ct, "text/plain"}, false},
		{"503 analyze", slow, "POST", "/analyze", j(`{"text":"` + canaryText + `"}`), nil, false},
	}
	statuses := map[int]bool{}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			h := c.headers
			if !hasHeader(h, ct) {
				h = append([]string{ct, "application/json"}, h...)
			}
			r, err := c.srv.send(c.method, c.path, c.body, h...)
			if err != nil {
				// An oversized body can be cut off by the server before
				// the client reads the 413: nothing was returned at all.
				if strings.Contains(c.name, "413") {
					return
				}
				t.Fatal(err)
			}
			statuses[r.status] = true
			if c.echo {
				return
			}
			for _, cn := range canaries {
				if strings.Contains(r.String(), cn) {
					t.Errorf("status %d body contains canary %s: %s", r.status, cn, r)
				}
			}
		})
	}
	for _, want := range []int{200, 400, 401, 403, 404, 405, 413, 415, 422, 429, 503} {
		if !statuses[want] {
			t.Errorf("no call answered %d; the canary test must cover it", want)
		}
	}
	for name, srv := range map[string]*testServer{"plain": plain, "keyed": keyed, "slow": slow, "ok": ok} {
		logs, metrics := srv.logs.String(), srv.metrics(t)
		if !strings.Contains(logs, `"msg":"request"`) {
			t.Errorf("%s: no audit lines at all", name)
		}
		for _, cn := range canaries {
			if strings.Contains(logs, cn) {
				t.Errorf("%s: log contains canary %s", name, cn)
			}
			if strings.Contains(metrics, cn) {
				t.Errorf("%s: metrics contain canary %s", name, cn)
			}
		}
	}
}

func hasHeader(h []string, name string) bool {
	for i := 0; i < len(h); i += 2 {
		if http.CanonicalHeaderKey(h[i]) == name {
			return true
		}
	}
	return false
}
