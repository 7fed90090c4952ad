package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sluice runs the CLI in-process and returns stdout, stderr and status.
func sluice(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestScanPlain(t *testing.T) {
	out, _, code := sluice(t, "key AKIAZ3MSJV4WXLGPTQ7R mail bob@example.com\n", "scan")
	if code != 0 || out != "key <AWS_ACCESS_KEY_ID> mail <EMAIL_ADDRESS>\n" {
		t.Fatalf("status %d, output %q", code, out)
	}
}

func TestScanFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	b := filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("first bob@example.com\n"), 0o600)
	os.WriteFile(b, []byte("second 4111 1111 1111 1111\n"), 0o600)
	out, _, code := sluice(t, "", "scan", a, b)
	if code != 0 || out != "==> "+a+" <==\nfirst <EMAIL_ADDRESS>\n\n==> "+b+" <==\nsecond <CREDIT_CARD>\n" {
		t.Fatalf("status %d output %q", code, out)
	}
	out, _, code = sluice(t, "", "scan", "--no-filenames", a, b)
	if code != 0 || out != "first <EMAIL_ADDRESS>\nsecond <CREDIT_CARD>\n" {
		t.Fatalf("--no-filenames: status %d output %q", code, out)
	}
	_, errOut, code := sluice(t, "", "scan", filepath.Join(dir, "missing.txt"))
	if code != 2 || !strings.Contains(errOut, "missing.txt") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("missing file: status %d stderr %q", code, errOut)
	}
}

