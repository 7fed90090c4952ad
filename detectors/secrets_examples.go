package detectors

import (
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"math/big"
	"regexp"
	"strings"
)

// Helpers that build the secret rules' examples and patterns. Example
// values are made up: a deterministic pseudo-random string in the token's
// real alphabet and length, so every example has the right shape by
// construction and none is, or was, a live credential.

// Alphabets of token bodies.
const (
	aAlnum   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	aHex     = "0123456789abcdef"
	aHEX     = "0123456789ABCDEF"
	aLowNum  = "abcdefghijklmnopqrstuvwxyz0123456789"
	aUpNum   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	aB64     = aAlnum + "+/"
	aB64URL  = aAlnum + "-_"
	aLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	aDigits  = "0123456789"
	aBase62  = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// fake returns n characters of alphabet derived from seed (splitmix64
// seeded with FNV-1a), so each example is stable across runs.
func fake(seed, alphabet string, n int) string {
	h := fnv.New64a()
	h.Write([]byte(seed))
	x := h.Sum64()
	var b strings.Builder
	b.Grow(n)
	for range n {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		z ^= z >> 31
		b.WriteByte(alphabet[z%uint64(len(alphabet))])
	}
	return b.String()
}

// fakeUUID returns a made-up lowercase UUID (version 4 layout).
func fakeUUID(seed string) string {
	h := fake(seed, aHex, 32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}

// fakeJSON64 returns base64 (std or raw url) of a JSON document, for tokens
// that embed one.
func fakeJSON64(doc string, url bool) string {
	if url {
		return base64.RawURLEncoding.EncodeToString([]byte(doc))
	}
	return base64.StdEncoding.EncodeToString([]byte(doc))
}

// fakeJWT returns a made-up JSON Web Token with the given header and
// payload and a random signature.
func fakeJWT(header, payload, seed string) string {
	return fakeJSON64(header, true) + "." + fakeJSON64(payload, true) + "." + fake(seed, aB64URL, 43)
}

// crcToken returns prefix + body + the 6-character base62 CRC32 of body,
// the checksum layout of GitHub and npm tokens.
func crcToken(prefix, seed string, bodyLen int) string {
	body := fake(seed, aAlnum, bodyLen)
	return prefix + body + base62CRC(body)
}

// base62CRC encodes the CRC32 (IEEE) of b in base62, left-padded with '0'
// to six characters.
func base62CRC(b string) string {
	return base62Pad(uint64(crc32.ChecksumIEEE([]byte(b))), 6)
}

// crc32Hex is the 8-digit lowercase hex CRC32 (IEEE) of b.
func crc32Hex(b string) string {
	return fmt.Sprintf("%08x", crc32.ChecksumIEEE([]byte(b)))
}

func base62Pad(v uint64, width int) string {
	out := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		out[i] = aBase62[v%62]
		v /= 62
	}
	return string(out)
}

// near is the pattern for a provider credential that has no distinctive
// prefix: the value must be assigned to, or follow, a name that starts
// with one of names: at most 40 identifier characters away, or after a
// CLI flag (DATADOG_API_KEY=..., "datadog_app_key": "...", snyk auth ...,
// vercel deploy --token ..., -Dsonar.login=..., Client('...')). names are
// literals; they double as the keywords.
func near(names []string, value string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = regexp.QuoteMeta(n)
	}
	return `(?i:` + strings.Join(q, "|") + `)[\w.\-]{0,40}?(?:\s+(?:[a-z]+\s+)?(?:--?[a-z][\w-]{0,20}|auth|login|[a-z-]{0,10}token))?["']?\s{0,4}(?:[:=(]|:=|=>|\s)\s{0,4}["'\x60]?(` + value + `)(?:[^A-Za-z0-9_\-+/=]|$)`
}

// nearLen is a max_len for near patterns whose value is at most n bytes.
func nearLen(n int) int { return 80 + n }

// kw lowercases names for use as keywords.
func kw(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ToLower(n)
	}
	return out
}

// xs is a placeholder run of x.
func xs(n int) string { return strings.Repeat("x", n) }

// fakePEM returns a made-up private-key block of the given label whose
// body decodes like the real thing: a DER SEQUENCE of random integers,
// an openssh-key-v1 blob, or an OpenPGP secret-key packet.
func fakePEM(label, seed string) string {
	raw := []byte(fake(seed, aAlnum, 96))
	var der []byte
	switch {
	case strings.HasPrefix(label, "OPENSSH"):
		der = append([]byte("openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none"), raw...)
	case strings.HasPrefix(label, "PGP"):
		der = append([]byte{0x95, byte(len(raw))}, raw...)
	default:
		var err error
		der, err = asn1.Marshal(struct {
			Version int
			A, B, C *big.Int
		}{0, new(big.Int).SetBytes(raw[:48]), big.NewInt(65537), new(big.Int).SetBytes(raw[48:])})
		if err != nil {
			panic(err)
		}
	}
	enc := base64.StdEncoding.EncodeToString(der)
	var b strings.Builder
	b.WriteString("-----BEGIN " + label + "-----\n")
	for len(enc) > 64 {
		b.WriteString(enc[:64] + "\n")
		enc = enc[64:]
	}
	b.WriteString(enc + "\n-----END " + label + "-----")
	return b.String()
}

func regexpQuote(s string) string { return regexp.QuoteMeta(s) }
