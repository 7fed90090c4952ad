package natsbus

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
	"github.com/sluice-dlp/sluice/transport/codec"
)

// Answers streamed as many messages. Inference servers publish one answer
// as a run of chunk messages; redacting each alone lets a key or an
// address split across two chunks through. The contract: every chunk of
// one answer carries Sluice-Stream-Id: <id>, the last one also
// Sluice-Stream-End: true, and the chunks' order is their publish order
// on the subject. sluice runs one engine stream per (subject, id): each
// chunk's output is the redacted text that can no longer take part in a
// match, with the input chunk's headers; what a match could still span is
// held back until the next chunk, the end, or the idle timeout. The
// concatenated outputs equal the batch redaction of the concatenated
// input.
//
// JetStream: every chunk has exactly one output, whose Nats-Msg-Id is
// derived from the chunk's stream sequence, and the chunks of an answer
// are acked together once its last output is stored (until then they are
// kept alive with InProgress). When the state of an answer is missing —
// a crash, a restart, a failed publish — it is rebuilt from the input
// stream itself: the answer's chunks that are still unacked are read in
// sequence order and fed again, and since the engine is deterministic
// their outputs come out identical, under the same ids, so the output
// stream's deduplication drops what was already stored. Nothing is lost
// and nothing is doubled.

// Header names of the streamed-answer contract.
const (
	HeaderStreamID    = "Sluice-Stream-Id"
	HeaderStreamEnd   = "Sluice-Stream-End"
	HeaderStreamError = "Sluice-Stream-Error" // on the last output of an answer cut short
)

// Stream errors (the Sluice-Stream-Error header) and dead-letter reasons.
const (
	StreamIdleTimeout = "idle_timeout" // no chunk within the idle timeout: flushed
	StreamShutdown    = "shutdown"     // core NATS consumer stopped mid-answer: flushed
	ReasonBadStream   = "bad_stream_headers"
	ReasonStreamCut   = "stream_failed" // a chunk of an answer that already failed
)

// DefaultStreamIdle is how long an answer may wait for its next chunk.
const DefaultStreamIdle = 30 * time.Second

type answerKey struct{ subject, id string }

// answer is the state of one streamed answer.
type answer struct {
	key     answerKey
	scanner *engine.Scanner // pinned: one answer, one policy
	st      *engine.Stream  // text answers
	sctx    context.Context
	cancel  context.CancelFunc
	// JSON answers (--json-paths): one stream per text (see answer_json.go)
	json     bool
	keys     map[string]*jsonKey
	keyOrder []string
	nfound   int // findings already reported
	last     time.Time
	lastHdr  nats.Header // the last chunk's input headers (for a flush)
	// JetStream
	inc     string
	lastSeq uint64          // stream sequence of the last chunk fed
	epoch   uint64          // delivery epoch of the last chunk delivered here
	held    []jetstream.Msg // chunks delivered here, acked at the end
}

// ended remembers answers that ended (JetStream), so a late redelivery
// of one of their chunks is acked instead of starting a new answer.
type ended struct {
	seq    uint64
	failed bool // cut by an error: later chunks go to the dead letter
	at     time.Time
}

// lane is one worker's share of the work: every chunk of one answer goes
// to the same lane, so chunks are handled one at a time in order.
type lane struct {
	in      chan laneItem
	answers map[answerKey]*answer
	ended   map[answerKey]ended
}

type laneItem struct {
	js   *delivery
	core *nats.Msg
}

var laneSeed = maphash.MakeSeed()

// lanes routes messages: chunks of one answer by a hash of their key,
// the rest round-robin.
type lanes struct {
	l  []*lane
	rr uint64
}

func newLanes(n int) *lanes {
	ls := &lanes{l: make([]*lane, n)}
	for i := range ls.l {
		ls.l[i] = &lane{in: make(chan laneItem), answers: map[answerKey]*answer{}, ended: map[answerKey]ended{}}
	}
	return ls
}

