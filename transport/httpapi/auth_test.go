package httpapi

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	keyAcme  = "acme-key-0123456789abcdef"
	keyBeta  = "beta-key-0123456789abcdef"
	maskYAML = `id: masked
version: "7"
actions:
  EMAIL_ADDRESS: {op: mask, char: "#"}
`
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// keyedServer has tenant acme on the default policy and tenant beta on
// its own masking policy.
func keyedServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "masked.yaml"), maskYAML)
	writeFile(t, filepath.Join(dir, "keys"), "# key tenant policy\n"+keyAcme+" acme\n\n"+keyBeta+" beta masked.yaml\n")
	ks, err := LoadKeys(filepath.Join(dir, "keys"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Keys = ks
	return newTestServer(t, cfg)
}

func TestAuth(t *testing.T) {
	ts := keyedServer(t, Config{})
	body := []byte(`{"text":"mail bob@example.com"}`)
	tests := []struct {
		name    string
		path    string
		headers []string
		status  int
		want    string
		version string
	}{
		{"no key", "/v1/redact", nil, 401, "missing or unknown API key", "1"},
		{"wrong key", "/v1/redact", []string{"Authorization", "Bearer wrong-key-0123456789abcdef"}, 401, "missing or unknown API key", "1"},
		{"key prefix", "/v1/redact", []string{"X-API-Key", keyAcme[:20]}, 401, "unknown API key", "1"},
		{"basic scheme", "/v1/redact", []string{"Authorization", "Basic " + keyAcme}, 401, "unknown API key", "1"},
		{"bearer", "/v1/redact", []string{"Authorization", "Bearer " + keyAcme}, 200, `"redacted":"mail <EMAIL_ADDRESS>"`, "1"},
		{"x-api-key", "/v1/redact", []string{"X-API-Key", keyAcme}, 200, `<EMAIL_ADDRESS>`, "1"},
		{"tenant policy", "/v1/redact", []string{"X-API-Key", keyBeta}, 200, `"redacted":"mail ###############"`, "7+"},
		{"tenant rules", "/v1/rules", []string{"X-API-Key", keyBeta}, 200, `"policy":"masked"`, "7+"},
		{"rules need a key", "/v1/rules", nil, 401, "API key", "1"},
		{"health is open", "/healthz", nil, 200, "ok", "1"},
		{"metrics are open", "/metrics", nil, 200, "sluice_", "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodPost
			var b []byte = body
			if tc.path != "/v1/redact" {
				method, b = http.MethodGet, nil
			}
			r := ts.do(t, method, tc.path, b, append([]string{"Content-Type", "application/json"}, tc.headers...)...)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r)
			}
			if !strings.Contains(r.String(), tc.want) {
				t.Errorf("body %s lacks %s", r, tc.want)
			}
			if v := r.header.Get(HeaderPolicyVersion); !strings.HasPrefix(v, tc.version) {
				t.Errorf("policy version %q, want prefix %q", v, tc.version)
			}
			if r.status == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	t.Run("other tenant's policy is forbidden", func(t *testing.T) {
		r := ts.postJSON(t, "/v1/redact", map[string]string{"text": "x", "policy": "masked"}, "X-API-Key", keyAcme)
		if r.status != 403 {
			t.Fatalf("status %d: %s", r.status, r)
		}
	})
	logs := ts.logs.String()
	for _, k := range []string{keyAcme, keyBeta, keyAcme[:20], "wrong-key"} {
		if strings.Contains(logs, k) || strings.Contains(ts.metrics(t), k) {
			t.Errorf("a key shows in logs or metrics")
		}
	}
	if !strings.Contains(logs, `"tenant":"beta"`) {
		t.Error("audit log lacks the tenant")
	}
}

func TestKeyRotation(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys")
	writeFile(t, filepath.Join(dir, "masked.yaml"), maskYAML)
	writeFile(t, keys, keyAcme+" acme\n")
	ks, err := LoadKeys(keys)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{Keys: ks, KeysPath: keys})
	status := func(key string) int {
		return ts.postJSON(t, "/v1/scan", map[string]string{"text": "x"}, "X-API-Key", key).status
	}
	if status(keyAcme) != 200 || status(keyBeta) != 401 {
		t.Fatal("initial keys wrong")
	}
	// Rotate: beta in (with its own policy), acme out.
	writeFile(t, keys, keyBeta+" beta masked.yaml\n")
	if err := ts.Reload(); err != nil {
		t.Fatal(err)
	}
	if status(keyAcme) != 401 || status(keyBeta) != 200 {
		t.Fatal("rotation not applied")
	}
	r := ts.postJSON(t, "/v1/redact", map[string]string{"text": "bob@example.com"}, "X-API-Key", keyBeta)
	if !strings.HasPrefix(r.header.Get(HeaderPolicyVersion), "7+") {
		t.Errorf("new tenant's policy not loaded: %s", r.header.Get(HeaderPolicyVersion))
	}
	// A broken key file keeps the keys in force.
	writeFile(t, keys, "short beta\n")
	if err := ts.Reload(); err == nil {
		t.Fatal("broken key file accepted")
	}
	if status(keyBeta) != 200 {
		t.Fatal("broken key file dropped the keys in force")
	}
	if strings.Contains(ts.logs.String(), keyBeta) || strings.Contains(ts.logs.String(), "short beta") {
		t.Error("log shows key material")
	}
}

func TestParseKeys(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"ok", "k0123456789abcdefg t1\nk0123456789abcdefh t2 p.yaml\n", ""},
		{"short key", "short t1\n", ":1: key shorter than 16"},
		{"one field", "\n# c\nk0123456789abcdefg\n", ":3: want KEY TENANT"},
		{"too many fields", "k0123456789abcdefg t1 p.yaml extra\n", "got 4 fields"},
		{"bad tenant", "k0123456789abcdefg t/1\n", "tenant name"},
		{"duplicate", "k0123456789abcdefg t1\nk0123456789abcdefg t2\n", ":2: duplicate key"},
		{"empty", "# nothing\n", "no keys"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ks, err := ParseKeys("/etc/sluice/keys", []byte(tc.data))
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if ks.Len() != 2 || ks.keys[1].PolicyPath != "/etc/sluice/p.yaml" {
					t.Errorf("parsed %+v", ks.keys)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrKeyFile) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "k0123456789abcdefg") {
				t.Error("error quotes the key")
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	ts := keyedServer(t, Config{RateLimit: 0.5, RateBurst: 2})
	send := func(key string) reply {
		return ts.postJSON(t, "/v1/scan", map[string]string{"text": "x"}, "X-API-Key", key)
	}
	for i := range 2 {
		if r := send(keyAcme); r.status != 200 {
			t.Fatalf("request %d within burst: %d", i, r.status)
		}
	}
	r := send(keyAcme)
	if r.status != 429 {
		t.Fatalf("status %d, want 429", r.status)
	}
	if ra := r.header.Get("Retry-After"); ra != "2" {
		t.Errorf("Retry-After %q, want 2", ra)
	}
	if r := send(keyBeta); r.status != 200 {
		t.Errorf("other tenant limited too: %d", r.status)
	}
	if !strings.Contains(ts.metrics(t), `sluice_rejected_requests_total{reason="rate_limited"} 1`) {
		t.Error("rate limit not counted")
	}
}
