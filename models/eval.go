package models

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Labelled is a text with its gold entity spans.
type Labelled struct {
	Text  string
	Spans []Span
	Line  int
}

var shortTypes = map[string]string{"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}

// ParseMarked reads the hand-written test format: one text per line,
// entities written [text](PER|LOC|ORG), "\n" for a line break inside a
// text, '#' lines and blank lines ignored.
func ParseMarked(r io.Reader) ([]Labelled, error) {
	var out []Labelled
	sc := bufio.NewScanner(r)
	ln := 0
	for sc.Scan() {
		ln++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		line = strings.ReplaceAll(line, `\n`, "\n")
		var b strings.Builder
		var spans []Span
		for len(line) > 0 {
			i := strings.IndexByte(line, '[')
			if i < 0 {
				b.WriteString(line)
				break
			}
			j := strings.Index(line[i:], "](")
			if j < 0 {
				b.WriteString(line)
				break
			}
			k := strings.IndexByte(line[i+j:], ')')
			if k < 0 {
				return nil, fmt.Errorf("line %d: unclosed entity", ln)
			}
			typ, ok := shortTypes[line[i+j+2:i+j+k]]
			if !ok {
				b.WriteString(line[:i+1])
				line = line[i+1:]
				continue
			}
			b.WriteString(line[:i])
			start := b.Len()
			b.WriteString(line[i+1 : i+j])
			spans = append(spans, Span{Type: typ, Start: start, End: b.Len()})
			line = line[i+j+k+1:]
		}
		out = append(out, Labelled{Text: b.String(), Spans: spans, Line: ln})
	}
	return out, sc.Err()
}

// Counts are entity-level true positives, false positives and false
// negatives for one type (exact span and type match).
type Counts struct{ TP, FP, FN int }

// P is precision.
func (c Counts) P() float64 { return ratio(c.TP, c.TP+c.FP) }

// R is recall.
func (c Counts) R() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of P and R.
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Score compares predicted spans with gold spans for each text and returns
// counts per type.
func Score(gold []Labelled, predict func(text string) []Span) map[string]*Counts {
	res := map[string]*Counts{}
	for _, t := range Types {
		res[t] = &Counts{}
	}
	type key struct {
		typ        string
		start, end int
	}
	for _, g := range gold {
		want := map[key]bool{}
		for _, s := range g.Spans {
			want[key{s.Type, s.Start, s.End}] = true
		}
		for _, s := range predict(g.Text) {
			c := res[s.Type]
			if c == nil {
				continue
			}
			k := key{s.Type, s.Start, s.End}
			if want[k] {
				c.TP++
				delete(want, k)
			} else {
				c.FP++
			}
		}
		for k := range want {
			res[k.typ].FN++
		}
	}
	return res
}

// FormatScores renders counts as a Markdown table.
func FormatScores(res map[string]*Counts) string {
	var b bytes.Buffer
	b.WriteString("| label | precision | recall | F1 | gold | predicted |\n|---|---|---|---|---|---|\n")
	keys := make([]string, 0, len(res))
	for k := range res {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := res[k]
		fmt.Fprintf(&b, "| %s | %.3f | %.3f | %.3f | %d | %d |\n", k, c.P(), c.R(), c.F1(), c.TP+c.FN, c.TP+c.FP)
	}
	return b.String()
}
