package bench

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// ResultVersion is the version of the Result JSON; a baseline written by
// another version is refused rather than misread.
const ResultVersion = 1

// LatencySizes are the message sizes whose per-message latency is
// reported.
var LatencySizes = []int{256, 4 << 10, 64 << 10}

// Options tune a throughput run.
type Options struct {
	// MinTime is how long each whole-corpus measurement runs at least
	// (rounds of the whole corpus are repeated until it has passed).
	MinTime time.Duration
	// Rounds is how many measurements the median is taken over.
	Rounds int
	// RuleTime is the minimum time per rule for per-rule attribution.
	RuleTime time.Duration
	// RuleBytes caps the text each rule is timed on alone (the corpus's
	// first RuleBytes), so that attribution over hundreds of rules stays
	// seconds on a big corpus.
	RuleBytes int
	// WarmBytes is how much of the corpus warms up each measurement.
	WarmBytes int

	// fastest makes a measurement the fastest of its rounds instead of
	// the median: per-rule timings are short, and on a shared machine
	// one preemption would dominate a single short round.
	fastest bool
	// LatencyMessages is how many 256 B messages are timed one by one;
	// larger sizes use proportionally fewer (at least 20).
	LatencyMessages int
	// SkipRules turns off per-rule attribution.
	SkipRules bool
	// Reference, when set, is ordinary text timed beside each input of a
	// per-input corpus (the adversarial one), before the first and after
	// the last, so that every input's speed is also given as a share of
	// it in the same run: the worst case must stay within a fixed factor
	// of real text, whatever the machine.
	Reference *Doc
	// Progress, when set, is told what is being measured as each step
	// starts (a terminal shows it while a long run goes on).
	Progress func(step string)
}

func (o Options) progress(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

// QuickOptions finish in a few seconds on a 1 MiB corpus: for CI smoke runs.
func QuickOptions() Options {
	return Options{MinTime: 100 * time.Millisecond, Rounds: 3, RuleTime: 0, RuleBytes: 256 << 10, WarmBytes: 256 << 10, LatencyMessages: 200}
}

// DefaultOptions are for numbers one compares across commits.
func DefaultOptions() Options {
	return Options{MinTime: 500 * time.Millisecond, Rounds: 5, RuleTime: 40 * time.Millisecond, RuleBytes: 4 << 20, WarmBytes: 1 << 20, LatencyMessages: 2000}
}

// Latency is the per-message scan time at one message size.
type Latency struct {
	Size     int     `json:"size"`
	Messages int     `json:"messages"`
	P50us    float64 `json:"p50_us"`
	P99us    float64 `json:"p99_us"`
}

// RuleCost is what one rule costs when it runs alone over the corpus.
type RuleCost struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Category string `json:"category"`
	Trigger  string `json:"trigger"`
	User     bool   `json:"user,omitempty"` // a rule of the policy file, not the catalogue
	// MBps is the throughput of a scanner holding only this rule.
	MBps float64 `json:"mbps"`
	// CostUsPerMiB is the time this rule adds per MiB of text beyond the
	// pass over the text (the fold, and for a keyword rule the keyword
	// search, done once for all rules and reported as KeywordMBps):
	// locating its triggers, its windows, regex, validator and scoring.
	CostUsPerMiB float64 `json:"cost_us_per_mib"`
	// Share is CostUsPerMiB as a fraction of the full policy's time per
	// MiB. Shares need not sum to 1: rules share the keyword pass.
	Share float64 `json:"share"`
}

