// Package natsbus redacts model responses on a NATS bus: it consumes from
// a subject (core NATS queue group) or a JetStream durable pull consumer,
// redacts the payload with the engine, and publishes it to the mapped
// output subject. Nothing unredacted is ever published: a message that
// cannot be decoded or scanned goes to a dead-letter subject that carries
// the reason, the size and a keyed fingerprint, never the payload.
//
// With JetStream the input is acked only after the server acknowledged
// the redacted output, and the output carries a Nats-Msg-Id derived from
// the input's stream and sequence, so a redelivery is deduplicated by the
// output stream: each input yields exactly one output.
package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/codec"
)

// Header names on redacted and dead-lettered messages.
const (
	HeaderFindings = "Sluice-Findings"
	HeaderTypes    = "Sluice-Types"
	HeaderPolicy   = "Sluice-Policy"
	HeaderDegraded = "Sluice-Degraded"

	HeaderError       = "Sluice-Error"        // dead letter: reason code
	HeaderErrorDetail = "Sluice-Error-Detail" // dead letter: error text (no payload bytes)
	HeaderSubject     = "Sluice-Source-Subject"
	HeaderStream      = "Sluice-Source-Stream"
	HeaderSequence    = "Sluice-Source-Sequence"
	HeaderSize        = "Sluice-Payload-Size"
	HeaderFingerprint = "Sluice-Payload-Fingerprint"

	headerEncoding = "Content-Encoding"
)

// Dead-letter reasons (the Sluice-Error header).
const (
	ReasonTooLarge       = "too_large"
	ReasonCorrupt        = "corrupt_encoding"
	ReasonUnsupported    = "unsupported_encoding"
	ReasonInvalidJSON    = "invalid_json"
	ReasonScanFailed     = "scan_failed"
	ReasonScanTimeout    = "scan_timeout"
	ReasonOutputTooLarge = "output_too_large"
	// ReasonIDCollision: the output stream already held another
	// message under this input's output id, on its first delivery.
	ReasonIDCollision = "output_id_collision"
)

// Defaults.
const (
	DefaultIn         = "llm.responses.>"
	DefaultOut        = "llm.redacted.>"
	DefaultDeadLetter = "sluice.deadletter"
	DefaultQueue      = "sluice"
	DefaultDurable    = "sluice"
	DefaultMaxBytes   = 4 << 20
	DefaultAckWait    = 30 * time.Second
	DefaultScanTime   = 10 * time.Second
	DefaultBackoff    = 250 * time.Millisecond
	// DuplicateWindow is the output stream's deduplication window that
	// EnsureStreams sets: a redelivery within it cannot double the output.
	DuplicateWindow = 10 * time.Minute
	maxBackoff      = 30 * time.Second
	// scanTimeoutRetries is how many deliveries a message that timed out
	// gets before it is dead-lettered (a timeout can be load, not poison).
	scanTimeoutRetries = 3
	publishTimeout     = 5 * time.Second
	// DefaultFetchWait bounds one pull request.
	DefaultFetchWait = 500 * time.Millisecond
)

