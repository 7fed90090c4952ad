package natsbus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// MaxReplicas is the most copies JetStream keeps of a stream.
const MaxReplicas = 5

// StreamOptions are the settings of the streams sluice creates.
type StreamOptions struct {
	// Replicas is how many servers of a JetStream cluster keep each
	// stream (the durable consumer follows its stream). 0 creates
	// missing streams with one replica and leaves existing streams as
	// they are; N > 0 also scales existing streams to N.
	Replicas int
}

// CheckReplicas refuses a replica count the connected NATS deployment
// cannot hold, before anything is created: out of JetStream's range, or
// more than one replica on a server that is not part of a cluster. A
// cluster smaller than n is caught when the stream is created (see
// replicaError).
func CheckReplicas(nc *nats.Conn, n int) error {
	if n < 1 || n > MaxReplicas {
		return fmt.Errorf("JetStream keeps 1 to %d replicas of a stream, not %d", MaxReplicas, n)
	}
	if n > 1 && nc != nil && nc.ConnectedClusterName() == "" {
		return fmt.Errorf("the NATS server %s is not part of a cluster; %d replicas need a JetStream cluster of at least %d servers",
			nc.ConnectedUrlRedacted(), n, n)
	}
	return nil
}

// replicas is the count a new stream gets.
func (o StreamOptions) replicas() int { return max(1, o.Replicas) }

// reconcile scales an existing stream to the asked replica count.
func (o StreamOptions) reconcile(ctx context.Context, js jetstream.JetStream, st jetstream.Stream) error {
	info := st.CachedInfo()
	if o.Replicas == 0 || info.Config.Replicas == o.Replicas {
		return nil
	}
	cfg := info.Config
	cfg.Replicas = o.Replicas
	if _, err := js.UpdateStream(ctx, cfg); err != nil {
		return fmt.Errorf("scale stream %s from %d to %d replicas: %w", cfg.Name, info.Config.Replicas, o.Replicas, replicaError(err, o.Replicas))
	}
	return waitReplicated(ctx, st, o.Replicas)
}

// scaleWait bounds the wait for a scaled stream's new replicas.
const scaleWait = 30 * time.Second

// waitReplicated waits until a scaled stream has a leader and n-1
// current followers: the scale is asynchronous, and a consumer created
// meanwhile is refused (insufficient resources).
func waitReplicated(ctx context.Context, st jetstream.Stream, n int) error {
	ctx, cancel := context.WithTimeout(ctx, scaleWait)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var last string
	for {
		info, err := st.Info(ctx)
		switch {
		case err != nil:
			last = err.Error()
		case n == 1 && (info.Cluster == nil || len(info.Cluster.Replicas) == 0):
			return nil
		case info.Cluster == nil || info.Cluster.Leader == "":
			last = "no leader yet"
		default:
			current := 0
			for _, p := range info.Cluster.Replicas {
				if p.Current {
					current++
				}
			}
			if current == n-1 && len(info.Cluster.Replicas) == n-1 {
				return nil
			}
			last = fmt.Sprintf("%d of %d followers current", current, n-1)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("stream %s scaled to %d replicas, not ready within %s: %s", st.CachedInfo().Config.Name, n, scaleWait, last)
		case <-tick.C:
		}
	}
}

// replicaError explains the server's refusal of a replica count.
func replicaError(err error, n int) error {
	var apiErr *jetstream.APIError
	if !errors.As(err, &apiErr) {
		return err
	}
	switch apiErr.ErrorCode {
	case 10005, 10023: // no suitable peers for placement; insufficient resources
		return fmt.Errorf("%w (%d replicas need at least %d JetStream servers in the cluster: it is smaller, or servers are down)", err, n, n)
	case 10074: // replicas > 1 not supported in non-clustered mode
		return fmt.Errorf("%w (%d replicas need a JetStream cluster of at least %d servers)", err, n, n)
	}
	return err
}
