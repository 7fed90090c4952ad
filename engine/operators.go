package engine

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Apply appends text to dst with every finding's span rewritten by the
// action for its type. findings must be sorted and non-overlapping, as
// AppendFindings returns them.
func (s *Scanner) Apply(dst, text []byte, findings []Finding) []byte {
	prev := 0
	for _, f := range findings {
		if f.Start < prev || f.End > len(text) {
			continue
		}
		dst = append(dst, text[prev:f.Start]...)
		dst = s.render(dst, text[f.Start:f.End], f.Rule, f.Type)
		prev = f.End
	}
	return append(dst, text[prev:]...)
}

// ActionFor returns the action applied to a finding of a rule and entity
// type: the rule's action, else the type's, else the default.
func (s *Scanner) ActionFor(rule, typ string) Action {
	if a, ok := s.ruleActions[rule]; ok {
		return a
	}
	if a, ok := s.actions[typ]; ok {
		return a
	}
	return s.defaultAction
}

// Acts reports whether the policy changes the text at f (any action but
// report).
func (s *Scanner) Acts(f Finding) bool { return s.ActionFor(f.Rule, f.Type).Op != OpReport }

func (s *Scanner) render(dst, value []byte, rule, typ string) []byte {
	a := s.ActionFor(rule, typ)
	switch a.Op {
	case OpReport:
		return append(dst, value...)
	case OpDrop:
		return dst
	case OpMask, OpPartial:
		keep := a.KeepLast
		if a.Op == OpPartial && keep == 0 {
			keep = 4
		}
		return mask(dst, value, a.Char, keep)
	case OpHash:
		dst = append(dst, '<')
		dst = append(dst, typ...)
		dst = append(dst, '#')
		dst = append(dst, s.digest(s.hashKey, value)...)
		return append(dst, '>')
	case OpEncrypt:
		dst = append(dst, '<')
		dst = append(dst, typ...)
		dst = append(dst, '!')
		dst = append(dst, s.seal(value)...)
		return append(dst, '>')
	default:
		dst = append(dst, '<')
		dst = append(dst, typ...)
		return append(dst, '>')
	}
}

func mask(dst, value []byte, char string, keep int) []byte {
	if char == "" {
		char = "*"
	}
	n := utf8.RuneCount(value)
	masked := max(n-keep, 0)
	if masked == 0 && n > 0 {
		// Never leave a short value entirely in clear.
		masked = n
	}
	for range masked {
		dst = append(dst, char...)
	}
	// Keep the last runes, skipping any masked prefix.
	i := 0
	for range masked {
		_, sz := utf8.DecodeRune(value[i:])
		i += sz
	}
	return append(dst, value[i:]...)
}

// digest is a short keyed fingerprint: the first 16 hex digits of
// HMAC-SHA256. It is stable for a key and reveals nothing without it.
func (s *Scanner) digest(key, value []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(value)
	sum := m.Sum(nil)
	out := make([]byte, 16)
	hex.Encode(out, sum[:8])
	return out
}

// Fingerprint returns a keyed fingerprint of a value for audit logs: the
// same value gives the same fingerprint under one key, and the value
// cannot be recovered from it.
func (s *Scanner) Fingerprint(value []byte) string {
	return string(s.digest(s.fpKey, value))
}

// seal encrypts deterministically (the nonce is derived from the value
// with HMAC) so equal values give equal tokens, like hash, but reversible
// with the key through Decrypt.
func (s *Scanner) seal(value []byte) []byte {
	aead := s.aead()
	mac := hmac.New(sha256.New, s.hashKey)
	mac.Write([]byte("sluice-nonce"))
	mac.Write(value)
	nonce := mac.Sum(nil)[:aead.NonceSize()]
	sealed := aead.Seal(append([]byte(nil), nonce...), nonce, value, nil)
	out := make([]byte, base64.RawURLEncoding.EncodedLen(len(sealed)))
	base64.RawURLEncoding.Encode(out, sealed)
	return out
}

func (s *Scanner) aead() cipher.AEAD {
	k := sha256.Sum256(append([]byte("sluice-encrypt:"), s.hashKey...))
	block, err := aes.NewCipher(k[:])
	if err != nil {
		panic(err) // a 32-byte key cannot fail
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return aead
}

// ErrDecrypt is returned for tokens that are malformed or were not made
// with this key.
var ErrDecrypt = errors.New("cannot decrypt token")

// Decrypt reverses the encrypt operator for one token such as
// "<EMAIL_ADDRESS!...>" (or the part after '!').
func (s *Scanner) Decrypt(token string) ([]byte, error) {
	if i := strings.IndexByte(token, '!'); i >= 0 {
		token = token[i+1:]
	}
	token = strings.TrimSuffix(token, ">")
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDecrypt, err)
	}
	aead := s.aead()
	if len(raw) < aead.NonceSize() {
		return nil, ErrDecrypt
	}
	out, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], nil)
	if err != nil {
		return nil, ErrDecrypt
	}
	return out, nil
}