// Result is one `sluice bench throughput` run; its JSON is what
// --baseline reads back.
type Result struct {
	Version int    `json:"version"`
	Policy  string `json:"policy"`
	Rules   int    `json:"rules"`
	Regex   string `json:"regex"`
	Go      string `json:"go"`
	Arch    string `json:"arch"`
	CPUs    int    `json:"cpus"`
	Corpus  string `json:"corpus"`
	Docs    int    `json:"docs"`
	Bytes   int    `json:"bytes"`

	// FullMBps is the whole policy (AppendFindings); KeywordMBps the
	// keyword pass alone (fold + Aho-Corasick, PrefilterOnly) in the same
	// run. Ratio = FullMBps / KeywordMBps: closer to 1 means the
	// detectors cost little beyond the unavoidable pass over the text,
	// and it moves much less than MB/s from one machine to another.
	FullMBps    float64 `json:"full_mbps"`
	KeywordMBps float64 `json:"keyword_mbps"`
	Ratio       float64 `json:"ratio"`

	// AllocsPerScan averages over every doc; AllocsClean over the docs in
	// which nothing was found (the engine's target there is 0).
	AllocsPerScan float64 `json:"allocs_per_scan"`
	AllocsClean   float64 `json:"allocs_per_clean_scan"`
	CleanDocs     int     `json:"clean_docs"`

	Latency   []Latency  `json:"latency"`
	RuleCosts []RuleCost `json:"rule_costs,omitempty"`
	// RuleBytes is how much of the corpus each rule was timed on alone.
	RuleBytes int `json:"rule_bytes,omitempty"`
	// Stages split the full policy's time per MiB into steps that add up
	// to it (see measureStages).
	Stages []Stage `json:"stages,omitempty"`
	// Inputs time each document on its own, for corpora whose documents
	// are different kinds of input (the adversarial ones).
	Inputs []InputSpeed `json:"inputs,omitempty"`
	// Reference is the reference text's speed when Options.Reference
	// was set (the mean of its two timings).
	Reference *InputSpeed `json:"reference,omitempty"`
	Accuracy  *Accuracy   `json:"accuracy,omitempty"`
}

// Stage is one step of the time table. Steps are measured cumulatively —
// the text pass, then the keyword search, then the rules of one trigger
// kind after another added to the scanner — and each step's cost is its
// cumulative time less the previous one's, so the steps add up to the
// full policy's time (fastest round; see measureStages). On a noisy
// machine a small step can come out negative.
type Stage struct {
	Name     string  `json:"name"`
	Rules    int     `json:"rules,omitempty"`
	UsPerMiB float64 `json:"us_per_mib"`
	Share    float64 `json:"share"`
}

// InputSpeed is one document timed on its own.
type InputSpeed struct {
	ID          string  `json:"id"`
	Bytes       int     `json:"bytes"`
	FullMBps    float64 `json:"full_mbps"`
	KeywordMBps float64 `json:"keyword_mbps"`
	// OfReference is FullMBps as a share of the reference text's.
	OfReference float64 `json:"of_reference,omitempty"`
}

// Measure times the policy p, compiled as s, over docs. Docs with labels
// are also scored for accuracy. corpus describes the docs in the result.
func Measure(ctx context.Context, p *engine.Policy, s *engine.Scanner, docs []Doc, corpus string, o Options) (*Result, error) {
	if len(docs) == 0 || Bytes(docs) == 0 {
		return nil, fmt.Errorf("%w: the corpus is empty", ErrCorpus)
	}
	o = withDefaults(o)
	texts := make([][]byte, len(docs))
	for i := range docs {
		texts[i] = []byte(docs[i].Text)
	}
	res := &Result{
		Version: ResultVersion, Policy: p.ID, Rules: s.NumRules(), Regex: engine.RegexEngine,
		Go: runtime.Version(), Arch: runtime.GOOS + "/" + runtime.GOARCH, CPUs: runtime.NumCPU(),
		Corpus: corpus, Docs: len(docs), Bytes: Bytes(docs),
	}
	if res.Policy == "" {
		res.Policy = p.Source
	}
	o.progress("full policy over %s", FormatSize(res.Bytes))
	full, err := timeScans(ctx, s, texts, o)
	if err != nil {
		return nil, err
	}
	res.FullMBps = mbps(res.Bytes, full)
	o.progress("keyword pass")
	kw := timeRounds(texts, o, func(t []byte) { s.PrefilterOnly(t) })
	res.KeywordMBps = mbps(res.Bytes, kw)
	if res.KeywordMBps > 0 {
		res.Ratio = res.FullMBps / res.KeywordMBps
	}
	if perInput(docs) {
		if res.Inputs, res.Reference, err = measureInputs(ctx, s, docs, o); err != nil {
			return nil, err
		}
	}
	o.progress("allocations")
	if err := measureAllocs(ctx, s, texts, res); err != nil {
		return nil, err
	}
	for _, size := range LatencySizes {
		o.progress("latency at %s", FormatSize(size))
		l, err := latency(ctx, s, docs, size, o)
		if err != nil {
			return nil, err
		}
		res.Latency = append(res.Latency, l)
	}
	if !o.SkipRules {
		res.Stages, err = measureStages(ctx, p, s, texts, res.Bytes, o)
		if err != nil {
			return nil, err
		}
		res.RuleCosts, err = ruleCosts(ctx, p, s, texts, float64(full)/1e3/(float64(res.Bytes)/(1<<20)), o)
		if err != nil {
			return nil, err
		}
		res.RuleBytes = min(res.Bytes, o.RuleBytes)
	}
	for _, d := range docs {
		if len(d.Labels) > 0 {
			res.Accuracy, err = Score(ctx, s, docs, false)
			if err != nil {
				return nil, err
			}
			// The lists belong to `sluice bench accuracy`; a throughput
			// result keeps the counts only.
			res.Accuracy.Misses, res.Accuracy.FalseAlarms = nil, nil
			break
		}
	}
	return res, nil
}

