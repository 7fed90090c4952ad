package sseproxy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sluice-dlp/sluice/engine"
)

// event is one server-sent event: its raw lines (without line ends) and
// the fields the proxy reads.
type event struct {
	lines [][]byte
	name  string
	data  []byte
	// hasData is whether any data line was present.
	hasData bool
}

var errEventTooLong = errors.New("SSE event too long")

// readEvent reads the next event. It returns io.EOF at a clean end, and
// io.ErrUnexpectedEOF when the stream ends inside an event.
func readEvent(br *bufio.Reader) (*event, error) {
	ev := &event{}
	size := 0
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// Long line: gather it.
			full := append([]byte(nil), line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				if len(full) > MaxEventBytes {
					return nil, errEventTooLong
				}
				line, err = br.ReadSlice('\n')
				full = append(full, line...)
			}
			line = full
		} else {
			line = append([]byte(nil), line...)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		eof := errors.Is(err, io.EOF)
		if eof && len(line) == 0 {
			if len(ev.lines) == 0 {
				return nil, io.EOF
			}
			return nil, io.ErrUnexpectedEOF
		}
		if eof {
			// A last line without its line end: the event is incomplete.
			return nil, io.ErrUnexpectedEOF
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if len(line) == 0 {
			if len(ev.lines) == 0 {
				continue // stray blank line
			}
			return ev, nil
		}
		size += len(line)
		if size > MaxEventBytes {
			return nil, errEventTooLong
		}
		ev.lines = append(ev.lines, line)
		field, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(field) {
		case "event":
			ev.name = string(value)
		case "data":
			if ev.hasData {
				ev.data = append(ev.data, '\n')
			}
			ev.data = append(ev.data, value...)
			ev.hasData = true
		}
	}
}

// encode writes the event; when data is not nil it replaces the event's
// data lines (at the place of the first one).
func (ev *event) encode(dst []byte, data []byte) []byte {
	wrote := false
	for _, l := range ev.lines {
		if data != nil && (bytes.HasPrefix(l, []byte("data:")) || bytes.Equal(l, []byte("data"))) {
			if !wrote {
				dst = append(dst, "data: "...)
				dst = append(dst, data...)
				dst = append(dst, '\n')
				wrote = true
			}
			continue
		}
		dst = append(dst, l...)
		dst = append(dst, '\n')
	}
	return append(dst, '\n')
}

// synthetic builds a new event with an optional name and JSON data.
func synthetic(name string, data []byte) []byte {
	var b []byte
	if name != "" {
		b = append(b, "event: "...)
		b = append(b, name...)
		b = append(b, '\n')
	}
	b = append(b, "data: "...)
	b = append(b, data...)
	return append(b, "\n\n"...)
}

// streamKey names one text stream inside an answer: a choice's content or
// a tool call's arguments, an output item's text, a content block.
type streamKey struct {
	a, b int
	kind string
}

// session redacts one streamed answer.
type session struct {
	api  api
	s    *engine.Scanner
	ctx  context.Context
	open map[streamKey]*engine.Stream
	keys []streamKey // open keys in the order they opened
	// envelope is the last OpenAI chunk's top-level members other than
	// choices and usage, for chunks the proxy adds at [DONE].
	envelope object
	finished bool // the format's terminal event was seen
	findings int
	types    map[string]bool
	buf      []byte
}

func newSession(ctx context.Context, s *engine.Scanner, a api) *session {
	return &session{api: a, s: s, ctx: ctx, open: map[streamKey]*engine.Stream{}, types: map[string]bool{}}
}

// write feeds text into the stream for k and returns the safe output.
func (ss *session) write(k streamKey, text string) (string, error) {
	st, ok := ss.open[k]
	if !ok {
		st = ss.s.NewStream(ss.ctx)
		ss.open[k] = st
		ss.keys = append(ss.keys, k)
	}
	out, err := st.Write(ss.buf[:0], []byte(text))
	if err != nil {
		return "", err
	}
	ss.buf = out[:0]
	return string(out), nil
}

