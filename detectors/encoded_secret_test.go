package detectors

import (
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
)

func TestFindEncoded(t *testing.T) {
	key := "AKIA" + "Z3MSJV4WXLGPTQ7R"
	ghp := crcToken("ghp_", "enc1", 30)
	b64 := base64.StdEncoding.EncodeToString([]byte("aws_access_key_id = " + key))
	nested := base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString([]byte("token " + ghp))))
	cases := []struct {
		name, text, encoding, want string
	}{
		{"base64", "data:\n  credentials: " + b64 + "\n", "base64", key},
		{"base64url", "x=" + base64.RawURLEncoding.EncodeToString([]byte("Authorization: Bearer "+ghp+"??>")) + " y", "base64url", ghp},
		{"hex", "blob " + hex.EncodeToString([]byte("GITHUB_TOKEN="+ghp)) + ".", "hex", ghp},
		// Percent-encoding leaves token characters as they are; the region
		// still covers the whole escaped token.
		{"url", "https://api.acme.io/cb?state=" + url.QueryEscape("token="+ghp+"&x=1") + " done", "url", ghp},
		{"unicode", `{"k": "\u0067\u0068\u0070\u005f` + ghp[4:] + `"}`, "unicode-escape", ghp},
		{"nested", "v: " + nested, "base64/hex", ghp},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := FindEncoded([]byte(c.text), MaxEncodedDepth, nil)
			for _, r := range rs {
				if r.Encoding == c.encoding && strings.Contains(string(r.Decoded), c.want) {
					span := c.text[r.Start:r.End]
					if strings.Contains(span, c.want) && c.encoding != "unicode-escape" && c.encoding != "url" {
						t.Errorf("span %q holds the plain value: not the encoded form", span)
					}
					if strings.ContainsAny(span, " \n\"") {
						t.Errorf("span %q runs past the encoded token", span)
					}
					return
				}
			}
			t.Errorf("no %s region decoding to %q in %+v", c.encoding, c.want, rs)
		})
	}
}

func TestFindEncodedIgnoresBinaryAndPlainText(t *testing.T) {
	raw := make([]byte, 300)
	for i := range raw {
		raw[i] = byte(i * 7)
	}
	for name, text := range map[string]string{
		"binary base64": "data:image/png;base64," + base64.StdEncoding.EncodeToString(raw),
		"sha256":        "sha256:" + fake("h", aHex, 64),
		"git sha":       "commit " + fake("g", aHex, 40),
		"words":         "TestCleanCorpusSecretFalsePositives and otherLongIdentifierNamesHere",
		"no escapes":    "https://acme.io/path?q=plain",
	} {
		for _, r := range FindEncoded([]byte(text), MaxEncodedDepth, nil) {
			t.Errorf("%s: unexpected %s region %q -> %q", name, r.Encoding, text[r.Start:r.End], r.Decoded)
		}
	}
	if got := FindEncoded([]byte(base64.StdEncoding.EncodeToString([]byte("password=hunter2hunter2"))), 0, nil); len(got) != 0 {
		t.Errorf("depth 0 decoded %v", got)
	}
}

// TestFindEncodedDepthBound: each layer needs its own level of depth.
func TestFindEncodedDepthBound(t *testing.T) {
	s := "api_key=" + fake("d", aAlnum, 32)
	for range 4 {
		s = base64.StdEncoding.EncodeToString([]byte(s))
	}
	rs := FindEncoded([]byte(s), 10, nil)
	deepest := 0
	for _, r := range rs {
		deepest = max(deepest, r.Depth)
		if r.Start != 0 || r.End != len(s) {
			t.Errorf("nested region %d-%d, want the outer span 0-%d", r.Start, r.End, len(s))
		}
	}
	if deepest != MaxEncodedDepth {
		t.Errorf("deepest layer %d, want the cap %d", deepest, MaxEncodedDepth)
	}
}
