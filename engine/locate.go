package engine

import "bytes"

// locateDirect is how many reported keywords are located with one
// bytes.Index pass each; past it one shared pass over the text is cheaper.
const locateDirect = 3

// locateKeywords calls fn for every occurrence (overlapping ones too) of
// every keyword the Aho-Corasick pass reported in sc.hits. The matcher
// says which keywords occur, not where: a few are found with bytes.Index
// (SIMD, one pass each); more are found in a single pass that checks, at
// each byte, whether a reported keyword can end there, using a hash of
// the last three bytes as a filter (English bigrams such as the "en" of
// "token" are too common for a two-byte filter).
func (s *Scanner) locateKeywords(fold []byte, sc *scratch, fn func(ki int32, h int)) {
	if len(sc.hits) == 0 {
		return
	}
	short := false
	for _, ki := range sc.hits {
		if len(s.keywords[ki]) < 3 {
			short = true
		}
	}
	if len(sc.hits) <= locateDirect || short {
		for _, ki := range sc.hits {
			kw := s.keywords[ki]
			for off := 0; ; {
				i := bytes.Index(fold[off:], kw)
				if i < 0 {
					break
				}
				fn(int32(ki), off+i)
				off += i + 1
			}
		}
		return
	}
	words := (len(s.keywords) + 63) / 64
	if cap(sc.marked) < words {
		sc.marked = make([]uint64, words)
	}
	marked := sc.marked[:words]
	for _, ki := range sc.hits {
		kw := s.keywords[ki]
		marked[ki/64] |= 1 << (ki % 64)
		h := tri(kw[len(kw)-3], kw[len(kw)-2], kw[len(kw)-1])
		sc.filter[h/64] |= 1 << (h % 64)
	}
	filter := &sc.filter
	for e := 3; e <= len(fold); e++ {
		h := tri(fold[e-3], fold[e-2], fold[e-1])
		if filter[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		prev := fold[e-2]
		for _, ke := range s.kwByLast[fold[e-1]] {
			if ke.prev != prev || marked[ke.ki/64]&(1<<(ke.ki%64)) == 0 {
				continue
			}
			h := e - int(ke.n)
			if h < 0 || !bytes.Equal(fold[h:e], s.keywords[ke.ki]) {
				continue
			}
			fn(ke.ki, h)
		}
	}
	for _, ki := range sc.hits {
		kw := s.keywords[ki]
		marked[ki/64] = 0
		h := tri(kw[len(kw)-3], kw[len(kw)-2], kw[len(kw)-1])
		filter[h/64] = 0
	}
}

// tri hashes three bytes into 16 bits.
func tri(a, b, c byte) uint {
	return (uint(a)*0x9E5 ^ uint(b)<<5 ^ uint(c)) & 0xFFFF
}

// colonRunFits says whether a hex-colon run triggers a colon rule: its
// colon count within [MinDigits, MaxDigits] (the fields bound colons for
// this trigger), or any count up to the maximum when it holds "::".
func (r *compiledRule) colonRunFits(colons int, double bool) bool {
	if colons > r.MaxDigits {
		return false
	}
	return colons >= r.MinDigits || double
}

var isHexColon = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdefABCDEF:.") {
		t[c] = true
	}
	return t
}()

// colonReach bounds how far around a colon forEachColonRun looks, so that
// each decision depends only on the bytes within colonReach of it.
const colonReach = 40

// forEachColonRun calls fn for each colon that starts a run of hex
// digits, colons and dots holding at least two colons (IPv6 and MAC
// addresses; not "key: value" or "10:30"): lo and hi bound the run
// (within colonReach of the colon), with its colon count and whether it
// has "::". A colon with another colon of its run before it is not a
// start. Each decision depends only on bytes within colonReach of the
// colon. When final is false, a colon whose run may continue past the end
// of b is not decided and its index is returned, to resume from there.
//
// Scanning starts at from; bytes before it are only looked back at.
func forEachColonRun(b []byte, from int, final bool, fn func(lo, hi, colons int, double bool)) int {
	n := len(b)
	for i := from; i < n; {
		j := bytes.IndexByte(b[i:], ':')
		if j < 0 {
			return n
		}
		c := i + j
		lo := c
		first := true
		for lo > 0 && c-lo < colonReach && isHexColon[b[lo-1]] {
			lo--
			if b[lo] == ':' {
				first = false
				break
			}
		}
		if !first {
			i = c + 1
			continue
		}
		hi := c
		colons, double := 0, false
		for hi < n && hi-c < colonReach && isHexColon[b[hi]] {
			if b[hi] == ':' {
				colons++
				if hi > c && b[hi-1] == ':' {
					double = true
				}
			}
			hi++
		}
		if hi == n && !final && hi-c < colonReach {
			return c
		}
		if colons >= 2 {
			fn(lo, hi, colons, double)
		}
		i = c + 1
	}
	return n
}

var isAlnum = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	return t
}()

// forEachAlnumRun calls fn for each maximal run of ASCII letters and
// digits that holds both and is minLen to maxLen long. Scanning starts at
// from; a run already under way there (b[from-1] is alphanumeric) is
// skipped, which is how the stream resumes past a run too long to count.
// When final is false, a run touching the end of b is not decided: the
// returned index is its start, or len(b) when it is already too long.
func forEachAlnumRun(b []byte, from, minLen, maxLen int, final bool, fn func(lo, hi int)) int {
	n := len(b)
	i := from
	if i > 0 && i < n && isAlnum[b[i-1]] {
		for i < n && isAlnum[b[i]] {
			i++
		}
	}
	for i < n {
		for i < n && !isAlnum[b[i]] {
			i++
		}
		lo := i
		for i < n && isAlnum[b[i]] {
			i++
		}
		if i == n && !final {
			if i-lo > maxLen {
				return n
			}
			return lo
		}
		if i-lo >= minLen && i-lo <= maxLen && hasLetterAndDigit(b[lo:i]) {
			fn(lo, i)
		}
	}
	return n
}

func hasLetterAndDigit(run []byte) bool {
	letters, digits := false, false
	for _, c := range run {
		if isDigit[c] {
			digits = true
		} else {
			letters = true
		}
	}
	return letters && digits
}
