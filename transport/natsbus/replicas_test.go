package natsbus

import (
	"context"
	"strings"
	"testing"

	"github.com/nats-io/nats.go/jetstream"
)

// TestReplicasSingleServer: a server outside a cluster is refused more
// than one replica, up front and by the server, with a message that says
// a cluster is needed; one replica is accepted.
func TestReplicasSingleServer(t *testing.T) {
	s := runServer(t, t.TempDir(), -1)
	nc := connect(t, s.ClientURL())
	for _, tc := range []struct {
		n    int
		want string // "" accepted
	}{
		{1, ""},
		{0, "1 to 5 replicas"},
		{6, "1 to 5 replicas"},
		{3, "not part of a cluster; 3 replicas need a JetStream cluster of at least 3 servers"},
	} {
		err := CheckReplicas(nc, tc.n)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckReplicas(%d) = %v, want %q", tc.n, err, tc.want)
		}
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	_, err = EnsureStreamsWith(context.Background(), js, DefaultIn, DefaultOut, DefaultDeadLetter, StreamOptions{Replicas: 3})
	if err == nil || !strings.Contains(err.Error(), "3 replicas need a JetStream cluster of at least 3 servers") {
		t.Fatalf("R3 streams on one server: %v", err)
	}
}
