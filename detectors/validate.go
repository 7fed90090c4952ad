package detectors

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math"
	"net/netip"
)

// Entropy returns the Shannon entropy of b in bits per byte.
func Entropy(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	var counts [256]int
	for _, c := range b {
		counts[c]++
	}
	n := float64(len(b))
	h := 0.0
	for _, c := range counts {
		if c == 0 {
			continue
		}
		p := float64(c) / n
		h -= p * math.Log2(p)
	}
	return h
}

// digitsOf appends the ASCII digits of b to dst, skipping separators.
func digitsOf(dst, b []byte) []byte {
	for _, c := range b {
		if c >= '0' && c <= '9' {
			dst = append(dst, c)
		}
	}
	return dst
}

// LuhnValid reports whether the digits in b (separators ignored) pass the
// Luhn mod-10 check used by payment cards and several national IDs.
func LuhnValid(b []byte) bool {
	var buf [64]byte
	d := digitsOf(buf[:0], b)
	return len(d) >= 2 && luhnDigits(d)
}

// Luhn is a Validator for payment cards: Luhn and not all one digit.
func Luhn(b []byte, _ Options) Verdict {
	var buf [64]byte
	d := digitsOf(buf[:0], b)
	if allSame(d) || !LuhnValid(d) {
		return Reject
	}
	return Verified
}

func allSame(d []byte) bool {
	for i := 1; i < len(d); i++ {
		if d[i] != d[0] {
			return false
		}
	}
	return true
}

// ibanLengths is the IBAN length per country from the ISO 13616 registry.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16,
	"BG": 22, "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22,
	"CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20,
	"EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22,
	"GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28,
	"IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30,
	"KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
	"LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
	"MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
	"PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
	"SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
	"SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29,
	"VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

// IBAN validates country length and the ISO 7064 mod-97 check.
func IBAN(b []byte, _ Options) Verdict {
	var buf [40]byte
	s := buf[:0]
	for _, c := range b {
		switch {
		case c == ' ' || c == '-':
		case c >= 'a' && c <= 'z':
			s = append(s, c-'a'+'A')
		case (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'):
			s = append(s, c)
		default:
			return Reject
		}
		if len(s) > 34 {
			return Reject
		}
	}
	if len(s) < 15 {
		return Reject
	}
	if want, ok := ibanLengths[string(s[:2])]; !ok || want != len(s) {
		return Reject
	}
	rem := 0
	for i := range s {
		c := s[(i+4)%len(s)]
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	if rem != 1 {
		return Reject
	}
	return Verified
}

// USSSN applies the SSA's structural rules: area not 000, 666 or 9xx; group
// not 00; serial not 0000; and not a well-known advertising number.
func USSSN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d := digitsOf(buf[:0], b)
	if len(d) != 9 {
		return Reject
	}
	area, group, serial := string(d[:3]), string(d[3:5]), string(d[5:])
	if area == "000" || area == "666" || d[0] == '9' || group == "00" || serial == "0000" {
		return Reject
	}
	switch string(d) {
	case "078051120", "219099999", "123456789":
		return Reject
	}
	if allSame(d) {
		return Reject
	}
	return Plausible
}

// IPv4 accepts dotted quads that parse, rejecting version-like strings
// with leading zeros and the unspecified address.
func IPv4(b []byte, _ Options) Verdict {
	a, err := netip.ParseAddr(string(b))
	if err != nil || !a.Is4() || a.IsUnspecified() {
		return Reject
	}
	return Plausible
}

// IPv6 accepts addresses that parse as IPv6 and have at least two groups
// (so "::" or "a::" in prose is not an address).
func IPv6(b []byte, _ Options) Verdict {
	a, err := netip.ParseAddr(string(b))
	if err != nil || !a.Is6() || a.IsUnspecified() || a.IsLoopback() {
		return Reject
	}
	if bytes.Count(b, []byte(":")) < 2 {
		return Reject
	}
	return Plausible
}

// JWT checks the structure of a JSON Web Token: a base64url JSON header
// with an "alg", and a base64url JSON payload. A token whose header
// decodes is verified; one whose parts do not decode is weak.
func JWT(b []byte, _ Options) Verdict {
	parts := bytes.SplitN(b, []byte("."), 3)
	if len(parts) != 3 {
		return Reject
	}
	var header struct {
		Alg string `json:"alg"`
	}
	if !decodeJSONPart(parts[0], &header) || header.Alg == "" {
		return Weak
	}
	var payload map[string]any
	if !decodeJSONPart(parts[1], &payload) {
		return Weak
	}
	return Verified
}

func decodeJSONPart(p []byte, v any) bool {
	buf := make([]byte, base64.RawURLEncoding.DecodedLen(len(p)))
	n, err := base64.RawURLEncoding.Decode(buf, bytes.TrimRight(p, "="))
	if err != nil {
		return false
	}
	return json.Unmarshal(buf[:n], v) == nil
}