// Config configures a Consumer.
type Config struct {
	In  string // input subject pattern (wildcards allowed)
	Out string // output template, wildcards as in In
	// Queue is the core NATS queue group (core mode only).
	Queue string
	// Stream selects JetStream mode: a durable pull consumer named
	// Durable on this stream, filtered to In.
	Stream  string
	Durable string
	// DeadLetter is the subject prefix for messages that cannot be
	// redacted; the input subject is appended.
	DeadLetter string
	// JSONPaths, when set, makes payloads JSON and redacts only the
	// strings at these paths (e.g. choices[].message.content).
	JSONPaths []string
	// MaxBytes limits the decoded payload size.
	MaxBytes int64
	// Workers is the number of messages processed at once (default 8 per
	// CPU, at least 16: most of a message's time is the PubAck round trip).
	Workers int
	// AckWait is the JetStream redelivery timeout; long scans send
	// InProgress well before it runs out.
	AckWait time.Duration
	// ScanTimeout bounds one scan.
	ScanTimeout time.Duration
	// FetchWait bounds one JetStream pull request, and so how long a
	// drain waits for the last one when the stream is idle.
	FetchWait time.Duration
	// PublishTimeout bounds the wait for a PubAck.
	PublishTimeout time.Duration
	// Backoff is the first Nak delay after a transient error; it doubles
	// per delivery up to 30s.
	Backoff time.Duration
	// EnsureStreams, when set, (re)creates the streams sluice manages; it
	// is called when the output stream has gone missing. Without it a
	// missing output stream stops the consumer with an error.
	EnsureStreams func(ctx context.Context) error
	// Pinned makes the durable a pinned-client priority group: one
	// consumer instance at a time receives every message; the others
	// stand by and take over (after PinnedTTL) when it goes away. Several
	// instances sharing a durable need it when answers are streamed as
	// many messages, so that one answer's chunks reach one instance (scale
	// out with one durable per partition of the subjects instead).
	Pinned bool
	// StreamIdle is how long a streamed answer (Sluice-Stream-Id) may
	// wait for its next chunk before what it holds is flushed with
	// Sluice-Stream-Error: idle_timeout.
	StreamIdle time.Duration
	// Scanner returns the active scanner (it may change on reload).
	Scanner func() *engine.Scanner
	Log     *slog.Logger
}

func (c *Config) defaults() {
	if c.In == "" {
		c.In = DefaultIn
	}
	if c.Out == "" {
		c.Out = DefaultOut
	}
	if c.Queue == "" {
		c.Queue = DefaultQueue
	}
	if c.Durable == "" {
		c.Durable = DefaultDurable
	}
	if c.DeadLetter == "" {
		c.DeadLetter = DefaultDeadLetter
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.Workers <= 0 {
		c.Workers = max(16, 8*runtime.GOMAXPROCS(0))
	}
	if c.AckWait <= 0 {
		c.AckWait = DefaultAckWait
	}
	if c.ScanTimeout <= 0 {
		c.ScanTimeout = DefaultScanTime
	}
	if c.FetchWait <= 0 {
		c.FetchWait = DefaultFetchWait
	}
	if c.PublishTimeout <= 0 {
		c.PublishTimeout = publishTimeout
	}
	if c.Backoff <= 0 {
		c.Backoff = DefaultBackoff
	}
	if c.StreamIdle <= 0 {
		c.StreamIdle = DefaultStreamIdle
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// Stats counts what a Consumer did.
type Stats struct {
	Redacted     uint64 // published to the output subject
	DeadLettered uint64
	Retried      uint64 // Nak'd for redelivery
}

// Consumer redacts messages from one input to one output.
type Consumer struct {
	nc      *nats.Conn
	cfg     Config
	mapping Mapping
	paths   fieldPaths
	js      jetstream.JetStream

	redacted, dead, retried atomic.Uint64
	ready                   chan struct{}
	dlStored                bool // a stream keeps the dead letters

	// stop ends Run with an error (JetStream); fatal is that error.
	stop      func(error)
	fatalOnce sync.Once
	fatal     error
	outage    outage // publishing failing because NATS is away (outage.go)

	// test and benchmark hooks
	passThrough  bool                  // forward without scanning
	afterPublish func(m jetstream.Msg) // between PubAck and Ack
	slowScan     time.Duration         // added to each scan
}

// New validates cfg and returns a Consumer on nc. The connection should
// reconnect forever (see Connect).
func New(nc *nats.Conn, cfg Config) (*Consumer, error) {
	cfg.defaults()
	if cfg.Scanner == nil {
		return nil, errors.New("natsbus: no scanner")
	}
	m, err := NewMapping(cfg.In, cfg.Out)
	if err != nil {
		return nil, err
	}
	c := &Consumer{nc: nc, cfg: cfg, mapping: m, ready: make(chan struct{})}
	if len(cfg.JSONPaths) > 0 {
		if c.paths, err = parsePaths(cfg.JSONPaths); err != nil {
			return nil, err
		}
	}
	if _, err := NewMapping(cfg.In, cfg.DeadLetter+".>"); err != nil && strings.ContainsAny(cfg.DeadLetter, "*> ") {
		return nil, fmt.Errorf("dead-letter subject %q: %w", cfg.DeadLetter, err)
	}
	if cfg.Stream != "" {
		if c.js, err = jetstream.New(nc); err != nil {
			return nil, fmt.Errorf("jetstream: %w", err)
		}
	}
	return c, nil
}

// Ready is closed once Run receives messages (the subscription or the
// durable consumer exists on the server).
func (c *Consumer) Ready() <-chan struct{} { return c.ready }

// Stats returns the counters so far.
func (c *Consumer) Stats() Stats {
	return Stats{Redacted: c.redacted.Load(), DeadLettered: c.dead.Load(), Retried: c.retried.Load()}
}

// Connect dials NATS with the options a consumer needs: reconnect
// forever, and surface connection events in the log.
func Connect(url, name string, log *slog.Logger, extra ...nats.Option) (*nats.Conn, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts := append([]nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.RetryOnFailedConnect(false),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted()) }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { log.Warn("nats error", "err", err) }),
	}, extra...)
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", RedactURL(url), err)
	}
	return nc, nil
}

