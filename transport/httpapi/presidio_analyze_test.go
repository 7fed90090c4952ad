package httpapi

import (
	"encoding/json"
	"testing"
)

// TestAnalyzeScoreThreshold: /analyze returns what Presidio would, down
// to score_threshold (default 0), also below the policy's threshold: a
// bare 9-digit number with a valid BSN check and no context word scores
// 0.45, which the built-in policy (threshold 0.5) does not redact.
func TestAnalyzeScoreThreshold(t *testing.T) {
	ts := newTestServer(t, Config{})
	const text = "ref 111222333"
	cases := []struct {
		name  string
		req   map[string]any
		found bool
	}{
		{"default threshold is 0", map[string]any{"text": text, "language": "en"}, true},
		{"explicit 0.4", map[string]any{"text": text, "language": "en", "score_threshold": 0.4}, true},
		{"0.5 drops it", map[string]any{"text": text, "language": "en", "score_threshold": 0.5}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ts.postJSON(t, "/analyze", c.req)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r)
			}
			var got []recognizerResult
			if err := json.Unmarshal(r.body, &got); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range got {
				if f.Start == 4 && f.End == 13 && f.Score == 0.45 {
					found = true
				}
			}
			if found != c.found {
				t.Errorf("found=%v, want %v: %s", found, c.found, r)
			}
		})
	}
	// The redaction endpoint keeps the policy's threshold.
	r := ts.postJSON(t, "/v1/redact", map[string]any{"text": text})
	var red struct {
		Redacted string `json:"redacted"`
	}
	if err := json.Unmarshal(r.body, &red); err != nil || red.Redacted != text {
		t.Errorf("/v1/redact changed a bare number: %s (%v)", r, err)
	}
}

// TestAnalyzeOverlappingTypes: like Presidio, /analyze reports a span once
// per entity type that recognizes it (a bare 9-digit number with a valid
// BSN check is a BSN, and has the shape of other countries' numbers), and
// an entities filter keeps the asked type whatever else the span is.
func TestAnalyzeOverlappingTypes(t *testing.T) {
	ts := newTestServer(t, Config{})
	types := func(req map[string]any) map[string]bool {
		t.Helper()
		r := ts.postJSON(t, "/analyze", req)
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r)
		}
		var got []recognizerResult
		if err := json.Unmarshal(r.body, &got); err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, f := range got {
			if f.Start == 4 && f.End == 13 {
				out[f.EntityType] = true
			}
		}
		return out
	}
	all := types(map[string]any{"text": "ref 111222333", "language": "en"})
	if !all["NL_BSN"] || len(all) < 2 {
		t.Errorf("types on the span: %v, want NL_BSN and others", all)
	}
	for typ := range all {
		if got := types(map[string]any{"text": "ref 111222333", "language": "en", "entities": []string{typ}}); len(got) != 1 || !got[typ] {
			t.Errorf("entities [%s]: %v", typ, got)
		}
	}
}
