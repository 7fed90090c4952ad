package detectors

// gitlabToken builds the rule for one GitLab token prefix; GitLab's
// tokens are prefix + 20 characters (legacy) or longer routable bodies.
func gitlabToken(id, prefix, what string, body string, maxBody int) Rule {
	return Rule{
		ID: id, Type: "GITLAB_TOKEN", Category: Secret,
		Description: "GitLab " + what + " (" + prefix + " prefix)",
		Keywords:    []string{prefix},
		Pattern:     `\b(` + regexpQuote(prefix) + body + `)(?:[^A-Za-z0-9_-]|$)`, Group: 1,
		MinEntropy: 3.5, Score: 0.95, MaxLen: len(prefix) + maxBody,
		TP: []string{"GITLAB_TOKEN=«" + prefix + fake(id+"1", aB64URL, 20) + "»", "token: \"«" + prefix + fake(id+"2", aAlnum, 20) + "»\""},
		FP: []string{prefix + xs(20), "the " + prefix + " prefix marks a GitLab token"},
	}
}

// Source control, CI/CD and code quality: GitHub, GitLab, Bitbucket,
// CircleCI, Travis CI, Buildkite, JFrog, SonarQube and others.
func sourceRules() []Rule {
	rules := []Rule{
		// --- GitHub ---
		{
			ID: "github-pat-classic", Type: "GITHUB_TOKEN", Category: Secret,
			Description: "GitHub personal access token (classic), OAuth, user-to-server, server-to-server and refresh tokens; verified by their CRC32 checksum",
			Keywords:    []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"},
			Pattern:     `\b(gh[pousr]_[A-Za-z0-9]{36})\b`, Group: 1,
			Validate: CRC32Base62, Verification: "crc32",
			MinEntropy: 3.5, Score: 0.9, MaxLen: 40,
			TP: []string{"token «" + crcToken("ghp_", "ghp1", 30) + "»", "GITHUB_TOKEN=«" + crcToken("gho_", "gho1", 30) + "»", "installation token «" + crcToken("ghs_", "ghs1", 30) + "»", "token «ghp_R8x2Lq9ZtV4mW7nK3pB6cF1hJ5sD0gY2aE8u» (bad checksum: weak)"},
			FP: []string{"ghp_short", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "the ghp_ prefix marks a classic token"},
		},
		{
			ID: "github-pat-fine-grained", Type: "GITHUB_TOKEN", Category: Secret,
			Description: "GitHub fine-grained personal access token",
			Keywords:    []string{"github_pat_"},
			Pattern:     `\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 96,
			TP: []string{"«github_pat_11" + fake("ghfg1", aAlnum, 20) + "_" + fake("ghfg2", aAlnum, 59) + "»", "export GH_TOKEN=«github_pat_11" + fake("ghfg3", aAlnum, 20) + "_" + fake("ghfg4", aAlnum, 59) + "»"},
			FP: []string{"github_pat_ is the prefix", "github_pat_123_456"},
		},
		{
			ID: "github-oauth-client-secret", Type: "GITHUB_CLIENT_SECRET", Category: Secret,
			Description: "GitHub OAuth / GitHub App client secret (40 hex) next to a GitHub name",
			Keywords:    kw("github", "gh_client"),
			Pattern:     `(?i:github|gh_client)[\w.\-]{0,20}(?i:client_?secret|secret)["']?\s{0,4}[:=]\s{0,4}["']?([a-f0-9]{40})\b`, Group: 1,
			MinEntropy: 3.3, Score: 0.85, MaxLen: 110,
			TP: []string{"GITHUB_CLIENT_SECRET=«" + fake("ghcs1", aHex, 40) + "»", `github_app_client_secret: "«` + fake("ghcs2", aHex, 40) + `»"`},
			FP: []string{"GITHUB_CLIENT_SECRET=" + xs(40), "GITHUB_CLIENT_ID=Iv1." + fake("ghcs3", aHex, 16)},
		},
		{
			ID: "github-runner-token", Type: "GITHUB_TOKEN", Category: Secret,
			Description: "GitHub Actions runner registration / removal token next to config.sh --token",
			Keywords:    []string{"config.sh", "config.cmd"},
			Pattern:     `config\.(?:sh|cmd)\b[^\n]{0,200}?--token\s+([A-Z0-9]{29})\b`, Group: 1,
			MinEntropy: 3.8, Score: 0.85, MaxLen: 260,
			TP: []string{"./config.sh --url https://github.com/acme/app --token «" + fake("ghrun1", aUpNum, 29) + "»", ".\\config.cmd --url https://github.com/acme --token «" + fake("ghrun2", aUpNum, 29) + "» --unattended"},
			FP: []string{"./config.sh --url https://github.com/acme/app --token YOUR_TOKEN", "./config.sh --token " + xs(29)},
		},
		// --- Bitbucket / Atlassian source tokens ---
		{
			ID: "bitbucket-app-password", Type: "BITBUCKET_TOKEN", Category: Secret,
			Description: "Bitbucket app password (ATBB prefix)",
			Keywords:    []string{"atbb"},
			Pattern:     `\b(ATBB[A-Za-z0-9_=.-]{32})\b`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 40,
			TP: []string{"BITBUCKET_APP_PASSWORD=«ATBB" + fake("bb1", aAlnum, 32) + "»", "git clone https://acme:«ATBB" + fake("bb2", aAlnum, 32) + "»@bitbucket.org/acme/app.git"},
			FP: []string{"ATBB" + xs(32), "ATBB short"},
		},
		{
			ID: "bitbucket-access-token", Type: "BITBUCKET_TOKEN", Category: Secret,
			Description: "Bitbucket repository, project or workspace access token (ATCTT3xFfGN0 prefix)",
			Keywords:    []string{"atctt3xffgn0"},
			Pattern:     `\b(ATCTT3xFfGN0[A-Za-z0-9_=-]{100,})`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 320,
			TP: []string{"BITBUCKET_TOKEN=«ATCTT3xFfGN0" + fake("bbat1", aB64URL, 160) + "=" + fake("bbat2", aHEX, 8) + "»", "Authorization: Bearer «ATCTT3xFfGN0" + fake("bbat3", aB64URL, 170) + "»"},
			FP: []string{"ATCTT3xFfGN0short", "ATCTT3xFfGN0" + xs(120)},
		},
		{
			ID: "bitbucket-client-secret", Type: "BITBUCKET_TOKEN", Category: Secret,
			Description: "Bitbucket OAuth consumer secret (32 characters) next to a Bitbucket name",
			Keywords:    kw("bitbucket"),
			Pattern:     `(?i:bitbucket)[\w.\-]{0,20}(?i:secret)["']?\s{0,4}[:=]\s{0,4}["']?([A-Za-z0-9]{32})\b`, Group: 1,
			MinEntropy: 4.0, Score: 0.85, MaxLen: 100,
			TP: []string{"BITBUCKET_CLIENT_SECRET=«" + fake("bbcs1", aAlnum, 32) + "»", "bitbucket_oauth_secret: «" + fake("bbcs2", aAlnum, 32) + "»"},
			FP: []string{"BITBUCKET_CLIENT_SECRET=" + xs(32), "BITBUCKET_WORKSPACE=acme"},
		},
		// --- CI/CD ---
		{
			ID: "circleci-token", Type: "CIRCLECI_TOKEN", Category: Secret,
			Description: "CircleCI personal or project API token (CCIPAT_/CCIPRJ_ prefix)",
			Keywords:    []string{"ccipat_", "cciprj_"},
			Pattern:     `\b(CCI(?:PAT|PRJ)_[A-Za-z0-9]{22}_[a-f0-9]{40})\b`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 75,
			TP: []string{"CIRCLE_TOKEN=«CCIPAT_" + fake("cci1", aAlnum, 22) + "_" + fake("cci2", aHex, 40) + "»", "Circle-Token: «CCIPRJ_" + fake("cci3", aAlnum, 22) + "_" + fake("cci4", aHex, 40) + "»"},
			FP: []string{"CCIPAT_" + xs(22) + "_" + xs(40), "CCIPAT_short_abc"},
		},
		{
			ID: "circleci-token-legacy", Type: "CIRCLECI_TOKEN", Category: Secret,
			Description: "legacy CircleCI API token (40 hex) next to a CircleCI name",
			Keywords:    kw("circle"),
			Pattern:     near([]string{"circle"}, `[a-f0-9]{40}`), Group: 1,
			MinEntropy: 3.3, Score: 0.8, MaxLen: nearLen(40),
			TP: []string{"CIRCLE_TOKEN=«" + fake("ccil1", aHex, 40) + "»", "circleci_api_token: «" + fake("ccil2", aHex, 40) + "»"},
			FP: []string{"CIRCLE_TOKEN=" + xs(40), "CIRCLE_SHA1=" + "main"},
		},
		{
			ID: "travis-ci-token", Type: "TRAVIS_TOKEN", Category: Secret,
			Description: "Travis CI API token (22 characters) next to a Travis name",
			Keywords:    kw("travis"),
			Pattern:     near([]string{"travis"}, `[A-Za-z0-9_-]{22}`), Group: 1,
			MinEntropy: 3.8, Score: 0.8, MaxLen: nearLen(22),
			TP: []string{"TRAVIS_API_TOKEN=«" + fake("tr1", aB64URL, 22) + "»", "travis login --github-token x; travis_token: «" + fake("tr2", aAlnum, 22) + "»"},
			FP: []string{"TRAVIS_API_TOKEN=" + xs(22), "TRAVIS_BRANCH=main"},
		},
		{
			ID: "buildkite-token", Type: "BUILDKITE_TOKEN", Category: Secret,
			Description: "Buildkite user API access token (bkua_ prefix)",
			Keywords:    []string{"bkua_"},
			Pattern:     `\b(bkua_[a-f0-9]{40})\b`, Group: 1,
			MinEntropy: 3.3, Score: 0.95, MaxLen: 45,
			TP: []string{"BUILDKITE_API_TOKEN=«bkua_" + fake("bk1", aHex, 40) + "»", "Authorization: Bearer «bkua_" + fake("bk2", aHex, 40) + "»"},
			FP: []string{"bkua_" + xs(40), "bkua_short"},
		},
		{
			ID: "buildkite-agent-token", Type: "BUILDKITE_TOKEN", Category: Secret,
			Description: "Buildkite agent registration token next to a Buildkite agent name",
			Keywords:    kw("buildkite_agent", "buildkite-agent"),
			Pattern:     `(?i:buildkite[_-]agent)[\w.\- ]{0,30}?["']?\s{0,4}[:= ]\s{0,4}["']?([a-f0-9]{50}|bkct_[A-Za-z0-9]{40,80})\b`, Group: 1,
			MinEntropy: 3.3, Score: 0.85, MaxLen: 110,
			TP: []string{"BUILDKITE_AGENT_TOKEN=«" + fake("bka1", aHex, 50) + "»", "buildkite-agent start --token «" + fake("bka2", aHex, 50) + "»"},
			FP: []string{"BUILDKITE_AGENT_TOKEN=" + xs(50), "buildkite-agent start --tags queue=deploy"},
		},
		{
			ID: "jfrog-api-key", Type: "JFROG_TOKEN", Category: Secret,
			Description: "JFrog Artifactory API key (AKCp prefix)",
			Keywords:    []string{"akcp"},
			Pattern:     `\b(AKCp[A-Za-z0-9]{69})\b`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 73,
			TP: []string{"ARTIFACTORY_API_KEY=«AKCp" + fake("jf1", aAlnum, 69) + "»", "X-JFrog-Art-Api: «AKCp" + fake("jf2", aAlnum, 69) + "»"},
			FP: []string{"AKCp" + xs(69), "AKCp is the prefix"},
		},
		{
			ID: "jfrog-reference-token", Type: "JFROG_TOKEN", Category: Secret,
			Description: "JFrog reference / identity token (base64 of reftkn:01:)",
			Keywords:    []string{"cmvmdgtuoj"},
			Pattern:     `\b(cmVmdGtuOj[A-Za-z0-9]{54})\b`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 64,
			TP: []string{"JFROG_ACCESS_TOKEN=«cmVmdGtuOj" + fake("jfr1", aAlnum, 54) + "»", "Authorization: Bearer «cmVmdGtuOj" + fake("jfr2", aAlnum, 54) + "»"},
			FP: []string{"cmVmdGtuOj" + xs(54), "cmVmdGtuOjshort"},
		},
		{
			ID: "sonar-token", Type: "SONAR_TOKEN", Category: Secret,
			Description: "SonarQube / SonarCloud user (squ_), project (sqp_) or global analysis (sqa_) token",
			Keywords:    []string{"squ_", "sqp_", "sqa_"},
			Pattern:     `\b(sq[upa]_[a-f0-9]{40})\b`, Group: 1,
			MinEntropy: 3.3, Score: 0.95, MaxLen: 44,
			TP: []string{"SONAR_TOKEN=«squ_" + fake("sq1", aHex, 40) + "»", "sonar-scanner -Dsonar.token=«sqp_" + fake("sq2", aHex, 40) + "»"},
			FP: []string{"squ_" + xs(40), "squ_abc"},
		},
		{
			ID: "sonar-token-legacy", Type: "SONAR_TOKEN", Category: Secret,
			Description: "legacy SonarQube token (40 hex) next to a Sonar name",
			Keywords:    kw("sonar"),
			Pattern:     near([]string{"sonar"}, `[a-f0-9]{40}`), Group: 1,
			MinEntropy: 3.3, Score: 0.8, MaxLen: nearLen(40),
			TP: []string{"SONAR_TOKEN=«" + fake("sql1", aHex, 40) + "»", "-Dsonar.login=«" + fake("sql2", aHex, 40) + "»"},
			FP: []string{"SONAR_TOKEN=" + xs(40), "-Dsonar.projectKey=acme"},
		},
		{
			ID: "codecov-token", Type: "CODECOV_TOKEN", Category: Secret,
			Description: "Codecov upload token (UUID) next to a Codecov name",
			Keywords:    kw("codecov"),
			Pattern:     near([]string{"codecov"}, `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), Group: 1,
			MinEntropy: 3.0, Score: 0.8, MaxLen: nearLen(36),
			TP: []string{"CODECOV_TOKEN=«" + fakeUUID("cc1") + "»", "codecov_token: «" + fakeUUID("cc2") + "»"},
			FP: []string{"CODECOV_TOKEN=00000000-0000-0000-0000-000000000000", "codecov.yml"},
		},
		{
			ID: "snyk-token", Type: "SNYK_TOKEN", Category: Secret,
			Description: "Snyk API token (UUID) next to a Snyk name",
			Keywords:    kw("snyk"),
			Pattern:     near([]string{"snyk"}, `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), Group: 1,
			MinEntropy: 3.0, Score: 0.8, MaxLen: nearLen(36),
			TP: []string{"SNYK_TOKEN=«" + fakeUUID("snyk1") + "»", "snyk auth «" + fakeUUID("snyk2") + "»"},
			FP: []string{"SNYK_TOKEN=00000000-0000-0000-0000-000000000000", "snyk test --all-projects"},
		},
		{
			ID: "harness-token", Type: "HARNESS_TOKEN", Category: Secret,
			Description: "Harness personal access (pat.) or service account (sat.) token",
			Keywords:    []string{"pat.", "sat."},
			Pattern:     `\b((?:pat|sat)\.[A-Za-z0-9_-]{22}\.[a-f0-9]{24}\.[A-Za-z0-9]{20})\b`, Group: 1,
			MinEntropy: 3.8, Score: 0.95, MaxLen: 75,
			TP: []string{"HARNESS_API_KEY=«pat." + fake("hn1", aB64URL, 22) + "." + fake("hn2", aHex, 24) + "." + fake("hn3", aAlnum, 20) + "»", "x-api-key: «sat." + fake("hn4", aAlnum, 22) + "." + fake("hn5", aHex, 24) + "." + fake("hn6", aAlnum, 20) + "»"},
			FP: []string{"pat.acme.io", "pat." + xs(22) + "." + xs(24) + "." + xs(20)},
		},
		{
			ID: "gitlab-session-cookie", Type: "GITLAB_SESSION", Category: Secret,
			Description: "GitLab web session cookie (_gitlab_session, 32 hex): it is the signed-in user",
			Keywords:    []string{"_gitlab_session"},
			Pattern:     `_gitlab_session=([a-f0-9]{32})\b`, Group: 1,
			MinEntropy: 3.0, Validate: notBoring, Score: 0.9, MaxLen: 50,
			TP: []string{"Cookie: _gitlab_session=«" + fake("gls1", aHex, 32) + "»; known_sign_in=1", "curl -b '_gitlab_session=«" + fake("gls2", aHex, 32) + "»' https://gitlab.example.com/api/v4/user"},
			FP: []string{"_gitlab_session=" + xs(32), "the _gitlab_session cookie expires after a week"},
		},
		{
			ID: "gitea-token", Type: "GITEA_TOKEN", Category: Secret,
			Description: "Gitea / Forgejo / Drone access token (40 hex) next to its name",
			Keywords:    kw("gitea", "forgejo", "drone_token"),
			Pattern:     near([]string{"gitea", "forgejo", "drone_token"}, `[a-f0-9]{40}`), Group: 1,
			MinEntropy: 3.3, Score: 0.8, MaxLen: nearLen(40),
			TP: []string{"GITEA_TOKEN=«" + fake("gt1", aHex, 40) + "»", "forgejo_access_token: «" + fake("gt2", aHex, 40) + "»"},
			FP: []string{"GITEA_TOKEN=" + xs(40), "GITEA_URL=https://git.acme.io"},
		},
	}
	// GitLab: one rule per token prefix (GitLab documents each).
	for _, g := range []struct{ id, prefix, what string }{
		{"gitlab-pat", "glpat-", "personal, project or group access token"},
		{"gitlab-deploy-token", "gldt-", "deploy token"},
		{"gitlab-runner-token", "glrt-", "runner authentication token"},
		{"gitlab-ci-build-token", "glcbt-", "CI/CD job token"},
		{"gitlab-feed-token", "glft-", "feed token"},
		{"gitlab-incoming-mail-token", "glimt-", "incoming mail token"},
		{"gitlab-agent-token", "glagent-", "Kubernetes agent token"},
		{"gitlab-oauth-secret", "gloas-", "OAuth application secret"},
		{"gitlab-scim-token", "glsoat-", "SCIM OAuth token"},
		{"gitlab-feature-flag-token", "glffct-", "feature flags client token"},
		{"gitlab-pipeline-trigger-token", "glptt-", "pipeline trigger token"},
		{"gitlab-runner-registration-token", "GR1348941", "runner registration token"},
	} {
		r := gitlabToken(g.id, g.prefix, g.what, `[A-Za-z0-9_-]{20,64}`, 64)
		switch g.id {
		case "gitlab-pat":
			r.TP = append(r.TP, "PRIVATE-TOKEN: «glpat-"+fake("glpat3", aB64URL, 20)+"."+fake("glpat4", aAlnum, 9)+"."+fake("glpat5", aLowNum, 9)+"»")
			// The longer (routable) form first: RE2 takes the first
			// alternative that matches, and '.' may end the short one.
			r.Pattern = `\b(glpat-[A-Za-z0-9_-]{20,64}\.[A-Za-z0-9]{9}\.[a-z0-9]{9}|glpat-[A-Za-z0-9_-]{20,64}(?:\.[0-9a-z]{2}\.[a-z0-9]{9})?)(?:[^A-Za-z0-9_-]|$)`
			r.MaxLen = 100
		case "gitlab-pipeline-trigger-token":
			r.Pattern = `\b(glptt-[a-f0-9]{40})\b`
			r.TP = []string{"curl -F token=«glptt-" + fake("glptt1", aHex, 40) + "» https://gitlab.com/api/v4/projects/1/trigger/pipeline", "TRIGGER_TOKEN=«glptt-" + fake("glptt2", aHex, 40) + "»"}
		case "gitlab-runner-registration-token":
			r.Pattern = `\b(GR1348941[A-Za-z0-9_-]{20})(?:[^A-Za-z0-9_-]|$)`
			r.MaxLen = 30
		}
		rules = append(rules, r)
	}
	return rules
}
