package httpapi

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
)

func TestFastTextRequest(t *testing.T) {
	tests := []struct {
		in     string
		ok     bool
		text   string
		policy string
	}{
		{`{"text":"a"}`, true, "a", ""},
		{" {\n\t\"policy\" : \"p\" ,\r\n \"text\":\"x\\\"y\\\\z\\/\\n\\t\\r\\b\\f\"} \n", true, "x\"y\\z/\n\t\r\b\f", "p"},
		{`{"text":"Zoë ✓"}`, true, "Zoë ✓", ""},
		{`{"text":""}`, true, "", ""},
		{`{"text":"\u00e9\ud83d\ude00"}`, true, "é😀", ""},
		{`{"text":"a","text":"b"}`, false, "", ""}, // duplicate key
		{`{"text":"a","Text":"b"}`, false, "", ""}, // duplicate under case folding
		{`{"text":"a","x":1}`, false, "", ""},
		{`{"policy":"p"}`, false, "", ""},
		{`{"text":null}`, false, "", ""},
		{`{"text":"a"} x`, false, "", ""},
		{`{"text":"a"`, false, "", ""},
		{"{\"text\":\"a\x01\"}", false, "", ""},
		{`{"TEXT":"a"}`, false, "", ""},
		{`["text"]`, false, "", ""},
		{``, false, "", ""},
	}
	for _, tc := range tests {
		text, policy, ok := fastTextRequest([]byte(tc.in))
		if ok != tc.ok || (ok && (string(text) != tc.text || policy != tc.policy)) {
			t.Errorf("fastTextRequest(%q) = %q, %q, %v; want %q, %q, %v", tc.in, text, policy, ok, tc.text, tc.policy, tc.ok)
		}
		if ok {
			var req textRequest
			if err := json.Unmarshal([]byte(tc.in), &req); err != nil || *req.Text != string(text) || req.Policy != policy {
				t.Errorf("%q: encoding/json disagrees: %v", tc.in, err)
			}
		}
	}
}

// randomText mixes the bytes JSON treats specially with multi-byte runes.
func randomText(r *rand.Rand) string {
	parts := []string{"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\x00", "\x1f", "<", ">", "&",
		"é", "✓", "\u2028", "\u2029", "😀", "bob@example.com", "AKIAZ3MSJV4WXLGPTQ7R"}
	var b strings.Builder
	for range r.IntN(40) {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}

func TestFastJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		s := randomText(r)
		// Decoding: whatever the fast path accepts, it reads as
		// encoding/json does.
		body, _ := json.Marshal(map[string]string{"text": s, "policy": "p"})
		if text, policy, ok := fastTextRequest(body); ok && (string(text) != s || policy != "p") {
			t.Fatalf("decode %q: got %q", body, text)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := jsonx.AppendString(nil, []byte(s)); string(got)+"\n" != buf.String() {
			t.Fatalf("encode %q: got %s want %s", s, got, buf.String())
		}
	}
	resp := redactResponse{
		Redacted: "x <EMAIL_ADDRESS> \"y\"",
		Findings: []engine.Finding{
			{Type: "EMAIL_ADDRESS", Category: "pii", Rule: "email", Start: 2, End: 17, Score: 0.85},
			{Type: "CREDIT_CARD", Category: "pii", Rule: "credit-card", Start: 20, End: 36, Score: 1, Verified: "luhn"},
			{Type: "X", Category: "custom", Rule: "r", Start: 0, End: 1, Score: 0.3333333333333333},
		},
		Policy: "default", PolicyVersion: "1+ab", Degraded: []string{"ner: time budget exceeded"},
	}
	for _, rr := range []redactResponse{resp, {Redacted: "", Findings: []engine.Finding{}, Policy: "p", PolicyVersion: "1"}} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rr); err != nil {
			t.Fatal(err)
		}
		if got := appendRedactResponse(nil, []byte(rr.Redacted), &rr); string(got) != buf.String() {
			t.Errorf("got  %s\nwant %s", got, buf.String())
		}
	}
}

// Every JSON endpoint reads bodies through jsonx: a member name that
// repeats, in any letter case, is refused, since encoding/json alone
// would pick one of the two and the caller may mean the other.
func TestDuplicateMembersRefused(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, tc := range []struct{ path, body string }{
		{"/v1/redact", `{"text":"a","text":"jane@example.com"}`},
		{"/v1/redact", `{"text":"a","TEXT":"jane@example.com"}`},
		{"/v1/scan", `{"policy":"default","text":"a","Policy":"x"}`},
		{"/v1/redact/batch", `{"texts":["a"],"Texts":["jane@example.com"]}`},
		{"/analyze", `{"text":"jane@example.com","language":"en","language":"de"}`},
	} {
		r := ts.do(t, "POST", tc.path, []byte(tc.body), "Content-Type", "application/json")
		if r.status != 400 || !strings.Contains(string(r.body), "duplicate member name") || strings.Contains(string(r.body), "jane@") {
			t.Errorf("%s %s: %d %s", tc.path, tc.body, r.status, r.body)
		}
	}
}
