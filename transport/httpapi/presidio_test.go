package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestAnalyzeShape(t *testing.T) {
	ts := newTestServer(t, Config{})
	// "Zoë" has a two-byte ë: Presidio offsets count code points.
	text := "Zoë: bob@example.com, key AKIAZ3MSJV4WXLGPTQ7R"
	tests := []struct {
		name string
		req  map[string]any
		want []recognizerResult
	}{
		{"all", map[string]any{"text": text, "language": "en"}, []recognizerResult{
			{EntityType: "EMAIL_ADDRESS", Start: 5, End: 20, Score: 0.85, RecognitionMetadata: recognitionMetadata{"email", "email"}},
			{EntityType: "AWS_ACCESS_KEY_ID", Start: 26, End: 46, Score: 0.9, RecognitionMetadata: recognitionMetadata{"aws-access-key-id", "aws-access-key-id"}},
		}},
		{"entities filter", map[string]any{"text": text, "language": "en", "entities": []string{"AWS_ACCESS_KEY_ID"}}, []recognizerResult{
			{EntityType: "AWS_ACCESS_KEY_ID", Start: 26, End: 46, Score: 0.9, RecognitionMetadata: recognitionMetadata{"aws-access-key-id", "aws-access-key-id"}},
		}},
		{"score threshold", map[string]any{"text": text, "language": "en", "score_threshold": 1.01}, []recognizerResult{}},
		{"allow list", map[string]any{"text": text, "language": "en", "allow_list": []string{"bob@example.com"}, "entities": []string{"EMAIL_ADDRESS"}}, []recognizerResult{}},
		{"unknown fields ignored", map[string]any{"text": "nothing", "language": "en", "correlation_id": "x", "context": []string{"a"}}, []recognizerResult{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.postJSON(t, "/analyze", tc.req)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r)
			}
			var got []recognizerResult
			if err := json.Unmarshal(r.body, &got); err != nil {
				t.Fatal(err)
			}
			// Scores belong to the rules; check their range, not values.
			for i := range got {
				if got[i].Score <= 0 || got[i].Score > 1 {
					t.Errorf("score %v out of range", got[i].Score)
				}
				got[i].Score = 0
			}
			for i := range tc.want {
				tc.want[i].Score = 0
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
			// The raw shape: a JSON array with Presidio's field names.
			if !strings.HasPrefix(r.String(), "[") {
				t.Errorf("not an array: %s", r)
			}
		})
	}
	t.Run("decision process", func(t *testing.T) {
		r := ts.postJSON(t, "/analyze", map[string]any{"text": text, "language": "en", "return_decision_process": true})
		for _, w := range []string{`"analysis_explanation":{"recognizer":"email"`, `"pattern_name":"email"`, `"original_score":`, `"textual_explanation":"Identified as EMAIL_ADDRESS`} {
			if !strings.Contains(r.String(), w) {
				t.Errorf("body lacks %s: %s", w, r)
			}
		}
	})
	t.Run("ad hoc recognizers refused", func(t *testing.T) {
		r := ts.postJSON(t, "/analyze", map[string]any{"text": "x", "language": "en", "ad_hoc_recognizers": []map[string]any{{"name": "x"}}})
		if r.status != 400 || !strings.Contains(r.String(), "ad_hoc_recognizers are not supported") {
			t.Errorf("got %d %s", r.status, r)
		}
	})
}

