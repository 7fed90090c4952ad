package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPolicyCheck(t *testing.T) {
	good := writeFile(t, "good.yaml", `id: good
builtin: [email]
rules:
  - id: ticket
    type: TICKET
    keywords: [tk-]
    pattern: '\bTK-(\d{4})\b'
    group: 1
    max_len: 8
    tp: ["see TK-«1234»", {text: "TK-5678 done", value: "5678"}]
    fp: ["TK-12"]
`)
	out, errOut, code := sluice(t, "", "policy", "check", good)
	if code != 0 || !strings.Contains(out, "ticket") || !strings.Contains(out, "email") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if want := "policy " + good + ": ok — 2 rules (1 of its own), "; !strings.Contains(errOut, want) {
		t.Errorf("stderr %q lacks %q", errOut, want)
	}

	failing := writeFile(t, "failing.yaml", `id: failing
builtin: none
rules:
  - id: ticket
    type: TICKET
    keywords: [tk-]
    pattern: '\bTK-\d{4}\b'
    tp: ["see TK-«1234»"]
`)
	typo := writeFile(t, "typo.yaml", "id: typo\nactions:\n  default: {op: report}\n  CREDIT_CRAD: {op: replace}\n")
	out, errOut, code = sluice(t, "", "policy", "check", "-q", good, failing, typo)
	if code != 2 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		"policy " + failing + `:4: rule "ticket": example fails: tp 0 "see TK-«1234»": want a finding of exactly "1234", the rule finds "TK-1234"`,
		"policy " + typo + `:4: actions: unknown entity type or rule id "CREDIT_CRAD" (did you mean CREDIT_CARD?)`,
		"policy check: 2 of 3 policies failed",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}

	// A threshold that makes a built-in rule miss its own examples is
	// worth a warning, not a failure.
	strict := writeFile(t, "strict.yaml", "id: strict\nbuiltin: [phone-number]\nthreshold: 0.95\n")
	_, errOut, code = sluice(t, "", "policy", "check", "-q", strict)
	if code != 0 || !strings.Contains(errOut, `warning: policy `+strict+`: built-in rule "phone-number": tp 0`) {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
}

// obfuscated are the values of issue 17 written to get past a redactor,
// one per line, and the line the built-in policy makes of each.
var obfuscated = [][2]string{
	{"key AKIAZ3MS\u200bJV4WXLGPTQ7R here", "key <AWS_ACCESS_KEY_ID> here"},
	{"tok ghp_Zq8Xr2Lm9Tv4\u200dWn7Kp3Bc6Fh1Jd5Sg0Ya2Ue8 end", "tok <GITHUB_TOKEN> end"},
	{"mail bob\u00adsmith@example.com now", "mail <EMAIL_ADDRESS> now"},
	{"id \u0410KIAZ3MSJV4WXLGPTQ7R x", "id <AWS_ACCESS_KEY_ID> x"},
	{"card \uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 ok", "card <CREDIT_CARD> ok"},
	{`{"aws_secret_access_key": "wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYzQ8Lm2Xr8T"}`, `{"aws_secret_access_key": "<AWS_SECRET_ACCESS_KEY>"}`},
}

// TestScanObfuscated: obfuscated values are redacted whole by `sluice
// scan` in plain mode (which streams), with --json and with --jsonl.
func TestScanObfuscated(t *testing.T) {
	var in, want strings.Builder
	for _, c := range obfuscated {
		in.WriteString(c[0] + "\n")
		want.WriteString(c[1] + "\n")
	}
	out, errOut, code := sluice(t, in.String(), "scan")
	if code != 0 || out != want.String() {
		t.Errorf("plain: exit %d %s\ngot  %q\nwant %q", code, errOut, out, want.String())
	}
	out, errOut, code = sluice(t, in.String(), "scan", "--json")
	var res struct {
		Redacted string
		Findings []struct{ Type string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("--json: exit %d %v %s", code, err, errOut)
	}
	if res.Redacted != want.String() || len(res.Findings) != len(obfuscated) {
		t.Errorf("--json: %d findings\ngot  %q\nwant %q", len(res.Findings), res.Redacted, want.String())
	}
	var lines strings.Builder
	for i, c := range obfuscated {
		b, _ := json.Marshal(map[string]any{"id": i, "text": c[0]})
		lines.Write(append(b, '\n'))
	}
	out, errOut, code = sluice(t, lines.String(), "scan", "--jsonl")
	if code != 0 {
		t.Fatalf("--jsonl: exit %d %s", code, errOut)
	}
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct{ Redacted string }
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Redacted != obfuscated[i][1] {
			t.Errorf("--jsonl line %d: %q (%v), want %q", i, r.Redacted, err, obfuscated[i][1])
		}
	}
}
