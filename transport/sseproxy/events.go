package sseproxy

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/sluice-dlp/sluice/internal/jsonx"
	"github.com/sluice-dlp/sluice/internal/modelapi"
)

// anthropicTypes are the event types of Anthropic's Messages stream.
var anthropicTypes = map[string]bool{
	"message_start": true, "message_delta": true, "message_stop": true, "content_block_start": true,
	"content_block_delta": true, "content_block_stop": true, "ping": true,
}

// handle turns one upstream event into the events to send, appended to
// out. The event's format is read from its content, not from the request
// path: an OpenAI chunk has "choices", a Responses event a "response.*"
// type, an Anthropic event one of its types; anything else is redacted
// string by string.
func (ss *session) handle(out []byte, ev *event) ([]byte, error) {
	if !ev.hasData {
		if ev.comment {
			out = append(out, ":\n\n"...) // keep-alive; the comment's text is dropped
		}
		return out, nil // clients dispatch no event without data
	}
	if ss.done {
		return out, errAfterDone
	}
	if ev.name != "" && !eventName(ev.name) {
		return out, errEventName
	}
	id := ev.id
	if ev.hasID && len(id) > 0 {
		red, err := ss.redactText(id)
		if err != nil {
			return out, err
		}
		id = red
	}
	emit := func(out, data []byte) []byte { return appendEvent(out, ev.name, id, ev.hasID, ev.retry, data) }
	if string(bytes.TrimSpace(ev.data)) == "[DONE]" {
		out, err := ss.releaseHold(out)
		if err != nil {
			return out, err
		}
		out, err = ss.flushAll(out)
		if err != nil {
			return out, err
		}
		ss.done, ss.finished = true, true
		return emit(out, ev.data), nil
	}
	d := &ss.doc
	if err := d.Parse(ev.data); err != nil {
		if errors.Is(err, jsonx.ErrDuplicateKey) || errors.Is(err, jsonx.ErrTooDeep) {
			return out, err
		}
		// Not JSON: the data is a text of its own.
		out, err := ss.releaseHold(out)
		if err != nil {
			return out, err
		}
		red, err := ss.redactText(ev.data)
		if err != nil {
			return out, err
		}
		return emit(out, red), nil
	}
	root := d.Root()
	typ, _ := d.Str(d.Member(root, "type"))
	if typ == "" {
		typ = ev.name
	}
	queue := false
	if ss.hold != nil {
		switch {
		case ss.hold.continues(d, typ):
			out = append(out, ss.hold.events...)
			ss.hold = nil
		case ss.hold.transition(typ):
			queue = true
		default:
			var err error
			if out, err = ss.releaseHold(out); err != nil {
				return out, err
			}
		}
	}
	var pre []byte
	var err error
	upstreamErr := false
	deferred := false
	switch {
	case d.Kind(d.Member(root, "choices")) == jsonx.Array:
		upstreamErr = d.Kind(d.Member(root, "error")) > jsonx.Null
		pre, err = ss.openAI(d)
	case typ == "error":
		upstreamErr = true
		err = ss.redactDoc(d, walkCtx{}, nil)
	case strings.HasPrefix(typ, "response."):
		pre, deferred, err = ss.responses(d, typ, ev.name != "")
	case anthropicTypes[typ]:
		pre, deferred, err = ss.messages(d, typ)
	default:
		upstreamErr = d.Kind(d.Member(root, "error")) > jsonx.Null
		err = ss.redactDoc(d, walkCtx{}, nil)
	}
	if err != nil {
		return out, err
	}
	if queue {
		ss.hold.events = append(ss.hold.events, pre...)
		ss.hold.events = emit(ss.hold.events, d.AppendTo(nil))
		return out, nil
	}
	out = append(out, pre...)
	if deferred {
		ss.hold.events = emit(nil, d.AppendTo(nil))
		return out, nil
	}
	out = emit(out, d.AppendTo(nil))
	if upstreamErr {
		return out, errUpstreamError
	}
	return out, nil
}

