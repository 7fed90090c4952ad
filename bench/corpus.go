// Package bench generates labelled corpora of AI-model answers and
// measures a compiled policy against them: throughput (whole policy,
// keyword pass alone, per rule), latency per message size, allocations,
// and accuracy (precision, recall, F1 per entity type). `sluice bench`
// is its command line; the Go benchmarks in this package time the same
// hot path for benchstat.
package bench

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind selects what a generated corpus holds.
type Kind int

const (
	// Sparse plants one sensitive value per ~16 KiB of text: the common
	// case of a model answer that is almost always clean.
	Sparse Kind = iota
	// Dense plants values back to back, 2-3 per KiB: the worst case for the
	// detectors and the resolver.
	Dense
	// Clean plants nothing (but keeps decoys: placeholders, example keys,
	// public keys, version numbers). Every finding on it is a false alarm.
	Clean
	// Digits is digit-heavy text (tables, metrics, logs, CSV) with sparse
	// plants: the worst case for the digit-run triggers of cards, phones
	// and national ids.
	Digits
	// Adversarial is one document per adversarial generator (repeated
	// triggers of every kind, long runs of one byte, base64 and hex
	// runs; see adversaries): the inputs that must still scan in linear
	// time. Reports time each document on its own.
	Adversarial
)

// Kinds lists every kind, in the order reports show them.
var Kinds = []Kind{Sparse, Dense, Clean, Digits, Adversarial}

