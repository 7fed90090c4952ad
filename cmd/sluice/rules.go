package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/spf13/cobra"
)

type ruleInfo struct {
	ID          string   `json:"id"`
	Type        string   `json:"type"`
	Category    string   `json:"category"`
	Keywords    []string `json:"keywords"`
	Trigger     string   `json:"trigger"`
	Validator   string   `json:"validator,omitempty"`
	MaxLen      int      `json:"max_len"`
	Description string   `json:"description,omitempty"`
}

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
			return writeRules(cmd.OutOrStdout(), s.Rules(), asJSON)
		},
	}
	cmd.Flags().StringVar(&policyPath, "policy", "", "policy file (default: built-in policy)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	cmd.AddCommand(newImportGitleaksCmd())
	return cmd
}

func writeRules(w io.Writer, rules []detectors.Rule, asJSON bool) error {
	infos := make([]ruleInfo, len(rules))
	for i, r := range rules {
		kw := r.Keywords
		if kw == nil {
			kw = []string{}
		}
		infos[i] = ruleInfo{ID: r.ID, Type: r.Type, Category: string(r.Category), Keywords: kw,
			Trigger: r.Trigger.String(), Validator: r.Verification, MaxLen: r.MaxLen, Description: r.Description}
	}
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
