package engine

import (
	"slices"
	"sync"

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
	// local lists each shard's keywords (the trie's dictionary order);
	// maxLen is its longest keyword, the length of a candidate region.
	local  [acShards][]int32
	maxLen [acShards]int32
	once   [acShards]sync.Once
	tries  [acShards]*ahocorasick.Matcher
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
	a := &acAuthority{keywords: keywords, shardOf: make([]uint16, len(keywords))}
	for i, k := range keywords {
		sh := keywordShard(k)
		a.shardOf[i] = sh
		a.local[sh] = append(a.local[sh], int32(i))
		a.maxLen[sh] = max(a.maxLen[sh], int32(len(k)))
	}
	return a
}

// trie returns shard sh's matcher, building it on first use.
func (a *acAuthority) trie(sh uint16) *ahocorasick.Matcher {
	a.once[sh].Do(func() {
		dict := make([][]byte, len(a.local[sh]))
		for i, ki := range a.local[sh] {
			dict[i] = a.keywords[ki]
		}
		a.tries[sh] = ahocorasick.NewMatcher(dict)
	})
	return a.tries[sh]
}

// acScratch is the per-scan memory of confirm.
type acScratch struct {
	occ, byShard []kwOcc
	start        []int32 // counting sort of many occurrences by shard
	region       []byte
	found        []uint64 // bit per keyword: the matcher reported it
}

// confirm keeps, of the filter's occurrences in occ (in position order),
// those whose keyword the Aho-Corasick matcher finds in the candidate
// regions. The regions of one shard are joined, overlapping ones merged
// and others separated by a NUL byte (no keyword holds one), so each
// shard's trie walks its regions once per scan.
func (a *acAuthority) confirm(fold []byte, sc *acScratch) {
	if len(sc.occ) == 0 {
		return
	}
	a.byShard(sc)
	words := (len(a.keywords) + 63) / 64
	if cap(sc.found) < words {
		sc.found = make([]uint64, words)
	}
	sc.found = sc.found[:words]
	clear(sc.found)
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
			hi := min(o.pos+int(a.maxLen[sh]), len(fold))
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
		for _, li := range a.trie(sh).MatchThreadSafe(buf) {
			ki := a.local[sh][li]
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
func (a *acAuthority) byShard(sc *acScratch) {
	sc.byShard = append(sc.byShard[:0], sc.occ...)
	if len(sc.occ) <= acShards/16 {
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
	for _, o := range sc.occ {
		start[int(a.shardOf[o.ki])+1]++
	}
	for i := 1; i <= acShards; i++ {
		start[i] += start[i-1]
	}
	for _, o := range sc.occ {
		sh := a.shardOf[o.ki]
		sc.byShard[start[sh]] = o
		start[sh]++
	}
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
