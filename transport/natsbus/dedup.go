package natsbus

import (
	"bytes"
	"context"

	"github.com/nats-io/nats.go/jetstream"
)

// sameOutput reports whether the output stream already stores exactly
// this output (subject and bytes) under the duplicate id a first delivery
// got back. Then the first delivery is really a redelivery whose count
// the durable lost — a clustered consumer's leader that died before its
// delivery count was replicated redelivers with count 1 — and acking is
// right. Anything else (another message's output, a message no longer
// readable) stays an id collision.
func (c *Consumer) sameOutput(ctx context.Context, ack *jetstream.PubAck, subject string, out []byte) bool {
	s, err := c.js.Stream(ctx, ack.Stream)
	if err != nil {
		return false
	}
	m, err := s.GetMsg(ctx, ack.Sequence)
	if err != nil {
		return false
	}
	if m.Subject != subject || !bytes.Equal(m.Data, out) {
		return false
	}
	c.cfg.Log.Info("nats first delivery already published (the durable lost its delivery count, e.g. a leader change): acked",
		"subject", subject, "output_seq", ack.Sequence)
	return true
}
