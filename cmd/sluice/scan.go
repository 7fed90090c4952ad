package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/internal/jsonx"
	"github.com/spf13/cobra"
)

// maxJSONLLine bounds one --jsonl record; a longer line gets an error line.
const maxJSONLLine = 64 << 20

// binarySniff is how much of a file found in a directory is read to tell
// binary from text (a NUL byte in it means binary, as git decides).
const binarySniff = 8000

type scanOptions struct {
	policy         string
	asJSON         bool
	jsonl          bool
	showValues     bool
	failOnFindings bool
	noFilenames    bool
	exclude        []string
	progress       bool
}

const scanLong = `Scan files, directories (recursively) or stdin (no PATH, or "-") and write the
redacted text to stdout.

  --json    each input is one text: print {"path": ..., "redacted": ..., "findings": [...]}
  --jsonl   each input line is {"id": ..., "text": ...}; each output line is
            {"id": ..., "path": ..., "redacted": ..., "findings": [...]}, or
            {"id": ..., "path": ..., "error": ...} for a line that cannot be read
            ("path" names the file; it is left out for stdin)

In a directory every regular file is scanned, except those an --exclude glob
matches (by base name, or by path below the directory when the glob has a
'/'; a matching directory is skipped whole) and binary files (a NUL byte in
the first 8000 bytes), which are counted on stderr. A file named on the
command line is scanned even when binary (--exclude still applies to its
base name). With several inputs, plain output puts a
"==> PATH <==" line before each file's text (--no-filenames leaves it out).

Exit status (one rule for every mode):
  0  the run completed (findings or not)
  1  findings the policy redacts, with --fail-on-findings (a one-line summary
     goes to stderr; findings it only reports, such as plain dates, do not count)
  2  usage or input error: bad flag or policy, unreadable file, a --jsonl line
     that is not a valid record (the other lines are still processed), a scan
     that could not complete. 2 wins over 1.`

// scanGCPercent is the garbage collector's target while scan runs. Most
// of a scan's heap is the compiled policy, which lives to the end, so at
// the default 100% a fresh process re-marks it in collections that free
// little: one during a 4 KiB scan, three during 1 MiB (heap 8 MB). At
// 400% neither collects, the scan is a few ms faster (4 KiB: 59.6 → 55.2
// ms median of 21 fresh runs) and the peak RSS the same (44 MB, mostly
// go-re2's memory and the binary). Memory stays bounded for streamed
// input: the heap still collects at 5× what is live. GOGC, when set,
// wins.
const scanGCPercent = 400

func newScanCmd() *cobra.Command {
	var o scanOptions
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Redact files, directories or stdin to stdout",
		Long:  scanLong,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.asJSON && o.jsonl {
				return usageErr("scan: --json and --jsonl are exclusive")
			}
			if o.showValues && !o.asJSON && !o.jsonl {
				return usageErr("scan: --show-values needs --json or --jsonl (plain output is the redacted text, which has no place for values)")
			}
			for _, g := range o.exclude {
				if _, err := filepath.Match(g, ""); err != nil {
					return usageErr("scan: --exclude %q: %v", g, err)
				}
			}
			inputs, err := inputsFor(args, o.exclude, cmd.InOrStdin())
			if err != nil {
				return err
			}
			if len(inputs) == 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), "sluice: scan: no files to scan (empty directories, or --exclude left none)")
			}
			if os.Getenv("GOGC") == "" {
				defer debug.SetGCPercent(debug.SetGCPercent(scanGCPercent))
			}
			s, err := loadScanner(o.policy)
			if err != nil {
				return err
			}
			go s.WarmCommon() // on the other core, while the input is read
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			o.progress = isTerminal(os.Stderr)
			sum, err := runScan(ctx, s, &o, inputs, cmd.OutOrStdout(), cmd.ErrOrStderr())
			stderr := cmd.ErrOrStderr()
			if sum.binary > 0 {
				fmt.Fprintf(stderr, "sluice: scan: skipped %s (a NUL byte in the first %d bytes)\n", plural(sum.binary, "binary file"), binarySniff)
			}
			if err != nil {
				return err
			}
			if sum.badLines > 0 {
				return usageErr("scan: %s (see the \"error\" records on stdout)", plural(sum.badLines, "input line is not a valid record", "input lines are not valid records"))
			}
			if sum.findings > 0 && o.failOnFindings {
				fmt.Fprintln(stderr, sum.String())
				return &exitError{code: 1, err: errors.New(sum.String())}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.policy, "policy", "", "policy file (default: built-in policy)")
	f.BoolVar(&o.asJSON, "json", false, "print one JSON object per input with the redacted text and findings")
	f.BoolVar(&o.jsonl, "jsonl", false, "read and write JSON lines ({\"id\",\"text\"} in, {\"id\",\"redacted\",\"findings\"} out)")
	f.BoolVar(&o.showValues, "show-values", false, "include matched values in JSON findings (they are secrets: handle the output with care); needs --json or --jsonl")
	f.BoolVar(&o.failOnFindings, "fail-on-findings", false, "exit with status 1 when the policy redacts anything (reported-only findings do not count), with a summary on stderr")
	f.BoolVar(&o.noFilenames, "no-filenames", false, "plain mode: no \"==> PATH <==\" line before each file when there are several")
	f.StringArrayVar(&o.exclude, "exclude", nil, "skip files and whole directories whose base name matches this glob, or whose path below the directory does when it has a '/' (repeatable)")
	return cmd
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// input is one source to scan: a named file or stdin.
type input struct {
	name   string // "" for stdin
	walked bool   // found in a directory: binary files are skipped
	open   func() (io.ReadCloser, error)
	size   int64
	// whole: a regular file small enough to be redacted in one batch
	// scan (see readWhole) rather than streamed.
	whole bool
}

