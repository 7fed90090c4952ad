package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sluice-dlp/sluice/bench"
	"github.com/spf13/cobra"
)

func newBenchCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure a policy's speed and accuracy (for CI)",
		Long: `Benchmark a policy on generated or your own labelled text.

  sluice bench throughput   MB/s of the policy and of the keyword pass alone, allocations,
                            latency per message size, the cost of each rule; --baseline gates CI
  sluice bench accuracy     precision, recall and F1 per entity type on a labelled JSONL corpus
  sluice bench generate     write a labelled corpus of model answers (JSONL)

Exit status: 0 pass, 1 a --baseline/--min-recall check failed, 2 usage or input error.`,
	}
	cmd.AddCommand(newBenchThroughputCmd(), newBenchAccuracyCmd(), newBenchGenerateCmd())
	return cmd
}

type corpusFlags struct {
	corpus   string
	generate string
	kind     string
	seed     uint64
}

func (c *corpusFlags) register(cmd *cobra.Command, defaultSize string) {
	f := cmd.Flags()
	f.StringVar(&c.corpus, "corpus", "", "corpus file: JSONL {\"id\",\"text\",\"labels\"} lines, or any other file as one plain text")
	f.StringVar(&c.generate, "generate", "", "generate a corpus of this size instead (e.g. 1MiB, 16MiB; default "+defaultSize+")")
	f.StringVar(&c.kind, "kind", "sparse", "kind of generated corpus: sparse (1 value per ~16 KiB), dense, clean, digits or adversarial (one input per adversarial generator, timed each on its own)")
	f.Uint64Var(&c.seed, "seed", 1, "seed of the generated corpus (same seed, same corpus)")
}

// load returns the docs and a one-line description of where they came from.
func (c *corpusFlags) load(defaultSize string) ([]bench.Doc, string, error) {
	if c.corpus != "" && c.generate != "" {
		return nil, "", usageErr("bench: --corpus and --generate are exclusive")
	}
	if c.corpus != "" {
		docs, err := readCorpus(c.corpus)
		if err != nil {
			return nil, "", err
		}
		return docs, c.corpus, nil
	}
	size := c.generate
	if size == "" {
		size = defaultSize
	}
	n, err := bench.ParseSize(size)
	if err != nil {
		return nil, "", usageErr("bench: --generate: %v", err)
	}
	kind, err := bench.ParseKind(c.kind)
	if err != nil {
		return nil, "", usageErr("bench: --kind: %v", err)
	}
	docs := bench.Generate(bench.Config{Seed: c.seed, Size: n, Kind: kind})
	return docs, fmt.Sprintf("generated %s %s, seed %d", kind, bench.FormatSize(n), c.seed), nil
}

// readCorpus reads JSONL when the file starts with '{', else the whole
// file as one text.
func readCorpus(path string) ([]bench.Doc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("bench: %v", err)
	}
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		docs, err := bench.ReadJSONL(bytes.NewReader(data))
		if err != nil {
			return nil, usageErr("bench: corpus %s: %v", path, err)
		}
		if len(docs) == 0 {
			return nil, usageErr("bench: corpus %s has no documents", path)
		}
		return docs, nil
	}
	if len(data) == 0 {
		return nil, usageErr("bench: corpus %s is empty", path)
	}
	return []bench.Doc{{ID: path, Text: string(data)}}, nil
}

type throughputOptions struct {
	corpusFlags
	policy    string
	asJSON    bool
	svg       string
	baseline  string
	maxDrop   float64
	minRecall float64
	relative  bool
	quick     bool
	noRules   bool
	reference string
	progress  bool
}