// Run consumes until ctx ends, then stops taking messages, redacts every
// message already received (JetStream: the last pull request runs to its
// end first) and flushes the acks. It returns nil after a clean drain.
func (c *Consumer) Run(ctx context.Context) error {
	if c.cfg.Stream != "" {
		return c.runJetStream(ctx)
	}
	return c.runCore(ctx)
}

// ---------------------------------------------------------------- JetStream

// attachment is one incarnation of the input stream and the durable
// consumer on it.
type attachment struct {
	stream jetstream.Stream
	cons   jetstream.Consumer
	// inc names the input stream's incarnation (name and creation
	// time): a stream deleted and recreated restarts its sequences, and
	// output ids must not repeat ids still in the output stream's
	// duplicate window.
	inc string
}

func (c *Consumer) attach(ctx context.Context) (attachment, error) {
	st, err := c.js.Stream(ctx, c.cfg.Stream)
	if err != nil {
		return attachment{}, fmt.Errorf("stream %s: %w", c.cfg.Stream, err)
	}
	cons, err := st.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:       c.cfg.Durable,
		FilterSubject: c.cfg.In,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.cfg.AckWait,
		MaxDeliver:    -1, // never give up: poison goes to the dead letter by Term
		// Chunks of streamed answers stay pending until their answer ends.
		MaxAckPending:  max(10000, 16*c.cfg.Workers),
		PriorityPolicy: priorityPolicy(c.cfg.Pinned),
		PriorityGroups: priorityGroups(c.cfg.Pinned),
		PinnedTTL:      pinnedTTL(c.cfg),
	})
	if err != nil {
		return attachment{}, fmt.Errorf("consumer %s on stream %s: %w", c.cfg.Durable, c.cfg.Stream, err)
	}
	created := st.CachedInfo().Created.UnixNano()
	return attachment{stream: st, cons: cons, inc: c.cfg.Stream + ":" + strconv.FormatInt(created, 36)}, nil
}

// pinGroup is the priority group pinned consumers pull in.
const pinGroup = "sluice"

func priorityPolicy(pinned bool) jetstream.PriorityPolicy {
	if pinned {
		return jetstream.PriorityPolicyPinned
	}
	return jetstream.PriorityPolicyNone
}

func priorityGroups(pinned bool) []string {
	if pinned {
		return []string{pinGroup}
	}
	return nil
}

// pinnedTTL is how long a silent pinned instance keeps the pin: a few
// pull requests' worth (a live one pulls every FetchWait).
func pinnedTTL(cfg Config) time.Duration {
	if !cfg.Pinned {
		return 0
	}
	return max(time.Second, 4*cfg.FetchWait)
}

