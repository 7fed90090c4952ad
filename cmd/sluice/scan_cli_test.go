package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scanTree writes a small tree: text files at two depths, a binary file,
// a directory and a file type to exclude.
func scanTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"a.txt":            "mail bob@example.com", // no final newline
		"sub/b.txt":        "key AKIAZ3MSJV4WXLGPTQ7R\nand ana.lima@example.es\n",
		"sub/deep/c.md":    "nothing to see\n",
		"image.bin":        "PNG\x00\x01 bob@example.com",
		"vendor/v.txt":     "vendored carol@example.com\n",
		"logs/run.log":     "log dave@example.com\n",
		"sub/deep/keep.md": "erin@example.com\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestScanDirectory(t *testing.T) {
	dir := scanTree(t)
	p := func(name string) string { return filepath.Join(dir, name) }
	out, errOut, code := cli(t, "", nil, "scan", dir, "--exclude", "vendor", "--exclude", "*.log", "--exclude", "sub/deep/c.md")
	want := "==> " + p("a.txt") + " <==\nmail <EMAIL_ADDRESS>\n\n" +
		"==> " + p("sub/b.txt") + " <==\nkey <AWS_ACCESS_KEY_ID>\nand <EMAIL_ADDRESS>\n\n" +
		"==> " + p("sub/deep/keep.md") + " <==\n<EMAIL_ADDRESS>\n"
	if code != 0 || out != want {
		t.Fatalf("status %d\n got %q\nwant %q", code, out, want)
	}
	if errOut != "sluice: scan: skipped 1 binary file (a NUL byte in the first 8000 bytes)\n" {
		t.Errorf("stderr %q", errOut)
	}
	// --no-filenames: the texts only, as they are.
	out, _, code = cli(t, "", nil, "scan", "--no-filenames", "--exclude", "vendor", "--exclude", "logs", "--exclude", "deep", dir)
	if code != 0 || out != "mail <EMAIL_ADDRESS>key <AWS_ACCESS_KEY_ID>\nand <EMAIL_ADDRESS>\n" {
		t.Fatalf("--no-filenames: status %d %q", code, out)
	}
	// A binary file named on the command line is scanned.
	out, _, code = cli(t, "", nil, "scan", p("image.bin"))
	if code != 0 || out != "PNG\x00\x01 <EMAIL_ADDRESS>" {
		t.Fatalf("named binary file: status %d %q", code, out)
	}
	// --exclude applies to named files too; with one input left, no header.
	out, errOut, code = cli(t, "", nil, "scan", "--exclude", "*.log", p("logs/run.log"), p("a.txt"))
	if code != 0 || out != "mail <EMAIL_ADDRESS>" || errOut != "" {
		t.Fatalf("named excluded file: status %d %q %q", code, out, errOut)
	}
	out, errOut, code = cli(t, "", nil, "scan", "--exclude", "*", dir)
	if code != 0 || out != "" || errOut != "sluice: scan: no files to scan (empty directories, or --exclude left none)\n" {
		t.Fatalf("all excluded: status %d %q %q", code, out, errOut)
	}
	// A bad glob is a usage error before anything is read.
	if out, errOut, code := cli(t, "", nil, "scan", "--exclude", "[", dir); code != 2 || out != "" || errOut != "sluice: scan: --exclude \"[\": syntax error in pattern\n" {
		t.Fatalf("bad glob: status %d stdout %q stderr %q", code, out, errOut)
	}
}

func TestScanJSONCarriesPath(t *testing.T) {
	dir := scanTree(t)
	out, _, code := cli(t, "", nil, "scan", "--json", "--exclude", "vendor", "--exclude", "logs", "--exclude", "deep", dir)
	want := `{"path":"` + filepath.Join(dir, "a.txt") + `","redacted":"mail <EMAIL_ADDRESS>","findings":[{"type":"EMAIL_ADDRESS","category":"pii","rule":"email","start":5,"end":20,"score":1}]}` + "\n" +
		`{"path":"` + filepath.Join(dir, "sub/b.txt") + `","redacted":"key <AWS_ACCESS_KEY_ID>\nand <EMAIL_ADDRESS>\n","findings":[{"type":"AWS_ACCESS_KEY_ID","category":"secret","rule":"aws-access-key-id","start":4,"end":24,"score":0.9},{"type":"EMAIL_ADDRESS","category":"pii","rule":"email","start":29,"end":48,"score":0.85}]}` + "\n"
	if code != 0 || out != want {
		t.Fatalf("status %d\n got %s\nwant %s", code, out, want)
	}
	// stdin has no path: the output is what it always was.
	out, _, _ = cli(t, "mail bob@example.com", nil, "scan", "--json")
	if out != `{"redacted":"mail <EMAIL_ADDRESS>","findings":[{"type":"EMAIL_ADDRESS","category":"pii","rule":"email","start":5,"end":20,"score":1}]}`+"\n" {
		t.Fatalf("stdin --json: %s", out)
	}
	jl := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(jl, []byte(`{"id":"x","text":"bob@example.com"}`+"\nnot json\n"), 0o600)
	out, _, code = cli(t, "", nil, "scan", "--jsonl", jl)
	want = `{"id":"x","path":"` + jl + `","redacted":"<EMAIL_ADDRESS>","findings":[{"type":"EMAIL_ADDRESS","category":"pii","rule":"email","start":0,"end":15,"score":0.85}]}` + "\n" +
		`{"id":null,"path":"` + jl + `","error":"line 2: malformed JSON at byte offset 0: invalid literal (want null)"}` + "\n"
	if code != 2 || out != want {
		t.Fatalf("--jsonl: status %d\n got %s\nwant %s", code, out, want)
	}
}

