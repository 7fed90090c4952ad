package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
)

// Errors a stream can fail with, besides those of a scan.
var (
	// ErrStreamClosed is returned for writes after Close.
	ErrStreamClosed = errors.New("stream closed")
	// ErrStreamTooLong is returned when a stream that must see the whole
	// text (a policy with a model stage) grows past MaxWholeStream.
	ErrStreamTooLong = errors.New("stream too long")
)

// MaxWholeStream bounds the text a stream buffers when the scanner has a
// model stage (NER), which needs the whole text: such streams emit
// everything at Close.
const MaxWholeStream = 8 << 20

// streamBounds say how far before the scan frontier a window that has
// not been seen yet can start, per trigger kind (-1: no rule of that
// kind). They are what the hold-back is made of.
type streamBounds struct {
	kw, at, colon, digit, always, alnum int
}

func (s *Scanner) computeBounds() streamBounds {
	b := streamBounds{kw: -1, at: -1, colon: -1, digit: -1, always: -1, alnum: -1}
	for _, ri := range s.alnumRules {
		b.alnum = max(b.alnum, s.rules[ri].back)
	}
	for ki, kw := range s.keywords {
		for _, ri := range s.kwRules[ki] {
			// An occurrence not yet complete ends past the frontier, so it
			// starts at most len(kw)-1 bytes before it.
			b.kw = max(b.kw, len(kw)-1+s.rules[ri].back)
		}
	}
	for _, ri := range s.atRules {
		b.at = max(b.at, s.rules[ri].back)
	}
	for _, ri := range s.colonRules {
		// A colon run starts up to colonReach bytes before its colon.
		b.colon = max(b.colon, s.rules[ri].back+colonReach)
	}
	for _, ri := range s.digitRules {
		b.digit = max(b.digit, s.rules[ri].back)
	}
	for _, ri := range s.alwaysRules {
		b.always = max(b.always, s.rules[ri].MaxLen)
	}
	return b
}

// Stream redacts a text that arrives in chunks. For any chunking, the
// concatenation of everything Write and Close return equals
// Scanner.Redact of the whole text, and Findings equals its findings.
//
// It works like a golang.org/x/text/transform.Transformer: each Write
// scans only the new bytes for triggers, runs the rule windows whose
// bytes (and context) are now all present, and emits the redacted text
// up to the frontier before which no window still to run can produce a
// match. The rest is held back: at most about the largest look-back of
// any rule (its max_len, or lead bytes for keyword-anchored rules) plus
// the pending windows around recent triggers (a window spans a trigger
// plus max_len on each side, plus the context radius). Chunks may split
// UTF-8 sequences. Memory is bounded by the hold-back (plus the list of
// findings).
//
// A scanner with a model stage (Recognizer), or one that decodes encoded
// runs (policy decode: true), sees whole texts only, so its
// streams hold everything until Close, up to MaxWholeStream bytes.
//
// A Stream is not safe for concurrent use. After an error, every call
// returns that error and nothing that was held back is ever returned
// (fail closed).
type Stream struct {
	s   *Scanner
	ctx context.Context

	// The rules run over the normalised view of the text (normalize.go),
	// which z produces chunk by chunk; findings and output are in the
	// original text. buf holds view[base:base+len(buf)] and fold its
	// ASCII-folded copy; orig holds text[origBase:origBase+len(orig)].
	// (In whole mode, buf holds the original text.)
	buf, fold []byte
	base      int
	orig      []byte
	origBase  int
	z         normalizer

	clusterPos int // digit-cluster scan resumes here
	colonPos   int // colon-run scan resumes here
	alnumPos   int // alphanumeric-run scan resumes here
	nextTile   int // start of the first "always" tile not yet triggered

	pending []window    // windows seen but not run yet (hi unclamped)
	cands   []candidate // candidates not yet pushed into the sweep
	sorted  bool        // cands is in sortCandidates order
	sw      sweep
	out     []Finding // findings closed by the sweep, not yet emitted
	emitted int       // output has been produced for text[:emitted] (original offsets)

	findings []Finding
	sc       scratch
	whole    bool // model stage: buffer everything until Close
	err      error
	closed   bool
}

// NewStream starts a stream. ctx bounds every scan the stream runs.
func (s *Scanner) NewStream(ctx context.Context) *Stream {
	return &Stream{s: s, ctx: ctx, sw: s.newSweep(), whole: len(s.recognizers) > 0 || s.decode}
}

func (st *Stream) end() int { return st.base + len(st.buf) }

// StreamsWhole reports whether this scanner's streams must see the whole
// text before releasing any of it (a model stage, or decoding).
func (s *Scanner) StreamsWhole() bool { return len(s.recognizers) > 0 || s.decode }