func withDefaults(o Options) Options {
	d := QuickOptions()
	if o.Rounds <= 0 {
		o.Rounds = d.Rounds
	}
	if o.MinTime <= 0 {
		o.MinTime = d.MinTime
	}
	if o.LatencyMessages <= 0 {
		o.LatencyMessages = d.LatencyMessages
	}
	if o.RuleBytes <= 0 {
		o.RuleBytes = d.RuleBytes
	}
	if o.WarmBytes <= 0 {
		o.WarmBytes = d.WarmBytes
	}
	return o
}

func mbps(bytes int, perPass time.Duration) float64 {
	if perPass <= 0 {
		return 0
	}
	return float64(bytes) / 1e6 / perPass.Seconds()
}

// timeScans is the median time of one full-policy pass over texts.
func timeScans(ctx context.Context, s *engine.Scanner, texts [][]byte, o Options) (time.Duration, error) {
	var fs []engine.Finding
	var err error
	d := timeRounds(texts, o, func(t []byte) {
		if err != nil {
			return
		}
		fs, _, err = s.AppendFindings(ctx, t, fs[:0])
	})
	if err != nil {
		return 0, fmt.Errorf("scan: %w", err)
	}
	return d, nil
}

// timeRounds runs fn over every text, repeated until o.MinTime has passed,
// o.Rounds times, and returns the median time of one pass.
func timeRounds(texts [][]byte, o Options, fn func([]byte)) time.Duration {
	warm := 0
	for _, t := range texts { // warm up pools and caches
		if warm >= o.WarmBytes {
			break
		}
		fn(t)
		warm += len(t)
	}
	per := make([]time.Duration, 0, o.Rounds)
	for range o.Rounds {
		if !o.fastest {
			// Not per rule: a forced GC costs more than a short round.
			runtime.GC()
		}
		passes := 0
		start := time.Now()
		var el time.Duration
		for el < o.MinTime/time.Duration(o.Rounds) || passes == 0 {
			for _, t := range texts {
				fn(t)
			}
			passes++
			el = time.Since(start)
		}
		per = append(per, el/time.Duration(passes))
	}
	slices.Sort(per)
	if o.fastest {
		return per[0]
	}
	return per[len(per)/2]
}

