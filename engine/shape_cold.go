package engine

import (
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
)

// Compile needs three facts about a rule's pattern: how many groups it
// captures (to check Group), whether the value group is the whole match
// (groupIsMatch), and whether every match starts at one of the rule's
// keywords (anchorLeadOf). Parsing each catalogue pattern with
// regexp/syntax to learn them was the largest part of compiling the
// default policy, that is of every fresh process and every reload. Most
// catalogue patterns have one of a few plain shapes ("(?i:acme|acme_io)…",
// "\b(ghp_…)\b"), which a scan of the pattern's top level answers
// exactly; patternShape does that and says when it cannot, and only those
// patterns are parsed. TestShapeAgreesWithParse holds it to the parser's
// answers on every catalogue rule, FuzzShapeAgreesWithParse on any input.

// shapeKind is the kind of one top-level piece of a pattern.
type shapeKind uint8

const (
	shLiteral shapeKind = iota // one ASCII byte, plain or escaped punctuation
	shEmpty                    // \b \B \A \z ^ $: zero width
	shFlags                    // (?i): no width, sets flags
	shCapture                  // ( … ) or (?P<name> … )
	shGroup                    // (?: … ) or (?i: … )
	shOther                    // [class], \d \w \s and their negations, .
)

// shapeItem is one top-level piece; lo:hi is its text without the
// quantifier, in:inEnd a group's inside.
type shapeItem struct {
	kind      shapeKind
	lit       byte
	quant     bool
	lo, hi    int
	end       int // past the quantifier
	in, inEnd int
}

// patternShape is a pattern's top level, as far as the scan understood it.
type patternShape struct {
	expr  string
	items []shapeItem
	alt   bool // a '|' at the top level
	ncap  int  // capture groups in the whole pattern
}

// shapeOf scans expr; ok is false for anything it does not know (escapes
// such as \x41 or \pL, non-ASCII bytes, unbalanced text): the caller
// parses such a pattern instead.
func shapeOf(expr string) (patternShape, bool) {
	return shapeInto(expr, nil)
}

// shapeInto is shapeOf appending the items to buf.
func shapeInto(expr string, buf []shapeItem) (patternShape, bool) {
	sh := patternShape{expr: expr}
	lv, ok := scanItemsInto(expr, 0, len(expr), true, buf)
	if !ok {
		return sh, false
	}
	sh.items, sh.alt, sh.ncap = lv.items, lv.alt, lv.ncap
	return sh, true
}

// level is one level of a pattern (the whole, or a group's inside).
type level struct {
	items    []shapeItem
	alt      bool // a '|' at this level
	emptyAlt bool // one of the alternatives is empty: "(?:a|)"
	ncap     int  // capture groups, nested ones too
}

// scanItems splits expr[lo:hi] into its items (when keep) and counts the
// capture groups in it.
func scanItems(expr string, lo, hi int, keep bool) (lv level, ok bool) {
	return scanItemsInto(expr, lo, hi, keep, nil)
}

func scanItemsInto(expr string, lo, hi int, keep bool, buf []shapeItem) (lv level, ok bool) {
	lv.items = buf[:0]
	i := lo
	n := 0 // items since the last '|'
	for i < hi {
		c := expr[i]
		it := shapeItem{lo: i}
		switch {
		case c == '|':
			lv.alt = true
			lv.emptyAlt = lv.emptyAlt || n == 0
			n = 0
			i++
			continue
		case c == '\\':
			if i+1 >= hi {
				return lv, false
			}
			e := expr[i+1]
			switch {
			case strings.IndexByte("bBAz", e) >= 0:
				it.kind = shEmpty
			case strings.IndexByte("dDwWsS", e) >= 0:
				it.kind = shOther
			case isEscapedLiteral(e):
				it.kind, it.lit = shLiteral, e
			default:
				return lv, false
			}
			i += 2
		case c == '[':
			end, ok := classEnd(expr, i, hi)
			if !ok {
				return lv, false
			}
			it.kind = shOther
			i = end
		case c == '(':
			open, kind, ok := groupOpen(expr, i, hi)
			if !ok {
				return lv, false
			}
			if kind == shFlags {
				it.kind = shFlags
				i = open
				break
			}
			end, ok := groupEnd(expr, open, hi)
			if !ok {
				return lv, false
			}
			inner, ok := scanItems(expr, open, end, false)
			if !ok {
				return lv, false
			}
			lv.ncap += inner.ncap
			if kind == shCapture {
				lv.ncap++
			}
			it.kind, it.in, it.inEnd = kind, open, end
			i = end + 1
		case c == ')' || c == '*' || c == '+' || c == '?' || c == '{' || c >= 0x80 || c < ' ':
			return lv, false
		case c == '.':
			it.kind = shOther
			i++
		case c == '^' || c == '$':
			it.kind = shEmpty
			i++
		default:
			it.kind, it.lit = shLiteral, c
			i++
		}
		it.hi = i
		if n, ok := quantifierLen(expr, i, hi); !ok || (n > 0 && it.kind == shFlags) {
			return lv, false
		} else if n > 0 {
			it.quant = true
			i += n
		}
		it.end = i
		n++
		if keep {
			lv.items = append(lv.items, it)
		}
	}
	lv.emptyAlt = lv.emptyAlt || (lv.alt && n == 0)
	return lv, true
}

