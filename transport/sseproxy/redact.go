package sseproxy

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
	"github.com/sluice-dlp/sluice/internal/modelapi"
)

// A session redacts one answer: a whole JSON body, or a stream of
// events. Its rule is the proxy's fail-closed principle: every string
// in the answer is redacted unless modelapi.Structural accepts it as a
// protocol token. Strings that a client concatenates across events
// (deltas) go through one engine.Stream per text, so the text the client
// puts together equals the batch redaction of the whole; every other
// string is redacted as a text of its own.
type session struct {
	s            *engine.Scanner
	ctx          context.Context
	thinkingPass bool

	open map[streamKey]*stream
	keys []streamKey // open keys, in the order they opened
	// envelope is the last OpenAI chunk's members other than choices and
	// usage, for the chunks the proxy adds to carry held-back text.
	envelope []member
	finished bool // the format's terminal event was seen
	done     bool // [DONE] was seen: nothing may follow
	// hold keeps the events that end a joined text until the next event
	// says whether the text goes on.
	hold *hold

	findings int
	types    map[string]bool
	whole    map[string]string // short texts already redacted (ids, names repeated per chunk)
	names    map[string]bool   // member names already checked
	text     []byte
	doc      jsonx.Doc
}

// maxStreams bounds the texts one answer may stream at once.
const maxStreams = 4096

var (
	errTooManyStreams = errors.New("too many parallel texts in one answer")
	errNameFinding    = errors.New("a JSON member name carries a finding")
	errAfterDone      = errors.New("event after [DONE]")
	errEventName      = errors.New("event name is not a protocol word")
	// errUpstreamError marks an error event from upstream: it is
	// forwarded (redacted) and the stream ends there; held text is dropped.
	errUpstreamError = errors.New("upstream sent an error event")
)

// api says which format a stream's key belongs to.
type api uint8

const (
	apiOpenAI api = iota + 1
	apiResponses
	apiMessages
)

// streamKey names one text inside an answer: a choice's content or a
// tool call's arguments, a Responses output item's text, an Anthropic
// content block's text.
type streamKey struct {
	api  api
	a, b int
	kind string
}

type stream struct {
	st *engine.Stream
	// tmpl are the other members of the last delta event of a Responses
	// text, for the event that carries its held-back rest.
	tmpl   []member
	evName string
	// parts: the last OpenAI content written came as an array of parts.
	parts bool
	// lastIdx is the Anthropic content block the text last came from.
	lastIdx int
}

type member struct {
	key string
	raw []byte
}

func newSession(ctx context.Context, s *engine.Scanner, thinkingPass bool) *session {
	return &session{s: s, ctx: ctx, thinkingPass: thinkingPass, open: map[streamKey]*stream{},
		types: map[string]bool{}, whole: map[string]string{}, names: map[string]bool{}}
}

func (ss *session) count(fs []engine.Finding) {
	for _, f := range fs {
		ss.findings++
		ss.types[f.Type] = true
	}
}

// redactText redacts one whole text.
func (ss *session) redactText(t []byte) ([]byte, error) {
	res, err := ss.s.Redact(ss.ctx, t)
	if err != nil {
		return nil, err
	}
	ss.count(res.Findings)
	return res.Redacted, nil
}

// maxCached is the longest string whose redaction is remembered.
const maxCached = 256

// redactWhole redacts a string that stands alone.
func (ss *session) redactWhole(s string) (string, error) {
	if s == "" {
		return s, nil
	}
	if out, ok := ss.whole[s]; ok {
		return out, nil
	}
	out, err := ss.redactText([]byte(s))
	if err != nil {
		return "", err
	}
	if len(s) <= maxCached && len(ss.whole) < 4096 {
		ss.whole[s] = string(out)
	}
	return string(out), nil
}

// checkName refuses a member name in which the scanner finds something the
// policy acts on (one it only reports leaves the name as it is):
// a name cannot be redacted without changing what the client reads.
func (ss *session) checkName(name string) error {
	if ok, seen := ss.names[name]; seen {
		if !ok {
			return errNameFinding
		}
		return nil
	}
	res, err := ss.s.Redact(ss.ctx, []byte(name))
	if err != nil {
		return err
	}
	ok := !slices.ContainsFunc(res.Findings, ss.s.Acts) // one only reported changes nothing
	if len(ss.names) < 4096 {
		ss.names[name] = ok
	}
	if !ok {
		return errNameFinding
	}
	return nil
}

