package detectors

// genericValue is what a literal secret value may contain after an
// assignment: no quotes, whitespace, brackets, separators of the
// surrounding syntax (; , & |) or template markers.
const genericValue = `[^\s"'\x60<>;,&|()\[\]{}\\]{8,128}`

// Generic secrets: credentials recognised by the name they are assigned
// to rather than by their format. Each is gated by entropy and by
// GenericSecret, which rejects placeholders, references and identifiers.
func genericRules() []Rule {
	return []Rule{
		{
			ID: "generic-secret-assignment", Type: "GENERIC_SECRET", Category: Secret,
			Description: "password, secret, token or API key assigned a literal value in code, config, .env, shell, JSON or YAML",
			// Every alternative of the pattern starts with one of these, so
			// the engine can anchor the search at the keyword.
			Keywords: []string{"password", "passwd", "pwd", "passphrase", "pass_phrase", "secret", "client_secret", "client-secret", "clientsecret", "api_key", "api-key", "apikey", "access_key", "access-key", "accesskey", "access_token", "access-token", "accesstoken", "auth_token", "auth-token", "authtoken", "refresh_token", "refresh-token", "refreshtoken", "token", "private_key", "private-key", "privatekey", "credential"},
			// (A bare "auth" is left out: it routes every "author" and
			// "authentication" here, and auth_token is caught by "token".)
			Pattern: `(?i)(?:password|passwd|pwd|pass_?phrase|secret|secret[_-]?key|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|token|private[_-]?key|credentials?)["']?\s{0,4}(?:=|:=|=>|:|\s+is\s+)\s{0,4}(?:[rbf]?["'\x60])?(` + genericValue + `)`, Group: 1,
			// The operator comes right after the keyword (a "_key" suffix,
			// a quote and spaces at most): skip the many bare "token"s.
			Follow: []string{"=", ":", " is "}, FollowWithin: 12,
			Validate: GenericSecret, MinEntropy: 3.0, Score: 0.6, MaxLen: 170,
			TP: []string{`DB_PASSWORD="«Xk4r9TzQ2mWv7Lp»"`, "api_key: «9f8e7d6c5b4a39281706f5e4d3c2b1a0»", "export SECRET_KEY=«q8Vf3kR2pL9xW0mZ»", `{"client_secret": "«` + fake("gen1", aB64URL, 32) + `»"}`, `password = r"«` + fake("gen2", aAlnum, 14) + `»"`},
			FP: []string{"password = changeme", `api_key: "<your-api-key>"`, "SECRET_KEY=${SECRET_KEY}", "token = os.getenv(\"TOKEN\")", "password: xxxxxxxxxxxx", "password: '****************'", "api_key = EXAMPLE_KEY_12345", "auth: oauth2-proxy-v2", "token: ${{ secrets.GITHUB_TOKEN }}", "secret: my-app-secret-v2", "password is stored in vault", "token = -0x3f879678", "token: userAuthGSSAPITokenReq"},
		},
		{
			ID: "generic-secret-cli-flag", Type: "GENERIC_SECRET", Category: Secret,
			Description: "password or token passed on a command line (--password=..., --token ..., mysql -p..., sshpass -p ..., curl -u user:pass)",
			Keywords:    []string{"--password", "--passwd", "--pass", "--token", "--api-key", "--apikey", "--secret", "--client-secret", "--auth-token", "mysql", "sshpass", "curl", "psql"},
			Pattern:     `(?:(?:--(?:password|passwd|pass|token|api-?key|secret|client-secret|auth-token|access-token))(?:=|\s+)|\bmysql(?:dump|admin)?\b[^\n|;]{0,80}?\s-p|\bsshpass\s+-p\s*|\bcurl\b[^\n|;]{0,200}?\s(?:-u|--user)\s+["']?[^\s:"']{1,64}:)["']?(` + genericValue + `)`, Group: 1,
			Validate: GenericSecret, MinEntropy: 3.0, Score: 0.62, MaxLen: 300,
			TP: []string{"mysql -u root -p«" + fake("cli1", aAlnum, 14) + "» orders", "vault login --token=«" + fake("cli2", aAlnum, 24) + "»", "curl -u admin:«" + fake("cli3", aAlnum, 16) + "» https://api.acme.io/v1/ping", "sshpass -p '«" + fake("cli4b", aAlnum, 12) + "»' ssh deploy@10.0.0.5", "docker login --password «" + fake("cli5", aAlnum, 20) + "» registry.acme.io"},
			FP: []string{"mysql -u root -p orders", "docker login --password-stdin", "--password=$DB_PASSWORD", "curl -u $USER:$PASS https://api", "gh auth login --token <token>"},
		},
		{
			ID: "generic-url-query-secret", Type: "GENERIC_SECRET", Category: Secret,
			Description: "API key, token, secret or password in a URL query string",
			Keywords:    []string{"key=", "token=", "secret=", "password=", "passwd=", "auth="},
			Pattern:     `(?i)[?&](?:api[_-]?key|apikey|key|access[_-]?token|auth[_-]?token|token|client[_-]?secret|secret|password|passwd|auth)=([A-Za-z0-9._~+/%-]{16,256})`, Group: 1,
			Validate: GenericSecret, MinEntropy: 3.5, Score: 0.6, MaxLen: 300,
			TP: []string{"GET https://api.acme.io/v2/data?format=json&api_key=«" + fake("q1", aAlnum, 32) + "»", "https://maps.acme.io/tiles?access_token=«" + fake("q2", aB64URL, 40) + "»&z=3"},
			FP: []string{"https://acme.io/reset?token={token}", "https://api.acme.io/v1?api_key=YOUR_API_KEY_HERE", "https://acme.io/page?key=value-of-the-setting"},
		},
		{
			ID: "generic-bearer-token", Type: "GENERIC_SECRET", Category: Secret,
			Description: "bearer token in an Authorization header",
			Keywords:    []string{"bearer"},
			Pattern:     `(?i)\bbearer\s+([A-Za-z0-9._~+/-]{20,}=*)`, Group: 1,
			Validate: GenericSecret, MinEntropy: 3.5, Score: 0.6, MaxLen: 1020,
			TP: []string{`curl -H "Authorization: Bearer «` + fake("br1", aB64URL, 40) + `»" https://api.acme.io`, "Authorization: bearer «" + fake("br2", aAlnum, 32) + "»"},
			FP: []string{`-H "Authorization: Bearer $TOKEN"`, "Authorization: Bearer <your-access-token>", "a bearer token authenticates the caller"},
		},
		{
			ID: "http-basic-auth", Type: "HTTP_BASIC_AUTH", Category: Secret,
			Description: "HTTP Basic credentials in an Authorization header; verified when they decode to user:password",
			Keywords:    []string{"basic "},
			Pattern:     `(?i)\b(?:authorization["']?\s*[:=]\s*["']?|-H\s+["']?authorization:\s*)basic\s+([A-Za-z0-9+/]{8,}={0,2})`, Group: 1,
			Validate: BasicAuth, Verification: "base64-userinfo", Score: 0.85, MaxLen: 450,
			TP: []string{"Authorization: Basic «" + fakeJSON64("svc-billing:"+fake("ba1", aAlnum, 16), false) + "»", `curl -H "Authorization: Basic «` + fakeJSON64("admin:"+fake("ba2", aAlnum, 12), false) + `»" https://acme.io`},
			FP: []string{"Authorization: Basic " + fakeJSON64("user:password", false), "Authorization: Basic <credentials>"},
		},
		{
			// HTTP clients take Basic credentials as a (user, password)
			// pair of literals: requests' auth=(…) and HTTPBasicAuth,
			// the jira package's basic_auth=(…), aiohttp.BasicAuth, Go's
			// SetBasicAuth, OkHttp's Credentials.basic. The password is
			// the second literal (the user is left: often an e-mail
			// address, which the PII rules judge).
			ID: "code-basic-auth-password", Type: "HTTP_BASIC_AUTH", Category: Secret,
			Description: "password or API token given as the second string literal of a Basic-auth call in code (auth=(…), HTTPBasicAuth, basic_auth, SetBasicAuth, Credentials.basic)",
			Keywords:    []string{"basicauth", "basic_auth", "auth=(", "auth = (", "credentials.basic"},
			Pattern:     `(?i)(?:basic_?auth\s*=?\s*\(|auth\s?=\s?\(|credentials\.basic\s*\()\s*["']([^"'\s]{1,64})["']\s*,\s*["']([^"'\s]{6,200})["']`, Group: 2,
			Validate: GenericSecret, MinEntropy: 2.5, Score: 0.75, MaxLen: 300,
			TP: []string{"r = requests.get(url, auth=HTTPBasicAuth('deploy', '«" + fake("cba1", aAlnum, 14) + "»'))",
				"jira = JIRA(server='https://acme.atlassian.net', basic_auth=('ops@acme.example', '«" + fake("cba2", aAlnum, 24) + "»'))",
				`req.SetBasicAuth("svc-backup", "«` + fake("cba3", aB64URL, 20) + `»")`,
				"requests.post(u, auth=('api', '«key-" + fake("cba4", aHex, 32) + "»'))"},
			FP: []string{"requests.get(url, auth=('user', 'password'))", "auth = HTTPBasicAuth(user, token)", `req.SetBasicAuth("admin", "${ADMIN_PASSWORD}")`},
		},
		{
			ID: "generic-secret-xml", Type: "GENERIC_SECRET", Category: Secret,
			Description: "password, passphrase, secret or token element in XML (Maven settings.xml, NuGet.config, app configs)",
			Keywords:    []string{"<password>", "<passphrase>", "<secret>", "<token>", "<apikey>", "cleartextpassword"},
			Pattern:     `(?i)(?:<(?:password|passphrase|secret|token|apikey)>|<add\s+key="ClearTextPassword"\s+value=")([^<"\s]{8,128})(?:</|")`, Group: 1,
			Validate: GenericSecret, MinEntropy: 3.0, Score: 0.6, MaxLen: 200,
			TP: []string{"<server><id>releases</id><username>deploy</username><password>«" + fake("x1", aAlnum, 16) + "»</password></server>", "<add key=\"ClearTextPassword\" value=\"«" + fake("x2", aB64URL, 32) + "»\" />"},
			FP: []string{"<password>${env.MAVEN_PASSWORD}</password>", "<password>changeme</password>"},
		},
		{
			ID: "url-credentials", Type: "URL_CREDENTIALS", Category: Secret,
			Description: "password in the userinfo of any URL (https://user:pass@host)",
			Keywords:    []string{"://"},
			Pattern:     `(?i)\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@'"]+:([^\s@'"/]{3,128})@[A-Za-z0-9.-]+`, Group: 1,
			Validate: NotPlaceholder, Score: 0.8, MaxLen: 300,
			TP: []string{"git clone https://deploy:«gH7kL2pQ9xZ4»@git.example.org/team/repo.git", "proxy = http://svc:«Zr7Kp2wXq9»@proxy.corp:3128"},
			FP: []string{"https://user:password@example.com", "https://docs.example.com/a:b@c"},
		},
	}
}