// maxWholeFile bounds the regular files plain mode reads whole. The
// batch scan finds keywords with Aho-Corasick over the whole text and
// spends a fresh process's warm-up once (1 MiB of Go source: ~200 ms
// against ~265 streamed); its output is the stream's, byte for byte.
// Larger files, pipes and terminals are streamed in bounded memory.
const maxWholeFile = 16 << 20

// readWhole reports whether a file with this mode and size is read whole.
func readWhole(mode fs.FileMode, size int64) bool {
	return mode.IsRegular() && size <= maxWholeFile
}

func (in input) label() string {
	if in.name == "" {
		return "stdin"
	}
	return in.name
}

// inputsFor expands the arguments into the files to scan, in order:
// directories recursively in lexical order, "-" (or nothing) as stdin.
// A path that does not exist is a usage error before anything is read.
func inputsFor(args, exclude []string, stdin io.Reader) ([]input, error) {
	stdinInput := input{open: func() (io.ReadCloser, error) { return io.NopCloser(stdin), nil }}
	if f, ok := stdin.(*os.File); ok {
		// `sluice scan < FILE` reads a regular file too.
		if st, err := f.Stat(); err == nil && readWhole(st.Mode(), st.Size()) {
			stdinInput.whole = true
		}
	}
	if len(args) == 0 {
		return []input{stdinInput}, nil
	}
	var out []input
	for _, a := range args {
		if a == "-" {
			out = append(out, stdinInput)
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			return nil, usageErr("scan: %v", err)
		}
		if !st.IsDir() {
			if !excluded(exclude, a, filepath.Base(a)) {
				in := fileInput(a, st.Size(), false)
				in.whole = readWhole(st.Mode(), st.Size())
				out = append(out, in)
			}
			continue
		}
		root := a
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			if path != root && excluded(exclude, filepath.ToSlash(rel), d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			// Symlinks are followed to files only: a linked directory
			// could loop.
			fi, err := os.Stat(path)
			if err != nil {
				return err
			}
			if fi.Mode().IsRegular() {
				in := fileInput(path, fi.Size(), true)
				in.whole = readWhole(fi.Mode(), fi.Size())
				out = append(out, in)
			}
			return nil
		})
		if err != nil {
			return nil, usageErr("scan: %v", err)
		}
	}
	return out, nil
}

func fileInput(path string, size int64, walked bool) input {
	return input{name: path, walked: walked, size: size, open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

// excluded reports whether a glob matches a path's base name, or, for a
// glob with a '/', the path below the directory scanned.
func excluded(globs []string, rel, base string) bool {
	for _, g := range globs {
		target := base
		if strings.Contains(g, "/") {
			target = rel
		}
		if ok, _ := filepath.Match(g, target); ok {
			return true
		}
	}
	return false
}

// scanSummary counts what a run found, for --fail-on-findings: findings
// the policy acts on (redacts, masks, ...) fail the run; findings it only
// reports (action report: the built-in policy's plain dates) are counted
// apart and do not.
type scanSummary struct {
	acts     func(engine.Finding) bool
	findings int
	byType   map[string]int
	reported map[string]int
	files    int // inputs with at least one finding acted on
	inputs   int
	stdin    bool // the only input was stdin
	binary   int  // files skipped as binary
	badLines int  // --jsonl lines that were not valid records
}

// add counts fs and returns how many of them the policy acts on.
func (s *scanSummary) add(fs []engine.Finding) int {
	if s.byType == nil {
		s.byType, s.reported = map[string]int{}, map[string]int{}
	}
	n := 0
	for _, f := range fs {
		if s.acts != nil && !s.acts(f) {
			s.reported[f.Type]++
			continue
		}
		s.byType[f.Type]++
		n++
	}
	s.findings += n
	return n
}

// String is the one-line summary: "3 findings in 2 files: 2 EMAIL_ADDRESS,
// 1 AWS_ACCESS_KEY_ID", most frequent type first, then what was only
// reported: "(also reported, left in place: 4 DATE_TIME)".
func (s *scanSummary) String() string {
	where := plural(s.files, "file")
	if s.stdin {
		where = "stdin"
	}
	out := fmt.Sprintf("%s in %s: %s", plural(s.findings, "finding"), where, countList(s.byType))
	if len(s.reported) > 0 {
		out += fmt.Sprintf(" (also reported, left in place: %s)", countList(s.reported))
	}
	return out
}

// countList writes counts by type, most frequent first: "2 EMAIL_ADDRESS,
// 1 AWS_ACCESS_KEY_ID".
func countList(byType map[string]int) string {
	types := make([]string, 0, len(byType))
	for t := range byType {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if a, b := byType[types[i]], byType[types[j]]; a != b {
			return a > b
		}
		return types[i] < types[j]
	})
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = fmt.Sprintf("%d %s", byType[t], t)
	}
	return strings.Join(parts, ", ")
}

