package sseproxy

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
	"github.com/sluice-dlp/sluice/internal/modelapi"
)

// Clients join some strings of one answer before anyone reads them: the
// text parts of a message's content, Anthropic's text blocks, the output
// text of every Responses output item (the SDKs' output_text), the parts
// of a reasoning summary. Redacted one by one, a value split across two
// parts would come out whole in the joined text. So those strings are
// redacted as one text: each finding's replacement goes where the
// finding starts, and the parts it reaches into lose the rest of it; the
// joined text equals the batch redaction of the joined input.

var errRunMismatch = errors.New("joined redaction does not split back into its parts")

type runMember struct {
	v        jsonx.V
	thinking bool
}

// redactRuns redacts the joined runs of d and marks their strings in
// skip. A run is the set of "text" members of objects that are array
// elements, under one path with array positions dropped, except the
// position in "choices" (each choice is an answer of its own).
func (ss *session) redactRuns(d *jsonx.Doc, skip map[jsonx.V]bool) error {
	if !d.HasMember("text") {
		return nil
	}
	runs := map[string][]runMember{}
	var order []string
	var walk func(v jsonx.V, path, elemOf string)
	walk = func(v jsonx.V, path, elemOf string) {
		switch d.Kind(v) {
		case jsonx.Object:
			typ, _ := d.Str(d.Member(v, "type"))
			for m := d.First(v); m != jsonx.None; m = d.Next(m) {
				key := strings.ToLower(d.Key(m))
				p := path + "." + key
				if key == "text" && elemOf != "" && d.Kind(m) == jsonx.String && !skip[m] {
					if _, ok := runs[p]; !ok {
						order = append(order, p)
					}
					runs[p] = append(runs[p], runMember{m, modelapi.IsThinkingField("text", elemOf, typ)})
					continue
				}
				walk(m, p, "")
			}
		case jsonx.Array:
			name := path[strings.LastIndexByte(path, '.')+1:]
			i := 0
			for e := d.First(v); e != jsonx.None; e, i = d.Next(e), i+1 {
				p := path + "[]"
				if name == "choices" {
					p = path + "[" + strconv.Itoa(i) + "]"
				}
				walk(e, p, name)
			}
		}
	}
	walk(d.Root(), "", "")
	for _, p := range order {
		run := runs[p]
		if len(run) < 2 {
			continue
		}
		if ss.thinkingPass && run[0].thinking {
			continue
		}
		parts := make([]string, len(run))
		for i, m := range run {
			parts[i], _ = d.Str(m.v)
		}
		outs, err := ss.redactJoined(parts)
		if err != nil {
			return err
		}
		for i, m := range run {
			skip[m.v] = true
			if outs[i] != parts[i] {
				d.SetString(m.v, outs[i])
			}
		}
	}
	return nil
}

// redactDoc redacts a whole document: joined runs first, then every
// other string.
func (ss *session) redactDoc(d *jsonx.Doc, c walkCtx, skip map[jsonx.V]bool) error {
	if skip == nil {
		skip = map[jsonx.V]bool{}
	}
	if !(ss.thinkingPass && c.thinkingEvt) {
		if err := ss.redactRuns(d, skip); err != nil {
			return err
		}
	}
	return ss.redactTree(d, d.Root(), c, skip)
}

// redactJoined redacts parts as one text and splits the result back.
func (ss *session) redactJoined(parts []string) ([]string, error) {
	joined := []byte(strings.Join(parts, ""))
	res, err := ss.s.Redact(ss.ctx, joined)
	if err != nil {
		return nil, err
	}
	ss.count(res.Findings)
	ends := make([]int, len(parts))
	n := 0
	for i, p := range parts {
		n += len(p)
		ends[i] = n
	}
	outs := make([][]byte, len(parts))
	kept := func(a, b int) {
		start := 0
		for i, end := range ends {
			if lo, hi := max(a, start), min(b, end); lo < hi {
				outs[i] = append(outs[i], joined[lo:hi]...)
			}
			start = end
		}
	}
	fs := slices.Clone(res.Findings)
	slices.SortFunc(fs, func(a, b engine.Finding) int { return a.Start - b.Start })
	prev := 0
	for _, f := range fs {
		if f.Start < prev {
			continue
		}
		kept(prev, f.Start)
		g := f
		g.Start, g.End = 0, f.End-f.Start
		i, _ := slices.BinarySearch(ends, f.Start+1)
		outs[i] = ss.s.Apply(outs[i], joined[f.Start:f.End], []engine.Finding{g})
		prev = f.End
	}
	kept(prev, len(joined))
	if !bytes.Equal(bytes.Join(outs, nil), res.Redacted) {
		return nil, errRunMismatch
	}
	out := make([]string, len(parts))
	for i := range outs {
		out[i] = string(outs[i])
	}
	return out, nil
}

// index reads an index member: absent gives def, a non-negative integer
// itself. Anything else ("0", 0.0, -1) is refused: some clients coerce
// such a value and others reject it, so the proxy could not know which
// texts a client joins.
func index(d *jsonx.Doc, holder jsonx.V, name string, def int) (int, error) {
	v := d.Member(holder, name)
	if v == jsonx.None {
		return def, nil
	}
	n, ok := d.Int(v)
	if !ok || n < 0 {
		return 0, errBadIndex
	}
	return n, nil
}

var errBadIndex = errors.New("an index that is not a non-negative integer")