func measureAllocs(ctx context.Context, s *engine.Scanner, texts [][]byte, res *Result) error {
	var fs []engine.Finding
	var clean [][]byte
	for _, t := range texts {
		var err error
		fs, _, err = s.AppendFindings(ctx, t, fs[:0])
		if err != nil {
			return fmt.Errorf("scan: %w", err)
		}
		if len(fs) == 0 {
			clean = append(clean, t)
		}
	}
	count := func(ts [][]byte) float64 {
		if len(ts) == 0 {
			return 0
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for _, t := range ts {
			fs, _, _ = s.AppendFindings(ctx, t, fs[:0])
		}
		runtime.ReadMemStats(&after)
		return float64(after.Mallocs-before.Mallocs) / float64(len(ts))
	}
	res.AllocsPerScan = count(texts)
	res.AllocsClean = count(clean)
	res.CleanDocs = len(clean)
	return nil
}

func latency(ctx context.Context, s *engine.Scanner, docs []Doc, size int, o Options) (Latency, error) {
	n := min(o.LatencyMessages, max(40, o.LatencyMessages*256/size*16))
	msgs := Slice(docs, size, n)
	times := make([]time.Duration, 0, len(msgs))
	var fs []engine.Finding
	for _, m := range msgs[:min(len(msgs), 8)] { // warm-up
		fs, _, _ = s.AppendFindings(ctx, []byte(m.Text), fs[:0])
	}
	for _, m := range msgs {
		t := []byte(m.Text)
		start := time.Now()
		var err error
		fs, _, err = s.AppendFindings(ctx, t, fs[:0])
		times = append(times, time.Since(start))
		if err != nil {
			return Latency{}, fmt.Errorf("scan: %w", err)
		}
	}
	slices.Sort(times)
	q := func(p float64) float64 {
		i := min(len(times)-1, int(p*float64(len(times))))
		return float64(times[i].Nanoseconds()) / 1e3
	}
	return Latency{Size: size, Messages: len(times), P50us: q(0.50), P99us: q(0.99)}, nil
}

// ruleCosts compiles one scanner per rule (a catalogue rule with
// WithBuiltin, a policy rule as the only rule of a copy of the policy)
// and times each over the corpus (its first o.RuleBytes), less the time
// of the text pass (see RuleCost.CostUsPerMiB).
func ruleCosts(ctx context.Context, p *engine.Policy, s *engine.Scanner, texts [][]byte, fullUsPerMiB float64, o Options) ([]RuleCost, error) {
	ro := o
	ro.Rounds = 3
	ro.MinTime = o.RuleTime
	ro.WarmBytes = 1 // one document
	ro.fastest = true
	for n, i := 0, 0; i < len(texts); i++ {
		if n += len(texts[i]); n >= o.RuleBytes {
			texts = texts[:i+1]
			break
		}
	}
	user := map[string]bool{}
	for _, r := range p.Rules {
		user[r.ID] = true
	}
	empty, err := compileSubset(p, nil)
	if err != nil {
		return nil, fmt.Errorf("compiling an empty policy: %w", err)
	}
	none, err := timeScans(ctx, empty, texts, ro)
	if err != nil {
		return nil, err
	}
	bytes := 0
	for _, t := range texts {
		bytes += len(t)
	}
	mib := float64(bytes) / (1 << 20)
	var out []RuleCost
	for i, r := range s.Rules() {
		o.progress("rule %d of %d: %s", i+1, s.NumRules(), r.ID)
		isUser := user[r.ID]
		rs, err := compileSubset(p, []detectors.Rule{r})
		if err != nil {
			return nil, fmt.Errorf("rule %s alone: %w", r.ID, err)
		}
		d, err := timeScans(ctx, rs, texts, ro)
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.ID, err)
		}
		// The text pass is not the rule's: subtract the fold (a scanner
		// with no rules) and, for a keyword rule, its keyword search,
		// which the whole policy does once for all rules.
		floor := none
		if r.Trigger == detectors.TriggerKeyword {
			floor = max(floor, timeRounds(texts, ro, func(t []byte) { rs.PrefilterOnly(t) }))
		}
		cost := 0.0
		if d > floor {
			cost = float64(d-floor) / 1e3 / mib
		}
		c := RuleCost{
			ID: r.ID, Type: r.Type, Category: string(r.Category), Trigger: r.Trigger.String(), User: isUser,
			MBps: mbps(bytes, d), CostUsPerMiB: cost,
		}
		if fullUsPerMiB > 0 {
			c.Share = cost / fullUsPerMiB
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b RuleCost) int {
		switch {
		case a.CostUsPerMiB > b.CostUsPerMiB:
			return -1
		case a.CostUsPerMiB < b.CostUsPerMiB:
			return 1
		}
		return 0
	})
	return out, nil
}
