package bench

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// A plant is one sensitive value as it is written into a document: text
// is everything inserted (e.g. a whole connection string) and [lo, hi) is
// the part that is the sensitive value and gets the label.
type plant struct {
	typ    string
	text   string
	lo, hi int
}

func whole(typ, v string) plant { return plant{typ: typ, text: v, lo: 0, hi: len(v)} }

const (
	upper    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lowerABC = "abcdefghijklmnopqrstuvwxyz"
	digits   = "0123456789"
	alnum    = upper + lowerABC + digits
	hexLower = "0123456789abcdef"
	b32      = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b64url   = alnum + "-_"
	b64std   = alnum + "+/"
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randStr(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// ---- PII ----

var firstNames = []string{"maria", "james", "aiko", "lena", "omar", "priya", "lucas", "sofia", "chen", "fatima", "noah", "emma", "diego", "ingrid", "kwame", "olga", "ravi", "chloe", "mateo", "yuki"}
var lastNames = []string{"gonzalez", "smith", "tanaka", "schmidt", "haddad", "patel", "martin", "rossi", "wang", "ali", "johnson", "dubois", "fernandez", "larsen", "mensah", "ivanova", "kumar", "bernard", "silva", "sato"}
var mailDomains = []string{"gmail.com", "outlook.com", "proton.me", "acme-corp.com", "northwind.io", "globex.de", "initech.co.uk", "umbrella.fr", "hooli.xyz", "fastmail.fm", "contoso.org", "yahoo.co.jp"}

func email(r *rand.Rand) plant {
	f, l := pick(r, firstNames), pick(r, lastNames)
	var local string
	switch r.IntN(4) {
	case 0:
		local = f + "." + l
	case 1:
		local = f[:1] + l
	case 2:
		local = f + strconv.Itoa(r.IntN(99)+1)
	default:
		local = f + "." + l + "+" + pick(r, []string{"news", "billing", "dev"})
	}
	return whole("EMAIL_ADDRESS", local+"@"+pick(r, mailDomains))
}

// luhnComplete appends the Luhn check digit to a digit string.
func luhnComplete(d string) string {
	sum := 0
	double := true // the check digit will be rightmost, so the last given digit doubles
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return d + strconv.Itoa((10-sum%10)%10)
}

func creditCard(r *rand.Rand) plant {
	var prefix string
	n := 16
	switch r.IntN(5) {
	case 0, 1:
		prefix = "4"
	case 2:
		prefix = strconv.Itoa(51 + r.IntN(5))
	case 3:
		prefix = pick(r, []string{"34", "37"})
		n = 15
	default:
		prefix = "6011"
	}
	for {
		d := luhnComplete(prefix + randStr(r, digits, n-len(prefix)-1))
		if strings.Count(d, d[:1]) == len(d) {
			continue
		}
		var out string
		switch r.IntN(3) {
		case 0:
			out = d
		default:
			sep := pick(r, []string{" ", "-"})
			if n == 15 {
				out = d[:4] + sep + d[4:10] + sep + d[10:]
			} else {
				out = d[:4] + sep + d[4:8] + sep + d[8:12] + sep + d[12:]
			}
		}
		return whole("CREDIT_CARD", out)
	}
}

// ibanFormats: country, then the BBAN as a template of 'n' (digit) and
// 'a' (upper-case letter) and 'c' (either).
var ibanFormats = [][2]string{
	{"DE", "nnnnnnnnnnnnnnnnnn"},
	{"GB", "aaaannnnnnnnnnnnnn"},
	{"FR", "nnnnnnnnnnccccccccccann"},
	{"ES", "nnnnnnnnnnnnnnnnnnnn"},
	{"NL", "aaaannnnnnnnnn"},
	{"IT", "annnnnnnnnncccccccccccc"},
	{"CH", "nnnnncccccccccccc"},
	{"AT", "nnnnnnnnnnnnnnnn"},
	{"BE", "nnnnnnnnnnnn"},
	{"PL", "nnnnnnnnnnnnnnnnnnnnnnnn"},
}

func ibanCheck(country, bban string) string {
	s := bban + country + "00"
	rem := 0
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			rem = (rem*100 + int(c-'A') + 10) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	return fmt.Sprintf("%02d", 98-rem)
}

func iban(r *rand.Rand) plant {
	f := pick(r, ibanFormats)
	b := make([]byte, len(f[1]))
	for i, c := range []byte(f[1]) {
		switch c {
		case 'n':
			b[i] = digits[r.IntN(10)]
		case 'a':
			b[i] = upper[r.IntN(26)]
		default:
			if r.IntN(3) == 0 {
				b[i] = upper[r.IntN(26)]
			} else {
				b[i] = digits[r.IntN(10)]
			}
		}
	}
	v := f[0] + ibanCheck(f[0], string(b)) + string(b)
	if r.IntN(2) == 0 {
		var g []string
		for i := 0; i < len(v); i += 4 {
			g = append(g, v[i:min(i+4, len(v))])
		}
		v = strings.Join(g, " ")
	}
	return whole("IBAN_CODE", v)
}

func ssn(r *rand.Rand) plant {
	area := 1 + r.IntN(899)
	if area == 666 {
		area = 667
	}
	v := fmt.Sprintf("%03d-%02d-%04d", area, 1+r.IntN(99), 1+r.IntN(9999))
	return whole("US_SSN", v)
}

var phoneRegions = []string{"US", "GB", "DE", "FR", "IN", "AU", "BR", "JP", "ES", "NL"}

// phone draws national numbers until libphonenumber says one is valid for
// its region, then formats it internationally or nationally.
func phone(r *rand.Rand) plant {
	region := pick(r, phoneRegions)
	cc := phonenumbers.GetCountryCodeForRegion(region)
	ex := phonenumbers.GetExampleNumberForType(region, pick(r, []phonenumbers.PhoneNumberType{phonenumbers.MOBILE, phonenumbers.FIXED_LINE}))
	n := 10
	if ex != nil {
		n = len(strconv.FormatUint(ex.GetNationalNumber(), 10))
	}
	for range 10000 {
		nat := randStr(r, "123456789", 1) + randStr(r, digits, n-1)
		num, err := phonenumbers.Parse("+"+strconv.Itoa(cc)+nat, region)
		if err != nil || !phonenumbers.IsValidNumberForRegion(num, region) {
			continue
		}
		format := phonenumbers.INTERNATIONAL
		if region == "US" && r.IntN(2) == 0 {
			format = phonenumbers.NATIONAL
		}
		return whole("PHONE_NUMBER", phonenumbers.Format(num, format))
	}
	return whole("PHONE_NUMBER", "+1 415-555-0132")
}

func ipv4(r *rand.Rand) plant {
	for {
		a := 1 + r.IntN(223)
		if a == 10 || a == 127 || a == 100 || a == 169 || a == 172 || a == 192 {
			continue
		}
		return whole("IP_ADDRESS", fmt.Sprintf("%d.%d.%d.%d", a, r.IntN(256), r.IntN(256), 1+r.IntN(254)))
	}
}

func ipv6(r *rand.Rand) plant {
	g := []string{pick(r, []string{"2a02", "2a01", "2001", "2600", "2c0f", "2406"})}
	g = append(g, strconv.FormatUint(uint64(r.IntN(0xffff)+1), 16), strconv.FormatUint(uint64(r.IntN(0xffff)+1), 16))
	if r.IntN(2) == 0 {
		for range 5 {
			g = append(g, strconv.FormatUint(uint64(r.IntN(0x10000)), 16))
		}
		return whole("IP_ADDRESS", strings.Join(g, ":"))
	}
	tail := []string{strconv.FormatUint(uint64(r.IntN(0xffff)+1), 16), strconv.FormatUint(uint64(r.IntN(0xffff)+1), 16)}
	return whole("IP_ADDRESS", strings.Join(g, ":")+"::"+strings.Join(tail, ":"))
}

// password draws a high-entropy password of the kind people paste.
func password(r *rand.Rand) string {
	for {
		p := randStr(r, alnum, 10+r.IntN(10))
		if strings.ContainsAny(p, digits) && strings.ContainsAny(p, upper) && strings.ContainsAny(p, lowerABC) {
			return p
		}
	}
}

var hosts = []string{"db.internal", "pg-primary.prod.svc", "pg-replica.internal", "orders-db", "mongo-0.mongo", "cache.internal", "mq.internal", "sql01.corp.local"}

func dbConn(r *rand.Rand) plant {
	type scheme struct{ name, port, path string }
	s := pick(r, []scheme{{"postgres", "5432", "/orders"}, {"postgresql", "5432", "/billing?sslmode=require"}, {"mysql", "3306", "/shop"}, {"mongodb", "27017", "/app?authSource=admin"}, {"redis", "6379", "/0"}, {"amqp", "5672", "/vhost"}})
	user := pick(r, []string{"app", "svc_orders", "admin", "reporting", "deploy"})
	pw := password(r)
	pre := s.name + "://" + user + ":"
	return plant{typ: "DATABASE_CONNECTION_STRING", text: pre + pw + "@" + pick(r, hosts) + ":" + s.port + s.path, lo: len(pre), hi: len(pre) + len(pw)}
}

func urlCreds(r *rand.Rand) plant {
	user := pick(r, []string{"deploy", "ci-bot", "jenkins", "svc", "build"})
	pw := password(r)
	pre := "https://" + user + ":"
	host := pick(r, []string{"git.acme-corp.com", "registry.northwind.io", "artifacts.globex.de", "proxy.initech.co.uk"})
	return plant{typ: "URL_CREDENTIALS", text: pre + pw + "@" + host + pick(r, []string{"/team/api.git", "/v2/", "/maven/releases", ":3128"}), lo: len(pre), hi: len(pre) + len(pw)}
}

// ---- secrets ----

func awsKeyID(r *rand.Rand) plant {
	return whole("AWS_ACCESS_KEY_ID", pick(r, []string{"AKIA", "AKIA", "ASIA"})+randStr(r, b32, 16))
}

func awsSecret(r *rand.Rand) plant { return whole("AWS_SECRET_ACCESS_KEY", randStr(r, b64std, 40)) }

const base62 = digits + upper + lowerABC

// githubChecksum is the base62 CRC32 GitHub appends to its tokens.
func githubChecksum(s string) string {
	c := crc32.ChecksumIEEE([]byte(s))
	out := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		out[i] = base62[c%62]
		c /= 62
	}
	return string(out)
}

func githubToken(r *rand.Rand) plant {
	if r.IntN(4) == 0 {
		return whole("GITHUB_TOKEN", "github_pat_11"+randStr(r, upper+digits, 20)+"_"+randStr(r, alnum, 59))
	}
	body := randStr(r, alnum, 30)
	return whole("GITHUB_TOKEN", pick(r, []string{"ghp_", "ghp_", "gho_", "ghs_"})+body+githubChecksum(body))
}

func gitlabToken(r *rand.Rand) plant {
	return whole("GITLAB_TOKEN", "glpat-"+randStr(r, alnum+"_-", 20))
}

func stripeKey(r *rand.Rand) plant {
	return whole("STRIPE_KEY", pick(r, []string{"sk_live_", "sk_test_", "rk_live_"})+"51"+randStr(r, alnum, 97))
}

func slackToken(r *rand.Rand) plant {
	return whole("SLACK_TOKEN", "xoxb-"+randStr(r, digits, 11)+"-"+randStr(r, digits, 13)+"-"+randStr(r, alnum, 24))
}

func slackWebhook(r *rand.Rand) plant {
	return whole("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T"+randStr(r, upper+digits, 8)+"/B"+randStr(r, upper+digits, 10)+"/"+randStr(r, alnum, 24))
}

func openAIKey(r *rand.Rand) plant {
	if r.IntN(3) == 0 {
		return whole("OPENAI_API_KEY", "sk-"+randStr(r, alnum, 20)+"T3BlbkFJ"+randStr(r, alnum, 20))
	}
	return whole("OPENAI_API_KEY", "sk-proj-"+randStr(r, b64url, 74)+"T3BlbkFJ"+randStr(r, b64url, 74))
}

func anthropicKey(r *rand.Rand) plant {
	return whole("ANTHROPIC_API_KEY", "sk-ant-api03-"+randStr(r, b64url, 93)+"AA")
}

func googleKey(r *rand.Rand) plant { return whole("GOOGLE_API_KEY", "AIza"+randStr(r, b64url, 35)) }

func hfToken(r *rand.Rand) plant {
	return whole("HUGGINGFACE_TOKEN", "hf_"+randStr(r, upper+lowerABC, 34))
}

func npmToken(r *rand.Rand) plant {
	body := randStr(r, alnum, 30)
	return whole("NPM_TOKEN", "npm_"+body+githubChecksum(body))
}

func sendgridKey(r *rand.Rand) plant {
	return whole("SENDGRID_API_KEY", "SG."+randStr(r, b64url, 22)+"."+randStr(r, b64url, 43))
}

// jwt builds a real HS256 token: JSON header and claims, HMAC signature.
func jwt(r *rand.Rand) plant {
	enc := base64.RawURLEncoding
	hdr := pick(r, []string{`{"alg":"HS256","typ":"JWT"}`, `{"typ":"JWT","alg":"HS256","kid":"` + randStr(r, hexLower, 8) + `"}`})
	claims := fmt.Sprintf(`{"sub":"%d","name":"%s %s","iat":%d,"exp":%d,"scope":"%s"}`,
		100000+r.IntN(900000), pick(r, firstNames), pick(r, lastNames), 1700000000+r.IntN(60000000), 1800000000+r.IntN(60000000), pick(r, []string{"read", "read write", "admin"}))
	signing := enc.EncodeToString([]byte(hdr)) + "." + enc.EncodeToString([]byte(claims))
	m := hmac.New(sha256.New, randBytes(r, 32))
	m.Write([]byte(signing))
	return whole("JWT", signing+"."+enc.EncodeToString(m.Sum(nil)))
}

func genericSecret(r *rand.Rand) string {
	return password(r) + randStr(r, "!#%&*+-=?^~", 1) + randStr(r, alnum, 4)
}

// privateKey builds a real PEM private key from seeded randomness: an
// Ed25519 PKCS#8 key, a P-256 SEC 1 key, or an OpenSSH Ed25519 key.
func privateKey(r *rand.Rand) plant {
	seed := randBytes(r, 32)
	var block *pem.Block
	switch r.IntN(3) {
	case 0:
		der, err := x509.MarshalPKCS8PrivateKey(ed25519.NewKeyFromSeed(seed))
		if err != nil {
			panic(err)
		}
		block = &pem.Block{Type: "PRIVATE KEY", Bytes: der}
	case 1:
		seed[0] &= 0x7f // below the P-256 order
		k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), seed)
		if err != nil {
			panic(err)
		}
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			panic(err)
		}
		block = &pem.Block{Type: "EC PRIVATE KEY", Bytes: der}
	default:
		block = &pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: opensshEd25519(r, ed25519.NewKeyFromSeed(seed))}
	}
	v := strings.TrimSuffix(string(pem.EncodeToMemory(block)), "\n")
	return whole("PRIVATE_KEY", v)
}

