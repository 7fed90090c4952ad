package main

import "github.com/spf13/cobra"

// Placeholder until the nats command lands; it reports that plainly.
func newNatsCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "nats",
		Short:  "(not built yet)",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return usageErr("nats is not available in this build yet")
		},
	}
}
