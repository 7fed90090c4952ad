package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/spf13/cobra"
)

// maxJSONLLine bounds one --jsonl record; a longer line gets an error line.
const maxJSONLLine = 64 << 20

type scanOptions struct {
	policy         string
	asJSON         bool
	jsonl          bool
	showValues     bool
	failOnFindings bool
	progress       bool
}

func newScanCmd() *cobra.Command {
	var o scanOptions
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Redact files or stdin to stdout",
		Long: `Scan files (or stdin when no PATH is given) and write the redacted text to stdout.

  --json    the whole input is one text: print {"redacted": ..., "findings": [...]}
  --jsonl   each input line is {"id": ..., "text": ...}; each output line is
            {"id": ..., "redacted": ..., "findings": [...]}, or {"id": ..., "error": ...}

Exit status: 0 clean run, 1 findings with --fail-on-findings, 2 usage or input error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.asJSON && o.jsonl {
				return usageErr("scan: --json and --jsonl are exclusive")
			}
			s, err := loadScanner(o.policy)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			o.progress = isTerminal(os.Stderr)
			found, err := runScan(ctx, s, &o, args, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if found > 0 && o.failOnFindings {
				return &exitError{code: 1, err: fmt.Errorf("%d findings", found)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.policy, "policy", "", "policy file (default: built-in policy)")
	f.BoolVar(&o.asJSON, "json", false, "print one JSON object with the redacted text and findings")
	f.BoolVar(&o.jsonl, "jsonl", false, "read and write JSON lines ({\"id\",\"text\"} in, {\"id\",\"redacted\",\"findings\"} out)")
	f.BoolVar(&o.showValues, "show-values", false, "include matched values in JSON findings (they are secrets: handle the output with care)")
	f.BoolVar(&o.failOnFindings, "fail-on-findings", false, "exit with status 1 when anything is found")
	return cmd
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// input is one source to scan: a named file or stdin.
type input struct {
	name string
	open func() (io.ReadCloser, error)
	size int64
}

func inputsFor(args []string, stdin io.Reader) ([]input, error) {
	if len(args) == 0 || (len(args) == 1 && args[0] == "-") {
		return []input{{name: "stdin", open: func() (io.ReadCloser, error) { return io.NopCloser(stdin), nil }}}, nil
	}
	out := make([]input, 0, len(args))
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, usageErr("scan: %v", err)
		}
		if st.IsDir() {
			return nil, usageErr("scan: %s is a directory", a)
		}
		path := a
		out = append(out, input{name: a, size: st.Size(), open: func() (io.ReadCloser, error) { return os.Open(path) }})
	}
	return out, nil
}

func runScan(ctx context.Context, s *engine.Scanner, o *scanOptions, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	inputs, err := inputsFor(args, stdin)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(stdout, 64<<10)
	defer w.Flush()
	prog := newProgress(stderr, o.progress, inputs)
	defer prog.done()
	total := 0
	for _, in := range inputs {
		rc, err := in.open()
		if err != nil {
			return total, usageErr("scan: %v", err)
		}
		var n int
		if o.jsonl {
			n, err = scanJSONL(ctx, s, o, rc, w, prog)
		} else {
			n, err = scanWhole(ctx, s, o, in.name, rc, w)
		}
		rc.Close()
		total += n
		if err != nil {
			return total, err
		}
		prog.fileDone(in.size)
	}
	if err := w.Flush(); err != nil {
		return total, fmt.Errorf("scan: writing output: %w", err)
	}
	return total, nil
}

func scanWhole(ctx context.Context, s *engine.Scanner, o *scanOptions, name string, r io.Reader, w io.Writer) (int, error) {
	if !o.asJSON && !s.StreamsWhole() {
		return scanStreaming(ctx, s, name, r, w)
	}
	text, err := io.ReadAll(r)
	if err != nil {
		return 0, usageErr("scan: reading %s: %v", name, err)
	}
	res, err := s.Redact(ctx, text)
	if err != nil {
		// Fail closed: nothing of this input reaches stdout.
		return 0, usageErr("scan: %s: %v", name, err)
	}
	if !o.asJSON {
		_, err = w.Write(res.Redacted)
		return len(res.Findings), err
	}
	out := scanRecord{Redacted: string(res.Redacted), Findings: findingsOut(res.Findings, text, o.showValues), Degraded: res.Degraded}
	return len(res.Findings), writeJSONLine(w, out)
}

// scanStreaming redacts r through the streaming scanner, so a file of any
// size is scanned in bounded memory; its output equals redacting the
// whole input at once. On an error the held-back bytes are never written.
func scanStreaming(ctx context.Context, s *engine.Scanner, name string, r io.Reader, w io.Writer) (int, error) {
	st := s.NewStream(ctx)
	buf := make([]byte, 256<<10)
	var out []byte
	for {
		n, rerr := r.Read(buf)
		if n > 0 {
			var err error
			out, err = st.Write(out[:0], buf[:n])
			if err != nil {
				return 0, usageErr("scan: %s: %v", name, err)
			}
			if _, err := w.Write(out); err != nil {
				return 0, err
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return 0, usageErr("scan: reading %s: %v", name, rerr)
		}
	}
	out, err := st.Close(out[:0])
	if err != nil {
		return 0, usageErr("scan: %s: %v", name, err)
	}
	_, err = w.Write(out)
	return len(st.Findings()), err
}

// scanRecord is the --json object and, with ID, the --jsonl line.
type scanRecord struct {
	ID       json.RawMessage  `json:"id,omitempty"`
	Redacted string           `json:"redacted"`
	Findings []engine.Finding `json:"findings"`
	Degraded []string         `json:"degraded,omitempty"`
}

type errorRecord struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

func findingsOut(fs []engine.Finding, text []byte, showValues bool) []engine.Finding {
	if fs == nil {
		return []engine.Finding{}
	}
	if showValues {
		for i := range fs {
			fs[i].Value = string(text[fs[i].Start:fs[i].End])
		}
	}
	return fs
}

// writeJSONLine writes v as one line of JSON, without HTML escaping so
// that "<EMAIL_ADDRESS>" stays readable.
func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

var nullID = json.RawMessage("null")

// scanJSONL processes one record per line, in order. A bad line yields an
// error line and the run goes on; only an I/O error on the input stops it.
func scanJSONL(ctx context.Context, s *engine.Scanner, o *scanOptions, r io.Reader, w io.Writer, prog *progress) (int, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	total := 0
	lineNo := 0
	for {
		line, tooLong, err := readLine(br, maxJSONLLine)
		if err != io.EOF || len(line) > 0 || tooLong {
			lineNo++
		}
		if len(line) > 0 || tooLong {
			n, werr := scanJSONLLine(ctx, s, o, line, tooLong, lineNo, w)
			total += n
			if werr != nil {
				return total, werr
			}
			prog.add(len(line))
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, usageErr("scan: reading line %d: %v", lineNo+1, err)
		}
	}
}

func scanJSONLLine(ctx context.Context, s *engine.Scanner, o *scanOptions, line []byte, tooLong bool, lineNo int, w io.Writer) (int, error) {
	if tooLong {
		return 0, writeJSONLine(w, errorRecord{ID: nullID, Error: fmt.Sprintf("line %d: longer than %d bytes", lineNo, maxJSONLLine)})
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return 0, nil
	}
	var rec struct {
		ID   json.RawMessage `json:"id"`
		Text *string         `json:"text"`
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		return 0, writeJSONLine(w, errorRecord{ID: salvageID(line), Error: fmt.Sprintf("line %d: invalid JSON: %s", lineNo, jsonErrReason(err))})
	}
	if len(rec.ID) == 0 {
		rec.ID = nullID
	}
	if rec.Text == nil {
		return 0, writeJSONLine(w, errorRecord{ID: rec.ID, Error: fmt.Sprintf("line %d: no \"text\" string field", lineNo)})
	}
	text := []byte(*rec.Text)
	res, err := s.Redact(ctx, text)
	if err != nil {
		if ctx.Err() != nil {
			return 0, usageErr("scan: %v", err)
		}
		return 0, writeJSONLine(w, errorRecord{ID: rec.ID, Error: fmt.Sprintf("line %d: %v", lineNo, err)})
	}
	out := scanRecord{ID: rec.ID, Redacted: string(res.Redacted), Findings: findingsOut(res.Findings, text, o.showValues), Degraded: res.Degraded}
	return len(res.Findings), writeJSONLine(w, out)
}

// jsonErrReason describes a decode error without quoting the input.
func jsonErrReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q must not be a JSON %s", te.Field, te.Value)
	}
	return "cannot decode"
}

// salvageID recovers the id of a line that is not valid JSON as a whole,
// when its "id" value itself is, so the error line can still be matched.
func salvageID(line []byte) json.RawMessage {
	i := bytes.Index(line, []byte(`"id"`))
	if i < 0 {
		return nullID
	}
	rest := bytes.TrimLeft(line[i+4:], " \t")
	if len(rest) == 0 || rest[0] != ':' {
		return nullID
	}
	dec := json.NewDecoder(bytes.NewReader(rest[1:]))
	var id json.RawMessage
	if err := dec.Decode(&id); err != nil {
		return nullID
	}
	switch id[0] {
	case '"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return id
	}
	return nullID
}

// readLine returns the next line without its newline. A line longer than
// limit is skipped to its end and reported with tooLong.
func readLine(br *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > limit {
			tooLong = true
			buf = buf[:0]
		} else {
			buf = append(buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			return nil, true, err
		}
		return bytes.TrimSuffix(buf, []byte("\n")), false, err
	}
}

// progress prints a one-line status on a terminal stderr for large runs.
type progress struct {
	w       io.Writer
	on      bool
	files   int
	total   int
	done_   int
	bytes   int64
	started time.Time
	last    time.Time
}

func newProgress(w io.Writer, terminal bool, inputs []input) *progress {
	var size int64
	for _, in := range inputs {
		size += in.size
	}
	on := terminal && (len(inputs) > 3 || size > 32<<20)
	return &progress{w: w, on: on, total: len(inputs), started: time.Now()}
}

func (p *progress) add(n int) {
	p.bytes += int64(n)
	p.tick()
}

func (p *progress) fileDone(size int64) {
	p.done_++
	p.bytes += size
	p.tick()
}

func (p *progress) tick() {
	if !p.on || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	mb := float64(p.bytes) / (1 << 20)
	fmt.Fprintf(p.w, "\rscanned %d/%d files, %.1f MiB (%.0f MiB/s)", p.done_, p.total, mb, mb/time.Since(p.started).Seconds())
}

func (p *progress) done() {
	if p.on && !p.last.IsZero() {
		fmt.Fprintln(p.w)
	}
}
