package detectors

import (
	"bytes"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strconv"
	"time"
)

// Offline verification of credentials whose format carries a check: an
// embedded checksum or a structure that must decode. None of these touch
// the network. A value that passes is Verified (score 1.0); one that
// fails is Weak, never dropped: a format this distinctive with a bad
// checksum is still most likely a (mangled or hand-edited) secret.

// CRC32Base62 checks tokens laid out as prefix_ + 30 random characters +
// the 6-character base62 CRC32 of those 30 (GitHub ghp_/gho_/ghu_/ghs_/
// ghr_, npm npm_).
func CRC32Base62(v []byte, _ Options) Verdict {
	i := bytes.IndexByte(v, '_')
	if i < 0 || len(v)-i-1 != 36 {
		return Weak
	}
	body, sum := v[i+1:i+31], v[i+31:]
	if base62CRC(string(body)) != string(sum) {
		return Weak
	}
	return Verified
}

// CRC32Hex checks tokens whose last '_'-separated part is the 8-digit hex
// CRC32 of everything before that '_' (Grafana service-account tokens).
func CRC32Hex(v []byte, _ Options) Verdict {
	i := bytes.LastIndexByte(v, '_')
	if i < 0 || len(v)-i-1 != 8 {
		return Weak
	}
	want := fmt.Sprintf("%08x", crc32.ChecksumIEEE(v[:i]))
	if string(v[i+1:]) != want {
		return Weak
	}
	return Verified
}

