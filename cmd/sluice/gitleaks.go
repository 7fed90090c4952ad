package main

import "github.com/spf13/cobra"

// Placeholder until the gitleaks importer lands; it reports that plainly.
func newImportGitleaksCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "import-gitleaks FILE.toml",
		Short:  "(not built yet)",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return usageErr("import-gitleaks is not available in this build yet")
		},
	}
}
