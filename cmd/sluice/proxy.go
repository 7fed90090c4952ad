package main

import "github.com/spf13/cobra"

// Placeholder until the proxy command lands; it reports that plainly.
func newProxyCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "proxy",
		Short:  "(not built yet)",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return usageErr("proxy is not available in this build yet")
		},
	}
}
