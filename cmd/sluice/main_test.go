package main

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// binDir holds the sluice binary the CLI tests run; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// sluiceBin builds cmd/sluice once per test run, with this test binary's
// behaviour-changing tags, and returns its path.
func sluiceBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "sluice-cli-test-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "sluice")
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(gobin); err != nil {
			gobin = "go"
		}
		args := []string{"build", "-o", binPath}
		if tags := buildTags(); len(tags) > 0 {
			args = append(args, "-tags", strings.Join(tags, ","))
		}
		cmd := exec.Command(gobin, append(args, ".")...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			buildErr = errors.New("go build: " + err.Error() + ": " + stderr.String())
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// cli runs the built sluice binary with stdin and extra environment
// ("K=V") and returns stdout, stderr and the exit status.
func cli(t *testing.T, stdin string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(sluiceBin(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), errb.String(), 0
	case errors.As(err, &ee):
		return out.String(), errb.String(), ee.ExitCode()
	}
	t.Fatalf("running sluice %v: %v", args, err)
	return "", "", -1
}

// TestErrorMessages: every error is one line with one "sluice: " prefix,
// names the command it is about, and suggests the fix when one is clear.
func TestErrorMessages(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"scan", "--bogus"}, "sluice: scan: unknown flag: --bogus\n"},
		{[]string{"nats", "pub", "--bogus"}, "sluice: nats pub: unknown flag: --bogus\n"},
		{[]string{"scna"}, "sluice: unknown command \"scna\" (did you mean \"scan\"?); see 'sluice --help'\n"},
		{[]string{"nats", "bogus"}, "sluice: nats: unknown command \"bogus\"; see 'sluice nats --help'\n"},
		{[]string{"version", "x"}, "sluice: version: unknown command \"x\"; see 'sluice version --help'\n"},
		{[]string{"scan", "--json", "--jsonl"}, "sluice: scan: --json and --jsonl are exclusive\n"},
		{[]string{"nats", "pub"}, "sluice: nats pub: accepts between 1 and 2 arg(s), received 0\n"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := cli(t, "", nil, tc.args...)
			if code != 2 || out != "" || errOut != tc.want {
				t.Fatalf("status %d stdout %q\nstderr %q\n  want %q", code, out, errOut, tc.want)
			}
		})
	}
}

// TestNatsWithoutServerHint: with no server at the URL, nats pub and sub
// say how to start one.
func TestNatsWithoutServerHint(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "nats://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	for _, sub := range []string{"pub", "sub"} {
		args := []string{"nats", sub, "--nats-url", url, "llm.responses.demo"}
		if sub == "pub" {
			args = append(args, "hello")
		}
		_, errOut, code := cli(t, "", nil, args...)
		want := "sluice: nats " + sub + ": connect " + url + ": nats: no servers available for connection (is a NATS server running there? `sluice serve` starts one on 127.0.0.1:4222; or pass --nats-url)\n"
		if code != 2 || errOut != want {
			t.Errorf("%s: status %d\nstderr %q\n  want %q", sub, code, errOut, want)
		}
	}
}

// TestPolicyErrorOnePrefix: a policy error names its file once, whichever
// command loads it.
func TestPolicyErrorOnePrefix(t *testing.T) {
	pol := writeFile(t, "keyed.yaml", "id: keyed\nbuiltin: [email]\nhash_key: env:SLUICE_TEST_EMPTY_KEY\nactions:\n  EMAIL_ADDRESS: {op: encrypt}\n")
	env := []string{"SLUICE_TEST_EMPTY_KEY="}
	for _, args := range [][]string{
		{"scan", "--policy", pol},
		{"reidentify", "--policy", pol},
		{"serve", "--nats=false", "--http", "127.0.0.1:0", "--policy", pol},
	} {
		out, errOut, code := cli(t, "", env, args...)
		if i := strings.LastIndex(strings.TrimSuffix(errOut, "\n"), "\n"); args[0] == "serve" && i >= 0 {
			errOut = errOut[i+1:] // after serve's startup log lines
		}
		if code != 2 || out != "" || !strings.HasPrefix(errOut, "sluice: policy "+pol+": ") ||
			strings.Count(errOut, pol) != 1 || !strings.Contains(errOut, "SLUICE_TEST_EMPTY_KEY") || !strings.HasSuffix(errOut, "\n") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: status %d stdout %q stderr %q", args[0], code, out, errOut)
		}
	}
}
