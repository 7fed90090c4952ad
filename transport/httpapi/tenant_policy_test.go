package httpapi

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// customYAML adds a rule the built-in policy lacks, so a test can tell
// which policy answered.
const customYAML = `id: custom
version: "3"
rules:
  - id: ticket
    type: TICKET_ID
    category: custom
    keywords: ["tkt-"]
    pattern: 'TKT-[0-9]{6}'
    score: 0.9
    max_len: 10
    tp: ["«TKT-123456»"]
`

// TestKeyWithoutPolicyGetsServePolicy: a key line without a policy file
// gets serve --policy, not the built-in policy (custom rules stay on).
func TestKeyWithoutPolicyGetsServePolicy(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "custom.yaml"), customYAML)
	writeFile(t, filepath.Join(dir, "masked.yaml"), maskYAML)
	writeFile(t, filepath.Join(dir, "keys"), keyAcme+" acme\n"+keyBeta+" beta masked.yaml\n")
	ks, err := LoadKeys(filepath.Join(dir, "keys"))
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{Keys: ks, PolicyPath: filepath.Join(dir, "custom.yaml")})
	r := ts.postJSON(t, "/v1/redact", map[string]string{"text": "see TKT-123456"}, "X-API-Key", keyAcme)
	if r.status != 200 || !strings.Contains(r.String(), `"redacted":"see <TICKET_ID>"`) || r.header.Get(HeaderPolicy) != "custom" {
		t.Fatalf("acme: %d %s %v", r.status, r, r.header)
	}
	r = ts.postJSON(t, "/v1/redact", map[string]string{"text": "see TKT-123456"}, "X-API-Key", keyBeta)
	if r.status != 200 || !strings.Contains(r.String(), `"redacted":"see TKT-123456"`) || r.header.Get(HeaderPolicy) != "masked" {
		t.Fatalf("beta: %d %s %v", r.status, r, r.header)
	}
}

// TestTenantWithTwoPolicies: one tenant, two policies is refused at load
// and on reload (the old set stays), naming the line.
func TestTenantWithTwoPolicies(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "custom.yaml"), customYAML)
	writeFile(t, filepath.Join(dir, "masked.yaml"), maskYAML)
	keys := filepath.Join(dir, "keys")
	for _, tc := range []struct {
		lines string
		ok    bool
	}{
		{keyAcme + " acme masked.yaml\n" + keyBeta + " acme custom.yaml\n", false},
		{keyAcme + " acme masked.yaml\n" + keyBeta + " acme\n", false},              // serve policy differs
		{keyAcme + " acme custom.yaml\n" + keyBeta + " acme\n", true},               // same file in the end
		{keyAcme + " acme masked.yaml\n" + keyBeta + " acme ./masked.yaml\n", true}, // same file, two spellings
	} {
		writeFile(t, keys, tc.lines)
		ks, err := LoadKeys(keys)
		if err != nil {
			t.Fatal(err)
		}
		_, err = New(Config{Keys: ks, KeysPath: keys, PolicyPath: filepath.Join(dir, "custom.yaml")})
		if tc.ok {
			if err != nil {
				t.Errorf("%q: %v", tc.lines, err)
			}
			continue
		}
		if !errors.Is(err, ErrKeyFile) || !strings.Contains(fmtErr(err), "keys:2: tenant acme already has policy") {
			t.Errorf("%q: error %v", tc.lines, err)
		}
		if strings.Contains(fmtErr(err), keyAcme) || strings.Contains(fmtErr(err), keyBeta) {
			t.Error("the error shows a key")
		}
	}

	writeFile(t, keys, keyAcme+" acme masked.yaml\n")
	ks, err := LoadKeys(keys)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{Keys: ks, KeysPath: keys})
	writeFile(t, keys, keyAcme+" acme masked.yaml\n"+keyBeta+" acme custom.yaml\n")
	if err := ts.Reload(); err == nil {
		t.Fatal("reload accepted one tenant with two policies")
	}
	r := ts.postJSON(t, "/v1/redact", map[string]string{"text": "mail bob@example.com"}, "X-API-Key", keyAcme)
	if r.status != 200 || r.header.Get(HeaderPolicy) != "masked" {
		t.Fatalf("after the failed reload: %d %s", r.status, r)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestFailedAuthLimit: an address that keeps presenting wrong keys gets
// 429 with Retry-After after the burst, before its keys are looked at;
// metrics and logs never show a presented key.
func TestFailedAuthLimit(t *testing.T) {
	ts := keyedServer(t, Config{AuthFailRate: 0.5, AuthFailBurst: 3})
	wrong := "wrong-key-0123456789abcdef"
	for i := range 3 {
		r := ts.postJSON(t, "/v1/redact", map[string]string{"text": "x"}, "X-API-Key", wrong)
		if r.status != 401 {
			t.Fatalf("failure %d: status %d", i, r.status)
		}
	}
	r := ts.postJSON(t, "/v1/redact", map[string]string{"text": "x"}, "X-API-Key", wrong)
	if r.status != 429 || r.header.Get("Retry-After") == "" || !strings.Contains(r.String(), "too many failed authentications") {
		t.Fatalf("after the burst: %d %s %v", r.status, r, r.header)
	}
	// The block is per address and applies to any key until tokens are
	// back (a good key cannot be confirmed by timing meanwhile).
	if r := ts.postJSON(t, "/v1/redact", map[string]string{"text": "x"}, "X-API-Key", keyAcme); r.status != 429 {
		t.Fatalf("good key while blocked: %d", r.status)
	}
	time.Sleep(2100 * time.Millisecond) // one token back at 0.5/s
	if r := ts.postJSON(t, "/v1/redact", map[string]string{"text": "x"}, "X-API-Key", keyAcme); r.status != 200 {
		t.Fatalf("good key after the refill: %d %s", r.status, r)
	}
	if strings.Contains(ts.logs.String(), wrong) || strings.Contains(ts.metrics(t), wrong) {
		t.Fatal("a presented key reached the logs or metrics")
	}
}
