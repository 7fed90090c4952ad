package detectors

import "regexp/syntax"

// digitBounds returns, for the capture group g of pattern p, the fewest
// digits every match's longest digit cluster holds (digits joined by the
// separators that join digit clusters in the engine: space - . / ( ) +)
// and the most digits a match can hold (0 when unbounded). A bare rule is
// routed by clusters of at least the first: a lower bound is safe (the
// rule runs more often), which is what this computes when unsure.
func digitBounds(p string, g int) (minCluster, maxDigits int) {
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return 1, 0
	}
	re = re.Simplify()
	if v := findCapture(re, g); v != nil {
		re = v
	}
	s := shapeOf(re)
	return max(s.best, 1), s.maxD
}

func findCapture(re *syntax.Regexp, g int) *syntax.Regexp {
	if re.Op == syntax.OpCapture && re.Cap == g {
		return re
	}
	for _, sub := range re.Sub {
		if v := findCapture(sub, g); v != nil {
			return v
		}
	}
	return nil
}

// shape summarises a regexp for digitBounds: pure means every match is
// digits and joining separators only; pre and suf are the digits
// guaranteed in the first and last cluster, best in the longest; maxD the
// most digits of any match (-1 unbounded).
type shape struct {
	pure           bool
	pre, suf, best int
	maxD           int
}

func shapeOf(re *syntax.Regexp) shape {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return shape{pure: true}
	case syntax.OpCapture:
		return shapeOf(re.Sub[0])
	case syntax.OpLiteral:
		out := shape{pure: true}
		for _, r := range re.Rune {
			out = concatShape(out, runeShape([]rune{r, r}))
		}
		return out
	case syntax.OpCharClass:
		return runeShape(re.Rune)
	case syntax.OpConcat:
		out := shape{pure: true}
		for _, sub := range re.Sub {
			out = concatShape(out, shapeOf(sub))
		}
		return out
	case syntax.OpAlternate:
		out := shapeOf(re.Sub[0])
		for _, sub := range re.Sub[1:] {
			s := shapeOf(sub)
			out.pure = out.pure && s.pure
			out.pre, out.suf, out.best = min(out.pre, s.pre), min(out.suf, s.suf), min(out.best, s.best)
			if out.maxD < 0 || s.maxD < 0 {
				out.maxD = -1
			} else {
				out.maxD = max(out.maxD, s.maxD)
			}
		}
		return out
	case syntax.OpQuest, syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		lo, hi := 0, -1
		switch re.Op {
		case syntax.OpQuest:
			hi = 1
		case syntax.OpPlus:
			lo = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		one := shapeOf(re.Sub[0])
		out := shape{pure: true}
		for i := 0; i < lo; i++ {
			out = concatShape(out, one)
		}
		if hi != lo {
			// Optional copies may add digits, or break a cluster if
			// they hold anything else.
			if !one.pure {
				out.pure = false
				out.suf = 0
			}
		}
		switch {
		case hi < 0 || one.maxD < 0:
			if one.maxD != 0 {
				out.maxD = -1
			}
		default:
			out.maxD = one.maxD * hi
		}
		return out
	}
	return shape{maxD: -1} // anything else: breaks clusters, unknown digits
}

// runeShape: a class of digits only counts one digit; of joining
// separators only, none; anything else breaks a cluster.
func runeShape(ranges []rune) shape {
	digits, seps, other := true, true, false
	anyDigit := false
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		for r := lo; r <= hi && r < 0x80; r++ {
			switch {
			case r >= '0' && r <= '9':
				seps = false
				anyDigit = true
			case r == ' ' || r == '-' || r == '.' || r == '/' || r == '(' || r == ')' || r == '+':
				digits = false
			default:
				digits, seps, other = false, false, true
			}
		}
		if hi >= 0x80 {
			digits, seps, other = false, false, true
		}
	}
	switch {
	case digits && anyDigit:
		return shape{pure: true, pre: 1, suf: 1, best: 1, maxD: 1}
	case seps && !other:
		return shape{pure: true}
	}
	d := 0
	if anyDigit {
		d = 1
	}
	return shape{maxD: d}
}

func concatShape(a, b shape) shape {
	out := shape{pure: a.pure && b.pure}
	switch {
	case a.pure && b.pure:
		out.pre, out.suf, out.best = a.pre+b.pre, a.suf+b.suf, a.best+b.best
	default:
		out.pre = a.pre
		if a.pure {
			out.pre = a.pre + b.pre
		}
		out.suf = b.suf
		if b.pure {
			out.suf = a.suf + b.suf
		}
		out.best = max(a.best, b.best, a.suf+b.pre, out.pre, out.suf)
	}
	if a.maxD < 0 || b.maxD < 0 {
		out.maxD = -1
	} else {
		out.maxD = a.maxD + b.maxD
	}
	return out
}
