package httpload

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/httpapi"
)

var (
	target = flag.String("httpload.url", "", "benchmark this running server (loopback) instead of an in-process one, e.g. http://127.0.0.1:8080/v1/redact")
	rate   = flag.Float64("httpload.rate", 5000, "fixed rate of the fixed-rate benchmark, requests/s")
	conns  = flag.Int("httpload.conns", 32, "connections (workers)")
)

// startServer runs the real service (real http.Server settings, audit
// log to a real JSON handler writing to io.Discard) on a loopback port.
func startServer(tb testing.TB) string {
	tb.Helper()
	srv, err := httpapi.New(httpapi.Config{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Error(err)
		}
	})
	return "http://" + ln.Addr().String() + "/v1/redact"
}

// cpuTime is the user+system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestBody(t *testing.T) {
	b := Body(4096)
	var v struct{ Text string }
	if len(b) != 4096 || json.Unmarshal(b, &v) != nil || v.Text == "" {
		t.Fatalf("Body(4096): %d bytes, valid JSON %v", len(b), json.Valid(b))
	}
}

func TestRun(t *testing.T) {
	url := startServer(t)
	res, err := Run(context.Background(), Options{URL: url, Body: Body(4096), Requests: 50, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 50 || res.Errors != 0 || res.P50 <= 0 || res.P99 < res.P50 || res.Max < res.P99 {
		t.Fatalf("unexpected result: %s", res)
	}
	// A fixed rate with a duration bound stops on time.
	res, err = Run(context.Background(), Options{URL: url, Body: Body(4096), Rate: 200, Duration: 100 * time.Millisecond, Concurrency: 2})
	if err != nil || res.Requests == 0 || res.Requests > 21 {
		t.Fatalf("duration-bounded run: %v %s", err, res)
	}
}

func TestRunRefuses(t *testing.T) {
	tests := []struct {
		name string
		o    Options
	}{
		{"remote host", Options{URL: "http://example.com/v1/redact", Requests: 1}},
		{"any address", Options{URL: "http://0.0.0.0:8080/v1/redact", Requests: 1}},
		{"unbounded", Options{URL: "http://127.0.0.1:1/v1/redact"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Run(context.Background(), tc.o); err == nil {
				t.Fatal("ran")
			}
		})
	}
	if _, err := Run(context.Background(), tests[0].o); !errors.Is(err, ErrNotLoopback) {
		t.Errorf("error %v, want ErrNotLoopback", err)
	}
}

// BenchmarkServe drives POST /v1/redact with 4 KiB JSON bodies over
// keep-alive connections on loopback: once at a fixed rate (latency at
// load) and once closed-loop (maximum rate). b.N is the request count.
//
//	go test -run '^$' -bench . -benchtime 20000x ./bench/httpload
func BenchmarkServe(b *testing.B) {
	url := *target
	if url == "" {
		url = startServer(b)
	}
	body := Body(4096)
	// Warm the connections and the scanner's pools.
	if _, err := Run(context.Background(), Options{URL: url, Body: body, Requests: 2000, Concurrency: *conns}); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, o Options) {
		o.URL, o.Body, o.Requests = url, body, b.N
		b.SetBytes(int64(len(body)))
		cpu0 := cpuTime()
		b.ResetTimer()
		res, err := Run(context.Background(), o)
		b.StopTimer()
		cpu := cpuTime() - cpu0
		if err != nil {
			b.Fatal(err)
		}
		if res.Errors > 0 {
			b.Errorf("%d errors", res.Errors)
		}
		b.ReportMetric(res.Throughput, "req/s")
		b.ReportMetric(float64(res.P50.Microseconds()), "p50-µs")
		b.ReportMetric(float64(res.P99.Microseconds()), "p99-µs")
		b.ReportMetric(float64(res.P999.Microseconds()), "p99.9-µs")
		b.ReportMetric(float64(res.Late), "late")
		// CPU of this process (load generator and, when in-process, the
		// server) per request: what the figures would be on idle cores.
		b.ReportMetric(float64(cpu.Microseconds())/float64(res.Requests), "cpu-µs/req")
		b.Log(res)
	}
	b.Run("fixed-rate", func(b *testing.B) { run(b, Options{Rate: *rate, Concurrency: *conns}) })
	b.Run("max-rate", func(b *testing.B) { run(b, Options{Concurrency: 8}) })
}

// BenchmarkEngineOnly is the scan part of one request (Redact of the
// same 4 KiB text, no HTTP): BenchmarkServe minus this is the service's
// own cost.
func BenchmarkEngineOnly(b *testing.B) {
	sc, err := engine.Compile(nil)
	if err != nil {
		b.Fatal(err)
	}
	var req struct{ Text string }
	if err := json.Unmarshal(Body(4096), &req); err != nil {
		b.Fatal(err)
	}
	text := []byte(req.Text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sc.Redact(context.Background(), text); err != nil {
			b.Fatal(err)
		}
	}
}
