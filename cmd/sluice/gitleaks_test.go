package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/engine"
)

func TestImportGitleaks(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"rules", "import-gitleaks", "../../gitleaks/testdata/full.toml"}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if _, err := engine.ParsePolicy("out.yaml", out.Bytes()); err != nil {
		t.Fatalf("output does not load: %v\n%s", err, out.String())
	}
	for _, want := range []string{"skipped acme-lookahead: regex: negative lookahead", "skipped acme-backref: regex: backreference", "skipped acme-keystore: path-only rule", "5 rules converted, 9 skipped"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
}

func TestImportGitleaksErrors(t *testing.T) {
	for _, args := range [][]string{
		{"rules", "import-gitleaks", "testdata/does-not-exist.toml"},
		{"rules", "import-gitleaks"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if out.Len() != 0 {
			t.Errorf("%v: wrote to stdout: %s", args, out.String())
		}
	}
}
