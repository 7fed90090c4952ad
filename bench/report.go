package bench

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// TopRules is how many rules the terminal table lists (JSON and SVG have
// them all).
const TopRules = 15

func fmtUs(us float64) string {
	if us < 0 {
		return "-" + fmtUs(-us)
	}
	switch {
	case us >= 1e6:
		return strconv.FormatFloat(us/1e6, 'f', 2, 64) + "s"
	case us >= 1e3:
		return strconv.FormatFloat(us/1e3, 'f', 2, 64) + "ms"
	}
	return strconv.FormatFloat(us, 'f', 1, 64) + "µs"
}

// WriteTable prints a throughput result for a terminal.
func WriteTable(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "sluice bench throughput: policy %s (%d rules, %s)\n", r.Policy, r.Rules, r.Regex)
	fmt.Fprintf(bw, "corpus: %s (%d docs, %.2f MB); %s %s, %d CPUs\n", r.Corpus, r.Docs, float64(r.Bytes)/1e6, r.Go, r.Arch, r.CPUs)
	fmt.Fprintf(bw, "(one run, median of rounds; machines are noisy: compare runs with --baseline or benchstat, not by eye)\n\n")
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "full policy\t%.1f MB/s\t\n", r.FullMBps)
	fmt.Fprintf(tw, "keyword pass alone\t%.1f MB/s\tfull policy runs at %.0f%% of it\n", r.KeywordMBps, 100*r.Ratio)
	fmt.Fprintf(tw, "allocations per scan\t%.1f\taverage over all docs\n", r.AllocsPerScan)
	fmt.Fprintf(tw, "  when nothing is found\t%.1f\tover %d docs with no finding\n", r.AllocsClean, r.CleanDocs)
	tw.Flush()
	fmt.Fprintf(bw, "\nlatency per message\n")
	tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "size\tp50\tp99\tmessages\t\n")
	for _, l := range r.Latency {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t\n", FormatSize(l.Size), fmtUs(l.P50us), fmtUs(l.P99us), l.Messages)
	}
	tw.Flush()
	if len(r.Inputs) > 0 {
		worst := r.Inputs[0]
		fmt.Fprintf(bw, "\neach input alone\n")
		tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		ref := r.Reference
		if ref != nil {
			fmt.Fprintf(tw, "input\tsize\tfull policy\tkeyword pass\tof reference\t\n")
			fmt.Fprintf(tw, "reference (%s)\t%s\t%.1f MB/s\t%.1f MB/s\t100%%\t\n", ref.ID, FormatSize(ref.Bytes), ref.FullMBps, ref.KeywordMBps)
		} else {
			fmt.Fprintf(tw, "input\tsize\tfull policy\tkeyword pass\t\n")
		}
		for _, in := range r.Inputs {
			share := ""
			if ref != nil {
				share = fmt.Sprintf("%.0f%%\t", 100*in.OfReference)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.1f MB/s\t%.1f MB/s\t%s\n", strings.TrimPrefix(in.ID, AdversarialPrefix), FormatSize(in.Bytes), in.FullMBps, in.KeywordMBps, share)
			if in.FullMBps < worst.FullMBps {
				worst = in
			}
		}
		tw.Flush()
		if ref != nil {
			fmt.Fprintf(bw, "slowest: %s at %.1f MB/s, %.0f%% of the reference text\n", strings.TrimPrefix(worst.ID, AdversarialPrefix), worst.FullMBps, 100*worst.OfReference)
		} else {
			fmt.Fprintf(bw, "slowest: %s at %.1f MB/s\n", strings.TrimPrefix(worst.ID, AdversarialPrefix), worst.FullMBps)
		}
	}
	if len(r.Stages) > 0 {
		full := 0.0
		if r.FullMBps > 0 {
			full = float64(1<<20) / 1e6 / r.FullMBps * 1e6 // µs per MiB
		}
		fmt.Fprintf(bw, "\nwhere the time goes (per MiB; each step timed together with the steps above it, fastest round, so the steps add up to the total)\n")
		tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		sum := 0.0
		for _, st := range r.Stages {
			rules := ""
			if st.Rules > 0 {
				rules = strconv.Itoa(st.Rules) + " rules"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s/MiB\t%.0f%%\t\n", st.Name, rules, fmtUs(st.UsPerMiB), 100*st.Share)
			sum += st.UsPerMiB
		}
		fmt.Fprintf(tw, "total\t\t%s/MiB\t100%%\t(full policy, median round: %s/MiB)\n", fmtUs(sum), fmtUs(full))
		tw.Flush()
	}
	if len(r.RuleCosts) > 0 {
		n := min(len(r.RuleCosts), TopRules)
		fmt.Fprintf(bw, "\ncostliest rules (%d of %d; each timed alone over %s of the corpus; cost = time per MiB beyond the keyword pass)\n", n, len(r.RuleCosts), FormatSize(r.RuleBytes))
		tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "rule\ttype\ttrigger\talone\tcost/MiB\tshare of full\t\n")
		for _, c := range r.RuleCosts[:n] {
			id := c.ID
			if c.User {
				id += " (policy)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f MB/s\t%s\t%.1f%%\t\n", id, c.Type, c.Trigger, c.MBps, fmtUs(c.CostUsPerMiB), 100*c.Share)
		}
		tw.Flush()
	}
	if a := r.Accuracy; a != nil {
		o := a.Overall
		fmt.Fprintf(bw, "\naccuracy on the labelled corpus: precision %.3f  recall %.3f  F1 %.3f  (%d planted, %d missed, %d false alarms%s; details: sluice bench accuracy)\n",
			o.Precision, o.Recall, o.F1, o.Labels, o.Misses, o.FalseAlarms, unscoredNote(a.Unscored))
	}
	return bw.Flush()
}

