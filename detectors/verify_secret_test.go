package detectors

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestCRC32Base62(t *testing.T) {
	for _, prefix := range []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"} {
		good := crcToken(prefix, "t-"+prefix, 30)
		if got := CRC32Base62([]byte(good), Options{}); got != Verified {
			t.Errorf("%s: valid checksum judged %v", good, got)
		}
		// Change one body character: the checksum no longer matches.
		bad := []byte(good)
		bad[10] ^= 1
		if got := CRC32Base62(bad, Options{}); got != Weak {
			t.Errorf("%s: bad checksum judged %v, want Weak", bad, got)
		}
	}
	if got := CRC32Base62([]byte("ghp_short"), Options{}); got != Weak {
		t.Errorf("short token judged %v", got)
	}
}

func TestCRC32Hex(t *testing.T) {
	good := fakeGrafanaSA("t1")
	if got := CRC32Hex([]byte(good), Options{}); got != Verified {
		t.Errorf("valid grafana token judged %v", got)
	}
	bad := good[:len(good)-1] + "x"
	if got := CRC32Hex([]byte(bad), Options{}); got != Weak {
		t.Errorf("bad grafana token judged %v", got)
	}
}

func TestPEMKey(t *testing.T) {
	for _, label := range []string{"RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY", "PGP PRIVATE KEY BLOCK"} {
		pem := fakePEM(label, "t-"+label)
		if got := PEMKey([]byte(pem), Options{}); got != Verified {
			t.Errorf("%s: judged %v", label, got)
		}
		escaped := strings.ReplaceAll(pem, "\n", `\n`)
		if got := PEMKey([]byte(escaped), Options{}); got != Verified {
			t.Errorf("%s with \\n escapes: judged %v", label, got)
		}
	}
	weak := []string{
		"-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all!!\n-----END RSA PRIVATE KEY-----",
		"-----BEGIN RSA PRIVATE KEY-----\n" + base64.StdEncoding.EncodeToString([]byte("just some bytes, not DER")) + "\n-----END RSA PRIVATE KEY-----",
		"-----BEGIN OPENSSH PRIVATE KEY-----\n" + base64.StdEncoding.EncodeToString([]byte("not the openssh magic")) + "\n-----END OPENSSH PRIVATE KEY-----",
	}
	for _, w := range weak {
		if got := PEMKey([]byte(w), Options{}); got != Weak {
			t.Errorf("judged %v, want Weak: %q", got, w)
		}
	}
}

func TestBase64PEM(t *testing.T) {
	key := base64.StdEncoding.EncodeToString([]byte(fakePEM("RSA PRIVATE KEY", "b1")))
	if got := Base64PEM([]byte(key), Options{}); got != Verified {
		t.Errorf("base64 key judged %v", got)
	}
	cert := base64.StdEncoding.EncodeToString([]byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))
	if got := Base64PEM([]byte(cert), Options{}); got != Reject {
		t.Errorf("base64 certificate judged %v, want Reject", got)
	}
}

func TestDecodeJWT(t *testing.T) {
	tok := fakeJWT(`{"alg":"RS256","typ":"JWT"}`, `{"iss":"https://id.acme.io","exp":1767225600}`, "j1")
	info, err := DecodeJWT([]byte(tok))
	if err != nil {
		t.Fatal(err)
	}
	if info.Alg != "RS256" || info.Typ != "JWT" || info.Issuer != "https://id.acme.io" {
		t.Errorf("info = %+v", info)
	}
	if want := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); !info.Expires.Equal(want) {
		t.Errorf("exp = %v, want %v", info.Expires, want)
	}
	if !info.Expired(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) || info.Expired(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Expired is wrong")
	}
	for name, bad := range map[string]string{
		"no alg":         fakeJWT(`{"typ":"JWT"}`, `{"sub":"1"}`, "j2"),
		"payload array":  fakeJWT(`{"alg":"HS256"}`, `[1,2]`, "j3"),
		"exp not number": fakeJWT(`{"alg":"HS256"}`, `{"exp":"tomorrow"}`, "j4"),
		"two parts":      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0",
		"not base64":     "eyJ!!!.eyJ???.sig",
	} {
		if _, err := DecodeJWT([]byte(bad)); err == nil {
			t.Errorf("%s: no error", name)
		}
		if got := JWTClaims([]byte(bad), Options{}); got != Weak {
			t.Errorf("%s: judged %v, want Weak", name, got)
		}
	}
}

