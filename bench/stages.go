package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// compileSubset compiles policy p with only the given rules (catalogue
// rules through engine.WithBuiltin, the policy's own from p.Rules), every
// other setting unchanged.
func compileSubset(p *engine.Policy, rules []detectors.Rule) (*engine.Scanner, error) {
	user := map[string]detectors.Rule{}
	for _, r := range p.Rules {
		user[r.ID] = r
	}
	sub := *p
	sub.Disable, sub.Types, sub.Rules = nil, nil, nil
	sub.Builtin = engine.BuiltinSet{All: true}
	builtin := []detectors.Rule{} // not nil: nil means the whole catalogue
	for _, r := range rules {
		if u, ok := user[r.ID]; ok {
			sub.Rules = append(sub.Rules, u)
		} else {
			builtin = append(builtin, r)
		}
	}
	return engine.Compile(&sub, engine.WithBuiltin(builtin))
}

// stageKinds is the order in which measureStages adds rules by trigger.
var stageKinds = []detectors.TriggerKind{
	detectors.TriggerKeyword, detectors.TriggerDigits, detectors.TriggerAt,
	detectors.TriggerColon, detectors.TriggerAlnum, detectors.TriggerAlways,
}

// measureStages times cumulative scanners over texts: no rules (the
// case fold and whatever the policy does besides rules), the keyword
// search of the full policy, then the policy's rules added one trigger
// kind at a time, the last being the full policy. Each stage costs its
// cumulative time less the previous one's, so the stages add up to the
// full policy's time exactly. The scanners are timed in turn within each
// round and each keeps its fastest round: on a shared machine a slow
// round is someone else's work, and drift hits every step alike.
func measureStages(ctx context.Context, p *engine.Policy, s *engine.Scanner, texts [][]byte, bytes int, o Options) ([]Stage, error) {
	type step struct {
		name  string
		rules int
		fn    func([]byte)
		best  time.Duration
	}
	var scanErr error
	scan := func(sc *engine.Scanner) func([]byte) {
		var fs []engine.Finding
		return func(t []byte) {
			if scanErr != nil {
				return
			}
			fs, _, scanErr = sc.AppendFindings(ctx, t, fs[:0])
		}
	}
	empty, err := compileSubset(p, nil)
	if err != nil {
		return nil, fmt.Errorf("compiling the policy without rules: %w", err)
	}
	steps := []*step{
		{name: "text pass (case fold; no rules)", fn: scan(empty)},
		{name: "keyword search", fn: func(t []byte) { s.PrefilterOnly(t) }},
	}
	all := s.Rules()
	var cum []detectors.Rule
	for _, k := range stageKinds {
		n := 0
		for _, r := range all {
			if r.Trigger == k {
				cum = append(cum, r)
				n++
			}
		}
		if n == 0 {
			continue
		}
		sc := s
		if len(cum) < len(all) {
			if sc, err = compileSubset(p, cum); err != nil {
				return nil, fmt.Errorf("compiling the policy's rules up to trigger %s: %w", k, err)
			}
		}
		name := k.String() + " rules"
		if len(steps) == 2 {
			name += " (windows, regex, checks; beyond the keyword search)"
		}
		steps = append(steps, &step{name: name, rules: n, fn: scan(sc)})
	}
	if len(all) == 0 {
		// The keyword search of no keywords is nothing; the text pass is
		// the full policy.
		steps = steps[:1]
	}
	ro := o
	ro.Rounds = 1
	ro.MinTime = max(o.MinTime/time.Duration(max(o.Rounds, 1)), time.Millisecond)
	for round := range max(o.Rounds, 3) {
		for i, st := range steps {
			o.progress("time table: round %d, step %d of %d", round+1, i+1, len(steps))
			d := timeRounds(texts, ro, st.fn)
			if scanErr != nil {
				return nil, fmt.Errorf("scan: %w", scanErr)
			}
			if round == 0 || d < st.best {
				st.best = d
			}
		}
	}
	mib := float64(bytes) / (1 << 20)
	total := float64(steps[len(steps)-1].best) / 1e3 / mib
	var out []Stage
	prev := 0.0
	for _, st := range steps {
		cur := float64(st.best) / 1e3 / mib
		out = append(out, Stage{Name: st.name, Rules: st.rules, UsPerMiB: cur - prev, Share: (cur - prev) / total})
		prev = cur
	}
	return out, nil
}

// perInput reports whether docs are distinct kinds of input that are
// timed each on its own (the adversarial corpus).
func perInput(docs []Doc) bool {
	for _, d := range docs {
		if !strings.HasPrefix(d.ID, AdversarialPrefix) {
			return false
		}
	}
	return len(docs) > 0
}

// measureInputs times the full policy and the keyword pass over each
// document on its own, and over o.Reference (when set) before the first
// and after the last.
func measureInputs(ctx context.Context, s *engine.Scanner, docs []Doc, o Options) ([]InputSpeed, *InputSpeed, error) {
	io := o
	io.Rounds = 3
	io.MinTime = o.MinTime / 4
	io.WarmBytes = 1
	one := func(d Doc) (InputSpeed, error) {
		o.progress("input %s", d.ID)
		text := [][]byte{[]byte(d.Text)}
		full, err := timeScans(ctx, s, text, io)
		if err != nil {
			return InputSpeed{}, fmt.Errorf("%s: %w", d.ID, err)
		}
		kw := timeRounds(text, io, func(t []byte) { s.PrefilterOnly(t) })
		return InputSpeed{ID: d.ID, Bytes: len(d.Text), FullMBps: mbps(len(d.Text), full), KeywordMBps: mbps(len(d.Text), kw)}, nil
	}
	var ref *InputSpeed
	if o.Reference != nil {
		r, err := one(*o.Reference)
		if err != nil {
			return nil, nil, err
		}
		ref = &r
	}
	var out []InputSpeed
	for _, d := range docs {
		in, err := one(d)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, in)
	}
	if ref != nil {
		r, err := one(*o.Reference)
		if err != nil {
			return nil, nil, err
		}
		ref.FullMBps = (ref.FullMBps + r.FullMBps) / 2
		ref.KeywordMBps = (ref.KeywordMBps + r.KeywordMBps) / 2
		for i := range out {
			if ref.FullMBps > 0 {
				out[i].OfReference = out[i].FullMBps / ref.FullMBps
			}
		}
	}
	return out, ref, nil
}