// Write takes the next chunk and appends to dst the redacted bytes that
// can no longer take part in a match. Chunks may split UTF-8 sequences.
// On error dst is returned as it came.
func (st *Stream) Write(dst, p []byte) ([]byte, error) {
	if st.err != nil {
		return dst, st.err
	}
	if st.closed {
		return dst, ErrStreamClosed
	}
	if err := st.ctx.Err(); err != nil {
		return dst, st.fail(fmt.Errorf("scan: %w", err))
	}
	if len(p) == 0 {
		return dst, nil
	}
	if st.whole {
		if len(st.buf)+len(p) > MaxWholeStream {
			return dst, st.fail(fmt.Errorf("scan: %w: more than %d bytes with a model stage", ErrStreamTooLong, MaxWholeStream))
		}
		st.buf = append(st.buf, p...)
		return dst, nil
	}
	from := st.end()
	st.orig = append(st.orig, p...)
	st.buf = st.z.feed(st.buf, p, false)
	st.fold = foldInto(st.fold, st.buf[from-st.base:])
	st.collect(from, false)
	if err := st.runReady(false); err != nil {
		return dst, st.fail(err)
	}
	frontier := st.frontier()
	out, err := st.settle(dst, st.origFrontier(frontier))
	if err != nil {
		return dst, st.fail(err)
	}
	st.trim(frontier)
	return out, nil
}

// origFrontier maps a frontier in the view to the original text: no
// candidate still to come starts before it there either (the map keeps
// order). Past the view's end lies input the normaliser still holds.
func (st *Stream) origFrontier(f int) int {
	if f >= st.end() {
		return st.z.o
	}
	return st.z.m.start(f)
}

// Close scans what is held back and appends the rest of the output. On
// error nothing held back is returned (fail closed).
func (st *Stream) Close(dst []byte) ([]byte, error) {
	if st.err != nil {
		return dst, st.err
	}
	if st.closed {
		return dst, ErrStreamClosed
	}
	st.closed = true
	if st.whole {
		res, err := st.s.Redact(st.ctx, st.buf)
		st.buf = nil
		if err != nil {
			return dst, st.fail(err)
		}
		st.findings = append(st.findings, res.Findings...)
		return append(dst, res.Redacted...), nil
	}
	if err := st.ctx.Err(); err != nil {
		return dst, st.fail(fmt.Errorf("scan: %w", err))
	}
	from := st.end()
	st.buf = st.z.feed(st.buf, nil, true)
	st.fold = foldInto(st.fold, st.buf[from-st.base:])
	st.collect(from, true)
	if err := st.runReady(true); err != nil {
		return dst, st.fail(err)
	}
	out, err := st.settle(dst, math.MaxInt)
	if err != nil {
		return dst, st.fail(err)
	}
	st.buf, st.fold, st.orig, st.pending, st.cands = nil, nil, nil, nil, nil
	return out, nil
}

func (st *Stream) fail(err error) error {
	st.err = err
	st.buf, st.fold, st.orig, st.pending, st.cands, st.out = nil, nil, nil, nil, nil, nil
	return err
}

// Findings returns the findings made final so far, with offsets into the
// whole stream.
func (st *Stream) Findings() []Finding { return st.findings }

// Held is how many input bytes have been written but not yet answered
// with output.
func (st *Stream) Held() int {
	if st.closed || st.err != nil {
		return 0
	}
	if st.whole {
		return len(st.buf)
	}
	return st.origBase + len(st.orig) - st.emitted
}