func (ls *lanes) pick(subject string, h nats.Header) *lane {
	if vs := headerValues(h, HeaderStreamID); len(vs) > 0 {
		var mh maphash.Hash
		mh.SetSeed(laneSeed)
		mh.WriteString(subject)
		mh.WriteByte(0)
		mh.WriteString(strings.TrimSpace(vs[0]))
		return ls.l[mh.Sum64()%uint64(len(ls.l))]
	}
	ls.rr++
	return ls.l[ls.rr%uint64(len(ls.l))]
}

// streamHeaders reads the contract's headers (any letter case).
func streamHeaders(h nats.Header) (id string, end bool, err error) {
	if id, err = headerValue(h, HeaderStreamID); err != nil {
		return "", false, &PoisonError{Reason: ReasonBadStream, Err: err}
	}
	e, err := headerValue(h, HeaderStreamEnd)
	if err != nil {
		return "", false, &PoisonError{Reason: ReasonBadStream, Err: err}
	}
	switch {
	case e == "":
	case strings.EqualFold(e, "true"):
		end = true
	default:
		return "", false, &PoisonError{Reason: ReasonBadStream, Err: errors.New(`Sluice-Stream-End must be "true" when present`)}
	}
	if id == "" && end {
		return "", false, &PoisonError{Reason: ReasonBadStream, Err: errors.New("Sluice-Stream-End without Sluice-Stream-Id")}
	}
	return id, end, nil
}

// tick is how often a lane keeps held chunks alive and looks for idle
// answers.
func (c *Consumer) tick() time.Duration {
	return max(10*time.Millisecond, min(c.cfg.AckWait/3, c.cfg.StreamIdle/4))
}

// runLane handles a lane's messages until its channel closes.
func (c *Consumer) runLane(ctx context.Context, l *lane, stop <-chan struct{}, handle func(*lane, laneItem), stopped func(*lane)) {
	t := time.NewTicker(c.tick())
	defer t.Stop()
	for {
		select {
		case <-stop:
			stopped(l)
			return
		case it := <-l.in:
			handle(l, it)
		case <-t.C:
			c.laneTick(ctx, l)
		}
	}
}

func (c *Consumer) newAnswer(ctx context.Context, key answerKey, inc string) *answer {
	s := c.cfg.Scanner()
	// One answer's scans share one deadline per chunk (see feed); the
	// stream's own context only ends with the answer.
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a := &answer{key: key, scanner: s, sctx: sctx, cancel: cancel, inc: inc, last: time.Now(), json: c.paths != nil}
	if !a.json {
		a.st = s.NewStream(sctx)
	}
	return a
}

// feed runs one chunk through the answer's stream(s) and returns its
// output messages: one for a text chunk; for a JSON chunk at the end, the
// extra outputs that carry the rest of texts the chunk lacks come first.
// With end set the streams are closed and the rest is released. Errors
// are *PoisonError.
func (c *Consumer) feed(ctx context.Context, a *answer, in nats.Header, data []byte, end bool) ([]*nats.Msg, error) {
	enc, plain, err := c.decode(in, data)
	if err != nil {
		return nil, err
	}
	sctx, cancel := context.WithTimeout(ctx, c.cfg.ScanTimeout)
	defer cancel()
	var sum summary
	hdr, err := scanHeaders(sctx, a.scanner, in, &sum)
	if err != nil {
		return nil, scanPoison(err)
	}
	var (
		out   []byte
		extra [][]byte
	)
	if a.json {
		out, extra, err = c.feedJSON(sctx, a, plain, end, &sum)
	} else {
		out, err = a.st.Write(nil, plain)
		if err == nil && end {
			out, err = a.st.Close(out)
		}
		if err != nil {
			err = scanPoison(err)
		}
	}
	if err != nil {
		return nil, err
	}
	a.last, a.lastHdr = time.Now(), in
	if err := c.streamHeadersOut(sctx, a, hdr, &sum, end, ""); err != nil {
		return nil, err
	}
	if enc != codec.Identity {
		hdr.Set(headerEncoding, string(enc))
	}
	subject, _ := c.mapping.Map(a.key.subject)
	return jsonOutputs(subject, hdr, enc, out, extra)
}

