package engine

import (
	"bytes"
	"encoding/binary"
)

// The keyword pass finds every occurrence of every keyword in the folded
// text in two stages. The Aho-Corasick automaton alone walks one
// dependent table load per byte (~120 MB/s here, whatever the keywords)
// and says only which keywords occur, not where; so a first stage picks
// the candidate positions and hands only those regions to the matcher,
// which stays the authority on which keywords occur (keywords_ac.go).
//
// kwFilter is that first stage. It looks at the first bytes at each
// position: every built-in keyword has at least three bytes, so a bit
// table indexed by a hash of the next three bytes rejects almost every
// position with one load; the few that pass are checked against a table
// of four-byte prefixes (keywords of four bytes or more) and one of
// three-byte keywords, and compared with the keywords whose hash they
// share, which also tells where each occurrence starts. It is tested
// against a whole-text Aho-Corasick pass (FuzzKeywordsMatchAhoCorasick).
// Keywords of one or two bytes (allowed in user rules) are compared at
// every position from a small table of their own.
type kwFilter struct {
	keywords [][]byte
	// any3 has the hash of the first three bytes of every keyword of
	// three bytes or more: one load per position rejects almost all of
	// them before bits4 and bits3 are looked at.
	any3  [1 << 16 / 64]uint64
	bits4 [1 << 16 / 64]uint64
	bits3 [1 << 16 / 64]uint64
	// off4[h]..off4[h+1] index list4: the keywords of four bytes or more
	// whose first four bytes hash to h (off3/list3 alike for three-byte
	// keywords).
	off4, off3   []uint32
	list4, list3 []int32
	// short lists keywords of one or two bytes by their first byte.
	short    [256][]int32
	anyShort bool
}

func hash4(x uint32) uint32 { return (x * 0x9E3779B1) >> 16 }

func newKwFilter(keywords [][]byte) *kwFilter {
	f := &kwFilter{keywords: keywords}
	// The buckets are a counting sort: counts at off[h+1], summed into
	// starts, then each list filled with off[h] as its cursor (which
	// leaves off[h] at bucket h's end) and shifted back. No per-hash
	// scratch arrays: they were a megabyte to clear on every Compile.
	f.off4 = make([]uint32, 1<<16+1)
	f.off3 = make([]uint32, 1<<16+1)
	for i, k := range keywords {
		switch {
		case len(k) >= 4:
			f.off4[hash4(binary.LittleEndian.Uint32(k))+1]++
		case len(k) == 3:
			f.off3[hash4(load3(k))+1]++
		default:
			f.short[k[0]] = append(f.short[k[0]], int32(i))
			f.anyShort = true
		}
	}
	f.list4 = startBuckets(f.off4)
	f.list3 = startBuckets(f.off3)
	for i, k := range keywords {
		if len(k) >= 3 {
			h := hash4(load3(k))
			f.any3[h/64] |= 1 << (h % 64)
		}
		switch {
		case len(k) >= 4:
			h := hash4(binary.LittleEndian.Uint32(k))
			f.bits4[h/64] |= 1 << (h % 64)
			f.list4[f.off4[h]] = int32(i)
			f.off4[h]++
		case len(k) == 3:
			h := hash4(load3(k))
			f.bits3[h/64] |= 1 << (h % 64)
			f.list3[f.off3[h]] = int32(i)
			f.off3[h]++
		}
	}
	copy(f.off4[1:], f.off4[:1<<16])
	f.off4[0] = 0
	copy(f.off3[1:], f.off3[:1<<16])
	f.off3[0] = 0
	return f
}

// startBuckets turns the counts in off[1:] into each bucket's start and
// returns a list to fill.
func startBuckets(off []uint32) []int32 {
	for h := 1; h < len(off); h++ {
		off[h] += off[h-1]
	}
	return make([]int32, off[len(off)-1])
}

func load3(b []byte) uint32 { return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 }

// each calls fn for every occurrence (overlapping ones too) of every
// keyword in fold, in order of position.
func (f *kwFilter) each(fold []byte, fn func(ki int32, pos int)) {
	n := len(fold)
	i := 0
	for ; i+4 <= n; i++ {
		x := binary.LittleEndian.Uint32(fold[i:])
		h3 := hash4(x & 0xFFFFFF)
		if f.any3[h3/64]&(1<<(h3%64)) == 0 && !f.anyShort {
			continue
		}
		h4 := hash4(x)
		hit4 := f.bits4[h4/64]&(1<<(h4%64)) != 0
		hit3 := f.bits3[h3/64]&(1<<(h3%64)) != 0
		if hit4 || hit3 || f.anyShort {
			f.at(fold, i, h4, h3, hit4, hit3, fn)
		}
	}
	for ; i < n; i++ {
		// The last three positions: only keywords shorter than four
		// bytes fit.
		h3 := uint32(0)
		hit3 := false
		if i+3 <= n {
			h3 = hash4(load3(fold[i:]))
			hit3 = f.bits3[h3/64]&(1<<(h3%64)) != 0
		}
		f.at(fold, i, 0, h3, false, hit3, fn)
	}
}

// at compares the keywords that may start at i.
func (f *kwFilter) at(fold []byte, i int, h4, h3 uint32, hit4, hit3 bool, fn func(ki int32, pos int)) {
	rest := fold[i:]
	if hit4 {
		for _, ki := range f.list4[f.off4[h4]:f.off4[h4+1]] {
			if bytes.HasPrefix(rest, f.keywords[ki]) {
				fn(ki, i)
			}
		}
	}
	if hit3 {
		for _, ki := range f.list3[f.off3[h3]:f.off3[h3+1]] {
			if bytes.HasPrefix(rest, f.keywords[ki]) {
				fn(ki, i)
			}
		}
	}
	if f.anyShort {
		for _, ki := range f.short[rest[0]] {
			if bytes.HasPrefix(rest, f.keywords[ki]) {
				fn(ki, i)
			}
		}
	}
}

// count is the number of keyword occurrences in fold (the keyword pass
// alone, for benchmarks).
func (f *kwFilter) count(fold []byte) int {
	n := 0
	f.each(fold, func(int32, int) { n++ })
	return n
}