// opensshEd25519 encodes an unencrypted key in the openssh-key-v1 format.
func opensshEd25519(r *rand.Rand, k ed25519.PrivateKey) []byte {
	str := func(b []byte, s []byte) []byte {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		return append(b, s...)
	}
	pub := k.Public().(ed25519.PublicKey)
	var pubBlob []byte
	pubBlob = str(pubBlob, []byte("ssh-ed25519"))
	pubBlob = str(pubBlob, pub)
	check := uint32(r.Uint64())
	var priv []byte
	priv = binary.BigEndian.AppendUint32(priv, check)
	priv = binary.BigEndian.AppendUint32(priv, check)
	priv = str(priv, []byte("ssh-ed25519"))
	priv = str(priv, pub)
	priv = str(priv, k)
	priv = str(priv, []byte(pick(r, firstNames)+"@laptop"))
	for i := byte(1); len(priv)%8 != 0; i++ {
		priv = append(priv, i)
	}
	out := []byte("openssh-key-v1\x00")
	out = str(out, []byte("none"))
	out = str(out, []byte("none"))
	out = str(out, nil)
	out = binary.BigEndian.AppendUint32(out, 1)
	out = str(out, pubBlob)
	out = str(out, priv)
	return out
}

// ---- national ids and others ----

func macAddress(r *rand.Rand) plant {
	b := randBytes(r, 6)
	b[0] &^= 1 // unicast
	parts := make([]string, 6)
	for i, c := range b {
		parts[i] = fmt.Sprintf("%02x", c)
	}
	return whole("MAC_ADDRESS", strings.Join(parts, ":"))
}

