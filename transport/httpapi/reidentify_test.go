package httpapi

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

const (
	keyGamma = "gamma-key-0123456789abcdef"
	acmeYAML = "id: acme-enc\nversion: \"3\"\nbuiltin: [email, aws-access-key-id]\nhash_key: acme-secret-0123456789\nactions:\n  EMAIL_ADDRESS: {op: encrypt}\n"
	betaYAML = "id: beta-enc\nbuiltin: [email]\nhash_key: beta-secret-0123456789\nactions:\n  EMAIL_ADDRESS: {op: encrypt}\n"
)

// reidServer: acme and beta encrypt with their own keys, gamma has the
// built-in policy (no encrypt action).
func reidServer(t *testing.T) *testServer {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "acme.yaml"), acmeYAML)
	writeFile(t, filepath.Join(dir, "beta.yaml"), betaYAML)
	writeFile(t, filepath.Join(dir, "keys"), keyAcme+" acme acme.yaml\n"+keyBeta+" beta beta.yaml\n"+keyGamma+" gamma\n")
	ks, err := LoadKeys(filepath.Join(dir, "keys"))
	if err != nil {
		t.Fatal(err)
	}
	return newTestServer(t, Config{Keys: ks})
}

type auditLine struct {
	Endpoint string `json:"endpoint"`
	Tenant   string `json:"tenant"`
	Status   int    `json:"status"`
	Findings int    `json:"findings"`
	Items    []struct {
		Type  string `json:"type"`
		Start int    `json:"start"`
		End   int    `json:"end"`
		FP    string `json:"fp"`
	} `json:"items"`
}

func auditLines(t *testing.T, logs, endpoint string) []auditLine {
	t.Helper()
	var out []auditLine
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var a auditLine
		if json.Unmarshal([]byte(l), &a) == nil && a.Endpoint == endpoint {
			out = append(out, a)
		}
	}
	return out
}

// TestReidentifyEndpoint: redact with encrypt, then reidentify through the
// authenticated endpoint on a loopback server.
func TestReidentifyEndpoint(t *testing.T) {
	ts := reidServer(t)
	in := "Mail bob@example.com, cc ana.lima@example.es, key AKIAZ3MSJV4WXLGPTQ7R, bob@example.com"
	acme := []string{"Authorization", "Bearer " + keyAcme}
	r := ts.postJSON(t, "/v1/redact", map[string]string{"text": in}, acme...)
	var red struct{ Redacted string }
	if r.status != 200 || json.Unmarshal(r.body, &red) != nil || strings.Count(red.Redacted, "<EMAIL_ADDRESS!") != 3 {
		t.Fatalf("redact: %d %s", r.status, r)
	}
	want := strings.Replace(in, "AKIAZ3MSJV4WXLGPTQ7R", "<AWS_ACCESS_KEY_ID>", 1)

	r = ts.postJSON(t, "/v1/reidentify", map[string]string{"text": red.Redacted}, acme...)
	if r.status != 200 {
		t.Fatalf("reidentify: %d %s", r.status, r)
	}
	var got reidentifyResponse
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Text != want || got.Restored != 3 || got.Unrestored != 0 || got.Policy != "acme-enc" || !strings.HasPrefix(got.PolicyVersion, "3+") {
		t.Fatalf("reidentify: %+v", got)
	}
	// text/plain works too.
	r = ts.do(t, http.MethodPost, "/v1/reidentify", []byte(red.Redacted), append([]string{"Content-Type", "text/plain"}, acme...)...)
	if r.status != 200 || !strings.Contains(r.String(), `"text":"`+want+`"`) {
		t.Fatalf("text/plain: %d %s", r.status, r)
	}

	// The audit line lists the restored tokens with the fingerprints the
	// redaction logged for the same values, and no value.
	logs := ts.logs.String()
	reds, reids := auditLines(t, logs, "redact"), auditLines(t, logs, "reidentify")
	if len(reds) != 1 || len(reids) != 2 {
		t.Fatalf("audit lines: %d redact, %d reidentify\n%s", len(reds), len(reids), logs)
	}
	a := reids[0]
	if a.Tenant != "acme" || a.Status != 200 || a.Findings != 3 || len(a.Items) != 3 {
		t.Fatalf("audit %+v", a)
	}
	for i, it := range a.Items {
		if it.Type != "EMAIL_ADDRESS" || it.FP == "" || red.Redacted[it.Start] != '<' || red.Redacted[it.End-1] != '>' {
			t.Errorf("audit item %d: %+v", i, it)
		}
	}
	var redFPs []string
	for _, it := range reds[0].Items {
		if it.Type == "EMAIL_ADDRESS" {
			redFPs = append(redFPs, it.FP)
		}
	}
	if len(redFPs) != 3 || a.Items[0].FP != redFPs[0] || a.Items[1].FP != redFPs[1] || a.Items[2].FP != redFPs[2] || a.Items[0].FP != a.Items[2].FP {
		t.Errorf("fingerprints: reidentify %+v, redact %v", a.Items, redFPs)
	}
	for _, v := range []string{"bob@", "ana.lima", "AKIAZ3"} {
		if strings.Contains(logs, v) {
			t.Errorf("log holds a value (%s)", v)
		}
	}
}

