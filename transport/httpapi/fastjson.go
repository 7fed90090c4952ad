package httpapi

import (
	"strconv"
	"sync"

	"github.com/sluice-dlp/sluice/internal/jsonx"

	"github.com/sluice-dlp/sluice/engine"
)

// The hot path is one small JSON object in, one out. Requests are read
// with internal/jsonx (the one JSON layer: duplicate member names refused
// in any letter case) into a pooled Doc, so the common shape costs no
// reflection; anything else goes to encoding/json for its exact field
// errors, after decodeJSON has run the same jsonx check.

var docPool = sync.Pool{New: func() any { return new(jsonx.Doc) }}

// fastTextRequest parses {"text": "...", "policy": "..."} (members named
// exactly so, each a string, policy optional). ok=false means "not this
// simple shape", not "invalid".
func fastTextRequest(data []byte) (text []byte, policy string, ok bool) {
	d := docPool.Get().(*jsonx.Doc)
	defer docPool.Put(d)
	if d.Parse(data) != nil || d.Kind(d.Root()) != jsonx.Object {
		return nil, "", false
	}
	var tv, pv jsonx.V = jsonx.None, jsonx.None
	for c := d.First(d.Root()); c != jsonx.None; c = d.Next(c) {
		switch {
		case d.KeyIs(c, "text"):
			tv = c
		case d.KeyIs(c, "policy"):
			pv = c
		default:
			return nil, "", false
		}
		if d.Kind(c) != jsonx.String {
			return nil, "", false
		}
	}
	if tv == jsonx.None {
		return nil, "", false
	}
	text = d.AppendStr(make([]byte, 0, len(d.Raw(tv))), tv)
	if pv != jsonx.None {
		policy, _ = d.Str(pv)
	}
	return text, policy, true
}

// appendFloat formats like encoding/json for the range scores live in.
func appendFloat(dst []byte, f float64) []byte {
	if f != 0 && (f < 1e-6 || f >= 1e21) {
		return strconv.AppendFloat(dst, f, 'g', -1, 64) // not reached for scores
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

func appendFindings(dst []byte, fs []engine.Finding) []byte {
	dst = append(dst, '[')
	for i, f := range fs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"type":`...)
		dst = jsonx.AppendString(dst, f.Type)
		dst = append(dst, `,"category":`...)
		dst = jsonx.AppendString(dst, f.Category)
		dst = append(dst, `,"rule":`...)
		dst = jsonx.AppendString(dst, f.Rule)
		dst = append(dst, `,"start":`...)
		dst = strconv.AppendInt(dst, int64(f.Start), 10)
		dst = append(dst, `,"end":`...)
		dst = strconv.AppendInt(dst, int64(f.End), 10)
		dst = append(dst, `,"score":`...)
		dst = appendFloat(dst, f.Score)
		if f.Verified != "" {
			dst = append(dst, `,"verified":`...)
			dst = jsonx.AppendString(dst, f.Verified)
		}
		// Value is never written by the service.
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendRedactResponse encodes a redactResponse (Value-free findings)
// followed by a newline, as json.Encoder does.
func appendRedactResponse(dst []byte, redacted []byte, r *redactResponse) []byte {
	dst = append(dst, `{"redacted":`...)
	dst = jsonx.AppendString(dst, redacted)
	dst = append(dst, `,"findings":`...)
	dst = appendFindings(dst, r.Findings)
	dst = append(dst, `,"policy":`...)
	dst = jsonx.AppendString(dst, r.Policy)
	dst = append(dst, `,"policy_version":`...)
	dst = jsonx.AppendString(dst, r.PolicyVersion)
	if len(r.Degraded) > 0 {
		dst = append(dst, `,"degraded":[`...)
		for i, d := range r.Degraded {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonx.AppendString(dst, d)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}', '\n')
}
