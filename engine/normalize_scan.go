package engine

import (
	"context"
	"slices"
)

// viewScratch is the per-scan state of the normalised view.
type viewScratch struct {
	z   normalizer
	buf []byte
}

// viewCandidates runs the pattern stage over text, or over its normalised
// view when text has something the view changes, and leaves the
// candidates in sc.cands in offsets of text (see normalize.go).
func (s *Scanner) viewCandidates(ctx context.Context, text []byte, sc *scratch) error {
	if !needsView(text) {
		return s.patternCandidates(ctx, text, sc)
	}
	v, _ := s.viewPool.Get().(*viewScratch)
	if v == nil {
		v = new(viewScratch)
	}
	defer func() {
		if cap(v.buf) <= 4<<20 {
			s.viewPool.Put(v)
		}
	}()
	v.z = normalizer{pending: v.z.pending[:0], run: v.z.run[:0], m: viewMap{segs: v.z.m.segs[:0]}}
	v.buf = v.z.feed(slices.Grow(v.buf[:0], len(text)), text, true) // grown by appends, a fresh MiB touched ~5 MiB
	from := len(sc.cands)
	if err := s.patternCandidates(ctx, v.buf, sc); err != nil {
		return err
	}
	if len(v.z.m.segs) > 0 {
		for i := from; i < len(sc.cands); i++ {
			c := &sc.cands[i]
			c.Start, c.End = v.z.m.start(c.Start), v.z.m.end(c.End)
		}
	}
	return nil
}