func TestKubernetesToken(t *testing.T) {
	for _, p := range []string{k8sPayload, k8sBoundPayload} {
		if got := KubernetesToken([]byte(fakeJWT(`{"alg":"RS256"}`, p, "k")), Options{}); got != Verified {
			t.Errorf("k8s token judged %v", got)
		}
	}
	if got := KubernetesToken([]byte(fakeJWT(`{"alg":"RS256"}`, `{"iss":"https://accounts.google.com"}`, "k")), Options{}); got != Reject {
		t.Errorf("non-k8s JWT judged %v, want Reject", got)
	}
}

func TestBech32(t *testing.T) {
	key := fakeAgeKey("b32")
	if got := Bech32([]byte(key), Options{}); got != Verified {
		t.Errorf("%s judged %v", key, got)
	}
	bad := []byte(key)
	if bad[20] == 'Q' {
		bad[20] = 'P'
	} else {
		bad[20] = 'Q'
	}
	if got := Bech32(bad, Options{}); got != Weak {
		t.Errorf("corrupted key judged %v", got)
	}
	// BIP-173 test vector.
	if got := Bech32([]byte("A12UEL5L"), Options{}); got != Verified {
		t.Errorf("BIP-173 vector judged %v", got)
	}
}

func TestStructuralValidators(t *testing.T) {
	key64 := base64.StdEncoding.EncodeToString([]byte(fake("k64", aAlnum, 64)))
	cases := []struct {
		name string
		fn   Validator
		in   string
		want Verdict
	}{
		{"azure key 64 bytes", Base64Key64, key64, Verified},
		{"azure key 63 bytes", Base64Key64, base64.StdEncoding.EncodeToString([]byte(fake("k63", aAlnum, 63))), Weak},
		{"pypi macaroon", Macaroon, "pypi-" + fakeMacaroon("pypi.org", "m1"), Verified},
		{"pypi garbage", Macaroon, "pypi-AgEIcHlwaS5vcmc!!!", Weak},
		{"basic auth", BasicAuth, base64.StdEncoding.EncodeToString([]byte("svc:" + fake("ba", aAlnum, 16))), Verified},
		{"basic auth placeholder", BasicAuth, base64.StdEncoding.EncodeToString([]byte("user:password")), Reject},
		{"basic auth no colon", BasicAuth, base64.StdEncoding.EncodeToString([]byte("no-colon-here")), Reject},
		{"basic auth binary", BasicAuth, base64.StdEncoding.EncodeToString([]byte{1, 2, ':', 3}), Reject},
		{"discord bot", DiscordBotToken, fakeDiscordBot("d1"), Verified},
		{"discord bot letters", DiscordBotToken, "MTIzNDU2Nzg5MGFiY2RlZmdo.AbCdEf." + fake("d2", aB64URL, 38), Weak},
		{"base64 json glc", Base64JSON, "glc_" + fakeJSON64(`{"o":"1","k":"x"}`, false), Verified},
		{"base64 json mapbox", Base64JSON, "sk." + fakeJSON64(`{"u":"a"}`, true) + "." + fake("mb", aB64URL, 22), Verified},
		{"base64 not json", Base64JSON, "glc_" + fakeJSON64("plain text", false), Weak},
	}
	for _, c := range cases {
		if got := c.fn([]byte(c.in), Options{}); got != c.want {
			t.Errorf("%s: judged %v, want %v", c.name, got, c.want)
		}
	}
}

func TestGenericSecret(t *testing.T) {
	for _, v := range []string{"base64.b16encode", "ed25519.Ed25519PrivateKey.from_private_bytes", "-0x3f879678", "1234567890", "userAuthGSSAPITokenReq", "changeme123", "${SECRET}", "req.headers.authorization?.split"} {
		if GenericSecret([]byte(v), Options{}) != Reject {
			t.Errorf("%q should be rejected", v)
		}
	}
	for _, v := range []string{"Xk4r9TzQ2mWv7Lp", "q8Vf3kR2pL9xW0mZ", "s3cr3t.V4lue!x", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"} {
		if GenericSecret([]byte(v), Options{}) != Plausible {
			t.Errorf("%q should be plausible", v)
		}
	}
}

func TestLooksLikeName(t *testing.T) {
	names := []string{"standard_b64encode", "oauth2-proxy-v2", "api.acme.io", "s3-bucket-prod", "v1.2.3", "my_app_secret", "Prod-Cluster-01", "/etc/ssl/private/key.pem", "redis:6379"}
	secrets := []string{"Xk4r9TzQ2mWv7Lp", "q8Vf3kR2pL9xW0mZ", "9f8e7d6c5b4a3928", "aB3-dE5_fG7", "hunter2isnotsafe!", "tr0ub4dor&3"}
	for _, n := range names {
		if !LooksLikeName([]byte(n)) {
			t.Errorf("%q should read as a name", n)
		}
	}
	for _, s := range secrets {
		if LooksLikeName([]byte(s)) {
			t.Errorf("%q should not read as a name", s)
		}
	}
}
