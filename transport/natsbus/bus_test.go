package natsbus

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/transport/codec"
)

// TestRedactEndToEnd: every encoding in and out, headers kept and added,
// one Nats-Msg-Id per input, JSON kept valid.
func TestRedactEndToEnd(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	startConsumer(t, b.srv.ClientURL(), jsConfig(), nil)
	startConsumer(t, b.srv.ClientURL(), Config{In: "json.responses.>", Out: "json.redacted.>", JSONPaths: OpenAIPaths}, nil)

	sub, err := b.nc.SubscribeSync("json.redacted.>")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		enc  codec.Encoding
	}{
		{"identity", codec.Identity}, {"gzip", codec.Gzip}, {"zstd", codec.Zstd}, {"s2", codec.S2},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := payload(i)
			data, err := codec.Encode(tt.enc, []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			m := nats.NewMsg("llm.responses.e2e." + tt.name)
			m.Data = data
			m.Header.Set("X-Request-Id", "req-"+tt.name)
			m.Header.Set("Sluice-Findings", "0") // forged: must be replaced
			if tt.enc != codec.Identity {
				m.Header.Set("Content-Encoding", string(tt.enc))
			}
			ack, err := b.js.PublishMsg(context.Background(), m)
			if err != nil {
				t.Fatal(err)
			}
			var got *jetstream.RawStreamMsg
			checkFor(t, 5*time.Second, 10*time.Millisecond, func() error {
				s, _ := b.js.Stream(context.Background(), b.streams.Out)
				got, err = s.GetLastMsgForSubject(context.Background(), "llm.redacted.e2e."+tt.name)
				return err
			})
			plain, err := codec.Decode(tt.enc, got.Data, 1<<20)
			if err != nil {
				t.Fatalf("output does not decode with %s: %v", tt.enc, err)
			}
			want := fmt.Sprintf("response #%d: write to <EMAIL_ADDRESS>, token <GENERIC_SECRET>.", i)
			if string(plain) != want {
				t.Fatalf("redacted = %q, want %q", plain, want)
			}
			h := got.Header
			for k, v := range map[string]string{
				HeaderFindings:        "2",
				HeaderTypes:           "EMAIL_ADDRESS,GENERIC_SECRET",
				HeaderPolicy:          "natsbus-test",
				"X-Request-Id":        "req-" + tt.name,
				"Content-Encoding":    map[bool]string{true: string(tt.enc)}[tt.enc != codec.Identity],
				jetstream.MsgIDHeader: msgID(incarnation(t, b.js, b.streams.In), ack.Sequence),
			} {
				if h.Get(k) != v {
					t.Errorf("header %s = %q, want %q", k, h.Get(k), v)
				}
			}
		})
	}

	t.Run("core json", func(t *testing.T) {
		in := `{"choices":[{"message":{"role":"assistant","content":"mail ` + canaryEmail + `"}}],"model":"m"}`
		if err := b.nc.Publish("json.responses.x", []byte(in)); err != nil {
			t.Fatal(err)
		}
		m, err := sub.NextMsg(5 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"choices":[{"message":{"role":"assistant","content":"mail <EMAIL_ADDRESS>"}}],"model":"m"}`
		if string(m.Data) != want || m.Subject != "json.redacted.x" || m.Header.Get(HeaderFindings) != "1" {
			t.Fatalf("got %s %q %v", m.Subject, m.Data, m.Header)
		}
	})
}

// TestPoison: messages that cannot be redacted go to the dead letter with
// the reason, are never forwarded, and the dead letter carries no payload.
func TestPoison(t *testing.T) {
	gz, _ := codec.Encode(codec.Gzip, []byte(payload(1)))
	bomb, _ := codec.Encode(codec.Zstd, []byte(strings.Repeat(canaryEmail+" ", 10000)))
	tests := []struct {
		name, encoding string
		data           []byte
		json           bool
		reason         string
	}{
		{"corrupt gzip", "gzip", append([]byte(canaryEmail), gz[10:]...), false, ReasonCorrupt},
		{"truncated gzip", "gzip", gz[:len(gz)/2], false, ReasonCorrupt},
		{"unsupported encoding", "br", []byte(payload(2)), false, ReasonUnsupported},
		{"decompression bomb", "zstd", bomb, false, ReasonTooLarge},
		{"too large", "", []byte(strings.Repeat(canaryEmail, 200)), false, ReasonTooLarge},
		{"invalid json", "", []byte(`{"choices":[{"message":{"content":"` + canaryEmail), true, ReasonInvalidJSON},
	}
	for _, mode := range []string{"jetstream", "core"} {
		t.Run(mode, func(t *testing.T) {
			b := newBus(t)
			noLeak(t, b.srv.ClientURL())
			dl, err := b.nc.SubscribeSync(DefaultDeadLetter + ".>")
			if err != nil {
				t.Fatal(err)
			}
			out, err := b.nc.SubscribeSync("llm.redacted.>")
			if err != nil {
				t.Fatal(err)
			}
			for _, json := range []bool{false, true} {
				cfg := jsConfig()
				cfg.MaxBytes = 4096
				cfg.Durable = "d" + strconv.FormatBool(json)
				if mode == "core" {
					cfg = Config{MaxBytes: 4096}
				}
				cfg.In, cfg.Out = "llm.responses.plain.>", "llm.redacted.plain.>"
				if json {
					cfg.In, cfg.Out, cfg.JSONPaths = "llm.responses.json.>", "llm.redacted.json.>", OpenAIPaths
				}
				startConsumer(t, b.srv.ClientURL(), cfg, nil)
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					subject := "llm.responses.plain." + strings.ReplaceAll(tt.name, " ", "_")
					if tt.json {
						subject = strings.Replace(subject, ".plain.", ".json.", 1)
					}
					m := nats.NewMsg(subject)
					m.Data = tt.data
					if tt.encoding != "" {
						m.Header.Set("Content-Encoding", tt.encoding)
					}
					if mode == "jetstream" {
						if _, err := b.js.PublishMsg(context.Background(), m); err != nil {
							t.Fatal(err)
						}
					} else if err := b.nc.PublishMsg(m); err != nil {
						t.Fatal(err)
					}
					d, err := dl.NextMsg(5 * time.Second)
					if err != nil {
						t.Fatalf("no dead letter: %v", err)
					}
					if d.Subject != DefaultDeadLetter+"."+subject {
						t.Errorf("dead letter subject %q", d.Subject)
					}
					if got := d.Header.Get(HeaderError); got != tt.reason {
						t.Errorf("reason = %q, want %q (detail %q)", got, tt.reason, d.Header.Get(HeaderErrorDetail))
					}
					if len(d.Data) != 0 {
						t.Errorf("dead letter carries %d payload bytes", len(d.Data))
					}
					if d.Header.Get(HeaderSize) != strconv.Itoa(len(tt.data)) || d.Header.Get(HeaderFingerprint) == "" {
						t.Errorf("dead letter headers %v", d.Header)
					}
					if mode == "jetstream" && d.Header.Get(HeaderSequence) == "" {
						t.Errorf("dead letter without source sequence: %v", d.Header)
					}
				})
			}
			if m, err := out.NextMsg(50 * time.Millisecond); err == nil {
				t.Fatalf("poison forwarded to %s", m.Subject)
			}
			if mode == "jetstream" {
				// Terminated: nothing left to redeliver.
				for _, d := range []string{"dfalse", "dtrue"} {
					c, err := b.js.Consumer(context.Background(), b.streams.In, d)
					if err != nil {
						t.Fatal(err)
					}
					checkFor(t, 5*time.Second, 20*time.Millisecond, func() error {
						info, err := c.Info(context.Background())
						if err != nil {
							return err
						}
						if info.NumAckPending != 0 || info.NumPending != 0 {
							return fmt.Errorf("%s: ack pending %d, pending %d", d, info.NumAckPending, info.NumPending)
						}
						return nil
					})
				}
				waitCount(t, b.js, b.streams.DeadLetter, uint64(len(tests)), 5*time.Second)
			}
		})
	}
}

// TestKilledBeforeAck: the consumer dies after the output is stored but
// before the input is acked; its replacement redelivers and the output
// stream still holds exactly one message per input.
func TestKilledBeforeAck(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	const n = 200
	publishN(t, b.js, 0, n)

	cfg := jsConfig()
	cfg.AckWait = 500 * time.Millisecond
	var killed atomic.Bool
	var kill sync.Once
	first := startConsumer(t, b.srv.ClientURL(), cfg, func(c *Consumer) {
		var seen atomic.Int64
		c.afterPublish = func(jetstream.Msg) {
			if seen.Add(1) >= 50 {
				// Killed: the connection goes away with outputs
				// published and their inputs unacked.
				kill.Do(func() { killed.Store(true); c.nc.Close() })
			}
		}
	})
	checkFor(t, 5*time.Second, 10*time.Millisecond, func() error {
		if !killed.Load() {
			return fmt.Errorf("not killed yet")
		}
		return nil
	})
	_ = first
	startConsumer(t, b.srv.ClientURL(), cfg, nil)
	waitCount(t, b.js, b.streams.In, 0, 15*time.Second) // work queue: all acked
	waitCount(t, b.js, b.streams.Out, n, 5*time.Second)
	assertOnePerInput(t, b, n)
}

// assertOnePerInput checks the output stream holds one message per input
// sequence 1..n.
func assertOnePerInput(t testing.TB, b *bus, n int) {
	t.Helper()
	msgs := streamMsgs(t, b.js, b.streams.Out)
	seen := make(map[string]int, len(msgs))
	for _, m := range msgs {
		seen[m.Header.Get(jetstream.MsgIDHeader)]++
		if strings.Contains(string(m.Data), canaryEmail) {
			t.Fatalf("unredacted output %d", m.Sequence)
		}
	}
	inc := incarnation(t, b.js, b.streams.In)
	for seq := 1; seq <= n; seq++ {
		if c := seen[msgID(inc, uint64(seq))]; c != 1 {
			t.Fatalf("input seq %d has %d outputs", seq, c)
		}
	}
	if len(msgs) != n {
		t.Fatalf("%d outputs for %d inputs", len(msgs), n)
	}
}

// TestServerRestart: the server goes away mid-run and comes back on the
// same port and store; the consumer reconnects and nothing is lost.
func TestServerRestart(t *testing.T) {
	dir := t.TempDir()
	s := runServer(t, dir, -1)
	port := s.Addr().(interface{ String() string }).String()
	_, portStr, _ := strings.Cut(port, ":")
	p, _ := strconv.Atoi(portStr)
	b := busOn(t, s)
	cfg := jsConfig()
	cfg.AckWait = time.Second
	startConsumer(t, s.ClientURL(), cfg, nil)

	const n = 1000
	publishN(t, b.js, 0, n/2)
	checkFor(t, 5*time.Second, 5*time.Millisecond, func() error {
		c, err := streamCount(b.js, b.streams.Out)
		if err != nil || c == 0 {
			return fmt.Errorf("no output yet (%v)", err)
		}
		return nil
	})
	s.Shutdown()
	s.WaitForShutdown()

	s2 := runServer(t, dir, p)
	b2 := busOn(t, s2)
	publishN(t, b2.js, n/2, n/2)
	waitCount(t, b2.js, b2.streams.Out, n, 20*time.Second)
	// An ack in flight when the server stopped is lost with it: that
	// input comes back after AckWait, once the consumer has reconnected,
	// and is acked then (its output is deduplicated). Under a loaded CI
	// machine that took longer than 5 s once.
	waitCount(t, b2.js, b2.streams.In, 0, 20*time.Second)
	assertOnePerInput(t, b2, n)
}

// TestDrainOnCancel: cancelling Run (what SIGTERM does) with messages in
// flight finishes or gives back each of them; a later consumer completes
// the rest: nothing lost, nothing doubled.
func TestDrainOnCancel(t *testing.T) {
	b := newBus(t)
	const n = 2000
	publishN(t, b.js, 0, n)
	cfg := jsConfig()
	cfg.AckWait = 30 * time.Second // a lost message would stall the test
	first := startConsumer(t, b.srv.ClientURL(), cfg, func(c *Consumer) { c.slowScan = time.Millisecond })
	checkFor(t, 5*time.Second, 5*time.Millisecond, func() error {
		if c := first.c.Stats().Redacted; c < 100 {
			return fmt.Errorf("%d redacted", c)
		}
		return nil
	})
	first.stop(t)
	if got := first.c.Stats().Redacted; got >= n {
		t.Fatalf("cancel came too late to test anything: %d redacted", got)
	}
	cons, err := b.js.Consumer(context.Background(), b.streams.In, DefaultDurable)
	if err != nil {
		t.Fatal(err)
	}
	// Every ack was flushed before Run returned; the server applies them
	// asynchronously, so poll briefly (far below AckWait: nothing here
	// can be a redelivery).
	checkFor(t, 3*time.Second, 10*time.Millisecond, func() error {
		info, err := cons.Info(context.Background())
		if err != nil {
			return err
		}
		if info.NumAckPending != 0 {
			return fmt.Errorf("after drain %d messages are still pending ack", info.NumAckPending)
		}
		return nil
	})
	startConsumer(t, b.srv.ClientURL(), cfg, nil)
	waitCount(t, b.js, b.streams.Out, n, 20*time.Second)
	assertOnePerInput(t, b, n)
}

// TestScaleOut: three consumers in one group share 10,000 messages; each
// is redacted exactly once.
func TestScaleOut(t *testing.T) {
	const n = 10000
	t.Run("jetstream", func(t *testing.T) {
		b := newBus(t)
		var cs []*consumer
		for range 3 {
			cs = append(cs, startConsumer(t, b.srv.ClientURL(), jsConfig(), nil))
		}
		publishN(t, b.js, 0, n)
		waitCount(t, b.js, b.streams.Out, n, 30*time.Second)
		assertOnePerInput(t, b, n)
		shareCheck(t, cs, n, true)
	})
	t.Run("core queue group", func(t *testing.T) {
		b := newBus(t)
		got := make(map[string]int, n)
		var mu sync.Mutex
		sub, err := b.nc.Subscribe("llm.redacted.>", func(m *nats.Msg) {
			mu.Lock()
			got[m.Header.Get("Seq")]++
			mu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
		_ = sub.SetPendingLimits(-1, -1)
		var cs []*consumer
		for range 3 {
			cs = append(cs, startConsumer(t, b.srv.ClientURL(), Config{In: "core.responses.>", Out: "llm.redacted.>"}, nil))
		}
		checkFor(t, 5*time.Second, 10*time.Millisecond, func() error {
			// the queue subscriptions reached the server
			if b.srv.NumSubscriptions() < 3 {
				return fmt.Errorf("subscriptions: %d", b.srv.NumSubscriptions())
			}
			return nil
		})
		pub := connect(t, b.srv.ClientURL())
		for i := range n {
			m := nats.NewMsg("core.responses.x")
			m.Header.Set("Seq", strconv.Itoa(i))
			m.Data = []byte(payload(i))
			if err := pub.PublishMsg(m); err != nil {
				t.Fatal(err)
			}
			if i%500 == 0 {
				_ = pub.Flush() // pace: core NATS drops for slow consumers
			}
		}
		checkFor(t, 20*time.Second, 20*time.Millisecond, func() error {
			mu.Lock()
			defer mu.Unlock()
			if len(got) != n {
				return fmt.Errorf("%d of %d outputs", len(got), n)
			}
			return nil
		})
		mu.Lock()
		for k, c := range got {
			if c != 1 {
				t.Fatalf("message %s output %d times", k, c)
			}
		}
		mu.Unlock()
		shareCheck(t, cs, n, false)
	})
}

// shareCheck: the work was spread and adds up. With JetStream a slow
// machine may redeliver a message whose AckWait ran out while it waited
// in a fetched batch: it is redacted twice but stored once (the output
// count above is the exactly-once check).
func shareCheck(t *testing.T, cs []*consumer, n int, redeliveries bool) {
	t.Helper()
	var total uint64
	for i, c := range cs {
		r := c.c.Stats().Redacted
		t.Logf("consumer %d redacted %d", i, r)
		if r == 0 {
			t.Errorf("consumer %d got no work", i)
		}
		total += r
	}
	if total < uint64(n) || (!redeliveries && total != uint64(n)) {
		t.Errorf("consumers redacted %d in total, want %d", total, n)
	}
}

// TestTransientNak: the output stream refuses the output (it is full);
// the input is not acked, nothing is lost, and once the stream takes
// messages again the message goes through.
func TestTransientNak(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	ctx := context.Background()
	full := jetstream.StreamConfig{Name: "FULL", Subjects: []string{"full.>"}, MaxMsgs: 1, Discard: jetstream.DiscardNew}
	if _, err := b.js.CreateStream(ctx, full); err != nil {
		t.Fatal(err)
	}
	if _, err := b.js.Publish(ctx, "full.occupied", nil); err != nil {
		t.Fatal(err)
	}
	cfg := jsConfig()
	cfg.Out = "full.>"
	k := startConsumer(t, b.srv.ClientURL(), cfg, nil)
	publishN(t, b.js, 0, 1)
	checkFor(t, 5*time.Second, 10*time.Millisecond, func() error {
		if k.c.Stats().Retried < 2 {
			return fmt.Errorf("retried %d", k.c.Stats().Retried)
		}
		return nil
	})
	if n, _ := streamCount(b.js, b.streams.In); n != 1 {
		t.Fatalf("input stream holds %d, want the unacked message", n)
	}
	full.MaxMsgs = 10
	if _, err := b.js.UpdateStream(ctx, full); err != nil {
		t.Fatal(err)
	}
	waitCount(t, b.js, "FULL", 2, 5*time.Second)
	waitCount(t, b.js, b.streams.In, 0, 5*time.Second)
}

// TestInProgress: a scan longer than AckWait is kept alive, not
// redelivered to a second consumer.
func TestInProgress(t *testing.T) {
	b := newBus(t)
	cfg := jsConfig()
	cfg.AckWait = 300 * time.Millisecond
	slow := func(c *Consumer) { c.slowScan = time.Second }
	a := startConsumer(t, b.srv.ClientURL(), cfg, slow)
	c := startConsumer(t, b.srv.ClientURL(), cfg, slow)
	publishN(t, b.js, 0, 1)
	waitCount(t, b.js, b.streams.Out, 1, 5*time.Second)
	waitCount(t, b.js, b.streams.In, 0, 5*time.Second)
	if r := a.c.Stats().Redacted + c.c.Stats().Redacted; r != 1 {
		t.Fatalf("redacted %d times, want once", r)
	}
}

// TestDeadLetterWithoutStream: with no stream for dead letters they go
// to core subscribers, and the input is still terminated.
func TestDeadLetterWithoutStream(t *testing.T) {
	b := newBus(t)
	if err := b.js.DeleteStream(context.Background(), b.streams.DeadLetter); err != nil {
		t.Fatal(err)
	}
	dl, err := b.nc.SubscribeSync(DefaultDeadLetter + ".>")
	if err != nil {
		t.Fatal(err)
	}
	startConsumer(t, b.srv.ClientURL(), jsConfig(), nil)
	m := nats.NewMsg("llm.responses.bad")
	m.Header.Set("Content-Encoding", "br")
	m.Data = []byte(payload(0))
	if _, err := b.js.PublishMsg(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	d, err := dl.NextMsg(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if d.Header.Get(HeaderError) != ReasonUnsupported || len(d.Data) != 0 {
		t.Fatalf("dead letter %v, %d bytes", d.Header, len(d.Data))
	}
	waitCount(t, b.js, b.streams.In, 0, 5*time.Second)
}

func TestStartServerPortInUse(t *testing.T) {
	s := runServer(t, t.TempDir(), -1)
	_, err := StartServer(ServerConfig{Listen: s.Addr().String(), StoreDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "--nats-listen") {
		t.Fatalf("want a clear port-in-use error, got %v", err)
	}
}

// TestDrainCore: in core mode the messages already delivered to the
// consumer's buffer are redacted before Run returns.
func TestDrainCore(t *testing.T) {
	b := newBus(t)
	const n = 500
	var got atomic.Int64
	sub, err := b.nc.Subscribe("core.redacted.>", func(*nats.Msg) { got.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	_ = sub.SetPendingLimits(-1, -1)
	k := startConsumer(t, b.srv.ClientURL(), Config{In: "core.responses.>", Out: "core.redacted.>", Workers: 2},
		func(c *Consumer) { c.slowScan = time.Millisecond })
	pub := connect(t, b.srv.ClientURL())
	for i := range n {
		if err := pub.Publish("core.responses.x", []byte(payload(i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := pub.Flush(); err != nil {
		t.Fatal(err)
	}
	// all n reached the consumer's connection (a round trip through it)
	if err := k.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	k.stop(t)
	if r := k.c.Stats().Redacted; r != n {
		t.Fatalf("redacted %d of %d before Run returned", r, n)
	}
	checkFor(t, 5*time.Second, 10*time.Millisecond, func() error {
		if g := got.Load(); g != n {
			return fmt.Errorf("%d of %d outputs", g, n)
		}
		return nil
	})
}
