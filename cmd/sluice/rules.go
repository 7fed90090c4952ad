package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/spf13/cobra"
)

func newRulesCmd() *cobra.Command {
	var policyPath string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules a policy uses (the built-in catalogue by default)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := loadScanner(policyPath)
			if err != nil {
				return err
			}
			return writeRules(cmd.OutOrStdout(), s.RuleInfos(), asJSON)
		},
	}
	cmd.Flags().StringVar(&policyPath, "policy", "", "policy file (default: built-in policy)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	cmd.AddCommand(newImportGitleaksCmd())
	return cmd
}

func writeRules(w io.Writer, infos []engine.RuleInfo, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(infos)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTYPE\tCATEGORY\tKEYWORDS")
	for _, r := range infos {
		kw := strings.Join(r.Keywords, ",")
		if kw == "" {
			kw = "(" + r.Trigger + ")"
		}
		if len(kw) > 60 {
			kw = kw[:57] + "..."
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Type, r.Category, kw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && f == os.Stdout {
		fmt.Fprintf(os.Stderr, "%d rules\n", len(infos))
	}
	return nil
}