// close ends the stream for k (if open) and returns its held-back rest.
func (ss *session) close(k streamKey) (string, error) {
	st, ok := ss.open[k]
	if !ok {
		return "", nil
	}
	delete(ss.open, k)
	ss.keys = slices.DeleteFunc(ss.keys, func(x streamKey) bool { return x == k })
	out, err := st.Close(nil)
	if err != nil {
		return "", err
	}
	for _, f := range st.Findings() {
		ss.findings++
		ss.types[f.Type] = true
	}
	return string(out), nil
}

// closeWhere closes the open streams that match, in the order they
// opened, calling emit with each one's rest.
func (ss *session) closeWhere(match func(streamKey) bool, emit func(streamKey, string) error) error {
	for _, k := range slices.Clone(ss.keys) {
		if !match(k) {
			continue
		}
		rest, err := ss.close(k)
		if err != nil {
			return err
		}
		if err := emit(k, rest); err != nil {
			return err
		}
	}
	return nil
}

// handle turns one upstream event into the events to send, appended to
// out.
func (ss *session) handle(out []byte, ev *event) ([]byte, error) {
	if !ss.hasData(ev) {
		return ev.encode(out, nil), nil
	}
	if string(bytes.TrimSpace(ev.data)) != "[DONE]" && !json.Valid(ev.data) {
		return out, errBadJSON
	}
	switch ss.api {
	case apiChat, apiCompletions:
		return ss.handleOpenAI(out, ev)
	case apiResponses:
		return ss.handleResponses(out, ev)
	case apiMessages:
		return ss.handleMessages(out, ev)
	}
	return ev.encode(out, nil), nil
}

func (ss *session) hasData(ev *event) bool {
	return ev.hasData && len(bytes.TrimSpace(ev.data)) > 0
}

// errUpstreamError marks an error event from upstream: the stream ends
// there, and what was held back is dropped.
var errUpstreamError = errors.New("upstream sent an error event")

func (ss *session) handleOpenAI(out []byte, ev *event) ([]byte, error) {
	if string(bytes.TrimSpace(ev.data)) == "[DONE]" {
		out, err := ss.flushOpenAI(out, func(streamKey) bool { return true }, ss.envelope)
		if err != nil {
			return out, err
		}
		ss.finished = true
		return ev.encode(out, nil), nil
	}
	o, err := parseObject(ev.data)
	if err != nil {
		return out, fmt.Errorf("event data is not a JSON object: %w", err)
	}
	if _, ok := o.get("error"); ok {
		return ev.encode(out, nil), errUpstreamError
	}
	raw, ok := o.get("choices")
	choices, isArr := parseArray(raw)
	if !ok || !isArr || len(choices) == 0 {
		return ev.encode(out, nil), nil // usage and other chunks
	}
	env := object{}
	for _, m := range o {
		if m.key != "choices" && m.key != "usage" {
			env = append(env, m)
		}
	}
	ss.envelope = env
	var pre []byte
	for ci, craw := range choices {
		c, err := parseObject(craw)
		if err != nil {
			return out, fmt.Errorf("choice is not a JSON object: %w", err)
		}
		idx, ok := c.num("index")
		if !ok {
			idx = ci
		}
		changed := false
		if lp, ok := c.get("logprobs"); ok && string(bytes.TrimSpace(lp)) != "null" {
			c.set("logprobs", []byte("null"))
			changed = true
		}
		fr, _ := c.get("finish_reason")
		finishing := len(fr) > 0 && string(bytes.TrimSpace(fr)) != "null"
		// Text fields of this choice: written into their streams. A
		// finishing choice's own text goes, with the held-back rest, into
		// a chunk sent just before this one.
		field := func(k streamKey, text string) (string, error) {
			safe, err := ss.write(k, text)
			if err != nil || !finishing {
				return safe, err
			}
			pre, err = ss.openAIChunk(pre, env, k, safe)
			return "", err
		}
		if ss.api == apiCompletions {
			if t, ok := c.str("text"); ok {
				safe, err := field(streamKey{idx, -1, "text"}, t)
				if err != nil {
					return out, err
				}
				c.set("text", encodeString(safe))
				changed = true
			}
		} else if d, ok := c.obj("delta"); ok {
			dch := false
			for _, f := range []string{"content", "refusal", "reasoning_content", "reasoning"} {
				if t, ok := d.str(f); ok {
					safe, err := field(streamKey{idx, -1, f}, t)
					if err != nil {
						return out, err
					}
					d.set(f, encodeString(safe))
					dch = true
				}
			}
			if tr, ok := d.get("tool_calls"); ok {
				if tcs, ok := parseArray(tr); ok {
					for ti, traw := range tcs {
						tc, err := parseObject(traw)
						if err != nil {
							continue
						}
						tci, ok := tc.num("index")
						if !ok {
							tci = ti
						}
						fn, ok := tc.obj("function")
						if !ok {
							continue
						}
						if args, ok := fn.str("arguments"); ok {
							safe, err := field(streamKey{idx, tci, "args"}, args)
							if err != nil {
								return out, err
							}
							fn.set("arguments", encodeString(safe))
							tc.set("function", fn.marshal())
							tcs[ti] = tc.marshal()
							dch = true
						}
					}
					if dch {
						d.set("tool_calls", joinArray(tcs))
					}
				}
			}
			if dch {
				c.set("delta", d.marshal())
				changed = true
			}
		}
		if finishing {
			var err error
			pre, err = ss.flushOpenAI(pre, func(k streamKey) bool { return k.a == idx }, env)
			if err != nil {
				return out, err
			}
		}
		if changed {
			choices[ci] = c.marshal()
		}
	}
	out = append(out, pre...)
	o.set("choices", joinArray(choices))
	return ev.encode(out, o.marshal()), nil
}

