package natsbus

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestFirstDeliveryAlreadyPublished: the output stream holds this very
// output under the input's id although the delivery count says 1 (a
// clustered durable whose leader died before replicating the count): the
// input is acked, not dead-lettered; the output stays single.
func TestFirstDeliveryAlreadyPublished(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	res, err := scanner(t).Redact(ctx, []byte(payload(0)))
	if err != nil {
		t.Fatal(err)
	}
	prior := nats.NewMsg("llm.redacted.m0")
	prior.Data = res.Redacted
	prior.Header.Set(jetstream.MsgIDHeader, msgID(incarnation(t, b.js, b.streams.In), 1))
	if _, err := b.js.PublishMsg(ctx, prior); err != nil {
		t.Fatal(err)
	}
	startConsumer(t, b.srv.ClientURL(), jsConfig(), nil)
	publishN(t, b.js, 0, 2)
	waitCount(t, b.js, b.streams.Out, 2, 10*time.Second)
	waitCount(t, b.js, b.streams.In, 0, 10*time.Second) // both acked
	if n, _ := streamCount(b.js, b.streams.DeadLetter); n != 0 {
		t.Fatalf("%d dead letters", n)
	}
}