// streamHeadersOut adds the findings released since the last output and
// the stream headers.
func (c *Consumer) streamHeadersOut(ctx context.Context, a *answer, hdr nats.Header, sum *summary, end bool, streamErr string) error {
	if a.st != nil {
		fs := a.st.Findings()
		sum.add(engine.Result{Findings: fs[a.nfound:]})
		a.nfound = len(fs)
	}
	id, err := a.scanner.Redact(ctx, []byte(a.key.id)) // header values are data
	if err != nil {
		return scanPoison(err)
	}
	sum.add(id)
	hdr.Set(HeaderStreamID, string(id.Redacted))
	if end {
		hdr.Set(HeaderStreamEnd, "true")
	}
	if streamErr != "" {
		hdr.Set(HeaderStreamError, streamErr)
	}
	setSummary(hdr, sum, a.scanner)
	return nil
}

func scanPoison(err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, engine.ErrBudget) {
		return &PoisonError{Reason: ReasonScanTimeout, Err: err}
	}
	return &PoisonError{Reason: ReasonScanFailed, Err: err}
}

// flushOut closes an answer cut short (idle, shutdown, an error) and
// builds its last outputs: the redacted rest (nothing when the stream
// failed or the reason is an error) with Sluice-Stream-End and the
// reason in Sluice-Stream-Error.
func (c *Consumer) flushOut(ctx context.Context, a *answer, reason string) ([]*nats.Msg, error) {
	subject, _ := c.mapping.Map(a.key.subject)
	var sum summary
	sctx, cancel := context.WithTimeout(ctx, c.cfg.ScanTimeout)
	defer cancel()
	hdr, err := scanHeaders(sctx, a.scanner, a.lastHdr, &sum)
	if err != nil {
		return nil, scanPoison(err)
	}
	release := reason == StreamIdleTimeout || reason == StreamShutdown
	var (
		out   []byte
		extra [][]byte
	)
	switch {
	case a.json:
		if release {
			if extra, err = c.restJSON(a, nil, &sum); err != nil {
				reason, extra = ReasonScanFailed, nil // the rest is withheld (fail closed)
			}
		}
		out = c.emptiedJSON(a)
	case release:
		if out, err = a.st.Close(nil); err != nil {
			reason, out = ReasonScanFailed, nil
		}
	}
	if err := c.streamHeadersOut(sctx, a, hdr, &sum, true, reason); err != nil {
		return nil, err
	}
	enc, _ := inputEncoding(a.lastHdr)
	if enc != codec.Identity {
		hdr.Set(headerEncoding, string(enc))
	}
	return jsonOutputs(subject, hdr, enc, out, extra)
}

// emptiedJSON is the last chunk of a JSON answer with every selected
// string emptied: a closing chunk of the same format that adds no text.
func (c *Consumer) emptiedJSON(a *answer) []byte {
	if len(a.keyOrder) == 0 {
		return []byte("{}")
	}
	t := a.keys[a.keyOrder[len(a.keyOrder)-1]].template
	d, err := jsonx.Parse(t)
	if err != nil {
		return []byte("{}")
	}
	_ = c.paths.Strings(d, func(v jsonx.V) error { d.Replace(v, []byte(`""`)); return nil })
	return d.AppendTo(nil)
}

// setSummary writes the findings headers.
func setSummary(hdr nats.Header, sum *summary, s *engine.Scanner) {
	hdr.Set(HeaderFindings, strconv.Itoa(sum.findings))
	if len(sum.types) > 0 {
		slices.Sort(sum.types)
		hdr.Set(HeaderTypes, strings.Join(sum.types, ","))
	}
	if p := s.Policy(); p != nil {
		hdr.Set(HeaderPolicy, p.ID)
	}
	if len(sum.degraded) > 0 {
		hdr.Set(HeaderDegraded, strings.Join(slices.Compact(sum.degraded), "; "))
	}
}

// laneTick keeps held chunks alive and flushes idle answers.
func (c *Consumer) laneTick(ctx context.Context, l *lane) {
	now := time.Now()
	for key, a := range l.answers {
		if now.Sub(a.last) >= c.cfg.StreamIdle {
			c.flushIdle(ctx, l, a)
			continue
		}
		for _, m := range a.held {
			_ = m.InProgress()
		}
		_ = key
	}
	for key, e := range l.ended {
		if now.Sub(e.at) > DuplicateWindow {
			delete(l.ended, key)
		}
	}
}