func TestAnonymizeShape(t *testing.T) {
	ts := newTestServer(t, Config{})
	text := "Zoë: bob@example.com, tel 555-0100"
	email := map[string]any{"start": 5, "end": 20, "score": 0.9, "entity_type": "EMAIL_ADDRESS"}
	phone := map[string]any{"start": 26, "end": 34, "score": 0.6, "entity_type": "PHONE_NUMBER"}
	sum := sha256.Sum256([]byte("bob@example.com"))
	hash := hex.EncodeToString(sum[:])
	tests := []struct {
		name  string
		anon  map[string]any
		res   []map[string]any
		want  string
		items []anonymizeItem
	}{
		{"default replace", nil, []map[string]any{phone, email}, "Zoë: <EMAIL_ADDRESS>, tel <PHONE_NUMBER>", []anonymizeItem{
			{Start: 5, End: 20, EntityType: "EMAIL_ADDRESS", Text: "<EMAIL_ADDRESS>", Operator: "replace"},
			{Start: 26, End: 40, EntityType: "PHONE_NUMBER", Text: "<PHONE_NUMBER>", Operator: "replace"},
		}},
		{"per entity", map[string]any{
			"DEFAULT":      map[string]any{"type": "replace", "new_value": "ANONYMIZED"},
			"PHONE_NUMBER": map[string]any{"type": "mask", "masking_char": "*", "chars_to_mask": 4, "from_end": true},
		}, []map[string]any{email, phone}, "Zoë: ANONYMIZED, tel 555-****", []anonymizeItem{
			{Start: 5, End: 15, EntityType: "EMAIL_ADDRESS", Text: "ANONYMIZED", Operator: "replace"},
			{Start: 21, End: 29, EntityType: "PHONE_NUMBER", Text: "555-****", Operator: "mask"},
		}},
		{"redact", map[string]any{"DEFAULT": map[string]any{"type": "redact"}}, []map[string]any{email}, "Zoë: , tel 555-0100", []anonymizeItem{
			{Start: 5, End: 5, EntityType: "EMAIL_ADDRESS", Text: "", Operator: "redact"},
		}},
		{"hash", map[string]any{"EMAIL_ADDRESS": map[string]any{"type": "hash"}}, []map[string]any{email}, "Zoë: " + hash + ", tel 555-0100", []anonymizeItem{
			{Start: 5, End: 69, EntityType: "EMAIL_ADDRESS", Text: hash, Operator: "hash"},
		}},
		{"keep", map[string]any{"DEFAULT": map[string]any{"type": "keep"}}, []map[string]any{email}, text, []anonymizeItem{
			{Start: 5, End: 20, EntityType: "EMAIL_ADDRESS", Text: "bob@example.com", Operator: "keep"},
		}},
		{"mask from start", map[string]any{"DEFAULT": map[string]any{"type": "mask", "masking_char": "#", "chars_to_mask": 100}}, []map[string]any{
			{"start": 0, "end": 3, "score": 0.5, "entity_type": "PERSON"}}, "###: bob@example.com, tel 555-0100", []anonymizeItem{
			{Start: 0, End: 3, EntityType: "PERSON", Text: "###", Operator: "mask"},
		}},
		{"overlap: the higher score keeps its span, the other is cut back", nil, []map[string]any{email, {"start": 9, "end": 34, "score": 0.3, "entity_type": "URL"}}, "Zoë: <EMAIL_ADDRESS><URL>", []anonymizeItem{
			{Start: 5, End: 20, EntityType: "EMAIL_ADDRESS", Text: "<EMAIL_ADDRESS>", Operator: "replace"},
			{Start: 20, End: 25, EntityType: "URL", Text: "<URL>", Operator: "replace"},
		}},
		{"contained: the containing span is replaced whole, whatever the scores", nil, []map[string]any{
			{"start": 26, "end": 29, "score": 0.95, "entity_type": "PHONE_NUMBER"},
			{"start": 21, "end": 34, "score": 0.4, "entity_type": "CREDIT_CARD"}}, "Zoë: bob@example.com,<CREDIT_CARD>", []anonymizeItem{
			{Start: 21, End: 34, EntityType: "CREDIT_CARD", Text: "<CREDIT_CARD>", Operator: "replace"},
		}},
		{"same type overlapping: one union", nil, []map[string]any{
			{"start": 5, "end": 12, "score": 0.5, "entity_type": "EMAIL_ADDRESS"},
			{"start": 9, "end": 20, "score": 0.6, "entity_type": "EMAIL_ADDRESS"}}, "Zoë: <EMAIL_ADDRESS>, tel 555-0100", []anonymizeItem{
			{Start: 5, End: 20, EntityType: "EMAIL_ADDRESS", Text: "<EMAIL_ADDRESS>", Operator: "replace"},
		}},
		{"equal spans: the higher score", nil, []map[string]any{
			{"start": 5, "end": 20, "score": 0.5, "entity_type": "URL"}, email}, "Zoë: <EMAIL_ADDRESS>, tel 555-0100", []anonymizeItem{
			{Start: 5, End: 20, EntityType: "EMAIL_ADDRESS", Text: "<EMAIL_ADDRESS>", Operator: "replace"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := map[string]any{"text": text, "analyzer_results": tc.res}
			if tc.anon != nil {
				req["anonymizers"] = tc.anon
			}
			r := ts.postJSON(t, "/anonymize", req)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r)
			}
			var got anonymizeResponse
			if err := json.Unmarshal(r.body, &got); err != nil {
				t.Fatal(err)
			}
			if got.Text != tc.want {
				t.Errorf("text %q, want %q", got.Text, tc.want)
			}
			if !reflect.DeepEqual(got.Items, tc.items) {
				t.Errorf("items %+v\nwant %+v", got.Items, tc.items)
			}
		})
	}
	bad := []struct {
		name string
		req  map[string]any
		want string
	}{
		{"out of range", map[string]any{"text": "abc", "analyzer_results": []map[string]any{{"start": 1, "end": 9, "entity_type": "X"}}}, "analyzer_results[0]: span 1..9 is outside the text (length 3)"},
		{"encrypt", map[string]any{"text": "abc", "anonymizers": map[string]any{"DEFAULT": map[string]any{"type": "encrypt", "key": "k"}}}, "encrypt operator is not supported"},
		{"unknown operator", map[string]any{"text": "abc", "anonymizers": map[string]any{"DEFAULT": map[string]any{"type": "shred"}}}, "unknown operator type"},
		{"mask without char", map[string]any{"text": "abc", "anonymizers": map[string]any{"DEFAULT": map[string]any{"type": "mask", "chars_to_mask": 1}}}, "masking_char"},
		{"missing text", map[string]any{"analyzer_results": []any{}}, `missing field \"text\"`},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.postJSON(t, "/anonymize", tc.req)
			if r.status != 400 || !strings.Contains(r.String(), tc.want) {
				t.Errorf("got %d %s, want 400 %s", r.status, r, tc.want)
			}
		})
	}
}