// collect adds the windows of the triggers that the bytes from
// text[from:] complete. final means the text ends at the buffer's end.
func (st *Stream) collect(from int, final bool) {
	s := st.s
	end := st.end()
	add := func(ri int32, tLo, tHi int) {
		r := &s.rules[ri]
		w := window{lo: max(tLo-r.back, 0), hi: tHi + r.fwd, rule: ri, thi: tHi}
		st.pending = append(st.pending, w)
	}
	// Keywords: each occurrence is found once, by the position where it
	// ends, when that byte arrives.
	if len(s.keywords) > 0 {
		for e := from + 1; e <= end; e++ {
			c := st.fold[e-1-st.base]
			if !s.kwSingle[c] {
				if e-2 < st.base {
					continue // no keyword of two or more bytes ends here
				}
				pair := int(st.fold[e-2-st.base])<<8 | int(c)
				if s.kwPair[pair/64]&(1<<(pair%64)) == 0 {
					continue
				}
			}
			for _, ke := range s.kwByLast[c] {
				h := e - int(ke.n)
				if h < st.base || (ke.n > 1 && st.fold[e-2-st.base] != ke.prev) {
					continue
				}
				ki := ke.ki
				if !bytes.Equal(st.fold[h-st.base:e-st.base], s.keywords[ki]) {
					continue
				}
				for _, ri := range s.kwRules[ki] {
					add(ri, h, e)
				}
			}
		}
	}
	nb := st.buf[from-st.base:]
	if len(s.atRules) > 0 {
		forEachByte(nb, '@', func(i int) {
			for _, ri := range s.atRules {
				add(ri, from+i, from+i+1)
			}
		})
	}
	if len(s.colonRules) > 0 {
		next := forEachColonRun(st.buf, st.colonPos-st.base, final, func(lo, hi, colons int, double bool) {
			for _, ri := range s.colonRules {
				if s.rules[ri].colonRunFits(colons, double) {
					add(ri, st.base+lo, st.base+hi)
				}
			}
		})
		st.colonPos = st.base + next
	}
	if len(s.alnumRules) > 0 {
		next := forEachAlnumRun(st.buf, st.alnumPos-st.base, s.alnumMin, s.alnumMax, final, func(lo, hi int) {
			for _, ri := range s.alnumRules {
				if r := &s.rules[ri]; hi-lo >= r.MinDigits && hi-lo <= r.MaxDigits {
					add(ri, st.base+lo, st.base+hi)
				}
			}
		})
		st.alnumPos = st.base + next
	}
	if len(s.digitRules) > 0 {
		cb := st.clusterPos
		next := forEachCluster(st.buf[cb-st.base:], s.minClusterDigits, final, func(c cluster) {
			if w, ok := s.clusterGate(c, cb); ok {
				st.pending = append(st.pending, w)
			}
		})
		st.clusterPos = cb + next
	}
	for ; len(s.alwaysRules) > 0 && st.nextTile < end; st.nextTile += alwaysTile {
		for _, ri := range s.alwaysRules {
			r := &s.rules[ri]
			st.pending = append(st.pending, window{lo: max(st.nextTile-r.MaxLen, 0), hi: st.nextTile + alwaysTile + r.MaxLen, rule: ri})
		}
	}
}

// runReady runs the pending windows whose bytes, and the context around
// any match in them, are all present; at the end of the text (final)
// every window runs, clamped to the text as the batch scan clamps it.
func (st *Stream) runReady(final bool) error {
	s := st.s
	end := st.end()
	if final {
		for i := range st.pending {
			st.pending[i].hi = min(st.pending[i].hi, end)
		}
	}
	// Windows run in the groups the batch scan forms (see runGroup): a
	// group runs once no window still to come can join it, and all its
	// bytes and context are present.
	st.pending = st.sc.sortWindows(st.pending)
	st.sc.nextGen(len(s.rules))
	st.sc.newPass()
	unseen := st.unseenFrontier()
	st.sc.cands = st.cands
	keep := st.pending[:0]
	ran := 0
	for i := 0; i < len(st.pending); {
		n := s.groupLen(st.pending[i:])
		group := st.pending[i : i+n]
		i += n
		ready := final || unseen >= s.groupDone(group[0])
		for _, w := range group {
			need := w.hi
			if w.rule == gateRule || len(s.rules[w.rule].context) > 0 {
				need += s.ctxWindow
			}
			// Wait for one byte past the window, so that whether its end
			// is the text's end is known (see runSpan).
			ready = ready && (final || need < end)
		}
		if !ready {
			keep = append(keep, group...)
			continue
		}
		if ran++; ran&63 == 0 {
			if err := st.ctx.Err(); err != nil {
				return fmt.Errorf("scan: %w", err)
			}
		}
		s.runGroup(st.buf, st.fold, st.base, group, &st.sc)
	}
	st.pending = keep
	if len(st.sc.cands) != len(st.cands) {
		st.sorted = false
		if len(st.z.m.segs) > 0 {
			for i := len(st.cands); i < len(st.sc.cands); i++ {
				c := &st.sc.cands[i]
				c.Start, c.End = st.z.m.start(c.Start), st.z.m.end(c.End)
			}
		}
	}
	st.cands = st.sc.cands
	st.sc.cands = nil
	return nil
}

// frontier is the smallest start any candidate not yet found can have:
// the start of the earliest pending window, or of the window of a
// trigger not yet complete.
func (st *Stream) frontier() int {
	f := st.unseenFrontier()
	for _, w := range st.pending {
		f = min(f, w.lo)
	}
	return max(f, 0)
}

