package engine

import (
	"bytes"
	"encoding/binary"
	"math/bits"
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
	// them before the buckets are looked at.
	any3  [1 << 16 / 64]uint64
	four  kwBuckets // keywords of four bytes or more, by their first four
	three kwBuckets // keywords of three bytes
	// short lists keywords of one or two bytes by their first byte.
	short    [256][]int32
	anyShort bool
}

// kwBuckets lists keywords by a 16-bit hash: bits has a bit for each hash
// some keyword has, and the keywords of the d-th such hash (in hash
// order) are list[start[d]:start[d+1]], d being the number of bits set
// below the hash's (rank holds that count for each word of bits). A table
// of every hash's offsets was half a megabyte for two thousand keywords,
// which each fresh process cleared and touched.
type kwBuckets struct {
	bits  [1 << 16 / 64]uint64
	rank  [1 << 16 / 64]uint32
	start []uint32
	list  []int32
}

func (b *kwBuckets) has(h uint32) bool { return b.bits[h/64]&(1<<(h%64)) != 0 }

// bucket is the list of hash h, which has its bit set.
func (b *kwBuckets) bucket(h uint32) []int32 {
	d := b.index(h)
	return b.list[b.start[d]:b.start[d+1]]
}

// build fills the buckets with the keywords whose hash hash returns (ok).
func (b *kwBuckets) build(keywords [][]byte, hash func(k []byte) (uint32, bool)) {
	for _, k := range keywords {
		if h, ok := hash(k); ok {
			b.bits[h/64] |= 1 << (h % 64)
		}
	}
	n := uint32(0)
	for w, x := range b.bits {
		b.rank[w] = n
		n += uint32(bits.OnesCount64(x))
	}
	// A counting sort: counts at start[d+1], summed into starts, then
	// the list filled with start[d] as its cursor (which leaves start[d]
	// at bucket d's end) and shifted back.
	b.start = make([]uint32, n+1)
	for _, k := range keywords {
		if h, ok := hash(k); ok {
			b.start[b.index(h)+1]++
		}
	}
	for d := 1; d < len(b.start); d++ {
		b.start[d] += b.start[d-1]
	}
	b.list = make([]int32, b.start[n])
	for i, k := range keywords {
		if h, ok := hash(k); ok {
			d := b.index(h)
			b.list[b.start[d]] = int32(i)
			b.start[d]++
		}
	}
	copy(b.start[1:], b.start[:n])
	b.start[0] = 0
}

// index is d for hash h: the number of hashes below it.
func (b *kwBuckets) index(h uint32) uint32 {
	return b.rank[h/64] + uint32(bits.OnesCount64(b.bits[h/64]&(1<<(h%64)-1)))
}

func hash4(x uint32) uint32 { return (x * 0x9E3779B1) >> 16 }

func newKwFilter(keywords [][]byte) *kwFilter {
	f := &kwFilter{keywords: keywords}
	for i, k := range keywords {
		if len(k) >= 3 {
			h := hash4(load3(k))
			f.any3[h/64] |= 1 << (h % 64)
		} else {
			f.short[k[0]] = append(f.short[k[0]], int32(i))
			f.anyShort = true
		}
	}
	f.four.build(keywords, func(k []byte) (uint32, bool) {
		if len(k) < 4 {
			return 0, false
		}
		return hash4(binary.LittleEndian.Uint32(k)), true
	})
	f.three.build(keywords, func(k []byte) (uint32, bool) {
		if len(k) != 3 {
			return 0, false
		}
		return hash4(load3(k)), true
	})
	return f
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
		hit4 := f.four.has(h4)
		hit3 := f.three.has(h3)
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
			hit3 = f.three.has(h3)
		}
		f.at(fold, i, 0, h3, false, hit3, fn)
	}
}

// at compares the keywords that may start at i.
func (f *kwFilter) at(fold []byte, i int, h4, h3 uint32, hit4, hit3 bool, fn func(ki int32, pos int)) {
	rest := fold[i:]
	if hit4 {
		for _, ki := range f.four.bucket(h4) {
			if bytes.HasPrefix(rest, f.keywords[ki]) {
				fn(ki, i)
			}
		}
	}
	if hit3 {
		for _, ki := range f.three.bucket(h3) {
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
