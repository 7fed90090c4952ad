// Package models is sluice's named-entity recognizer: a tokenizer that keeps
// exact byte offsets, hashed features, a small token classifier stored as an
// ONNX graph, and an engine.Recognizer that serves it. The model is trained
// by models/train (see MODEL_CARD.md); serving through ONNX Runtime needs the
// build tag "onnx".
package models

import (
	"unicode"
	"unicode/utf8"
)

// Token is a span of the input, in UTF-8 byte offsets (End exclusive).
type Token struct {
	Start, End int
	// Break is true when a line break separates this token from the
	// previous one.
	Break bool
}

// isWordRune reports runes that make up words: letters, digits, marks and
// underscore.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isJoiner reports runes kept inside a word when a word rune follows:
// O'Brien, Jean-Luc, l’Oréal.
func isJoiner(r rune) bool { return r == '\'' || r == '-' || r == '\u2019' }

// Tokenize appends the tokens of text to dst: runs of word runes (with
// inner apostrophes and hyphens) and single punctuation runes. Spaces are
// not tokens. Invalid UTF-8 bytes are skipped as if they were spaces.
func Tokenize(text []byte, dst []Token) []Token {
	brk := false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			i += n
			if n == 0 {
				i++
			}
		case r == '\n' || r == '\r':
			brk = true
			i += n
		case unicode.IsSpace(r):
			i += n
		case isWordRune(r):
			start := i
			i += n
			for i < len(text) {
				r, n := utf8.DecodeRune(text[i:])
				if isWordRune(r) {
					i += n
					continue
				}
				if isJoiner(r) && i+n < len(text) && (r == '-' || !possessive(text[i+n:])) {
					if r2, _ := utf8.DecodeRune(text[i+n:]); isWordRune(r2) {
						i += n
						continue
					}
				}
				break
			}
			dst = append(dst, Token{Start: start, End: i, Break: brk})
			brk = false
		default:
			dst = append(dst, Token{Start: i, End: i + n, Break: brk})
			brk = false
			i += n
		}
	}
	return dst
}

// possessive reports whether rest (the text after an apostrophe) is a
// possessive or contracted "s" ending the word: Maria's stays two tokens,
// so the name's span ends before the apostrophe.
func possessive(rest []byte) bool {
	if len(rest) == 0 || (rest[0] != 's' && rest[0] != 'S') {
		return false
	}
	if len(rest) == 1 {
		return true
	}
	r, _ := utf8.DecodeRune(rest[1:])
	return !isWordRune(r)
}
