package main

import (
	"io"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeLameDuck runs the real binary: after SIGTERM, /readyz answers
// 503 while redactions are still served for --shutdown-delay; a second
// SIGTERM exits at once.
func TestServeLameDuck(t *testing.T) {
	var logs serveLog
	cmd := exec.Command(sluiceBin(t), "serve", "--http", "127.0.0.1:0", "--nats=false", "--shutdown-delay", "20s")
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	addr := waitListening(t, &logs)
	get := func(path string) int {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	// Ready once the policy is warm (its regexes and keyword tries built
	// ahead, --warm): 503 until then, logged when done.
	for deadline := time.Now().Add(2 * time.Minute); get("/readyz") != 200; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("readyz never said 200 before the signal; log:\n%s", logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"msg":"policy warm"`) {
		t.Fatalf("ready before the policy was warm; log:\n%s", logs.String())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); get("/readyz") != 503; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("readyz never said 503 after SIGTERM")
		}
	}
	resp, err := http.Post("http://"+addr+"/v1/redact", "application/json", strings.NewReader(`{"text":"mail bob@example.com"}`))
	if err != nil {
		t.Fatalf("lame duck stopped serving: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<EMAIL_ADDRESS>") {
		t.Fatalf("lame duck redact: %d %s", resp.StatusCode, body)
	}
	if s := get("/healthz"); s != 200 {
		t.Fatalf("healthz in the lame duck: %d", s)
	}
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("second signal: exit %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a second SIGTERM did not force the exit")
	}
	if time.Since(start) > 5*time.Second || !strings.Contains(logs.String(), "second signal") {
		t.Fatalf("logs: %s", logs.String())
	}
}
