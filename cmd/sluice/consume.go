package main

import "github.com/spf13/cobra"

// Placeholder until the consume command lands; it reports that plainly.
func newConsumeCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "consume",
		Short:  "(not built yet)",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return usageErr("consume is not available in this build yet")
		},
	}
}
