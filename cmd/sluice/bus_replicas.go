package main

import (
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go"
	"github.com/sluice-dlp/sluice/transport/natsbus"
	"github.com/spf13/pflag"
)

// addReplicasFlag registers serve's --nats-replicas. --replicas, the
// name consume uses, means the same on serve, so one command line works
// for both.
func addReplicasFlag(fs *pflag.FlagSet, c *busConfig) {
	fs.Int("nats-replicas", 1, "with --nats-url: create the input, output and dead-letter streams when missing, each kept by this many servers of the JetStream cluster (3 for a 3-node cluster; also scales existing streams; --replicas is the same flag)")
	c.replicas = fs.Lookup("nats-replicas")
	prev := fs.GetNormalizeFunc()
	fs.SetNormalizeFunc(func(f *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "replicas" {
			name = "nats-replicas"
		}
		return prev(f, name)
	})
}

// replicaCount is --nats-replicas, 0 when not given.
func (c *busConfig) replicaCount() int {
	if c == nil || c.replicas == nil || !c.replicas.Changed {
		return 0
	}
	n, _ := strconv.Atoi(c.replicas.Value.String())
	return n
}

// checkReplicas refuses --nats-replicas where it cannot apply, before
// anything listens.
func (c *busConfig) checkReplicas() error {
	if c == nil || c.replicas == nil || !c.replicas.Changed {
		return nil
	}
	n := c.replicaCount()
	if !c.enabled {
		return fmt.Errorf("--nats-replicas %d with --nats=false: there are no streams", n)
	}
	if err := natsbus.CheckReplicas(nil, n); err != nil {
		return fmt.Errorf("--nats-replicas %d: %w", n, err)
	}
	if c.url == "" && n > 1 {
		return fmt.Errorf("--nats-replicas %d: the embedded NATS server is a single server; replicas need a JetStream cluster (give its URLs with --nats-url)", n)
	}
	return nil
}

// streamOptions says whether serve creates the streams (always on the
// embedded server; on an external one when --nats-replicas is given) and
// with how many replicas.
func (c *busConfig) streamOptions(nc *nats.Conn, embedded bool) (natsbus.StreamOptions, bool, error) {
	n := c.replicaCount()
	if embedded {
		return natsbus.StreamOptions{Replicas: n}, true, nil
	}
	if n == 0 {
		return natsbus.StreamOptions{}, false, nil
	}
	if err := natsbus.CheckReplicas(nc, n); err != nil {
		return natsbus.StreamOptions{}, false, fmt.Errorf("--nats-replicas %d: %w", n, err)
	}
	return natsbus.StreamOptions{Replicas: n}, true, nil
}
