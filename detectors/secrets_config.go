package detectors

// Connection strings, credential files and credential pairs. What is
// redacted is what grants access: the password, token or key. Hosts,
// ports, database and user names stay, so a redacted connection string
// still says where it pointed (see README, "What a secret finding
// redacts").
func configRules() []Rule {
	pw := fake("cfgpw", aAlnum, 16)
	return []Rule{
		{
			ID: "jdbc-password-property", Type: "DATABASE_CONNECTION_STRING", Category: Secret,
			Description: "password property of a JDBC URL of any subprotocol (;password=, ?password=, &password=, :password=)",
			Keywords:    []string{"jdbc:"},
			Pattern:     `(?i)jdbc:[a-z][a-z0-9]*:[^\s'"<>]{0,300}?[;?&:](?:password|pwd)=([^;&\s'"<>]{1,128})`, Group: 1,
			Validate: NotPlaceholder, Score: 0.85, MaxLen: 460,
			TP: []string{"jdbc:sqlserver://db.acme.io:1433;databaseName=orders;user=app;password=«" + pw + "»;encrypt=true",
				"jdbc:postgresql://db.acme.io:5432/orders?user=app&password=«" + fake("jdbc2", aAlnum, 14) + "»&ssl=true",
				"url: jdbc:db2://db2.acme.io:50000/SAMPLE:user=db2inst1;password=«" + fake("jdbc3", aAlnum, 12) + "»;",
				"jdbc:jtds:sybase://syb.acme.io:5000/ledger;user=sa;password=«" + fake("jdbc4", aAlnum, 12) + "»"},
			FP: []string{"jdbc:sqlserver://db.acme.io:1433;databaseName=orders;user=app;password=${DB_PASSWORD}",
				"jdbc:postgresql://db.acme.io:5432/orders?user=app&password=<password>", "jdbc:h2:mem:testdb"},
		},
		{
			ID: "jdbc-userinfo-password", Type: "DATABASE_CONNECTION_STRING", Category: Secret,
			Description: "password in the user-info of a JDBC URL of any subprotocol (jdbc:x://user:password@host)",
			Keywords:    []string{"jdbc:"},
			Pattern:     `(?i)jdbc:[a-z][a-z0-9:]*://[^\s:/@'"<>]*:([^\s@'"/<>]{1,128})@`, Group: 1,
			Validate: NotPlaceholder, Score: 0.85, MaxLen: 300,
			TP: []string{"jdbc:mariadb://app:«" + fake("jdbu1", aAlnum, 14) + "»@db.acme.io:3306/orders",
				"spring.datasource.url=jdbc:redshift://etl:«" + fake("jdbu2", aAlnum, 18) + "»@redshift.acme.io:5439/dw"},
			FP: []string{"jdbc:mariadb://app:${DB_PASS}@db.acme.io:3306/orders", "jdbc:mariadb://db.acme.io:3306/orders"},
		},
		{
			ID: "jdbc-oracle-thin-password", Type: "DATABASE_CONNECTION_STRING", Category: Secret,
			Description: "password of an Oracle thin JDBC URL (jdbc:oracle:thin:user/password@host)",
			Keywords:    []string{"jdbc:oracle:"},
			Pattern:     `(?i)jdbc:oracle:(?:thin|oci):[A-Za-z0-9_$#.]{1,64}/([^@\s'"/]{1,128})@`, Group: 1,
			Validate: NotPlaceholder, Score: 0.9, MaxLen: 220,
			TP: []string{"jdbc:oracle:thin:scott/«" + fake("ora1", aAlnum, 12) + "»@ora.acme.io:1521/ORCLPDB1",
				"DB_URL=jdbc:oracle:thin:hr/«" + fake("ora2", aAlnum, 10) + "»@//ora.acme.io:1521/XEPDB1"},
			FP: []string{"jdbc:oracle:thin:@ora.acme.io:1521/ORCLPDB1", "jdbc:oracle:thin:scott/${ORACLE_PWD}@ora:1521/X"},
		},
		{
			ID: "go-sql-dsn-password", Type: "DATABASE_CONNECTION_STRING", Category: Secret,
			Description: "password of a Go MySQL driver DSN (user:password@tcp(host)/db), with or without a jdbc:mysql:// prefix",
			Keywords:    []string{"@tcp(", "@unix("},
			Pattern:     `(?:^|[\s"'=/])[A-Za-z0-9_.$-]{1,64}:([^\s@'"/:]{1,128})@(?:tcp|unix)\(`, Group: 1,
			Validate: NotPlaceholder, Score: 0.85, MaxLen: 220,
			TP: []string{`dsn := "app:«` + fake("gdsn1", aAlnum, 14) + `»@tcp(db.acme.io:3306)/orders?parseTime=true"`,
				"jdbc:mysql://app:«" + fake("gdsn2", aAlnum, 12) + "»@tcp(10.0.0.5:3306)/orders"},
			FP: []string{`dsn := "app:${PASS}@tcp(db:3306)/orders"`, `dsn := "app@tcp(db:3306)/orders"`},
		},
		{
			ID: "connection-string-password", Type: "DATABASE_CONNECTION_STRING", Category: Secret,
			Description: "Password= or Pwd= of an ODBC / ADO.NET / OLE DB connection string (next to Server=, Data Source=, Uid= ...)",
			Keywords:    []string{"password=", "pwd=", "password =", "pwd ="},
			Pattern:     `(?i)(?:^|[;"'\s{])(?:password|pwd)\s?=\s?[{']?([^;"'\s{}]{1,128})`, Group: 1,
			Validate: NotPlaceholder, Score: 0.8, MaxLen: 150,
			Context: []string{"server=", "data source=", "uid=", "user id=", "userid=", "initial catalog=", "database=", "driver=", "dsn=", "host=", "provider=", "addr=", "address="}, RequireContext: true,
			TP: []string{`"Server=tcp:sql.acme.io,1433;Initial Catalog=orders;User ID=app;Password=«` + pw + `»;Encrypt=True;"`,
				"Driver={ODBC Driver 18 for SQL Server};Server=sql.acme.io;Uid=app;Pwd={«" + fake("odbc2", aAlnum, 14) + "»};"},
			FP: []string{`"Server=sql.acme.io;Database=orders;Trusted_Connection=True;"`, "Server=sql.acme.io;User ID=app;Password=<your-password>;",
				"password=" + fake("odbc3", aAlnum, 14) + " in a sentence about nothing"},
		},
		{
			ID: "netrc-password", Type: "NETRC_CREDENTIALS", Category: Secret,
			Description: ".netrc / _netrc machine entry password (machine host login user password secret, on one line or several)",
			Keywords:    []string{"machine"},
			Pattern:     `(?i)machine\s+\S{1,253}(?:\s+(?:login|account|port)\s+\S{1,128}){0,3}\s+password\s+(\S{1,128})`, Group: 1,
			// "machine" fills prose; an entry has "password" soon after.
			Follow: []string{"password"}, FollowWithin: 500,
			Validate: NotPlaceholder, Score: 0.9, MaxLen: 560,
			TP: []string{"machine api.heroku.com\n  login me@acme.io\n  password «" + fake("netrc1", aHex, 32) + "»\n",
				"machine github.com login oauth password «" + fake("netrc2", aAlnum, 20) + "»"},
			FP: []string{"machine github.com login oauth password $GITHUB_TOKEN", "The machine learning team reset the password yesterday."},
		},
		{
			ID: "pgpass-password", Type: "DATABASE_CONNECTION_STRING", Category: Secret,
			Description: "password field of a PostgreSQL .pgpass line (host:port:database:user:password)",
			Keywords:    []string{":5432:", ":*:", ":5433:", ":6432:"},
			Pattern:     `(?m)^[ \t]*[A-Za-z0-9_.*\-\[\]]{1,200}:(?:[0-9]{1,5}|\*):[^:\s]{1,63}:[^:\s]{1,63}:([^\s]{1,128})[ \t]*\r?$`, Group: 1,
			Validate: NotPlaceholder, Score: 0.85, MaxLen: 500,
			TP: []string{"db.acme.io:5432:orders:app:«" + fake("pgp1", aAlnum, 16) + "»\n", "# ~/.pgpass\n*:*:*:postgres:«" + fake("pgp2", aAlnum, 14) + "»"},
			FP: []string{"db.acme.io:5432:orders:app:*\n", "localhost:5432:orders:app:<password>"},
		},
		{
			ID: "kubeconfig-client-key-data", Type: "PRIVATE_KEY", Category: Secret,
			Description: "kubeconfig client-key-data (a base64 PEM private key)",
			Keywords:    []string{"client-key-data"},
			Pattern:     `client-key-data"?:\s*"?([A-Za-z0-9+/]{60,}={0,2})`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 16384,
			TP: []string{"users:\n- name: admin\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJU\n    client-key-data: «" + fakeJSON64(fakePEM("RSA PRIVATE KEY", "kcd1"), false) + "»\n",
				`{"client-key-data": "«` + fakeJSON64(fakePEM("EC PRIVATE KEY", "kcd2"), false) + `»"}`},
			FP: []string{"client-key-data: " + xs(80), "client-key-data: <base64 of the key>"},
		},
		{
			ID: "docker-config-identitytoken", Type: "DOCKER_REGISTRY_AUTH", Category: Secret,
			Description: "identity or registry token in a Docker config.json auths entry",
			Keywords:    []string{`"identitytoken"`, `"registrytoken"`},
			Pattern:     `(?i)"(?:identitytoken|registrytoken)"\s*:\s*"([A-Za-z0-9._~+/=-]{16,})"`, Group: 1,
			MinEntropy: 3.5, Validate: NotPlaceholder, Score: 0.9, MaxLen: 4130,
			TP: []string{`{"auths": {"acme.azurecr.io": {"auth": "", "identitytoken": "«` + fakeJWT(`{"alg":"RS256","typ":"JWT"}`, `{"sub":"0000","aud":"acme.azurecr.io"}`, "dit1") + `»"}}}`,
				`"identitytoken": "«` + fake("dit2", aB64URL, 64) + `»"`},
			FP: []string{`"identitytoken": "<token>"`, `"identitytoken": ""`},
		},
		{
			ID: "jenkins-encrypted-secret", Type: "JENKINS_SECRET", Category: Secret,
			Description: "Jenkins credentials.xml / config.xml encrypted secret ({AQAAABAAAAA...}), which the controller's key decrypts",
			Keywords:    []string{"{aqaaab"},
			Pattern:     `\{(AQAAAB[A-Za-z0-9+/]{40,}={0,2})\}`, Group: 1,
			MinEntropy: 4.0, Score: 0.9, MaxLen: 4096,
			TP: []string{"<password>{«AQAAABAAAAAQ" + fake("jen1", aB64, 54) + "=»}</password>",
				"<secret>{«AQAAABAAAAAw" + fake("jen2", aB64, 86) + "»}</secret>"},
			FP: []string{"<password>{AQAAAB}</password>", "{AQAAAB" + xs(60) + "}"},
		},
		{
			ID: "aws-secret-access-key-near-id", Type: "AWS_SECRET_ACCESS_KEY", Category: Secret,
			Description: "AWS secret access key (40 base64 characters) within 200 bytes after an access key id (AKIA/ASIA/ABIA/ACCA), under any label",
			Keywords:    []string{"akia", "asia", "abia", "acca"},
			Pattern:     `(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}[^A-Za-z0-9+/][\s\S]{0,200}?(?:^|[^A-Za-z0-9+/=])([A-Za-z0-9+/]{40})(?:[^A-Za-z0-9+/=]|$)`, Group: 1,
			Validate: awsSecretShape, MinEntropy: 4.2, Score: 0.9, MaxLen: 280,
			TP: []string{"id: AKIA" + fake("awsn1", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) + "\nsecret: «" + fake("awsn2", aB64, 40) + "»\n",
				`{"key": "ABIA` + fake("awsn3", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) + `", "value": "«` + fake("awsn4", aB64, 40) + `»"}`},
			FP: []string{"AKIA" + fake("awsn5", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) + " commit 3f786850e387550fdab836ed7e6dc881de23001b", "ASIA is a continent; AKIA is a key prefix"},
		},
		{
			ID: "aws-secret-access-key-before-id", Type: "AWS_SECRET_ACCESS_KEY", Category: Secret,
			Description: "AWS secret access key (40 base64 characters) within 120 bytes before an access key id (AKIA/ASIA/ABIA/ACCA), under any label or none: the pair written secret first",
			Keywords:    []string{"akia", "asia", "abia", "acca"},
			Pattern:     `(?:^|[^A-Za-z0-9+/=])([A-Za-z0-9+/]{40})[^A-Za-z0-9+/=][^\n]{0,20}\n?[^\n]{0,80}?(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?:[^A-Za-z0-9]|$)`, Group: 1,
			Validate: awsSecretShape, MinEntropy: 4.2, Score: 0.9, MaxLen: 170,
			TP: []string{"creds «" + fake("awsb1", aB64, 40) + "» for AKIA" + fake("awsb2", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
				"secret: «" + fake("awsb3", aB64, 40) + "»\nid: ASIA" + fake("awsb4", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) + "\n"},
			FP: []string{"commit 3f786850e387550fdab836ed7e6dc881de23001b touched AKIA" + fake("awsb5", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), "ASIA is a continent; AKIA is a key prefix"},
		},
		{
			ID: "azure-refresh-token", Type: "AZURE_REFRESH_TOKEN", Category: Secret,
			Description: "Microsoft identity platform (Entra ID) refresh token (0.A… / 1.A… format)",
			Keywords:    []string{"0.a", "1.a"},
			// Starting at the keyword keeps the stream's look-back short.
			Pattern: `\b((?:0\.A|1\.A)[A-Za-z0-9_-]{100,}(?:\.[A-Za-z0-9_-]{8,}){0,4})`, Group: 1,
			MinEntropy: 4.5, Score: 0.9, MaxLen: 4096,
			TP: []string{`{"token_type": "Bearer", "refresh_token": "«0.AXkA` + fake("azrt1", aB64URL, 300) + `»"}`,
				"AZURE_REFRESH_TOKEN=«1.AQ4A" + fake("azrt2", aB64URL, 200) + "." + fake("azrt3", aB64URL, 40) + "»"},
			FP: []string{"version 1.0.a1 and 0.A of the spec", "0.A" + xs(120)},
		},
		{
			ID: "azure-tenant-client-id", Type: "AZURE_CLIENT_ID", Category: Secret,
			Description: "Azure / Entra tenant or client (application) id assigned next to an Azure credential",
			Keywords:    []string{"tenant_id", "tenantid", "tenant-id", "client_id", "clientid", "client-id", "application_id", "appid", "app_id"},
			Pattern:     `(?i)(?:tenant|client|application|app)[_-]?id["']?\s{0,4}(?:[:=]|:=|=>)\s{0,4}["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b`, Group: 1,
			Follow: []string{"=", ":"}, FollowWithin: 8,
			Validate: notBoring, Score: 0.6, MaxLen: 70,
			Context: []string{"azure", "microsoftonline", "onmicrosoft", "client_secret", "clientsecret", "client-secret", "arm_", "entra", "msal", "aad"}, RequireContext: true,
			TP: []string{"AZURE_TENANT_ID=«" + fakeUUID("azt1") + "»\nAZURE_CLIENT_ID=«" + fakeUUID("azt2") + "»\nAZURE_CLIENT_SECRET=" + fake("azt3", aB64URL, 3) + "8Q~" + fake("azt4", aB64URL, 34),
				`{"tenant": "acme.onmicrosoft.com", "appId": "«` + fakeUUID("azt5") + `»", "password": "` + fake("azt6", aB64URL, 34) + `"}`},
			FP: []string{"client_id=" + fakeUUID("azt7") + " for the Spotify API", "AZURE_TENANT_ID=00000000-0000-0000-0000-000000000000 # azure"},
		},
		{
			ID: "twilio-account-sid", Type: "TWILIO_ACCOUNT_SID", Category: Secret,
			Description: "Twilio account SID (AC + 32 hex) next to a Twilio name or an account_sid label; with the auth token it grants access",
			Keywords:    []string{"twilio", "account_sid", "accountsid", "account-sid"},
			Pattern:     `(?i:twilio|account[_-]?sid)[^\n]{0,60}?\b(AC[0-9a-f]{32})\b`, Group: 1,
			MinEntropy: 3.0, Score: 0.8, MaxLen: 110,
			TP: []string{"TWILIO_ACCOUNT_SID=«AC" + fake("tws1", aHex, 32) + "»", `client = Client(account_sid="«AC` + fake("tws2", aHex, 32) + `»", auth_token=token)`},
			FP: []string{"TWILIO_ACCOUNT_SID=AC" + xs(32), "twilio docs mention AC followed by 32 characters"},
		},
		{
			ID: "twilio-auth-token-near-name", Type: "TWILIO_AUTH_TOKEN", Category: Secret,
			Description: "Twilio auth token (32 hex) labelled token or secret within a few lines after a Twilio name or an account SID",
			Keywords:    []string{"twilio"},
			Pattern:     `(?i)twilio[\s\S]{0,160}?(?:token|secret|password|auth)[^\n]{0,30}?[^0-9a-f]([0-9a-f]{32})(?:[^0-9a-z]|$)`, Group: 1,
			MinEntropy: 3.2, Validate: notBoring, Score: 0.8, MaxLen: 240,
			TP: []string{"twilio:\n  sid: AC" + fake("twt1", aHex, 32) + "\n  token: «" + fake("twt2", aHex, 32) + "»\n", "Twilio credentials -> auth «" + fake("twt3", aHex, 32) + "»"},
			FP: []string{"twilio:\n  token: " + xs(32), "Twilio sends an auth code by SMS."},
		},
		{
			// Twilio's SDKs take the pair as two arguments
			// (Client("AC…", "…")) and .env files put them on adjacent
			// lines: an account SID followed closely by a 32-hex token is
			// the pair whatever the labels. The SID's run of 34 letters
			// and digits routes the rule; no name is needed.
			ID: "twilio-account-sid-with-token", Type: "TWILIO_ACCOUNT_SID", Category: Secret,
			Description: "Twilio account SID (AC + 32 hex) followed within 80 bytes by a 32-hex auth token: the pair grants access",
			Trigger:     TriggerAlnum, MinDigits: 34, MaxDigits: 34,
			Pattern: `\b(AC[0-9a-f]{32})[^0-9A-Za-z][^\n]{0,80}?[^0-9A-Za-z][0-9a-f]{32}(?:[^0-9A-Za-z]|$)`, Group: 1,
			MinEntropy: 3.0, Validate: notBoring, Score: 0.8, MaxLen: 150,
			TP: []string{`client = Client("«AC` + fake("twp1", aHex, 32) + `»", "` + fake("twp2", aHex, 32) + `")`, "SID=«AC" + fake("twp3", aHex, 32) + "»\nTOKEN=" + fake("twp4", aHex, 32)},
			FP: []string{`Client("AC` + fake("twp5", aHex, 32) + `", auth)`, "AC" + xs(32) + " " + fake("twp6", aHex, 32)},
		},
		{
			ID: "twilio-auth-token-after-sid", Type: "TWILIO_AUTH_TOKEN", Category: Secret,
			Description: "Twilio auth token (32 hex) within 80 bytes after an account SID (AC + 32 hex)",
			Trigger:     TriggerAlnum, MinDigits: 34, MaxDigits: 34,
			Pattern: `\bAC[0-9a-f]{32}[^0-9A-Za-z][^\n]{0,80}?[^0-9A-Za-z]([0-9a-f]{32})(?:[^0-9A-Za-z]|$)`, Group: 1,
			MinEntropy: 3.2, Validate: notBoring, Score: 0.8, MaxLen: 150,
			TP: []string{`client = Client("AC` + fake("twp1", aHex, 32) + `", "«` + fake("twp2", aHex, 32) + `»")`, "SID=AC" + fake("twp3", aHex, 32) + "\nTOKEN=«" + fake("twp4", aHex, 32) + "»"},
			FP: []string{`Client("AC` + fake("twp5", aHex, 32) + `", auth)`, "AC" + fake("twp7", aHex, 32) + " " + xs(32)},
		},
		{
			ID: "datadog-app-key-in-block", Type: "DATADOG_APP_KEY", Category: Secret,
			Description: "Datadog application key (40 hex) labelled app or application key within a few lines after a Datadog name: the partner of the API key, often in a datadog: block of its own",
			Keywords:    []string{"datadog"},
			Pattern:     `(?i)datadog[\s\S]{0,200}?app(?:lication)?[_-]?key[^\n]{0,12}?[^0-9a-f]([0-9a-f]{40})(?:[^0-9a-z]|$)`, Group: 1,
			MinEntropy: 3.3, Validate: notBoring, Score: 0.85, MaxLen: 280,
			TP: []string{"datadog:\n  api_key: " + fake("ddb1", aHex, 32) + "\n  app_key: «" + fake("ddb2", aHex, 40) + "»\n", `{"datadog": {"site": "datadoghq.eu", "applicationKey": "«` + fake("ddb3", aHex, 40) + `»"}}`},
			FP: []string{"datadog:\n  app_key: " + xs(40), "Datadog app keys are 40 hex characters; see the docs."},
		},
		{
			ID: "newrelic-rest-api-key", Type: "NEWRELIC_KEY", Category: Secret,
			Description: "New Relic REST API key (NRRA-) and admin API key (NRAA-)",
			Keywords:    []string{"nrra-", "nraa-"},
			Pattern:     `\b(NRRA-[a-f0-9]{42}|NRAA-[a-f0-9]{27})\b`, Group: 1,
			MinEntropy: 3.0, Score: 0.95, MaxLen: 48,
			TP: []string{"NEW_RELIC_API_KEY=«NRRA-" + fake("nrra1", aHex, 42) + "»", "X-Api-Key: «NRAA-" + fake("nraa1", aHex, 27) + "»"},
			FP: []string{"NRRA-" + xs(42), "NRAA-key"},
		},
		{
			ID: "newrelic-license-key-legacy", Type: "NEWRELIC_KEY", Category: Secret,
			Description: "older New Relic license / ingest key (40 hex) next to a New Relic name",
			Keywords:    kw("newrelic", "new_relic", "new-relic"),
			Pattern:     near([]string{"newrelic", "new_relic", "new-relic"}, `[a-f0-9]{40}`), Group: 1,
			MinEntropy: 3.3, Validate: notBoring, Score: 0.85, MaxLen: nearLen(40),
			TP: []string{"NEW_RELIC_LICENSE_KEY=«" + fake("nrl1", aHex, 40) + "»", "newrelic.license_key: '«" + fake("nrl2", aHex, 40) + "»'"},
			FP: []string{"NEW_RELIC_LICENSE_KEY=" + xs(40), "NEW_RELIC_APP_NAME=checkout"},
		},
		{
			ID: "azure-cosmosdb-key", Type: "AZURE_COSMOSDB_KEY", Category: Secret,
			Description: "Azure Cosmos DB account key (86 base64 + ==) next to a Cosmos name",
			Keywords:    kw("cosmos"),
			Pattern:     near([]string{"cosmos"}, `[A-Za-z0-9+/]{86}==`), Group: 1,
			MinEntropy: 4.5, Score: 0.9, MaxLen: nearLen(88),
			TP: []string{"COSMOS_KEY=«" + fake("cos1", aB64, 86) + "==»", `"cosmosDbPrimaryKey": "«` + fake("cos2", aB64, 86) + `==»"`},
			FP: []string{"COSMOS_KEY=" + xs(86) + "==", "COSMOS_ENDPOINT=https://acme.documents.azure.com:443/"},
		},
		{
			ID: "azure-search-admin-key", Type: "AZURE_SEARCH_KEY", Category: Secret,
			Description: "Azure AI Search (Cognitive Search) admin or query key (52 characters) next to a search service name",
			Keywords:    kw("azure_search", "azure-search", "azuresearch", "search_api_key", "search.windows.net"),
			Pattern:     `(?i:azure[_-]?search|search_api_key|search\.windows\.net)[\s\S]{0,80}?[^A-Za-z0-9]([A-Za-z0-9]{52})(?:[^A-Za-z0-9]|$)`, Group: 1,
			MinEntropy: 4.0, Score: 0.85, MaxLen: 160,
			TP: []string{"AZURE_SEARCH_ADMIN_KEY=«" + fake("azs1", aAlnum, 52) + "»", "endpoint: https://acme.search.windows.net\napi-key: «" + fake("azs2", aAlnum, 52) + "»"},
			FP: []string{"AZURE_SEARCH_ADMIN_KEY=" + xs(52), "AZURE_SEARCH_INDEX=products"},
		},
		{
			ID: "slack-bot-token-legacy", Type: "SLACK_TOKEN", Category: Secret,
			Description: "older Slack bot token (xoxb- + one number + secret, before the three-part layout)",
			Keywords:    []string{"xoxb-"},
			Pattern:     `\b(xoxb-[0-9]{8,14}-[A-Za-z0-9]{18,40})\b`, Group: 1,
			MinEntropy: 3.5, Score: 0.95, MaxLen: 60,
			TP: []string{"SLACK_BOT_TOKEN=«xoxb-" + fake("slb1", aDigits, 11) + "-" + fake("slb2", aAlnum, 24) + "»", "token: «xoxb-" + fake("slb3", aDigits, 12) + "-" + fake("slb4", aAlnum, 22) + "»"},
			FP: []string{"xoxb-" + xs(11) + "-" + xs(24), "xoxb-your-token"},
		},
	}
}

// awsSecretShape accepts a 40-character value that mixes upper and lower
// case letters and digits, as AWS secret keys do (hex digests do not).
func awsSecretShape(v []byte, _ Options) Verdict {
	var up, low, dig bool
	for _, c := range v {
		switch {
		case c >= 'A' && c <= 'Z':
			up = true
		case c >= 'a' && c <= 'z':
			low = true
		case c >= '0' && c <= '9':
			dig = true
		}
	}
	if up && low && dig && !IsPlaceholder(v) {
		return Plausible
	}
	return Reject
}
