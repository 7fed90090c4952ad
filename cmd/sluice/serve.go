package main

import "github.com/spf13/cobra"

// Placeholder until the serve command lands; it reports that plainly.
func newServeCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "serve",
		Short:  "(not built yet)",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return usageErr("serve is not available in this build yet")
		},
	}
}
