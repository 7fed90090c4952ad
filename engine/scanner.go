package engine

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/sluice-dlp/sluice/detectors"
)

// kwEnd is a keyword as found by its end: its index, length and the byte
// before its last.
type kwEnd struct {
	ki, n int32
	prev  byte
}

// window is a byte range [lo, hi) in which one rule's regex runs.
type window struct {
	lo, hi int
	rule   int32 // gateRule: a digit-cluster gate (see clusterGate)
	// many: the window is the union of several triggers' windows of its
	// rule (collectWindows merges them).
	many bool
	// For gates: the cluster, in absolute offsets.
	c cluster
	// thi is where the trigger ends, for the rule's follow check.
	thi int
}

// cluster is a run of digits joined by separators (forEachCluster).
type cluster struct {
	lo, hi, digits, groups int
	solid                  bool
	// date: the cluster is exactly a calendar date (2024-03-15,
	// 15/03/2024, 3.15.2024). Dates fill logs and answers; rules marked
	// NotDates skip them.
	date bool
	// numJoin: a '-', '/' or '.' alone joins two of its digit groups,
	// as in every numeric date (see runGate).
	numJoin bool
}

func isDateShape(groups int, glen [4]int, gsep [3]byte) bool {
	// A date may be followed by the hour of a timestamp ("2024-03-15 10",
	// the cluster stops at the colon).
	if groups == 4 && (gsep[2] != ' ' || glen[3] > 2) {
		return false
	}
	if (groups != 3 && groups != 4) || gsep[0] != gsep[1] || (gsep[0] != '-' && gsep[0] != '/' && gsep[0] != '.') {
		return false
	}
	small := func(n int) bool { return n == 1 || n == 2 }
	return (glen[0] == 4 && glen[1] == 2 && glen[2] == 2) || (small(glen[0]) && small(glen[1]) && glen[2] == 4)
}

type candidate struct {
	Finding
	rule int32
}

type scratch struct {
	fold  []byte
	san   []byte
	wins  []window
	cands []candidate
	kw    acScratch
	// wtmp and wcount are sortWindows' memory.
	wtmp   []window
	wcount []int32
	// judged lists the value spans the last runSpan judged, for rule
	// judgedRule, and judging those of the current one (see runSpan).
	judged, judging []span
	judgedRule      int32
	// ctx holds one cursor per context word of the rule being run.
	ctx []ctxCursor
	// after is the group runSpan runs for a rule with After: the
	// windows whose keywords a value must follow (see runGroup).
	after []window
	// groups caches the value group of matches by their bytes, subm and
	// gkey are submatches' memory (see submatch.go).
	groups  map[string]groupSpan
	subm    []int
	gkey    []byte
	subSkip int
	// last is, per rule, its latest window in wins, valid when its gen
	// is this collectWindows call's (so it never needs clearing).
	last []lastWindow
	gen  uint32
	// matched[rule] == gen: the rule's last window in this scan held a
	// match (see runSpan).
	matched []uint32
	// ctxRule holds each rule's context cursors, valid in the pass
	// ctxPass[rule] (see ruleContext).
	ctxRule [][]ctxCursor
	ctxPass []uint32
	pass    uint32
	one     [1]window // runWindow's group
	gateRun []window  // runClusters' group
	// goFlat and goOut hold a Go matcher's matches (goMatches).
	goFlat []int
	goOut  [][]int
}

// nextGen starts a new scan's generation of last and matched.
func (sc *scratch) nextGen(rules int) {
	sc.gen++
	if sc.gen == 0 || len(sc.last) < rules {
		sc.last = make([]lastWindow, rules)
		sc.matched = make([]uint32, rules)
		sc.gen = 1
	}
}

type lastWindow struct {
	gen uint32
	at  int32
}

// span is a value's [start, end) in the text.
type span struct{ start, end int }

// newPass forgets what runSpan remembers between groups: a new pass runs
// over a new buffer.
func (sc *scratch) newPass() {
	sc.judged, sc.judging, sc.judgedRule = sc.judged[:0], sc.judging[:0], gateRule
	sc.pass++
	if sc.pass == 0 {
		clear(sc.ctxPass)
		sc.pass = 1
	}
}

func (s *Scanner) getScratch() *scratch {
	sc := s.pool.Get().(*scratch)
	sc.wins = sc.wins[:0]
	sc.cands = sc.cands[:0]
	return sc
}

