package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

func TestCheckExamples(t *testing.T) {
	rule := detectors.Rule{ID: "ticket", Type: "TICKET", Category: detectors.Custom,
		Keywords: []string{"tk-"}, Pattern: `\bTK-(\d{4})\b`, Group: 1, MaxLen: 8}
	cases := []struct {
		name   string
		tp, fp []string
		want   []string // a substring of each expected error, in order
	}{
		{"exact spans pass", []string{"see TK-«1234» and TK-«5678»"}, []string{"TK-12"}, nil},
		{"unmarked tp", []string{"see TK-1234"}, nil, []string{`tp 0 "see TK-1234": mark the value the rule must redact with «…»`}},
		{"span one byte short", []string{"see TK-«123»4"}, nil, []string{`tp 0 "see TK-«123»4": want a finding of exactly "123", the rule finds "1234"`}},
		{"span too wide", []string{"see «TK-1234»"}, nil, []string{`exactly "TK-1234"`}},
		{"tp finds nothing", []string{"see TK-«12»"}, nil, []string{"finds nothing"}},
		{"fp found", nil, []string{"ok", "TK-9999"}, []string{`fp 1 "TK-9999": the rule finds "9999"`}},
		{"fp with marks", nil, []string{"«TK-9»"}, []string{"has no «…» marks"}},
		{"broken marks", []string{"TK-«1234"}, nil, []string{"never closed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rule
			r.TP, r.FP = c.tp, c.fp
			s, err := Compile(DefaultPolicy(), WithBuiltin([]detectors.Rule{r}))
			if err != nil {
				t.Fatal(err)
			}
			errs := CheckExamples(context.Background(), s, r)
			if len(errs) != len(c.want) {
				t.Fatalf("errors %v, want %d", errs, len(c.want))
			}
			for i, w := range c.want {
				if !strings.Contains(errs[i].Error(), w) {
					t.Errorf("error %q does not say %q", errs[i], w)
				}
			}
		})
	}
}