// unseenFrontier is the smallest start the window of a trigger not yet
// complete can have.
func (st *Stream) unseenFrontier() int {
	b := &st.s.bounds
	end := st.end()
	f := math.MaxInt
	if b.kw >= 0 {
		f = min(f, end-b.kw)
	}
	if b.at >= 0 {
		f = min(f, end-b.at)
	}
	if b.colon >= 0 {
		f = min(f, st.colonPos-b.colon)
	}
	if b.digit >= 0 {
		f = min(f, st.clusterPos-b.digit)
	}
	if b.alnum >= 0 {
		f = min(f, st.alnumPos-b.alnum)
	}
	if b.always >= 0 {
		f = min(f, st.nextTile-b.always)
	}
	if f == math.MaxInt {
		// No rules at all: everything is final.
		f = end
	}
	return f
}

// settle pushes into the sweep every candidate that starts before
// frontier (an original offset: no candidate still to come can sort
// before them), closes the open finding when nothing to come can merge
// into it, and emits the redacted text up to where it is final.
func (st *Stream) settle(dst []byte, frontier int) ([]byte, error) {
	s := st.s
	if len(st.cands) > 0 {
		if !st.sorted {
			sortCandidates(st.cands)
			st.sorted = true
		}
		n := 0
		for n < len(st.cands) && st.cands[n].Start < frontier {
			st.out = st.sw.push(st.cands[n], st.out)
			n++
		}
		st.cands = append(st.cands[:0], st.cands[n:]...)
	}
	if st.sw.open && st.sw.cur.End <= frontier {
		st.out = st.sw.flush(st.out)
	}
	if s.maxFindings > 0 && len(st.findings)+len(st.out) > s.maxFindings {
		return dst, fmt.Errorf("scan: %w: more than %d", ErrTooManyFindings, s.maxFindings)
	}
	ob := st.origBase
	upto := min(frontier, ob+len(st.orig))
	if st.sw.open {
		upto = min(upto, st.sw.cur.Start)
	}
	if upto <= st.emitted && len(st.out) == 0 {
		return dst, nil
	}
	for _, f := range st.out {
		dst = append(dst, st.orig[st.emitted-ob:f.Start-ob]...)
		dst = s.render(dst, st.orig[f.Start-ob:f.End-ob], f.Rule, f.Type)
		st.emitted = f.End
	}
	st.findings = append(st.findings, st.out...)
	st.out = st.out[:0]
	if upto > st.emitted {
		dst = append(dst, st.orig[st.emitted-ob:upto-ob]...)
		st.emitted = upto
	}
	return dst, nil
}

// trim drops the bytes no window, context search or output still needs:
// view bytes before the frontier (less the context radius) and original
// bytes already answered. It compacts only when at least half a buffer
// (and 1 KiB) is dead, so the copying is amortised.
func (st *Stream) trim(frontier int) {
	keep := min(frontier-st.s.ctxWindow, st.clusterPos, st.colonPos-colonReach, st.alnumPos-1, st.end()-st.s.maxKeyword)
	keep = max(keep, st.base)
	if drop := keep - st.base; drop >= 1024 && drop >= len(st.buf)-drop {
		n := copy(st.buf, st.buf[drop:])
		st.buf = st.buf[:n]
		copy(st.fold, st.fold[drop:])
		st.fold = st.fold[:n]
		st.base = keep
		st.z.m.dropBefore(keep)
	}
	if drop := st.emitted - st.origBase; drop >= 1024 && drop >= len(st.orig)-drop {
		n := copy(st.orig, st.orig[drop:])
		st.orig = st.orig[:n]
		st.origBase = st.emitted
	}
}

// RedactingWriter is an io.WriteCloser that redacts what is written to it
// through a Stream and writes the result to an underlying writer.
type RedactingWriter struct {
	st  *Stream
	w   io.Writer
	out []byte
}

// NewRedactingWriter returns a writer that redacts through st into w.
// Close flushes what the stream held back; it does not close w.
func NewRedactingWriter(st *Stream, w io.Writer) *RedactingWriter {
	return &RedactingWriter{st: st, w: w}
}

// Write redacts p and writes whatever output is final to the underlying
// writer. It reports len(p) consumed on success.
func (rw *RedactingWriter) Write(p []byte) (int, error) {
	out, err := rw.st.Write(rw.out[:0], p)
	rw.out = out[:0]
	if err != nil {
		return 0, err
	}
	if len(out) > 0 {
		if _, err := rw.w.Write(out); err != nil {
			return 0, fmt.Errorf("redacting writer: %w", err)
		}
	}
	return len(p), nil
}

// Close flushes the held-back rest. On a scan error nothing held back is
// written.
func (rw *RedactingWriter) Close() error {
	out, err := rw.st.Close(rw.out[:0])
	if err != nil {
		return err
	}
	if len(out) > 0 {
		if _, err := rw.w.Write(out); err != nil {
			return fmt.Errorf("redacting writer: %w", err)
		}
	}
	return nil
}

// Stream returns the underlying stream (for its findings).
func (rw *RedactingWriter) Stream() *Stream { return rw.st }