func TestScanShowValues(t *testing.T) {
	out, errOut, code := cli(t, "mail bob@example.com", nil, "scan", "--show-values")
	if code != 2 || out != "" || errOut != "sluice: scan: --show-values needs --json or --jsonl (plain output is the redacted text, which has no place for values)\n" {
		t.Fatalf("plain: status %d stdout %q stderr %q", code, out, errOut)
	}
	out, _, code = cli(t, "mail bob@example.com", nil, "scan", "--json", "--show-values")
	if code != 0 || !strings.Contains(out, `"value":"bob@example.com"`) {
		t.Fatalf("--json: %d %s", code, out)
	}
	out, _, code = cli(t, `{"id":1,"text":"mail bob@example.com"}`, nil, "scan", "--jsonl", "--show-values")
	if code != 0 || !strings.Contains(out, `"value":"bob@example.com"`) {
		t.Fatalf("--jsonl: %d %s", code, out)
	}
}

// TestScanExitStatusRule: 0 completed, 1 findings with --fail-on-findings
// (and the summary on stderr), 2 usage or input error, 2 over 1.
func TestScanExitStatusRule(t *testing.T) {
	dir := scanTree(t)
	two := []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "sub/b.txt")}
	// Plain dates are looked for at threshold 0.45; the built-in actions
	// report them.
	dates := filepath.Join(t.TempDir(), "dates.yaml")
	if err := os.WriteFile(dates, []byte("id: dates\nthreshold: 0.45\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stderr string
	}{
		{"clean", "nothing here", []string{"scan"}, 0, ""},
		{"findings without the flag", "bob@example.com", []string{"scan"}, 0, ""},
		{"clean with the flag", "nothing here", []string{"scan", "--fail-on-findings"}, 0, ""},
		{"only reported findings with the flag", "released 2031-07-14", []string{"scan", "--policy", dates, "--fail-on-findings"}, 0, ""},
		{"reported findings in the summary", "released 14 July 2031 by bob@example.com", []string{"scan", "--policy", dates, "--fail-on-findings"}, 1, "1 finding in stdin: 1 EMAIL_ADDRESS (also reported, left in place: 1 DATE_TIME)\n"},
		{"findings with the flag, stdin", "bob@example.com and ana@example.es", []string{"scan", "--fail-on-findings"}, 1, "2 findings in stdin: 2 EMAIL_ADDRESS\n"},
		{"findings with the flag, files", "", append([]string{"scan", "--fail-on-findings", "--json"}, two...), 1, "3 findings in 2 files: 2 EMAIL_ADDRESS, 1 AWS_ACCESS_KEY_ID\n"},
		{"jsonl findings with the flag", `{"id":1,"text":"AKIAZ3MSJV4WXLGPTQ7R"}`, []string{"scan", "--jsonl", "--fail-on-findings"}, 1, "1 finding in stdin: 1 AWS_ACCESS_KEY_ID\n"},
		{"jsonl bad line", "{\"id\":1,\"text\":\"ok\"}\n{\"id\":2}\n", []string{"scan", "--jsonl"}, 2, "sluice: scan: 1 input line is not a valid record (see the \"error\" records on stdout)\n"},
		{"jsonl bad line wins over findings", "{\"id\":1,\"text\":\"bob@example.com\"}\n[\n", []string{"scan", "--jsonl", "--fail-on-findings"}, 2, "sluice: scan: 1 input line is not a valid record (see the \"error\" records on stdout)\n"},
		{"missing file", "", []string{"scan", filepath.Join(dir, "nope.txt")}, 2, "sluice: scan: stat " + filepath.Join(dir, "nope.txt") + ": no such file or directory\n"},
		{"bad flag", "", []string{"scan", "--bogus"}, 2, "sluice: scan: unknown flag: --bogus\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := cli(t, tc.stdin, nil, tc.args...)
			if code != tc.code || errOut != tc.stderr {
				t.Fatalf("status %d (want %d)\nstderr %q\n  want %q", code, tc.code, errOut, tc.stderr)
			}
		})
	}
}