// isEscapedLiteral: "\\" + c stands for c (escaped punctuation).
func isEscapedLiteral(c byte) bool {
	return ' ' < c && c < 0x7f && !isWordByte(c)
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// classEnd returns the index past the ']' closing the class at expr[i].
func classEnd(expr string, i, hi int) (int, bool) {
	i++
	if i < hi && expr[i] == '^' {
		i++
	}
	if i < hi && expr[i] == ']' {
		i++ // a leading ']' is a literal
	}
	for i < hi {
		switch {
		case expr[i] == '\\':
			i += 2
		case expr[i] == '[' && i+1 < hi && expr[i+1] == ':':
			j := strings.Index(expr[i+2:hi], ":]")
			if j < 0 {
				return 0, false
			}
			i += 2 + j + 2
		case expr[i] == ']':
			return i + 1, true
		default:
			i++
		}
	}
	return 0, false
}

// groupOpen reads the opening of the group at expr[i]: it returns where
// the group's inside starts and its kind (shFlags for "(?i)", whose
// returned index is past the ')').
func groupOpen(expr string, i, hi int) (int, shapeKind, bool) {
	if i+1 >= hi || expr[i+1] != '?' {
		return i + 1, shCapture, true
	}
	j := i + 2
	if j < hi && (expr[j] == 'P' || expr[j] == '<') {
		if expr[j] == 'P' {
			j++
		}
		if j >= hi || expr[j] != '<' {
			return 0, 0, false
		}
		k := strings.IndexByte(expr[j:hi], '>')
		if k <= 1 {
			return 0, 0, false
		}
		for _, c := range []byte(expr[j+1 : j+k]) {
			if !isWordByte(c) {
				return 0, 0, false
			}
		}
		return j + k + 1, shCapture, true
	}
	for j < hi && strings.IndexByte("imsU-", expr[j]) >= 0 {
		j++
	}
	if j >= hi {
		return 0, 0, false
	}
	switch expr[j] {
	case ':':
		return j + 1, shGroup, true
	case ')':
		if j == i+2 {
			return 0, 0, false // "(?)"
		}
		return j + 1, shFlags, true
	}
	return 0, 0, false
}

// groupEnd returns the index of the ')' closing a group whose inside
// starts at i.
func groupEnd(expr string, i, hi int) (int, bool) {
	depth := 0
	for i < hi {
		switch expr[i] {
		case '\\':
			i += 2
			continue
		case '[':
			end, ok := classEnd(expr, i, hi)
			if !ok {
				return 0, false
			}
			i = end
			continue
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i, true
			}
			depth--
		}
		i++
	}
	return 0, false
}

// quantifierLen is the length of the quantifier at expr[i] ("*", "+?",
// "{2,8}", …), 0 when there is none; ok is false for a '{' that is not
// a repetition (Go reads it as a literal; the shape scan does not try).
func quantifierLen(expr string, i, hi int) (int, bool) {
	if i >= hi {
		return 0, true
	}
	n := 0
	switch expr[i] {
	case '*', '+', '?':
		n = 1
	case '{':
		j := i + 1
		digits := 0
		for j < hi && (('0' <= expr[j] && expr[j] <= '9') || expr[j] == ',') {
			if expr[j] != ',' {
				digits++
			}
			j++
		}
		if j >= hi || expr[j] != '}' || digits == 0 || strings.Count(expr[i:j], ",") > 1 || expr[i+1] == ',' {
			return 0, false
		}
		n = j + 1 - i
	default:
		return 0, true
	}
	if i+n < hi && expr[i+n] == '?' {
		n++
	}
	if i+n < hi && strings.IndexByte("*+?{", expr[i+n]) >= 0 {
		return 0, false // "a**": Go refuses it; let the parser say so
	}
	return n, true
}

