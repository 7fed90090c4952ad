package engine

import (
	"regexp/syntax"
	"strings"
)

// anchorLead reports whether every match of expr begins, after at most
// lead bytes, with text that starts with one of keywords. For such rules the engine needs to look only
// lead bytes before a keyword hit instead of the rule's whole max_len,
// which is what keeps the streaming hold-back small.
func anchorLead(expr string, keywords []string) (lead int, ok bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return 0, false
	}
	return anchorLeadOf(re, keywords)
}

// anchorLeadOf is anchorLead of a parsed pattern (Compile parses each
// pattern once: parsing is most of what compiling a policy costs).
func anchorLeadOf(re *syntax.Regexp, keywords []string) (lead int, ok bool) {
	if len(keywords) == 0 {
		return 0, false
	}
	lits, lead, ok := prefixLits(re)
	if !ok || len(lits) == 0 || lead > 16 || !keywordLits(lits, keywords) {
		return 0, false
	}
	return lead, true
}

// keywordLits reports whether each of lits starts with one of keywords
// (case-insensitively).
func keywordLits(lits, keywords []string) bool {
	lower := make([]string, len(keywords))
	for i, k := range keywords {
		lower[i] = strings.ToLower(k)
	}
	for _, l := range lits {
		l = strings.ToLower(l)
		matched := false
		for _, k := range lower {
			// Only a literal that starts with the keyword pins the match
			// to the keyword's position; a keyword longer than the
			// literal may occur anywhere later in the match.
			if strings.HasPrefix(l, k) {
				matched = true
				break
			}
		}
		if !matched {
			return false
		}
	}
	return true
}

// prefixLits returns the literal each alternative path of re starts with,
// after skipping a bounded "lead" of empty-width assertions and short
// optional parts.
func prefixLits(re *syntax.Regexp) (lits []string, lead int, ok bool) {
	if re.Op == syntax.OpRepeat {
		// Simplified, x{0,m} is x? or x* (no literal prefix), and x{n,m}
		// is n copies of x first: it has a prefix only if x has one.
		if re.Min == 0 {
			return nil, 0, false
		}
		if _, _, ok := prefixLits(re.Sub[0]); !ok {
			return nil, 0, false
		}
	}
	re = simplifyNode(re)
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}, 0, true
	case syntax.OpCapture:
		return prefixLits(re.Sub[0])
	case syntax.OpAlternate:
		maxLead := 0
		for _, sub := range re.Sub {
			l, ld, ok := prefixLits(sub)
			if !ok {
				return nil, 0, false
			}
			lits = append(lits, l...)
			maxLead = max(maxLead, ld)
		}
		return lits, maxLead, true
	case syntax.OpConcat:
		lead := 0
		i := 0
		for ; i < len(re.Sub); i++ {
			sub := re.Sub[i]
			if w, bounded := maxWidth(sub); bounded && !startsWithLiteral(sub) {
				lead += w
				if lead > 16 {
					return nil, 0, false
				}
				continue
			}
			break
		}
		if i == len(re.Sub) {
			return nil, 0, false
		}
		// Extend the prefix through fully literal parts so that factored
		// alternations (A(?:KIA|SIA)) still yield whole keywords.
		acc := []string{""}
		for ; i < len(re.Sub); i++ {
			if full, ok := fullLits(re.Sub[i]); ok && len(acc)*len(full) <= 256 {
				acc = cross(acc, full)
				continue
			}
			if l, ld, ok := prefixLits(re.Sub[i]); ok && ld == 0 && len(acc)*len(l) <= 256 {
				acc = cross(acc, l)
			}
			break
		}
		if len(acc) == 1 && acc[0] == "" {
			return nil, 0, false
		}
		return acc, lead, true
	}
	return nil, 0, false
}

