package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/gitleaks"
	"github.com/spf13/cobra"
)

// newImportGitleaksCmd converts a gitleaks TOML config into a sluice
// policy on stdout; every skipped rule and every dropped or approximated
// field is listed on stderr.
func newImportGitleaksCmd() *cobra.Command {
	var policyID string
	cmd := &cobra.Command{
		Use:   "import-gitleaks FILE.toml",
		Short: "Convert a gitleaks config into a sluice policy (YAML on stdout, skipped rules on stderr)",
		Long: `Convert a gitleaks configuration (rules with regex, secretGroup, entropy,
keywords, tags and allowlists; global allowlists; extend.path and
extend.useDefault) into a sluice policy:

    sluice rules import-gitleaks .gitleaks.toml > policy.yaml

Rules sluice cannot run — regexes with syntax RE2 lacks (lookaround,
backreferences, possessive or atomic groups), path-only rules, composite
components — are listed on stderr by id with the reason. Fields that
do not apply to model output (paths, commits) are reported as notes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := gitleaks.Load(args[0])
			if err != nil {
				return usageErr("%v", err)
			}
			if policyID == "" {
				policyID = strings.TrimSuffix(filepath.Base(args[0]), filepath.Ext(args[0]))
				policyID = strings.TrimPrefix(policyID, ".")
			}
			res := gitleaks.Convert(c, gitleaks.Options{PolicyID: policyID})
			out, err := res.YAML(args[0])
			if err != nil {
				return usageErr("import-gitleaks: %v", err)
			}
			// The output must load and compile; a converter bug must not
			// hand the user a policy that fails later.
			p, err := engine.ParsePolicy(policyID+".yaml", out)
			if err == nil {
				_, err = engine.Compile(p)
			}
			if err != nil {
				var pe *engine.PolicyError
				if errors.As(err, &pe) {
					return usageErr("import-gitleaks: converted policy does not load: %v", pe)
				}
				return usageErr("import-gitleaks: converted policy does not load: %v", err)
			}
			stderr := cmd.ErrOrStderr()
			for _, s := range res.Skipped {
				fmt.Fprintf(stderr, "skipped %s: %s\n", s.ID, s.Reason)
			}
			for _, n := range res.Notes {
				id := n.ID
				if id == "" {
					id = "(config)"
				}
				fmt.Fprintf(stderr, "note %s: %s\n", id, n.Message)
			}
			fmt.Fprintf(stderr, "%d rules converted, %d skipped\n", len(res.Policy.Rules), len(res.Skipped))
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	}
	cmd.Flags().StringVar(&policyID, "id", "", "policy id (default: the file name)")
	return cmd
}
