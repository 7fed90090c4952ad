package engine

// goFinder is a catalogue rule's pattern written in Go (detectors.Rule.Find):
// it stands in for the RE2 program wherever the rule's regex runs, and
// the digit gates run the rule without asking their RE2 set about it
// (see runGate): a date or an e-mail address costs no go-re2 call at
// all. Find rules' values are their whole match: FindAllSubmatchIndex
// gives group 1 as the whole match.
type goFinder struct {
	next func(b []byte, from int) (start, end int)
}

func (f goFinder) Match(b []byte) bool {
	s, _ := f.next(b, 0)
	return s >= 0
}

func (f goFinder) NumSubexp() int { return 1 }

func (f goFinder) FindAllIndex(b []byte, n int) [][]int { return f.find(b, n, 2) }

func (f goFinder) FindAllSubmatchIndex(b []byte, n int) [][]int { return f.find(b, n, 4) }

func (f goFinder) find(b []byte, n, w int) [][]int {
	return goValueFinder{func(b []byte, from int, _ bool) (int, int, int, int) {
		s, e := f.next(b, from)
		return s, e, s, e
	}}.find(b, n, w)
}

// goMatches is f's FindAllIndex(b, n) in the scratch's memory: runSpan
// reads the matches before its next call, and a window dense with
// values (a list of e-mail addresses) then allocates nothing.
func (sc *scratch) goMatches(f goFinder, b []byte, n int) [][]int {
	flat := sc.goFlat[:0]
	for from := 0; n < 0 || len(flat) < 2*n; {
		s, e := f.next(b, from)
		if s < 0 {
			break
		}
		flat = append(flat, s, e)
		from = e
	}
	out := sc.goOut[:0]
	for i := 0; i < len(flat); i += 2 {
		out = append(out, flat[i:i+2:i+2])
	}
	sc.goFlat, sc.goOut = flat, out
	return out
}

// goValueFinder is goFinder for a rule whose value is its group 1
// between consumed boundaries (detectors.Rule.FindValue). Its
// FindAllIndex and FindAllSubmatchIndex search on from each match's end
// as any regex does; runSpan asks goValueMatches instead, which searches
// on as the rule's resume pattern would (resume.go).
type goValueFinder struct {
	next func(b []byte, from int, caret bool) (start, end, vstart, vend int)
}

func (f goValueFinder) Match(b []byte) bool {
	s, _, _, _ := f.next(b, 0, true)
	return s >= 0
}

func (f goValueFinder) NumSubexp() int { return 1 }

func (f goValueFinder) FindAllIndex(b []byte, n int) [][]int { return f.find(b, n, 2) }

func (f goValueFinder) FindAllSubmatchIndex(b []byte, n int) [][]int { return f.find(b, n, 4) }

// find returns the matches as FindAllIndex would (w = 2) or with group 1
// (w = 4), each search going on from the last match's end. runSpan asks
// goMatches and goValueMatches instead, in the scratch's memory; these
// answer the regex interface's other callers.
func (f goValueFinder) find(b []byte, n, w int) [][]int {
	var out [][]int
	for from := 0; n < 0 || len(out) < n; {
		s, e, vs, ve := f.next(b, from, from == 0)
		if s < 0 {
			break
		}
		out = append(out, []int{s, e, vs, ve}[:w:w])
		from = e
	}
	return out
}

// goValueMatches is the rule's matches in b as runSpan would have them
// from submatches and resumeMatches, with group g the value, in the
// scratch's memory: after a match whose right boundary consumed bytes
// the search goes on from the value's last byte, with no ^ even there
// (the resume pattern has none).
func (sc *scratch) goValueMatches(f goValueFinder, b []byte, n, g int) [][]int {
	w := 2*g + 2
	flat := sc.goFlat[:0]
	for from, caret := 0, true; n < 0 || len(flat) < w*n; caret = false {
		s, e, vs, ve := f.next(b, from, caret)
		if s < 0 {
			break
		}
		flat = append(flat, s, e)
		for range 2*g - 2 {
			flat = append(flat, -1)
		}
		flat = append(flat, vs, ve)
		if ve < e {
			from = ve - 1
		} else {
			from = e
		}
	}
	out := sc.goOut[:0]
	for i := 0; i < len(flat); i += w {
		out = append(out, flat[i:i+w:i+w])
	}
	sc.goFlat, sc.goOut = flat, out
	return out
}
