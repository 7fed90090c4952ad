package main

import (
	"github.com/nats-io/nats.go"
	"github.com/sluice-dlp/sluice/transport/natsbus"
	"github.com/spf13/cobra"
)

// consumeStreamOptions checks consume's --replicas against its other
// flags and the connected deployment.
func consumeStreamOptions(cmd *cobra.Command, o consumeOptions, nc *nats.Conn) (natsbus.StreamOptions, error) {
	if !cmd.Flags().Changed("replicas") {
		return natsbus.StreamOptions{}, nil
	}
	if o.stream == "" || !o.createStreams {
		return natsbus.StreamOptions{}, usageErr("consume: --replicas sets the streams sluice creates: give it with --stream and --create-streams")
	}
	if err := natsbus.CheckReplicas(nc, o.replicas); err != nil {
		return natsbus.StreamOptions{}, usageErr("consume: --replicas %d: %v", o.replicas, err)
	}
	return natsbus.StreamOptions{Replicas: o.replicas}, nil
}
