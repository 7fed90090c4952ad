package detectors_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// TestVerifiedAndWeakScores checks the scoring contract end to end: a
// value whose embedded check passes is reported with score 1.0 and the
// check's name; one whose check fails is still reported, with a lower
// score and no verification.
func TestVerifiedAndWeakScores(t *testing.T) {
	s, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]detectors.Rule{}
	for _, r := range detectors.Builtin() {
		rules[r.ID] = r
	}
	for _, id := range []string{"github-pat-classic", "npm-access-token", "grafana-service-account-token", "private-key-rsa", "private-key-openssh", "pypi-upload-token", "age-secret-key", "azure-storage-account-key", "jwt", "kubernetes-service-account-token", "discord-bot-token", "onepassword-service-account-token", "docker-config-auth", "http-basic-auth"} {
		r, ok := rules[id]
		if !ok {
			t.Errorf("no rule %s", id)
			continue
		}
		t.Run(id, func(t *testing.T) {
			for _, tp := range r.TP {
				tp, _, err := detectors.ParseExample(tp)
				if err != nil {
					t.Fatal(err)
				}
				weak := strings.Contains(tp, "(bad checksum: weak)") || strings.Contains(tp, "MIIEowIBAAKCAQEAx9kQ2")
				fs := find(t, s, tp)
				var hit *engine.Finding
				for i := range fs {
					if fs[i].Type == r.Type {
						hit = &fs[i]
					}
				}
				if hit == nil {
					t.Errorf("not found: %q", tp)
					continue
				}
				switch {
				case weak && (hit.Verified != "" || hit.Score >= r.Score):
					t.Errorf("failed check should lower the score: got %.2f verified %q in %q", hit.Score, hit.Verified, tp)
				case !weak && (hit.Verified == "" || hit.Score != 1):
					t.Errorf("want verified with score 1, got %.2f verified %q in %q", hit.Score, hit.Verified, tp)
				}
			}
		})
	}
}

// TestEncodedRegionsScan shows the wiring FindEncoded is made for: scan
// each decoded view and report its findings over the encoded span.
func TestEncodedRegionsScan(t *testing.T) {
	s, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	secret := "aws_access_key_id = AKIAZ3MSJV4WXLGPTQ7R"
	enc := base64.StdEncoding.EncodeToString([]byte(secret))
	text := "apiVersion: v1\nkind: Secret\ndata:\n  config: " + enc + "\n"
	if fs := find(t, s, text); len(fs) != 0 {
		t.Fatalf("plain scan already finds %v", fs)
	}
	var spans [][2]int
	for _, r := range detectors.FindEncoded([]byte(text), detectors.MaxEncodedDepth, nil) {
		for _, f := range find(t, s, string(r.Decoded)) {
			if f.Type == "AWS_ACCESS_KEY_ID" {
				spans = append(spans, [2]int{r.Start, r.End})
			}
		}
	}
	if len(spans) != 1 || text[spans[0][0]:spans[0][1]] != enc {
		t.Errorf("encoded key reported at %v, want the base64 span", spans)
	}
}
