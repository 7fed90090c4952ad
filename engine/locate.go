package engine

import "bytes"

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