// flushOpenAI closes the matching streams and appends a chunk with each
// one's rest.
func (ss *session) flushOpenAI(out []byte, match func(streamKey) bool, env object) ([]byte, error) {
	err := ss.closeWhere(match, func(k streamKey, rest string) error {
		var err error
		out, err = ss.openAIChunk(out, env, k, rest)
		return err
	})
	return out, err
}

// openAIChunk appends a chunk carrying text for one stream (nothing when
// text is empty).
func (ss *session) openAIChunk(out []byte, env object, k streamKey, text string) ([]byte, error) {
	if text == "" {
		return out, nil
	}
	choice := object{{"index", []byte(strconv.Itoa(k.a))}}
	switch k.kind {
	case "text":
		choice = append(choice, member{"text", encodeString(text)})
	case "args":
		fn := object{{"arguments", encodeString(text)}}
		tc := object{{"index", []byte(strconv.Itoa(k.b))}, {"function", fn.marshal()}}
		d := object{{"tool_calls", joinArray([]json.RawMessage{tc.marshal()})}}
		choice = append(choice, member{"delta", d.marshal()})
	default:
		d := object{{k.kind, encodeString(text)}}
		choice = append(choice, member{"delta", d.marshal()})
	}
	choice = append(choice, member{"finish_reason", []byte("null")})
	chunk := append(slices.Clone(env), member{"choices", joinArray([]json.RawMessage{choice.marshal()})})
	return append(out, synthetic("", chunk.marshal())...), nil
}

func joinArray(a []json.RawMessage) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, v := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(v)
	}
	b.WriteByte(']')
	return b.Bytes()
}

// responsesFull are the fields of Responses API events that carry whole
// texts already streamed as deltas; they are redacted as one text each,
// which equals what the deltas added up to.
var responsesFull = []string{
	"text", "arguments", "refusal", "part.text", "item.content.*.text", "item.arguments",
	"response.output.*.content.*.text", "response.output.*.arguments", "response.output_text",
}

// responsesLogprobs are where Responses API events carry per-token text.
var responsesLogprobs = []string{
	"logprobs", "part.logprobs", "item.content.*.logprobs", "response.output.*.content.*.logprobs",
}

