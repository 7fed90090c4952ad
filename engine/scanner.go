package engine

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cloudflare/ahocorasick"
	"github.com/sluice-dlp/sluice/detectors"
)

// Errors a scan can fail with. A failed scan has no usable output: callers
// must not forward the input (fail closed).
var (
	ErrTooManyFindings = errors.New("too many findings")
	ErrBudget          = errors.New("scan time budget exceeded")
)

// Recognizer finds entities that patterns cannot, such as names (NER).
// It appends findings with absolute offsets into text.
type Recognizer interface {
	Recognize(ctx context.Context, text []byte, dst []Finding) ([]Finding, error)
}

// Option configures Compile.
type Option func(*Scanner)

// WithRecognizer adds a model-based stage (see package models).
func WithRecognizer(r Recognizer) Option {
	return func(s *Scanner) { s.recognizers = append(s.recognizers, r) }
}

// WithBuiltin replaces the built-in catalogue (tests, benchmarks).
func WithBuiltin(rules []detectors.Rule) Option {
	return func(s *Scanner) { s.builtin = rules }
}

// alwaysTile is the stride of windows for rules with no trigger at all.
const alwaysTile = 4096

// maxClusterLen caps a digit cluster so that hold-back stays bounded even
// on endless digit text; windows around clusters overlap by max_len, so a
// match spanning a split is still found.
const maxClusterLen = 256

// contextBoost is what a context word adds to a score.
const contextBoost = 0.35

// weakFactor scales the score of a value that failed an optional check.
const weakFactor = 0.7

type compiledRule struct {
	detectors.Rule
	re      regex
	allow   []regex
	stop    [][]byte
	context [][]byte
	// back is how far before a trigger a match can start; fwd how far
	// past the trigger's end it can reach.
	back, fwd int
	anchored  bool
	follow    [][]byte // folded Rule.Follow
}

// followed reports whether one of the rule's Follow strings comes within
// FollowWithin bytes after the window's keyword. The window holds those
// bytes (FollowWithin < fwd), in batch and in the stream alike.
func (r *compiledRule) followed(buf []byte, base int, w window) bool {
	lo := w.thi - base
	hi := min(w.thi+r.FollowWithin, w.hi) - base
	if lo < 0 || hi <= lo {
		return true
	}
	region := buf[lo:hi]
	for _, f := range r.follow {
		if containsFold(region, f) {
			return true
		}
	}
	return false
}

