package main

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/models"
)

func TestVersionCommand(t *testing.T) {
	out, errOut, code := cli(t, "", nil, "version", "--json")
	if code != 0 || errOut != "" {
		t.Fatalf("status %d stderr %q", code, errOut)
	}
	var b buildInfo
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if b.Version == "" || b.Go != runtime.Version() || b.Platform != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("version %q go %q platform %q", b.Version, b.Go, b.Platform)
	}
	// The binary was built with this test's tags: it must say the same.
	if b.Regex != regexMode() || b.ONNX.Built != models.ORTAvailable {
		t.Errorf("regex %q onnx %+v, want %q built=%v", b.Regex, b.ONNX, regexMode(), models.ORTAvailable)
	}
	if !b.ONNX.Built && !strings.Contains(b.ONNX.Problem, "-tags onnx") {
		t.Errorf("onnx problem %q", b.ONNX.Problem)
	}
	if b.ONNX.Built && (b.ONNX.Runtime == "") == (b.ONNX.Problem == "") {
		t.Errorf("onnx: want exactly one of runtime and problem: %+v", b.ONNX)
	}

	out, _, code = cli(t, "", nil, "version")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 6 {
		t.Fatalf("status %d:\n%s", code, out)
	}
	for i, prefix := range []string{"sluice  " + b.Version, "commit  ", "go      " + runtime.Version(), "tags    ", "regex   " + b.Regex, "onnx    "} {
		if !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %d %q, want prefix %q", i+1, lines[i], prefix)
		}
	}
	if _, errOut, code := cli(t, "", nil, "version", "extra"); code != 2 || !strings.HasPrefix(errOut, "sluice: ") {
		t.Errorf("extra argument: status %d stderr %q", code, errOut)
	}
}
