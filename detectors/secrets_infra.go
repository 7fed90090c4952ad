package detectors

// fakeAgeKey is a made-up age X25519 identity with a valid bech32
// checksum.
func fakeAgeKey(seed string) string {
	return upper(bech32Encode("age-secret-key-", []byte(fake(seed, aAlnum, 32))))
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// k8sPayload is the claim set of a made-up legacy service-account token.
const k8sPayload = `{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"ci","kubernetes.io/serviceaccount/secret.name":"deployer-token-x7k2p","kubernetes.io/serviceaccount/service-account.name":"deployer","sub":"system:serviceaccount:ci:deployer"}`

// k8sBoundPayload is the claim set of a made-up projected (bound) token.
const k8sBoundPayload = `{"aud":["https://kubernetes.default.svc.cluster.local"],"exp":1767225600,"iat":1735689600,"iss":"https://kubernetes.default.svc.cluster.local","kubernetes.io":{"namespace":"prod","serviceaccount":{"name":"api","uid":"0b6c3c8e-2f55-4a8e-9d1e-6f1f4c7f0a11"}},"sub":"system:serviceaccount:prod:api"}`

// Infrastructure and secret managers: HashiCorp Vault and Terraform,
// Kubernetes, Docker Swarm, Pulumi, Doppler, 1Password, age and others.
func infraRules() []Rule {
	return []Rule{
		{
			ID: "vault-token", Type: "VAULT_TOKEN", Category: Secret,
			Description: "HashiCorp Vault service (hvs.), batch (hvb.) or recovery (hvr.) token",
			Keywords:    []string{"hvs.", "hvb.", "hvr."},
			Pattern:     `\b(hv[sbr]\.[A-Za-z0-9_-]{24,})(?:[^A-Za-z0-9_.-]|$)`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 310,
			TP: []string{"VAULT_TOKEN=«hvs." + fake("hv1", aB64URL, 90) + "»", "vault login «hvb." + fake("hv2", aB64URL, 120) + "»"},
			FP: []string{"hvs." + xs(90), "hvs.token"},
		},
		{
			ID: "vault-token-legacy", Type: "VAULT_TOKEN", Category: Secret,
			Description: "legacy Vault token (s./b. + 24) next to a Vault name",
			Keywords:    kw("vault"),
			Pattern:     near([]string{"vault"}, `[sb]\.[A-Za-z0-9]{24}`), Group: 1,
			MinEntropy: 3.8, Score: 0.85, MaxLen: nearLen(26),
			TP: []string{"VAULT_TOKEN=«s." + fake("hvl1", aAlnum, 24) + "»", "vault_token: \"«s." + fake("hvl2", aAlnum, 24) + "»\""},
			FP: []string{"VAULT_TOKEN=s." + xs(24), "VAULT_ADDR=https://vault.acme.io:8200"},
		},
		{
			ID: "terraform-cloud-token", Type: "TERRAFORM_TOKEN", Category: Secret,
			Description: "Terraform Cloud / Enterprise API token (<14>.atlasv1.<60-70>)",
			Keywords:    []string{".atlasv1."},
			Pattern:     `\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?:[^A-Za-z0-9_=-]|$)`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 95,
			TP: []string{"TF_TOKEN_app_terraform_io=«" + fake("tf1", aAlnum, 14) + ".atlasv1." + fake("tf2", aB64URL, 67) + "»", `credentials "app.terraform.io" { token = "«` + fake("tf3", aAlnum, 14) + ".atlasv1." + fake("tf4", aAlnum, 67) + `»" }`},
			FP: []string{xs(14) + ".atlasv1." + xs(67), "token.atlasv1.short"},
		},
		{
			ID: "kubernetes-service-account-token", Type: "KUBERNETES_TOKEN", Category: Secret,
			Description: "Kubernetes service-account token (a JWT issued by the cluster); verified by its claims",
			Keywords:    []string{"eyj"},
			Pattern:     `\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})`, Group: 1,
			Validate: KubernetesToken, Verification: "k8s-claims",
			Score: 0.95, MaxLen: 2600,
			TP: []string{"token: «" + fakeJWT(`{"alg":"RS256","kid":"k1"}`, k8sPayload, "k8s1") + "»", "kubectl --token=«" + fakeJWT(`{"alg":"RS256","kid":"k2"}`, k8sBoundPayload, "k8s2") + "» get pods"},
			FP: []string{"Bearer " + fakeJWT(`{"alg":"HS256","typ":"JWT"}`, `{"sub":"42","name":"Ada"}`, "k8s3"), "eyJhbGci.eyJzdWIi"},
		},
		{
			ID: "kubeconfig-user-token", Type: "KUBERNETES_TOKEN", Category: Secret,
			Description: "static bearer token under a kubeconfig user entry",
			Keywords:    []string{"user:"},
			Pattern:     `user:[ \t]*\r?\n[ \t]+token:[ \t]*["']?([A-Za-z0-9._~+/:-]{20,})`, Group: 1,
			Validate: NotPlaceholder, MinEntropy: 3.8, Score: 0.9, MaxLen: 1040,
			TP: []string{"users:\n- name: admin\n  user:\n    token: «kubeconfig-u-" + fake("kcu1", aLowNum, 12) + ":" + fake("kcu2", aLowNum, 54) + "»", "- name: ci\n  user:\n    token: «" + fake("kcu3", aB64URL, 64) + "»"},
			FP: []string{"users:\n- name: admin\n  user:\n    token: ${K8S_TOKEN}", "  user:\n    token: <paste-token-here>"},
		},
		{
			ID: "kubernetes-bootstrap-token", Type: "KUBERNETES_TOKEN", Category: Secret,
			Description: "kubeadm bootstrap token (6.16) after --token or in a bootstrap-token field",
			Keywords:    []string{"--token", "token:", "bootstrap-token", "bootstrap_token"},
			Pattern:     `(?:--token[= ]|token:\s*["']?|bootstrap[_-]token[\w.-]{0,20}["']?\s*[:=]\s*["']?)([a-z0-9]{6}\.[a-z0-9]{16})\b`, Group: 1,
			MinEntropy: 3.3, Score: 0.85, MaxLen: 70, Stopwords: []string{"abcdef.0123456789abcdef"},
			TP: []string{"kubeadm join 10.0.0.10:6443 --token «" + fake("kbt1", aLowNum, 6) + "." + fake("kbt2", aLowNum, 16) + "» --discovery-token-ca-cert-hash sha256:" + fake("kbt3", aHex, 64), "bootstrapTokens:\n- token: \"«" + fake("kbt4", aLowNum, 6) + "." + fake("kbt5", aLowNum, 16) + "»\""},
			FP: []string{"kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef", "--token " + xs(6) + "." + xs(16)},
		},
		{
			ID: "docker-swarm-join-token", Type: "DOCKER_SWARM_TOKEN", Category: Secret,
			Description: "Docker Swarm join or unlock token (SWMTKN-1- / SWMKEY-1-)",
			Keywords:    []string{"swmtkn-1-", "swmkey-1-"},
			Pattern:     `\b(SWMTKN-1-[a-z0-9]{50}-[a-z0-9]{25}|SWMKEY-1-[A-Za-z0-9+/]{43})`, Group: 1,
			MinEntropy: 3.8, Score: 0.95, MaxLen: 90,
			TP: []string{"docker swarm join --token «SWMTKN-1-" + fake("sw1", aLowNum, 50) + "-" + fake("sw2", aLowNum, 25) + "» 10.0.0.5:2377", "unlock key: «SWMKEY-1-" + fake("sw3", aB64, 43) + "»"},
			FP: []string{"SWMTKN-1-" + xs(50) + "-" + xs(25), "SWMTKN-1-<token>"},
		},
		{
			ID: "rancher-token", Type: "RANCHER_TOKEN", Category: Secret,
			Description: "Rancher API token (token-xxxxx:secret) next to a Rancher name",
			Keywords:    kw("rancher", "cattle_"),
			Pattern:     near([]string{"rancher", "cattle_"}, `token-[a-z0-9]{5}:[a-z0-9]{54}`), Group: 1,
			MinEntropy: 3.8, Score: 0.9, MaxLen: nearLen(66),
			TP: []string{"RANCHER_TOKEN=«token-" + fake("rn1", aLowNum, 5) + ":" + fake("rn2", aLowNum, 54) + "»", "CATTLE_TOKEN=«token-" + fake("rn3", aLowNum, 5) + ":" + fake("rn4", aLowNum, 54) + "»"},
			FP: []string{"RANCHER_TOKEN=token-abcde:" + xs(54), "RANCHER_URL=https://rancher.acme.io"},
		},
		{
			ID: "pulumi-access-token", Type: "PULUMI_TOKEN", Category: Secret,
			Description: "Pulumi access token (pul- prefix)",
			Keywords:    []string{"pul-"},
			Pattern:     `\b(pul-[a-f0-9]{40})\b`, Group: 1,
			MinEntropy: 3.3, Score: 0.95, MaxLen: 44,
			TP: []string{"PULUMI_ACCESS_TOKEN=«pul-" + fake("pul1", aHex, 40) + "»", "pulumi login --token «pul-" + fake("pul2", aHex, 40) + "»"},
			FP: []string{"pul-" + xs(40), "pul-request"},
		},
		{
			ID: "doppler-token", Type: "DOPPLER_TOKEN", Category: Secret,
			Description: "Doppler personal, service, CLI, service-account, SCIM or audit token (dp.pt./dp.st./dp.ct./dp.sa./dp.scim./dp.audit.)",
			Keywords:    []string{"dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."},
			Pattern:     `\b(dp\.(?:pt|st|ct|sa|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44})\b`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 90,
			TP: []string{"DOPPLER_TOKEN=«dp.st.prd." + fake("dp1", aAlnum, 43) + "»", "doppler configure set token «dp.pt." + fake("dp2", aAlnum, 43) + "»"},
			FP: []string{"dp.st." + xs(43), "dp.st.example"},
		},
		{
			ID: "onepassword-service-account-token", Type: "ONEPASSWORD_TOKEN", Category: Secret,
			Description: "1Password service-account token (ops_ + base64 JSON); verified when the JSON decodes",
			Keywords:    []string{"ops_eyj"},
			Pattern:     `\b(ops_eyJ[A-Za-z0-9+/_-]{100,}={0,2})`, Group: 1,
			Validate: Base64JSON, Verification: "base64-json",
			MinEntropy: 4.0, Score: 0.95, MaxLen: 1010,
			TP: []string{"OP_SERVICE_ACCOUNT_TOKEN=«ops_" + fakeJSON64(`{"signInAddress":"my.1password.com","userAuth":{"method":"SRPg-4096","alg":"PBES2g-HS256","iterations":650000,"salt":"`+fake("op1", aB64URL, 22)+`"},"email":"`+fake("op2", aLowNum, 12)+`@1passwordserviceaccounts.com","srpX":"`+fake("op3", aHex, 64)+`"}`, true) + "»", "export OP_SERVICE_ACCOUNT_TOKEN=\"«ops_" + fakeJSON64(`{"signInAddress":"acme.1password.eu","email":"`+fake("op4", aLowNum, 12)+`@1passwordserviceaccounts.eu","muk":{"k":"`+fake("op5", aB64URL, 43)+`"}}`, true) + "»\""},
			FP: []string{"ops_eyJ" + xs(120), "ops_eyJ..."},
		},
		{
			ID: "onepassword-secret-key", Type: "ONEPASSWORD_TOKEN", Category: Secret,
			Description: "1Password account Secret Key (A3-XXXXXX-...)",
			Keywords:    []string{"a3-"},
			Pattern:     `\b(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{6}-)?[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b`, Group: 1,
			MinEntropy: 3.5, Score: 0.95, MaxLen: 45,
			TP: []string{"Secret Key: «A3-" + fake("op6", aUpNum, 6) + "-" + fake("op7", aUpNum, 6) + "-" + fake("op8", aUpNum, 5) + "-" + fake("op9", aUpNum, 5) + "-" + fake("opa", aUpNum, 5) + "-" + fake("opb", aUpNum, 5) + "-" + fake("opc", aUpNum, 5) + "»", "OP_SECRET_KEY=«A3-" + fake("opd", aUpNum, 6) + "-" + fake("ope", aUpNum, 5) + "-" + fake("opf", aUpNum, 5) + "-" + fake("opg", aUpNum, 5) + "-" + fake("oph", aUpNum, 5) + "-" + fake("opi", aUpNum, 5) + "»"},
			FP: []string{"A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", "A3-paper size"},
		},
		{
			ID: "age-secret-key", Type: "AGE_SECRET_KEY", Category: Secret,
			Description: "age X25519 identity (AGE-SECRET-KEY-1...); verified by its bech32 checksum",
			Keywords:    []string{"age-secret-key-1"},
			Pattern:     `\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b`, Group: 1,
			Validate: Bech32, Verification: "bech32",
			Score: 0.95, MaxLen: 74,
			TP: []string{"# created: 2026-01-01\n# public key: age1...\n«" + fakeAgeKey("age1") + "»", "SOPS_AGE_KEY=«" + fakeAgeKey("age2") + "»"},
			FP: []string{"AGE-SECRET-KEY-1" + "QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ", "AGE-SECRET-KEY-1..."},
		},
		{
			ID: "consul-acl-token", Type: "CONSUL_TOKEN", Category: Secret,
			Description: "Consul or Nomad ACL token (UUID) next to its name",
			Keywords:    kw("consul", "nomad"),
			Pattern:     near([]string{"consul", "nomad"}, `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), Group: 1,
			MinEntropy: 3.0, Score: 0.8, MaxLen: nearLen(36),
			TP: []string{"CONSUL_HTTP_TOKEN=«" + fakeUUID("con1") + "»", "NOMAD_TOKEN=«" + fakeUUID("con2") + "»"},
			FP: []string{"CONSUL_HTTP_TOKEN=00000000-0000-0000-0000-000000000000", "CONSUL_HTTP_ADDR=127.0.0.1:8500"},
		},
		{
			ID: "infisical-token", Type: "INFISICAL_TOKEN", Category: Secret,
			Description: "Infisical service token (st.<id>.<secret>.<key>)",
			Keywords:    kw("infisical"),
			Pattern:     near([]string{"infisical"}, `st\.[a-f0-9]{24}\.[a-f0-9]{32}\.[a-f0-9]{32}`), Group: 1,
			MinEntropy: 3.5, Score: 0.9, MaxLen: nearLen(95),
			TP: []string{"INFISICAL_TOKEN=«st." + fake("inf1", aHex, 24) + "." + fake("inf2", aHex, 32) + "." + fake("inf3", aHex, 32) + "»", "infisical run --token «st." + fake("inf4", aHex, 24) + "." + fake("inf5", aHex, 32) + "." + fake("inf6", aHex, 32) + "»"},
			FP: []string{"INFISICAL_TOKEN=st." + xs(24) + "." + xs(32) + "." + xs(32), "infisical login"},
		},
		{
			ID: "jenkins-api-token", Type: "JENKINS_TOKEN", Category: Secret,
			Description: "Jenkins API token (11 + 32 hex) next to a Jenkins name",
			Keywords:    kw("jenkins"),
			Pattern:     near([]string{"jenkins"}, `11[a-f0-9]{32}`), Group: 1,
			MinEntropy: 3.3, Score: 0.85, MaxLen: nearLen(34),
			TP: []string{"JENKINS_API_TOKEN=«11" + fake("jk1", aHex, 32) + "»", "jenkins_token: «11" + fake("jk2", aHex, 32) + "»"},
			FP: []string{"JENKINS_API_TOKEN=11" + xs(32), "JENKINS_URL=https://ci.acme.io"},
		},
		{
			ID: "argocd-token", Type: "ARGOCD_TOKEN", Category: Secret,
			Description: "Argo CD auth token (JWT) next to an Argo CD name",
			Keywords:    kw("argocd"),
			Pattern:     `(?i:argocd)[\w.\- ]{0,30}?(?:["']?\s{0,4}[:=]|\s--auth-token[= ])\s{0,4}["']?(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,100})`, Group: 1,
			Validate: JWTClaims, Verification: "jwt",
			Score: 0.9, MaxLen: 1700,
			TP: []string{"ARGOCD_AUTH_TOKEN=«" + fakeJWT(`{"alg":"HS256","typ":"JWT"}`, `{"iss":"argocd","sub":"ci:apiKey","jti":"`+fakeUUID("argo1")+`"}`, "argo1") + "»", "argocd app sync web --auth-token «" + fakeJWT(`{"alg":"HS256"}`, `{"iss":"argocd","sub":"admin"}`, "argo2") + "»"},
			FP: []string{"ARGOCD_AUTH_TOKEN=$(cat token)", "argocd login argocd.acme.io"},
		},
	}
}
