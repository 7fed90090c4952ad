package main

import (
	"strings"
	"testing"
)

// TestNatsURLCredentialsNotPrinted: a token or password in --nats-url
// never reaches an error message.
func TestNatsURLCredentialsNotPrinted(t *testing.T) {
	for _, args := range [][]string{
		{"nats", "pub", "--nats-url", "nats://TOKENs3cr3t@127.0.0.1:1", "x", "y"},
		{"nats", "sub", "--nats-url", "nats://ana:PASSs3cr3t@127.0.0.1:1", "x"},
		{"consume", "--nats-url", "nats://127.0.0.1:1,nats://TOKENs3cr3t@127.0.0.1:2", "--policy", natsTestPolicy},
	} {
		_, errs, code := sluice(t, "", args...)
		if code == 0 || !strings.Contains(errs, "xxxxx@127.0.0.1") || strings.Contains(errs, "s3cr3t") {
			t.Errorf("sluice %s: exit %d, stderr %q: want the URL with its credential replaced", args[0], code, errs)
		}
	}
}
