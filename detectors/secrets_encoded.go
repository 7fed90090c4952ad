package detectors

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"unicode/utf8"
)

// Encoded secrets: credentials hidden in base64, hex, URL-encoding or
// \uXXXX escapes (a token base64'd into a Kubernetes Secret, a password
// percent-encoded in a URL, a key JSON-escaped by a tool). FindEncoded
// finds such regions and decodes them; the engine scans each decoded view
// with the catalogue and reports a finding's span as the region's span in
// the original text, so redaction removes the encoded form.
//
// The engine scans each region's decoded text when a policy sets
// `decode: true` (engine/encoded.go).

// EncodedRegion is an encoded stretch of the original text and what it
// decodes to.
type EncodedRegion struct {
	// Start and End are byte offsets of the encoded bytes in the original
	// text (end exclusive). For nested encodings they are those of the
	// outermost layer: inner offsets have no position in the original.
	Start, End int
	// Encoding names the layers, outermost first: "base64", "base64/hex".
	Encoding string
	// Depth is the number of layers (1 for a single encoding).
	Depth int
	// Decoded is the innermost decoded text.
	Decoded []byte
}

// Limits of FindEncoded, named so callers can reason about cost.
const (
	// MaxEncodedDepth bounds nested decoding (base64 of hex of ...).
	MaxEncodedDepth = 3
	// minEncodedBase64 is the shortest base64 run worth decoding: 24
	// characters hold 18 bytes, less than any credential sluice knows.
	minEncodedBase64 = 24
	// minEncodedHex is the shortest hex run worth decoding (16 bytes).
	minEncodedHex = 32
	// maxEncodedRun skips longer runs (images, archives): decoding them
	// costs more than a credential could hide.
	maxEncodedRun = 64 << 10
	// maxEncodedRegions caps the regions reported per text.
	maxEncodedRegions = 1024
)

// FindEncoded appends to dst the decoded views of encoded regions of
// text, descending at most depth layers (capped at MaxEncodedDepth).
// Only decodings that are (almost all) printable text are kept: random
// binary — images, hashes, ciphertext — is not a place for a readable
// credential and would only cost scanning time.
func FindEncoded(text []byte, depth int, dst []EncodedRegion) []EncodedRegion {
	depth = min(depth, MaxEncodedDepth)
	if depth <= 0 {
		return dst
	}
	var walk func(buf []byte, start, end int, enc string, level int)
	walk = func(buf []byte, start, end int, enc string, level int) {
		for _, r := range decodeRuns(buf) {
			if len(dst) >= maxEncodedRegions {
				return
			}
			s, e := start, end
			if level == 0 {
				s, e = r.start, r.end
			}
			name := r.enc
			if enc != "" {
				name = enc + "/" + r.enc
			}
			dst = append(dst, EncodedRegion{Start: s, End: e, Encoding: name, Depth: level + 1, Decoded: r.decoded})
			if level+1 < depth {
				walk(r.decoded, s, e, name, level+1)
			}
		}
	}
	walk(text, 0, len(text), "", 0)
	return dst
}

type decodedRun struct {
	start, end int
	enc        string
	decoded    []byte
}

// decodeRuns finds the encoded runs of buf and decodes those that yield
// printable text.
func decodeRuns(buf []byte) []decodedRun {
	var out []decodedRun
	n := len(buf)
	for i := 0; i < n; {
		c := buf[i]
		switch {
		case c == '%' || (c == '\\' && i+1 < n && (buf[i+1] == 'u' || buf[i+1] == 'x')):
			// Escapes are decoded over the whole token around them.
			lo := i
			for lo > 0 && isEscapeTokenByte(buf[lo-1]) {
				lo--
			}
			hi := i
			for hi < n && isEscapeTokenByte(buf[hi]) {
				hi++
			}
			if dec, enc, ok := unescapeToken(buf[lo:hi]); ok {
				out = append(out, decodedRun{lo, hi, enc, dec})
			}
			i = max(hi, i+1)
		case isB64Byte[c]:
			j := i
			for j < n && isB64Byte[buf[j]] {
				j++
			}
			k := j
			for k < n && k-j < 2 && buf[k] == '=' {
				k++
			}
			if run := buf[i:j]; len(run) >= minEncodedBase64 && len(run) <= maxEncodedRun {
				if dec, enc, ok := decodeRun(run); ok {
					out = append(out, decodedRun{i, k, enc, dec})
				}
			}
			i = max(k, i+1)
		default:
			i++
		}
	}
	return out
}