// checkOutput makes sure a stream stores the output subject, recreating
// the managed streams when one is missing. The error says what to do.
func (c *Consumer) checkOutput(ctx context.Context, subject string) error {
	_, err := c.js.StreamNameBySubject(ctx, subject)
	if err == nil || !errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil // present, or the question could not be answered now
	}
	if c.cfg.EnsureStreams != nil {
		c.cfg.Log.Warn("no stream stores the output subject: recreating the streams", "subject", subject)
		return c.cfg.EnsureStreams(ctx)
	}
	return fmt.Errorf("no JetStream stream stores the output subject %s: without one an input can never be acked "+
		"(create the stream, or let sluice manage them with --create-streams)", subject)
}

type delivery struct {
	m   jetstream.Msg
	inc string
	at  *attachment
	// epoch changes whenever the consumer's delivery sequence skips: a
	// message went elsewhere (another instance, a pull request lost in a
	// reconnect). Within one epoch this instance saw every delivery.
	epoch uint64
}

func (c *Consumer) runJetStream(parent context.Context) error {
	at, err := c.attach(parent)
	if err != nil {
		return err
	}
	if err := c.checkOutput(parent, c.cfg.Out); err != nil {
		return err
	}
	if _, err := c.js.StreamNameBySubject(parent, c.cfg.DeadLetter+"."+c.cfg.In); err == nil {
		c.dlStored = true
	} else {
		c.cfg.Log.Warn("no stream keeps dead letters: they go to core NATS subscribers only", "subject", c.cfg.DeadLetter+".>")
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	c.stop = func(err error) {
		c.fatalOnce.Do(func() {
			c.fatal = err
			cancel()
		})
	}
	close(c.ready)
	c.cfg.Log.Info("nats consumer started", "mode", "jetstream", "stream", c.cfg.Stream,
		"durable", c.cfg.Durable, "in", c.cfg.In, "out", c.cfg.Out, "workers", c.cfg.Workers)

	ls := newLanes(c.cfg.Workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, l := range ls.l {
		wg.Go(func() {
			c.runLane(ctx, l, stop, func(l *lane, it laneItem) { c.handleJetStream(ctx, l, it.js) }, c.stoppedJS)
		})
	}
	// One bounded pull request at a time, each run to its end: when ctx
	// ends no request is left open on the server, so no message can be
	// delivered to a consumer that is gone (it would sit unacked until
	// AckWait). Every fetched message is processed, so a drain loses
	// nothing and gives nothing back.
	batch := max(64, 4*c.cfg.Workers)
	var runErr error
	var lastCSeq, epoch uint64
	for ctx.Err() == nil {
		if c.nc.IsClosed() {
			runErr = fmt.Errorf("consumer %s: %w", c.cfg.Durable, nats.ErrConnectionClosed)
			break
		}
		fopts := []jetstream.FetchOpt{jetstream.FetchMaxWait(c.cfg.FetchWait)}
		if c.cfg.Pinned {
			fopts = append(fopts, jetstream.FetchPriorityGroup(pinGroup))
		}
		b, err := at.cons.Fetch(batch, fopts...)
		if err != nil {
			c.fetchFailed(ctx, &at, err)
			continue
		}
		n := 0
		cur := at
		for m := range b.Messages() {
			if meta, err := m.Metadata(); err == nil {
				if meta.Sequence.Consumer != lastCSeq+1 {
					epoch++
				}
				lastCSeq = meta.Sequence.Consumer
			}
			ls.pick(m.Subject(), m.Headers()).in <- laneItem{js: &delivery{m: m, inc: cur.inc, at: &cur, epoch: epoch}}
			n++
		}
		if err := b.Error(); err != nil && n == 0 {
			c.fetchFailed(ctx, &at, err)
		} else if n == 0 {
			// A pull request to a consumer that was deleted (with its
			// stream) just times out: ask whether it still exists.
			if _, err := at.cons.Info(ctx); err != nil {
				c.fetchFailed(ctx, &at, err)
			}
		}
	}
	close(stop) // every fetched message was handed to a lane
	wg.Wait()
	if err := c.nc.FlushTimeout(publishTimeout); err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
		c.cfg.Log.Warn("nats flush after drain", "err", err)
	}
	c.cfg.Log.Info("nats consumer drained", "redacted", c.redacted.Load(), "dead_lettered", c.dead.Load(), "retried", c.retried.Load())
	if c.fatal != nil {
		return c.fatal
	}
	return runErr
}

// fetchFailed handles a failed pull: typically the server is away (the
// connection reconnects on its own); when the durable or its stream is
// gone (a stream deleted and recreated), it attaches again to the new
// incarnation.
func (c *Consumer) fetchFailed(ctx context.Context, at *attachment, err error) {
	if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDeleted) || errors.Is(err, jetstream.ErrStreamNotFound) {
		if na, aerr := c.attach(ctx); aerr == nil {
			if na.inc != at.inc {
				c.cfg.Log.Warn("input stream recreated: attached to the new incarnation", "stream", c.cfg.Stream)
			}
			*at = na
			return
		} else {
			c.cfg.Log.Warn("nats: input stream or consumer missing", "err", aerr)
		}
	} else {
		c.cfg.Log.Debug("nats fetch", "err", err)
	}
	c.pause(ctx)
}

