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
	if IsPlaceholder(v) || LooksLikeName(v) || isNumber(v) || lettersOnly(v) || isCodeRef(v) {
		return Reject
	}
	return Plausible
}

// lettersOnly: a value of letters alone ("userAuthGSSAPITokenReq") is an
// identifier or a word far more often than a password.
func lettersOnly(v []byte) bool {
	for _, c := range v {
		if !isLetter(c) {
			return false
		}
	}
	return true
}

// isNumber: decimal or 0x-hex number literals, optionally signed.
func isNumber(v []byte) bool {
	if len(v) > 0 && (v[0] == '-' || v[0] == '+') {
		v = v[1:]
	}
	if len(v) > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X') {
		for _, c := range v[2:] {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '_') {
				return false
			}
		}
		return true
	}
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c == '.' || c == '_') {
			return false
		}
	}
	return len(v) > 0
}

// LooksLikeName reports whether v reads as an identifier, hostname, path
// or version rather than a secret: dotted/dashed/underscored segments
// that are each a word, a number, or a word with a short number
// ("oauth2-proxy-v2", "api.acme.io", "s3-bucket-prod", "v1.2.3",
// "req.headers.authorization?.split").
// Passwords and generated tokens have segments that mix case and digits
// irregularly.
func LooksLikeName(v []byte) bool {
	seps := 0
	start := 0
	for i := 0; i <= len(v); i++ {
		if i < len(v) && v[i] != '-' && v[i] != '_' && v[i] != '.' && v[i] != '/' && v[i] != ':' && v[i] != '?' && v[i] != '!' {
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

// nameSegment: empty, all digits, or letters of one case (or
// Capitalised) with at most three digits in one run ("b64encode", "v2").
func nameSegment(s []byte) bool {
	lower, upper, d, runs, runStart, runEnd := 0, 0, 0, 0, 0, 0
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z':
			lower++
		case c >= 'A' && c <= 'Z':
			upper++
			if i > 0 && lower > 0 {
				return false // camel hump inside a segment: random-looking
			}
		case c >= '0' && c <= '9':
			if i == 0 || s[i-1] < '0' || s[i-1] > '9' {
				runs++
				runStart = i
			}
			runEnd = i + 1
			d++
		default:
			return false
		}
	}
	// One run of digits, as a suffix ("oauth2") or early ("b64encode",
	// "k8s"); digits sprinkled through a word ("s3cr3t") are a password.
	if runs > 1 || runs == 1 && runEnd != len(s) && runStart > 3 {
		return false
	}
	if upper > 1 && lower > 0 {
		return false
	}
	if lower+upper == 0 {
		return true // pure number (or empty)
	}
	return d <= 3
}

// isCodeRef: module.attribute references ("base64.b16encode",
// "ed25519.Ed25519PrivateKey.from_private_bytes", "settings.SECRET").
func isCodeRef(v []byte) bool {
	i := bytes.IndexByte(v, '.')
	if i < 1 || i == len(v)-1 || !(v[0] >= 'a' && v[0] <= 'z' || v[0] == '_') {
		return false
	}
	for _, c := range v[:i] {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	if !isLetter(v[i+1]) && v[i+1] != '_' {
		return false
	}
	for _, c := range v[i+1:] {
		if !(isLetter(c) || c >= '0' && c <= '9' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