func (c *Consumer) flushIdle(ctx context.Context, l *lane, a *answer) {
	ctx = context.WithoutCancel(ctx)
	msgs, err := c.flushOut(ctx, a, StreamIdleTimeout)
	if err == nil {
		if c.js != nil {
			_, err = c.publishAll(ctx, msgs, msgID(a.inc, a.lastSeq)+":flush")
		} else {
			err = c.publishCore(msgs)
		}
	}
	log := c.cfg.Log.With("subject", a.key.subject, "chunks_held", len(a.held))
	if err != nil {
		// JetStream: drop the state; the held chunks come back after
		// AckWait and the answer is rebuilt from the stream.
		log.Warn("nats streamed answer: idle flush failed", "err", err)
		c.dropAnswer(l, a, false)
		return
	}
	log.Warn("nats streamed answer flushed after the idle timeout", "idle", c.cfg.StreamIdle)
	c.endAnswer(l, a, false)
}

// endAnswer acks an answer's chunks and forgets it.
func (c *Consumer) endAnswer(l *lane, a *answer, failed bool) {
	for _, m := range a.held {
		if err := m.Ack(); err != nil {
			c.cfg.Log.Debug("nats ack", "err", err)
		}
	}
	a.cancel()
	delete(l.answers, a.key)
	if c.js != nil {
		l.ended[a.key] = ended{seq: a.lastSeq, failed: failed, at: time.Now()}
	}
	c.redacted.Add(1)
}

// dropAnswer forgets an answer without acking: its unacked chunks are
// redelivered (nak: now) and it is rebuilt from the stream.
func (c *Consumer) dropAnswer(l *lane, a *answer, nak bool) {
	if nak {
		for _, m := range a.held {
			_ = m.Nak()
		}
	}
	a.cancel()
	delete(l.answers, a.key)
}

// publishAll publishes a chunk's outputs in order and waits for each
// PubAck; the last carries id, the extra ones before it ids derived
// from it. It returns the last PubAck.
func (c *Consumer) publishAll(ctx context.Context, msgs []*nats.Msg, id string) (*jetstream.PubAck, error) {
	var ack *jetstream.PubAck
	for i, m := range msgs {
		mid := id
		if i < len(msgs)-1 {
			mid = restID(id, i)
		}
		m.Header.Set(jetstream.MsgIDHeader, mid)
		var err error
		if ack, err = c.publish(ctx, m); err != nil {
			return nil, err
		}
	}
	return ack, nil
}

func (c *Consumer) publishCore(msgs []*nats.Msg) error {
	for _, m := range msgs {
		if err := c.nc.PublishMsg(m); err != nil {
			return err
		}
	}
	return nil
}

// ---------------------------------------------------------------- JetStream

// chunksBetween reads from the input stream the chunks of key's answer
// with sequences in [from, to), in order. After an End chunk only what
// follows it is kept (the id was reused for a new answer).
func (c *Consumer) chunksBetween(ctx context.Context, at *attachment, key answerKey, from, to uint64) ([]*jetstream.RawStreamMsg, error) {
	var out []*jetstream.RawStreamMsg
	for from < to {
		m, err := at.stream.GetMsg(ctx, from, jetstream.WithGetMsgSubject(key.subject))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			return nil, err
		}
		if m.Sequence >= to {
			break
		}
		from = m.Sequence + 1
		if id, _, err := streamHeaders(m.Header); err == nil && id == key.id {
			out = append(out, m)
		}
	}
	return out, nil
}

// afterEnd drops what comes up to the last End chunk: those chunks
// belong to an earlier answer under the same id.
func afterEnd(ms []*jetstream.RawStreamMsg) []*jetstream.RawStreamMsg {
	for i := len(ms) - 1; i >= 0; i-- {
		if _, end, _ := streamHeaders(ms[i].Header); end {
			return ms[i+1:]
		}
	}
	return ms
}

