package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/engine"
)

func TestMatchingRule(t *testing.T) {
	d := Doc{ID: "d1", Text: strings.Repeat("x", 100), Labels: []Label{
		{Type: "EMAIL_ADDRESS", Start: 10, End: 20}, // found, partial overlap
		{Type: "CREDIT_CARD", Start: 30, End: 40},   // found under another type
		{Type: "US_SSN", Start: 50, End: 60},        // touched but not overlapped
		{Type: "JWT", Start: 70, End: 80},           // found twice
	}}
	fs := []engine.Finding{
		{Type: "EMAIL_ADDRESS", Rule: "email", Start: 15, End: 25},
		{Type: "PHONE_NUMBER", Rule: "phone", Start: 30, End: 40},
		{Type: "US_SSN", Rule: "ssn", Start: 60, End: 65},
		{Type: "JWT", Rule: "jwt", Start: 70, End: 75},
		{Type: "JWT", Rule: "jwt", Start: 75, End: 80},
	}
	a := &Accuracy{ByType: map[string]Counts{}}
	a.add(d, fs, nil, false)
	for t2, c := range a.ByType {
		c.finish()
		a.ByType[t2] = c
	}
	a.Overall.finish()
	o := a.Overall
	if o.Labels != 4 || o.Found != 2 || o.Findings != 5 || o.Correct != 3 {
		t.Fatalf("overall %+v", o)
	}
	if o.Recall != 0.5 || o.Precision != 0.6 {
		t.Fatalf("precision %v recall %v", o.Precision, o.Recall)
	}
	if len(a.Misses) != 2 || a.Misses[0].Type != "CREDIT_CARD" || len(a.Misses[0].FoundAs) != 1 || a.Misses[0].FoundAs[0] != "PHONE_NUMBER" {
		t.Fatalf("misses %+v", a.Misses)
	}
	if len(a.FalseAlarms) != 2 || a.FalseAlarms[0].Rule != "phone" || a.FalseAlarms[1].Rule != "ssn" {
		t.Fatalf("false alarms %+v", a.FalseAlarms)
	}
	if a.Misses[0].Value != "" {
		t.Fatal("value without asking")
	}
	if c := a.ByType["JWT"]; c.Precision != 1 || c.Recall != 1 {
		t.Fatalf("JWT %+v", c)
	}
	if c := a.ByType["US_SSN"]; c.Recall != 0 || c.Precision != 0 || c.F1 != 0 {
		t.Fatalf("US_SSN %+v", c)
	}
	// Out of scope: a policy without a type is not charged with its labels.
	b := &Accuracy{ByType: map[string]Counts{}}
	b.add(d, fs[:1], map[string]bool{"EMAIL_ADDRESS": true}, false)
	if b.Overall.Labels != 1 || b.Skipped["CREDIT_CARD"] != 1 || b.Skipped["JWT"] != 1 || len(b.Misses) != 0 {
		t.Fatalf("scope: %+v skipped %v", b.Overall, b.Skipped)
	}
}

