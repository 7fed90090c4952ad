package bench

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/netip"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a := Generate(Config{Seed: 7, Size: 64 << 10, Kind: Dense})
	b := Generate(Config{Seed: 7, Size: 64 << 10, Kind: Dense})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same config, different corpus")
	}
	c := Generate(Config{Seed: 8, Size: 64 << 10, Kind: Dense})
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds, same corpus")
	}
}

func TestGenerateKinds(t *testing.T) {
	const size = 1 << 20
	for _, tc := range []struct {
		kind           Kind
		minPer, maxPer float64 // labels per MiB
	}{
		{Sparse, 30, 130},
		{Dense, 2000, 8192},
		{Clean, 0, 0},
		{Digits, 30, 130},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			docs := Generate(Config{Seed: 1, Size: size, Kind: tc.kind})
			n := Bytes(docs)
			if n < size || n > size+16<<10 {
				t.Fatalf("%d bytes, want about %d", n, size)
			}
			labels := 0
			for _, d := range docs {
				labels += len(d.Labels)
				if len(d.Text) < 200 {
					t.Errorf("%s: only %d bytes", d.ID, len(d.Text))
				}
			}
			per := float64(labels) / (float64(n) / (1 << 20))
			if per < tc.minPer || per > tc.maxPer {
				t.Fatalf("%.0f labels per MiB, want %v..%v", per, tc.minPer, tc.maxPer)
			}
		})
	}
	if k, err := ParseKind("dense"); err != nil || k != Dense {
		t.Fatal(k, err)
	}
	if _, err := ParseKind("medium"); err == nil {
		t.Fatal("unknown kind accepted")
	}
}

func TestGenerateMixesFormats(t *testing.T) {
	docs := Generate(Config{Seed: 1, Size: 256 << 10, Kind: Sparse})
	all := string(Text(docs, 256<<10))
	for _, want := range []string{"```go", "```python", "```json", "```yaml", "```console\n$ ", "```log", "| Quarter |", "### ", "```sql", "```rust"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the corpus", want)
		}
	}
	digits := string(Text(Generate(Config{Seed: 1, Size: 64 << 10, Kind: Digits}), 64<<10))
	if d := strings.Count(digits, "1") + strings.Count(digits, "7"); d < len(digits)/40 {
		t.Errorf("digits corpus is not digit-heavy: %d of %d", d, len(digits))
	}
}

