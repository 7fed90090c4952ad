package natsbus

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/engine"
)

// TestStreamRecreated: the input stream is deleted and recreated, so its
// sequences restart; the outputs of the new incarnation get new ids and
// none is dropped as a duplicate of the old ones.
func TestStreamRecreated(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	startConsumer(t, b.srv.ClientURL(), jsConfig(), nil)
	const n = 20
	publishN(t, b.js, 0, n)
	waitCount(t, b.js, b.streams.Out, n, 10*time.Second)
	ctx := context.Background()
	if err := b.js.DeleteStream(ctx, b.streams.In); err != nil {
		t.Fatal(err)
	}
	if _, err := EnsureStreams(ctx, b.js, DefaultIn, DefaultOut, DefaultDeadLetter); err != nil {
		t.Fatal(err)
	}
	publishN(t, b.js, n, n) // sequences 1..n again
	waitCount(t, b.js, b.streams.Out, 2*n, 10*time.Second)
	ids := map[string]bool{}
	for _, m := range streamMsgs(t, b.js, b.streams.Out) {
		ids[m.Header.Get(jetstream.MsgIDHeader)] = true
	}
	if len(ids) != 2*n {
		t.Fatalf("%d distinct output ids for %d inputs", len(ids), 2*n)
	}
}

// TestDuplicateOnFirstDelivery: when the output stream already holds an
// input's output id on its first delivery, the input is not acked as if
// published: it goes to the dead letter with the reason.
func TestDuplicateOnFirstDelivery(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	ctx := context.Background()
	// Squat on the id the first input will get.
	squat := nats.NewMsg("llm.redacted.squat")
	squat.Header.Set(jetstream.MsgIDHeader, msgID(incarnation(t, b.js, b.streams.In), 1))
	if _, err := b.js.PublishMsg(ctx, squat); err != nil {
		t.Fatal(err)
	}
	startConsumer(t, b.srv.ClientURL(), jsConfig(), nil)
	publishN(t, b.js, 0, 2)
	waitCount(t, b.js, b.streams.DeadLetter, 1, 10*time.Second)
	waitCount(t, b.js, b.streams.Out, 2, 10*time.Second) // the squatter and input 2
	dl := streamMsgs(t, b.js, b.streams.DeadLetter)[0]
	if dl.Header.Get(HeaderError) != ReasonIDCollision || dl.Header.Get(HeaderSequence) != "1" {
		t.Fatalf("dead letter %v", dl.Header)
	}
}

// TestMissingOutputStream: without a stream storing the output, a
// consumer refuses to start; a stream deleted while running is recreated
// when sluice manages the streams, and otherwise stops the consumer with
// an error instead of retrying forever.
func TestMissingOutputStream(t *testing.T) {
	ctx := context.Background()
	t.Run("at start", func(t *testing.T) {
		b := newBus(t)
		if err := b.js.DeleteStream(ctx, b.streams.Out); err != nil {
			t.Fatal(err)
		}
		cfg := jsConfig()
		cfg.Scanner, cfg.Log = func() *engine.Scanner { return scanner(t) }, testLog(t)
		c, err := New(b.nc, cfg)
		if err != nil {
			t.Fatal(err)
		}
		err = c.Run(ctx)
		if err == nil || !strings.Contains(err.Error(), "no JetStream stream stores the output subject llm.redacted.>") {
			t.Fatalf("Run: %v", err)
		}
	})
	t.Run("deleted, unmanaged", func(t *testing.T) {
		b := newBus(t)
		noLeak(t, b.srv.ClientURL())
		k := startConsumer(t, b.srv.ClientURL(), jsConfig(), nil)
		if err := b.js.DeleteStream(ctx, b.streams.Out); err != nil {
			t.Fatal(err)
		}
		publishN(t, b.js, 0, 3)
		select {
		case err := <-k.done:
			if err == nil || !strings.Contains(err.Error(), "no JetStream stream stores the output subject llm.redacted.") {
				t.Fatalf("Run: %v", err)
			}
			k.once.Do(func() {})
		case <-time.After(15 * time.Second):
			t.Fatal("consumer still running without an output stream")
		}
		if n, _ := streamCount(b.js, b.streams.In); n != 3 {
			t.Fatalf("%d inputs left, want all 3 unacked", n)
		}
	})
	t.Run("deleted, managed", func(t *testing.T) {
		b := newBus(t)
		noLeak(t, b.srv.ClientURL())
		cfg := jsConfig()
		cfg.EnsureStreams = func(ctx context.Context) error {
			_, err := EnsureStreams(ctx, b.js, DefaultIn, DefaultOut, DefaultDeadLetter)
			return err
		}
		startConsumer(t, b.srv.ClientURL(), cfg, nil)
		if err := b.js.DeleteStream(ctx, b.streams.Out); err != nil {
			t.Fatal(err)
		}
		publishN(t, b.js, 0, 3)
		checkFor(t, 15*time.Second, 20*time.Millisecond, func() error {
			n, err := streamCount(b.js, b.streams.Out)
			if err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
				return err
			}
			if n != 3 {
				return errors.New("outputs not stored yet")
			}
			return nil
		})
		waitCount(t, b.js, b.streams.In, 0, 10*time.Second)
	})
}