func (s *Scanner) putScratch(sc *scratch) {
	// Do not let one huge input pin memory in the pool.
	if cap(sc.fold) > 4<<20 {
		sc.fold = nil
	}
	if cap(sc.wtmp) > 1<<16 {
		sc.wtmp = nil
	}
	s.pool.Put(sc)
}

// Scan finds sensitive spans without redacting.
func (s *Scanner) Scan(ctx context.Context, text []byte) (Result, error) {
	f, degraded, err := s.AppendFindings(ctx, text, nil)
	if err != nil {
		return Result{}, err
	}
	return Result{Findings: f, Degraded: degraded}, nil
}

// Redact finds sensitive spans and applies the policy's actions.
func (s *Scanner) Redact(ctx context.Context, text []byte) (Result, error) {
	f, degraded, err := s.AppendFindings(ctx, text, nil)
	if err != nil {
		return Result{}, err
	}
	return Result{Redacted: s.Apply(make([]byte, 0, len(text)), text, f), Findings: f, Degraded: degraded}, nil
}

// patternCandidates runs the pattern stage over text: fold, triggers,
// rule windows. The candidates it accepts are left in sc.cands.
func (s *Scanner) patternCandidates(ctx context.Context, text []byte, sc *scratch) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("scan: %w", err)
	}
	sc.fold = foldInto(sc.fold[:0], text)
	s.collectWindows(text, sc.fold, sc)
	return s.runWindows(ctx, text, sc.fold, 0, sc)
}

// AppendFindings appends the resolved findings in text to dst, in order of
// position and non-overlapping. It allocates nothing when nothing is
// found. degraded names optional stages skipped under the policy.
func (s *Scanner) AppendFindings(ctx context.Context, text []byte, dst []Finding) (_ []Finding, degraded []string, err error) {
	sc := s.getScratch()
	defer s.putScratch(sc)
	if err := s.viewCandidates(ctx, text, sc); err != nil { // normalize_scan.go
		return dst, nil, err
	}
	if s.decode {
		if err := s.scanEncoded(ctx, text, sc); err != nil {
			return dst, nil, err
		}
	}
	if len(s.recognizers) > 0 {
		degraded, err = s.recognize(ctx, text, sc)
		if err != nil {
			return dst, nil, err
		}
	}
	start := len(dst)
	dst = s.resolve(sc.cands, dst)
	if s.maxFindings > 0 && len(dst)-start > s.maxFindings {
		return dst[:start], nil, fmt.Errorf("scan: %w: more than %d", ErrTooManyFindings, s.maxFindings)
	}
	return dst, degraded, nil
}

func (s *Scanner) recognize(ctx context.Context, text []byte, sc *scratch) ([]string, error) {
	cfg := s.policy.NER
	rctx := ctx
	if cfg.Budget > 0 {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(ctx, cfg.Budget)
		defer cancel()
	}
	var degraded []string
	for _, r := range s.recognizers {
		found, err := r.Recognize(rctx, text, nil)
		if err != nil {
			if ctx.Err() == nil && rctx.Err() != nil && cfg.OnTimeout == "degrade" {
				degraded = append(degraded, "ner: time budget exceeded, patterns only")
				continue
			}
			if rctx.Err() != nil && ctx.Err() == nil {
				return nil, fmt.Errorf("ner: %w (budget %s)", ErrBudget, cfg.Budget)
			}
			return nil, fmt.Errorf("ner: %w", err)
		}
		for _, f := range found {
			if f.Score < s.threshold || f.Start < 0 || f.End > len(text) || f.Start >= f.End {
				continue
			}
			if _, ok := s.allowValues[string(text[f.Start:f.End])]; ok {
				continue
			}
			sc.cands = append(sc.cands, candidate{Finding: f, rule: s.modelRule()})
		}
	}
	sc.cands = s.yieldToPatterns(text, sc.cands)
	return degraded, nil
}

