//go:build unix

package detectors_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/bench"
	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// realText is about 1 MiB of Go sources (the standard library's net/http,
// tests left out), the real technical text throughput is quoted on.
func realText(tb testing.TB) []byte {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", "net", "http", "*.go"))
	if err != nil || len(files) == 0 {
		tb.Skip("no Go sources under GOROOT")
	}
	var out []byte
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b...)
		if len(out) >= 1<<20 {
			return out[:1<<20]
		}
	}
	return out
}

// BenchmarkProviderTable scans sparse generated answers and real text
// (Go sources) with the full built-in policy with and without the
// provider table's rows, alternating the two scanners in every iteration
// so that both see the same load. It reports each one's MB/s from its
// median wall time, "ratio" (with ÷ without, wall) and "cpu-ratio", the
// same from the process's CPU time, which a loaded machine disturbs far
// less: the provider table must keep them at 0.90 or more. The prefilter
// sub-benchmarks do the same for the keyword pass alone.
func BenchmarkProviderTable(b *testing.B) {
	all := detectors.Builtin()
	var without []detectors.Rule
	for _, r := range all {
		if !strings.HasPrefix(r.ID, "provider-") {
			without = append(without, r)
		}
	}
	var scanners [2]*engine.Scanner
	for i, rules := range [][]detectors.Rule{all, without} {
		s, err := engine.Compile(engine.DefaultPolicy(), engine.WithBuiltin(rules))
		if err != nil {
			b.Fatal(err)
		}
		scanners[i] = s
	}
	texts := []struct {
		name string
		text []byte
	}{
		{"sparse", bench.Text(bench.Generate(bench.Config{Seed: 1, Size: 1 << 20, Kind: bench.Sparse}), 1<<20)},
		{"real", realText(b)},
	}
	for _, stage := range []string{"scan", "prefilter"} {
		for _, t := range texts {
			b.Run(stage+"/"+t.name, func(b *testing.B) {
				var times [2][]time.Duration
				var cpu [2]time.Duration
				for b.Loop() {
					for i, s := range scanners {
						c0, t0 := cpuTime(b), time.Now()
						if stage == "prefilter" {
							s.PrefilterOnly(t.text)
						} else if _, _, err := s.AppendFindings(context.Background(), t.text, nil); err != nil {
							b.Fatal(err)
						}
						times[i] = append(times[i], time.Since(t0))
						cpu[i] += cpuTime(b) - c0
					}
				}
				var med [2]float64
				for i := range times {
					slices.Sort(times[i])
					med[i] = times[i][len(times[i])/2].Seconds()
				}
				mb := float64(len(t.text)) / 1e6
				b.ReportMetric(mb/med[0], "with-MB/s")
				b.ReportMetric(mb/med[1], "without-MB/s")
				b.ReportMetric(med[1]/med[0], "ratio")
				b.ReportMetric(cpu[1].Seconds()/cpu[0].Seconds(), "cpu-ratio")
			})
		}
	}
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
