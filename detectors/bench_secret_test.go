package detectors_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/bench"
	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// BenchmarkCompileCatalogue compiles the whole built-in catalogue and
// reports the heap a compiled scanner keeps (heap-B/scanner).
func BenchmarkCompileCatalogue(b *testing.B) {
	b.ReportAllocs()
	var keep *engine.Scanner
	for b.Loop() {
		s, err := engine.Compile(engine.DefaultPolicy())
		if err != nil {
			b.Fatal(err)
		}
		keep = s
	}
	b.StopTimer()
	b.ReportMetric(float64(scannerHeap(b)), "heap-B/scanner")
	b.ReportMetric(float64(keep.NumRules()), "rules")
}

// scannerHeap measures the live heap one compiled scanner adds.
func scannerHeap(tb testing.TB) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(s)
	if after.HeapInuse < before.HeapInuse {
		return 0
	}
	return after.HeapInuse - before.HeapInuse
}

// BenchmarkSecretScan/clean scans the clean corpus with the secret
// catalogue; BenchmarkSecretScan/prefilter is the keyword pass alone on
// the same text, the ceiling the full scan is compared with.
func BenchmarkSecretScan(b *testing.B) {
	p, err := engine.ParsePolicy("secrets", []byte("id: secrets\nbuiltin: secret\n"))
	if err != nil {
		b.Fatal(err)
	}
	s, err := engine.Compile(p)
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "clean", "*.md"))
	var docs [][]byte
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, data)
		size += len(data)
	}
	// Each answer is scanned on its own, as a model response would be.
	b.Run("clean", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				if _, _, err := s.AppendFindings(context.Background(), d, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("find-encoded", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		var regions []detectors.EncodedRegion
		for b.Loop() {
			for _, d := range docs {
				regions = detectors.FindEncoded(d, detectors.MaxEncodedDepth, regions[:0])
			}
		}
	})
	b.Run("prefilter", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, d := range docs {
				s.PrefilterOnly(d)
			}
		}
	})
}

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
// so that both see the same load (this machine is shared and noisy). It
// reports each one's MB/s from its median time and "ratio", with ÷
// without: the provider table must keep it at 0.90 or more. The
// prefilter sub-benchmarks do the same for the keyword pass alone.
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
				for b.Loop() {
					for i, s := range scanners {
						t0 := time.Now()
						if stage == "prefilter" {
							s.PrefilterOnly(t.text)
						} else if _, _, err := s.AppendFindings(context.Background(), t.text, nil); err != nil {
							b.Fatal(err)
						}
						times[i] = append(times[i], time.Since(t0))
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
			})
		}
	}
}