// pause waits a little before retrying a failed pull.
func (c *Consumer) pause(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-time.After(100 * time.Millisecond):
	}
}

// backoff is the Nak delay for the n-th delivery.
func (c *Consumer) backoff(n uint64) time.Duration {
	d := c.cfg.Backoff
	for i := uint64(1); i < n && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// msgID is the output's Nats-Msg-Id: one per input message of one
// incarnation of the input stream.
func msgID(inc string, seq uint64) string {
	return "sluice:" + inc + ":" + strconv.FormatUint(seq, 10)
}

func (c *Consumer) handleJetStream(runCtx context.Context, l *lane, dp *delivery) {
	d := *dp
	m := d.m
	meta, err := m.Metadata()
	if err != nil {
		// Not a JetStream message; nothing can be acked. Never forward.
		c.cfg.Log.Error("nats message without metadata", "subject", m.Subject(), "err", err)
		return
	}
	// In-flight work finishes even when Run is asked to stop.
	ctx := context.WithoutCancel(runCtx)
	log := func() *slog.Logger { // built only when something is logged
		return c.cfg.Log.With("subject", m.Subject(), "stream", meta.Stream, "seq", meta.Sequence.Stream, "delivery", meta.NumDelivered)
	}

	if !c.passThrough {
		id, end, err := streamHeaders(m.Headers())
		if err != nil {
			c.terminate(ctx, d, meta, err.(*PoisonError), log)
			return
		}
		if id != "" {
			c.handleChunkJS(ctx, l, dp, meta, id, end, log)
			return
		}
	}
	ka := startKeepAlive(m, c.cfg.AckWait/3)
	out, hdr, perr := c.process(ctx, m.Subject(), m.Headers(), m.Data())
	ka.stop()

	var poison *PoisonError
	switch {
	case perr == nil:
	case errors.As(perr, &poison) && !(poison.Reason == ReasonScanTimeout && meta.NumDelivered < scanTimeoutRetries):
		c.terminate(ctx, d, meta, poison, log)
		return
	default:
		c.nak(m, meta.NumDelivered, log, "redact", perr)
		return
	}

	if meta.NumDelivered > 1 && time.Since(meta.Timestamp) > DuplicateWindow {
		// The first delivery may have been stored already, out of reach
		// of the output stream's deduplication.
		log().Warn("nats redelivery older than the duplicate window: the output may be doubled", "window", DuplicateWindow)
	}
	subject, _ := c.mapping.Map(m.Subject())
	hdr.Set(jetstream.MsgIDHeader, msgID(d.inc, meta.Sequence.Stream))
	msg := &nats.Msg{Subject: subject, Header: hdr, Data: out}
	ack, err := c.publish(ctx, msg)
	if err != nil {
		if errors.Is(err, nats.ErrMaxPayload) {
			c.terminate(ctx, d, meta, &PoisonError{Reason: ReasonOutputTooLarge, Err: err}, log)
			return
		}
		if oerr := c.checkOutput(ctx, subject); oerr != nil {
			log().Error("nats consumer stops", "err", oerr)
			c.stop(oerr)
		}
		c.nak(m, meta.NumDelivered, log, "publish "+subject, err)
		return
	}
	if ack.Duplicate && meta.NumDelivered == 1 && !c.sameOutput(ctx, ack, subject, out) {
		// Not a redelivery, yet the output stream already holds this
		// id: another message's output. Acking would lose this one.
		c.terminate(ctx, d, meta, &PoisonError{Reason: ReasonIDCollision,
			Err: fmt.Errorf("output stream %s already holds id %s on the first delivery", ack.Stream, msgID(d.inc, meta.Sequence.Stream))}, log)
		return
	}
	if c.afterPublish != nil {
		c.afterPublish(m)
	}
	c.redacted.Add(1)
	if err := m.Ack(); err != nil {
		// The output is stored; a redelivery is deduplicated by its id.
		log().Warn("nats ack", "err", err)
	}
}

// terminate sends the dead letter and Terms the input. If the dead
// letter cannot be sent the input is Nak'd instead: never dropped.
func (c *Consumer) terminate(ctx context.Context, d delivery, meta *jetstream.MsgMetadata, p *PoisonError, log func() *slog.Logger) {
	m := d.m
	dl := c.deadLetter(m.Subject(), meta.Stream, meta.Sequence.Stream, m.Data(), p)
	var err error
	if c.dlStored {
		_, err = c.publish(ctx, dl, jetstream.WithMsgID("dl:"+p.Reason+":"+msgID(d.inc, meta.Sequence.Stream)))
	} else {
		// No stream keeps dead letters: they reach current subscribers.
		err = c.nc.PublishMsg(dl)
	}
	if err != nil {
		c.nak(m, meta.NumDelivered, log, "dead letter publish", err)
		return
	}
	c.dead.Add(1)
	log().Warn("nats message dead-lettered", "reason", p.Reason, "err", p.Err, "size", len(m.Data()), "to", dl.Subject)
	if err := m.TermWithReason(p.Reason); err != nil {
		log().Debug("nats term", "err", err) // redelivered, dead-lettered again under the same id
	}
}

// keepAlive tells the server a long scan is still in progress, so the
// message is not redelivered to another consumer meanwhile.
type keepAlive struct {
	m       jetstream.Msg
	every   time.Duration
	t       atomic.Pointer[time.Timer]
	stopped atomic.Bool
}

func startKeepAlive(m jetstream.Msg, every time.Duration) *keepAlive {
	k := &keepAlive{m: m, every: every}
	k.t.Store(time.AfterFunc(every, k.fire))
	return k
}

func (k *keepAlive) fire() {
	if k.stopped.Load() {
		return
	}
	_ = k.m.InProgress()
	if t := k.t.Load(); t != nil && !k.stopped.Load() {
		t.Reset(k.every)
	}
}

func (k *keepAlive) stop() {
	k.stopped.Store(true)
	if t := k.t.Load(); t != nil {
		t.Stop()
	}
}

// publish publishes to JetStream and waits for the PubAck.
func (c *Consumer) publish(ctx context.Context, m *nats.Msg, opts ...jetstream.PublishOpt) (*jetstream.PubAck, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.PublishTimeout)
	defer cancel()
	ack, err := c.js.PublishMsg(ctx, m, opts...)
	if err == nil {
		c.publishWorks()
	}
	return ack, err
}

