package detectors_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

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

// TestCompileCatalogueBudget guards the one-second compile budget with
// room for a loaded, shared machine, and logs the figures (-v).
func TestCompileCatalogueBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	start := time.Now()
	s, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	d := time.Since(start)
	secrets := 0
	for _, r := range detectors.Builtin() {
		if r.Category == detectors.Secret {
			secrets++
		}
	}
	t.Logf("compiled %d rules (%d secret) in %v; scanner heap %.1f MiB", s.NumRules(), secrets, d, float64(scannerHeap(t))/(1<<20))
	if d > 3*time.Second {
		t.Errorf("compiling the catalogue took %v (budget 1s)", d)
	}
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