// unscoredNote is the summary line's mention of Accuracy.Unscored.
func unscoredNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d reported-only findings not scored", n)
}

// WriteAccuracy prints an accuracy report for a terminal. Values appear
// only if Score was asked for them.
func WriteAccuracy(w io.Writer, a *Accuracy) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "sluice bench accuracy: %d docs, %.2f MB\n", a.Docs, float64(a.Bytes)/1e6)
	fmt.Fprintf(bw, "match = same entity type and overlapping byte span\n\n")
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "type\tlabels\tfound\tmissed\tfindings\tfalse alarms\tprecision\trecall\tF1\t\n")
	row := func(name string, c Counts) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", name, c.Labels, c.Found, c.Misses, c.Findings, c.FalseAlarms, c.Precision, c.Recall, c.F1)
	}
	for _, t := range a.Types() {
		row(t, a.ByType[t])
	}
	row("OVERALL", a.Overall)
	tw.Flush()
	if len(a.Skipped) > 0 {
		var sk []string
		for t, n := range a.Skipped {
			sk = append(sk, fmt.Sprintf("%s %d", t, n))
		}
		slices.Sort(sk)
		fmt.Fprintf(bw, "\nnot scored (the policy has no rule of these types and found none): %s\n", strings.Join(sk, ", "))
	}
	if a.Unscored > 0 {
		fmt.Fprintf(bw, "\nnot scored: %d findings the policy only reports (the text keeps them, e.g. plain dates) that match no label\n", a.Unscored)
	}
	list := func(title string, es []Error) {
		if len(es) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n%s (%d)\n", title, len(es))
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		for _, e := range es {
			extra := e.Rule
			if len(e.FoundAs) > 0 {
				extra = "found as " + strings.Join(e.FoundAs, ", ")
			}
			fmt.Fprintf(tw, "%s\t%s\t%d-%d\t%s", e.ID, e.Type, e.Start, e.End, extra)
			if e.Value != "" {
				fmt.Fprintf(tw, "\t%s", strconv.Quote(e.Value))
			}
			fmt.Fprintln(tw, "\t")
		}
		tw.Flush()
	}
	list("misses (id, type, offsets)", a.Misses)
	list("false alarms (id, type, offsets, rule)", a.FalseAlarms)
	return bw.Flush()
}

// WriteSVG draws the throughput of each rule alone as horizontal bars,
// slowest first, with the full policy and the keyword pass as reference
// lines.
func WriteSVG(w io.Writer, r *Result) error {
	costs := slices.Clone(r.RuleCosts)
	slices.SortStableFunc(costs, func(a, b RuleCost) int {
		switch {
		case a.MBps < b.MBps:
			return -1
		case a.MBps > b.MBps:
			return 1
		}
		return 0
	})
	const (
		left, right, top, barH, gap = 260, 90, 70, 14, 4
		plotW                       = 560
	)
	maxV := max(r.KeywordMBps, r.FullMBps)
	for _, c := range costs {
		maxV = max(maxV, c.MBps)
	}
	if maxV <= 0 {
		maxV = 1
	}
	x := func(v float64) float64 { return left + plotW*v/maxV }
	height := top + len(costs)*(barH+gap) + 40
	width := left + plotW + right
	bw := bufio.NewWriter(w)
	esc := html.EscapeString
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(bw, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(bw, `<text x="10" y="20" font-size="14" font-weight="bold">sluice: throughput of each rule alone (MB/s, slowest first)</text>`+"\n")
	fmt.Fprintf(bw, `<text x="10" y="38" fill="#555">policy %s, %d rules, %s; corpus %s; %s %s</text>`+"\n", esc(r.Policy), r.Rules, esc(r.Regex), esc(r.Corpus), esc(r.Go), esc(r.Arch))
	for i, c := range costs {
		y := top + i*(barH+gap)
		fill := "#4878a8"
		if c.User {
			fill = "#d9822b"
		}
		name := c.ID
		if c.User {
			name += " (policy)"
		}
		fmt.Fprintf(bw, `<text x="%d" y="%d" text-anchor="end">%s</text>`, left-6, y+barH-3, esc(name))
		fmt.Fprintf(bw, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %.0f MB/s alone, %s per MiB</title></rect>`, left, y, x(c.MBps)-left, barH, fill, esc(c.ID), c.MBps, esc(fmtUs(c.CostUsPerMiB)))
		fmt.Fprintf(bw, `<text x="%.1f" y="%d" fill="#333">%.0f</text>`+"\n", x(c.MBps)+4, y+barH-3, c.MBps)
	}
	bottom := top + len(costs)*(barH+gap)
	for _, ref := range []struct {
		label string
		v     float64
		color string
	}{{"full policy", r.FullMBps, "#c0392b"}, {"keyword pass", r.KeywordMBps, "#27ae60"}} {
		fmt.Fprintf(bw, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-dasharray="4 3"/>`, x(ref.v), top-8, x(ref.v), bottom, ref.color)
		fmt.Fprintf(bw, `<text x="%.1f" y="%d" fill="%s" text-anchor="middle">%s %.0f</text>`+"\n", x(ref.v), top-12+boolInt(ref.label == "keyword pass")*-12, ref.color, ref.label, ref.v)
	}
	fmt.Fprintf(bw, `<text x="%d" y="%d" fill="#555">bar = MB/s of a scanner holding only that rule; orange = rules from the policy file</text>`+"\n", left, bottom+24)
	fmt.Fprintln(bw, `</svg>`)
	return bw.Flush()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
