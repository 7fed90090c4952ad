package natsbus

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/nats-io/nats.go"
	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
	"github.com/sluice-dlp/sluice/transport/codec"
)

// Streamed answers in JSON chunks (--json-paths with Sluice-Stream-Id):
// an OpenAI or Anthropic stream carries several texts at once — each
// choice's content, each tool call's arguments, reasoning — in chunks
// that each hold a piece of some of them. Every selected string gets the
// engine stream of its key: its path with each array position (and the
// root) named by the object's own "index" member when it has one, as
// choices[].index, tool_calls[].index and Anthropic's event index do, so
// that choice 1's pieces never join choice 0's. Each chunk's strings are
// replaced by what their streams release. At the end, what a stream
// still holds is released in the end chunk's string of that key when it
// has one; otherwise in an extra output, published just before the end
// chunk's: a copy of the last chunk that carried the key, with that
// string set to the rest and every other selected string emptied — a
// chunk of the same format, so a client that concatenates the pieces of
// each field gets the whole text.

// jsonKey is the state of one text of a JSON streamed answer.
type jsonKey struct {
	st       *engine.Stream
	nfound   int
	template []byte // the last decoded chunk that carried this key
}

// keyedStrings maps every string value of d to its key.
func keyedStrings(d *jsonx.Doc) map[jsonx.V]string {
	keys := map[jsonx.V]string{}
	var walk func(v jsonx.V, path string)
	walk = func(v jsonx.V, path string) {
		switch d.Kind(v) {
		case jsonx.String:
			keys[v] = path
		case jsonx.Object:
			for c := d.First(v); c != jsonx.None; c = d.Next(c) {
				walk(c, path+"."+strconv.Quote(d.Key(c))+indexOf(d, c))
			}
		case jsonx.Array:
			i := 0
			for c := d.First(v); c != jsonx.None; c = d.Next(c) {
				seg := indexOf(d, c)
				if seg == "" {
					seg = "[" + strconv.Itoa(i) + "]"
				}
				walk(c, path+seg)
				i++
			}
		}
	}
	root := d.Root()
	walk(root, indexOf(d, root))
	return keys
}

// indexOf is "#n" for an object with an integer "index" member.
func indexOf(d *jsonx.Doc, v jsonx.V) string {
	if n, ok := d.Int(d.Get(v, "index")); ok {
		return "#" + strconv.Itoa(n)
	}
	return ""
}

func (a *answer) jsonKey(key string) *jsonKey {
	if a.keys == nil {
		a.keys = map[string]*jsonKey{}
	}
	k := a.keys[key]
	if k == nil {
		k = &jsonKey{st: a.scanner.NewStream(a.sctx)}
		a.keys[key] = k
		a.keyOrder = append(a.keyOrder, key)
	}
	return k
}

func (k *jsonKey) released(sum *summary) {
	fs := k.st.Findings()
	sum.add(engine.Result{Findings: fs[k.nfound:]})
	k.nfound = len(fs)
}

// feedJSON runs one JSON chunk through the answer's key streams. It
// returns the chunk's output payload (decoded; the caller encodes) and,
// at the end, the extra outputs that carry the rest of keys the end chunk
// lacks, in key order.
func (c *Consumer) feedJSON(ctx context.Context, a *answer, plain []byte, end bool, sum *summary) ([]byte, [][]byte, error) {
	d, err := jsonx.Parse(plain)
	if err != nil {
		return nil, nil, &PoisonError{Reason: ReasonInvalidJSON, Err: fmt.Errorf("%w: %w", ErrInvalidJSON, err)}
	}
	keys := keyedStrings(d)
	var sel []jsonx.V
	if err := c.paths.Strings(d, func(v jsonx.V) error { sel = append(sel, v); return nil }); err != nil {
		return nil, nil, &PoisonError{Reason: ReasonInvalidJSON, Err: err}
	}
	// The last string of each key in this chunk takes the rest at the end.
	last := map[string]jsonx.V{}
	for _, v := range sel {
		last[keys[v]] = v
	}
	var text, out []byte
	for _, v := range sel {
		key := keys[v]
		k := a.jsonKey(key)
		text = d.AppendStr(text[:0], v)
		if out, err = k.st.Write(out[:0], text); err != nil {
			return nil, nil, scanPoison(err)
		}
		if end && last[key] == v {
			if out, err = k.st.Close(out); err != nil {
				return nil, nil, scanPoison(err)
			}
		}
		k.released(sum)
		k.template = plain
		d.Replace(v, jsonx.AppendString(nil, out))
	}
	var extra [][]byte
	if end {
		if extra, err = c.restJSON(a, last, sum); err != nil {
			return nil, nil, err
		}
	}
	return d.AppendTo(nil), extra, nil
}

// restJSON closes the streams of the keys not in skip and builds the
// outputs that carry what they still held.
func (c *Consumer) restJSON(a *answer, skip map[string]jsonx.V, sum *summary) ([][]byte, error) {
	var extra [][]byte
	for _, key := range a.keyOrder {
		if _, ok := skip[key]; ok {
			continue
		}
		k := a.keys[key]
		rest, err := k.st.Close(nil)
		if err != nil {
			return nil, scanPoison(err)
		}
		k.released(sum)
		if len(rest) == 0 {
			continue
		}
		out, err := c.templated(k.template, key, rest)
		if err != nil {
			return nil, err
		}
		extra = append(extra, out)
	}
	return extra, nil
}

// templated is template with the selected string of key set to rest and
// every other selected string emptied.
func (c *Consumer) templated(template []byte, key string, rest []byte) ([]byte, error) {
	d, err := jsonx.Parse(template)
	if err != nil {
		return nil, &PoisonError{Reason: ReasonInvalidJSON, Err: err}
	}
	keys := keyedStrings(d)
	done := false
	err = c.paths.Strings(d, func(v jsonx.V) error {
		if keys[v] == key && !done {
			d.Replace(v, jsonx.AppendString(nil, rest))
			done = true
		} else {
			d.Replace(v, []byte(`""`))
		}
		return nil
	})
	if err != nil || !done {
		return nil, &PoisonError{Reason: ReasonScanFailed, Err: errors.New("streamed JSON answer: the rest of a text has no chunk to go in")}
	}
	return d.AppendTo(nil), nil
}

// jsonOutputs builds the output messages of one JSON chunk: the extra
// rest outputs first, then the chunk's own; every one with hdr's
// headers, the last with the end mark when end.
func jsonOutputs(subject string, hdr nats.Header, enc codec.Encoding, main []byte, extra [][]byte) ([]*nats.Msg, error) {
	var msgs []*nats.Msg
	for i, p := range append(extra, main) {
		h := make(nats.Header, len(hdr))
		for k, v := range hdr {
			h[k] = slices.Clone(v)
		}
		if i < len(extra) {
			h.Del(HeaderStreamEnd)
			h.Set(HeaderFindings, "0") // the findings are counted on the chunk's own output
			h.Del(HeaderTypes)
		}
		out, err := codec.Encode(enc, p)
		if err != nil {
			return nil, &PoisonError{Reason: ReasonScanFailed, Err: fmt.Errorf("re-encode %s: %w", enc, err)}
		}
		msgs = append(msgs, &nats.Msg{Subject: subject, Header: h, Data: out})
	}
	return msgs, nil
}

// restID names the i-th extra output of the chunk with output id id.
func restID(id string, i int) string { return id + ":rest:" + strconv.Itoa(i) }