// collectWindows adds the windows of every trigger found in text, whose
// ASCII-folded copy is fold, clamped to the text. (The stream finds the
// same triggers incrementally: Stream.collect.)
func (s *Scanner) collectWindows(text, fold []byte, sc *scratch) {
	end := len(text)
	add := func(ri int32, tLo, tHi int) {
		r := &s.rules[ri]
		lo := max(tLo-r.back, 0)
		hi := min(tHi+r.fwd, end)
		sc.wins = append(sc.wins, window{lo: lo, hi: hi, rule: ri, thi: tHi})
	}
	// Each rule's triggers come in order of position, so a window joins
	// the rule's previous one when both fall in the same group (see
	// runGroup): the union is what runs either way, and `a@b.co ` or
	// `http://` a hundred thousand times keeps a few thousand windows,
	// not a hundred thousand. Only rules that check what follows their
	// keyword (Follow, After) need each window on its own; and since a
	// keyword-anchored rule's group of one window stops at its first
	// match, a window that took in another one says so (many).
	sc.nextGen(len(s.rules))
	merge := func(ri int32, tLo, tHi int) {
		r := &s.rules[ri]
		w := window{lo: max(tLo-r.back, 0), hi: min(tHi+r.fwd, end), rule: ri, thi: tHi}
		if l := &sc.last[ri]; l.gen == sc.gen {
			if p := &sc.wins[l.at]; s.bucket(*p) == s.bucket(w) {
				if !p.many && p.lo == w.lo && p.hi == w.hi && p.thi == w.thi {
					return // the same window again
				}
				p.lo, p.hi, p.many = min(p.lo, w.lo), max(p.hi, w.hi), true
				return
			}
		}
		sc.last[ri] = lastWindow{gen: sc.gen, at: int32(len(sc.wins))}
		sc.wins = append(sc.wins, w)
	}
	for _, o := range s.keywordOccurrences(fold, sc) {
		for _, ri := range s.kwRules[o.ki] {
			if r := &s.rules[ri]; len(r.follow) > 0 || r.After > 0 {
				add(ri, o.pos, o.pos+len(s.keywords[o.ki]))
			} else {
				merge(ri, o.pos, o.pos+len(s.keywords[o.ki]))
			}
		}
	}
	if len(s.atRules) > 0 {
		forEachByte(text, '@', func(i int) {
			for _, ri := range s.atRules {
				merge(ri, i, i+1)
			}
		})
	}
	if len(s.colonRules) > 0 {
		forEachColonRun(text, 0, true, func(lo, hi, colons int, double bool) {
			for _, ri := range s.colonRules {
				if s.rules[ri].colonRunFits(colons, double) {
					merge(ri, lo, hi)
				}
			}
		})
	}
	if len(s.alnumRules) > 0 {
		forEachAlnumRun(text, 0, s.alnumMin, s.alnumMax, true, func(lo, hi int) {
			for _, ri := range s.alnumRules {
				if r := &s.rules[ri]; hi-lo >= r.MinDigits && hi-lo <= r.MaxDigits {
					merge(ri, lo, hi)
				}
			}
		})
	}
	if len(s.digitRules) > 0 {
		forEachCluster(text, s.minClusterDigits, true, func(c cluster) {
			if w, ok := s.clusterGate(c, 0); ok {
				w.hi = min(w.hi, end)
				sc.wins = append(sc.wins, w)
			}
		})
	}
	for _, ri := range s.alwaysRules {
		r := &s.rules[ri]
		for t := 0; t < end; t += alwaysTile {
			sc.wins = append(sc.wins, window{lo: max(t-r.MaxLen, 0), hi: min(t+alwaysTile+r.MaxLen, end), rule: ri})
		}
	}
}

func forEachByte(b []byte, c byte, fn func(int)) {
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], c)
		if i < 0 {
			return
		}
		fn(off + i)
		off += i + 1
	}
}