func luhnOK(s string) bool {
	sum, double := 0, false
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		v := int(c - '0')
		if double {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

func mod97OK(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	s = s[4:] + s[:4]
	rem := 0
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			rem = (rem*100 + int(c-'A') + 10) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	return rem == 1
}

var shapes = map[string]*regexp.Regexp{
	"EMAIL_ADDRESS":         regexp.MustCompile(`^[a-z0-9.+]+@[a-z0-9-]+(\.[a-z0-9-]+)+$`),
	"US_SSN":                regexp.MustCompile(`^(00[1-9]|0[1-9]\d|[1-8]\d\d)-(0[1-9]|[1-9]\d)-(\d{3}[1-9]|\d\d[1-9]\d|\d[1-9]\d\d|[1-9]\d{3})$`),
	"AWS_ACCESS_KEY_ID":     regexp.MustCompile(`^(AKIA|ASIA)[A-Z2-7]{16}$`),
	"AWS_SECRET_ACCESS_KEY": regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`),
	"GITHUB_TOKEN":          regexp.MustCompile(`^(gh[pos]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})$`),
	"STRIPE_KEY":            regexp.MustCompile(`^[sr]k_(live|test)_[A-Za-z0-9]{99}$`),
	"SLACK_TOKEN":           regexp.MustCompile(`^xoxb-\d{11}-\d{13}-[A-Za-z0-9]{24}$`),
	"SLACK_WEBHOOK_URL":     regexp.MustCompile(`^https://hooks\.slack\.com/services/T[A-Z0-9]{8}/B[A-Z0-9]{10}/[A-Za-z0-9]{24}$`),
	"OPENAI_API_KEY":        regexp.MustCompile(`^sk-(proj-[A-Za-z0-9_-]{74}|[A-Za-z0-9]{20})T3BlbkFJ[A-Za-z0-9_-]{20,74}$`),
	"ANTHROPIC_API_KEY":     regexp.MustCompile(`^sk-ant-api03-[A-Za-z0-9_-]{93}AA$`),
	"GOOGLE_API_KEY":        regexp.MustCompile(`^AIza[A-Za-z0-9_-]{35}$`),
	"HUGGINGFACE_TOKEN":     regexp.MustCompile(`^hf_[A-Za-z]{34}$`),
	"NPM_TOKEN":             regexp.MustCompile(`^npm_[A-Za-z0-9]{36}$`),
	"SENDGRID_API_KEY":      regexp.MustCompile(`^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$`),
	"GITLAB_TOKEN":          regexp.MustCompile(`^glpat-[A-Za-z0-9_-]{20}$`),
}

// TestPlantedValuesAreValid checks every label against an independent
// implementation of its type's rules: the corpus must be right even
// where the detectors are wrong.
func TestPlantedValuesAreValid(t *testing.T) {
	docs := Generate(Config{Seed: 3, Size: 1 << 20, Kind: Dense})
	seen := map[string]int{}
	for _, d := range docs {
		for _, l := range d.Labels {
			v := d.Text[l.Start:l.End]
			seen[l.Type]++
			ok := true
			switch l.Type {
			case "CREDIT_CARD":
				ok = luhnOK(v) && len(strings.NewReplacer(" ", "", "-", "").Replace(v)) >= 15
			case "IBAN_CODE":
				ok = mod97OK(v)
			case "PHONE_NUMBER":
				num, err := phonenumbers.Parse(v, "US")
				ok = err == nil && phonenumbers.IsValidNumber(num)
			case "IP_ADDRESS":
				a, err := netip.ParseAddr(v)
				ok = err == nil && !a.IsPrivate() && !a.IsLoopback()
			case "JWT":
				parts := strings.Split(v, ".")
				var hdr struct{ Alg string }
				raw, err := base64.RawURLEncoding.DecodeString(parts[0])
				ok = len(parts) == 3 && err == nil && json.Unmarshal(raw, &hdr) == nil && hdr.Alg == "HS256"
			case "PRIVATE_KEY":
				ok = validPEM(strings.ReplaceAll(v, "\n    ", "\n"))
			case "GITHUB_TOKEN":
				if strings.HasPrefix(v, "gh") && len(v) == 40 {
					ok = githubChecksum(v[4:34]) == v[34:]
				}
				ok = ok && shapes[l.Type].MatchString(v)
			case "DATABASE_CONNECTION_STRING", "URL_CREDENTIALS":
				before := d.Text[max(0, l.Start-40):l.Start]
				ok = strings.Contains(before, "://") && d.Text[l.End] == '@' && strings.ContainsAny(v, "0123456789")
			case "MAC_ADDRESS":
				ok = regexp.MustCompile(`^([0-9a-f]{2}:){5}[0-9a-f]{2}$`).MatchString(v)
			case "UK_NHS":
				ok = nhsOK(strings.ReplaceAll(v, " ", ""))
			case "ES_NIF":
				n, err := strconv.Atoi(v[:8])
				ok = err == nil && len(v) == 9 && v[8] == "TRWAGMYFPDXBNJZSQVHLCKE"[n%23]
			case "PL_PESEL":
				ok = peselOK(v)
			case "IN_AADHAAR":
				ok = verhoeffOK(strings.ReplaceAll(v, " ", ""))
			case "CRYPTO":
				ok = bech32OK(v)
			case "GENERIC_SECRET":
				ok = len(v) >= 15 && strings.ContainsAny(v, "0123456789")
			default:
				re, known := shapes[l.Type]
				if !known {
					t.Errorf("%s: no check for type %s", d.ID, l.Type)
					continue
				}
				ok = re.MatchString(v)
			}
			if !ok {
				t.Errorf("%s: invalid %s at %d-%d: %q", d.ID, l.Type, l.Start, l.End, v)
			}
		}
	}
	if len(seen) < 20 {
		t.Errorf("only %d entity types planted: %v", len(seen), seen)
	}
}

func validPEM(v string) bool {
	b, rest := pem.Decode([]byte(v))
	if b == nil || len(bytes.TrimSpace(rest)) != 0 {
		return false
	}
	switch b.Type {
	case "PRIVATE KEY":
		_, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		return err == nil
	case "EC PRIVATE KEY":
		_, err := x509.ParseECPrivateKey(b.Bytes)
		return err == nil
	case "OPENSSH PRIVATE KEY":
		return bytes.HasPrefix(b.Bytes, []byte("openssh-key-v1\x00"))
	}
	return false
}

func TestJSONLRoundTrip(t *testing.T) {
	docs := Generate(Config{Seed: 2, Size: 32 << 10, Kind: Dense})
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, docs); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("\n")); n != len(docs) {
		t.Fatalf("%d lines for %d docs", n, len(docs))
	}
	got, err := ReadJSONL(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, docs) {
		t.Fatal("round trip changed the corpus")
	}
}

func TestReadJSONLErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"not json", "{\"id\":\"a\",\"text\":\"x\"}\nnot json\n", "line 2: not a JSON object"},
		{"label past end", "{\"id\":\"a\",\"text\":\"abc\",\"labels\":[{\"type\":\"X\",\"start\":1,\"end\":9}]}\n", "line 1: label X [1,9) is outside"},
		{"empty label", "\n{\"id\":\"a\",\"text\":\"abc\",\"labels\":[{\"type\":\"X\",\"start\":2,\"end\":2}]}\n", "line 2:"},
		{"wrong type", "{\"id\":\"a\",\"text\":5}\n", "wrong type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadJSONL(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrCorpus) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "abc") {
				t.Fatal("error quotes the text")
			}
		})
	}
	docs, err := ReadJSONL(strings.NewReader("{\"text\":\"hello\"}\n\n"))
	if err != nil || len(docs) != 1 || docs[0].ID != "line-1" {
		t.Fatalf("%v %+v", err, docs)
	}
}

func TestSliceKeepsLabels(t *testing.T) {
	docs := Generate(Config{Seed: 1, Size: 128 << 10, Kind: Dense})
	value := map[string]bool{}
	for _, d := range docs {
		for _, l := range d.Labels {
			value[l.Type+"\x00"+d.Text[l.Start:l.End]] = true
		}
	}
	for _, size := range []int{256, 4 << 10, 64 << 10, 1 << 20} {
		msgs := Slice(docs, size, 50)
		if len(msgs) != 50 {
			t.Fatalf("size %d: %d messages", size, len(msgs))
		}
		labels := 0
		for _, m := range msgs {
			if len(m.Text) > size || len(m.Text) < size-4 {
				t.Fatalf("size %d: message of %d bytes", size, len(m.Text))
			}
			for _, l := range m.Labels {
				labels++
				if !value[l.Type+"\x00"+m.Text[l.Start:l.End]] {
					t.Fatalf("size %d: label %s does not point at a planted value", size, l.Type)
				}
			}
		}
		if labels == 0 && size < 1<<20 {
			t.Errorf("size %d: no labels survived", size)
		}
	}
	if got := Text(docs, 1000); len(got) > 1000 || len(got) < 996 {
		t.Fatalf("Text: %d bytes", len(got))
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int{"1MiB": 1 << 20, "256KiB": 256 << 10, "16MB": 16e6, "4k": 4096, "1000": 1000, "1.5MiB": 3 << 19, "64 KiB": 64 << 10} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "0", "-1MiB", "lots", "1TiB"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
	if FormatSize(64<<10) != "64KiB" || FormatSize(1<<20) != "1MiB" || FormatSize(300) != "300B" {
		t.Error("FormatSize")
	}
}

func nhsOK(d string) bool {
	if len(d) != 10 {
		return false
	}
	sum := 0
	for i := range 9 {
		sum += int(d[i]-'0') * (10 - i)
	}
	return (11-sum%11)%11 == int(d[9]-'0')
}

func peselOK(d string) bool {
	if len(d) != 11 {
		return false
	}
	sum := 0
	for i, w := range []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1} {
		sum += int(d[i]-'0') * w
	}
	month, _ := strconv.Atoi(d[2:4])
	return sum%10 == 0 && (month%20 >= 1 && month%20 <= 12)
}

// verhoeffOK runs the Verhoeff check over the whole number (check digit
// included): valid numbers end in state 0.
func verhoeffOK(d string) bool {
	c := 0
	for i := range len(d) {
		c = verD[c][verP[i%8][int(d[len(d)-1-i]-'0')]]
	}
	return len(d) == 12 && c == 0
}

func bech32OK(s string) bool {
	hrp, data, ok := strings.Cut(s, "1")
	if !ok || hrp != "bc" {
		return false
	}
	vals := []byte{hrp[0] >> 5, hrp[1] >> 5, 0, hrp[0] & 31, hrp[1] & 31}
	for i := range len(data) {
		j := strings.IndexByte(bech32Chars, data[i])
		if j < 0 {
			return false
		}
		vals = append(vals, byte(j))
	}
	return bech32Polymod(vals) == 1
}
