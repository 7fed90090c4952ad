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
	// anyOf: every match holds one byte of each of these sets (a class
	// of a few ASCII bytes such as a query's `[?&]`).
	anyOf [][]byte
	// run: every match holds run.n consecutive bytes of run.set (a
	// value's `[A-Za-z0-9]{32}`); n is 0 when no such run is worth a look.
	run   classRun
	fixed bool // what get works out is given (go generate: shape_builtin.go)
}

// classRun is a run of at least n bytes, each in set.
type classRun struct {
	set *[256]bool
	n   int
}

// runMin is the shortest class run worth checking a window for: shorter
// ones are in almost any text.
const runMin = 8

func newRuleNeed(pattern string, keywords []string) *ruleNeed {
	return &ruleNeed{pattern: pattern, keywords: keywords}
}

// get returns the literals, folded, of which each must occur in the
// ASCII-folded bytes of every match. Literals that a keyword of the rule
// holds are left out: the trigger put the keyword there already.
func (n *ruleNeed) get() [][]byte {
	if n.fixed {
		return n.lits
	}
	n.once.Do(func() {
		re, err := syntax.Parse(n.pattern, syntax.Perl)
		if err != nil {
			return // the search itself decides
		}
		if r := requiredRun(re); r.n >= runMin {
			n.run = r
		}
		for _, set := range requiredBytes(re, nil) {
			if len(n.anyOf) < requiredMax && !slices.ContainsFunc(n.keywords, func(k string) bool { return strings.ContainsAny(k, string(set)) }) {
				n.anyOf = append(n.anyOf, set)
			}
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

// absent reports whether what every match holds is missing from win (a
// window of valid UTF-8) or fold (its folded bytes): then the window holds
// no match.
func (n *ruleNeed) absent(win, fold []byte) bool {
	for _, l := range n.get() {
		if !bytes.Contains(fold, l) {
			return true
		}
	}
	for _, set := range n.anyOf {
		if !slices.ContainsFunc(set, func(c byte) bool { return bytes.IndexByte(win, c) >= 0 }) {
			return true
		}
	}
	return n.run.n > 0 && !hasRun(win, n.run.set, n.run.n)
}

// hasRun reports whether b holds n consecutive bytes of set. It looks at
// every n-th byte until one is in set (no run of n can skip one of them),
// so a window without such a run costs about len(b)/n reads.
func hasRun(b []byte, set *[256]bool, n int) bool {
	for i := n - 1; i < len(b); {
		if !set[b[i]] {
			i += n
			continue
		}
		s := i // the run through i starts at s…
		for s > i-n+1 && set[b[s-1]] {
			s--
		}
		e := i + 1 // …and ends at e
		for e < len(b) && e-s < n && set[b[e]] {
			e++
		}
		if e-s >= n {
			return true
		}
		i = e + n // b[e] is not in set, or e is the end
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

// anyOfMax bounds the bytes of a class requiredBytes reports: each is one
// search of the window.
const anyOfMax = 3

// requiredBytes appends to dst the byte sets of the classes of at most
// anyOfMax ASCII bytes, none a letter, that every match of re holds one
// character of (where requiredLits looks).
func requiredBytes(re *syntax.Regexp, dst [][]byte) [][]byte {
	switch re.Op {
	case syntax.OpCharClass:
		var set []byte
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi >= utf8.RuneSelf || hi-lo >= anyOfMax || len(set)+int(hi-lo)+1 > anyOfMax {
				return dst
			}
			for c := lo; c <= hi; c++ {
				if unicode.IsLetter(c) {
					return dst // a case variant may be beyond ASCII
				}
				set = append(set, byte(c))
			}
		}
		if len(set) > 0 {
			dst = append(dst, set)
		}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredBytes(re.Sub[0], dst)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredBytes(re.Sub[0], dst)
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			dst = requiredBytes(sub, dst)
		}
	}
	return dst
}

// requiredRun is the longest run of one byte class that every match of
// re holds: consecutive parts of a concatenation that each match at least
// one character of a class (a class, a literal, their repetitions of at
// least one) make a run of the union of their classes, as long as their
// minimum counts add up to. Only the top-level concatenation (through
// captures and repetitions of at least one) is looked at.
//
// A rune beyond ASCII may be several bytes, and each of them is in the
// set (every byte from 0x80 on is, when the class has such a rune): a
// run of n characters is then at least n bytes of the set.
func requiredRun(re *syntax.Regexp) classRun {
	if set, n := runPart(re); n > 0 {
		return classRun{set, n}
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return requiredRun(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredRun(re.Sub[0])
		}
		return classRun{}
	case syntax.OpConcat:
	default:
		return classRun{}
	}
	var best, cur classRun
	for _, sub := range re.Sub {
		for sub.Op == syntax.OpCapture {
			sub = sub.Sub[0]
		}
		if isEmptyWidth(sub) {
			continue
		}
		set, n := runPart(sub)
		if n == 0 {
			if cur.n > best.n {
				best = cur
			}
			cur = classRun{}
			if r := requiredRun(sub); r.n > best.n {
				best = r
			}
			continue
		}
		if cur.n == 0 {
			cur = classRun{set: new([256]bool)}
		}
		for c, in := range set {
			cur.set[c] = cur.set[c] || in
		}
		cur.n += n
	}
	if cur.n > best.n {
		best = cur
	}
	return best
}

// runPart returns the byte set and the minimum count of a part that
// matches only characters of one class, or n = 0: a class or a literal,
// a concatenation of such parts, and repetitions of at least one of them.
func runPart(re *syntax.Regexp) (set *[256]bool, n int) {
	count := 1
	switch re.Op {
	case syntax.OpPlus:
		re = re.Sub[0]
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, 0
		}
		count = re.Min
		re = re.Sub[0]
	}
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	set = new([256]bool)
	add := func(lo, hi rune) {
		for c := lo; c <= min(hi, utf8.RuneSelf-1); c++ {
			set[c] = true
		}
		if hi >= utf8.RuneSelf {
			for c := 0x80; c < 256; c++ {
				set[c] = true
			}
		}
	}
	switch re.Op {
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			add(re.Rune[i], re.Rune[i+1])
		}
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			add(r, r)
			if re.Flags&syntax.FoldCase != 0 {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					add(f, f)
				}
			}
		}
		// A literal is len(re.Rune) characters, each repetition.
		count *= len(re.Rune)
	case syntax.OpConcat:
		// A repeated group of class parts, as a MAC address's
		// (?:[0-9a-f]{2}[:-]){5}: the parts' classes, their counts added.
		total := 0
		for _, sub := range re.Sub {
			if isEmptyWidth(sub) {
				continue
			}
			part, k := runPart(sub)
			if k == 0 {
				return nil, 0
			}
			for c, in := range part {
				set[c] = set[c] || in
			}
			total += k
		}
		count *= total
	default:
		return nil, 0
	}
	return set, count
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