// plural is "1 file" / "2 files", or with both forms given, "1 x was" /
// "2 x were".
func plural(n int, forms ...string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, forms[0])
	}
	if len(forms) > 1 {
		return fmt.Sprintf("%d %s", n, forms[1])
	}
	return fmt.Sprintf("%d %ss", n, forms[0])
}

func runScan(ctx context.Context, s *engine.Scanner, o *scanOptions, inputs []input, stdout, stderr io.Writer) (scanSummary, error) {
	sum := scanSummary{acts: s.Acts, inputs: len(inputs), stdin: len(inputs) == 1 && inputs[0].name == ""}
	w := &trackingWriter{w: bufio.NewWriterSize(stdout, 64<<10), lastNL: true}
	defer w.w.Flush()
	prog := newProgress(stderr, o.progress, inputs)
	defer prog.done()
	headers := !o.asJSON && !o.jsonl && !o.noFilenames && len(inputs) > 1
	for _, in := range inputs {
		rc, err := in.open()
		if err != nil {
			return sum, usageErr("scan: %v", err)
		}
		var r io.Reader = rc
		if in.walked {
			br := bufio.NewReaderSize(rc, 64<<10)
			head, _ := br.Peek(binarySniff)
			if bytes.IndexByte(head, 0) >= 0 {
				rc.Close()
				sum.binary++
				prog.fileDone(in.size)
				continue
			}
			r = br
		}
		if headers {
			w.header(in.label())
		}
		var found int
		if o.jsonl {
			var bad int
			found, bad, err = scanJSONL(ctx, s, o, in, r, w, prog, &sum)
			sum.badLines += bad
		} else {
			var fs []engine.Finding
			fs, err = scanWhole(ctx, s, o, in, r, w)
			found = sum.add(fs)
		}
		rc.Close()
		if found > 0 {
			sum.files++
		}
		if err != nil {
			return sum, err
		}
		prog.fileDone(in.size)
	}
	if err := w.w.Flush(); err != nil {
		return sum, fmt.Errorf("scan: writing output: %w", err)
	}
	return sum, nil
}

// trackingWriter remembers whether the output ends a line, so a file
// header always starts one.
type trackingWriter struct {
	w       *bufio.Writer
	lastNL  bool
	started bool
}

func (t *trackingWriter) Write(p []byte) (int, error) {
	if len(p) > 0 {
		t.lastNL = p[len(p)-1] == '\n'
	}
	return t.w.Write(p)
}

// header writes "==> PATH <==" as head(1) does: a blank line between files.
func (t *trackingWriter) header(name string) {
	if t.started {
		if !t.lastNL {
			t.w.WriteByte('\n')
		}
		t.w.WriteByte('\n')
	}
	t.started = true
	fmt.Fprintf(t.w, "==> %s <==\n", name)
	t.lastNL = true
}

func scanWhole(ctx context.Context, s *engine.Scanner, o *scanOptions, in input, r io.Reader, w io.Writer) ([]engine.Finding, error) {
	if !o.asJSON && !s.StreamsWhole() && !in.whole {
		return scanStreaming(ctx, s, in.label(), r, w)
	}
	text, err := io.ReadAll(r)
	if err != nil {
		return nil, usageErr("scan: reading %s: %v", in.label(), err)
	}
	res, err := s.Redact(ctx, text)
	if err != nil {
		// Fail closed: nothing of this input reaches stdout.
		return nil, usageErr("scan: %s: %v", in.label(), err)
	}
	if !o.asJSON {
		_, err = w.Write(res.Redacted)
		return res.Findings, err
	}
	out := scanRecord{Path: in.name, Redacted: string(res.Redacted), Findings: findingsOut(res.Findings, text, o.showValues), Degraded: res.Degraded}
	return res.Findings, writeJSONLine(w, out)
}

