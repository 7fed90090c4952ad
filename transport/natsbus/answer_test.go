package natsbus

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// answerText is one model answer with the canaries split across chunk
// boundaries in most chunkings.
func answerText(i int) string {
	return fmt.Sprintf("answer %d: the key is %s and mail %s, done. ", i, canarySecret, canaryEmail) +
		strings.Repeat("filler text without findings. ", i%5)
}

// chunks splits text at random points (1..n pieces).
func chunks(rng *rand.Rand, text string, n int) []string {
	cuts := map[int]bool{}
	for range n - 1 {
		cuts[1+rng.IntN(len(text)-1)] = true
	}
	var out []string
	last := 0
	for i := 1; i < len(text); i++ {
		if cuts[i] {
			out = append(out, text[last:i])
			last = i
		}
	}
	return append(out, text[last:])
}

func chunkMsg(subject, id, data string, end bool) *nats.Msg {
	m := nats.NewMsg(subject)
	m.Data = []byte(data)
	m.Header.Set(HeaderStreamID, id)
	if end {
		m.Header.Set(HeaderStreamEnd, "true")
	}
	return m
}

// modeConfig is the consumer configuration of a test mode.
func modeConfig(mode string) Config {
	if mode == "jetstream" {
		return jsConfig()
	}
	return Config{}
}

// pubChunk publishes to JetStream (waiting for the PubAck) or core NATS.
func (b *bus) pubChunk(t *testing.T, mode string, m *nats.Msg) {
	t.Helper()
	if mode == "jetstream" {
		if _, err := b.js.PublishMsg(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	} else if err := b.nc.PublishMsg(m); err != nil {
		t.Fatal(err)
	}
}

// collect gathers outputs per stream id in arrival order.
type collected struct {
	mu   sync.Mutex
	text map[string]*strings.Builder
	msgs map[string][]*nats.Msg
}

func (c *collected) add(m *nats.Msg) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := m.Header.Get(HeaderStreamID)
	if c.text[id] == nil {
		c.text[id] = &strings.Builder{}
	}
	c.text[id].Write(m.Data)
	c.msgs[id] = append(c.msgs[id], m)
}

func (c *collected) get(id string) (string, []*nats.Msg) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.text[id] == nil {
		return "", nil
	}
	return c.text[id].String(), c.msgs[id]
}

func collect(t *testing.T, nc *nats.Conn, subject string) *collected {
	t.Helper()
	c := &collected{text: map[string]*strings.Builder{}, msgs: map[string][]*nats.Msg{}}
	if _, err := nc.Subscribe(subject, c.add); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	return c
}

