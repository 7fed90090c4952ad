package bench

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/engine"
)

// The hot-path benchmarks. Compare runs with benchstat:
//
//	go test -bench 'Scan|Prefilter' -benchmem -run '^$' -count 6 ./bench/ > new.txt
//	go test -tags stdregexp -bench 'Scan|Prefilter' -benchmem -run '^$' ./bench/   # naive baseline
//
// BenchmarkScan/<corpus>/<size> scans one text of that size with the
// default policy; BenchmarkPrefilter runs only the keyword pass over the
// same text, so Scan MB/s ÷ Prefilter MB/s is the share of the ceiling
// the full scan reaches. Each also reports p50-ns and p99-ns per scan.

var benchSizes = []struct {
	name string
	size int
}{{"1KiB", 1 << 10}, {"4KiB", 4 << 10}, {"64KiB", 64 << 10}, {"1MiB", 1 << 20}}

// textKinds are the corpus kinds made of model answers; the adversarial
// inputs have their own benchmark.
var textKinds = []Kind{Sparse, Dense, Clean, Digits}

var benchState struct {
	once  sync.Once
	s     *engine.Scanner
	err   error
	texts map[Kind]map[int][]byte
}

func benchSetup(b *testing.B) (*engine.Scanner, map[Kind]map[int][]byte) {
	b.Helper()
	benchState.once.Do(func() {
		benchState.s, benchState.err = engine.Compile(engine.DefaultPolicy())
		benchState.texts = map[Kind]map[int][]byte{}
		for _, k := range textKinds {
			docs := Generate(Config{Seed: 1, Size: 1 << 20, Kind: k})
			m := map[int][]byte{}
			for _, sz := range benchSizes {
				m[sz.size] = Text(docs, sz.size)
			}
			benchState.texts[k] = m
		}
	})
	if benchState.err != nil {
		b.Fatal(benchState.err)
	}
	return benchState.s, benchState.texts
}

// timed runs fn b.N times, timing each call, and reports the median and
// 99th percentile besides the usual ns/op.
func timed(b *testing.B, fn func()) {
	times := make([]time.Duration, 0, min(b.N, 1<<20))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		fn()
		if len(times) < cap(times) {
			times = append(times, time.Since(t0))
		}
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(times[min(len(times)-1, len(times)*99/100)].Nanoseconds()), "p99-ns")
}

func BenchmarkScan(b *testing.B) {
	s, texts := benchSetup(b)
	ctx := context.Background()
	for _, k := range textKinds {
		b.Run(k.String(), func(b *testing.B) {
			for _, sz := range benchSizes {
				text := texts[k][sz.size]
				b.Run(sz.name, func(b *testing.B) {
					var fs []engine.Finding
					b.SetBytes(int64(len(text)))
					b.ReportAllocs()
					timed(b, func() {
						var err error
						fs, _, err = s.AppendFindings(ctx, text, fs[:0])
						if err != nil {
							b.Fatal(err)
						}
					})
				})
			}
		})
	}
}

func BenchmarkPrefilter(b *testing.B) {
	s, texts := benchSetup(b)
	for _, k := range textKinds {
		b.Run(k.String(), func(b *testing.B) {
			for _, sz := range benchSizes {
				text := texts[k][sz.size]
				b.Run(sz.name, func(b *testing.B) {
					b.SetBytes(int64(len(text)))
					b.ReportAllocs()
					timed(b, func() { s.PrefilterOnly(text) })
				})
			}
		})
	}
}

// BenchmarkRedact is Scan plus applying the default actions (replace).
func BenchmarkRedact(b *testing.B) {
	s, texts := benchSetup(b)
	ctx := context.Background()
	for _, k := range []Kind{Sparse, Dense} {
		text := texts[k][64<<10]
		b.Run(k.String()+"/64KiB", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Redact(ctx, text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGenerate keeps the corpus generator cheap enough for CI.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(1 << 20)
	for b.Loop() {
		Generate(Config{Seed: 1, Size: 1 << 20, Kind: Sparse})
	}
}

// BenchmarkScanParallel scans 4 KiB answers from every core at once: it
// shows whether the scratch pool and the keyword matcher scale.
func BenchmarkScanParallel(b *testing.B) {
	s, texts := benchSetup(b)
	ctx := context.Background()
	text := texts[Sparse][4<<10]
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var fs []engine.Finding
		for pb.Next() {
			var err error
			if fs, _, err = s.AppendFindings(ctx, text, fs[:0]); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkCompile is the cost of compiling the default policy (startup,
// hot reload).
func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Compile(engine.DefaultPolicy()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAdversarial scans each adversarial input (see adversaries) of
// 64 KiB and 1 MiB with the default policy: each must stay linear, within
// a small factor of ordinary text.
func BenchmarkAdversarial(b *testing.B) {
	s, _ := benchSetup(b)
	ctx := context.Background()
	for _, size := range []int{64 << 10, 1 << 20} {
		docs := Generate(Config{Seed: 1, Size: size * len(adversaries), Kind: Adversarial})
		for _, d := range docs {
			text := []byte(d.Text)
			name := strings.TrimPrefix(d.ID, AdversarialPrefix) + "/" + FormatSize(len(text))
			b.Run(name, func(b *testing.B) {
				var fs []engine.Finding
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					var err error
					fs, _, err = s.AppendFindings(ctx, text, fs[:0])
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkAdversarialPrefilter is the keyword pass alone over the same
// inputs.
func BenchmarkAdversarialPrefilter(b *testing.B) {
	s, _ := benchSetup(b)
	for _, d := range Generate(Config{Seed: 1, Size: (1 << 20) * len(adversaries), Kind: Adversarial}) {
		text := []byte(d.Text)
		b.Run(strings.TrimPrefix(d.ID, AdversarialPrefix), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				s.PrefilterOnly(text)
			}
		})
	}
}
