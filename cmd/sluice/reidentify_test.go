package main

import (
	"path/filepath"
	"strings"
	"testing"
)

const reidPolicy = `id: reid
builtin: [email, aws-access-key-id]
hash_key: env:SLUICE_TEST_KEY
actions:
  EMAIL_ADDRESS: {op: encrypt}
  AWS_ACCESS_KEY_ID: {op: hash}
`

// TestReidentifyRoundTrip: scan with an encrypt policy, then reidentify
// with the same policy and key, through the built binary.
func TestReidentifyRoundTrip(t *testing.T) {
	pol := writeFile(t, "reid.yaml", reidPolicy)
	key := []string{"SLUICE_TEST_KEY=0123456789abcdef-test"}
	in := "Mail bob@example.com or ana.lima@example.es; key AKIAZ3MSJV4WXLGPTQ7R; bob@example.com again.\n"
	red, errOut, code := cli(t, in, key, "scan", "--policy", pol)
	if code != 0 || strings.Contains(red, "@example") || strings.Count(red, "<EMAIL_ADDRESS!") != 3 {
		t.Fatalf("scan: status %d stderr %q output %q", code, errOut, red)
	}
	hash := red[strings.Index(red, "<AWS_ACCESS_KEY_ID#"):]
	hash = hash[:strings.IndexByte(hash, '>')+1]
	want := strings.Replace(in, "AKIAZ3MSJV4WXLGPTQ7R", hash, 1)

	out, errOut, code := cli(t, red, key, "reidentify", "--policy", pol)
	if code != 0 || errOut != "" || out != want {
		t.Fatalf("reidentify stdin: status %d stderr %q\n got %q\nwant %q", code, errOut, out, want)
	}
	redFile := writeFile(t, "red.txt", red)
	if out, _, code := cli(t, "", key, "reidentify", "--policy", pol, redFile); code != 0 || out != want {
		t.Fatalf("reidentify file: status %d output %q", code, out)
	}

	// A policy that enables NER reidentifies without running (or having)
	// the NER stage: tokens depend on the key only.
	nerPol := writeFile(t, "ner.yaml", reidPolicy+"ner:\n  enabled: true\n")
	if out, errOut, code := cli(t, red, key, "reidentify", "--policy", nerPol); code != 0 || out != want {
		t.Fatalf("NER policy: status %d stderr %q output %q", code, errOut, out)
	}

	// Another key: nothing restored, the text unchanged, and stderr says so.
	out, errOut, code = cli(t, red, []string{"SLUICE_TEST_KEY=another-key-0123456789"}, "reidentify", "--policy", pol)
	if code != 0 || out != red || errOut != "sluice: reidentify: 3 of 3 tokens left as they were (made with another key, or damaged)\n" {
		t.Fatalf("other key: status %d stderr %q output %q", code, errOut, out)
	}
}

// TestReidentifyStreams: tokens across the 256 KiB read boundary of a
// large input are restored; the output equals the input before redaction.
func TestReidentifyStreams(t *testing.T) {
	pol := writeFile(t, "reid.yaml", reidPolicy)
	key := []string{"SLUICE_TEST_KEY=0123456789abcdef-test"}
	var b strings.Builder
	for i := 0; b.Len() < 600<<10; i++ {
		b.WriteString("plain words between the addresses, < and > too. ")
		if i%97 == 0 {
			b.WriteString("write to bob@example.com now. ")
		}
	}
	in := b.String()
	red, _, code := cli(t, in, key, "scan", "--policy", pol)
	if code != 0 || strings.Contains(red, "bob@") {
		t.Fatalf("scan: status %d", code)
	}
	out, errOut, code := cli(t, red, key, "reidentify", "--policy", pol)
	if code != 0 || errOut != "" || out != in {
		t.Fatalf("status %d stderr %q; output equals input: %v", code, errOut, out == in)
	}
}

func TestReidentifyErrors(t *testing.T) {
	dir := t.TempDir()
	pol := writeFile(t, "reid.yaml", reidPolicy)
	noEnc := writeFile(t, "plain.yaml", "id: plain\nbuiltin: [email]\n")
	key := []string{"SLUICE_TEST_KEY=0123456789abcdef-test"}
	tests := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"no policy", key, []string{"reidentify"}, "sluice: reidentify: --policy is required (the policy whose hash_key made the tokens)\n"},
		{"no encrypt action", key, []string{"reidentify", "--policy", noEnc}, "sluice: reidentify: policy " + noEnc + " has no encrypt action, so nothing it redacted can be restored\n"},
		{"key variable empty", []string{"SLUICE_TEST_KEY="}, []string{"reidentify", "--policy", pol}, "sluice: policy " + pol + ": hash_key names environment variable SLUICE_TEST_KEY, which is empty\n"},
		{"missing file", key, []string{"reidentify", "--policy", pol, filepath.Join(dir, "nope.txt")}, "sluice: reidentify: open " + filepath.Join(dir, "nope.txt") + ": no such file or directory\n"},
		{"two files", key, []string{"reidentify", "--policy", pol, "a", "b"}, "sluice: reidentify: accepts at most 1 arg(s), received 2\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := cli(t, "x <EMAIL_ADDRESS!AAAA>", tc.env, tc.args...)
			if code != 2 || out != "" || errOut != tc.want {
				t.Fatalf("status %d stdout %q\nstderr %q\n  want %q", code, out, errOut, tc.want)
			}
		})
	}
}
