package engine

import (
	"context"
	"strings"
	"testing"
)

// spansRecognizer is a model that returns fixed spans, each given as the
// text it covers (first occurrence) and a type, with a high score.
type spansRecognizer []struct{ typ, value string }

func (r spansRecognizer) Recognize(_ context.Context, text []byte, dst []Finding) ([]Finding, error) {
	for _, s := range r {
		i := strings.Index(string(text), s.value)
		if i < 0 {
			continue
		}
		dst = append(dst, Finding{Type: s.typ, Category: "pii", Rule: "ner", Start: i, End: i + len(s.value), Score: 0.99})
	}
	return dst, nil
}

// TestModelYieldsToPatterns: a model span never relabels, grows or shrinks
// a pattern finding; it keeps only its part outside the pattern spans.
func TestModelYieldsToPatterns(t *testing.T) {
	type want struct{ typ, value string }
	for _, tc := range []struct {
		name  string
		text  string
		model spansRecognizer
		want  []want
	}{
		{
			name:  "inside a URL",
			text:  "Book at https://paris.example.com/hotels today",
			model: spansRecognizer{{"LOCATION", "paris"}},
			want:  []want{{"URL", "https://paris.example.com/hotels"}},
		},
		{
			name:  "over the start of an e-mail address",
			text:  "Write to Jane Doe jane.doe@example.com now",
			model: spansRecognizer{{"PERSON", "Jane Doe"}, {"PERSON", "Doe jane.doe"}},
			want:  []want{{"PERSON", "Jane Doe"}, {"EMAIL_ADDRESS", "jane.doe@example.com"}},
		},
		{
			name:  "running into a URL keeps the part before it",
			text:  "Acme|https://acme.example.com/x",
			model: spansRecognizer{{"ORGANIZATION", "Acme|https://acme"}},
			want:  []want{{"ORGANIZATION", "Acme"}, {"URL", "https://acme.example.com/x"}},
		},
		{
			name:  "covering a whole e-mail address",
			text:  "Mail Bo Li <bo.li@example.org>.",
			model: spansRecognizer{{"PERSON", "Bo Li <bo.li@example.org>"}},
			want:  []want{{"PERSON", "Bo Li"}, {"EMAIL_ADDRESS", "bo.li@example.org"}},
		},
		{
			name:  "no overlap leaves the model span alone",
			text:  "Ask Maria Gonzalez at maria@example.com",
			model: spansRecognizer{{"PERSON", "Maria Gonzalez"}},
			want:  []want{{"PERSON", "Maria Gonzalez"}, {"EMAIL_ADDRESS", "maria@example.com"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultPolicy()
			p.NER = NERConfig{Enabled: true}
			s := mustCompile(t, p, WithRecognizer(tc.model))
			res, err := s.Redact(context.Background(), []byte(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			var got []want
			for _, f := range res.Findings {
				got = append(got, want{f.Type, tc.text[f.Start:f.End]})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("findings %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("finding %d = %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}