// containsFold is bytes.Contains with ASCII case folding of b.
func containsFold(b, sub []byte) bool {
	for i := 0; i+len(sub) <= len(b); i++ {
		j := 0
		for j < len(sub) && lower[b[i+j]] == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// Scanner is a compiled policy. It is immutable and safe for concurrent
// use; per-call scratch comes from a pool.
type Scanner struct {
	policy  *Policy
	builtin []detectors.Rule
	rules   []compiledRule

	matcher    *ahocorasick.Matcher
	keywords   [][]byte
	kwRules    [][]int32
	maxKeyword int
	// kwByLast lists the keywords by their last (folded) byte; the
	// streaming scanner finds keyword occurrences by where they end.
	kwByLast [256][]kwEnd
	// kwPair has a bit for each (second-last, last) byte pair some
	// keyword ends with; kwSingle marks one-byte keywords. They let the
	// stream skip almost every byte without comparing.
	kwPair   [1 << 16 / 64]uint64
	kwSingle [256]bool
	bounds   streamBounds

	atRules, colonRules, digitRules, alwaysRules []int32
	alnumRules                                   []int32
	alnumMin, alnumMax                           int // run lengths alnum rules accept
	minClusterDigits                             int
	// digitSet holds the patterns of digitRules, in order, for the
	// cluster gates; digitBack/digitFwd are their widest reach.
	digitSet            regexSet
	digitBack, digitFwd int

	maxLen, maxBack, maxFwd int
	ctxWindow               int
	threshold               float64
	opts                    detectors.Options
	maxFindings             int

	actions       map[string]Action
	defaultAction Action
	allowValues   map[string]struct{}
	allowRes      []regex
	hashKey       []byte
	fpKey         []byte

	recognizers []Recognizer
	decode      bool // also scan inside encoded runs (see scanEncoded)
	pool        sync.Pool
}

// Compile builds a Scanner from a policy. Every user-rule error names the
// rule; nothing panics on bad input.
func Compile(p *Policy, opts ...Option) (*Scanner, error) {
	if p == nil {
		p = DefaultPolicy()
	}
	s := &Scanner{policy: p, builtin: nil, alnumMin: 1 << 30}
	for _, o := range opts {
		o(s)
	}
	if s.builtin == nil {
		s.builtin = detectors.Builtin()
	}
	s.threshold = DefaultThreshold
	if p.Threshold != nil {
		s.threshold = *p.Threshold
	}
	s.ctxWindow = p.ContextWindow
	if s.ctxWindow <= 0 {
		s.ctxWindow = DefaultContextWindow
	}
	s.opts = detectors.Options{Region: p.PhoneRegion}
	s.decode = p.Decode
	s.maxFindings = p.MaxFindings

	rules, err := s.selectRules(p)
	if err != nil {
		return nil, err
	}
	kwIndex := map[string]int{}
	for _, r := range rules {
		cr, err := compileRule(r, p.MaxHoldback)
		if err != nil {
			return nil, &PolicyError{Source: p.Source, Rule: r.ID, Reason: err.Error()}
		}
		idx := int32(len(s.rules))
		s.rules = append(s.rules, cr)
		s.maxLen = max(s.maxLen, cr.MaxLen)
		s.maxBack = max(s.maxBack, cr.back)
		s.maxFwd = max(s.maxFwd, cr.fwd)
		switch cr.Trigger {
		case detectors.TriggerKeyword:
			for _, k := range cr.Keywords {
				k = foldString(k)
				i, ok := kwIndex[k]
				if !ok {
					i = len(s.keywords)
					kwIndex[k] = i
					s.keywords = append(s.keywords, []byte(k))
					s.kwRules = append(s.kwRules, nil)
					s.maxKeyword = max(s.maxKeyword, len(k))
				}
				if !slices.Contains(s.kwRules[i], idx) {
					s.kwRules[i] = append(s.kwRules[i], idx)
				}
			}
		case detectors.TriggerAt:
			s.atRules = append(s.atRules, idx)
		case detectors.TriggerColon:
			s.colonRules = append(s.colonRules, idx)
		case detectors.TriggerDigits:
			s.digitRules = append(s.digitRules, idx)
		case detectors.TriggerAlways:
			s.alwaysRules = append(s.alwaysRules, idx)
		case detectors.TriggerAlnum:
			s.alnumRules = append(s.alnumRules, idx)
			s.alnumMax = max(s.alnumMax, cr.MaxDigits)
			s.alnumMin = min(s.alnumMin, cr.MinDigits)
		}
	}
	s.minClusterDigits = 1 << 30
	var digitPatterns []string
	for _, i := range s.digitRules {
		r := &s.rules[i]
		s.minClusterDigits = min(s.minClusterDigits, r.MinDigits)
		s.digitBack = max(s.digitBack, r.back)
		s.digitFwd = max(s.digitFwd, r.fwd)
		digitPatterns = append(digitPatterns, r.Pattern)
	}
	if len(digitPatterns) > 1 {
		if set, err := compileSet(digitPatterns); err == nil && set != nil {
			s.digitSet = set
		}
	}
	if len(s.keywords) > 0 {
		s.matcher = ahocorasick.NewMatcher(s.keywords)
	}
	for i, k := range s.keywords {
		last := k[len(k)-1]
		e := kwEnd{ki: int32(i), n: int32(len(k))}
		if len(k) > 1 {
			e.prev = k[len(k)-2]
		}
		s.kwByLast[last] = append(s.kwByLast[last], e)
		if len(k) == 1 {
			s.kwSingle[last] = true
		} else {
			pair := int(k[len(k)-2])<<8 | int(last)
			s.kwPair[pair/64] |= 1 << (pair % 64)
		}
	}
	s.bounds = s.computeBounds()
	if err := s.compileActions(p); err != nil {
		return nil, err
	}
	s.allowValues = map[string]struct{}{}
	for _, v := range p.Allowlist.Values {
		s.allowValues[v] = struct{}{}
	}
	for _, a := range p.Allowlist.Patterns {
		re, err := compileRegex(a)
		if err != nil {
			return nil, &PolicyError{Source: p.Source, Reason: fmt.Sprintf("allowlist pattern %q: %v", a, err)}
		}
		s.allowRes = append(s.allowRes, re)
	}
	s.pool.New = func() any { return new(scratch) }
	return s, nil
}

func (s *Scanner) selectRules(p *Policy) ([]detectors.Rule, error) {
	disabled := map[string]bool{}
	for _, id := range p.Disable {
		disabled[id] = true
	}
	types := map[string]bool{}
	for _, t := range p.Types {
		types[t] = true
	}
	user := map[string]bool{}
	for _, r := range p.Rules {
		user[r.ID] = true
	}
	keep := func(r detectors.Rule) bool {
		return !disabled[r.ID] && (len(types) == 0 || types[r.Type])
	}
	var out []detectors.Rule
	if !p.Builtin.None {
		known := map[string]bool{}
		for _, r := range s.builtin {
			known[r.ID] = true
		}
		for _, id := range p.Builtin.IDs {
			if !known[id] {
				return nil, &PolicyError{Source: p.Source, Reason: fmt.Sprintf("builtin lists unknown rule %q (see `sluice rules`)", id)}
			}
		}
		for _, r := range s.builtin {
			if user[r.ID] || !keep(r) {
				continue
			}
			if !p.Builtin.All {
				if !slices.Contains(p.Builtin.IDs, r.ID) && !slices.Contains(p.Builtin.Cats, string(r.Category)) {
					continue
				}
			}
			out = append(out, r)
		}
	}
	for _, r := range p.Rules {
		if rr := r.toRule(); keep(rr) {
			out = append(out, rr)
		}
	}
	return out, nil
}

func compileRule(r detectors.Rule, holdCap int) (compiledRule, error) {
	cr := compiledRule{Rule: r}
	// Parse with Go's RE2-syntax parser first: it gives a clean message
	// and keeps the C++ RE2 from logging to stderr.
	if _, err := syntax.Parse(r.Pattern, syntax.Perl); err != nil {
		return cr, fmt.Errorf("pattern does not compile: %v", err)
	}
	re, err := compileRegex(r.Pattern)
	if err != nil {
		return cr, fmt.Errorf("pattern does not compile: %v", err)
	}
	if r.Group < 0 || r.Group > re.NumSubexp() {
		return cr, fmt.Errorf("group %d does not exist (pattern has %d)", r.Group, re.NumSubexp())
	}
	cr.re = re
	for _, a := range r.AllowPatterns {
		are, err := compileRegex(a)
		if err != nil {
			return cr, fmt.Errorf("allow pattern %q does not compile: %v", a, err)
		}
		cr.allow = append(cr.allow, are)
	}
	for _, w := range r.Stopwords {
		cr.stop = append(cr.stop, []byte(foldString(w)))
	}
	for _, w := range r.Context {
		cr.context = append(cr.context, []byte(foldString(w)))
	}
	if cr.Score == 0 {
		cr.Score = 0.5
	}
	if len(r.Follow) > 0 && (cr.Trigger != detectors.TriggerKeyword || r.FollowWithin <= 0) {
		return cr, fmt.Errorf("follow needs a keyword trigger and follow_within > 0")
	}
	for _, f := range r.Follow {
		cr.follow = append(cr.follow, []byte(foldString(f)))
	}
	if cr.Trigger == detectors.TriggerKeyword && len(cr.Keywords) == 0 {
		cr.Trigger = detectors.TriggerAlways
	}
	if cr.MaxLen <= 0 {
		cr.MaxLen = holdCap
		if cr.MaxLen <= 0 {
			cr.MaxLen = DefaultMaxHoldback
		}
	}
	if cr.Trigger == detectors.TriggerDigits && cr.MinDigits <= 0 {
		cr.MinDigits = 1
	}
	if cr.Trigger == detectors.TriggerDigits && cr.MaxDigits <= 0 {
		cr.MaxDigits = 1 << 30
	}
	if cr.Trigger == detectors.TriggerAlnum {
		cr.MinDigits = max(cr.MinDigits, 2)
		if cr.MaxDigits <= 0 || cr.MaxDigits > maxClusterLen {
			cr.MaxDigits = maxClusterLen
		}
	}
	if cr.Trigger == detectors.TriggerColon {
		// For colon rules the digit bounds count colons in the run.
		cr.MinDigits = max(cr.MinDigits, 2)
		if cr.MaxDigits <= 0 {
			cr.MaxDigits = 1 << 30
		}
	}
	cr.back, cr.fwd = cr.MaxLen+1, cr.MaxLen+1
	if cr.Trigger == detectors.TriggerKeyword {
		if lead, ok := anchorLead(r.Pattern, r.Keywords); ok {
			cr.anchored = true
			cr.back = lead + 1
		}
	}
	if !cr.anchored {
		// Skipping a keyword's window is safe only when every match
		// starts at a keyword: then the match's own keyword passes.
		cr.follow = nil
	}
	return cr, nil
}

// DefaultMaxHoldback bounds user rules that declare no max_len.
const DefaultMaxHoldback = 1024

func (s *Scanner) compileActions(p *Policy) error {
	s.actions = map[string]Action{}
	s.defaultAction = Action{Op: OpReplace}
	needKey := false
	for typ, a := range p.Actions {
		if typ == "default" {
			s.defaultAction = a
		} else {
			s.actions[typ] = a
		}
		if a.Op == OpHash || a.Op == OpEncrypt {
			needKey = true
		}
	}
	key := p.HashKey
	if name, ok := strings.CutPrefix(key, "env:"); ok {
		key = os.Getenv(name)
		if key == "" && needKey {
			return &PolicyError{Source: p.Source, Reason: fmt.Sprintf("hash_key names environment variable %s, which is empty", name)}
		}
	}
	if needKey && len(key) < 16 {
		return &PolicyError{Source: p.Source, Reason: "hash and encrypt actions need hash_key of at least 16 bytes"}
	}
	s.hashKey = []byte(key)
	s.fpKey = []byte(key)
	if len(s.fpKey) == 0 {
		s.fpKey = make([]byte, 32)
		_, _ = rand.Read(s.fpKey)
	}
	return nil
}

// Policy returns the policy the scanner was compiled from.
func (s *Scanner) Policy() *Policy { return s.policy }

// MaxLen is the longest span any rule can match.
func (s *Scanner) MaxLen() int { return s.maxLen }

// NumRules is the number of compiled rules.
func (s *Scanner) NumRules() int { return len(s.rules) }

// Rules returns the compiled rules, in evaluation order.
func (s *Scanner) Rules() []detectors.Rule {
	out := make([]detectors.Rule, len(s.rules))
	for i := range s.rules {
		out[i] = s.rules[i].Rule
	}
	return out
}

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
	hits  []int
	// filter and marked select, for one scan, the keywords the matcher
	// reported (see locateKeywords); both are left all-zero after use.
	filter [1 << 16 / 64]uint64
	marked []uint64
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
	if err := s.patternCandidates(ctx, text, sc); err != nil {
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
			sc.cands = append(sc.cands, candidate{Finding: f, rule: int32(len(s.rules))})
		}
	}
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
	if s.matcher != nil {
		sc.hits = append(sc.hits[:0], s.matcher.MatchThreadSafe(fold)...)
		s.locateKeywords(fold, sc, func(ki int32, h int) {
			for _, ri := range s.kwRules[ki] {
				add(ri, h, h+len(s.keywords[ki]))
			}
		})
	}
	if len(s.atRules) > 0 {
		forEachByte(text, '@', func(i int) {
			for _, ri := range s.atRules {
				add(ri, i, i+1)
			}
		})
	}
	if len(s.colonRules) > 0 {
		forEachColonRun(text, 0, true, func(lo, hi, colons int, double bool) {
			for _, ri := range s.colonRules {
				if s.rules[ri].colonRunFits(colons, double) {
					add(ri, lo, hi)
				}
			}
		})
	}
	if len(s.alnumRules) > 0 {
		forEachAlnumRun(text, 0, s.alnumMin, s.alnumMax, true, func(lo, hi int) {
			for _, ri := range s.alnumRules {
				if r := &s.rules[ri]; hi-lo >= r.MinDigits && hi-lo <= r.MaxDigits {
					add(ri, lo, hi)
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
		digits, groups, solid := 0, 1, true
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
			fn(cluster{lo: lo, hi: hi, digits: digits, groups: groups, solid: solid, date: isDateShape(groups, glen, gsep)})
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

// runWindows runs each window's regex over buf = text[base:...] and
// appends accepted candidates. Identical windows run once.
func (s *Scanner) runWindows(ctx context.Context, buf, fold []byte, base int, sc *scratch) error {
	if len(sc.wins) == 0 {
		return nil
	}
	slices.SortFunc(sc.wins, func(a, b window) int {
		if a.rule != b.rule {
			return int(a.rule - b.rule)
		}
		if a.lo != b.lo {
			return a.lo - b.lo
		}
		return a.hi - b.hi
	})
	prev := window{lo: -1}
	for i, w := range sc.wins {
		if w == prev {
			continue
		}
		prev = w
		if i&63 == 63 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("scan: %w", err)
			}
		}
		s.runWindow(buf, fold, base, w, sc)
	}
	return nil
}

func (s *Scanner) runWindow(buf, fold []byte, base int, w window, sc *scratch) {
	if w.rule == gateRule {
		s.runGate(buf, fold, base, w, sc)
		return
	}
	r := &s.rules[w.rule]
	if len(r.follow) > 0 && !r.followed(buf, base, w) {
		return
	}
	win := buf[w.lo-base : w.hi-base]
	if !utf8.Valid(win) {
		// go-re2 stops at invalid UTF-8; blank invalid bytes (one for one,
		// so offsets hold) so that what follows is still scanned.
		sc.san = sanitize(sc.san[:0], win)
		win = sc.san
	}
	g := r.Group
	// An edge of the window that is not an edge of the text is
	// artificial: a match touching it may be a cut-off piece of a longer
	// token (and \b holds there spuriously), so it is dropped. The
	// streaming scanner runs a window only once bytes past its end have
	// arrived, so it makes the same call.
	cutLo := w.lo > 0
	cutHi := w.hi < base+len(buf)
	// In a keyword-anchored rule's window the first match is the one
	// that starts at the window's keyword; any later match starts at
	// another occurrence, which has a window of its own. Stopping at the
	// first spares a scan of the rest of long windows (PEM keys: 16 KiB).
	limit := -1
	if r.anchored {
		limit = 1
	}
	for _, m := range r.re.FindAllSubmatchIndex(win, limit) {
		if (cutLo && m[0] == 0) || (cutHi && m[1] == len(win)) {
			continue
		}
		vs, ve := m[2*g], m[2*g+1]
		if vs < 0 || ve <= vs {
			continue
		}
		start, end := w.lo+vs, w.lo+ve
		value := buf[start-base : end-base]
		score, verified, ok := s.judge(r, value, fold, base, start, end, len(buf))
		if !ok {
			continue
		}
		sc.cands = append(sc.cands, candidate{
			Finding: Finding{Type: r.Type, Category: string(r.Category), Rule: r.ID, Start: start, End: end, Score: score, Verified: verified},
			rule:    w.rule,
		})
	}
}

// judge applies a rule's value checks and scoring; ok=false drops it.
func (s *Scanner) judge(r *compiledRule, value, fold []byte, base, start, end, bufLen int) (score float64, verified string, ok bool) {
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
		switch r.Validate(value, s.opts) {
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
		for _, c := range r.context {
			if bytes.Contains(fold[lo:hi], c) {
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

// PrefilterOnly runs only the keyword pass (fold and Aho-Corasick) and
// returns how many keywords occur. Benchmarks use it as the ceiling the
// full scan is compared with.
func (s *Scanner) PrefilterOnly(text []byte) int {
	if s.matcher == nil {
		return 0
	}
	sc := s.getScratch()
	defer s.putScratch(sc)
	sc.fold = foldInto(sc.fold[:0], text)
	sc.hits = append(sc.hits[:0], s.matcher.MatchThreadSafe(sc.fold)...)
	return len(sc.hits)
}