func (c *Consumer) nak(m jetstream.Msg, delivered uint64, log func() *slog.Logger, what string, err error) {
	c.retried.Add(1)
	d := c.backoff(delivered)
	log().Log(context.Background(), c.retryLevel(err), "nats message will be redelivered", "step", what, "err", err, "delay", d)
	if err := m.NakWithDelay(d); err != nil {
		log().Debug("nats nak", "err", err) // redelivered after AckWait anyway
	}
}

// ---------------------------------------------------------------- core NATS

func (c *Consumer) runCore(ctx context.Context) error {
	ls := newLanes(c.cfg.Workers)
	quit := make(chan struct{})
	sub, err := c.nc.QueueSubscribe(c.cfg.In, c.cfg.Queue, func(m *nats.Msg) {
		select {
		case ls.pick(m.Subject, m.Header).in <- laneItem{core: m}:
		case <-quit: // only after a drain that timed out
		}
	})
	if err != nil {
		return fmt.Errorf("subscribe %s (queue %s): %w", c.cfg.In, c.cfg.Queue, err)
	}
	// Core NATS has no redelivery: buffer rather than drop.
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		return fmt.Errorf("subscribe %s: %w", c.cfg.In, err)
	}
	closed := sub.StatusChanged(nats.SubscriptionClosed)
	if err := c.nc.FlushTimeout(c.cfg.PublishTimeout); err != nil {
		return fmt.Errorf("subscribe %s: %w", c.cfg.In, err)
	}
	close(c.ready)
	c.cfg.Log.Info("nats consumer started", "mode", "core", "queue", c.cfg.Queue, "in", c.cfg.In, "out", c.cfg.Out, "workers", c.cfg.Workers)
	var wg sync.WaitGroup
	for _, l := range ls.l {
		wg.Go(func() {
			c.runLane(ctx, l, quit, func(l *lane, it laneItem) { c.handleCore(ctx, l, it.core) }, func(l *lane) { c.stoppedCore(ctx, l) })
		})
	}
	<-ctx.Done()
	// Drain: stop interest, then hand every buffered message to the
	// workers before closing.
	if err := sub.Drain(); err == nil {
		select {
		case <-closed:
		case <-time.After(30 * time.Second):
			c.cfg.Log.Warn("nats drain: timed out waiting for buffered messages")
		}
	} else if !errors.Is(err, nats.ErrConnectionClosed) {
		c.cfg.Log.Warn("nats drain", "err", err)
	}
	close(quit)
	wg.Wait()
	if err := c.nc.FlushTimeout(publishTimeout); err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
		c.cfg.Log.Warn("nats flush after drain", "err", err)
	}
	c.cfg.Log.Info("nats consumer drained", "redacted", c.redacted.Load(), "dead_lettered", c.dead.Load())
	return nil
}

