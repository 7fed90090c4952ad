package detectors

import (
	"bytes"
)

// placeholderWords mark values that are documentation, not credentials.
var placeholderWords = [][]byte{
	[]byte("changeme"), []byte("change_me"), []byte("change-me"), []byte("example"),
	[]byte("placeholder"), []byte("your_"), []byte("your-"), []byte("yourpassword"),
	[]byte("<your"), []byte("redacted"), []byte("dummy"), []byte("sample"),
	[]byte("password"), []byte("secret"), []byte("xxxx"), []byte("****"),
	[]byte("...."), []byte("todo"), []byte("fixme"), []byte("insert"),
	[]byte("replace"), []byte("test1234"), []byte("abc123"), []byte("qwerty"),
	[]byte("letmein"), []byte("hunter2"), []byte("p@ssw0rd"), []byte("notreal"),
	[]byte("fake"), []byte("foobar"), []byte("null"), []byte("undefined"),
	[]byte("none"), []byte("true"), []byte("false"), []byte("1234567"),
}

// valuePrefixes start values that are references, not literals.
var valuePrefixes = [][]byte{
	[]byte("${"), []byte("$("), []byte("{{"), []byte("<"), []byte("%("), []byte("%{"),
	[]byte("os.getenv"), []byte("os.environ"), []byte("process.env"), []byte("env("),
	[]byte("getenv("), []byte("system.getenv"), []byte("env."), []byte("secrets."),
	[]byte("vault:"), []byte("self."), []byte("this."), []byte("config."), []byte("settings."),
	[]byte("$"), []byte("@"), []byte("#"),
}

// IsPlaceholder reports whether v looks like documentation or a reference
// to a secret rather than a secret: variables, templates, masks, or
// well-known filler words.
func IsPlaceholder(v []byte) bool {
	if len(v) == 0 {
		return true
	}
	var buf [160]byte
	low := buf[:0]
	for _, c := range v {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low = append(low, c)
	}
	for _, p := range valuePrefixes {
		if bytes.HasPrefix(low, p) {
			return true
		}
	}
	for _, w := range placeholderWords {
		if bytes.Contains(low, w) {
			return true
		}
	}
	// Function calls and attribute chains are code, not literals.
	if bytes.IndexByte(low, '(') >= 0 && bytes.IndexByte(low, ')') >= 0 {
		return true
	}
	// A run of one repeated character ("aaaaaaaa", "00000000").
	if allSame(low) {
		return true
	}
	// Identifiers in snake/camel/kebab case with no digits are variable
	// names, not secrets ("db_password_from_vault").
	letters, digits, other := 0, 0, 0
	for _, c := range low {
		switch {
		case c >= 'a' && c <= 'z':
			letters++
		case c >= '0' && c <= '9':
			digits++
		case c == '_' || c == '-' || c == '.':
		default:
			other++
		}
	}
	if digits == 0 && other == 0 && hasUpperWordShape(v) {
		return true
	}
	return false
}

// hasUpperWordShape reports whether v reads as an identifier: lowercase
// words joined by _ - . or camelCase with no digits.
func hasUpperWordShape(v []byte) bool {
	seps := 0
	for _, c := range v {
		if c == '_' || c == '-' || c == '.' {
			seps++
		}
	}
	if seps > 0 {
		return true
	}
	// camelCase: words joined by single capitals ("dbPasswordFromVault").
	// Random letters have runs of capitals or many of them.
	caps := 0
	for i, c := range v {
		if c >= 'A' && c <= 'Z' {
			caps++
			if i+1 < len(v) && v[i+1] >= 'A' && v[i+1] <= 'Z' {
				return false
			}
		}
	}
	return caps <= 3 && (caps > 0 || isAllLower(v))
}

func isAllLower(v []byte) bool {
	for _, c := range v {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// NotPlaceholder rejects placeholders and low-entropy values; it is the
// validator of generic password/token assignments.
func NotPlaceholder(v []byte, _ Options) Verdict {
	if IsPlaceholder(v) {
		return Reject
	}
	return Plausible
}

// GenericSecret judges a value found only by the name it is assigned to
// (password=, token:, --secret ...). Such values need more than entropy:
// they are rejected when they are placeholders or references
// (IsPlaceholder), or read as names rather than random strings
// (LooksLikeName).
func GenericSecret(v []byte, _ Options) Verdict {
	if IsPlaceholder(v) || LooksLikeName(v) {
		return Reject
	}
	return Plausible
}

// LooksLikeName reports whether v reads as an identifier, hostname, path
// or version rather than a secret: dotted/dashed/underscored segments
// that are each a word, a number, or a word with a short number
// ("oauth2-proxy-v2", "api.acme.io", "s3-bucket-prod", "v1.2.3").
// Passwords and generated tokens have segments that mix case and digits
// irregularly.
func LooksLikeName(v []byte) bool {
	seps := 0
	start := 0
	for i := 0; i <= len(v); i++ {
		if i < len(v) && v[i] != '-' && v[i] != '_' && v[i] != '.' && v[i] != '/' && v[i] != ':' {
			continue
		}
		if i < len(v) {
			seps++
		}
		if !nameSegment(v[start:i]) {
			return false
		}
		start = i + 1
	}
	return seps > 0
}

// nameSegment: empty, all digits, or letters of one case (or Capitalised)
// followed by at most three digits.
func nameSegment(s []byte) bool {
	i := 0
	lower, upper := 0, 0
	for i < len(s) && isLetter(s[i]) {
		if s[i] >= 'a' {
			lower++
		} else {
			upper++
		}
		i++
	}
	if upper > 1 && lower > 0 {
		return false // mixed case inside a word: tOkEn-like
	}
	if upper == 1 && lower > 0 && !(s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	d := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		d++
	}
	if i != len(s) {
		return false
	}
	if lower+upper == 0 {
		return true // pure number (or empty)
	}
	return d <= 3
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
