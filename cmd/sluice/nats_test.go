package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/natsbus"
	"github.com/spf13/pflag"
)

// natsTestPolicy has two custom rules only, so these tests do not move
// with the built-in catalogue.
const natsTestPolicy = "../../transport/natsbus/testdata/policy.yaml"

func natsCheckFor(t *testing.T, total time.Duration, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(total)
	var err error
	for time.Now().Before(deadline) {
		if err = fn(); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("condition not met after %s: %v", total, err)
}

// syncBuf is a goroutine-safe log sink.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startBus runs runBus as serve does, on a free port, and returns the URL
// of its embedded server.
func startBus(t *testing.T, extra ...string) string {
	t.Helper()
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	cfg := addBusFlags(fs)
	args := append([]string{"--data-dir", t.TempDir(), "--nats-listen", "127.0.0.1:-1"}, extra...)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	p, err := engine.LoadPolicy(natsTestPolicy)
	if err != nil {
		t.Fatal(err)
	}
	s, err := engine.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuf
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runBus(ctx, cfg, func() *engine.Scanner { return s }, log) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("runBus: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("runBus did not return within 20s")
		}
	})
	urlRe := regexp.MustCompile(`msg="nats consumer started"`)
	var url string
	natsCheckFor(t, 10*time.Second, func() error {
		l := logs.String()
		if m := regexp.MustCompile(`url=(nats://\S+)`).FindStringSubmatch(l); m != nil && urlRe.MatchString(l) {
			url = m[1]
			return nil
		}
		return fmt.Errorf("bus not started; log: %s", l)
	})
	return url
}

// startSub runs `sluice nats sub` and returns once it listens; the
// channel gets its stdout, stderr and exit status.
func startSub(t *testing.T, args ...string) <-chan string {
	t.Helper()
	var out, errs syncBuf
	res := make(chan string, 1)
	go func() {
		code := run(args, strings.NewReader(""), &out, &errs)
		res <- fmt.Sprintf("%s%s(exit %d)", out.String(), errs.String(), code)
	}()
	natsCheckFor(t, 10*time.Second, func() error {
		if !strings.Contains(errs.String(), "listening on") {
			return fmt.Errorf("sub not listening: %s", errs.String())
		}
		return nil
	})
	return res
}

// TestServeBusPubSub is the README path: the bus of `sluice serve`,
// `sluice nats pub` in, `sluice nats sub` out.
func TestServeBusPubSub(t *testing.T) {
	url := startBus(t)
	subOut := startSub(t, "nats", "sub", "llm.redacted.>", "--nats-url", url, "--count", "2") // no --timeout
	natsCheckFor(t, 5*time.Second, func() error {
		out, errs, code := sluice(t, "", "nats", "pub", "--nats-url", url, "llm.responses.demo", "write to ana@example.com")
		if code != 0 || !strings.Contains(out, "stream LLM_RESPONSES, seq 1") {
			return fmt.Errorf("pub: %q %q %d", out, errs, code)
		}
		return nil
	})
	out, errs, code := sluice(t, "", "nats", "pub", "--nats-url", url, "--content-encoding", "zstd", "-H", "X-Request-Id: r1",
		"llm.responses.demo.x", "key sk-abcdefghijklmnopqrstuvwxyz0123")
	if code != 0 {
		t.Fatalf("pub: %q %q", out, errs)
	}
	var got string
	select {
	case got = <-subOut:
	case <-time.After(15 * time.Second):
		t.Fatal("sub did not finish")
	}
	for _, want := range []string{
		"[llm.redacted.demo]", "write to <EMAIL_ADDRESS>", "Sluice-Findings: 1", "Sluice-Types: EMAIL_ADDRESS", "Sluice-Policy: natsbus-test",
		"[llm.redacted.demo.x]", "key <GENERIC_SECRET>", "Content-Encoding: zstd", "X-Request-Id: r1", "(exit 0)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("sub output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ana@example.com") {
		t.Errorf("unredacted output:\n%s", got)
	}
}

// TestConsumeCommand: `sluice consume` against an existing server, in
// both modes.
func TestConsumeCommand(t *testing.T) {
	url := startNATS(t)
	tests := []struct {
		name string
		args []string
		in   string
	}{
		{"jetstream", []string{"--stream", "LLM_RESPONSES", "--create-streams"}, "llm.responses.js"},
		{"core json", []string{"--in", "core.responses.>", "--out", "core.redacted.>", "--json-paths", "openai"}, "core.responses.x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var stderr syncBuf
			done := make(chan int, 1)
			go func() {
				root := newRootCmd()
				root.SetArgs(append([]string{"consume", "--nats-url", url, "--policy", natsTestPolicy}, tt.args...))
				root.SetOut(&bytes.Buffer{})
				root.SetErr(&stderr)
				if err := root.ExecuteContext(ctx); err != nil {
					done <- 2
					return
				}
				done <- 0
			}()
			natsCheckFor(t, 10*time.Second, func() error {
				if !strings.Contains(stderr.String(), "nats consumer started") {
					return fmt.Errorf("not started: %s", stderr.String())
				}
				return nil
			})
			out := strings.Replace(tt.in, "responses", "redacted", 1)
			subOut := startSub(t, "nats", "sub", "--nats-url", url, out, "--count", "1", "--timeout", "10s", "--raw")
			payload := `{"choices":[{"message":{"content":"mail ana@example.com"}}]}`
			if _, e, code := sluice(t, "", "nats", "pub", "--nats-url", url, tt.in, payload); code != 0 {
				t.Fatalf("pub: %s", e)
			}
			got := <-subOut
			if !strings.Contains(got, `{"choices":[{"message":{"content":"mail <EMAIL_ADDRESS>"}}]}`) {
				t.Fatalf("sub: %q", got)
			}
			cancel()
			if code := <-done; code != 0 {
				t.Fatalf("consume exit %d: %s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "nats consumer drained") {
				t.Fatalf("no drain: %s", stderr.String())
			}
		})
	}
}

func TestNatsCommandErrors(t *testing.T) {
	url := startNATS(t)
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"sub timeout", []string{"nats", "sub", "--nats-url", url, "nothing.>", "--count", "1", "--timeout", "100ms"}, 1, "timed out after 100ms with 0 of 1"},
		{"bad mapping", []string{"consume", "--nats-url", url, "--policy", natsTestPolicy, "--in", "a.>", "--out", "b.*"}, 2, "same wildcards"},
		{"bad json path", []string{"consume", "--nats-url", url, "--policy", natsTestPolicy, "--json-paths", "choices[0].x"}, 2, "only []"},
		{"no server", []string{"nats", "pub", "--nats-url", "nats://127.0.0.1:1", "x", "y"}, 2, "connect"},
		{"bad header", []string{"nats", "pub", "--nats-url", url, "-H", "nocolon", "x", "y"}, 2, "NAME:VALUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := sluice(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.err) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errs, tt.code, tt.err)
			}
		})
	}
}

// startNATS runs an in-process NATS server with JetStream on a random
// loopback port for one test and returns its URL.
func startNATS(t *testing.T) string {
	t.Helper()
	srv, err := natsbus.StartServer(natsbus.ServerConfig{Listen: "127.0.0.1:-1", StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	return srv.ClientURL()
}