// whole answers groupIsMatch: sure is false when the scan cannot tell.
// The parser flattens a group without alternatives into the sequence
// around it, so the scan looks through such groups too.
func (sh *patternShape) whole(group int) (whole, sure bool) {
	if group == 0 {
		return true, true
	}
	if sh.alt {
		return false, false
	}
	captures := 0
	consumes, ok := sh.wholeScan(sh.items, &captures)
	if !ok {
		return false, false
	}
	if consumes {
		// Something besides the group is not an empty-width assertion:
		// the group is less than the whole match.
		return false, true
	}
	// Only zero-width items besides: one capture, group 1, is the match.
	return captures == 1 && group == 1, true
}

// wholeScan counts the captures of a sequence (looking through plain
// groups) and reports whether an item in it is more than an empty-width
// assertion to groupIsMatch.
func (sh *patternShape) wholeScan(items []shapeItem, captures *int) (consumes, ok bool) {
	for _, it := range items {
		switch {
		case it.kind == shFlags || (it.kind == shEmpty && !it.quant):
		case it.quant || it.kind == shLiteral || it.kind == shOther:
			return true, true
		case it.kind == shCapture:
			*captures++
		case it.kind == shGroup:
			inner, ok := scanItems(sh.expr, it.in, it.inEnd, false)
			if !ok || inner.emptyAlt {
				return false, false
			}
			if inner.alt {
				// An alternation stays one node, never an assertion.
				return true, true
			}
			inner, _ = scanItems(sh.expr, it.in, it.inEnd, true)
			if c, ok := sh.wholeScan(inner.items, captures); c || !ok {
				return c, ok
			}
		}
	}
	return false, true
}

// anchorLead answers anchorLeadOf from a parse of the pattern's first
// items only: up to the first that can hold a literal (and the literals
// right after it). The whole pattern's analysis walks the same leading
// nodes and only extends the literals the prefix yields, so it says the
// same when the prefix is anchored at lead 0 by at most 256 literals, or
// when one of the prefix's literals can never start with a keyword (nor
// grow into one that does). Otherwise sure is false and the whole
// pattern is parsed.
func (sh *patternShape) anchorLead(keywords []string) (lead int, anchored, sure bool) {
	if sh.alt || len(keywords) == 0 {
		return 0, false, false
	}
	k := slices.IndexFunc(sh.items, func(it shapeItem) bool {
		return !it.quant && (it.kind == shLiteral || it.kind == shCapture || it.kind == shGroup)
	})
	if k < 0 {
		return 0, false, false
	}
	plain := true // only zero-width items before k
	for _, it := range sh.items[:k] {
		if it.quant || (it.kind != shEmpty && it.kind != shFlags) {
			plain = false // the parser knows their width
			break
		}
	}
	if plain {
		if lits, ok := sh.quickLits(sh.items[k:]); ok && keywordLits(lits, keywords) {
			return 0, true, true
		}
	}
	end := k + 1
	for end < len(sh.items) && sh.items[end].kind == shLiteral {
		end++
	}
	prefix, err := syntax.Parse(sh.expr[:sh.items[end-1].end], syntax.Perl)
	if err != nil {
		return 0, false, false
	}
	lits, lead, ok := prefixLits(prefix)
	switch {
	case !ok || len(lits) == 0:
		// No literal yet: when the bounded parts in front already
		// reach past 16 bytes, anchorLeadOf says no whatever follows.
		end = min(end+2, len(sh.items))
		if longer, err := syntax.Parse(sh.expr[:sh.items[end-1].end], syntax.Perl); err == nil && leadExceeded(longer) {
			return 0, false, true
		}
		return 0, false, false
	case lead == 0 && len(lits) <= 256 && keywordLits(lits, keywords):
		return 0, true, true
	case slices.ContainsFunc(lits, func(l string) bool { return !keywordCompatible(l, keywords) }):
		return 0, false, true
	}
	return 0, false, false
}

// leadExceeded reports whether the leading nodes of re that prefixLits
// skips (bounded, not starting with a literal) add up to more than 16
// bytes: prefixLits, and so anchorLeadOf, then fail on any pattern that
// starts with re.
func leadExceeded(re *syntax.Regexp) bool {
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	lead := 0
	for _, sub := range subs {
		w, bounded := maxWidth(sub)
		if !bounded || startsWithLiteral(sub) {
			return false
		}
		if lead += w; lead > 16 {
			return true
		}
	}
	return false
}

// keywordCompatible reports whether l, or some text that starts with l,
// starts with one of keywords (case-insensitively).
func keywordCompatible(l string, keywords []string) bool {
	l = strings.ToLower(l)
	return slices.ContainsFunc(keywords, func(k string) bool {
		k = strings.ToLower(k)
		return strings.HasPrefix(l, k) || strings.HasPrefix(k, l)
	})
}