// scanStreaming redacts r through the streaming scanner, so a file of any
// size is scanned in bounded memory; its output equals redacting the
// whole input at once. On an error the held-back bytes are never written.
func scanStreaming(ctx context.Context, s *engine.Scanner, name string, r io.Reader, w io.Writer) ([]engine.Finding, error) {
	st := s.NewStream(ctx)
	buf := make([]byte, 256<<10)
	var out []byte
	for {
		n, rerr := r.Read(buf)
		if n > 0 {
			var err error
			out, err = st.Write(out[:0], buf[:n])
			if err != nil {
				return nil, usageErr("scan: %s: %v", name, err)
			}
			if _, err := w.Write(out); err != nil {
				return nil, err
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, usageErr("scan: reading %s: %v", name, rerr)
		}
	}
	out, err := st.Close(out[:0])
	if err != nil {
		return nil, usageErr("scan: %s: %v", name, err)
	}
	_, err = w.Write(out)
	return st.Findings(), err
}

// scanRecord is the --json object and, with ID, the --jsonl line. Path is
// the file the text came from (empty for stdin).
type scanRecord struct {
	ID       json.RawMessage  `json:"id,omitempty"`
	Path     string           `json:"path,omitempty"`
	Redacted string           `json:"redacted"`
	Findings []engine.Finding `json:"findings"`
	Degraded []string         `json:"degraded,omitempty"`
}

type errorRecord struct {
	ID    json.RawMessage `json:"id"`
	Path  string          `json:"path,omitempty"`
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
// error line (counted in bad) and the run goes on; only an I/O error on
// the input stops it. Findings are tallied into sum.
func scanJSONL(ctx context.Context, s *engine.Scanner, o *scanOptions, in input, r io.Reader, w io.Writer, prog *progress, sum *scanSummary) (found, bad int, err error) {
	br := bufio.NewReaderSize(r, 256<<10)
	lineNo := 0
	for {
		line, tooLong, err := readLine(br, maxJSONLLine)
		if err != io.EOF || len(line) > 0 || tooLong {
			lineNo++
		}
		if len(line) > 0 || tooLong {
			fs, ok, werr := scanJSONLLine(ctx, s, o, in.name, line, tooLong, lineNo, w)
			found += sum.add(fs)
			if !ok {
				bad++
			}
			if werr != nil {
				return found, bad, werr
			}
			prog.add(len(line))
		}
		if err == io.EOF {
			return found, bad, nil
		}
		if err != nil {
			return found, bad, usageErr("scan: reading %s line %d: %v", in.label(), lineNo+1, err)
		}
	}
}

// scanJSONLLine answers one line; ok is false when it got an error record.
func scanJSONLLine(ctx context.Context, s *engine.Scanner, o *scanOptions, path string, line []byte, tooLong bool, lineNo int, w io.Writer) (fs []engine.Finding, ok bool, err error) {
	fail := func(id json.RawMessage, format string, args ...any) ([]engine.Finding, bool, error) {
		return nil, false, writeJSONLine(w, errorRecord{ID: id, Path: path, Error: fmt.Sprintf("line %d: ", lineNo) + fmt.Sprintf(format, args...)})
	}
	if tooLong {
		return fail(nullID, "longer than %d bytes", maxJSONLLine)
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil, true, nil
	}
	// The one JSON layer: a line whose members repeat ("text" and
	// "Text") is refused rather than read one way here and another way
	// by whoever reads the input next to our output.
	d, err := jsonx.Parse(line)
	if err != nil {
		return fail(salvageID(line), "%v", err)
	}
	root := d.Root()
	if k := d.Kind(root); k != jsonx.Object {
		return fail(nullID, "want a JSON object {\"id\": ..., \"text\": ...}, got a JSON %s", k)
	}
	id := nullID
	if v := d.Member(root, "id"); v != jsonx.None {
		id = json.RawMessage(d.Raw(v))
	}
	tv := d.Member(root, "text")
	switch k := d.Kind(tv); k {
	case jsonx.String:
	case jsonx.Invalid, jsonx.Null:
		return fail(id, "no \"text\" string field")
	default:
		return fail(id, "field \"text\" must be a string, not a JSON %s", k)
	}
	text := d.AppendStr(nil, tv)
	res, err := s.Redact(ctx, text)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, usageErr("scan: %v", err)
		}
		return fail(id, "%v", err)
	}
	out := scanRecord{ID: id, Path: path, Redacted: string(res.Redacted), Findings: findingsOut(res.Findings, text, o.showValues), Degraded: res.Degraded}
	return res.Findings, true, writeJSONLine(w, out)
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
