package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBenchGenerateAndAccuracy(t *testing.T) {
	corpus := filepath.Join(t.TempDir(), "dense.jsonl")
	if _, errOut, code := sluice(t, "", "bench", "generate", "--kind", "dense", "--size", "64KiB", "--seed", "3", "-o", corpus); code != 0 {
		t.Fatalf("generate: %d %s", code, errOut)
	}
	out, errOut, code := sluice(t, "", "bench", "accuracy", "--labeled", corpus, "--json")
	if code != 0 {
		t.Fatalf("accuracy: %d %s", code, errOut)
	}
	var a struct {
		Overall struct {
			Labels    int
			Recall    float64
			Precision float64
		}
		ByType map[string]json.RawMessage `json:"by_type"`
		Misses []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if a.Overall.Labels < 100 || a.Overall.Recall < 0.5 || len(a.ByType) < 15 {
		t.Fatalf("implausible report: %+v (%d types)", a.Overall, len(a.ByType))
	}
	if strings.Contains(out, `"value"`) {
		t.Fatal("values printed without --show-values")
	}
	table, _, code := sluice(t, "", "bench", "accuracy", "--labeled", corpus)
	if code != 0 || !strings.Contains(table, "OVERALL") || !strings.Contains(table, "EMAIL_ADDRESS") {
		t.Fatalf("table: %d\n%s", code, table)
	}
	// The default policy misses nothing on a corpus of what it knows, or
	// it does: either way the floor decides the status.
	_, errOut, code = sluice(t, "", "bench", "accuracy", "--labeled", corpus, "--min-recall", "1.01")
	if code != 2 {
		t.Fatalf("--min-recall 1.01: %d %s", code, errOut)
	}
	gen, _, code := sluice(t, "", "bench", "generate", "--size", "4KiB", "--kind", "clean")
	if code != 0 || !strings.HasPrefix(gen, `{"id":"clean-1-00000"`) || !strings.Contains(gen, `"labels":[]`) {
		t.Fatalf("generate to stdout: %d %.200s", code, gen)
	}
}

func TestBenchAccuracyShowValues(t *testing.T) {
	corpus := writeFile(t, "c.jsonl", `{"id":"x","text":"mail bob.smith@globex.de now","labels":[{"type":"US_SSN","start":5,"end":24}]}`+"\n")
	out, _, code := sluice(t, "", "bench", "accuracy", "--labeled", corpus)
	if code != 0 || strings.Contains(out, "bob.smith") || !strings.Contains(out, "x  US_SSN  5-24") {
		t.Fatalf("%d\n%s", code, out)
	}
	out, _, code = sluice(t, "", "bench", "accuracy", "--labeled", corpus, "--show-values")
	if code != 0 || !strings.Contains(out, `"bob.smith@globex.de"`) {
		t.Fatalf("--show-values: %d\n%s", code, out)
	}
	_, errOut, code := sluice(t, "", "bench", "accuracy", "--labeled", corpus, "--min-recall", "0.5")
	if code != 1 || !strings.Contains(errOut, "recall 0.000 is below") {
		t.Fatalf("floor: %d %s", code, errOut)
	}
}

func TestBenchThroughput(t *testing.T) {
	out, errOut, code := sluice(t, "", "bench", "throughput", "--generate", "64KiB", "--quick", "--json", "--no-rules")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	var r struct {
		FullMBps    float64 `json:"full_mbps"`
		KeywordMBps float64 `json:"keyword_mbps"`
		Latency     []struct{ Size int }
		RuleCosts   []struct{ ID string } `json:"rule_costs"`
		Accuracy    *struct{}             `json:"accuracy"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %.300s", err, out)
	}
	if r.FullMBps <= 0 || r.KeywordMBps <= 0 || len(r.Latency) != 3 || len(r.RuleCosts) != 0 || r.Accuracy == nil {
		t.Fatalf("%+v", r)
	}
	svg := filepath.Join(t.TempDir(), "rules.svg")
	out, errOut, code = sluice(t, "", "bench", "throughput", "--policy", writeFile(t, "p.yaml", slowPolicy), "--generate", "64KiB", "--quick", "--json", "--svg", svg)
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	r.RuleCosts = nil
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.RuleCosts) != 2 {
		t.Fatalf("%v %+v", err, r.RuleCosts)
	}
	data, err := os.ReadFile(svg)
	if err != nil || !strings.HasPrefix(string(data), "<svg") || !strings.Contains(string(data), r.RuleCosts[0].ID) {
		t.Fatalf("svg: %v %.200s", err, data)
	}
}

// A policy with one slow rule of its own: it must top the cost table by
// name, and a baseline recorded without it must fail the gate.
const slowPolicy = `id: slow
builtin: none
rules:
  - id: ticket-id
    type: TICKET_ID
    keywords: [tkt-]
    pattern: '\b(TKT-\d{6})\b'
    group: 1
    max_len: 10
  - id: slow-custom
    type: EMPLOYEE_ID
    trigger: always
    pattern: '\b([A-Za-z0-9]{4,})\b'
    group: 1
    validator: luhn
    max_len: 40
`

const fastPolicy = `id: fast
builtin: none
rules:
  - id: ticket-id
    type: TICKET_ID
    keywords: [tkt-]
    pattern: '\b(TKT-\d{6})\b'
    group: 1
    max_len: 10
`

func TestBenchSlowRuleStandsOut(t *testing.T) {
	policy := writeFile(t, "slow.yaml", slowPolicy)
	out, errOut, code := sluice(t, "", "bench", "throughput", "--policy", policy, "--generate", "128KiB", "--quick")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	_, rest, ok := strings.Cut(out, "costliest rules")
	if !ok {
		t.Fatalf("no rule table:\n%s", out)
	}
	lines := strings.Split(rest, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[2], "slow-custom (policy)") {
		t.Fatalf("slow rule not first:\n%s", rest)
	}
}

func TestBenchGateFailsOnPlantedRegression(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	if _, errOut, code := sluice(t, "", "bench", "generate", "--size", "128KiB", "-o", corpus); code != 0 {
		t.Fatal(errOut)
	}
	// Record a baseline with the fast policy, then add the slow rule.
	base, errOut, code := sluice(t, "", "bench", "throughput", "--policy", writeFile(t, "fast.yaml", fastPolicy), "--corpus", corpus, "--quick", "--json")
	if code != 0 {
		t.Fatalf("baseline: %d %s", code, errOut)
	}
	basePath := filepath.Join(dir, "base.json")
	os.WriteFile(basePath, []byte(base), 0o600)
	_, errOut, code = sluice(t, "", "bench", "throughput", "--policy", writeFile(t, "slow.yaml", slowPolicy), "--corpus", corpus, "--quick", "--baseline", basePath, "--max-drop", "30")
	if code != 1 || !strings.Contains(errOut, "below the baseline") || !strings.Contains(errOut, "slow-custom") {
		t.Fatalf("slow rule not caught: status %d\n%s", code, errOut)
	}

	// An impossible baseline fails whatever the machine.
	impossible := writeFile(t, "fast.json", `{"version":1,"full_mbps":1e9,"ratio":1}`)
	fast := writeFile(t, "fast.yaml", fastPolicy)
	_, errOut, code = sluice(t, "", "bench", "throughput", "--policy", fast, "--corpus", corpus, "--quick", "--no-rules", "--baseline", impossible)
	if code != 1 || !strings.Contains(errOut, "FAIL: full-policy throughput") {
		t.Fatalf("impossible baseline: %d %s", code, errOut)
	}
	// A slow baseline passes.
	easy := writeFile(t, "slow.json", `{"version":1,"full_mbps":0.001,"ratio":0.0001}`)
	_, errOut, code = sluice(t, "", "bench", "throughput", "--policy", fast, "--corpus", corpus, "--quick", "--no-rules", "--baseline", easy, "--relative")
	if code != 0 || !strings.Contains(errOut, "gate passed") {
		t.Fatalf("easy baseline: %d %s", code, errOut)
	}
	// A policy whose rule misses what it should find fails the floor.
	dense := filepath.Join(dir, "dense.jsonl")
	if _, errOut, code := sluice(t, "", "bench", "generate", "--kind", "dense", "--size", "32KiB", "-o", dense); code != 0 {
		t.Fatal(errOut)
	}
	if data, _ := os.ReadFile(dense); !strings.Contains(string(data), `"EMAIL_ADDRESS"`) {
		t.Fatal("the dense corpus plants no email address")
	}
	blind := writeFile(t, "blind.yaml", `id: blind
builtin: none
rules:
  - id: email
    type: EMAIL_ADDRESS
    keywords: [never-there]
    pattern: 'never-there'
`)
	_, errOut, code = sluice(t, "", "bench", "throughput", "--policy", blind, "--corpus", dense, "--quick", "--no-rules", "--min-recall", "0.9")
	if code != 1 || !strings.Contains(errOut, "recall") || !strings.Contains(errOut, "below the floor 0.900") {
		t.Fatalf("recall floor: %d %s", code, errOut)
	}
}

func TestBenchBadInput(t *testing.T) {
	bad := writeFile(t, "bad.jsonl", "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\": broken\n")
	plain := writeFile(t, "plain.txt", "just text, no labels\n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad corpus line", []string{"bench", "throughput", "--corpus", bad, "--quick"}, "line 2"},
		{"missing corpus", []string{"bench", "throughput", "--corpus", filepath.Join(t.TempDir(), "nope.jsonl")}, "nope.jsonl"},
		{"both sources", []string{"bench", "throughput", "--corpus", plain, "--generate", "1MiB"}, "exclusive"},
		{"bad size", []string{"bench", "throughput", "--generate", "lots"}, "--generate"},
		{"bad kind", []string{"bench", "generate", "--kind", "medium"}, "medium"},
		{"max-drop alone", []string{"bench", "throughput", "--max-drop", "10"}, "needs --baseline"},
		{"recall without labels", []string{"bench", "throughput", "--corpus", plain, "--quick", "--no-rules", "--min-recall", "0.5"}, "labelled corpus"},
		{"bad baseline", []string{"bench", "throughput", "--baseline", writeFile(t, "b.json", `{"version":7,"full_mbps":3}`)}, "version 7"},
		{"accuracy without file", []string{"bench", "accuracy"}, "--labeled"},
		{"accuracy bad file", []string{"bench", "accuracy", "--labeled", bad}, "line 2"},
		{"bad policy", []string{"bench", "throughput", "--policy", writeFile(t, "p.yaml", "rules: [{id: x}]\n")}, "p.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := sluice(t, "", tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
				t.Fatalf("status %d, stderr %q; want 2 and %q on one line", code, errOut, tc.want)
			}
		})
	}
	out, errOut, code := sluice(t, "", "bench", "throughput", "--corpus", plain, "--quick", "--no-rules")
	if code != 0 || !strings.Contains(out, "full policy") || strings.Contains(out, "accuracy on") {
		t.Fatalf("plain corpus: %d %s\n%s", code, errOut, out)
	}
}

// The time table's steps add up to the full policy's time, and a run
// reports its progress on stderr when asked (a terminal gets it by
// default).
func TestBenchTimeTableAddsUp(t *testing.T) {
	out, errOut, code := sluice(t, "", "bench", "throughput", "--policy", writeFile(t, "slow.yaml", slowPolicy), "--generate", "128KiB", "--quick", "--json", "--progress")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	for _, want := range []string{"timing 2 rules", "full policy over", "keyword pass", "time table: round 1, step 4 of 4", "rule 2 of 2: slow-custom"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("progress lacks %q:\n%s", want, errOut)
		}
	}
	var r struct {
		FullMBps float64 `json:"full_mbps"`
		Stages   []struct {
			Name     string  `json:"name"`
			Rules    int     `json:"rules"`
			UsPerMiB float64 `json:"us_per_mib"`
			Share    float64 `json:"share"`
		} `json:"stages"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %.300s", err, out)
	}
	sum, shares, rules := 0.0, 0.0, 0
	for _, st := range r.Stages {
		sum += st.UsPerMiB
		shares += st.Share
		rules += st.Rules
	}
	// The total is the full policy's fastest round; the headline is its
	// median round, measured apart.
	full := (1 << 20) / r.FullMBps // µs per MiB
	if len(r.Stages) != 4 || rules != 2 || shares < 0.999 || shares > 1.001 || sum <= 0 || sum > 2*full {
		t.Fatalf("stages %+v sum to %.1f µs/MiB (shares %.3f), full policy %.1f", r.Stages, sum, shares, full)
	}
	if _, errOut, _ = sluice(t, "", "bench", "throughput", "--generate", "64KiB", "--quick", "--no-rules"); errOut != "" {
		t.Errorf("progress without a terminal or --progress: %q", errOut)
	}
}

// --kind adversarial times each adversarial input on its own, and with
// --reference gives each as a share of real text timed in the same run.
func TestBenchAdversarialRows(t *testing.T) {
	ref := filepath.Join(t.TempDir(), "answer.md")
	if err := os.WriteFile(ref, []byte(strings.Repeat("The handler reads the request body, checks the header and writes a reply.\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := sluice(t, "", "bench", "throughput", "--kind", "adversarial", "--generate", "448KiB", "--quick", "--no-rules", "--reference", ref)
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	_, rows, ok := strings.Cut(out, "each input alone")
	if !ok {
		t.Fatalf("no per-input table:\n%s", out)
	}
	for _, name := range []string{"reference (answer.md) ", "url ", "email ", "keywords ", "every-trigger ", "slowest: "} {
		if !strings.Contains(rows, "\n"+name) {
			t.Errorf("no row %q:\n%s", name, rows)
		}
	}
	if !strings.Contains(rows, "of the reference text") || !strings.Contains(rows, "of reference") {
		t.Errorf("no share of the reference:\n%s", rows)
	}
	if _, errOut, code := sluice(t, "", "bench", "throughput", "--generate", "64KiB", "--quick", "--no-rules", "--reference", ref); code != 2 || !strings.Contains(errOut, "--reference needs --kind adversarial") {
		t.Errorf("--reference without --kind adversarial: %d %q", code, errOut)
	}
}
