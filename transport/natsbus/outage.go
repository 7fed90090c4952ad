package natsbus

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// outage tracks a spell during which publishing fails because NATS is
// away (a server killed, a stream leader being elected, the connection
// reconnecting). Every message in flight then fails the same way; the
// first failure is logged as a warning, the rest at debug level, and the
// first publish that works again ends the spell with one info line.
type outage struct {
	active  atomic.Bool
	mu      sync.Mutex
	since   time.Time
	retried int
}

// transient reports whether err is the bus being unavailable, as opposed
// to something about one message.
func transient(err error) bool {
	if errors.Is(err, nats.ErrConnectionClosed) || errors.Is(err, nats.ErrConnectionReconnecting) ||
		errors.Is(err, nats.ErrDisconnected) || errors.Is(err, nats.ErrTimeout) ||
		errors.Is(err, nats.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse) ||
		errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && apiErr.Code == 503 // JetStream cluster not available, no quorum
}

// retryLevel is the level a redelivery caused by err is logged at.
func (c *Consumer) retryLevel(err error) slog.Level {
	if !transient(err) {
		return slog.LevelWarn
	}
	o := &c.outage
	o.mu.Lock()
	defer o.mu.Unlock()
	o.retried++
	if o.active.Load() {
		return slog.LevelDebug
	}
	o.active.Store(true)
	o.since, o.retried = time.Now(), 1
	c.cfg.Log.Warn("nats unavailable: messages in flight will be redelivered until publishing works again (each logged at debug level)", "err", err)
	return slog.LevelDebug
}

// publishWorks ends an outage, if one is going on.
func (c *Consumer) publishWorks() {
	o := &c.outage
	if !o.active.Load() {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.active.Load() {
		return
	}
	o.active.Store(false)
	c.cfg.Log.Info("nats publishing works again", "after", time.Since(o.since).Round(time.Millisecond), "redeliveries", o.retried)
}