func (c *Consumer) handleChunkJS(ctx context.Context, l *lane, d *delivery, meta *jetstream.MsgMetadata, id string, end bool, log func() *slog.Logger) {
	m := d.m
	key := answerKey{m.Subject(), id}
	seq := meta.Sequence.Stream
	if e, ok := l.ended[key]; ok {
		switch {
		case seq <= e.seq:
			_ = m.Ack() // a late redelivery of a chunk whose answer is done
			return
		case e.failed:
			if end {
				delete(l.ended, key)
			}
			c.terminate(ctx, *d, meta, &PoisonError{Reason: ReasonStreamCut, Err: errors.New("an earlier chunk of this answer failed")}, log)
			return
		}
		delete(l.ended, key) // the id starts a new answer
	}
	a := l.answers[key]
	if a != nil && seq <= a.lastSeq {
		a.held = append(a.held, m) // already fed (read back from the stream)
		return
	}
	ka := startKeepAlive(m, c.cfg.AckWait/3)
	defer ka.stop()
	// The chunks before this one that this lane has not fed are read back
	// from the stream: all of the answer's unacked chunks when its state
	// is new (a crash, a restart, a dropped state), or the ones delivered
	// elsewhere since the last chunk (a pull request lost in a reconnect,
	// a redelivery). When every delivery since the last chunk came here
	// in order (same epoch) there can be none.
	var (
		missed []*jetstream.RawStreamMsg
		err    error
	)
	switch {
	case a == nil:
		var info *jetstream.ConsumerInfo
		if info, err = d.at.cons.Info(ctx); err == nil {
			missed, err = c.chunksBetween(ctx, d.at, key, info.AckFloor.Stream+1, seq)
			missed = afterEnd(missed)
		}
	case d.epoch != a.epoch || meta.NumDelivered > 1:
		missed, err = c.chunksBetween(ctx, d.at, key, a.lastSeq+1, seq)
	}
	if err != nil {
		if a != nil {
			c.dropAnswer(l, a, true)
		}
		c.nak(m, meta.NumDelivered, log, "read the answer's earlier chunks", err)
		return
	}
	if a == nil {
		a = c.newAnswer(ctx, key, d.inc)
		l.answers[key] = a
	}
	for _, p := range missed {
		_, pend, _ := streamHeaders(p.Header)
		if c.stepJS(ctx, l, a, d, meta, p.Header, p.Data, pend, p.Sequence, log) != nil {
			return
		}
		if pend { // the answer ended before this chunk: it starts another
			c.endAnswer(l, a, false)
			delete(l.ended, key)
			a = c.newAnswer(ctx, key, d.inc)
			l.answers[key] = a
		}
	}
	if len(missed) > 0 {
		log().Info("nats streamed answer: chunks read back from the stream", "chunks", len(missed))
	}
	if c.stepJS(ctx, l, a, d, meta, m.Headers(), m.Data(), end, seq, log) != nil {
		return
	}
	a.epoch = d.epoch
	a.held = append(a.held, m)
	if end {
		c.endAnswer(l, a, false)
	}
}

// stepJS feeds one chunk (the delivered one or one read back from the
// stream) and publishes its output. On failure it has dealt with the
// delivered message and the answer, and returns the error.
func (c *Consumer) stepJS(ctx context.Context, l *lane, a *answer, d *delivery, meta *jetstream.MsgMetadata, in nats.Header, data []byte, end bool, seq uint64, log func() *slog.Logger) error {
	m := d.m
	msgs, err := c.feed(ctx, a, in, data, end)
	if err != nil {
		var poison *PoisonError
		if errors.As(err, &poison) && !(poison.Reason == ReasonScanTimeout && meta.NumDelivered < scanTimeoutRetries) {
			c.failAnswerJS(ctx, l, a, d, meta, poison, log)
		} else {
			c.dropAnswer(l, a, true)
			c.nak(m, meta.NumDelivered, log, "redact", err)
		}
		return err
	}
	subject, _ := c.mapping.Map(a.key.subject)
	ack, err := c.publishAll(ctx, msgs, msgID(a.inc, seq))
	if err != nil {
		if oerr := c.checkOutput(ctx, subject); oerr != nil {
			log().Error("nats consumer stops", "err", oerr)
			c.stop(oerr)
		}
		// The stream consumed bytes whose output is not stored: drop the
		// state; the chunks are read back from the stream.
		c.dropAnswer(l, a, true)
		c.nak(m, meta.NumDelivered, log, "publish "+subject, err)
		return err
	}
	if ack.Duplicate && seq == meta.Sequence.Stream && meta.NumDelivered == 1 {
		// Chunks read back from the stream are expected duplicates; the
		// delivered chunk on its first delivery is not.
		c.failAnswerJS(ctx, l, a, d, meta, &PoisonError{Reason: ReasonIDCollision,
			Err: fmt.Errorf("output stream %s already holds id %s on the first delivery", ack.Stream, msgID(a.inc, seq))}, log)
		return errors.New(ReasonIDCollision)
	}
	a.lastSeq = seq
	if c.afterPublish != nil && seq == meta.Sequence.Stream {
		c.afterPublish(m)
	}
	return nil
}

