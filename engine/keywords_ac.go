package engine

import (
	"sync/atomic"

	"github.com/cloudflare/ahocorasick"
)

// The keyword filter (keywords.go) is the fast first stage: it finds the
// positions where a keyword may start. The cloudflare Aho-Corasick
// matcher stays the authority on which keywords occur: every candidate
// region the filter reports is handed to it, and an occurrence counts
// only when the matcher also finds its keyword there.
//
// One trie over every keyword costs about 4 KiB per keyword byte (some
// 70 MiB and 300 ms for the 2,000-odd built-in keywords), paid by every
// fresh process before its first scan. So each keyword has a trie of its
// own, built the first time a candidate needs it: a text builds the tries
// of the keywords it holds and of no other. A 4 KiB README built 1,119
// keyword bytes of tries with 256 shards by the first three bytes, 192
// with 4096 shards by a hash of the whole keyword (the keywords sharing
// a shard came along: 45% of the nodes a MiB of Go source built, ~440
// fresh pages), and 112 now.
type acAuthority struct {
	keywords [][]byte
	// tries holds each keyword's matcher once built. A trie of one
	// keyword is asked with Contains, which only reads it (Match marks
	// the nodes it reports, so it needs a lock, and allocates its answer).
	tries []atomic.Pointer[ahocorasick.Matcher]
}

// kwOcc is one keyword occurrence: its index and where it starts.
type kwOcc struct {
	ki  int32
	pos int
}

func newACAuthority(keywords [][]byte) *acAuthority {
	return &acAuthority{keywords: keywords, tries: make([]atomic.Pointer[ahocorasick.Matcher], len(keywords))}
}

// trie returns keyword ki's matcher, building it on first use. Two scans
// that need it at once may both build it; one is kept. With keep false
// (a warm-up's scan, see acScratch.transient) a trie built now is used
// and not kept.
func (a *acAuthority) trie(ki int32, keep bool) *ahocorasick.Matcher {
	if m := a.tries[ki].Load(); m != nil {
		return m
	}
	m := ahocorasick.NewMatcher([][]byte{a.keywords[ki]})
	if !keep {
		return m
	}
	a.tries[ki].CompareAndSwap(nil, m)
	return a.tries[ki].Load()
}

// acScratch is the per-scan memory of confirm.
type acScratch struct {
	occ   []kwOcc
	found []uint64 // bit per keyword: the matcher reported it
	asked []uint64 // bit per keyword: its first occurrence was asked about
	// transient: the tries this scan builds are not kept. Warm sets it.
	// A trie costs ~35 µs to build and ~4 KiB per keyword byte to keep,
	// all of it pointers: the 1,448 tries the examples of every rule
	// build are 49 MB that every garbage collection of a service then
	// marks (a forced GC of the warm default policy took 21 ms on one
	// core, 3 ms without them). Tries are built for what traffic holds.
	transient bool
}

// confirm keeps, of the filter's occurrences in occ (in position order),
// those whose keyword the Aho-Corasick matcher finds where the filter saw
// it. The matcher's answer is per keyword (does it occur), so it is asked
// once per distinct keyword, with the region of the keyword's first
// occurrence (the bytes where the filter compared it): a text that
// repeats a keyword a thousand times costs one region of it, not a
// thousand (the "keywords" adversarial input walked every occurrence's
// region, several times the text).
func (a *acAuthority) confirm(fold []byte, sc *acScratch) {
	if len(sc.occ) == 0 {
		return
	}
	words := (len(a.keywords) + 63) / 64
	sc.found = clearedBits(sc.found, words)
	sc.asked = clearedBits(sc.asked, words)
	for _, o := range sc.occ {
		if sc.asked[o.ki/64]&(1<<(o.ki%64)) != 0 {
			continue
		}
		sc.asked[o.ki/64] |= 1 << (o.ki % 64)
		if a.trie(o.ki, !sc.transient).Contains(fold[o.pos : o.pos+len(a.keywords[o.ki])]) {
			sc.found[o.ki/64] |= 1 << (o.ki % 64)
		}
	}
	kept := sc.occ[:0]
	for _, o := range sc.occ {
		if sc.found[o.ki/64]&(1<<(o.ki%64)) != 0 {
			kept = append(kept, o)
		}
	}
	sc.occ = kept
}

// clearedBits returns b resized to words zero words.
func clearedBits(b []uint64, words int) []uint64 {
	if cap(b) < words {
		return make([]uint64, words)
	}
	b = b[:words]
	clear(b)
	return b
}

// keywordOccurrences fills sc.kw.occ with every keyword occurrence in
// fold, in order of position: found by the filter, confirmed by the
// Aho-Corasick authority.
func (s *Scanner) keywordOccurrences(fold []byte, sc *scratch) []kwOcc {
	sc.kw.occ = sc.kw.occ[:0]
	if s.kwf == nil {
		return nil
	}
	s.kwf.each(fold, func(ki int32, pos int) {
		sc.kw.occ = append(sc.kw.occ, kwOcc{ki: ki, pos: pos})
	})
	s.ac.confirm(fold, &sc.kw)
	return sc.kw.occ
}