func (ss *session) handleResponses(out []byte, ev *event) ([]byte, error) {
	o, err := parseObject(ev.data)
	if err != nil {
		return out, fmt.Errorf("event data is not a JSON object: %w", err)
	}
	typ, _ := o.str("type")
	if typ == "" {
		typ = ev.name
	}
	oi, _ := o.num("output_index")
	ci, _ := o.num("content_index")
	var key streamKey
	isDelta, isDone := false, false
	switch typ {
	case "response.output_text.delta", "response.output_text.done":
		key = streamKey{oi, ci, "text"}
	case "response.refusal.delta", "response.refusal.done":
		key = streamKey{oi, ci, "refusal"}
	case "response.function_call_arguments.delta", "response.function_call_arguments.done":
		key = streamKey{oi, -1, "args"}
	}
	if key.kind != "" {
		isDelta = strings.HasSuffix(typ, ".delta")
		isDone = !isDelta
	}
	deltaType := map[string]string{"text": "response.output_text.delta", "refusal": "response.refusal.delta", "args": "response.function_call_arguments.delta"}
	emitDelta := func(k streamKey, rest string) error {
		if rest == "" {
			return nil
		}
		t := deltaType[k.kind]
		d := object{{"type", encodeString(t)}}
		if id, ok := o.get("item_id"); ok {
			d = append(d, member{"item_id", id})
		}
		d = append(d, member{"output_index", []byte(strconv.Itoa(k.a))})
		if k.kind != "args" {
			d = append(d, member{"content_index", []byte(strconv.Itoa(k.b))})
		}
		d = append(d, member{"delta", encodeString(rest)})
		name := ""
		if ev.name != "" {
			name = t
		}
		out = append(out, synthetic(name, d.marshal())...)
		return nil
	}
	switch {
	case typ == "error":
		return ev.encode(out, nil), errUpstreamError
	case isDelta:
		t, ok := o.str("delta")
		if !ok {
			return ev.encode(out, nil), nil
		}
		safe, err := ss.write(key, t)
		if err != nil {
			return out, err
		}
		o.set("delta", encodeString(safe))
		data, _, err := replacePaths(o.marshal(), responsesLogprobs, "[]")
		if err != nil {
			return out, err
		}
		return ev.encode(out, data), nil
	case isDone:
		if err := ss.closeWhere(func(x streamKey) bool { return x == key }, emitDelta); err != nil {
			return out, err
		}
	case typ == "response.output_item.done":
		if err := ss.closeWhere(func(x streamKey) bool { return x.a == oi }, emitDelta); err != nil {
			return out, err
		}
	case typ == "response.completed" || typ == "response.incomplete" || typ == "response.failed":
		if err := ss.closeWhere(func(streamKey) bool { return true }, emitDelta); err != nil {
			return out, err
		}
		ss.finished = true
	}
	data, changed, err := rewritePaths(ev.data, responsesFull, ss.redactWhole)
	if err != nil {
		return out, err
	}
	data, lpChanged, err := replacePaths(data, responsesLogprobs, "[]")
	if err != nil {
		return out, err
	}
	if !changed && !lpChanged {
		return ev.encode(out, nil), nil
	}
	return ev.encode(out, data), nil
}

// redactWhole redacts a whole text that the client also got as deltas.
func (ss *session) redactWhole(v string) (string, error) {
	res, err := ss.s.Redact(ss.ctx, []byte(v))
	if err != nil {
		return "", err
	}
	return string(res.Redacted), nil
}

func (ss *session) handleMessages(out []byte, ev *event) ([]byte, error) {
	o, err := parseObject(ev.data)
	if err != nil {
		return out, fmt.Errorf("event data is not a JSON object: %w", err)
	}
	typ, _ := o.str("type")
	if typ == "" {
		typ = ev.name
	}
	idx, _ := o.num("index")
	emitDelta := func(k streamKey, rest string) error {
		if rest == "" {
			return nil
		}
		var d object
		if k.kind == "partial_json" {
			d = object{{"type", encodeString("input_json_delta")}, {"partial_json", encodeString(rest)}}
		} else {
			d = object{{"type", encodeString("text_delta")}, {"text", encodeString(rest)}}
		}
		e := object{{"type", encodeString("content_block_delta")}, {"index", []byte(strconv.Itoa(k.a))}, {"delta", d.marshal()}}
		out = append(out, synthetic("content_block_delta", e.marshal())...)
		return nil
	}
	switch typ {
	case "error":
		return ev.encode(out, nil), errUpstreamError
	case "content_block_start":
		cb, ok := o.obj("content_block")
		if !ok {
			break
		}
		if t, ok := cb.str("text"); ok && t != "" {
			safe, err := ss.write(streamKey{idx, -1, "text"}, t)
			if err != nil {
				return out, err
			}
			cb.set("text", encodeString(safe))
			o.set("content_block", cb.marshal())
			return ev.encode(out, o.marshal()), nil
		}
	case "content_block_delta":
		d, ok := o.obj("delta")
		if !ok {
			break
		}
		for _, f := range []string{"text", "partial_json"} {
			t, ok := d.str(f)
			if !ok {
				continue
			}
			safe, err := ss.write(streamKey{idx, -1, f}, t)
			if err != nil {
				return out, err
			}
			d.set(f, encodeString(safe))
			o.set("delta", d.marshal())
			return ev.encode(out, o.marshal()), nil
		}
	case "content_block_stop":
		if err := ss.closeWhere(func(k streamKey) bool { return k.a == idx }, emitDelta); err != nil {
			return out, err
		}
	case "message_stop":
		if err := ss.closeWhere(func(streamKey) bool { return true }, emitDelta); err != nil {
			return out, err
		}
		ss.finished = true
	}
	return ev.encode(out, nil), nil
}

