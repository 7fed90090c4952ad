package httpapi

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	rec := &blockRecognizer{entered: make(chan struct{}, 1), release: make(chan struct{})}
	logs := &syncBuffer{}
	s, err := New(Config{Compile: withRecognizer(rec), ScanTimeout: time.Minute, ShutdownGrace: 10 * time.Second,
		Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Post(url+"/v1/redact", "application/json", strings.NewReader(`{"text":"`+sample+`"}`))
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		done <- result{status: resp.StatusCode, body: string(b)}
	}()
	<-rec.entered // the request is being scanned
	cancel()      // SIGTERM
	checkFor(t, 5*time.Second, func() string {
		if s.ready.Load() {
			return "still ready after shutdown began"
		}
		return ""
	})
	// New connections are refused once shutdown has begun.
	checkFor(t, 5*time.Second, func() string {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second)
		if err == nil {
			c.Close()
			return "listener still accepting"
		}
		return ""
	})
	select {
	case err := <-served:
		t.Fatalf("Serve returned with a request in flight: %v", err)
	default:
	}
	close(rec.release)
	r := <-done
	if r.err != nil || r.status != 200 || !strings.Contains(r.body, "<AWS_ACCESS_KEY_ID>") {
		t.Fatalf("in-flight request: %+v", r)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

func TestHotReload(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.yaml")
	policy := func(version, op string) string {
		return "id: p\nversion: \"" + version + "\"\nactions:\n  EMAIL_ADDRESS: {op: " + op + "}\n"
	}
	writeFile(t, path, policy("1", "replace"))
	ts := newTestServer(t, Config{PolicyPath: path})
	redact := func() reply {
		return ts.postJSON(t, "/v1/redact", map[string]string{"text": "bob@example.com"})
	}
	r := redact()
	if v := r.header.Get(HeaderPolicyVersion); !strings.HasPrefix(v, "1+") || !strings.Contains(r.String(), "<EMAIL_ADDRESS>") {
		t.Fatalf("v1: %s %s", v, r)
	}

	t.Run("good policy via Reload (SIGHUP)", func(t *testing.T) {
		writeFile(t, path, policy("2", "drop"))
		if err := ts.Reload(); err != nil {
			t.Fatal(err)
		}
		r := redact()
		if v := r.header.Get(HeaderPolicyVersion); !strings.HasPrefix(v, "2+") || !strings.Contains(r.String(), `"redacted":""`) {
			t.Fatalf("after reload: %s %s", v, r)
		}
	})
	t.Run("broken policy keeps the old one", func(t *testing.T) {
		writeFile(t, path, "id: p\nversion: \"3\"\nactions: [oops\n")
		err := ts.Reload()
		if err == nil {
			t.Fatal("broken policy loaded")
		}
		r := redact()
		if v := r.header.Get(HeaderPolicyVersion); !strings.HasPrefix(v, "2+") || r.status != 200 {
			t.Fatalf("after broken reload: %s %d", v, r.status)
		}
		if !strings.Contains(ts.logs.String(), "policy reload failed; keeping the active policies") {
			t.Error("failed reload not logged")
		}
		if !strings.Contains(ts.metrics(t), `sluice_policy_reloads_total{result="error"} 1`) {
			t.Error("failed reload not counted")
		}
	})
	t.Run("file change is picked up", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go ts.WatchPolicies(ctx, 5*time.Millisecond)
		writeFile(t, path, policy("4", "mask")+"# a longer file so the size changes\n")
		// Generous: compiling the built-in rules is slow under -race.
		checkFor(t, time.Minute, func() string {
			r := redact()
			if v := r.header.Get(HeaderPolicyVersion); !strings.HasPrefix(v, "4+") {
				return "version still " + v
			}
			if bytes.Contains(r.body, []byte("bob@")) {
				return "mask policy not applied: " + r.String()
			}
			return ""
		})
	})
}