// failAnswerJS ends an answer that cannot go on: the chunk goes to the
// dead letter, a last output says why (and releases nothing held back),
// and later chunks of the answer follow to the dead letter.
func (c *Consumer) failAnswerJS(ctx context.Context, l *lane, a *answer, d *delivery, meta *jetstream.MsgMetadata, p *PoisonError, log func() *slog.Logger) {
	msgs, err := c.flushOut(ctx, a, p.Reason)
	if err == nil {
		_, err = c.publishAll(ctx, msgs, msgID(a.inc, meta.Sequence.Stream)+":cut")
	}
	if err != nil {
		c.dropAnswer(l, a, true)
		c.nak(d.m, meta.NumDelivered, log, "publish the end of a failed answer", err)
		return
	}
	a.lastSeq = max(a.lastSeq, meta.Sequence.Stream)
	end := false
	if _, e, _ := streamHeaders(d.m.Headers()); e {
		end = true
	}
	c.endAnswer(l, a, !end)
	c.terminate(ctx, *d, meta, p, log)
}

// ---------------------------------------------------------------- core NATS

func (c *Consumer) handleChunkCore(ctx context.Context, l *lane, m *nats.Msg, id string, end bool) {
	key := answerKey{m.Subject, id}
	if e, ok := l.ended[key]; ok && e.failed {
		if end {
			delete(l.ended, key)
		}
		c.deadLetterCore(m, &PoisonError{Reason: ReasonStreamCut, Err: errors.New("an earlier chunk of this answer failed")})
		return
	}
	a := l.answers[key]
	if a == nil {
		a = c.newAnswer(ctx, key, "")
		l.answers[key] = a
	}
	msgs, err := c.feed(ctx, a, m.Header, m.Data, end)
	if err != nil {
		p, ok := errors.AsType[*PoisonError](err)
		if !ok {
			p = &PoisonError{Reason: ReasonScanFailed, Err: err}
		}
		if fm, ferr := c.flushOut(ctx, a, p.Reason); ferr == nil {
			_ = c.publishCore(fm)
		}
		a.cancel()
		delete(l.answers, key)
		if !end {
			l.ended[key] = ended{failed: true, at: time.Now()}
		}
		c.deadLetterCore(m, p)
		return
	}
	if err := c.publishCore(msgs); err != nil {
		c.cfg.Log.Error("nats publish", "subject", msgs[0].Subject, "err", err)
	}
	if end {
		a.cancel()
		delete(l.answers, key)
		c.redacted.Add(1)
	}
	if m.Reply != "" {
		_ = m.Respond(nil)
	}
}

// stoppedCore flushes the answers a core lane still holds: core NATS
// has no redelivery, so the rest is released (redacted) with
// Sluice-Stream-Error: shutdown rather than lost.
func (c *Consumer) stoppedCore(ctx context.Context, l *lane) {
	for _, a := range l.answers {
		if msgs, err := c.flushOut(context.WithoutCancel(ctx), a, StreamShutdown); err == nil {
			_ = c.publishCore(msgs)
		}
		a.cancel()
	}
	clear(l.answers)
}

// stoppedJS gives a JetStream lane's unfinished answers back: their
// chunks are redelivered now and rebuilt by whoever takes them.
func (c *Consumer) stoppedJS(l *lane) {
	for _, a := range l.answers {
		c.dropAnswer(l, a, true)
	}
}
