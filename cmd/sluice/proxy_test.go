package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestProxyUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"proxy"},
		{"proxy", "--upstream", "ftp://x"},
		{"proxy", "--upstream", "not a url"},
		{"proxy", "--upstream", "http://127.0.0.1:1", "--policy", "/does/not/exist.yaml"},
		{"proxy", "--upstream", "http://127.0.0.1:1", "--thinking", "keep"},
	} {
		_, stderr, code := sluice(t, "", args...)
		if code != 2 || !strings.HasPrefix(stderr, "sluice: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for a writer and a poller.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestProxyCommand runs `sluice proxy` against a fake OpenAI upstream
// and checks a streamed answer arrives redacted, then stops it.
func TestProxyCommand(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, p := range []string{"mail bob@exa", "mple.com now"} {
			_, _ = io.WriteString(w, `data: {"choices":[{"index":0,"delta":{"content":"`+p+`"},"finish_reason":null}]}`+"\n\n")
		}
		_, _ = io.WriteString(w, `data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`+"\n\ndata: [DONE]\n\n")
	}))
	defer up.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs lockedBuffer
	cmd := newProxyCmd()
	cmd.SetArgs([]string{"--listen", "127.0.0.1:0", "--upstream", up.URL})
	cmd.SetErr(&logs)
	cmd.SetOut(io.Discard)
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()

	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); {
		for _, line := range strings.Split(logs.String(), "\n") {
			var rec struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "sluice proxy listening" {
				addr = rec.Addr
			}
		}
		if addr == "" {
			select {
			case err := <-done:
				t.Fatalf("proxy exited: %v; logs %s", err, logs.String())
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	if addr == "" {
		t.Fatalf("proxy did not start; logs %s", logs.String())
	}
	resp, err := http.Post("http://"+addr+"/v1/chat/completions", "application/json", strings.NewReader(`{"stream":true}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(body), "bob") || !strings.Contains(string(body), "<EMAIL_ADDRESS>") {
		t.Fatalf("answer not redacted: %q", body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("proxy stopped with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("proxy did not stop")
	}
}