// decodeRun tries hex (for runs of hex digits) and then the base64
// alphabets on one run.
func decodeRun(run []byte) ([]byte, string, bool) {
	if len(run) >= minEncodedHex && len(run)%2 == 0 && allHex(run) {
		dec := make([]byte, len(run)/2)
		if _, err := hex.Decode(dec, run); err == nil && printable(dec) {
			return dec, "hex", true
		}
		return nil, "", false // a hex digest: never also try base64
	}
	if len(run) < minEncodedBase64 {
		return nil, "", false
	}
	url := false
	for _, c := range run {
		if c == '-' || c == '_' {
			url = true
		}
		if c == '+' || c == '/' {
			if url {
				return nil, "", false // mixed alphabets: not base64
			}
		}
	}
	enc := base64.RawStdEncoding
	name := "base64"
	if url {
		enc, name = base64.RawURLEncoding, "base64url"
	}
	// Padding is not part of the run; a dangling sixth bit group is dropped.
	body := run
	if len(body)%4 == 1 {
		body = body[:len(body)-1]
	}
	dec := make([]byte, enc.DecodedLen(len(body)))
	m, err := enc.Decode(dec, body)
	if err != nil || !printable(dec[:m]) {
		return nil, "", false
	}
	return dec[:m], name, true
}

// unescapeToken decodes %XX, \uXXXX and \xXX escapes in tok. ok is false
// when nothing was decoded or the result is not printable.
func unescapeToken(tok []byte) ([]byte, string, bool) {
	var out []byte
	enc := ""
	changed := false
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case c == '%' && i+2 < len(tok) && isHexDigit(tok[i+1]) && isHexDigit(tok[i+2]):
			v, _ := strconv.ParseUint(string(tok[i+1:i+3]), 16, 8)
			out = append(out, byte(v))
			i += 2
			changed, enc = true, mark(enc, "url")
		case c == '\\' && i+5 < len(tok) && tok[i+1] == 'u' && allHex(tok[i+2:i+6]):
			v, _ := strconv.ParseUint(string(tok[i+2:i+6]), 16, 32)
			out = utf8.AppendRune(out, rune(v))
			i += 5
			changed, enc = true, mark(enc, "unicode-escape")
		case c == '\\' && i+3 < len(tok) && tok[i+1] == 'x' && allHex(tok[i+2:i+4]):
			v, _ := strconv.ParseUint(string(tok[i+2:i+4]), 16, 8)
			out = append(out, byte(v))
			i += 3
			changed, enc = true, mark(enc, "hex-escape")
		default:
			out = append(out, c)
		}
	}
	if !changed || !printable(out) {
		return nil, "", false
	}
	return out, enc, true
}

func mark(enc, what string) string {
	if enc == "" || enc == what {
		return what
	}
	return "mixed-escape"
}

// isEscapeTokenByte: bytes that may surround escapes in one token (URL
// and JSON string characters, not delimiters).
func isEscapeTokenByte(c byte) bool {
	return c > ' ' && c < 0x7f && c != '"' && c != '\'' && c != '`' && c != '<' && c != '>' && c != ',' && c != ';'
}

var isB64Byte = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") {
		t[c] = true
	}
	return t
}()

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func allHex(b []byte) bool {
	for _, c := range b {
		if !isHexDigit(c) {
			return false
		}
	}
	return true
}

// printable: valid UTF-8 whose bytes are at least 95% printable ASCII or
// common whitespace, so binary payloads are not scanned as text.
func printable(b []byte) bool {
	if len(b) == 0 || !utf8.Valid(b) {
		return false
	}
	bad := 0
	for _, c := range b {
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f {
			bad++
		}
	}
	return bad*20 <= len(b)
}
