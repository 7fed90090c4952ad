package engine

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

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
	whole     bool     // the value group is the whole match (groupIsMatch)
	follow    [][]byte // folded Rule.Follow
	// validator is Rule.Validate as written; Rule.Validate is what runs
	// (wrapped for WeakCheck).
	validator detectors.Validator
	resume    regex     // see resume.go; nil: the search from a match's end misses nothing
	need      *ruleNeed // literals every match holds (required.go)
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

	kwf        *kwFilter    // finds keyword occurrences (see keywords.go)
	ac         *acAuthority // confirms them (see keywords_ac.go)
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
	digitSetRules       [][]int32       // the digit rules of each set entry
	digitFind           []int32         // the digit rules with a Go matcher, not in the set
	setLimits           []clusterLimits // the distinct cluster limits of the set's rules
	digitBack, digitFwd int

	maxLen, maxBack, maxFwd int
	ctxWindow               int
	threshold               float64
	opts                    detectors.Options
	maxFindings             int

	actions       map[string]Action // by entity type
	ruleActions   map[string]Action // by rule id: wins over actions
	reports       bool              // some action is report
	defaultAction Action
	allowValues   map[string]struct{}
	allowRes      []regex
	hashKey       []byte
	fpKey         []byte

	recognizers []Recognizer
	decode      bool // also scan inside encoded runs (see scanEncoded)
	pool        sync.Pool
	viewPool    sync.Pool // *viewScratch, for the normalised view
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
		// Read, never modified: rules are copied by value below and
		// every derived slice is new (see compileRule).
		s.builtin = detectors.Catalogue()
	}
	if err := p.checkNames(s.builtin); err != nil {
		return nil, err
	}
	s.threshold = DefaultThreshold
	if p.Threshold != nil {
		s.threshold = *p.Threshold
	}
	s.ctxWindow = p.ContextWindow
	if s.ctxWindow <= 0 {
		s.ctxWindow = DefaultContextWindow
	}
	s.opts = detectors.Options{Region: p.PhoneRegion, Regions: p.PhoneRegions}
	s.decode = p.Decode
	s.maxFindings = p.MaxFindings

	rules, err := s.selectRules(p)
	if err != nil {
		return nil, err
	}
	kwIndex := make(map[string]int, 2*len(rules))
	// The distinct folded keywords, and a (keyword, rule) pair for each
	// of a rule's keywords: s.keywords and s.kwRules are carved from two
	// arrays after the loop (a slice per keyword was most of Compile's
	// allocations).
	var kwNames []string
	var kwPairs [][2]int32
	user := map[string]bool{}
	for _, r := range p.Rules {
		user[r.ID] = true
	}
	// Catalogue rules with one pattern (the provider table's rows of one
	// token shape) share its program: real text that names many
	// providers builds and warms one regex per shape, not one per row.
	// (The table of shape_builtin.go holds one program per pattern of
	// the built-in catalogue; a catalogue it does not describe goes by
	// the pattern here.)
	shared := map[string]regex{}
	// A compiled rule is some 500 bytes and the catalogue holds over a
	// thousand: each is built in place, not copied through appends.
	s.rules = make([]compiledRule, len(rules))
	for ri, pk := range rules {
		r := routeByContext(*pk.r, s.threshold)
		cr := &s.rules[ri]
		lazy := !user[r.ID]
		var known *knownRule
		if lazy {
			if k, ok := knownRuleOf(s.builtin, pk.builtin, &r); ok {
				known = &k
			}
		}
		err := compileRule(cr, r, p.MaxHoldback, s.ctxWindow, lazy, known)
		switch {
		case err != nil || !lazy || known != nil:
		default:
			if re, ok := shared[r.Pattern]; ok {
				cr.re = re
			} else {
				shared[r.Pattern] = cr.re
			}
		}
		if err != nil {
			line := 0
			if i := slices.IndexFunc(p.Rules, func(u detectors.Rule) bool { return u.ID == r.ID }); i >= 0 {
				line = p.line(fmt.Sprintf("rules[%d]", i))
			}
			return nil, &PolicyError{Source: p.Source, Line: line, Rule: r.ID, Reason: err.Error()}
		}
		idx := int32(ri)
		s.maxLen = max(s.maxLen, cr.MaxLen)
		s.maxBack = max(s.maxBack, cr.back)
		s.maxFwd = max(s.maxFwd, cr.fwd)
		switch cr.Trigger {
		case detectors.TriggerKeyword:
			for _, k := range cr.Keywords {
				k = foldedString(k)
				i, ok := kwIndex[k]
				if !ok {
					i = len(kwNames)
					kwIndex[k] = i
					kwNames = append(kwNames, k)
				}
				kwPairs = append(kwPairs, [2]int32{int32(i), idx})
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
	s.setKeywords(kwNames, kwPairs)
	s.minClusterDigits = 1 << 30
	// Rules with the same pattern (many national numbers are "9 digits,
	// bounded") share one entry of the set: a smaller set is a faster one.
	var digitPatterns []string
	setIndex := map[string]int{}
	for _, i := range s.digitRules {
		r := &s.rules[i]
		s.minClusterDigits = min(s.minClusterDigits, r.MinDigits)
		s.digitBack = max(s.digitBack, r.back)
		s.digitFwd = max(s.digitFwd, r.fwd)
		if r.Find != nil {
			s.digitFind = append(s.digitFind, i) // runs without the set (see runGate)
			continue
		}
		sp := r.Pattern
		k, ok := setIndex[sp]
		if !ok {
			k = len(digitPatterns)
			setIndex[sp] = k
			digitPatterns = append(digitPatterns, sp)
			s.digitSetRules = append(s.digitSetRules, nil)
		}
		s.digitSetRules[k] = append(s.digitSetRules[k], i)
		if l := r.limits(); !slices.Contains(s.setLimits, l) {
			s.setLimits = append(s.setLimits, l)
		}
	}
	if len(digitPatterns) > 1 {
		s.digitSet = newLazySet(digitPatterns)
	}
	if len(s.keywords) > 0 {
		s.kwf = newKwFilter(s.keywords)
		s.ac = newACAuthority(s.keywords)
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
		re, err := compilePattern(a)
		if err != nil {
			return nil, &PolicyError{Source: p.Source, Line: p.line("allowlist.patterns=" + a), Reason: fmt.Sprintf("allowlist pattern %q %v", a, err)}
		}
		s.allowRes = append(s.allowRes, re)
	}
	s.pool.New = func() any { return new(scratch) }
	return s, nil
}

// pick is a rule the policy keeps: a pointer into the catalogue (a copy
// of it is half a megabyte, which a fresh process would first touch) and
// its index there, or into a copy of the user's rules (builtin -1).
type pick struct {
	r       *detectors.Rule
	builtin int32
}

// selectRules returns the rules the policy keeps, in order.
func (s *Scanner) selectRules(p *Policy) ([]pick, error) {
	disabled := map[string]bool{}
	for _, id := range p.Disable {
		disabled[id] = true
	}
	// Builtin and Disable name known rules: checkNames ran.
	types := map[string]bool{}
	for _, t := range p.Types {
		types[t] = true
	}
	user := map[string]bool{}
	for _, r := range p.Rules {
		user[r.ID] = true
	}
	keep := func(r *detectors.Rule) bool {
		return !disabled[r.ID] && (len(types) == 0 || types[r.Type])
	}
	out := make([]pick, 0, len(s.builtin)+len(p.Rules))
	if !p.Builtin.None {
		for i := range s.builtin {
			r := &s.builtin[i]
			if user[r.ID] || !keep(r) {
				continue
			}
			if !p.Builtin.All {
				if !slices.Contains(p.Builtin.IDs, r.ID) && !slices.Contains(p.Builtin.Cats, string(r.Category)) {
					continue
				}
			}
			out = append(out, pick{r, int32(i)})
		}
	}
	userRules := slices.Clone(p.Rules)
	for i := range userRules {
		r := &userRules[i]
		if r.Category == "" {
			r.Category = detectors.Custom
		}
		if keep(r) {
			out = append(out, pick{r, -1})
		}
	}
	return out, nil
}

// compileRule compiles one rule; lazy (catalogue rules) defers building
// its RE2 programs to their first use (see lazyRegex). known is what the
// table says of the rule (see knownRuleOf), or nil.
func compileRule(cr *compiledRule, r detectors.Rule, holdCap, ctxWindow int, lazy bool, known *knownRule) error {
	*cr = compiledRule{Rule: r}
	var shape ruleShape
	var err error
	if known != nil {
		shape = known.shape
	} else {
		if shape, err = deriveShape(r.Pattern, r.Group, anchorKeywords(&r), lazy); err != nil {
			return fmt.Errorf("pattern %v", err)
		}
	}
	if r.Group < 0 || r.Group > shape.ncap {
		return fmt.Errorf("group %d does not exist (pattern has %d)", r.Group, shape.ncap)
	}
	switch {
	case known != nil:
		cr.re = known.re
	case lazy:
		cr.re = newLazyRegex(r.Pattern)
	default:
		cr.re, err = compileRegex(r.Pattern)
	}
	if err != nil {
		return fmt.Errorf("pattern does not compile: %v", err)
	}
	cr.whole = shape.whole
	if r.Find != nil {
		if !shape.whole {
			return fmt.Errorf("has a Go matcher but its value is not its whole match")
		}
		cr.re = goFinder{r.Find}
	}
	if r.FindValue != nil {
		if shape.whole || r.Group != 1 || r.Find != nil {
			return fmt.Errorf("has a Go value matcher but its value is not group 1 of a part of its match")
		}
		cr.re = goValueFinder{r.FindValue}
	}
	if known != nil {
		if known.resume != nil { // a nil *lazyRegex in cr.resume would not be nil
			cr.resume = known.resume
		}
		cr.need = known.need
	} else {
		cr.resume = resumeRegex(r.Pattern, r.Group)
		cr.need = newRuleNeed(r.Pattern, r.Keywords)
	}
	for _, a := range r.AllowPatterns {
		are, err := allowPattern(a, lazy)
		if err != nil {
			return fmt.Errorf("allow pattern %q %v", a, err)
		}
		cr.allow = append(cr.allow, are)
	}
	for _, w := range r.Stopwords {
		cr.stop = append(cr.stop, []byte(foldedString(w)))
	}
	for _, w := range r.Context {
		cr.context = append(cr.context, []byte(foldedString(w)))
	}
	if cr.Score == 0 {
		cr.Score = 0.5
	}
	if cr.Verification == "" && cr.Validate != nil {
		cr.Verification, _ = cr.Validate.Name()
	}
	cr.validator = r.Validate
	if v := r.Validate; v != nil && r.WeakCheck {
		cr.Validate = func(b []byte, o detectors.Options) detectors.Verdict {
			if got := v(b, o); got != detectors.Verified {
				return got
			}
			return detectors.Plausible
		}
	}
	if len(r.Follow) > 0 && (cr.Trigger != detectors.TriggerKeyword || r.FollowWithin <= 0) {
		return fmt.Errorf("follow needs a keyword trigger and follow_within > 0")
	}
	for _, f := range r.Follow {
		cr.follow = append(cr.follow, []byte(foldedString(f)))
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
	if cr.Trigger == detectors.TriggerKeyword && shape.anchored {
		cr.anchored = true
		cr.back = shape.lead + 1
	}
	if r.After < 0 || (r.After > 0 && (cr.Trigger != detectors.TriggerKeyword || len(r.Keywords) == 0)) {
		return fmt.Errorf("after needs a keyword trigger with keywords and a positive byte count")
	}
	if r.After > 0 {
		// Every match begins after a keyword: the window need not look
		// before one (runSpan keeps only matches that begin within After
		// bytes of a window's keyword).
		cr.back = 1
	}
	if !cr.anchored {
		// Skipping a keyword's window is safe only when every match
		// starts at a keyword: then the match's own keyword passes.
		cr.follow = nil
	}
	if !cr.anchored && routedByContext(cr) {
		// The keyword that routed the rule is one of its context words,
		// and a value counts when that word is within the policy's
		// context window of it: the window reaches that far.
		cr.back, cr.fwd = cr.MaxLen+ctxWindow+1, cr.MaxLen+ctxWindow+1
	}
	return nil
}

// anchorKeywords are the keywords compileRule asks whether every match
// starts with (anchorLeadOf), nil when the answer would change nothing:
// a rule with After looks only after its keywords (back = 1) and keeps
// every match of a window (runGroup), so its anchoring matters only to
// Follow and to routing by context. Working it out for the provider
// table's rows would parse each of their patterns in every Compile.
func anchorKeywords(r *detectors.Rule) []string {
	if r.Trigger != detectors.TriggerKeyword || (r.After > 0 && len(r.Follow) == 0 && !r.RequireContext) {
		return nil
	}
	return r.Keywords
}

// setKeywords fills s.keywords with names and s.kwRules with the rules of
// each, in the order of pairs (rule order), each rule once.
func (s *Scanner) setKeywords(names []string, pairs [][2]int32) {
	n := 0
	for _, k := range names {
		n += len(k)
	}
	text := make([]byte, 0, n)
	s.keywords = make([][]byte, len(names))
	for i, k := range names {
		text = append(text, k...)
		s.keywords[i] = text[len(text)-len(k) : len(text) : len(text)]
		s.maxKeyword = max(s.maxKeyword, len(k))
	}
	start := make([]int32, len(names)+1)
	for _, p := range pairs {
		start[p[0]+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	all := make([]int32, len(pairs))
	end := slices.Clone(start[:len(names)])
	for _, p := range pairs {
		k := p[0]
		// A rule's keywords come together: its second listing of a
		// keyword (after folding) is the bucket's last entry.
		if end[k] > start[k] && all[end[k]-1] == p[1] {
			continue
		}
		all[end[k]] = p[1]
		end[k]++
	}
	s.kwRules = make([][]int32, len(names))
	for i := range names {
		s.kwRules[i] = all[start[i]:end[i]:end[i]]
	}
}

// foldedString is foldString, without a copy when s is folded already
// (as nearly every built-in keyword and context word is).
func foldedString(s string) string {
	for i := 0; i < len(s); i++ {
		if lower[s[i]] != s[i] {
			return foldString(s)
		}
	}
	return s
}

// routedByContext reports a context-gated rule routed by its own context
// words: it requires context, and every keyword is (a prefix of) one of
// them.
func routedByContext(r *compiledRule) bool {
	if !r.RequireContext || r.Trigger != detectors.TriggerKeyword || len(r.Keywords) == 0 {
		return false
	}
	for _, k := range r.Keywords {
		k = foldedString(k)
		if !slices.ContainsFunc(r.context, func(c []byte) bool { return len(c) >= len(k) && string(c[:len(k)]) == k }) {
			return false
		}
	}
	return true
}

// compilePattern compiles a policy's RE2 expression. Go's parser of the
// same syntax runs first: its message is clean, and a pattern it refuses
// never reaches the C++ RE2, which would log its own complaint to stderr.
func compilePattern(expr string) (regex, error) {
	if _, err := parsePattern(expr); err != nil {
		return nil, err
	}
	re, err := compileRegex(expr)
	if err != nil {
		return nil, fmt.Errorf("does not compile: %v", err)
	}
	return re, nil
}

// DefaultMaxHoldback bounds user rules that declare no max_len.
const DefaultMaxHoldback = 1024

// compileActions resolves the policy's actions: by rule id (ruleActions),
// by entity type (actions), and the default. A built-in rule the policy
// names neither by id nor by type takes its BuiltinActions entry, if any.
func (s *Scanner) compileActions(p *Policy) error {
	s.actions = map[string]Action{}
	s.ruleActions = map[string]Action{}
	s.defaultAction = Action{Op: OpReplace}
	ids := map[string]bool{}
	user := map[string]bool{}
	for _, r := range p.Rules {
		user[r.ID] = true
	}
	if len(p.Actions) > 0 { // else every rule's id would be read for nothing
		for i := range s.rules {
			ids[s.rules[i].ID] = true
		}
	}
	needKey := false
	for key, a := range p.Actions {
		switch {
		case key == "default":
			s.defaultAction = a
		case ids[key]:
			s.ruleActions[key] = a
			// A name that is a rule id and an entity type acts as both.
			if slices.ContainsFunc(s.rules, func(r compiledRule) bool { return r.Type == key }) {
				s.actions[key] = a
			}
		default:
			s.actions[key] = a
		}
		if a.Op == OpHash || a.Op == OpEncrypt {
			needKey = true
		}
	}
	inherited := BuiltinActions()
	for i := range s.rules {
		r := &s.rules[i]
		a, ok := inherited[r.ID]
		if !ok || user[r.ID] {
			continue
		}
		if _, named := p.Actions[r.ID]; named {
			continue
		}
		if _, named := p.Actions[r.Type]; named {
			continue
		}
		s.ruleActions[r.ID] = a
	}
	s.reports = s.defaultAction.Op == OpReport
	for _, m := range []map[string]Action{s.actions, s.ruleActions} {
		for _, a := range m {
			s.reports = s.reports || a.Op == OpReport
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

// Rules returns the compiled rules, in evaluation order. The slice is
// new; the rules' own slices (keywords, examples, ...) are shared with the
// scanner and the built-in catalogue: read them, do not modify them.
func (s *Scanner) Rules() []detectors.Rule {
	out := make([]detectors.Rule, len(s.rules))
	for i := range s.rules {
		out[i] = detectors.WithExamples(s.rules[i].Rule)
		out[i].Validate = s.rules[i].validator
	}
	return out
}