func (k Kind) String() string {
	switch k {
	case Sparse:
		return "sparse"
	case Dense:
		return "dense"
	case Clean:
		return "clean"
	case Digits:
		return "digits"
	case Adversarial:
		return "adversarial"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown corpus kind %q (want sparse, dense, clean, digits or adversarial)", s)
}

// interval is the mean number of bytes between planted values.
func (k Kind) interval() int {
	switch k {
	case Dense:
		return 64
	case Clean:
		return 0
	}
	return 16 << 10
}

// Config says what to generate. The same Config always yields the same
// documents.
type Config struct {
	Seed uint64
	Size int // total bytes of text, approximately (never less)
	Kind Kind
}

// Label marks one planted value: its entity type and its byte span
// [Start, End) in Doc.Text — the value itself, not its surroundings (for
// a connection string, the password).
type Label struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Doc is one model answer, as a JSONL record.
type Doc struct {
	ID     string  `json:"id"`
	Text   string  `json:"text"`
	Labels []Label `json:"labels"`
}

// Bytes is the total text size of docs.
func Bytes(docs []Doc) int {
	n := 0
	for _, d := range docs {
		n += len(d.Text)
	}
	return n
}

// Generate writes model answers until cfg.Size bytes of text exist.
// Answers are 300 B to 12 KiB of prose, markdown, code in several
// languages, JSON, YAML, shell sessions, logs and tables; planted values
// are valid for their type (Luhn, mod-97, checksums, real key encodings).
func Generate(cfg Config) []Doc {
	if cfg.Kind == Adversarial {
		return generateAdversarial(cfg)
	}
	g := &generator{r: rand.New(rand.NewPCG(cfg.Seed, 0x5eed_b3a7c4)), kind: cfg.Kind}
	g.nextPlant = g.gap()
	var docs []Doc
	total := 0
	for i := 0; total < cfg.Size; i++ {
		want := g.docSize()
		d := g.doc(fmt.Sprintf("%s-%d-%05d", cfg.Kind, cfg.Seed, i), want)
		total += len(d.Text)
		docs = append(docs, d)
	}
	return docs
}

// Text concatenates docs into one text of exactly size bytes (cut at a
// UTF-8 boundary, so possibly a few bytes less), repeating them when
// there are too few. Benchmarks use it to scan one message of a size.
func Text(docs []Doc, size int) []byte {
	if len(docs) == 0 || size <= 0 {
		return nil
	}
	out := make([]byte, 0, size+16<<10)
	for i := 0; len(out) < size; i++ {
		out = append(out, docs[i%len(docs)].Text...)
		out = append(out, "\n\n"...)
	}
	out = out[:size]
	for len(out) > 0 && !utf8.Valid(out[len(out)-min(len(out), 4):]) {
		out = out[:len(out)-1]
	}
	return out
}

// Slice cuts the corpus, joined in order, into count messages of size
// bytes (ending at a UTF-8 boundary), starting over at the beginning when
// it runs out. Labels that a cut splits are dropped. It gives the latency
// measurement its messages of one size.
func Slice(docs []Doc, size, count int) []Doc {
	var b strings.Builder
	var labels []Label
	for _, d := range docs {
		base := b.Len()
		b.WriteString(d.Text)
		b.WriteString("\n\n")
		for _, l := range d.Labels {
			labels = append(labels, Label{Type: l.Type, Start: l.Start + base, End: l.End + base})
		}
	}
	all := b.String()
	if len(all) == 0 || size <= 0 {
		return nil
	}
	if size > len(all) {
		t := string(Text(docs, size))
		out := make([]Doc, count)
		for i := range out {
			out[i] = Doc{ID: "msg-" + strconv.Itoa(i), Text: t}
		}
		return out
	}
	out := make([]Doc, 0, count)
	pos := 0
	for len(out) < count {
		if pos+size > len(all) {
			pos = 0
		}
		end := pos + size
		for end > pos+1 && end < len(all) && !utf8.RuneStart(all[end]) {
			end--
		}
		d := Doc{ID: "msg-" + strconv.Itoa(len(out)), Text: all[pos:end]}
		for _, l := range labels {
			if l.Start >= pos && l.End <= end {
				d.Labels = append(d.Labels, Label{Type: l.Type, Start: l.Start - pos, End: l.End - pos})
			}
		}
		out = append(out, d)
		pos = end
	}
	return out
}

// WriteJSONL writes one Doc per line.
func WriteJSONL(w io.Writer, docs []Doc) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range docs {
		if docs[i].Labels == nil {
			docs[i].Labels = []Label{}
		}
		if err := enc.Encode(&docs[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ErrCorpus marks a corpus file that cannot be used.
var ErrCorpus = errors.New("invalid corpus")

// CorpusError says which line of a corpus is wrong and why.
type CorpusError struct {
	Line   int
	Reason string
}

func (e *CorpusError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }
func (e *CorpusError) Unwrap() error { return ErrCorpus }

// ReadJSONL reads a corpus: one {"id", "text", "labels"} object per line
// (blank lines skipped). A line that is not such an object, or a label
// outside its text, is an error naming the line; ids are made up from
// line numbers when missing. Plain-text corpora go through ReadText.
func ReadJSONL(r io.Reader) ([]Doc, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 256<<20)
	var docs []Doc
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var d Doc
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, &CorpusError{Line: line, Reason: "not a JSON object with id, text, labels: " + jsonReason(err)}
		}
		if d.ID == "" {
			d.ID = "line-" + strconv.Itoa(line)
		}
		for _, l := range d.Labels {
			if l.Type == "" || l.Start < 0 || l.End > len(d.Text) || l.Start >= l.End {
				return nil, &CorpusError{Line: line, Reason: fmt.Sprintf("label %s [%d,%d) is outside the text (%d bytes) or empty", l.Type, l.Start, l.End, len(d.Text))}
			}
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading corpus: %w", err)
	}
	return docs, nil
}

// jsonReason keeps a decode error short and free of payload bytes.
func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q has the wrong type", te.Field)
	}
	return "cannot decode"
}

// ParseSize reads "1MiB", "256KiB", "16MB", "4k", "1000".
func ParseSize(s string) (int, error) {
	t := strings.TrimSpace(s)
	mult := 1
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000_000}, {"GB", 1000_000_000}, {"K", 1 << 10}, {"M", 1 << 20}, {"k", 1 << 10}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = rest, u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || n <= 0 || n*float64(mult) > 1<<34 {
		return 0, fmt.Errorf("size %q: want a positive number of bytes such as 1MiB, 256KiB or 4096", s)
	}
	return int(n * float64(mult)), nil
}

// FormatSize writes sizes the way ParseSize reads them.
func FormatSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + "MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + "KiB"
	}
	return strconv.Itoa(n) + "B"
}