// eventName accepts the event names of the formats above: lower-case
// words with '_', '.' and '-'.
func eventName(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z') && !('0' <= c && c <= '9') && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// flushAll closes every open stream and appends the events carrying
// their rests.
func (ss *session) flushAll(out []byte) ([]byte, error) {
	err := ss.closeWhere(func(streamKey) bool { return true }, func(k streamKey, st *stream, rest string) error {
		out = ss.restEvent(out, k, st, rest)
		return nil
	})
	return out, err
}

// restEvent appends the event that carries a stream's held-back rest, in
// the stream's own format.
func (ss *session) restEvent(out []byte, k streamKey, st *stream, rest string) []byte {
	if rest == "" {
		return out
	}
	switch k.api {
	case apiOpenAI:
		return ss.openAIChunk(out, k, st.parts, rest)
	case apiResponses:
		b := []byte{'{'}
		for _, m := range st.tmpl {
			b = appendMember(b, m.key, m.raw)
		}
		b = appendMember(b, "delta", jsonx.AppendString(nil, rest))
		b[len(b)-1] = '}'
		return appendEvent(out, st.evName, nil, false, nil, b)
	default:
		var delta []byte
		switch k.kind {
		case "partial_json":
			delta = []byte(`{"type":"input_json_delta","partial_json":` + jsonx.Quote(rest) + `}`)
		case "thinking":
			delta = []byte(`{"type":"thinking_delta","thinking":` + jsonx.Quote(rest) + `}`)
		default:
			delta = []byte(`{"type":"text_delta","text":` + jsonx.Quote(rest) + `}`)
		}
		i := k.a
		if k == anthropicText {
			i = st.lastIdx
		}
		b := []byte(`{"type":"content_block_delta","index":` + strconv.Itoa(i) + `,"delta":`)
		b = append(append(b, delta...), '}')
		return appendEvent(out, "content_block_delta", nil, false, nil, b)
	}
}

// appendMember appends "key":raw, (with a trailing comma).
func appendMember(b []byte, key string, raw []byte) []byte {
	b = jsonx.AppendString(b, key)
	b = append(b, ':')
	b = append(b, raw...)
	return append(b, ',')
}

// openAIChunk appends a chunk that carries text for one stream; parts
// says the stream's content came as an array of parts, so its rest does
// too.
func (ss *session) openAIChunk(out []byte, k streamKey, parts bool, text string) []byte {
	if text == "" {
		return out
	}
	q := jsonx.Quote(text)
	var choice string
	switch {
	case k.kind == "text":
		choice = `"text":` + q
	case k.kind == "tool":
		choice = `"delta":{"tool_calls":[{"index":` + strconv.Itoa(k.b) + `,"function":{"arguments":` + q + `}}]}`
	case k.kind == "fc":
		choice = `"delta":{"function_call":{"arguments":` + q + `}}`
	case k.kind == "audio":
		choice = `"delta":{"audio":{"transcript":` + q + `}}`
	case k.kind == "content" && parts:
		choice = `"delta":{"content":[{"type":"text","text":` + q + `}]}`
	default:
		choice = `"delta":{` + jsonx.Quote(k.kind) + `:` + q + `}`
	}
	b := []byte{'{'}
	for _, m := range ss.envelope {
		b = appendMember(b, m.key, m.raw)
	}
	b = append(b, `"choices":[{"index":`+strconv.Itoa(k.a)+`,`+choice+`,"finish_reason":null}]}`...)
	return appendEvent(out, "", nil, false, nil, b)
}

// openAI handles a Chat Completions or Completions chunk: the delta
// texts of each choice go through their streams (content as a string
// and content as parts share one, as a client joins both); a finishing
// choice's held-back rest goes out in chunks just before the chunk that
// finishes it, which then carries no text of its own.
func (ss *session) openAI(d *jsonx.Doc) ([]byte, error) {
	root := d.Root()
	skip := map[jsonx.V]bool{}
	type held struct {
		k     streamKey
		parts bool
		text  string
	}
	var pending []held
	var finishing []int
	ci := 0
	for c := d.First(d.Member(root, "choices")); c != jsonx.None; c, ci = d.Next(c), ci+1 {
		if d.Kind(c) != jsonx.Object {
			continue // redacted as a whole below
		}
		idx, err := index(d, c, "index", ci)
		if err != nil {
			return nil, err
		}
		fr := d.Member(c, "finish_reason")
		fin := fr != jsonx.None && !d.IsNull(fr)
		route := func(v jsonx.V, k streamKey, parts bool) error {
			s, ok := d.Str(v)
			if !ok {
				return nil
			}
			skip[v] = true
			st, safe, err := ss.write(k, s)
			if err != nil {
				return err
			}
			st.parts = parts
			if fin {
				pending = append(pending, held{k, parts, safe})
				safe = ""
			}
			if safe != s {
				d.SetString(v, safe)
			}
			return nil
		}
		key := func(b int, kind string) streamKey { return streamKey{apiOpenAI, idx, b, kind} }
		if err := route(d.Member(c, "text"), key(-1, "text"), false); err != nil {
			return nil, err
		}
		delta := d.Member(c, "delta")
		content := d.Member(delta, "content")
		if d.Kind(content) == jsonx.Array {
			for part := d.First(content); part != jsonx.None; part = d.Next(part) {
				if err := route(d.Member(part, "text"), key(-1, "content"), true); err != nil {
					return nil, err
				}
			}
		} else if err := route(content, key(-1, "content"), false); err != nil {
			return nil, err
		}
		fields := []string{"refusal"}
		if !ss.thinkingPass {
			fields = append(fields, "reasoning_content", "reasoning")
		}
		for _, f := range fields {
			if err := route(d.Member(delta, f), key(-1, f), false); err != nil {
				return nil, err
			}
		}
		if err := route(d.Member(d.Member(delta, "audio"), "transcript"), key(-1, "audio"), false); err != nil {
			return nil, err
		}
		if err := route(d.Member(d.Member(delta, "function_call"), "arguments"), key(-1, "fc"), false); err != nil {
			return nil, err
		}
		ti := 0
		for tc := d.First(d.Member(delta, "tool_calls")); tc != jsonx.None; tc, ti = d.Next(tc), ti+1 {
			k, err := index(d, tc, "index", ti)
			if err != nil {
				return nil, err
			}
			if err := route(d.Member(d.Member(tc, "function"), "arguments"), key(k, "tool"), false); err != nil {
				return nil, err
			}
		}
		if fin {
			finishing = append(finishing, idx)
		}
	}
	if err := ss.redactDoc(d, walkCtx{}, skip); err != nil {
		return nil, err
	}
	ss.envelope = ss.envelope[:0]
	for m := d.First(root); m != jsonx.None; m = d.Next(m) {
		if k := d.Key(m); !strings.EqualFold(k, "choices") && !strings.EqualFold(k, "usage") && !strings.EqualFold(k, "obfuscation") {
			ss.envelope = append(ss.envelope, member{k, d.AppendValue(nil, m)})
		}
	}
	var pre []byte
	for _, h := range pending {
		pre = ss.openAIChunk(pre, h.k, h.parts, h.text)
	}
	for _, idx := range finishing {
		err := ss.closeWhere(func(k streamKey) bool { return k.api == apiOpenAI && k.a == idx }, func(k streamKey, st *stream, rest string) error {
			pre = ss.openAIChunk(pre, k, st.parts, rest)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return pre, nil
}

// joinedEvents are the Responses texts that clients print as one (every
// output_text delta of every message item, every reasoning summary
// part): each goes through one stream across items and parts, and its
// held-back bytes flow into the next item's deltas; the response's end
// closes it. Arguments of different calls stay apart.
var joinedEvents = map[string]bool{
	"response.output_text": true, "response.refusal": true,
	"response.reasoning_summary_text": true, "response.reasoning_text": true,
}

// responses handles an event of the Responses API: each "*.delta" event
// with a string delta streams into the text of its (output, content or
// summary) index; the matching "*.done", the output item's done and the
// response's end close it, the rest going out as one more delta event.
func (ss *session) responses(d *jsonx.Doc, typ string, named bool) (pre []byte, deferDone bool, err error) {
	root := d.Root()
	oi, err := index(d, root, "output_index", 0)
	if err != nil {
		return nil, false, err
	}
	ci, err := index(d, root, "content_index", -1)
	if err != nil {
		return nil, false, err
	}
	if ci < 0 {
		if ci, err = index(d, root, "summary_index", -1); err != nil {
			return nil, false, err
		}
	}
	thinking := modelapi.IsThinkingEvent(typ)
	skip := map[jsonx.V]bool{}
	emit := func(k streamKey, st *stream, rest string) error {
		pre = ss.restEvent(pre, k, st, rest)
		return nil
	}
	var st *stream
	delta := d.Member(root, "delta")
	prefix, isDelta := strings.CutSuffix(typ, ".delta")
	switch {
	case isDelta && d.Kind(delta) == jsonx.String && !(thinking && ss.thinkingPass):
		s, _ := d.Str(delta)
		skip[delta] = true
		var safe string
		var err error
		k := streamKey{apiResponses, oi, ci, prefix}
		if joinedEvents[prefix] {
			k = streamKey{apiResponses, -1, -1, prefix}
		}
		st, safe, err = ss.write(k, s)
		if err != nil {
			return nil, false, err
		}
		if safe != s {
			d.SetString(delta, safe)
		}
	case strings.HasSuffix(typ, ".done") && joinedEvents[strings.TrimSuffix(typ, ".done")]:
		k := streamKey{apiResponses, -1, -1, strings.TrimSuffix(typ, ".done")}
		if _, ok := ss.open[k]; ok && ss.hold == nil {
			ss.hold = &hold{key: k}
			deferDone = true
		}
	case strings.HasSuffix(typ, ".done") && typ != "response.output_item.done":
		k := streamKey{apiResponses, oi, ci, strings.TrimSuffix(typ, ".done")}
		if err := ss.closeWhere(func(x streamKey) bool { return x == k }, emit); err != nil {
			return nil, false, err
		}
	case typ == "response.output_item.done":
		if err := ss.closeWhere(func(x streamKey) bool { return x.api == apiResponses && x.a == oi }, emit); err != nil {
			return nil, false, err
		}
	case typ == "response.completed" || typ == "response.incomplete" || typ == "response.failed":
		if err := ss.closeWhere(func(x streamKey) bool { return x.api == apiResponses }, emit); err != nil {
			return nil, false, err
		}
		ss.finished = true
	}
	if err := ss.redactDoc(d, walkCtx{thinkingEvt: thinking}, skip); err != nil {
		return nil, false, err
	}
	if st != nil {
		st.tmpl = st.tmpl[:0]
		for m := d.First(root); m != jsonx.None; m = d.Next(m) {
			switch k := d.Key(m); strings.ToLower(k) {
			case "delta", "obfuscation", "sequence_number":
			case "logprobs":
				st.tmpl = append(st.tmpl, member{k, []byte("[]")})
			default:
				st.tmpl = append(st.tmpl, member{k, d.AppendValue(nil, m)})
			}
		}
		if named {
			st.evName = typ
		}
	}
	return pre, deferDone, nil
}

// messages handles an event of Anthropic's Messages stream. The text of
// all text blocks goes through one stream, as clients join it (the SDKs'
// text_stream, get_final_text); partial_json and thinking stream per
// block. A text block's content_block_stop is held until the next event:
// if that starts another text block, the held-back bytes flow into it;
// otherwise they go out as a last delta of the block before its stop.
func (ss *session) messages(d *jsonx.Doc, typ string) (pre []byte, deferStop bool, err error) {
	root := d.Root()
	idx, err := index(d, root, "index", 0)
	if err != nil {
		return nil, false, err
	}
	skip := map[jsonx.V]bool{}
	emit := func(k streamKey, st *stream, rest string) error {
		pre = ss.restEvent(pre, k, st, rest)
		return nil
	}
	fields := []string{"text", "partial_json"}
	if !ss.thinkingPass {
		fields = append(fields, "thinking")
	}
	var holder jsonx.V = jsonx.None
	switch typ {
	case "content_block_start":
		holder = d.Member(root, "content_block")
	case "content_block_delta":
		holder = d.Member(root, "delta")
	case "content_block_stop":
		if err := ss.closeWhere(func(k streamKey) bool { return k.api == apiMessages && k.a == idx }, emit); err != nil {
			return nil, false, err
		}
		if st, ok := ss.open[anthropicText]; ok && st.lastIdx == idx {
			ss.hold = &hold{key: anthropicText}
			deferStop = true
		}
	case "message_stop":
		if err := ss.closeWhere(func(k streamKey) bool { return k.api == apiMessages }, emit); err != nil {
			return nil, false, err
		}
		ss.finished = true
	}
	for _, f := range fields {
		v := d.Member(holder, f)
		s, ok := d.Str(v)
		if !ok {
			continue
		}
		skip[v] = true
		k := streamKey{apiMessages, idx, -1, f}
		if f == "text" {
			k = anthropicText
		}
		st, safe, err := ss.write(k, s)
		if err != nil {
			return nil, false, err
		}
		st.lastIdx = idx
		if safe != s {
			d.SetString(v, safe)
		}
	}
	if err := ss.redactDoc(d, walkCtx{}, skip); err != nil {
		return nil, false, err
	}
	return pre, deferStop, nil
}

// anthropicText is the one stream of a message's text blocks.
var anthropicText = streamKey{apiMessages, -1, -1, "text"}

// A hold keeps the events that end a joined text (a content_block_stop,
// a Responses "*.done" and the item events after it) until the stream
// shows whether the text goes on: when it does, they go out and the
// held-back bytes flow into the next block or item; when it does not,
// the held-back rest goes out first, so it still precedes the end of its
// block.
type hold struct {
	key    streamKey
	events []byte
}

// continues: the event goes on with the held text.
func (h *hold) continues(d *jsonx.Doc, typ string) bool {
	if h.key == anthropicText {
		return typ == "content_block_start" && d.StrIs(d.Member(d.Member(d.Root(), "content_block"), "type"), "text")
	}
	return typ == h.key.kind+".delta"
}

// transition: an event between two items of a Responses text, held too.
func (h *hold) transition(typ string) bool {
	if h.key == anthropicText {
		return false
	}
	switch typ {
	case h.key.kind + ".done", "response.content_part.done", "response.content_part.added",
		"response.output_item.done", "response.output_item.added",
		"response.reasoning_summary_part.done", "response.reasoning_summary_part.added":
		return true
	}
	return false
}

// releaseHold ends a hold whose text did not go on: the rest, then the
// held events.
func (ss *session) releaseHold(out []byte) ([]byte, error) {
	h := ss.hold
	if h == nil {
		return out, nil
	}
	ss.hold = nil
	err := ss.closeWhere(func(k streamKey) bool { return k == h.key }, func(k streamKey, st *stream, rest string) error {
		out = ss.restEvent(out, k, st, rest)
		return nil
	})
	if err != nil {
		return out, err
	}
	return append(out, h.events...), nil
}
