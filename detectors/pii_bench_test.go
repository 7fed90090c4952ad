package detectors_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// Run with:
//
//	go test ./detectors/ -run '^$' -bench 'PII|Phone' -benchtime 2s
//
// BenchmarkPII is the whole PII catalogue over each corpus;
// BenchmarkPIIPrefilter is the keyword pass alone over the same input
// (the ceiling the issue compares against); BenchmarkPhone is the cost of
// one phone validation.

var proseWords = strings.Fields(`the a to of and in is that for it with as on be this by are
or from at an you can not your use will if function return value error request response server
client model output token context window cache retry timeout handler config deploy build test
release version update change file line code example query table index field record user data
stream batch worker queue message event log metric trace span latency throughput memory cpu`)

// sparseText is LLM-answer-like prose: sentences with the odd version,
// count or year, code spans, and one personal identifier every few KiB.
func sparseText(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	pii := []string{"Contact jane.doe@example.com for access.", "Call +44 20 7946 0958 after 5pm.",
		"Card 4111 1111 1111 1111 was declined.", "IBAN DE89 3704 0044 0532 0130 00 on file.",
		"SSN: 536-22-8714 in the form.", "Her BSN is 111222333."}
	var b strings.Builder
	for b.Len() < n {
		words := 8 + r.IntN(14)
		for i := 0; i < words; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			switch x := r.IntN(60); {
			case x == 0:
				fmt.Fprintf(&b, "v%d.%d.%d", r.IntN(3), r.IntN(30), r.IntN(10))
			case x == 1:
				fmt.Fprintf(&b, "%d", 1990+r.IntN(36))
			case x == 2:
				fmt.Fprintf(&b, "%d", r.IntN(10000))
			case x == 3:
				b.WriteString("`ctx.Err()`")
			default:
				b.WriteString(proseWords[r.IntN(len(proseWords))])
			}
		}
		b.WriteString(". ")
		if r.IntN(40) == 0 {
			b.WriteString(pii[r.IntN(len(pii))])
			b.WriteByte(' ')
		}
		if r.IntN(8) == 0 {
			b.WriteString("\n\n")
		}
	}
	return []byte(b.String()[:n])
}

// digitText is tables, CSV and logs: digit clusters everywhere, the
// input PII scanners slow down on.
func digitText(n int) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(4) {
		case 0: // CSV row
			fmt.Fprintf(&b, "%d,%d.%02d,2024-%02d-%02d,%d,%d\n", 100000+r.IntN(900000), r.IntN(10000), r.IntN(100),
				1+r.IntN(12), 1+r.IntN(28), r.IntN(1000), r.Int64N(1e12))
		case 1: // log line
			fmt.Fprintf(&b, "2024-03-%02d %02d:%02d:%02d,%03d INFO [worker-%d] processed %d records in %d.%03d s pid=%d ip=10.%d.%d.%d\n",
				1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1000), r.IntN(16), r.IntN(1e6), r.IntN(60), r.IntN(1000),
				r.IntN(65536), r.IntN(256), r.IntN(256), r.IntN(256))
		case 2: // table row
			fmt.Fprintf(&b, "| %d.%d | %02d:%02d:%02d | %d | %d | %d.%d%% |\n", 20240000+r.IntN(10000), r.IntN(9),
				r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(100000), r.IntN(100), r.IntN(100), r.IntN(10))
		case 3: // numbers separated by spaces (matrices, series)
			for i := 0; i < 12; i++ {
				fmt.Fprintf(&b, "%d ", r.IntN(100000))
			}
			b.WriteByte('\n')
		}
	}
	return []byte(b.String()[:n])
}

var benchCorpora = []struct {
	name string
	gen  func(int) []byte
}{{"sparse", sparseText}, {"digits", digitText}}

var benchSizes = []int{64 << 10, 1 << 20}

func sizeName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%dMiB", n>>20)
	}
	return fmt.Sprintf("%dKiB", n>>10)
}

func BenchmarkPII(b *testing.B) {
	s := piiScanner(b, nil)
	for _, c := range benchCorpora {
		for _, n := range benchSizes {
			text := c.gen(n)
			b.Run(c.name+"/"+sizeName(n), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				found := 0
				for b.Loop() {
					fs, _, err := s.AppendFindings(context.Background(), text, nil)
					if err != nil {
						b.Fatal(err)
					}
					found = len(fs)
				}
				b.ReportMetric(float64(found), "findings")
			})
		}
	}
}

func BenchmarkPIIPrefilter(b *testing.B) {
	s := piiScanner(b, nil)
	for _, c := range benchCorpora {
		for _, n := range benchSizes {
			text := c.gen(n)
			b.Run(c.name+"/"+sizeName(n), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					s.PrefilterOnly(text)
				}
			})
		}
	}
}

// BenchmarkPhone is the cost of validating one candidate: valid numbers
// and an invalid one go through libphonenumber (tens of µs); the shape
// checks (NANP shape, dates, bare digits) reject before it runs (tens of
// ns).
func BenchmarkPhone(b *testing.B) {
	for _, c := range []struct{ name, v string }{
		{"valid-intl", "+44 20 7946 0958"},
		{"valid-national", "(415) 555-0132"},
		{"invalid-library", "+44 20 7946 09"},
		{"rejected-nanp", "123 456 7890"},
		{"rejected-date", "2024-01-15"},
		{"rejected-bare", "4155550132"},
	} {
		v := []byte(c.v)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				detectors.Phone(v, detectors.Options{Region: "US"})
			}
		})
	}
}
