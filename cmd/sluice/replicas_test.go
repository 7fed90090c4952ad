package main

import (
	"strings"
	"testing"
)

// TestReplicasErrors: --replicas is refused where it cannot apply, with
// the reason and the fix, before anything is created.
func TestReplicasErrors(t *testing.T) {
	url := startNATS(t)
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"consume without create-streams", []string{"consume", "--nats-url", url, "--policy", natsTestPolicy, "--stream", "LLM_RESPONSES", "--replicas", "3"},
			"--replicas sets the streams sluice creates: give it with --stream and --create-streams"},
		{"consume on one server", []string{"consume", "--nats-url", url, "--policy", natsTestPolicy, "--stream", "LLM_RESPONSES", "--create-streams", "--replicas", "3"},
			"--replicas 3: the NATS server nats://127.0.0.1:"},
		{"consume out of range", []string{"consume", "--nats-url", url, "--policy", natsTestPolicy, "--stream", "LLM_RESPONSES", "--create-streams", "--replicas", "7"},
			"JetStream keeps 1 to 5 replicas of a stream, not 7"},
		{"serve embedded", []string{"serve", "--http", "127.0.0.1:0", "--nats-listen", "127.0.0.1:-1", "--nats-replicas", "3"},
			"--nats-replicas 3: the embedded NATS server is a single server"},
		{"serve on one server", []string{"serve", "--http", "127.0.0.1:0", "--nats-url", url, "--nats-replicas", "3"},
			"is not part of a cluster; 3 replicas need a JetStream cluster of at least 3 servers"},
		{"serve takes consume's --replicas", []string{"serve", "--http", "127.0.0.1:0", "--nats-url", url, "--replicas", "3"},
			"is not part of a cluster; 3 replicas need a JetStream cluster of at least 3 servers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := sluice(t, "", tt.args...)
			if code == 0 || !strings.Contains(errs, tt.err) {
				t.Fatalf("exit %d, stderr %q; want an error with %q", code, errs, tt.err)
			}
		})
	}
}