// ukNHS draws a 10-digit NHS number with its mod-11 check digit.
func ukNHS(r *rand.Rand) plant {
	for {
		d := randStr(r, "123456789", 1) + randStr(r, digits, 8)
		sum := 0
		for i := range 9 {
			sum += int(d[i]-'0') * (10 - i)
		}
		check := 11 - sum%11
		if check == 11 {
			check = 0
		}
		if check == 10 {
			continue
		}
		v := d + strconv.Itoa(check)
		return whole("UK_NHS", v[:3]+" "+v[3:6]+" "+v[6:])
	}
}

// esNIF is a Spanish DNI/NIF: eight digits and the mod-23 letter.
func esNIF(r *rand.Rand) plant {
	n := 10000000 + r.IntN(89999999)
	return whole("ES_NIF", strconv.Itoa(n)+string("TRWAGMYFPDXBNJZSQVHLCKE"[n%23]))
}

// plPESEL encodes a birth date (1950-2009) and a weighted check digit.
func plPESEL(r *rand.Rand) plant {
	year := 1950 + r.IntN(60)
	month := 1 + r.IntN(12)
	if year >= 2000 {
		month += 20
	}
	d := fmt.Sprintf("%02d%02d%02d%04d", year%100, month, 1+r.IntN(28), r.IntN(10000))
	w := []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}
	sum := 0
	for i := range 10 {
		sum += int(d[i]-'0') * w[i]
	}
	return whole("PL_PESEL", d+strconv.Itoa((10-sum%10)%10))
}

