package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveLog is a goroutine-safe log sink.
type serveLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *serveLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *serveLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listeningRe = regexp.MustCompile(`"msg":"sluice serve listening","addr":"([^"]+)"`)

// waitListening waits for serve's "listening" line and returns the address.
func waitListening(t *testing.T, logs *serveLog) string {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if m := listeningRe.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", logs.String())
		}
	}
}

func TestServeFlagErrors(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(broken, []byte("id: x\nactions: [oops\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	shortKeys := filepath.Join(dir, "keys")
	if err := os.WriteFile(shortKeys, []byte("short tenant\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"any address without keys", []string{"--http", "0.0.0.0:0"}, "not a loopback address"},
		{"public name without keys", []string{"--http", "example.com:8080"}, "--insecure-no-auth"},
		{"missing key file", []string{"--api-keys", filepath.Join(dir, "nope")}, "api keys"},
		{"bad key file", []string{"--api-keys", shortKeys}, "key shorter than 16"},
		{"broken policy", []string{"--policy", broken}, "broken.yaml"},
		{"bad log level", []string{"--log-level", "loud"}, "--log-level"},
	}
	for _, tc := range []struct{ name, listen, want string }{
		{"embedded nats beyond loopback without auth", "0.0.0.0:0", "--nats-token, --nats-user/--nats-password, --nats-nkeys or --nats-config"},
		{"token with user", "127.0.0.1:0 --nats-token t --nats-user u --nats-password p", "cannot be combined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"serve", "--http", "127.0.0.1:0", "--data-dir", t.TempDir(), "--nats-listen"}, strings.Fields(tc.listen)...)
			out, errs, code := sluice(t, "", args...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr %q (want %q), stdout %q", code, errs, tc.want, out)
			}
		})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := sluice(t, "", append([]string{"serve", "--nats=false"}, tc.args...)...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr %q (want %q), stdout %q", code, errs, tc.want, out)
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	tests := map[string]bool{
		"127.0.0.1:8080": true, "localhost:80": true, "[::1]:8080": true, "127.1.2.3:1": true,
		":8080": false, "0.0.0.0:8080": false, "10.0.0.1:80": false, "example.com:80": false, "bad": false,
	}
	for addr, want := range tests {
		if got := isLoopback(addr); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

// TestServeStartsAndStops runs the command as `sluice serve` does, asks
// it for a redaction, and stops it the way SIGTERM does (context end).
func TestServeStartsAndStops(t *testing.T) {
	var logs serveLog
	cmd := newServeCmd()
	cmd.SetArgs([]string{"--http", "127.0.0.1:0", "--nats=false"})
	cmd.SetErr(&logs)
	cmd.SetOut(io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	addr := waitListening(t, &logs)
	resp, err := http.Post("http://"+addr+"/v1/redact", "application/json", strings.NewReader(`{"text":"mail bob@example.com"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<EMAIL_ADDRESS>") || resp.Header.Get("Sluice-Policy-Version") == "" {
		t.Fatalf("redact: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "serving WITHOUT authentication") {
		t.Error("no warning about serving without auth")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	if strings.Contains(logs.String(), "bob@example.com") {
		t.Error("log contains the value")
	}
}
