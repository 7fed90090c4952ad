package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

func newRulesCmd() *cobra.Command {
	var policyPath string
	var asJSON, asYAML bool
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules a policy uses (the built-in catalogue by default)",
		Long: `List the rules a policy runs: a table by default, or, with --yaml or
--json, the effective policy in full — every rule (built-in ones
included) with its derived settings, the threshold, context window and
actions. That output loads as a policy (--policy) and scans the same way,
so it is a starting point for a policy of your own.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON && asYAML {
				return usageErr("rules: --json and --yaml exclude each other")
			}
			s, err := loadScanner(policyPath)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			switch {
			case asYAML || asJSON:
				out, err := marshalPolicy(s.EffectivePolicy(), asJSON)
				if err != nil {
					return fmt.Errorf("rules: %w", err)
				}
				_, err = w.Write(out)
				return err
			}
			return writeRuleTable(w, s.RuleInfos())
		},
	}
	cmd.Flags().StringVar(&policyPath, "policy", "", "policy file (default: built-in policy)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the effective policy as JSON (loadable with --policy)")
	cmd.Flags().BoolVar(&asYAML, "yaml", false, "print the effective policy as YAML (loadable with --policy)")
	cmd.AddCommand(newImportGitleaksCmd())
	return cmd
}

func writeRuleTable(w io.Writer, infos []engine.RuleInfo) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTYPE\tCATEGORY\tKEYWORDS")
	for _, r := range infos {
		kw := strings.Join(r.Keywords, ",")
		if kw == "" {
			kw = "(" + r.Trigger.String() + ")"
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

// marshalPolicy writes a policy as a policy file: YAML, or the same
// document as JSON (which YAML reads too), keys in the same order.
func marshalPolicy(p *engine.Policy, asJSON bool) ([]byte, error) {
	if !asJSON {
		return engine.MarshalPolicy(p)
	}
	n, err := engine.PolicyNode(p)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := nodeJSON(&b, n); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// nodeJSON writes a YAML tree as JSON, keeping mapping order.
func nodeJSON(b *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.DocumentNode:
		return nodeJSON(b, n.Content[0])
	case yaml.AliasNode:
		return nodeJSON(b, n.Alias)
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(n.Content[i].Value)
			b.Write(k)
			b.WriteByte(':')
			if err := nodeJSON(b, n.Content[i+1]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := nodeJSON(b, c); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			b.WriteString("null")
		case "!!bool":
			v, err := strconv.ParseBool(n.Value)
			if err != nil {
				return err
			}
			b.WriteString(strconv.FormatBool(v))
		case "!!int", "!!float":
			f, err := strconv.ParseFloat(n.Value, 64)
			if err != nil {
				return fmt.Errorf("number %q: %w", n.Value, err)
			}
			v, _ := json.Marshal(f)
			b.Write(v)
		default:
			v, _ := json.Marshal(n.Value)
			b.Write(v)
		}
	default:
		return fmt.Errorf("unexpected YAML node kind %v", n.Kind)
	}
	return nil
}