// quickLits returns, without a parse, the literals prefixLits finds at
// the start of items when that is plain: a run of literal bytes, a group
// of literal alternatives the parser does not factor, or a capture that
// opens with a literal run.
func (sh *patternShape) quickLits(items []shapeItem) ([]string, bool) {
	if len(items) == 0 || items[0].quant {
		return nil, false
	}
	switch first := items[0]; first.kind {
	case shLiteral:
		var b []byte
		for _, it := range items {
			if it.kind != shLiteral || it.quant {
				break
			}
			b = append(b, it.lit)
		}
		return []string{string(b)}, true
	case shCapture:
		inner, ok := scanItems(sh.expr, first.in, first.inEnd, true)
		if !ok || inner.alt || len(inner.items) == 0 || inner.items[0].kind != shLiteral {
			return nil, false
		}
		return sh.quickLits(inner.items)
	case shGroup:
		alts, ok := literalAlternatives(sh.expr[first.in:first.inEnd])
		if !ok || !unfactored(alts) {
			return nil, false
		}
		return alts, true
	}
	return nil, false
}

// literalAlternatives splits "acme|acme\.io" into its alternatives when
// each is a non-empty run of literal bytes.
func literalAlternatives(s string) ([]string, bool) {
	var out []string
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '|':
			if len(b) == 0 {
				return nil, false
			}
			out = append(out, string(b))
			b = b[:0]
		case c == '\\' && i+1 < len(s) && isEscapedLiteral(s[i+1]):
			b = append(b, s[i+1])
			i++
		case ' ' <= c && c < 0x7f && strings.IndexByte(`.[]()*+?{}|^$\`, c) < 0:
			b = append(b, c)
		default:
			return nil, false
		}
	}
	if len(b) == 0 {
		return nil, false
	}
	return append(out, string(b)), true
}

// unfactored reports literal alternatives that the parser keeps as they
// are: it factors alternatives that share a first letter ("ab|ac" becomes
// "a[bc]", which prefixLits may read as the shorter "a") and turns
// one-letter ones into classes.
func unfactored(alts []string) bool {
	if len(alts) > 256 {
		return false
	}
	var first [256]bool
	for _, a := range alts {
		if len(a) < 2 || first[lower[a[0]]] {
			return false
		}
		first[lower[a[0]]] = true
	}
	return true
}

// itemPool holds the item lists of deriveShape: one per pattern, a
// thousand per Compile.
var itemPool = sync.Pool{New: func() any { return new([]shapeItem) }}

// ruleShape derives what compileRule needs of a catalogue pattern, from
// its shape where that answers, from a parse where it does not.
type ruleShape struct {
	ncap     int
	whole    bool
	lead     int
	anchored bool
}

// deriveShape is that derivation for a rule's pattern; keywords are nil
// unless the rule is routed by them. A policy's own pattern (not lazy)
// is always parsed: the parse is what reports its syntax errors.
func deriveShape(expr string, group int, keywords []string, lazy bool) (ruleShape, error) {
	if !lazy {
		re, err := parsePattern(expr)
		if err != nil {
			return ruleShape{}, err
		}
		return parsedShape(re, group, keywords), nil
	}
	var out ruleShape
	var parsed *syntax.Regexp
	buf := itemPool.Get().(*[]shapeItem)
	defer itemPool.Put(buf)
	parse := func() (*syntax.Regexp, error) {
		if parsed != nil {
			return parsed, nil
		}
		var err error
		parsed, err = parsePattern(expr)
		return parsed, err
	}
	sh, ok := shapeInto(expr, *buf)
	*buf = sh.items[:0]
	if ok {
		out.ncap = sh.ncap
	} else {
		re, err := parse()
		if err != nil {
			return out, err
		}
		out.ncap = re.MaxCap()
	}
	var sure bool
	if ok {
		out.whole, sure = sh.whole(group)
	}
	if !sure {
		re, err := parse()
		if err != nil {
			return out, err
		}
		out.whole = groupIsMatch(re, group)
	}
	if len(keywords) == 0 {
		return out, nil
	}
	sure = false
	if ok {
		out.lead, out.anchored, sure = sh.anchorLead(keywords)
	}
	if !sure {
		re, err := parse()
		if err != nil {
			return out, err
		}
		out.lead, out.anchored = anchorLeadOf(re, keywords)
	}
	return out, nil
}

// parsedShape is the derivation from a parsed pattern.
func parsedShape(re *syntax.Regexp, group int, keywords []string) ruleShape {
	out := ruleShape{ncap: re.MaxCap(), whole: groupIsMatch(re, group)}
	out.lead, out.anchored = anchorLeadOf(re, keywords)
	return out
}
