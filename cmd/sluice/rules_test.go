package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRulesCommand(t *testing.T) {
	out, errOut, code := sluice(t, "", "rules")
	if code != 0 || !strings.Contains(out, "aws-access-key-id") || !strings.HasPrefix(out, "ID") {
		t.Fatalf("table (exit %d, %s):\n%s", code, errOut, out)
	}
	out, errOut, code = sluice(t, "", "rules", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var dump struct {
		ID      string
		Builtin string
		Rules   []struct{ ID, Type, Category, Trigger, Validator string }
		Actions map[string]struct{ Op string }
	}
	if err := json.Unmarshal([]byte(out), &dump); err != nil {
		t.Fatal(err)
	}
	if dump.ID != "default" || dump.Builtin != "none" || len(dump.Rules) < 40 || dump.Actions["default"].Op != "replace" {
		t.Fatalf("dump: id %q builtin %q, %d rules, actions %v", dump.ID, dump.Builtin, len(dump.Rules), dump.Actions)
	}
	validators := map[string]string{}
	for _, r := range dump.Rules {
		validators[r.ID] = r.Validator
	}
	if validators["credit-card"] != "luhn" || validators["iban"] != "iban" {
		t.Errorf("validators are listed by registry name: credit-card %q, iban %q", validators["credit-card"], validators["iban"])
	}
}

// TestRulesDumpLoads: `sluice rules --json` and `--yaml` print policies
// that load and redact as the built-in policy does.
func TestRulesDumpLoads(t *testing.T) {
	const text = "key AKIAZ3MSJV4WXLGPTQ7R mail bob@example.com card 4111 1111 1111 1111\n"
	want, _, code := sluice(t, text, "scan")
	if code != 0 || !strings.Contains(want, "<AWS_ACCESS_KEY_ID>") {
		t.Fatalf("built-in scan: %q", want)
	}
	for _, format := range []string{"--json", "--yaml"} {
		dump, errOut, code := sluice(t, "", "rules", format)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		path := writeFile(t, "dump"+strings.TrimPrefix(format, "--"), dump)
		got, errOut, code := sluice(t, text, "scan", "--policy", path)
		if code != 0 || got != want {
			t.Errorf("%s dump scans to %q (exit %d, %s), want %q", format, got, code, errOut, want)
		}
	}
}
