package engine

import (
	"slices"
	"sync"
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
// fresh process before its first scan. So the keywords are split into
// acShards tries by a hash of the whole keyword, and a trie is built the
// first time a candidate needs it: a short answer builds the tries of
// the dozen keywords it holds (and of the few that share their shards),
// not those of every keyword that shares a first few bytes with them. A
// 4 KiB README built 1,119 keyword bytes of tries with 256 shards by the
// first three bytes, 9 ms of a fresh process; it builds about a tenth of
// that now.
const acShards = 4096

type acAuthority struct {
	keywords [][]byte
	shardOf  []uint16 // by keyword index
	// The keywords of shard sh (the trie's dictionary order) are
	// list[start[sh]:start[sh+1]]. Per-shard slices, once flags and locks
	// in arrays were 200 KiB that every fresh process touched.
	start [acShards + 1]uint32
	list  []int32
	// tries holds each shard's matcher once built. Its lock guards its
	// Match, which marks the nodes it reports (a counter per node)
	// instead of MatchThreadSafe's pooled map: that map is sized to the
	// whole trie and made again whenever a GC has emptied the pool, a
	// cost per shard that a text touching a thousand shards paid a
	// thousand times.
	tries [acShards]atomic.Pointer[acTrie]
}

type acTrie struct {
	mu sync.Mutex
	m  *ahocorasick.Matcher
}

// kwOcc is one keyword occurrence: its index and where it starts.
type kwOcc struct {
	ki  int32
	pos int
}

func keywordShard(k []byte) uint16 {
	h := uint32(2166136261)
	for _, c := range k {
		h = (h ^ uint32(c)) * 16777619
	}
	return uint16(h>>16) % acShards
}

func newACAuthority(keywords [][]byte) *acAuthority {
	a := &acAuthority{keywords: keywords, shardOf: make([]uint16, len(keywords)), list: make([]int32, len(keywords))}
	for i, k := range keywords {
		sh := keywordShard(k)
		a.shardOf[i] = sh
		a.start[sh+1]++
	}
	for sh := 1; sh <= acShards; sh++ {
		a.start[sh] += a.start[sh-1]
	}
	next := a.start // a copy: each shard's cursor
	for i, sh := range a.shardOf {
		a.list[next[sh]] = int32(i)
		next[sh]++
	}
	return a
}

// local lists shard sh's keywords, in the order of its trie's dictionary.
func (a *acAuthority) local(sh uint16) []int32 { return a.list[a.start[sh]:a.start[sh+1]] }

// trie returns shard sh's matcher, building it on first use. Two scans
// that need it at once may both build it; one is kept.
func (a *acAuthority) trie(sh uint16) *acTrie {
	if t := a.tries[sh].Load(); t != nil {
		return t
	}
	local := a.local(sh)
	dict := make([][]byte, len(local))
	for i, ki := range local {
		dict[i] = a.keywords[ki]
	}
	a.tries[sh].CompareAndSwap(nil, &acTrie{m: ahocorasick.NewMatcher(dict)})
	return a.tries[sh].Load()
}

// acScratch is the per-scan memory of confirm.
type acScratch struct {
	occ, byShard []kwOcc
	sorted       []kwOcc // byShard's other buffer, for the counting sort
	start        []int32 // counting sort of many occurrences by shard
	region       []byte
	found        []uint64 // bit per keyword: the matcher reported it
	asked        []uint64 // bit per keyword: a region of it is in byShard
}

// confirm keeps, of the filter's occurrences in occ (in position order),
// those whose keyword the Aho-Corasick matcher finds in the candidate
// regions. The matcher's answer is per keyword (does it occur), so it is
// asked once per distinct keyword, with the region of the keyword's first
// occurrence: a text that repeats a keyword a thousand times costs one
// region of it, not a thousand (the "keywords" adversarial input walked
// every occurrence's region, several times the text). A region is the
// bytes where the filter saw the keyword: the matcher must find it there.
// The regions of one shard are joined, overlapping ones merged and others
// separated by a NUL byte (no keyword holds one), so each shard's trie
// walks its regions once per scan.
func (a *acAuthority) confirm(fold []byte, sc *acScratch) {
	if len(sc.occ) == 0 {
		return
	}
	words := (len(a.keywords) + 63) / 64
	sc.found = clearedBits(sc.found, words)
	sc.asked = clearedBits(sc.asked, words)
	a.byShard(sc)
	for rest := sc.byShard; len(rest) > 0; {
		sh := a.shardOf[rest[0].ki]
		n := 1
		for n < len(rest) && a.shardOf[rest[n].ki] == sh {
			n++
		}
		occ := rest[:n]
		rest = rest[n:]
		buf, end := sc.region[:0], -1
		for _, o := range occ {
			hi := o.pos + len(a.keywords[o.ki]) // the filter compared it there
			switch {
			case o.pos < end:
				if hi > end {
					buf = append(buf, fold[end:hi]...)
					end = hi
				}
			default:
				if len(buf) > 0 {
					buf = append(buf, 0)
				}
				buf = append(buf, fold[o.pos:hi]...)
				end = hi
			}
		}
		sc.region = buf
		t := a.trie(sh)
		t.mu.Lock()
		hits := t.m.Match(buf)
		t.mu.Unlock()
		local := a.local(sh)
		for _, li := range hits {
			ki := local[li]
			sc.found[ki/64] |= 1 << (ki % 64)
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

// byShard fills sc.byShard with sc.occ grouped by shard, each shard's in
// position order. A few occurrences are sorted; many are counted into
// shards, whose cost (a pass over every shard) they then outweigh.
//
// Only the first occurrence of each keyword is kept (sc.asked marks them).
func (a *acAuthority) byShard(sc *acScratch) {
	sc.byShard = sc.byShard[:0]
	for _, o := range sc.occ {
		if sc.asked[o.ki/64]&(1<<(o.ki%64)) == 0 {
			sc.asked[o.ki/64] |= 1 << (o.ki % 64)
			sc.byShard = append(sc.byShard, o)
		}
	}
	firsts := sc.byShard
	if len(firsts) <= acShards/16 {
		slices.SortStableFunc(sc.byShard, func(x, y kwOcc) int {
			return int(a.shardOf[x.ki]) - int(a.shardOf[y.ki])
		})
		return
	}
	if len(sc.start) != acShards+1 {
		sc.start = make([]int32, acShards+1)
	}
	start := sc.start
	clear(start)
	for _, o := range firsts {
		start[int(a.shardOf[o.ki])+1]++
	}
	for i := 1; i <= acShards; i++ {
		start[i] += start[i-1]
	}
	sc.sorted = slices.Grow(sc.sorted[:0], len(firsts))[:len(firsts)]
	for _, o := range firsts {
		sh := a.shardOf[o.ki]
		sc.sorted[start[sh]] = o
		start[sh]++
	}
	sc.byShard, sc.sorted = sc.sorted, sc.byShard
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