func TestScoreWithEngine(t *testing.T) {
	s, err := engine.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := []Doc{{ID: "a", Text: "mail bob.smith@globex.de or card 4111 1111 1111 1111 today", Labels: []Label{{Type: "EMAIL_ADDRESS", Start: 5, End: 24}}}}
	a, err := Score(context.Background(), s, docs, true)
	if err != nil {
		t.Fatal(err)
	}
	if a.ByType["EMAIL_ADDRESS"].Found != 1 {
		t.Fatalf("%+v", a.ByType)
	}
	if len(a.FalseAlarms) != 1 || a.FalseAlarms[0].Type != "CREDIT_CARD" || a.FalseAlarms[0].Value != "4111 1111 1111 1111" {
		t.Fatalf("false alarms %+v", a.FalseAlarms)
	}
	// A plain date the built-in policy only reports is no false alarm
	// when unlabelled, and found when labelled.
	dated := []Doc{
		{ID: "d1", Text: "the release is on 14 July 2031, ask bob@example.com", Labels: []Label{{Type: "EMAIL_ADDRESS", Start: 36, End: 51}}},
		{ID: "d2", Text: "the release is on 14 July 2031", Labels: []Label{{Type: "DATE_TIME", Start: 18, End: 30}}},
	}
	a, err = Score(context.Background(), s, dated, false)
	if err != nil {
		t.Fatal(err)
	}
	if a.Unscored != 1 || a.Overall.FalseAlarms != 0 || a.Overall.Recall != 1 || a.ByType["DATE_TIME"].Found != 1 || a.ByType["DATE_TIME"].Correct != 1 {
		t.Fatalf("reported dates: unscored %d, %+v, %+v", a.Unscored, a.Overall, a.ByType["DATE_TIME"])
	}
	clean := Generate(Config{Seed: 1, Size: 64 << 10, Kind: Clean})
	a, err = Score(context.Background(), s, clean, false)
	if err != nil {
		t.Fatal(err)
	}
	if a.Overall.Labels != 0 || a.Overall.Recall != 1 {
		t.Fatalf("clean corpus %+v", a.Overall)
	}
	// Not a test of the catalogue: just make false alarms on the clean
	// corpus visible in -v output.
	t.Logf("default policy on 64 KiB clean text: %d false alarms", a.Overall.FalseAlarms)
}

