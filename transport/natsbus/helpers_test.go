package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/engine"
)

// Canaries: values the test policy redacts. They must never appear on any
// subject but the input.
const (
	canaryEmail  = "alice.canary@example.com"
	canarySecret = "sk-CANARYcanary0123456789abcdefXYZ"
)

var (
	scannerOnce sync.Once
	testScanner *engine.Scanner
	scannerErr  error
)

func scanner(t testing.TB) *engine.Scanner {
	t.Helper()
	scannerOnce.Do(func() {
		var p *engine.Policy
		p, scannerErr = engine.LoadPolicy("testdata/policy.yaml")
		if scannerErr == nil {
			testScanner, scannerErr = engine.Compile(p)
		}
	})
	if scannerErr != nil {
		t.Fatalf("test policy: %v", scannerErr)
	}
	return testScanner
}

func testLog(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// checkFor polls fn until it returns nil or total passes.
func checkFor(t testing.TB, total, every time.Duration, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(total)
	var err error
	for time.Now().Before(deadline) {
		if err = fn(); err == nil {
			return
		}
		time.Sleep(every)
	}
	t.Fatalf("condition not met after %s: %v", total, err)
}

// runServer starts an embedded server on port (-1: any) over dir.
func runServer(t testing.TB, dir string, port int) *server.Server {
	t.Helper()
	s, err := StartServer(ServerConfig{Listen: "127.0.0.1:" + strconv.Itoa(port), StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	return s
}

func connect(t testing.TB, url string) *nats.Conn {
	t.Helper()
	nc, err := Connect(url, t.Name(), testLog(t), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// bus is one server with the default streams.
type bus struct {
	srv     *server.Server
	nc      *nats.Conn
	js      jetstream.JetStream
	streams Streams
}

func newBus(t testing.TB) *bus {
	t.Helper()
	s := runServer(t, t.TempDir(), -1)
	return busOn(t, s)
}

func busOn(t testing.TB, s *server.Server) *bus {
	t.Helper()
	nc := connect(t, s.ClientURL())
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := EnsureStreams(context.Background(), js, DefaultIn, DefaultOut, DefaultDeadLetter)
	if err != nil {
		t.Fatal(err)
	}
	return &bus{srv: s, nc: nc, js: js, streams: st}
}

// consumer is a running Consumer with its own connection.
type consumer struct {
	c      *Consumer
	nc     *nats.Conn
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

func startConsumer(t testing.TB, url string, cfg Config, tweak func(*Consumer)) *consumer {
	t.Helper()
	return startConsumerOn(t, context.Background(), connect(t, url), cfg, tweak)
}

// startConsumerOn runs a Consumer on nc until parent is done or the test
// ends, and waits for it to be ready.
func startConsumerOn(t testing.TB, parent context.Context, nc *nats.Conn, cfg Config, tweak func(*Consumer)) *consumer {
	t.Helper()
	if cfg.Scanner == nil {
		s := scanner(t)
		cfg.Scanner = func() *engine.Scanner { return s }
	}
	if cfg.Log == nil {
		cfg.Log = testLog(t)
	}
	c, err := New(nc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if tweak != nil {
		tweak(c)
	}
	ctx, cancel := context.WithCancel(parent)
	k := &consumer{c: c, nc: nc, cancel: cancel, done: make(chan error, 1)}
	go func() { k.done <- c.Run(ctx) }()
	select {
	case <-c.Ready():
	case err := <-k.done:
		t.Fatalf("consumer: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("consumer not ready within 10s")
	}
	t.Cleanup(func() { k.stop(t) })
	return k
}

// stop cancels and waits for the drain.
func (k *consumer) stop(t testing.TB) {
	t.Helper()
	k.once.Do(func() {
		k.cancel()
		select {
		case err := <-k.done:
			if err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
				t.Errorf("consumer: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("consumer did not drain within 20s")
		}
	})
}

func jsConfig() Config {
	return Config{Stream: StreamName(DefaultIn), AckWait: 2 * time.Second, Backoff: 20 * time.Millisecond, PublishTimeout: time.Second, FetchWait: 100 * time.Millisecond}
}

// streamMsgs returns every message in a stream.
func streamMsgs(t testing.TB, js jetstream.JetStream, name string) []*jetstream.RawStreamMsg {
	t.Helper()
	ctx := context.Background()
	s, err := js.Stream(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			continue // deleted
		}
		out = append(out, m)
	}
	return out
}

func streamCount(js jetstream.JetStream, name string) (uint64, error) {
	s, err := js.Stream(context.Background(), name)
	if err != nil {
		return 0, err
	}
	info, err := s.Info(context.Background())
	if err != nil {
		return 0, err
	}
	return info.State.Msgs, nil
}

// waitCount waits until a stream holds exactly want messages.
func waitCount(t testing.TB, js jetstream.JetStream, name string, want uint64, total time.Duration) {
	t.Helper()
	checkFor(t, total, 20*time.Millisecond, func() error {
		n, err := streamCount(js, name)
		if err != nil {
			return err
		}
		if n != want {
			return fmt.Errorf("stream %s holds %d messages, want %d", name, n, want)
		}
		return nil
	})
}

// publishN publishes n numbered responses, each with the canaries, to
// JetStream and waits for every PubAck.
func publishN(t testing.TB, js jetstream.JetStream, from, n int) {
	t.Helper()
	const chunk = 1000 // below the client's async publish limit
	for lo := from; lo < from+n; lo += chunk {
		acks := make([]jetstream.PubAckFuture, 0, chunk)
		for i := lo; i < min(lo+chunk, from+n); i++ {
			f, err := js.PublishAsync(fmt.Sprintf("llm.responses.m%d", i%7), []byte(payload(i)))
			if err != nil {
				t.Fatal(err)
			}
			acks = append(acks, f)
		}
		for _, f := range acks {
			select {
			case <-f.Ok():
			case err := <-f.Err():
				t.Fatalf("publish: %v", err)
			case <-time.After(20 * time.Second):
				t.Fatal("publish: no PubAck within 20s")
			}
		}
	}
}

func payload(i int) string {
	return fmt.Sprintf("response #%d: write to %s, token %s.", i, canaryEmail, canarySecret)
}

// noLeak subscribes to every subject and fails the test if a canary
// shows up anywhere but on the input subjects.
func noLeak(t testing.TB, url string) {
	t.Helper()
	nc := connect(t, url)
	var mu sync.Mutex
	var leaks []string
	_, err := nc.Subscribe(">", func(m *nats.Msg) {
		if strings.Contains(m.Subject, ".responses.") { // inputs
			return
		}
		hay := string(m.Data) + fmt.Sprint(m.Header)
		for _, c := range []string{canaryEmail, canarySecret} {
			if contains(hay, c) {
				mu.Lock()
				leaks = append(leaks, m.Subject)
				mu.Unlock()
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = nc.Flush()
		mu.Lock()
		defer mu.Unlock()
		if len(leaks) > 0 {
			t.Errorf("unredacted payload seen on %d messages, e.g. subject %s", len(leaks), leaks[0])
		}
	})
}

func contains(h, n string) bool {
	for i := 0; i+len(n) <= len(h); i++ {
		if h[i:i+len(n)] == n {
			return true
		}
	}
	return false
}

// incarnation is the output id prefix of the current input stream.
func incarnation(t testing.TB, js jetstream.JetStream, name string) string {
	t.Helper()
	st, err := js.Stream(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return name + ":" + strconv.FormatInt(st.CachedInfo().Created.UnixNano(), 36)
}
