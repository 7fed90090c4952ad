package detectors_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

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
