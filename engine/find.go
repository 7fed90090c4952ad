package engine

// goFinder is a catalogue rule's pattern written in Go (detectors.Rule.Find):
// it stands in for the RE2 program wherever the rule's regex runs, and
// the digit gates run the rule without asking their RE2 set about it
// (see runGate): a date or an e-mail address costs no go-re2 call at
// all. Find rules' values are their whole match, so only FindAllIndex and
// Match are used; FindAllSubmatchIndex gives group 1 as the whole match
// for completeness.
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

// find returns the matches as FindAllIndex would (w = 2) or with group 1
// the whole match (w = 4). A window holds one date most often: that
// costs one allocation. Dense matches (a list of e-mail addresses) share
// one backing array, grown by doubling.
func (f goFinder) find(b []byte, n, w int) [][]int {
	s, e := f.next(b, 0)
	if s < 0 || n == 0 {
		return nil
	}
	one := new(struct {
		out  [1][]int
		flat [4]int
	})
	one.flat = [4]int{s, e, s, e}
	one.out[0] = one.flat[:w:w]
	out := one.out[:]
	var flat []int
	for from := e; n < 0 || len(out) < n; {
		s, e := f.next(b, from)
		if s < 0 {
			break
		}
		if len(flat)+4 > cap(flat) {
			flat = make([]int, 0, max(32, 2*cap(flat)))
		}
		k := len(flat)
		flat = append(flat, s, e, s, e)[:k+w]
		out = append(out, flat[k:k+w:k+w])
		from = e
	}
	return out
}
