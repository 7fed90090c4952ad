package httpapi

import (
	"strconv"
	"unicode/utf8"

	"github.com/sluice-dlp/sluice/engine"
)

// The hot path is one small JSON object in, one out. These helpers
// handle the common shapes without reflection; anything unusual makes
// the decoder report ok=false so encoding/json (with its exact errors)
// takes over, and the encoder produces what encoding/json would.

// fastTextRequest parses {"text": "...", "policy": "..."} (keys in any
// order, each at most once, policy optional). ok=false means "not this
// simple shape", not "invalid".
func fastTextRequest(data []byte) (text []byte, policy string, ok bool) {
	i := skipWS(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, "", false
	}
	i++
	seenText, seenPolicy := false, false
	for {
		i = skipWS(data, i)
		if i >= len(data) || data[i] != '"' {
			return nil, "", false
		}
		var key []byte
		key, i, ok = fastString(data, i, nil)
		if !ok {
			return nil, "", false
		}
		i = skipWS(data, i)
		if i >= len(data) || data[i] != ':' {
			return nil, "", false
		}
		i = skipWS(data, i+1)
		if i >= len(data) || data[i] != '"' {
			return nil, "", false
		}
		switch string(key) {
		case "text":
			if seenText {
				return nil, "", false
			}
			seenText = true
			text, i, ok = fastString(data, i, make([]byte, 0, len(data)))
		case "policy":
			if seenPolicy {
				return nil, "", false
			}
			seenPolicy = true
			var p []byte
			p, i, ok = fastString(data, i, nil)
			policy = string(p)
		default:
			return nil, "", false
		}
		if !ok {
			return nil, "", false
		}
		i = skipWS(data, i)
		if i >= len(data) {
			return nil, "", false
		}
		if data[i] == ',' {
			i++
			continue
		}
		if data[i] != '}' {
			return nil, "", false
		}
		if skipWS(data, i+1) != len(data) || !seenText {
			return nil, "", false
		}
		return text, policy, true
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// fastString decodes the JSON string starting at b[i] == '"' into dst.
// \u escapes and control bytes are left to encoding/json.
func fastString(b []byte, i int, dst []byte) ([]byte, int, bool) {
	i++
	start := i
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			return append(dst, b[start:i]...), i + 1, true
		case c < 0x20:
			return nil, 0, false
		case c == '\\':
			dst = append(dst, b[start:i]...)
			if i+1 >= len(b) {
				return nil, 0, false
			}
			switch b[i+1] {
			case '"', '\\', '/':
				dst = append(dst, b[i+1])
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			default:
				return nil, 0, false
			}
			i += 2
			start = i
		default:
			i++
		}
	}
	return nil, 0, false
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as encoding/json does with HTML escaping
// off (input is valid UTF-8: request bodies are checked).
func appendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += n
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += n
			start = i
			continue
		}
		i += n
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
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
		dst = appendJSONString(dst, []byte(f.Type))
		dst = append(dst, `,"category":`...)
		dst = appendJSONString(dst, []byte(f.Category))
		dst = append(dst, `,"rule":`...)
		dst = appendJSONString(dst, []byte(f.Rule))
		dst = append(dst, `,"start":`...)
		dst = strconv.AppendInt(dst, int64(f.Start), 10)
		dst = append(dst, `,"end":`...)
		dst = strconv.AppendInt(dst, int64(f.End), 10)
		dst = append(dst, `,"score":`...)
		dst = appendFloat(dst, f.Score)
		if f.Verified != "" {
			dst = append(dst, `,"verified":`...)
			dst = appendJSONString(dst, []byte(f.Verified))
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
	dst = appendJSONString(dst, redacted)
	dst = append(dst, `,"findings":`...)
	dst = appendFindings(dst, r.Findings)
	dst = append(dst, `,"policy":`...)
	dst = appendJSONString(dst, []byte(r.Policy))
	dst = append(dst, `,"policy_version":`...)
	dst = appendJSONString(dst, []byte(r.PolicyVersion))
	if len(r.Degraded) > 0 {
		dst = append(dst, `,"degraded":[`...)
		for i, d := range r.Degraded {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, []byte(d))
		}
		dst = append(dst, ']')
	}
	return append(dst, '}', '\n')
}
