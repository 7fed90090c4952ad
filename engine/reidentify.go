package engine

// Token is one encrypt token found by Reidentify: "<TYPE!ciphertext>".
type Token struct {
	Type string
	// Start and End are the token's byte offsets in the input.
	Start, End int
	// ValueStart and ValueEnd are the restored value's offsets in the
	// output; both are -1 when the token was not restored.
	ValueStart, ValueEnd int
}

// Restored reports whether the token's value was put back.
func (t Token) Restored() bool { return t.ValueStart >= 0 }

// maxTokenType bounds the entity type inside a token.
const maxTokenType = 128

// minTokenCipher is the shortest ciphertext seal produces: the nonce and
// the GCM tag around a one-byte value, base64url without padding.
const minTokenCipher = (12 + 16 + 1) * 4 / 3

// HasEncrypt reports whether the policy encrypts any entity type, that is
// whether anything it produced can be reidentified.
func (s *Scanner) HasEncrypt() bool {
	if s.defaultAction.Op == OpEncrypt {
		return true
	}
	for _, a := range s.actions {
		if a.Op == OpEncrypt {
			return true
		}
	}
	return false
}

// Reidentify appends text to dst with every encrypt token made with this
// scanner's key replaced by the value it hides, and everything else
// unchanged: a token made with another key, or text that only looks like
// a token, stays as it is. tokens receives every token-shaped span, in
// order, restored or not. The work is linear in len(text).
func (s *Scanner) Reidentify(dst, text []byte, tokens []Token) ([]byte, []Token) {
	prev := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '<' {
			continue
		}
		typ, cipher, end, ok := parseToken(text[i:])
		if !ok {
			continue
		}
		tok := Token{Type: string(typ), Start: i, End: i + end, ValueStart: -1, ValueEnd: -1}
		if value, err := s.Decrypt(string(cipher)); err == nil {
			dst = append(dst, text[prev:i]...)
			tok.ValueStart = len(dst)
			dst = append(dst, value...)
			tok.ValueEnd = len(dst)
			prev = tok.End
		}
		tokens = append(tokens, tok)
		i += end - 1
	}
	return append(dst, text[prev:]...), tokens
}

// parseToken reads "<TYPE!ciphertext>" at the start of b, as render
// writes it for the encrypt operator. None of the token's bytes after the
// first is '<', so a failed parse never reads past the next candidate and
// the scan stays linear.
func parseToken(b []byte) (typ, cipher []byte, end int, ok bool) {
	i := 1
	for i < len(b) && i <= maxTokenType && b[i] != '!' {
		switch b[i] {
		case '<', '>', '\n', '\r':
			return nil, nil, 0, false
		}
		i++
	}
	if i == 1 || i >= len(b) || b[i] != '!' {
		return nil, nil, 0, false
	}
	typ = b[1:i]
	j := i + 1
	for j < len(b) && isBase64URL(b[j]) {
		j++
	}
	if j >= len(b) || b[j] != '>' || j-(i+1) < minTokenCipher {
		return nil, nil, 0, false
	}
	return typ, b[i+1 : j], j + 1, true
}

func isBase64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}