// unescapeNL turns the two-byte escapes \n and \r (keys pasted inside JSON
// strings) into real line breaks.
func unescapeNL(v []byte) []byte {
	if !bytes.Contains(v, []byte(`\`)) {
		return v
	}
	v = bytes.ReplaceAll(v, []byte(`\r`), []byte("\r"))
	return bytes.ReplaceAll(v, []byte(`\n`), []byte("\n"))
}

// pemBody returns the label and decoded body of a PEM (or armored PGP)
// block, skipping RFC 1421 / OpenPGP headers and the PGP CRC24 line.
func pemBody(v []byte) (label string, der []byte, ok bool) {
	v = unescapeNL(v)
	const begin = "-----BEGIN "
	i := bytes.Index(v, []byte(begin))
	if i < 0 {
		return "", nil, false
	}
	rest := v[i+len(begin):]
	j := bytes.Index(rest, []byte("-----"))
	if j < 0 {
		return "", nil, false
	}
	label = string(rest[:j])
	rest = rest[j+5:]
	if k := bytes.Index(rest, []byte("-----END")); k >= 0 {
		rest = rest[:k]
	}
	var b64buf []byte
	for _, line := range bytes.Split(rest, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || bytes.IndexByte(line, ':') >= 0 {
			continue
		}
		if line[0] == '=' && len(line) == 5 { // PGP CRC24
			continue
		}
		b64buf = append(b64buf, line...)
	}
	if len(b64buf) < 16 {
		return label, nil, false
	}
	der, err := base64.StdEncoding.DecodeString(string(b64buf))
	if err != nil {
		return label, nil, false
	}
	return label, der, true
}

// PEMKey verifies a private-key block: the body must base64-decode, and
// parse as one complete DER SEQUENCE (PKCS#1, SEC 1, PKCS#8, DSA), start
// with the openssh-key-v1 magic, or start with an OpenPGP packet tag.
func PEMKey(v []byte, _ Options) Verdict {
	label, der, ok := pemBody(v)
	if !ok {
		return Weak
	}
	switch {
	case bytes.HasPrefix([]byte(label), []byte("OPENSSH")):
		if bytes.HasPrefix(der, []byte("openssh-key-v1\x00")) {
			return Verified
		}
		return Weak
	case bytes.HasPrefix([]byte(label), []byte("PGP")):
		if der[0]&0x80 != 0 {
			return Verified
		}
		return Weak
	}
	if isDERSequence(der) {
		return Verified
	}
	return Weak
}

func isDERSequence(der []byte) bool {
	var raw asn1.RawValue
	rest, err := asn1.Unmarshal(der, &raw)
	return err == nil && len(rest) == 0 && raw.Class == asn1.ClassUniversal && raw.Tag == asn1.TagSequence && raw.IsCompound
}

// Base64PEM verifies a base64-wrapped PEM private key (kubeconfig
// client-key-data, Helm values): it must decode to a private-key block
// that itself verifies.
func Base64PEM(v []byte, o Options) Verdict {
	dec, err := base64.StdEncoding.DecodeString(string(v))
	if err != nil {
		return Weak
	}
	if !bytes.Contains(dec, []byte("PRIVATE KEY")) {
		return Reject // a certificate or public key
	}
	return PEMKey(dec, o)
}

// JWTInfo is what a JSON Web Token says about itself, for reports.
type JWTInfo struct {
	Alg     string
	Typ     string
	Issuer  string
	Expires time.Time // zero when the token has no exp claim
}

// Expired reports whether the token carries an exp claim in the past.
func (j JWTInfo) Expired(now time.Time) bool {
	return !j.Expires.IsZero() && now.After(j.Expires)
}

// DecodeJWT decodes a token's header and payload (the signature is not
// checked: that needs the issuer's key).
func DecodeJWT(b []byte) (JWTInfo, error) {
	parts := bytes.SplitN(b, []byte("."), 3)
	if len(parts) != 3 {
		return JWTInfo{}, fmt.Errorf("jwt: want 3 parts, have %d", len(parts))
	}
	var header struct {
		Alg string `json:"alg"`
		Typ string `json:"typ"`
	}
	if !decodeJSONPart(parts[0], &header) {
		return JWTInfo{}, fmt.Errorf("jwt: header is not base64url JSON")
	}
	if header.Alg == "" {
		return JWTInfo{}, fmt.Errorf("jwt: header has no alg")
	}
	var payload map[string]json.RawMessage
	if !decodeJSONPart(parts[1], &payload) {
		return JWTInfo{}, fmt.Errorf("jwt: payload is not a base64url JSON object")
	}
	info := JWTInfo{Alg: header.Alg, Typ: header.Typ}
	if iss, ok := payload["iss"]; ok {
		_ = json.Unmarshal(iss, &info.Issuer)
	}
	if exp, ok := payload["exp"]; ok {
		f, err := strconv.ParseFloat(string(exp), 64)
		if err != nil {
			return JWTInfo{}, fmt.Errorf("jwt: exp is not a number")
		}
		info.Expires = time.Unix(int64(f), 0).UTC()
	}
	return info, nil
}

// JWTClaims verifies that a token decodes: JSON header with alg, JSON
// object payload, numeric exp when present. A token that does not decode
// is Weak. (Expiry does not lower the score: an expired token still
// reveals its claims; DecodeJWT reports it.)
func JWTClaims(v []byte, _ Options) Verdict {
	if _, err := DecodeJWT(v); err != nil {
		return Weak
	}
	return Verified
}

// KubernetesToken accepts only JWTs issued to Kubernetes service accounts
// (legacy secret-based tokens and bound projected tokens) and rejects
// other JWTs, which the jwt rule reports.
func KubernetesToken(v []byte, _ Options) Verdict {
	parts := bytes.SplitN(v, []byte("."), 3)
	if len(parts) != 3 {
		return Reject
	}
	var payload map[string]json.RawMessage
	if !decodeJSONPart(parts[1], &payload) {
		return Reject
	}
	iss := string(payload["iss"])
	_, bound := payload["kubernetes.io"]
	_, legacy := payload["kubernetes.io/serviceaccount/namespace"]
	if !bound && !legacy && !bytes.Contains([]byte(iss), []byte("kubernetes")) {
		return Reject
	}
	return Verified
}

// Base64JSON verifies tokens whose body (after the last of the prefix
// separators "_" or ".", or the whole value) is base64 of a JSON object:
// Grafana Cloud glc_, 1Password service accounts ops_, Mapbox sk.
func Base64JSON(v []byte, _ Options) Verdict {
	body := v
	if i := bytes.IndexAny(v, "_."); i >= 0 && i < 8 {
		body = v[i+1:]
	}
	if i := bytes.IndexByte(body, '.'); i >= 0 { // Mapbox: json.signature
		body = body[:i]
	}
	body = bytes.TrimRight(body, "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		dec, err := enc.DecodeString(string(body))
		if err != nil {
			continue
		}
		dec = bytes.TrimSpace(dec)
		if len(dec) > 1 && dec[0] == '{' && json.Valid(dec) {
			return Verified
		}
	}
	return Weak
}

// Macaroon verifies a PyPI token: the part after "pypi-" is a base64url
// macaroon in the v2 binary format (version byte 2, then the location
// field).
func Macaroon(v []byte, _ Options) Verdict {
	i := bytes.IndexByte(v, '-')
	if i < 0 {
		return Weak
	}
	dec, err := base64.RawURLEncoding.DecodeString(string(bytes.TrimRight(v[i+1:], "=")))
	if err != nil || len(dec) < 4 || dec[0] != 2 || dec[1] != 1 {
		return Weak
	}
	return Verified
}

// Base64Key64 verifies keys that are base64 of exactly 64 random bytes
// (Azure storage and Cosmos DB account keys).
func Base64Key64(v []byte, _ Options) Verdict {
	dec, err := base64.StdEncoding.DecodeString(string(v))
	if err != nil || len(dec) != 64 {
		return Weak
	}
	return Verified
}

// BasicAuth verifies base64 user:password credentials (HTTP Basic,
// Docker config "auth", .npmrc _auth): printable text with a colon and a
// non-placeholder password. Values that do not decode are rejected:
// without the structure there is nothing to say they are credentials.
func BasicAuth(v []byte, _ Options) Verdict {
	dec, err := base64.StdEncoding.DecodeString(string(v))
	if err != nil {
		return Reject
	}
	i := bytes.IndexByte(dec, ':')
	if i < 1 || i == len(dec)-1 {
		return Reject
	}
	for _, c := range dec {
		if c < 0x20 || c > 0x7e {
			return Reject
		}
	}
	if IsPlaceholder(dec[i+1:]) {
		return Reject
	}
	return Verified
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		b := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range 5 {
			if (b>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

func bech32HRPExpand(hrp string) []byte {
	out := make([]byte, 0, 2*len(hrp)+1)
	for i := 0; i < len(hrp); i++ {
		out = append(out, hrp[i]>>5)
	}
	out = append(out, 0)
	for i := 0; i < len(hrp); i++ {
		out = append(out, hrp[i]&31)
	}
	return out
}

// Bech32 verifies the BIP-173 checksum of a bech32 string (age secret
// keys AGE-SECRET-KEY-1...). Case is ignored.
func Bech32(v []byte, _ Options) Verdict {
	s := bytes.ToLower(v)
	i := bytes.LastIndexByte(s, '1')
	if i < 1 || len(s)-i-1 < 6 {
		return Weak
	}
	data := make([]byte, 0, len(s)-i-1)
	for _, c := range s[i+1:] {
		k := bytes.IndexByte([]byte(bech32Charset), c)
		if k < 0 {
			return Weak
		}
		data = append(data, byte(k))
	}
	if bech32Polymod(append(bech32HRPExpand(string(s[:i])), data...)) != 1 {
		return Weak
	}
	return Verified
}

// bech32Encode encodes 8-bit data under hrp (examples for tests).
func bech32Encode(hrp string, data []byte) string {
	var five []byte
	acc, bits := 0, 0
	for _, b := range data {
		acc = acc<<8 | int(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			five = append(five, byte(acc>>bits)&31)
		}
	}
	if bits > 0 {
		five = append(five, byte(acc<<(5-bits))&31)
	}
	values := append(bech32HRPExpand(hrp), five...)
	values = append(values, 0, 0, 0, 0, 0, 0)
	mod := bech32Polymod(values) ^ 1
	out := []byte(hrp + "1")
	for _, d := range five {
		out = append(out, bech32Charset[d])
	}
	for i := range 6 {
		out = append(out, bech32Charset[(mod>>(5*(5-i)))&31])
	}
	return string(out)
}

// DiscordBotToken verifies that the first part of a Discord bot token is
// base64 of the bot's numeric user id (a snowflake).
func DiscordBotToken(v []byte, _ Options) Verdict {
	i := bytes.IndexByte(v, '.')
	if i < 0 {
		return Weak
	}
	dec, err := base64.RawStdEncoding.DecodeString(string(bytes.TrimRight(v[:i], "=")))
	if err != nil || len(dec) < 17 || len(dec) > 20 {
		return Weak
	}
	for _, c := range dec {
		if c < '0' || c > '9' {
			return Weak
		}
	}
	return Verified
}
