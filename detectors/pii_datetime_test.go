package detectors_test

import (
	"context"
	"slices"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// TestDateTimeForms: every date and time form of issue 12 is a DATE_TIME
// finding with its exact span where every finding counts (threshold 0,
// what /analyze returns by default); look-alikes are not.
func TestDateTimeForms(t *testing.T) {
	all := piiScanner(t, func(p *engine.Policy) { z := 0.0; p.Threshold = &z })
	tps := []string{
		"at «2031-07-14T09:30:00+02:00»", "«2031-07-14»", "«2024-03-15T10:30:00Z»", "«2024-03-15 10:30:00.123Z» done",
		"«2024-03-15T10:30:00.123456+0530»", "«07/14/2031»", "«14/07/2031»", "«14.07.2031»", "«14-07-2031»", "«1/2/2031»",
		"«14.07.31»", "«07/14/31»", "«14-07-31»", "«2031/07/14»", "«2031.07.14»", "«05/2021»", "«2021-05»",
		"«14 July 2031»", "«July 14, 2031»", "«Jul 14 2031»", "«14 Jul. 2031»", "«14th July 2031»", "«May-2021»", "«May 2021»",
		"«21-May»", "on «21 May» we", "«4. März 1979»", "«3 janvier 2024»", "«5 de mayo de 2020»", "«12 settembre 2019»",
		"«1 de março de 2022»", "«9 oktober 2020»", "«14 sept. 2031»", "«Dec 25, 2030 18:00»",
		// A date right after another one, or at the end of a sentence.
		"01/02/2031 «03/04/2031»", "2024-01-01T10:00:00Z «2024-01-02»", "1 May «2 June 2031»", "released «14.07.2031».", "on «14/07/2031»: done",
		"report-«2024-01-15».pdf", "date:«2024-01-15»", "backup_«2024-01-05»", "«2024-01-15».tar.gz", "on «21 May»", "since «Jul 2031»", "(«14 July»)", "on «May 14th»", "the «14th of May»", "(«2024-01-05»)",
	}
	for _, tp := range tps {
		text, spans, err := detectors.ParseExample(tp)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(text, func(t *testing.T) {
			f, ok := findValue(t, all, text, text[spans[0][0]:spans[0][1]])
			if !ok || f.Type != "DATE_TIME" {
				fs, _, _ := all.AppendFindings(context.Background(), []byte(text), nil)
				t.Errorf("want DATE_TIME %q, got %+v", text[spans[0][0]:spans[0][1]], fs)
			}
		})
	}
	fps := []string{"version 1.2.10", "2024-13-45", "10.0.0.1", "3/4/5", "99/99/9999", "v2021-05", "you may 2 times",
		"14 markers 2031", "mars 2 rover", "July 45, 2031", "1.2.3.4", "2024-00-10", "page 12/40",
		"10.10.10.10", "1.2.3.2024", "v1.12.2031", "build 2024-01-15x", "id a2024-01-15", "2024-01-15-3", "14/07/20310", "5-2024-01-05", "+2024-01-05", "x.2024-01-05"}
	for _, fp := range fps {
		t.Run("fp "+fp, func(t *testing.T) {
			fs, _, err := all.AppendFindings(context.Background(), []byte(fp), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Type == "DATE_TIME" {
					t.Errorf("DATE_TIME %q in %q", fp[f.Start:f.End], fp)
				}
			}
		})
	}
}

// TestDateTimeBuiltinPolicy: the built-in policy, and one with a lower
// threshold, report every date (the three forms included) and
// leave it in place, and redact a date of birth, in every form.
func TestDateTimeBuiltinPolicy(t *testing.T) {
	builtin := piiScanner(t, nil)
	low := piiScanner(t, func(p *engine.Policy) { th := 0.45; p.Threshold = &th })
	for _, c := range []struct {
		s        *engine.Scanner
		in, want string
		rules    []string
	}{
		{low, "released 2031-07-14T09:30:00+02:00, see 14 July 2031 or 07/14/2031", "released 2031-07-14T09:30:00+02:00, see 14 July 2031 or 07/14/2031",
			[]string{"date-time", "date-time-words", "date-time"}},
		{builtin, "released 2031-07-14T09:30:00+02:00, see 14 July 2031 or 07/14/2031", "released 2031-07-14T09:30:00+02:00, see 14 July 2031 or 07/14/2031",
			[]string{"date-time", "date-time-words", "date-time"}},
		{builtin, "born 14 July 1985", "born <DATE_TIME>", []string{"date-of-birth"}},
		{low, "born 14 July 1985", "born <DATE_TIME>", []string{"date-of-birth"}},
		{builtin, "DOB: 07/30/1985", "DOB: <DATE_TIME>", []string{"date-of-birth"}},
		{builtin, "geboren am 4. März 1979", "geboren am <DATE_TIME>", []string{"date-of-birth"}},
		{builtin, "date de naissance 3 janvier 2024", "date de naissance <DATE_TIME>", []string{"date-of-birth"}},
		{builtin, "born 2031-07-14T09:30:00+02:00", "born <DATE_TIME>", []string{"date-of-birth"}},
		{builtin, "DOB 01/02/1985 03/04/1986", "DOB <DATE_TIME> <DATE_TIME>", []string{"date-of-birth", "date-of-birth"}},
	} {
		res, err := c.s.Redact(context.Background(), []byte(c.in))
		if err != nil {
			t.Fatal(err)
		}
		if string(res.Redacted) != c.want {
			t.Errorf("%q: got %q, want %q", c.in, res.Redacted, c.want)
		}
		var rules []string
		for _, f := range res.Findings {
			if f.Type != "DATE_TIME" {
				t.Errorf("%q: finding %+v", c.in, f)
			}
			rules = append(rules, f.Rule)
		}
		if !slices.Equal(rules, c.rules) {
			t.Errorf("%q: rules %v, want %v", c.in, rules, c.rules)
		}
	}
}
