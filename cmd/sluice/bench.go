package main

import "github.com/spf13/cobra"

// Placeholder until the bench command lands; it reports that plainly.
func newBenchCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "bench",
		Short:  "(not built yet)",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return usageErr("bench is not available in this build yet")
		},
	}
}