func (c *Consumer) handleCore(runCtx context.Context, l *lane, m *nats.Msg) {
	ctx := context.WithoutCancel(runCtx)
	if !c.passThrough {
		id, end, err := streamHeaders(m.Header)
		if err != nil {
			c.deadLetterCore(m, err.(*PoisonError))
			return
		}
		if id != "" {
			c.handleChunkCore(ctx, l, m, id, end)
			return
		}
	}
	out, hdr, err := c.process(ctx, m.Subject, m.Header, m.Data)
	if err != nil {
		p, ok := errors.AsType[*PoisonError](err)
		if !ok {
			p = &PoisonError{Reason: ReasonScanFailed, Err: err}
		}
		c.deadLetterCore(m, p)
		return
	}
	subject, _ := c.mapping.Map(m.Subject)
	if err := c.nc.PublishMsg(&nats.Msg{Subject: subject, Header: hdr, Data: out}); err != nil {
		c.cfg.Log.Error("nats publish", "subject", subject, "err", err)
		return
	}
	c.redacted.Add(1)
	if m.Reply != "" {
		_ = m.Respond(nil)
	}
}

func (c *Consumer) deadLetterCore(m *nats.Msg, p *PoisonError) {
	dl := c.deadLetter(m.Subject, "", 0, m.Data, p)
	if err := c.nc.PublishMsg(dl); err != nil {
		c.cfg.Log.Error("nats dead letter publish", "subject", m.Subject, "err", err)
		return
	}
	c.dead.Add(1)
	c.cfg.Log.Warn("nats message dead-lettered", "subject", m.Subject, "reason", p.Reason, "err", p.Err, "size", len(m.Data))
}

// ---------------------------------------------------------------- redaction

// PoisonError is a message that can never be redacted: it goes to the
// dead letter, not back to the queue.
type PoisonError struct {
	Reason string
	Err    error
}

func (e *PoisonError) Error() string { return e.Reason + ": " + e.Err.Error() }
func (e *PoisonError) Unwrap() error { return e.Err }

// summary is what the headers report about one message.
type summary struct {
	findings int
	types    []string
	degraded []string
}

