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
	// camelCase: lower then upper transitions, few of them.
	trans := 0
	for i := 1; i < len(v); i++ {
		if v[i-1] >= 'a' && v[i-1] <= 'z' && v[i] >= 'A' && v[i] <= 'Z' {
			trans++
		}
	}
	return trans > 0 && trans <= 3 || isAllLower(v)
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