func TestReidentifyRefusals(t *testing.T) {
	ts := reidServer(t)
	acme := []string{"Authorization", "Bearer " + keyAcme}
	r := ts.postJSON(t, "/v1/redact", map[string]string{"text": "mail bob@example.com"}, acme...)
	var red struct{ Redacted string }
	if json.Unmarshal(r.body, &red) != nil || !strings.Contains(red.Redacted, "<EMAIL_ADDRESS!") {
		t.Fatalf("redact: %s", r)
	}
	tests := []struct {
		name    string
		method  string
		body    map[string]string
		headers []string
		status  int
		want    string
	}{
		{"no key", "POST", map[string]string{"text": red.Redacted}, nil, 401, "missing or unknown API key"},
		{"wrong key", "POST", map[string]string{"text": red.Redacted}, []string{"X-API-Key", "wrong-key-0123456789abcdef"}, 401, "unknown API key"},
		{"another tenant's policy", "POST", map[string]string{"text": red.Redacted, "policy": "acme-enc"}, []string{"X-API-Key", keyBeta}, 403, "not available to this API key"},
		{"no encrypt action", "POST", map[string]string{"text": red.Redacted}, []string{"X-API-Key", keyGamma}, 404, "policy default has no encrypt action: nothing to reidentify"},
		{"missing text", "POST", map[string]string{"txt": "x"}, acme, 400, "malformed JSON"},
		{"wrong method", "GET", nil, acme, 405, "use POST"},
		// beta's key cannot open acme's tokens: 200, the text unchanged.
		{"another key's tokens", "POST", map[string]string{"text": red.Redacted}, []string{"X-API-Key", keyBeta}, 200, `"text":"` + red.Redacted + `","restored":0,"unrestored":1`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r reply
			if tc.method == "GET" {
				r = ts.do(t, http.MethodGet, "/v1/reidentify", nil, tc.headers...)
			} else {
				r = ts.postJSON(t, "/v1/reidentify", tc.body, tc.headers...)
			}
			if r.status != tc.status || !strings.Contains(r.String(), tc.want) {
				t.Fatalf("status %d, want %d; body %s lacks %q", r.status, tc.status, r, tc.want)
			}
			if tc.status != 200 && strings.Contains(r.String(), "bob@") {
				t.Fatal("an error answer holds the value")
			}
		})
	}

	// Without API keys there is no tenant: the endpoint refuses.
	open := newTestServer(t, Config{PolicyPath: writeTemp(t, "id: e\nbuiltin: [email]\nhash_key: open-secret-0123456789\nactions:\n  EMAIL_ADDRESS: {op: encrypt}\n")})
	r = open.postJSON(t, "/v1/reidentify", map[string]string{"text": red.Redacted})
	if r.status != 403 || !strings.Contains(r.String(), "reidentify needs API keys") {
		t.Fatalf("no keys: %d %s", r.status, r)
	}
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "policy.yaml")
	writeFile(t, p, content)
	return p
}