// batchOf is the batch redaction of a whole answer.
func batchOf(t testing.TB, text string) (string, int) {
	t.Helper()
	r, err := scanner(t).Redact(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return string(r.Redacted), len(r.Findings)
}

// checkAnswer: the outputs of one answer concatenate to the batch
// redaction, one output per input chunk, the end marked on the last only,
// and the findings headers add up.
func checkAnswer(t *testing.T, got string, msgs []*nats.Msg, text string, nchunks int) {
	t.Helper()
	want, nf := batchOf(t, text)
	if got != want {
		t.Fatalf("concatenated output\n%q\nwant batch\n%q", got, want)
	}
	if len(msgs) != nchunks {
		t.Fatalf("%d outputs for %d chunks", len(msgs), nchunks)
	}
	total := 0
	for i, m := range msgs {
		end := m.Header.Get(HeaderStreamEnd) == "true"
		if end != (i == len(msgs)-1) || m.Header.Get(HeaderStreamError) != "" {
			t.Fatalf("output %d of %d: headers %v", i, len(msgs), m.Header)
		}
		n, _ := strconv.Atoi(m.Header.Get(HeaderFindings))
		total += n
	}
	if total != nf {
		t.Fatalf("Sluice-Findings add up to %d, batch found %d", total, nf)
	}
}

// TestStreamedAnswers: answers published as chunks, interleaved on one
// subject and across subjects, come out equal to the batch redaction,
// in core NATS and JetStream.
func TestStreamedAnswers(t *testing.T) {
	for _, mode := range []string{"core", "jetstream"} {
		t.Run(mode, func(t *testing.T) {
			b := newBus(t)
			noLeak(t, b.srv.ClientURL())
			startConsumer(t, b.srv.ClientURL(), modeConfig(mode), nil)
			out := collect(t, b.nc, "llm.redacted.>")
			rng := rand.New(rand.NewPCG(7, uint64(len(mode))))
			const answers = 12
			type ans struct {
				id, subject, text string
				parts             []string
			}
			var as []*ans
			for i := range answers {
				text := answerText(i)
				as = append(as, &ans{id: "a-" + strconv.Itoa(i), subject: "llm.responses.m" + strconv.Itoa(i%3), text: text, parts: chunks(rng, text, 2+rng.IntN(12))})
			}
			// The example, split where it leaked.
			as = append(as, &ans{id: "issue", subject: "llm.responses.m0", text: "key " + canarySecret + " and mail " + canaryEmail + " done",
				parts: []string{"key " + canarySecret[:8], canarySecret[8:] + " and mail " + canaryEmail[:6], canaryEmail[6:] + " done"}})
			// Interleave: publish the answers' chunks round-robin.
			next := make([]int, len(as))
			for left := true; left; {
				left = false
				for i, a := range as {
					if next[i] >= len(a.parts) {
						continue
					}
					left = true
					b.pubChunk(t, mode, chunkMsg(a.subject, a.id, a.parts[next[i]], next[i] == len(a.parts)-1))
					next[i]++
				}
			}
			for _, a := range as {
				checkFor(t, 10*time.Second, 10*time.Millisecond, func() error {
					_, msgs := out.get(a.id)
					if len(msgs) < len(a.parts) {
						return fmt.Errorf("answer %s: %d of %d outputs", a.id, len(msgs), len(a.parts))
					}
					return nil
				})
				got, msgs := out.get(a.id)
				checkAnswer(t, got, msgs, a.text, len(a.parts))
				if want, _ := strings.CutPrefix(a.subject, "llm.responses."); msgs[0].Subject != "llm.redacted."+want {
					t.Fatalf("output subject %s", msgs[0].Subject)
				}
			}
			if mode == "jetstream" {
				waitCount(t, b.js, b.streams.In, 0, 5*time.Second) // every chunk acked
			}
		})
	}
}

// TestStreamedAnswerIdle: an answer whose end never comes is flushed
// after the idle timeout, redacted, with Sluice-Stream-Error.
func TestStreamedAnswerIdle(t *testing.T) {
	for _, mode := range []string{"core", "jetstream"} {
		t.Run(mode, func(t *testing.T) {
			b := newBus(t)
			noLeak(t, b.srv.ClientURL())
			cfg := modeConfig(mode)
			cfg.StreamIdle = 300 * time.Millisecond
			startConsumer(t, b.srv.ClientURL(), cfg, nil)
			out := collect(t, b.nc, "llm.redacted.>")
			parts := []string{"mail " + canaryEmail[:5], canaryEmail[5:] + " and"}
			for _, p := range parts {
				b.pubChunk(t, mode, chunkMsg("llm.responses.idle", "idle-1", p, false))
			}
			checkFor(t, 10*time.Second, 10*time.Millisecond, func() error {
				if _, msgs := out.get("idle-1"); len(msgs) < 3 {
					return fmt.Errorf("%d outputs", len(msgs))
				}
				return nil
			})
			got, msgs := out.get("idle-1")
			if want, _ := batchOf(t, strings.Join(parts, "")); got != want {
				t.Fatalf("flushed %q, want %q", got, want)
			}
			last := msgs[2].Header
			if last.Get(HeaderStreamError) != StreamIdleTimeout || last.Get(HeaderStreamEnd) != "true" {
				t.Fatalf("last output headers %v", last)
			}
			if mode == "jetstream" {
				waitCount(t, b.js, b.streams.In, 0, 5*time.Second)
			}
		})
	}
}

// TestStreamedAnswerCrash: the consumer dies in the middle of answers
// with chunks published and unacked (in-process kill -9: its connection
// drops, nothing is acked or flushed); a new consumer takes over. The
// output stream then holds, per answer, outputs that concatenate to the
// batch redaction: no byte lost, none doubled.
func TestStreamedAnswerCrash(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	cfg := jsConfig()
	cfg.AckWait = 500 * time.Millisecond
	var published atomic.Int64
	var killed atomic.Bool
	var kill sync.Once
	startConsumer(t, b.srv.ClientURL(), cfg, func(c *Consumer) {
		c.afterPublish = func(jetstream.Msg) {
			if published.Add(1) == 9 {
				kill.Do(func() { killed.Store(true); c.nc.Close() })
			}
		}
	})
	rng := rand.New(rand.NewPCG(3, 4))
	type ans struct {
		id, text string
		parts    []string
	}
	var as []ans
	for i := range 4 {
		text := answerText(i + 1)
		as = append(as, ans{id: "crash-" + strconv.Itoa(i), text: text, parts: chunks(rng, text, 6)})
	}
	pub := func(from, to int) {
		for _, a := range as {
			for j := from; j < min(to, len(a.parts)); j++ {
				if _, err := b.js.PublishMsg(context.Background(), chunkMsg("llm.responses.crash", a.id, a.parts[j], j == len(a.parts)-1)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	pub(0, 3) // 12 chunks; the consumer dies after publishing 9 outputs
	checkFor(t, 5*time.Second, 10*time.Millisecond, func() error {
		if !killed.Load() {
			return fmt.Errorf("not killed yet")
		}
		return nil
	})
	startConsumer(t, b.srv.ClientURL(), cfg, nil)
	pub(3, 6) // the rest arrives before the old chunks are redelivered
	total := 0
	for _, a := range as {
		total += len(a.parts)
	}
	waitCount(t, b.js, b.streams.In, 0, 15*time.Second)
	waitCount(t, b.js, b.streams.Out, uint64(total), 5*time.Second)
	byID := map[string][]*jetstream.RawStreamMsg{}
	for _, m := range streamMsgs(t, b.js, b.streams.Out) {
		id := m.Header.Get(HeaderStreamID)
		byID[id] = append(byID[id], m)
	}
	for _, a := range as {
		var got strings.Builder
		msgs := byID[a.id]
		for _, m := range msgs {
			got.Write(m.Data)
		}
		want, _ := batchOf(t, a.text)
		if got.String() != want || len(msgs) != len(a.parts) {
			t.Fatalf("%s: %d outputs for %d chunks\n%q\nwant\n%q", a.id, len(msgs), len(a.parts), got.String(), want)
		}
		if msgs[len(msgs)-1].Header.Get(HeaderStreamEnd) != "true" {
			t.Fatalf("%s: last output without the end mark", a.id)
		}
	}
}

// TestStreamedAnswerPinned: two instances share a pinned durable; only
// one receives chunks, so an answer is never split between them; when it
// dies mid-answer the other takes the pin and finishes every answer from
// the stream.
func TestStreamedAnswerPinned(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	cfg := jsConfig()
	cfg.Pinned = true
	cfg.AckWait = 500 * time.Millisecond
	var killed atomic.Bool
	var kill sync.Once
	var firstOut, secondOut atomic.Int64
	var atKill [2]int64
	hook := func(n *atomic.Int64, killAt int64) func(*Consumer) {
		return func(c *Consumer) {
			c.afterPublish = func(jetstream.Msg) {
				if n.Add(1) == killAt {
					kill.Do(func() {
						atKill = [2]int64{firstOut.Load(), secondOut.Load()}
						killed.Store(true)
						c.nc.Close()
					})
				}
			}
		}
	}
	startConsumer(t, b.srv.ClientURL(), cfg, hook(&firstOut, 6))
	startConsumer(t, b.srv.ClientURL(), cfg, hook(&secondOut, 6))
	rng := rand.New(rand.NewPCG(5, 6))
	type ans struct {
		id, text string
		parts    []string
	}
	var as []ans
	total := 0
	for i := range 3 {
		text := answerText(i + 2)
		as = append(as, ans{id: "pin-" + strconv.Itoa(i), text: text, parts: chunks(rng, text, 5)})
		total += 5
	}
	for j := range 5 {
		for _, a := range as {
			if _, err := b.js.PublishMsg(context.Background(), chunkMsg("llm.responses.pin", a.id, a.parts[j], j == 4)); err != nil {
				t.Fatal(err)
			}
		}
		if j == 2 {
			checkFor(t, 5*time.Second, 10*time.Millisecond, func() error {
				if !killed.Load() {
					return fmt.Errorf("not killed yet")
				}
				return nil
			})
		}
	}
	waitCount(t, b.js, b.streams.In, 0, 20*time.Second)
	waitCount(t, b.js, b.streams.Out, uint64(total), 5*time.Second)
	byID := map[string]string{}
	for _, m := range streamMsgs(t, b.js, b.streams.Out) {
		byID[m.Header.Get(HeaderStreamID)] += string(m.Data)
	}
	for _, a := range as {
		if want, _ := batchOf(t, a.text); byID[a.id] != want {
			t.Fatalf("%s:\n%q\nwant\n%q", a.id, byID[a.id], want)
		}
	}
	if atKill[0] != 0 && atKill[1] != 0 {
		t.Fatalf("both instances published (%d, %d) while the pinned one was alive", atKill[0], atKill[1])
	}
}

// TestStreamedAnswersPartitioned: scale-out without splitting answers.
// The input stream maps each subject to one of two partitions with a
// NATS subject transform ({{partition(2,1)}}); each consumer has its own
// durable on one partition. Every answer (one subject) lands whole on one
// consumer, both consumers work, and every answer equals its batch
// redaction.
func TestStreamedAnswersPartitioned(t *testing.T) {
	s := runServer(t, t.TempDir(), -1)
	nc := connect(t, s.ClientURL())
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	noLeak(t, s.ClientURL())
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{
		Name: "ANSWERS", Subjects: []string{"llm.responses.*"}, Retention: jetstream.WorkQueuePolicy,
		SubjectTransform: &jetstream.SubjectTransformConfig{Source: "llm.responses.*", Destination: "llm.responses.{{wildcard(1)}}.{{partition(2,1)}}"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "REDACTED", Subjects: []string{"llm.redacted.*"}, Duplicates: DuplicateWindow}); err != nil {
		t.Fatal(err)
	}
	var ks []*consumer
	for p := range 2 {
		cfg := jsConfig()
		cfg.Stream, cfg.Durable = "ANSWERS", "sluice-"+strconv.Itoa(p)
		cfg.In, cfg.Out = "llm.responses.*."+strconv.Itoa(p), "llm.redacted.*"
		ks = append(ks, startConsumer(t, s.ClientURL(), cfg, nil))
	}
	rng := rand.New(rand.NewPCG(9, 10))
	type ans struct {
		id, text string
		parts    []string
	}
	var as []ans
	total := 0
	for i := range 10 {
		text := answerText(i)
		as = append(as, ans{id: "ans" + strconv.Itoa(i), text: text, parts: chunks(rng, text, 4)})
		total += len(as[i].parts)
	}
	for j := range 4 {
		for _, a := range as {
			if j < len(a.parts) {
				// One answer, one subject: the partition follows the subject.
				if _, err := js.PublishMsg(ctx, chunkMsg("llm.responses."+a.id, a.id, a.parts[j], j == len(a.parts)-1)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	waitCount(t, js, "ANSWERS", 0, 10*time.Second)
	waitCount(t, js, "REDACTED", uint64(total), 5*time.Second)
	byID := map[string]string{}
	for _, m := range streamMsgs(t, js, "REDACTED") {
		if want := "llm.redacted." + m.Header.Get(HeaderStreamID); m.Subject != want {
			t.Fatalf("output subject %s, want %s", m.Subject, want)
		}
		byID[m.Header.Get(HeaderStreamID)] += string(m.Data)
	}
	for _, a := range as {
		if want, _ := batchOf(t, a.text); byID[a.id] != want {
			t.Fatalf("%s:\n%q\nwant\n%q", a.id, byID[a.id], want)
		}
	}
	for p, k := range ks {
		if k.c.Stats().Redacted == 0 {
			t.Errorf("partition %d did no work", p)
		}
	}
}
