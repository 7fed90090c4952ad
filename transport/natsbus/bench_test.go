package natsbus

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/sluice-dlp/sluice/engine"
)

// benchWindow is how many messages the benchmark keeps in flight
// between publish and redacted output (a closed loop: p99 is measured
// at this load, not at an unbounded queue).
const benchWindow = 64

// response builds a model-response-like text of exactly size bytes with
// an email address and a phone number in the first KiB and a card number
// in every further KiB.
func response(size int, seed uint64) []byte {
	words := strings.Fields(`the model answered that your request was processed and the
		results are shown below with a short summary of each step taken including
		configuration values deployment notes and follow up actions for the team`)
	r := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	for b.Len() < size {
		switch {
		case b.Len() == 0:
			fmt.Fprintf(&b, "Contact maria.%d@example.com or call +1 415 555 %04d. ", r.IntN(1000), r.IntN(10000))
		case b.Len()/1024 != (b.Len()+8)/1024:
			b.WriteString("The card on file is 4111 1111 1111 1111. ")
		}
		b.WriteString(words[r.IntN(len(words))])
		b.WriteByte(' ')
	}
	return []byte(b.String()[:size])
}

func benchScanner(b *testing.B) *engine.Scanner {
	s, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		b.Logf("built-in policy does not compile (%v); using the test policy", err)
		return scanner(b)
	}
	return s
}

// BenchmarkBus: end-to-end through an embedded server with JetStream:
// publish → input stream → consumer (redact or pass through) → PubAck'd
// output stream → subscriber. Reports msgs/s and publish-to-redacted
// latency percentiles.
func BenchmarkBus(b *testing.B) {
	s := benchScanner(b)
	for _, size := range []int{1024, 4096} {
		for _, mode := range []string{"passthrough", "scan"} {
			b.Run(fmt.Sprintf("%s/%dKiB", mode, size/1024), func(b *testing.B) {
				benchBus(b, s, size, mode == "passthrough")
			})
		}
	}
}

func benchBus(b *testing.B, s *engine.Scanner, size int, passThrough bool) {
	bus := newBus(b)
	url := bus.srv.ClientURL()
	cfg := Config{Stream: bus.streams.In, Scanner: func() *engine.Scanner { return s }}
	startConsumer(b, url, cfg, func(c *Consumer) { c.passThrough = passThrough })

	payloads := make([][]byte, 16)
	for i := range payloads {
		payloads[i] = response(size, uint64(i))
	}
	// sanity: the scanning consumer really redacts
	if !passThrough {
		if res, err := s.Redact(context.Background(), payloads[0]); err != nil || len(res.Findings) == 0 {
			b.Fatalf("benchmark payload has no findings (%v)", err)
		}
	}

	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	slots := make(chan struct{}, benchWindow)
	done := make(chan struct{})
	var got int
	rx := connect(b, url)
	sub, err := rx.Subscribe("llm.redacted.>", func(m *nats.Msg) {
		t0, _ := strconv.ParseInt(m.Header.Get("Bench-T"), 10, 64)
		d := time.Since(time.Unix(0, t0))
		mu.Lock()
		lat = append(lat, d)
		got++
		n := got
		mu.Unlock()
		<-slots
		if n == b.N {
			close(done)
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	_ = sub.SetPendingLimits(-1, -1)
	if err := rx.Flush(); err != nil {
		b.Fatal(err)
	}
	tx := connect(b, url)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		slots <- struct{}{}
		m := nats.NewMsg("llm.responses.bench")
		m.Data = payloads[i%len(payloads)]
		m.Header.Set("Bench-T", strconv.FormatInt(time.Now().UnixNano(), 10))
		if err := tx.PublishMsg(m); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-done:
	case <-time.After(time.Minute):
		b.Fatalf("only %d of %d outputs after a minute", got, b.N)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) }
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
}

// BenchmarkRedact is the scan alone on the BenchmarkBus payloads, to
// tell the engine's share from the bus's.
func BenchmarkRedact(b *testing.B) {
	s := benchScanner(b)
	for _, size := range []int{1024, 4096} {
		b.Run(fmt.Sprintf("%dKiB", size/1024), func(b *testing.B) {
			p := response(size, 1)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Redact(context.Background(), p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