// walkCtx is where a value sits: its member name, the array it is an
// element of, and what the object holding it says.
type walkCtx struct {
	key          string // member name ("" for an array element or the root)
	elemOf       string // name of the array this value is an element of
	holderElemOf string // elemOf of the object holding this member
	holderType   string // "type" of the object holding this member
	inAudio      bool   // the holder is the value of an "audio" member
	thinkingEvt  bool   // inside a reasoning event of the Responses API
}

// redactTree redacts every string below v except protocol tokens, the
// values in skip (already streamed), and, with thinking: pass, reasoning
// text. Log probabilities are blanked: they repeat the answer token by
// token and cannot be redacted consistently.
func (ss *session) redactTree(d *jsonx.Doc, v jsonx.V, c walkCtx, skip map[jsonx.V]bool) error {
	switch d.Kind(v) {
	case jsonx.String:
		if skip[v] {
			return nil
		}
		s, _ := d.Str(v)
		if modelapi.Structural(c.key, s, c.inAudio, c.holderType == "redacted_thinking") {
			return nil
		}
		if ss.thinkingPass && (c.thinkingEvt || modelapi.IsThinkingField(c.key, c.holderElemOf, c.holderType)) {
			return nil
		}
		out, err := ss.redactWhole(s)
		if err != nil {
			return err
		}
		if out != s {
			d.SetString(v, out)
		}
	case jsonx.Object:
		typ, _ := d.Str(d.Member(v, "type"))
		for m := d.First(v); m != jsonx.None; m = d.Next(m) {
			key := d.Key(m)
			if err := ss.checkName(key); err != nil {
				return err
			}
			if strings.EqualFold(key, "logprobs") || strings.EqualFold(key, "top_logprobs") {
				switch d.Kind(m) {
				case jsonx.Array:
					if d.Len(m) > 0 {
						d.Replace(m, []byte("[]"))
					}
					continue
				case jsonx.Object:
					d.Replace(m, []byte("null"))
					continue
				}
			}
			mc := walkCtx{key: key, holderElemOf: c.elemOf, holderType: typ, inAudio: c.key == "audio", thinkingEvt: c.thinkingEvt}
			if err := ss.redactTree(d, m, mc, skip); err != nil {
				return err
			}
		}
	case jsonx.Array:
		for e := d.First(v); e != jsonx.None; e = d.Next(e) {
			if err := ss.redactTree(d, e, walkCtx{elemOf: c.key, thinkingEvt: c.thinkingEvt}, skip); err != nil {
				return err
			}
		}
	}
	return nil
}

// write feeds text into the stream for k and returns the safe output.
func (ss *session) write(k streamKey, text string) (*stream, string, error) {
	st, ok := ss.open[k]
	if !ok {
		if len(ss.open) >= maxStreams {
			return nil, "", errTooManyStreams
		}
		st = &stream{st: ss.s.NewStream(ss.ctx)}
		ss.open[k] = st
		ss.keys = append(ss.keys, k)
	}
	out, err := st.st.Write(ss.text[:0], []byte(text))
	if err != nil {
		return nil, "", err
	}
	ss.text = out[:0]
	return st, string(out), nil
}

// closeWhere ends the open streams that match, in the order they opened,
// calling emit with each one's held-back rest.
func (ss *session) closeWhere(match func(streamKey) bool, emit func(streamKey, *stream, string) error) error {
	for _, k := range slices.Clone(ss.keys) {
		if !match(k) {
			continue
		}
		st := ss.open[k]
		delete(ss.open, k)
		ss.keys = slices.DeleteFunc(ss.keys, func(x streamKey) bool { return x == k })
		rest, err := st.st.Close(nil)
		if err != nil {
			return err
		}
		ss.count(st.st.Findings())
		if err := emit(k, st, string(rest)); err != nil {
			return err
		}
	}
	return nil
}

// redactJSON redacts a whole JSON document (a non-streamed answer, one
// line of JSON Lines).
func (ss *session) redactJSON(dst, src []byte) ([]byte, error) {
	d := &ss.doc
	if err := d.Parse(src); err != nil {
		return nil, err
	}
	if err := ss.redactDoc(d, walkCtx{}, nil); err != nil {
		return nil, err
	}
	return d.AppendTo(dst), nil
}
