package detectors

import (
	"encoding/base64"
	"regexp"
	"strings"
)

// pemBodyRE is what may appear between PEM armor lines: base64, RFC 1421
// headers (Proc-Type, DEK-Info), OpenPGP armor headers, and line breaks —
// real ones or the \n escapes of a key pasted into a JSON string.
const pemBodyRE = `(?:\\[rn]|[\r\n\t ]|[A-Za-z0-9+/=:,.\-])+?`

// pemRule finds one PEM private-key label and verifies that its body
// decodes (PEMKey).
func pemRule(id, label, what string) Rule {
	q := regexp.QuoteMeta(label)
	seed := id
	tp2 := strings.ReplaceAll(fakePEM(label, seed+"j"), "\n", `\n`)
	return Rule{
		ID: id, Type: "PRIVATE_KEY", Category: Secret,
		Description: what + " private key in PEM armor (also inside JSON strings); verified when the body decodes",
		Keywords:    []string{strings.ToLower("-----BEGIN " + label)},
		Pattern:     `-----BEGIN ` + q + `-----` + pemBodyRE + `-----END ` + q + `-----`,
		Validate:    PEMKey, Verification: "pem",
		Score: 0.95, MaxLen: 16384,
		TP: []string{"«" + fakePEM(label, seed) + "»", `{"private_key": "«` + tp2 + `»\n"}`},
		FP: []string{"-----BEGIN " + label + "-----\n...\n", "the file starts with -----BEGIN " + label + "----- and ends with the END line"},
	}
}