var isDigit = [256]bool{'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true}

// isDigitSep marks bytes that may join digit groups in one number:
// "+1 (415) 555-0132", "4111 1111 1111 1111", "192.168.0.1".
var isDigitSep = [256]bool{' ': true, '-': true, '.': true, '/': true, '(': true, ')': true, '+': true}

// forEachCluster calls fn for each run of digits joined by at most two
// separator bytes at a time, reporting its digit count and whether it is
// all digits. Clusters are cut every maxClusterLen bytes so that the cut
// points depend only on the cluster's start.
//
// When final is false, b may continue past its end: a cluster whose
// extent depends on bytes not yet present is not reported, and the
// returned index is where the scan must resume (that cluster's start)
// once more bytes are there. When final is true (b is the whole rest of
// the text) every cluster is reported and len(b) is returned.
func forEachCluster(b []byte, minDigits int, final bool, fn func(c cluster)) int {
	n := len(b)
	i := 0
	for i < n {
		for i < n && !isDigit[b[i]] {
			i++
		}
		if i >= n {
			return n
		}
		lo := i
		digits, groups, solid, numJoin := 0, 1, true, false
		last := i
		open := false
		// Shape of the first groups, to recognise calendar dates.
		var glen [4]int
		var gsep [3]byte
		for {
			if i >= n {
				open = true
				break
			}
			if i-lo >= maxClusterLen {
				break
			}
			c := b[i]
			if isDigit[c] {
				digits++
				if groups <= 4 {
					glen[groups-1]++
				}
				last = i
				i++
				continue
			}
			if isDigitSep[c] {
				j := i + 1
				if j >= n {
					open = true
					break
				}
				if isDigitSep[b[j]] {
					j++
					if j >= n {
						open = true
						break
					}
				}
				if isDigit[b[j]] && j-lo < maxClusterLen {
					solid = false
					if j == i+1 && (c == '-' || c == '/' || c == '.') {
						numJoin = true
					}
					if groups <= 3 {
						gsep[groups-1] = c
						if j != i+1 {
							gsep[groups-1] = 0 // two separators: not a date
						}
					}
					groups++
					i = j
					continue
				}
			}
			break
		}
		if open && !final {
			return lo
		}
		hi := last + 1
		if digits >= minDigits {
			fn(cluster{lo: lo, hi: hi, digits: digits, groups: groups, solid: solid, date: isDateShape(groups, glen, gsep), numJoin: numJoin})
		}
		if i == lo {
			i++
		}
		if i < hi {
			i = hi
		}
	}
	return n
}

// runWindows runs the windows in sc.wins over buf = text[base:...], in
// groups (see runGroup), and appends accepted candidates.
func (s *Scanner) runWindows(ctx context.Context, buf, fold []byte, base int, sc *scratch) error {
	if len(sc.wins) == 0 {
		return nil
	}
	wins := sc.sortWindows(sc.wins)
	sc.newPass()
	for i, ran := 0, 0; i < len(wins); ran++ {
		if ran&63 == 63 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("scan: %w", err)
			}
		}
		n := s.groupLen(wins[i:])
		s.runGroup(buf, fold, base, wins[i:i+n], sc)
		i += n
	}
	return nil
}

// runWindow runs one window on its own.
func (s *Scanner) runWindow(buf, fold []byte, base int, w window, sc *scratch) {
	// Not a local array: runGroup may keep ws in sc (sc.after), so it
	// would move to the heap at every call.
	sc.one[0] = w
	s.runGroup(buf, fold, base, sc.one[:], sc)
}