// Verhoeff tables, for Aadhaar check digits.
var (
	verD   = [10][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1}, {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}}
	verP   = [8][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1}, {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}}
	verInv = [10]int{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}
)

func verhoeffCheck(d string) int {
	c := 0
	for i := range len(d) {
		c = verD[c][verP[(i+1)%8][int(d[len(d)-1-i]-'0')]]
	}
	return verInv[c]
}

func inAadhaar(r *rand.Rand) plant {
	d := randStr(r, "23456789", 1) + randStr(r, digits, 10)
	v := d + strconv.Itoa(verhoeffCheck(d))
	return whole("IN_AADHAAR", v[:4]+" "+v[4:8]+" "+v[8:])
}

const bech32Chars = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range 5 {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// bitcoinBech32 is a P2WPKH address: witness version 0, a 20-byte
// program, bech32 checksum (BIP 173).
func bitcoinBech32(r *rand.Rand) plant {
	prog := randBytes(r, 20)
	data := []byte{0}
	acc, bits := uint32(0), 0
	for _, b := range prog {
		acc = acc<<8 | uint32(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			data = append(data, byte(acc>>bits)&31)
		}
	}
	if bits > 0 {
		data = append(data, byte(acc<<(5-bits))&31)
	}
	hrp := "bc"
	var exp []byte
	for i := range len(hrp) {
		exp = append(exp, hrp[i]>>5)
	}
	exp = append(exp, 0)
	for i := range len(hrp) {
		exp = append(exp, hrp[i]&31)
	}
	pm := bech32Polymod(append(append(exp, data...), 0, 0, 0, 0, 0, 0)) ^ 1
	var b strings.Builder
	b.WriteString(hrp + "1")
	for _, v := range data {
		b.WriteByte(bech32Chars[v])
	}
	for i := range 6 {
		b.WriteByte(bech32Chars[(pm>>(5*(5-i)))&31])
	}
	return whole("CRYPTO", b.String())
}