// Private keys in every common encoding, and JSON Web Tokens.
func keyRules() []Rule {
	rsa := pemRule("private-key-rsa", "RSA PRIVATE KEY", "PKCS#1 RSA")
	rsa.TP = append(rsa.TP, "«-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9kQ2LmZ7vT3wR8pN1bC6hF5jG0sYe2Ua8Dk3Jf7Hq1Lz5Xc\n9Vb2Nm6Qw4Er8Ty0Ui2Op4As6Df8Gh0Jk2Lz4Xc6Vb8Nm0Qw2Er4Ty6Ui8Op0As2\n-----END RSA PRIVATE KEY-----»")
	rsa.FP = append(rsa.FP, "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx9kQ2LmZ7vT3wR8pN1bC\n-----END PUBLIC KEY-----")
	enc := pemRule("private-key-rsa-encrypted", "RSA PRIVATE KEY", "legacy OpenSSL-encrypted RSA")
	enc.ID = "private-key-pem-encrypted-legacy"
	enc.Pattern = `-----BEGIN (?:RSA|EC|DSA) PRIVATE KEY-----(?:\\[rn]|[\r\n\t ])+Proc-Type: 4,ENCRYPTED` + pemBodyRE + `-----END (?:RSA|EC|DSA) PRIVATE KEY-----`
	// The keyword must start the match: the engine then looks back only a
	// few bytes from it, which keeps the streaming hold-back small.
	enc.Keywords = []string{"-----begin rsa private", "-----begin ec private", "-----begin dsa private"}
	enc.Description = "OpenSSL-encrypted (Proc-Type: 4,ENCRYPTED) RSA, EC or DSA private key; the passphrase protects it, but it is still key material"
	enc.TP = []string{"«" + strings.Replace(fakePEM("RSA PRIVATE KEY", "encl1"), "-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"+fake("encl2", aHEX, 32)+"\n\n", 1) + "»", "«" + strings.Replace(fakePEM("EC PRIVATE KEY", "encl3"), "-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,"+fake("encl4", aHEX, 32)+"\n\n", 1) + "»"}
	enc.FP = []string{"Proc-Type: 4,ENCRYPTED without a key", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"}
	enc.Score = 0.9

	return []Rule{
		rsa,
		pemRule("private-key-ec", "EC PRIVATE KEY", "SEC 1 elliptic-curve"),
		pemRule("private-key-dsa", "DSA PRIVATE KEY", "DSA"),
		pemRule("private-key-openssh", "OPENSSH PRIVATE KEY", "OpenSSH"),
		pemRule("private-key-pkcs8", "PRIVATE KEY", "PKCS#8"),
		pemRule("private-key-pkcs8-encrypted", "ENCRYPTED PRIVATE KEY", "encrypted PKCS#8"),
		pemRule("private-key-pgp", "PGP PRIVATE KEY BLOCK", "OpenPGP (armored)"),
		enc,
		{
			ID: "private-key-ssh2", Type: "PRIVATE_KEY", Category: Secret,
			Description: "SSH.com / Tectia (SSH2) private key",
			Keywords:    []string{"---- begin ssh2 encrypted"},
			Pattern:     `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----(?:\\[rn]|[\r\n\t ]|[A-Za-z0-9+/=:,.\-"])+?` + `---- END SSH2 ENCRYPTED PRIVATE KEY ----`,
			Score:       0.95, MaxLen: 16384,
			TP: []string{"«---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: \"rsa-key-20260101\"\nP2/56wAAA" + fake("ssh2a", aB64, 55) + "\n" + fake("ssh2b", aB64, 64) + "\n---- END SSH2 ENCRYPTED PRIVATE KEY ----»", "«---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\\nP2/56wAAA" + fake("ssh2c", aB64, 100) + "\\n---- END SSH2 ENCRYPTED PRIVATE KEY ----»"},
			FP: []string{"---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ\n---- END SSH2 PUBLIC KEY ----", "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ---- (header only)"},
		},
		{
			ID: "private-key-putty", Type: "PRIVATE_KEY", Category: Secret,
			Description: "PuTTY private key file (.ppk v2/v3)",
			Keywords:    []string{"putty-user-key-file-"},
			Pattern:     `PuTTY-User-Key-File-[23]: [a-z0-9@.-]{3,40}\r?\nEncryption: [a-z0-9-]{4,20}\r?\n(?:[A-Za-z-]{2,30}: [^\r\n]{0,200}\r?\n|[A-Za-z0-9+/=]+\r?\n)+?Private-Lines: \d{1,3}\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+Private-(?:MAC|Hash): [0-9a-f]{40,64}`,
			Score:       0.95, MaxLen: 16384,
			TP: []string{"«PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20260101\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAI" + fake("ppk1", aB64, 40) + "\n" + fake("ppk2", aB64, 20) + "\nPrivate-Lines: 1\nAAAAI" + fake("ppk3", aB64, 43) + "\nPrivate-MAC: " + fake("ppk4", aHex, 64) + "»", "«PuTTY-User-Key-File-2: ssh-rsa\r\nEncryption: aes256-cbc\r\nComment: imported-openssh-key\r\nPublic-Lines: 1\r\nAAAAB3NzaC1yc2EAAAADAQABAAAAgQ" + fake("ppk5", aB64, 40) + "\r\nPrivate-Lines: 2\r\n" + fake("ppk6", aB64, 64) + "\r\n" + fake("ppk7", aB64, 30) + "\r\nPrivate-MAC: " + fake("ppk8", aHex, 40) + "»"},
			FP: []string{"PuTTY-User-Key-File-3: ssh-ed25519 is the first line of a .ppk file", "PuTTYgen can save the key as a .ppk"},
		},
		{
			ID: "private-key-pem-truncated", Type: "PRIVATE_KEY", Category: Secret,
			Description: "PEM private key header followed by key material but no END line (truncated or elided keys)",
			Keywords:    []string{"-----begin"},
			Pattern:     `-----BEGIN[A-Z ]{0,20} PRIVATE KEY(?: BLOCK)?-----(?:\\[rn]|[\r\n\t ])+(?:[A-Za-z0-9+/=:,.\-]|\\[rn]|[\r\n\t ]){64,}`,
			Score:       0.85, MaxLen: 1100,
			TP: []string{"«-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBq7Jc...»", "«-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB8gQ2LmZ7vT3wR8pN1bC6hF5jG0sYe2Ua8Dk3Jf7Hq1oAoGCCqGSM49AwEHoUQDQgAE»"},
			FP: []string{"-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY----- header only"},
		},
		{
			ID: "private-key-base64-pem", Type: "PRIVATE_KEY", Category: Secret,
			Description: "base64-wrapped PEM private key (kubeconfig client-key-data, Helm values, CI variables); verified when it decodes to a key block",
			Keywords:    []string{"ls0tls1crudjti"},
			Pattern:     `\b(LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,}={0,2})`, Group: 1,
			Validate: Base64PEM, Verification: "pem",
			Score: 0.9, MaxLen: 16384,
			TP: []string{"    client-key-data: «" + base64.StdEncoding.EncodeToString([]byte(fakePEM("RSA PRIVATE KEY", "b64pem1"))) + "»", "TLS_KEY=«" + base64.StdEncoding.EncodeToString([]byte(fakePEM("EC PRIVATE KEY", "b64pem2"))) + "»"},
			FP: []string{"    client-certificate-data: " + base64.StdEncoding.EncodeToString([]byte("-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----\n")), "LS0tLS1CRUdJTi is base64 for -----BEGIN"},
		},
		{
			ID: "jwt", Type: "JWT", Category: Secret,
			Description: "JSON Web Token (three base64url parts); verified when header (with alg) and payload decode as JSON",
			Keywords:    []string{"eyj"},
			Pattern:     `\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})`, Group: 1,
			Validate: JWTClaims, Verification: "jwt", Score: 0.85, MaxLen: 4096,
			TP: []string{"Authorization: Bearer «eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSIsImlhdCI6MTUxNjIzOTAyMn0.qL7x2Zr9Tv4Wn7Kp3Bc6Fh1Jd5Sg0Ya2Ue8RkQ4wT7»", "token=«eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhY21lIn0.c2lnbmF0dXJlLWJ5dGVz»", "id_token: «" + fakeJWT(`{"alg":"ES256","kid":"2026-01"}`, `{"iss":"https://login.acme.io","aud":"web","exp":1767225600,"email":"ada@acme.io"}`, "jwt3") + "»"},
			FP: []string{"eyJ is how base64 JSON starts", "eyJhbGci.eyJzdWIi"},
		},
	}
}