// simplifyNode is re.Simplify() where Simplify rewrites re itself
// (repetitions); captures, concatenations and alternations it only
// rebuilds from their simplified children, which prefixLits and fullLits
// simplify as they reach them. So they see the simplified pattern without
// simplifying what they never look at: expanding every x{32,64} of a
// thousand provider patterns was a third of compiling the policy.
func simplifyNode(re *syntax.Regexp) *syntax.Regexp {
	switch re.Op {
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		return re.Simplify()
	}
	return re
}

// fullLits returns every string re can match when it is made only of
// literals, alternations and captures.
func fullLits(re *syntax.Regexp) ([]string, bool) {
	if re.Op == syntax.OpRepeat {
		// Every copy of x must be literal (x{0} is not literal either).
		if _, ok := fullLits(re.Sub[0]); !ok || re.Max == 0 {
			return nil, false
		}
	}
	re = simplifyNode(re)
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}, true
	case syntax.OpCapture:
		return fullLits(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			l, ok := fullLits(s)
			if !ok {
				return nil, false
			}
			out = append(out, l...)
		}
		return out, true
	case syntax.OpConcat:
		acc := []string{""}
		for _, s := range re.Sub {
			l, ok := fullLits(s)
			if !ok || len(acc)*len(l) > 256 {
				return nil, false
			}
			acc = cross(acc, l)
		}
		return acc, true
	case syntax.OpQuest:
		l, ok := fullLits(re.Sub[0])
		if !ok {
			return nil, false
		}
		return append(l, ""), true
	case syntax.OpCharClass:
		// A small class ([ar], [_-]) is a choice of literals.
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) == 8 {
					return nil, false
				}
				out = append(out, string(r))
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

func startsWithLiteral(re *syntax.Regexp) bool {
	_, _, ok := prefixLits(re)
	return ok
}

// MaxMatchLen is the most bytes a match of re can span, if bounded (no
// unbounded repetition). Importers use it to derive a rule's max_len.
func MaxMatchLen(re *syntax.Regexp) (int, bool) { return maxWidth(re) }

// maxWidth is the most bytes re can match, if bounded.
func maxWidth(re *syntax.Regexp) (int, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0, true
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += runeLen(r)
		}
		return n, true
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 4, true
	case syntax.OpCapture:
		return maxWidth(re.Sub[0])
	case syntax.OpConcat:
		total := 0
		for _, s := range re.Sub {
			w, ok := maxWidth(s)
			if !ok {
				return 0, false
			}
			total += w
		}
		return total, true
	case syntax.OpAlternate:
		m := 0
		for _, s := range re.Sub {
			w, ok := maxWidth(s)
			if !ok {
				return 0, false
			}
			m = max(m, w)
		}
		return m, true
	case syntax.OpQuest:
		return maxWidth(re.Sub[0])
	case syntax.OpRepeat:
		if re.Max < 0 {
			return 0, false
		}
		w, ok := maxWidth(re.Sub[0])
		return w * re.Max, ok
	}
	return 0, false
}

func runeLen(r rune) int {
	switch {
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r < 0x10000:
		return 3
	}
	return 4
}

// groupIsMatch reports whether capture group g of re always spans the
// whole match: the pattern is the group with only empty-width assertions
// (\b, ^, $) around it, or g is 0. The engine then asks the regex for
// match bounds only, which RE2 answers with its DFAs; submatches need a
// second pass (an NFA over the match), whose cost grows with the size of
// the compiled program — large counted repetitions make it dominate.
func groupIsMatch(re *syntax.Regexp, g int) bool {
	if g == 0 {
		return true
	}
	if re.Op == syntax.OpCapture {
		return re.Cap == g
	}
	if re.Op != syntax.OpConcat {
		return false
	}
	found := false
	for _, sub := range re.Sub {
		switch {
		case sub.Op == syntax.OpCapture && sub.Cap == g && !found:
			found = true
		case isEmptyWidth(sub):
		default:
			return false
		}
	}
	return found
}

func isEmptyWidth(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpEmptyMatch:
		return true
	}
	return false
}