func TestMeasure(t *testing.T) {
	p, err := engine.ParsePolicy("test.yaml", []byte(`
id: test
builtin: [email, aws-access-key-id]
rules:
  - id: ticket
    type: TICKET_ID
    keywords: [tkt-]
    pattern: '\b(TKT-\d{6})\b'
    group: 1
    max_len: 10
`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := engine.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	docs := Generate(Config{Seed: 1, Size: 64 << 10, Kind: Dense})
	o := QuickOptions()
	o.MinTime = 10 * time.Millisecond
	o.LatencyMessages = 50
	r, err := Measure(context.Background(), p, s, docs, "test corpus", o)
	if err != nil {
		t.Fatal(err)
	}
	if r.FullMBps <= 0 || r.KeywordMBps <= 0 || r.Ratio <= 0 || r.Bytes != Bytes(docs) || r.Rules != 3 || r.Policy != "test" {
		t.Fatalf("%+v", r)
	}
	if len(r.Latency) != len(LatencySizes) || r.Latency[0].P50us <= 0 || r.Latency[0].P99us < r.Latency[0].P50us {
		t.Fatalf("latency %+v", r.Latency)
	}
	if len(r.RuleCosts) != 3 {
		t.Fatalf("rule costs %+v", r.RuleCosts)
	}
	user := 0
	for _, c := range r.RuleCosts {
		if c.User {
			user++
			if c.ID != "ticket" {
				t.Fatalf("%s marked as a policy rule", c.ID)
			}
		}
		if c.MBps <= 0 {
			t.Fatalf("%+v", c)
		}
	}
	if user != 1 {
		t.Fatal("the policy rule is not marked")
	}
	if r.Accuracy == nil || r.Accuracy.Overall.Labels == 0 || r.Accuracy.Misses != nil || len(r.Accuracy.Skipped) < 10 {
		t.Fatalf("accuracy %+v", r.Accuracy)
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"full policy", "keyword pass alone", "when nothing is found", "4KiB", "64KiB", "ticket (policy)", "recall"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
	if _, err := Measure(context.Background(), p, s, nil, "", o); !errors.Is(err, ErrCorpus) {
		t.Fatalf("empty corpus: %v", err)
	}
}

func TestGate(t *testing.T) {
	base := &Result{Version: ResultVersion, FullMBps: 100, KeywordMBps: 200, Ratio: 0.5,
		RuleCosts: []RuleCost{{ID: "a", CostUsPerMiB: 100}, {ID: "b", CostUsPerMiB: 100}}}
	cur := func(mbps, ratio, recall float64) *Result {
		return &Result{Version: ResultVersion, FullMBps: mbps, Ratio: ratio,
			RuleCosts: []RuleCost{{ID: "a", CostUsPerMiB: 100}, {ID: "b", CostUsPerMiB: 900}, {ID: "new", CostUsPerMiB: 50}},
			Accuracy: &Accuracy{Overall: Counts{Labels: 10, Recall: recall, Misses: int(10 - 10*recall)}, ByType: map[string]Counts{
				"EMAIL_ADDRESS": {Labels: 5, Recall: 1}, "US_SSN": {Labels: 5, Recall: recall*2 - 1},
			}}}
	}
	for _, tc := range []struct {
		name  string
		gate  Gate
		cur   *Result
		fails []string
	}{
		{"within limit", Gate{MaxDrop: 20, MinRecall: 0.9}, cur(85, 0.5, 0.95), nil},
		{"faster", Gate{MaxDrop: 0, MinRecall: -1}, cur(150, 0.5, 1), nil},
		{"throughput drop", Gate{MaxDrop: 20, MinRecall: -1}, cur(70, 0.5, 1), []string{"30.0% below", "b (+800 µs/MiB)", "new (+50"}},
		{"relative ok", Gate{MaxDrop: 20, MinRecall: -1, Relative: true}, cur(10, 0.45, 1), nil},
		{"relative drop", Gate{MaxDrop: 20, MinRecall: -1, Relative: true}, cur(500, 0.25, 1), []string{"ratio", "50.0% below"}},
		{"recall", Gate{MaxDrop: -1, MinRecall: 0.9}, cur(100, 0.5, 0.8), []string{"recall 0.800 is below the floor 0.900", "US_SSN 0.60"}},
		{"both", Gate{MaxDrop: 5, MinRecall: 0.99}, cur(50, 0.5, 0.9), []string{"below the baseline", "below the floor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fails, err := tc.gate.Check(base, tc.cur)
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.fails) == 0 && len(fails) > 0 {
				t.Fatalf("unexpected failures %q", fails)
			}
			all := strings.Join(fails, "\n")
			for _, want := range tc.fails {
				if !strings.Contains(all, want) {
					t.Errorf("failures %q lack %q", all, want)
				}
			}
		})
	}
	noLabels := cur(100, 0.5, 1)
	noLabels.Accuracy = nil
	if _, err := (Gate{MaxDrop: -1, MinRecall: 0.5}).Check(nil, noLabels); err == nil {
		t.Fatal("recall floor without labels accepted")
	}
}

func TestReadResult(t *testing.T) {
	good, _ := json.Marshal(&Result{Version: ResultVersion, FullMBps: 12})
	if r, err := ReadResult(bytes.NewReader(good)); err != nil || r.FullMBps != 12 {
		t.Fatal(r, err)
	}
	for name, in := range map[string]string{
		"not json":    "full_mbps: 12",
		"old version": `{"version": 99, "full_mbps": 12}`,
		"no figure":   `{"version": 1}`,
	} {
		if _, err := ReadResult(strings.NewReader(in)); !errors.Is(err, ErrBaseline) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestWriteSVG(t *testing.T) {
	r := &Result{Policy: "p<&>", Rules: 3, FullMBps: 80, KeywordMBps: 200, RuleCosts: []RuleCost{
		{ID: "fast", MBps: 900}, {ID: "slow-custom", MBps: 12, User: true}, {ID: "mid", MBps: 300},
	}}
	var buf bytes.Buffer
	if err := WriteSVG(&buf, r); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	var order []string
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, buf.String())
		}
		switch v := tok.(type) {
		case xml.StartElement:
			inText = v.Name.Local == "text"
		case xml.CharData:
			s := string(v)
			if inText && (s == "fast" || s == "mid" || strings.HasPrefix(s, "slow-custom")) {
				order = append(order, s)
			}
		}
	}
	if strings.Join(order, ",") != "slow-custom (policy),mid,fast" {
		t.Fatalf("bars in order %v, want slowest first", order)
	}
}
