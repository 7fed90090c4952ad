package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/spf13/cobra"
)

func newPolicyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Work with policy files",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newPolicyCheckCmd())
	return cmd
}

// newPolicyCheckCmd lints policy files for CI: every name is checked,
// every rule's examples run, and the rules as they will run are printed.
func newPolicyCheckCmd() *cobra.Command {
	var asYAML, quiet bool
	cmd := &cobra.Command{
		Use:   "check FILE...",
		Short: "Check policy files: names, patterns, every rule's tp/fp examples; print the effective rules",
		Long: `Check policy files the way serve and scan load them, and more:

  - every field and name (entity types, rule ids, validators, triggers,
    operators, phone_region) must be known; a typo is reported with its
    line and the nearest valid name;
  - every pattern must compile;
  - every rule's examples run: a tp must be found with exactly its
    «…»-marked value(s), an fp must not be found. A failing example of
    your own rules fails the check; one of a built-in rule (under your
    threshold, context_window or phone_region) is reported as a warning.

Then the rules as they will run are printed (a table, or --yaml for the
effective policy in full). Exit status 0 when every file passes, 2
otherwise: run it in CI.

NER is not loaded here: a policy that enables it is checked for its
names only; serve and scan report a missing NER runtime at start.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
			failed := 0
			for _, path := range args {
				if err := checkPolicyFile(cmd.Context(), path, asYAML, quiet, out, errOut); err != nil {
					fmt.Fprintln(errOut, "sluice:", err)
					failed++
				}
			}
			if failed > 0 {
				return &exitError{code: 2, err: fmt.Errorf("policy check: %d of %d policies failed", failed, len(args))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asYAML, "yaml", false, "print the effective policy as YAML instead of a table of rules")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only problems and the summary line")
	return cmd
}

func checkPolicyFile(ctx context.Context, path string, asYAML, quiet bool, out, errOut interface{ Write([]byte) (int, error) }) error {
	if ctx == nil {
		ctx = context.Background()
	}
	p, err := engine.LoadPolicy(path)
	if err != nil {
		return err
	}
	note := ""
	if name, ok := strings.CutPrefix(p.HashKey, "env:"); ok && os.Getenv(name) == "" {
		// CI need not hold the key: check with a stand-in.
		p.HashKey = "policy-check-stand-in-key"
		note += fmt.Sprintf("; hash_key variable %s unset, checked with a stand-in", name)
	}
	s, err := engine.Compile(p)
	if err != nil {
		var pe *engine.PolicyError
		if errors.As(err, &pe) {
			return err
		}
		return fmt.Errorf("policy %s: %w", path, err)
	}
	user := map[string]bool{}
	for _, r := range p.Rules {
		user[r.ID] = true
	}
	examples, warnings := 0, 0
	for _, r := range s.Rules() {
		examples += len(r.TP) + len(r.FP)
		if user[r.ID] {
			continue // ran when the policy loaded: they passed
		}
		for _, e := range engine.CheckExamples(ctx, s, r) {
			fmt.Fprintf(errOut, "warning: policy %s: built-in rule %q: %v\n", path, r.ID, e)
			warnings++
		}
	}
	if !quiet {
		if asYAML {
			b, err := engine.MarshalPolicy(s.EffectivePolicy())
			if err != nil {
				return fmt.Errorf("policy %s: %w", path, err)
			}
			if _, err := out.Write(b); err != nil {
				return err
			}
		} else if err := writeRuleTable(out, s.RuleInfos()); err != nil {
			return err
		}
	}
	if p.NER.Enabled {
		note += "; ner enabled (not loaded by check)"
	}
	fmt.Fprintf(errOut, "policy %s: ok — %d rules (%d of its own), %d examples run, %d warnings%s\n",
		path, s.NumRules(), len(user), examples, warnings, note)
	return nil
}