// runSpan runs rule w.rule's regex over buf[w.lo-base:w.hi-base], keeping
// at most limit matches (-1: all).
func (s *Scanner) runSpan(buf, fold []byte, base int, w window, limit int, sc *scratch) {
	r := &s.rules[w.rule]
	win := buf[w.lo-base : w.hi-base]
	// absent: a literal every match holds is not in the window (see
	// required.go), so the regex need not run.
	absent := false
	if !utf8.Valid(win) {
		// go-re2 stops at invalid UTF-8; blank invalid bytes (one for one,
		// so offsets hold) so that what follows is still scanned.
		sc.san = sanitize(sc.san[:0], win)
		win = sc.san
	} else if r.need != nil {
		absent = r.need.absent(win, fold[w.lo-base:w.hi-base])
	}
	g := r.Group
	// An edge of the window that is not an edge of the text is
	// artificial: a match touching it may be a cut-off piece of a longer
	// token (and \b holds there spuriously), so it is dropped. The
	// streaming scanner runs a window only once bytes past its end have
	// arrived, so it makes the same call.
	cutLo := w.lo > 0
	cutHi := w.hi < base+len(buf)
	var ms [][]int
	// Most windows hold no match, and Match allocates nothing where
	// FindAllIndex allocates on every call, match or not. But where the
	// rule's previous window in this scan matched, matches are dense and
	// Match would be one more RE2 call per window: it is skipped.
	// A Go matcher (goFinder) allocates only for a match: no Match first.
	_, goFind := r.re.(goFinder)
	goVal, isGoVal := r.re.(goValueFinder)
	dense := sc.matched[w.rule] == sc.gen || goFind || isGoVal
	if !dense && (absent || !r.re.Match(win)) {
		return
	}
	switch {
	case absent:
		// No match, as the search would find.
	case goFind:
		ms = sc.goMatches(r.re.(goFinder), win, limit) // whole (compileRule)
		g = 0
	case r.whole:
		ms = r.re.FindAllIndex(win, limit)
		g = 0
	case isGoVal:
		ms = sc.goValueMatches(goVal, win, limit, g)
	default:
		ms = s.submatches(r, w.rule, win, limit, sc)
		if r.resume != nil && limit != 1 {
			ms = r.resumeMatches(g, w.rule, win, ms, sc)
		}
	}
	// Consecutive groups of a rule overlap (see runGroup), so a match in
	// the overlap is usually found twice. Its verdict depends only on its
	// span and the buffer, so a value span the rule's previous group
	// judged already has its candidate (or has none): it is skipped.
	prev := sc.judged
	if sc.judgedRule != w.rule {
		prev = nil
	}
	sc.judging = sc.judging[:0]
	sc.ruleContext(w.rule, r)
	if len(ms) > 0 {
		sc.matched[w.rule] = sc.gen
	} else {
		sc.matched[w.rule] = 0
	}
	for _, m := range ms {
		if (cutLo && m[0] == 0) || (cutHi && m[1] == len(win)) {
			continue
		}
		vs, ve := m[2*g], m[2*g+1]
		if vs < 0 || ve <= vs {
			continue
		}
		start, end := w.lo+vs, w.lo+ve
		if r.After > 0 && !followsKeyword(sc.after, start, r.After) {
			continue
		}
		sc.judging = append(sc.judging, span{start, end})
		for len(prev) > 0 && (prev[0].start < start || (prev[0].start == start && prev[0].end < end)) {
			prev = prev[1:]
		}
		if len(prev) > 0 && prev[0] == (span{start, end}) {
			continue
		}
		value := buf[start-base : end-base]
		score, verified, ok := s.judge(r, value, fold, base, start, end, len(buf), sc)
		if !ok {
			continue
		}
		sc.cands = append(sc.cands, candidate{
			Finding: Finding{Type: r.Type, Category: string(r.Category), Rule: r.ID, Start: start, End: end, Score: score, Verified: verified},
			rule:    w.rule,
		})
	}
	sc.judged, sc.judging, sc.judgedRule = sc.judging, sc.judged, w.rule
}

// judge applies a rule's value checks and scoring; ok=false drops it.
func (s *Scanner) judge(r *compiledRule, value, fold []byte, base, start, end, bufLen int, sc *scratch) (score float64, verified string, ok bool) {
	fv := fold[start-base : end-base]
	for _, w := range r.stop {
		if bytes.Contains(fv, w) {
			return 0, "", false
		}
	}
	for _, a := range r.allow {
		if a.Match(value) {
			return 0, "", false
		}
	}
	if r.MinEntropy > 0 && detectors.Entropy(value) < r.MinEntropy {
		return 0, "", false
	}
	score = r.Score
	if r.Validate != nil {
		o := s.opts
		// The context window before the value, as context words see it:
		// the stream keeps those bytes too (Options.Dense).
		o.Dense = digitsAtLeast(fold[max(start-s.ctxWindow, base)-base:start-base], detectors.DenseDigits)
		switch r.Validate(value, o) {
		case detectors.Reject:
			return 0, "", false
		case detectors.Weak:
			score *= weakFactor
		case detectors.Verified:
			score, verified = 1, r.Verification
		}
	}
	if len(r.context) > 0 {
		lo := max(start-s.ctxWindow, base) - base
		hi := min(end+s.ctxWindow, base+bufLen) - base
		found := false
		for i, c := range r.context {
			if sc.ctx[i].contains(fold, lo, hi, c) {
				found = true
				break
			}
		}
		if found {
			score = min(1, score+contextBoost)
		} else if r.RequireContext {
			return 0, "", false
		}
	}
	if score < s.threshold {
		return 0, "", false
	}
	if _, ok := s.allowValues[string(value)]; ok {
		return 0, "", false
	}
	for _, a := range s.allowRes {
		if a.Match(value) {
			return 0, "", false
		}
	}
	return score, verified, true
}

// digitsAtLeast reports whether b holds at least n ASCII digits.
func digitsAtLeast(b []byte, n int) bool {
	for _, c := range b {
		if c-'0' < 10 {
			if n--; n == 0 {
				return true
			}
		}
	}
	return n <= 0
}