func newBenchThroughputCmd() *cobra.Command {
	var o throughputOptions
	cmd := &cobra.Command{
		Use:   "throughput",
		Short: "MB/s, allocations, latency and per-rule cost of a policy",
		Long: `Time a policy over a corpus: MB/s of the whole policy and of the keyword pass alone
(the ceiling), allocations per scan, p50/p99 latency per message at 256B, 4KiB and
64KiB, and what each rule costs when it runs alone (a slow rule stands out by name).

CI gate: --baseline FILE (a previous --json result) fails the run with exit status 1
when throughput drops more than --max-drop percent (default 20 with --baseline);
--min-recall R fails it when recall on the labelled corpus is below R.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("max-drop") {
				o.maxDrop = -1
				if o.baseline != "" {
					o.maxDrop = 20
				}
			} else if o.baseline == "" {
				return usageErr("bench throughput: --max-drop needs --baseline")
			}
			if o.maxDrop < -1 || (o.minRecall != -1 && (o.minRecall < 0 || o.minRecall > 1)) {
				return usageErr("bench throughput: --max-drop must be a percentage and --min-recall within [0,1]")
			}
			return runBenchThroughput(cmd, &o)
		},
	}
	o.register(cmd, "4MiB")
	f := cmd.Flags()
	f.StringVar(&o.policy, "policy", "", "policy file (default: built-in policy)")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON (the format --baseline reads)")
	f.StringVar(&o.svg, "svg", "", "write a bar chart of each rule's throughput (slowest first) to this SVG file")
	f.StringVar(&o.baseline, "baseline", "", "compare with this stored --json result; exit 1 on a regression")
	f.Float64Var(&o.maxDrop, "max-drop", 20, "largest allowed throughput drop below the baseline, in percent")
	f.Float64Var(&o.minRecall, "min-recall", -1, "lowest allowed overall recall on the labelled corpus, in [0,1]")
	f.BoolVar(&o.relative, "relative", false, "gate on full/keyword-pass ratio instead of MB/s (for baselines recorded on other machines)")
	f.BoolVar(&o.quick, "quick", false, "short smoke run (seconds): fewer rounds and samples, one pass per rule")
	f.BoolVar(&o.noRules, "no-rules", false, "skip the per-rule cost attribution")
	f.StringVar(&o.reference, "reference", "", "with --kind adversarial: ordinary text (a plain file) timed beside the inputs; each input's speed is also given as a share of it")
	f.BoolVar(&o.progress, "progress", false, "report each step on stderr as it starts (default: when stderr is a terminal)")
	return cmd
}

func runBenchThroughput(cmd *cobra.Command, o *throughputOptions) error {
	var base *bench.Result
	if o.baseline != "" {
		f, err := os.Open(o.baseline)
		if err != nil {
			return usageErr("bench: baseline: %v", err)
		}
		base, err = bench.ReadResult(f)
		f.Close()
		if err != nil {
			return usageErr("bench: baseline %s: %v", o.baseline, err)
		}
	}
	defSize := "4MiB"
	if o.quick {
		defSize = "1MiB"
	}
	docs, desc, err := o.load(defSize)
	if err != nil {
		return err
	}
	s, err := loadScanner(o.policy)
	if err != nil {
		return err
	}
	opts := bench.DefaultOptions()
	if o.quick {
		opts = bench.QuickOptions()
	}
	opts.SkipRules = o.noRules
	if o.reference != "" {
		if o.kind != "adversarial" || o.corpus != "" {
			return usageErr("bench throughput: --reference needs --kind adversarial (it times real text beside the adversarial inputs)")
		}
		text, err := os.ReadFile(o.reference)
		if err != nil {
			return usageErr("bench: reference: %v", err)
		}
		if len(text) == 0 {
			return usageErr("bench: reference %s is empty", o.reference)
		}
		opts.Reference = &bench.Doc{ID: filepath.Base(o.reference), Text: string(text)}
	}
	stderr := cmd.ErrOrStderr()
	term := isTerminal(os.Stderr)
	if o.progress || (term && !cmd.Flags().Changed("progress")) {
		fmt.Fprintf(stderr, "sluice bench: timing %d rules over %s\n", s.NumRules(), desc)
		opts.Progress = func(step string) {
			if term {
				// One line, rewritten: hundreds of rules would scroll.
				fmt.Fprintf(stderr, "\r\033[K  %s", step)
			} else {
				fmt.Fprintf(stderr, "  %s\n", step)
			}
		}
		if term {
			defer fmt.Fprint(stderr, "\r\033[K")
		}
	}
	start := time.Now()
	res, err := bench.Measure(cmd.Context(), s.Policy(), s, docs, desc, opts)
	if err != nil {
		// A corpus the policy cannot scan (too many findings, ...) is an
		// input error like any other.
		return usageErr("bench: %v", err)
	}
	out := cmd.OutOrStdout()
	if o.asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		if err := bench.WriteTable(out, res); err != nil {
			return err
		}
		fmt.Fprintf(out, "\n(took %s)\n", time.Since(start).Round(10*time.Millisecond))
	}
	if o.svg != "" {
		if err := writeFileWith(o.svg, func(w io.Writer) error { return bench.WriteSVG(w, res) }); err != nil {
			return usageErr("bench: --svg: %v", err)
		}
	}
	if base != nil {
		// Comparing different things is allowed (e.g. a policy change is
		// the point), but it must not go unnoticed.
		for _, d := range []struct{ what, was, now string }{
			{"corpus", base.Corpus, res.Corpus}, {"policy", base.Policy, res.Policy},
			{"regex engine", base.Regex, res.Regex}, {"machine", base.Arch, res.Arch},
		} {
			if d.was != d.now {
				fmt.Fprintf(stderr, "sluice bench: note: the baseline's %s was %q, this run's is %q\n", d.what, d.was, d.now)
			}
		}
	}
	gate := bench.Gate{MaxDrop: o.maxDrop, MinRecall: o.minRecall, Relative: o.relative}
	fails, err := gate.Check(base, res)
	if err != nil {
		return usageErr("bench: %v", err)
	}
	if len(fails) > 0 {
		for _, f := range fails {
			fmt.Fprintln(stderr, "sluice bench: FAIL:", f)
		}
		return &exitError{code: 1, err: fmt.Errorf("%s", strings.Join(fails, "; "))}
	}
	if base != nil || o.minRecall >= 0 {
		fmt.Fprintln(stderr, "sluice bench: gate passed")
	}
	return nil
}

func writeFileWith(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := fn(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func newBenchAccuracyCmd() *cobra.Command {
	var (
		labeled, policy    string
		showValues, asJSON bool
		minRecall          float64
	)
	cmd := &cobra.Command{
		Use:   "accuracy --labeled FILE.jsonl",
		Short: "Precision, recall and F1 per entity type on a labelled corpus",
		Long: `Scan every {"id","text","labels":[{"type","start","end"}]} line of a labelled corpus
and compare the findings with the labels.

A finding matches a label when both have the same entity type and their byte spans
overlap. Recall = labels matched / labels; precision = findings that match a label /
findings. A finding the policy only reports (action report, such as the built-in
policy's plain dates) that matches no label is counted apart, not as a false alarm:
the text keeps it, and a corpus may not label it. Misses and false alarms are listed by id, type and offsets; the values
themselves only with --show-values (they are the sensitive text).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if labeled == "" {
				return usageErr("bench accuracy: --labeled FILE.jsonl is required (write one with `sluice bench generate`)")
			}
			if minRecall != -1 && (minRecall < 0 || minRecall > 1) {
				return usageErr("bench accuracy: --min-recall must be within [0,1]")
			}
			f, err := os.Open(labeled)
			if err != nil {
				return usageErr("bench accuracy: %v", err)
			}
			docs, err := bench.ReadJSONL(f)
			f.Close()
			if err != nil {
				return usageErr("bench accuracy: %s: %v", labeled, err)
			}
			s, err := loadScanner(policy)
			if err != nil {
				return err
			}
			a, err := bench.Score(cmd.Context(), s, docs, showValues)
			if err != nil {
				return usageErr("bench accuracy: %v", err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				if err := enc.Encode(a); err != nil {
					return err
				}
			} else if err := bench.WriteAccuracy(out, a); err != nil {
				return err
			}
			if minRecall >= 0 && a.Overall.Recall < minRecall {
				fmt.Fprintf(cmd.ErrOrStderr(), "sluice bench: FAIL: recall %.3f is below the floor %.3f\n", a.Overall.Recall, minRecall)
				return &exitError{code: 1, err: errors.New("recall below floor")}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&labeled, "labeled", "", "labelled corpus (JSONL)")
	f.StringVar(&policy, "policy", "", "policy file (default: built-in policy)")
	f.BoolVar(&showValues, "show-values", false, "print the missed and falsely found values (they are sensitive: handle the output with care)")
	f.BoolVar(&asJSON, "json", false, "print the report as JSON")
	f.Float64Var(&minRecall, "min-recall", -1, "exit 1 when overall recall is below this floor")
	return cmd
}

func newBenchGenerateCmd() *cobra.Command {
	var (
		c   corpusFlags
		out string
	)
	cmd := &cobra.Command{
		Use:   "generate [--size SIZE] [--kind KIND] [--seed N] [-o FILE]",
		Short: "Write a labelled corpus of model answers as JSONL",
		Long: `Write generated model answers (prose, markdown, code, JSON, YAML, shell sessions, logs,
tables) with planted PII and secrets, one {"id","text","labels"} object per line.
Labels give the entity type and the byte span of each planted value. The same seed
always writes the same corpus. The values are made up but valid for their type
(Luhn, mod-97, checksums, real key encodings): treat the file as test data only.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			n, err := bench.ParseSize(c.generate)
			if err != nil {
				return usageErr("bench generate: --size: %v", err)
			}
			kind, err := bench.ParseKind(c.kind)
			if err != nil {
				return usageErr("bench generate: --kind: %v", err)
			}
			docs := bench.Generate(bench.Config{Seed: c.seed, Size: n, Kind: kind})
			if out == "" || out == "-" {
				return bench.WriteJSONL(cmd.OutOrStdout(), docs)
			}
			if err := writeFileWith(out, func(w io.Writer) error { return bench.WriteJSONL(w, docs) }); err != nil {
				return usageErr("bench generate: %v", err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.generate, "size", "1MiB", "total text size (e.g. 256KiB, 16MiB)")
	f.StringVar(&c.kind, "kind", "sparse", "sparse (1 value per ~16 KiB), dense (several per KiB), clean (none) or digits (digit-heavy, sparse)")
	f.Uint64Var(&c.seed, "seed", 1, "seed (same seed, same corpus)")
	f.StringVarP(&out, "output", "o", "", "write to this file instead of stdout")
	return cmd
}
