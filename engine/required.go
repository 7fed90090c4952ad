package engine

import (
	"bytes"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A keyword opens a window as wide as the rule's longest match: 16 KiB
// after "-----BEGIN RSA PRIVATE KEY", a few KiB after a URL or a token
// name. Text dense with keywords (a list of them, a config dump) opens
// such windows for dozens of rules over every byte, and RE2 searches each
// of them in full when nothing matches — a key's body pattern takes in
// letters, digits and spaces, so the search never stops early. But a
// match of most such rules holds a literal besides its keyword: a PEM
// key ends with "-----END …", a connection string has "://". Where that
// literal does not occur in the window no match can be there, and
// bytes.Index (vectorised) says so many times faster than a regex
// search. So runSpan looks for the rule's required literals first.

// requiredMax bounds the literals a window is checked for.
const requiredMax = 3

// ruleNeed holds the literals every match of a pattern contains, found
// on first use (parsing every catalogue pattern at Compile would cost
// the cold start what the search saves).
type ruleNeed struct {
	pattern  string
	keywords []string
	once     sync.Once
	lits     [][]byte // folded; each occurs in every match's folded bytes
}

func newRuleNeed(pattern string, keywords []string) *ruleNeed {
	return &ruleNeed{pattern: pattern, keywords: keywords}
}

// get returns the literals, folded, of which each must occur in the
// ASCII-folded bytes of every match. Literals that a keyword of the rule
// holds are left out: the trigger put the keyword there already.
func (n *ruleNeed) get() [][]byte {
	n.once.Do(func() {
		re, err := syntax.Parse(n.pattern, syntax.Perl)
		if err != nil {
			return // the search itself decides
		}
		var lits []string
		for _, l := range requiredLits(re, nil) {
			l = foldString(l)
			if !slices.ContainsFunc(n.keywords, func(k string) bool { return strings.Contains(foldString(k), l) }) {
				lits = append(lits, l)
			}
		}
		// Longest first: the rarest, and the first to rule a window out.
		slices.SortStableFunc(lits, func(a, b string) int { return len(b) - len(a) })
		lits = slices.Compact(lits)
		for _, l := range lits[:min(len(lits), requiredMax)] {
			n.lits = append(n.lits, []byte(l))
		}
	})
	return n.lits
}

// absent reports whether a required literal is missing from fold, the
// folded bytes of a window: then the window holds no match.
func (n *ruleNeed) absent(fold []byte) bool {
	for _, l := range n.get() {
		if !bytes.Contains(fold, l) {
			return true
		}
	}
	return false
}

// requiredLits appends to dst the literals each of which every match of
// re contains. It looks through concatenations, captures and
// repetitions of at least one; an alternation or an optional part
// contributes nothing (a literal common to all branches is not sought).
// Consecutive literal parts of a concatenation join into one literal.
func requiredLits(re *syntax.Regexp, dst []string) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return append(dst, literalPieces(re)...)
	case syntax.OpCapture:
		return requiredLits(re.Sub[0], dst)
	case syntax.OpPlus:
		return requiredLits(re.Sub[0], dst)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLits(re.Sub[0], dst)
		}
	case syntax.OpConcat:
		// run is the literal being built from consecutive literal parts;
		// a part that is not a literal ends it.
		var run []byte
		flush := func() {
			if len(run) > 0 {
				dst = append(dst, string(run))
				run = run[:0]
			}
		}
		for _, sub := range re.Sub {
			for sub.Op == syntax.OpCapture {
				sub = sub.Sub[0]
			}
			switch {
			case sub.Op == syntax.OpLiteral:
				fold := sub.Flags&syntax.FoldCase != 0
				for _, r := range sub.Rune {
					if fold && !asciiFold(r) {
						flush()
						continue
					}
					run = utf8.AppendRune(run, r)
				}
			case isEmptyWidth(sub):
				// ^, \b, …: the literals on each side stay adjacent.
			default:
				flush()
				dst = requiredLits(sub, dst)
			}
		}
		flush()
	}
	return dst
}

// literalPieces splits a literal node into the pieces whose folded bytes
// every match's folded bytes contain. Under (?i) a rune whose case
// variants are not all ASCII ('k' matches the Kelvin sign, 's' the long
// s) is left out, so are non-ASCII runes: the engine folds ASCII only.
func literalPieces(re *syntax.Regexp) []string {
	if re.Flags&syntax.FoldCase == 0 {
		return []string{string(re.Rune)}
	}
	var out []string
	var cur []byte
	for _, r := range re.Rune {
		if asciiFold(r) {
			cur = utf8.AppendRune(cur, r)
			continue
		}
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

// asciiFold reports whether r and every rune it matches under case
// folding are ASCII.
func asciiFold(r rune) bool {
	if r >= utf8.RuneSelf {
		return false
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
