package detectors

func infraRules() []Rule { return nil }
func keyRules() []Rule   { return nil }

func genericRules() []Rule {
	return []Rule{
		{
			ID: "private-key-pem", Type: "PRIVATE_KEY", Category: Secret,
			Description: "PEM private key block (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP), also inside JSON strings with \\n escapes",
			Keywords:    []string{"-----begin"},
			Pattern:     `-----BEGIN[A-Z ]{0,20} PRIVATE KEY(?: BLOCK)?-----(?:\\[rn]|[\r\n\t ]|[A-Za-z0-9+/=:,.\-])+?-----END[A-Z ]{0,20} PRIVATE KEY(?: BLOCK)?-----`,
			Score:       0.95, MaxLen: 16384,
			TP: []string{"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9kQ2LmZ7vT3wR8pN1bC6hF5jG0sYe2Ua8Dk3Jf7Hq1Lz5Xc\n9Vb2Nm6Qw4Er8Ty0Ui2Op4As6Df8Gh0Jk2Lz4Xc6Vb8Nm0Qw2Er4Ty6Ui8Op0As2\n-----END RSA PRIVATE KEY-----", `"private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDH2RDYtlnu9PdB\n-----END PRIVATE KEY-----\n"`},
			FP: []string{"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx9kQ2LmZ7vT3wR8pN1bC\n-----END PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----"},
		},
		{
			ID: "private-key-pem-truncated", Type: "PRIVATE_KEY", Category: Secret,
			Description: "PEM private key header followed by key material but no END line (truncated or elided keys)",
			Keywords:    []string{"-----begin"},
			Pattern:     `-----BEGIN[A-Z ]{0,20} PRIVATE KEY(?: BLOCK)?-----(?:\\[rn]|[\r\n\t ])+(?:[A-Za-z0-9+/=:,.\-]|\\[rn]|[\r\n\t ]){64,1000}`,
			Score:       0.85, MaxLen: 1100,
			TP: []string{"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBq7Jc...", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB8gQ2LmZ7vT3wR8pN1bC6hF5jG0sYe2Ua8Dk3Jf7Hq1oAoGCCqGSM49AwEHoUQDQgAE"},
			FP: []string{"-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY----- header only"},
		},
		{
			ID: "jwt", Type: "JWT", Category: Secret,
			Description: "JSON Web Token (three base64url parts, JSON header with alg)",
			Keywords:    []string{"eyj"},
			Pattern:     `\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})`, Group: 1,
			Validate: JWT, Verification: "jwt", Score: 0.85, MaxLen: 4096,
			TP: []string{"Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSIsImlhdCI6MTUxNjIzOTAyMn0.qL7x2Zr9Tv4Wn7Kp3Bc6Fh1Jd5Sg0Ya2Ue8RkQ4wT7", "token=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhY21lIn0.c2lnbmF0dXJlLWJ5dGVz"},
			FP: []string{"eyJ is how base64 JSON starts", "eyJhbGci.eyJzdWIi"},
		},
		{
			ID: "url-credentials", Type: "URL_CREDENTIALS", Category: Secret,
			Description: "password in the userinfo of any URL (https://user:pass@host)",
			Keywords:    []string{"://"},
			Pattern:     `(?i)\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@'"]+:([^\s@'"/]{3,128})@[A-Za-z0-9.-]+`, Group: 1,
			Validate: NotPlaceholder, Score: 0.8, MaxLen: 300,
			TP: []string{"git clone https://deploy:gH7kL2pQ9xZ4@git.example.org/team/repo.git", "proxy = http://svc:Zr7Kp2wXq9@proxy.corp:3128"},
			FP: []string{"https://user:password@example.com", "https://docs.example.com/a:b@c"},
		},
		{
			ID: "generic-secret-assignment", Type: "GENERIC_SECRET", Category: Secret,
			Description: "password, secret, token or API key assigned a literal value in code, config, .env, JSON or YAML",
			Keywords:    []string{"password", "passwd", "pwd", "secret", "api_key", "api-key", "apikey", "token", "access_key", "private_key", "auth"},
			Pattern:     `(?i)(?:password|passwd|pwd|secret|secret[_-]?key|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|token|private[_-]?key|auth)["']?\s*(?:=|:=|=>|:|\s+is\s+)\s*["'\x60]?([^\s"'\x60<>;,()\[\]{}]{8,128})`, Group: 1,
			Validate: NotPlaceholder, MinEntropy: 3.0, Score: 0.7, MaxLen: 200,
			TP: []string{`DB_PASSWORD="Xk4r9TzQ2mWv7Lp"`, "api_key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "export SECRET_KEY=q8Vf3kR2pL9xW0mZ"},
			FP: []string{"password = changeme", `api_key: "<your-api-key>"`, "SECRET_KEY=${SECRET_KEY}", "token = os.getenv(\"TOKEN\")", "password: xxxxxxxxxxxx"},
		},
	}
}