func (s *summary) add(r engine.Result) {
	s.findings += len(r.Findings)
	for _, f := range r.Findings {
		if !slices.Contains(s.types, f.Type) {
			s.types = append(s.types, f.Type)
		}
	}
	s.degraded = append(s.degraded, r.Degraded...)
}

func (s *summary) merge(o summary) {
	s.findings += o.findings
	for _, t := range o.types {
		if !slices.Contains(s.types, t) {
			s.types = append(s.types, t)
		}
	}
	s.degraded = append(s.degraded, o.degraded...)
}

// decode reads the payload's Content-Encoding and decodes it within
// MaxBytes. Errors are *PoisonError.
func (c *Consumer) decode(in nats.Header, data []byte) (codec.Encoding, []byte, error) {
	enc, err := inputEncoding(in)
	if err != nil {
		return enc, nil, err
	}
	plain, err := codec.Decode(enc, data, c.cfg.MaxBytes)
	if err != nil {
		reason := ReasonCorrupt
		if errors.Is(err, codec.ErrTooLarge) {
			reason = ReasonTooLarge
		}
		return enc, nil, &PoisonError{Reason: reason, Err: err}
	}
	return enc, plain, nil
}

// process decodes, redacts and re-encodes one payload and builds the
// output headers. Errors are *PoisonError except for shutdown.
func (c *Consumer) process(ctx context.Context, subject string, in nats.Header, data []byte) ([]byte, nats.Header, error) {
	if _, ok := c.mapping.Map(subject); !ok {
		return nil, nil, &PoisonError{Reason: ReasonScanFailed, Err: fmt.Errorf("subject %q does not match %q", subject, c.cfg.In)}
	}
	if c.passThrough {
		return data, copyHeaders(in), nil
	}
	enc, plain, err := c.decode(in, data)
	if err != nil {
		return nil, nil, err
	}
	s := c.cfg.Scanner()
	sctx, cancel := context.WithTimeout(ctx, c.cfg.ScanTimeout)
	defer cancel()
	if c.slowScan > 0 {
		select {
		case <-time.After(c.slowScan):
		case <-sctx.Done():
		}
	}
	var red []byte
	var sum summary
	hdr, err := scanHeaders(sctx, s, in, &sum)
	if err == nil {
		if c.paths != nil {
			var js summary
			red, js, err = redactJSON(sctx, s, c.paths, plain)
			sum.merge(js)
		} else {
			var res engine.Result
			res, err = s.Redact(sctx, plain)
			red = res.Redacted
			sum.add(res)
		}
	}
	switch {
	case err == nil:
	case errors.Is(err, ErrInvalidJSON):
		return nil, nil, &PoisonError{Reason: ReasonInvalidJSON, Err: err}
	default:
		return nil, nil, scanPoison(err)
	}
	out, err := codec.Encode(enc, red)
	if err != nil {
		return nil, nil, &PoisonError{Reason: ReasonScanFailed, Err: fmt.Errorf("re-encode %s: %w", enc, err)}
	}
	if enc != codec.Identity {
		hdr.Set(headerEncoding, string(enc))
	}
	setSummary(hdr, &sum, s)
	return out, hdr, nil
}

// deadLetter builds the dead-letter message: reason, size and a keyed
// fingerprint of the payload, never the payload.
func (c *Consumer) deadLetter(subject, stream string, seq uint64, data []byte, p *PoisonError) *nats.Msg {
	h := nats.Header{}
	h.Set(HeaderError, p.Reason)
	h.Set(HeaderErrorDetail, p.Err.Error())
	h.Set(HeaderSubject, subject)
	h.Set(HeaderSize, strconv.Itoa(len(data)))
	if s := c.cfg.Scanner(); s != nil {
		h.Set(HeaderFingerprint, s.Fingerprint(data))
	}
	if stream != "" {
		h.Set(HeaderStream, stream)
		h.Set(HeaderSequence, strconv.FormatUint(seq, 10))
	}
	return &nats.Msg{Subject: c.cfg.DeadLetter + "." + subject, Header: h}
}