// ctxCursor finds one context word around the values of one runSpan
// call. Their search ranges [lo, hi) move forward (values come in order
// of position), so instead of searching each value's range afresh — the
// same bytes again for every value when values are dense — it remembers
// how far the text is searched and the first occurrence found: every
// byte is searched about once per word per call.
type ctxCursor struct {
	// Positions in [from, searched) hold no occurrence, except at occ
	// when occ >= 0; occ is the first occurrence at or after from.
	from, searched, occ int
}

// ruleContext makes sc.ctx rule ri's cursors of this pass. They are kept
// from one window of the rule to the next: a digit rule runs in one
// window per cluster, a date every line of a log, and each window
// searching its value's surroundings afresh for every context word cost
// more than finding the value.
func (sc *scratch) ruleContext(ri int32, r *compiledRule) {
	n := len(r.context)
	if len(sc.ctxPass) <= int(ri) {
		sc.ctxPass = append(sc.ctxPass, make([]uint32, int(ri)+1-len(sc.ctxPass))...)
		sc.ctxRule = append(sc.ctxRule, make([][]ctxCursor, int(ri)+1-len(sc.ctxRule))...)
	}
	cs := sc.ctxRule[ri]
	if sc.ctxPass[ri] != sc.pass || len(cs) != n {
		if cap(cs) < n {
			cs = make([]ctxCursor, n)
		}
		cs = cs[:n]
		for i := range cs {
			cs[i] = ctxCursor{occ: -1}
		}
		sc.ctxRule[ri], sc.ctxPass[ri] = cs, sc.pass
	}
	sc.ctx = cs
}

// contains reports whether word occurs within fold[lo:hi], as
// bytes.Contains(fold[lo:hi], word) does. Where lo goes back (windows
// overlap), the cursor starts afresh.
func (c *ctxCursor) contains(fold []byte, lo, hi int, word []byte) bool {
	if lo < c.from {
		*c = ctxCursor{from: lo, searched: lo, occ: -1}
	}
	if lo > c.from {
		c.from = lo
		if c.occ < lo {
			c.occ = -1
		}
		c.searched = max(c.searched, lo)
	}
	if c.occ < 0 && c.searched+len(word) <= hi {
		if i := bytes.Index(fold[c.searched:hi], word); i >= 0 {
			c.occ = c.searched + i
			c.searched = c.occ + 1
		} else {
			c.searched = hi - len(word) + 1
		}
	}
	return c.occ >= 0 && c.occ+len(word) <= hi
}

func sanitize(dst, b []byte) []byte {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, ' ')
		} else {
			dst = append(dst, b[:n]...)
		}
		b = b[n:]
	}
	return dst
}

// foldInto appends the ASCII-lowercased b to dst; other bytes are kept,
// so offsets are the same in both.
func foldInto(dst, b []byte) []byte {
	n := len(dst)
	dst = slices.Grow(dst, len(b))[:n+len(b)]
	out := dst[n:]
	for i, c := range b {
		out[i] = lower[c]
	}
	return dst
}

var lower = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i) + 'a' - 'A'
		}
	}
	return t
}()

func foldString(s string) string {
	return string(foldInto(nil, []byte(s)))
}

// RoutedRules lists the ids of the rules the prefilter sends text to,
// in rule order. It exists so tests can prove routing separately from
// matching.
func (s *Scanner) RoutedRules(text []byte) []string {
	sc := s.getScratch()
	defer s.putScratch(sc)
	sc.fold = foldInto(sc.fold[:0], text)
	s.collectWindows(text, sc.fold, sc)
	seen := make([]bool, len(s.rules))
	for _, w := range sc.wins {
		if w.rule == gateRule {
			for _, ri := range s.digitRules {
				if s.rules[ri].clusterFits(w.c) {
					seen[ri] = true
				}
			}
			continue
		}
		seen[w.rule] = true
	}
	var out []string
	for i, ok := range seen {
		if ok {
			out = append(out, s.rules[i].ID)
		}
	}
	return out
}

// PrefilterOnly runs only the keyword pass (fold and keyword search) and
// returns how many keyword occurrences there are. Benchmarks use it as
// the ceiling the full scan is compared with.
func (s *Scanner) PrefilterOnly(text []byte) int {
	if s.kwf == nil {
		return 0
	}
	sc := s.getScratch()
	defer s.putScratch(sc)
	sc.fold = foldInto(sc.fold[:0], text)
	return len(s.keywordOccurrences(sc.fold, sc))
}
