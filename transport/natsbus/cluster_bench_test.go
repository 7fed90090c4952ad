package natsbus

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/engine"
)

// BenchmarkCluster: redaction throughput on a 3-node in-process cluster,
// streams with 1 or 3 replicas, one or two consumers sharing the durable
// (each connected to its own server). b.N 1 KiB answers are stored in
// the input stream first; the clock runs from the consumers' start until
// the output stream holds b.N redacted answers. Servers and consumers
// share this machine's cores, so the figures say what replication costs
// and how a second consumer helps here, not what a fleet of machines
// does. Run with a fixed count: -bench Cluster -benchtime 4000x.
func BenchmarkCluster(b *testing.B) {
	cl := startCluster(b, 3)
	s := benchScanner(b)
	for _, replicas := range []int{1, 3} {
		for _, consumers := range []int{1, 2} {
			b.Run(fmt.Sprintf("R%d/consumers=%d", replicas, consumers), func(b *testing.B) {
				benchCluster(b, cl, s, replicas, consumers)
			})
		}
	}
}

func benchCluster(b *testing.B, cl *testCluster, s *engine.Scanner, replicas, consumers int) {
	ctx := context.Background()
	admin := clusterConnect(b, cl.url(cl.srv[0]))
	js, err := jetstream.New(admin)
	if err != nil {
		b.Fatal(err)
	}
	st, err := EnsureStreamsWith(ctx, js, DefaultIn, DefaultOut, DefaultDeadLetter, StreamOptions{Replicas: replicas})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		for _, name := range []string{st.In, st.Out, st.DeadLetter} {
			_ = js.DeleteStream(ctx, name)
		}
	})
	const size = 1024
	payloads := make([][]byte, 16)
	for i := range payloads {
		payloads[i] = response(size, uint64(i))
	}
	const chunk = 1000
	for lo := 0; lo < b.N; lo += chunk {
		acks := make([]jetstream.PubAckFuture, 0, chunk)
		for i := lo; i < min(lo+chunk, b.N); i++ {
			f, err := js.PublishAsync("llm.responses.bench", payloads[i%len(payloads)])
			if err != nil {
				b.Fatal(err)
			}
			acks = append(acks, f)
		}
		for _, f := range acks {
			select {
			case <-f.Ok():
			case err := <-f.Err():
				b.Fatal(err)
			}
		}
	}
	b.SetBytes(size)
	b.ResetTimer()
	start := time.Now()
	for i := range consumers {
		cfg := Config{Stream: st.In, Scanner: func() *engine.Scanner { return s }}
		startConsumer(b, cl.srv[i%len(cl.srv)].ClientURL(), cfg, nil)
	}
	for {
		n, err := streamCount(js, st.Out)
		if err == nil && n >= uint64(b.N) {
			break
		}
		if time.Since(start) > 5*time.Minute {
			b.Fatalf("%d of %d outputs after 5 minutes", n, b.N)
		}
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
}