// errorEvent is the event that ends a stream the proxy had to cut.
func (ss *session) errorEvent(msg string) []byte {
	m := encodeString("sluice: " + msg)
	switch ss.api {
	case apiMessages:
		return synthetic("error", []byte(`{"type":"error","error":{"type":"api_error","message":`+string(m)+`}}`))
	case apiResponses:
		return synthetic("error", []byte(`{"type":"error","code":"sluice_stream_aborted","message":`+string(m)+`,"param":null}`))
	}
	return synthetic("", []byte(`{"error":{"type":"sluice_error","code":"stream_aborted","message":`+string(m)+`}}`))
}

// streamResponse relays an event stream, redacting event by event and
// flushing each one to the client.
func (p *Proxy) streamResponse(w http.ResponseWriter, ctx context.Context, s *engine.Scanner, a api, resp *http.Response, start time.Time) {
	if ce := resp.Header.Get("Content-Encoding"); ce != "" && ce != "identity" {
		writeError(w, http.StatusBadGateway, "upstream stream is "+ce+"-encoded and cannot be scanned")
		return
	}
	copyHeader(w.Header(), resp.Header)
	w.Header().Del("Content-Length")
	w.Header().Set("Sluice-Policy", s.Policy().ID)
	w.WriteHeader(resp.StatusCode)
	rc := http.NewResponseController(w)
	_ = rc.Flush()

	ss := newSession(ctx, s, a)
	br := bufio.NewReaderSize(resp.Body, 64<<10)
	var out []byte
	events := 0
	fail := func(reason string, err error) {
		// Fail closed: what the streams still hold is dropped.
		p.log.Warn("stream cut", "api", a.String(), "reason", reason, "events", events, "error", err.Error())
		_, _ = w.Write(ss.errorEvent(reason))
		_ = rc.Flush()
	}
	for {
		ev, err := readEvent(br)
		if errors.Is(err, io.EOF) {
			if len(ss.open) > 0 && !ss.finished {
				fail("upstream stream ended before it finished", err)
				return
			}
			break
		}
		if err != nil {
			if errors.Is(err, errEventTooLong) {
				fail("upstream event too long", err)
			} else {
				fail("upstream stream broke off", err)
			}
			return
		}
		events++
		out, err = ss.handle(out[:0], ev)
		if errors.Is(err, errUpstreamError) {
			// Forward the upstream's own error; the held rest is dropped.
			_, _ = w.Write(out)
			_ = rc.Flush()
			p.log.Warn("upstream error event; held text dropped", "api", a.String(), "events", events)
			return
		}
		if err != nil {
			fail("stream could not be scanned: "+safeReason(err), err)
			return
		}
		if _, err := w.Write(out); err != nil {
			return // client gone
		}
		_ = rc.Flush()
	}
	types := make([]string, 0, len(ss.types))
	for t := range ss.types {
		types = append(types, t)
	}
	slices.Sort(types)
	p.log.Info("stream redacted", "api", a.String(), "events", events, "findings", ss.findings, "types", types, "duration", time.Since(start).String())
}