func TestScanJSON(t *testing.T) {
	out, _, code := sluice(t, "mail bob@example.com", "scan", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var got struct {
		Redacted string           `json:"redacted"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if got.Redacted != "mail <EMAIL_ADDRESS>" || len(got.Findings) != 1 {
		t.Fatalf("%+v", got)
	}
	f := got.Findings[0]
	for k, want := range map[string]any{"type": "EMAIL_ADDRESS", "category": "pii", "rule": "email", "start": 5.0, "end": 20.0} {
		if f[k] != want {
			t.Errorf("finding %s = %v, want %v", k, f[k], want)
		}
	}
	if _, ok := f["value"]; ok {
		t.Error("value printed without --show-values")
	}
	if strings.Contains(out, "bob@") {
		t.Error("value leaked into JSON output")
	}
	out, _, _ = sluice(t, "mail bob@example.com", "scan", "--json", "--show-values")
	if !strings.Contains(out, `"value":"bob@example.com"`) {
		t.Errorf("--show-values: %s", out)
	}
	out, _, _ = sluice(t, "", "scan", "--json")
	if strings.TrimSpace(out) != `{"redacted":"","findings":[]}` {
		t.Errorf("empty input: %s", out)
	}
}

func TestScanJSONL(t *testing.T) {
	in := strings.Join([]string{
		`{"id": 1, "text": "mail bob@example.com"}`,
		`this is not json`,
		`{"id": "b", "text": 7}`,
		`{"id": {"k": 1}, "text": "clean"}`,
		``,
		`{"id": 4, "text": "key AKIAZ3MSJV4WXLGPTQ7R"`,
		`{"text": "no id, card 4111111111111111"}`,
		`{"id": 7, "text": "bob@example.com", "Text": "clean"}`,
		`["text", "bob@example.com"]`,
	}, "\n")
	out, errOut, code := sluice(t, in, "scan", "--jsonl")
	if code != 2 || errOut != "sluice: scan: 5 input lines are not valid records (see the \"error\" records on stdout)\n" {
		t.Fatalf("status %d stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		`{"id":1,"redacted":"mail <EMAIL_ADDRESS>","findings":[{"type":"EMAIL_ADDRESS","category":"pii","rule":"email","start":5,"end":20,"score":1}]}`,
		`{"id":null,"error":"line 2: malformed JSON at byte offset 0: invalid literal (want true)"}`,
		`{"id":"b","error":"line 3: field \"text\" must be a string, not a JSON number"}`,
		`{"id":{"k":1},"redacted":"clean","findings":[]}`,
		`{"id":4,"error":"line 6: malformed JSON at byte offset 44: unexpected end of input in object"}`,
		`{"id":null,"redacted":"no id, card <CREDIT_CARD>","findings":[{"type":"CREDIT_CARD","category":"pii","rule":"credit-card","start":12,"end":28,"score":1,"verified":"luhn"}]}`,
		`{"id":7,"error":"line 8: duplicate member name in JSON object at byte offset 37: a member name repeats (names are compared case-insensitively)"}`,
		`{"id":null,"error":"line 9: want a JSON object {\"id\": ..., \"text\": ...}, got a JSON array"}`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), out)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d\n got %s\nwant %s", i+1, lines[i], want[i])
		}
	}
	if strings.Contains(out, "AKIAZ3") {
		t.Error("a malformed line's secret leaked into the error line")
	}
}

func TestScanExitStatus(t *testing.T) {
	if _, _, code := sluice(t, "bob@example.com", "scan", "--fail-on-findings"); code != 1 {
		t.Errorf("findings with --fail-on-findings: status %d, want 1", code)
	}
	if _, _, code := sluice(t, "nothing here", "scan", "--fail-on-findings"); code != 0 {
		t.Errorf("clean with --fail-on-findings: status %d, want 0", code)
	}
	_, errOut, code := sluice(t, "", "scan", "--no-such-flag")
	if code != 2 || !strings.Contains(errOut, "no-such-flag") {
		t.Errorf("bad flag: status %d stderr %q", code, errOut)
	}
	if _, _, code := sluice(t, "", "scan", "--json", "--jsonl"); code != 2 {
		t.Errorf("--json --jsonl: status %d", code)
	}
}

func TestScanBadPolicy(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "broken.yaml")
	os.WriteFile(p, []byte("id: broken\nrules:\n  - id: r1\n    type: T\n    pattern: '(unclosed'\n"), 0o600)
	out, errOut, code := sluice(t, "bob@example.com", "scan", "--policy", p)
	if code != 2 || out != "" {
		t.Fatalf("status %d, stdout %q", code, out)
	}
	for _, want := range []string{"broken.yaml", `rule "r1"`, "missing closing )"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q does not mention %q", errOut, want)
		}
	}
}

// TestScanPlainStreamsLikeBatch: plain mode streams large inputs through
// the streaming scanner; its output must equal the --json (batch) result,
// including secrets that straddle the 256 KiB read size.
func TestScanPlainStreamsLikeBatch(t *testing.T) {
	var b strings.Builder
	for b.Len() < 700<<10 {
		b.WriteString("plain words in a long answer, nothing to see. ")
		if b.Len()%(256<<10) > (256<<10)-120 {
			b.WriteString("key AKIAZ3MSJV4WXLGPTQ7R mail bob@example.com ")
		}
	}
	b.WriteString("last bob@example.com")
	in := b.String()
	plain, _, code := sluice(t, in, "scan")
	js, _, _ := sluice(t, in, "scan", "--json")
	var rec struct{ Redacted string }
	if err := json.Unmarshal([]byte(js), &rec); err != nil || code != 0 {
		t.Fatalf("%v %d", err, code)
	}
	if plain != rec.Redacted {
		t.Fatal("streamed plain output differs from batch redaction")
	}
	if strings.Contains(plain, "AKIA") || strings.Contains(plain, "bob@") {
		t.Fatal("secret left in output")
	}
}

// TestScanReadsSmallRegularFilesWhole: plain mode redacts a regular file
// (named, or as stdin) in one batch scan and streams anything else; both
// give the same bytes.
func TestScanReadsSmallRegularFilesWhole(t *testing.T) {
	cases := []struct {
		mode os.FileMode
		size int64
		want bool
	}{
		{0o644, 4 << 10, true},
		{0o644, maxWholeFile, true},
		{0o644, maxWholeFile + 1, false},
		{os.ModeNamedPipe | 0o644, 0, false},
		{os.ModeCharDevice | os.ModeDevice | 0o620, 0, false},
	}
	for _, c := range cases {
		if got := readWhole(c.mode, c.size); got != c.want {
			t.Errorf("readWhole(%v, %d) = %v, want %v", c.mode, c.size, got, c.want)
		}
	}
	// A BOM, CR and CRLF line ends, and 2,000 addresses in a row across
	// the stream's 256 KiB reads.
	text := "\ufeff" + strings.Repeat("plain words.\r\n", 18000) + strings.Repeat("mail bob@example.com\r", 2000) + "key AKIAZ3MSJV4WXLGPTQ7R mail bob@example.com\n"
	path := filepath.Join(t.TempDir(), "answer.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ins, err := inputsFor([]string{path}, nil, strings.NewReader(""))
	if err != nil || len(ins) != 1 || !ins[0].whole {
		t.Fatalf("inputsFor: %+v, %v", ins, err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if ins, _ := inputsFor(nil, nil, f); len(ins) != 1 || !ins[0].whole {
		t.Fatalf("stdin from a regular file is not read whole: %+v", ins)
	}
	whole, _, code := sluice(t, "", "scan", path)
	streamed, _, _ := sluice(t, text, "scan")
	if code != 0 || whole != streamed {
		t.Fatalf("status %d; whole and streamed outputs differ", code)
	}
	if strings.Contains(whole, "bob@") || !strings.HasSuffix(whole, "key <AWS_ACCESS_KEY_ID> mail <EMAIL_ADDRESS>\n") {
		t.Fatalf("tail %q", whole[len(whole)-60:])
	}
}
