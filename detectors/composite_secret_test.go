package detectors_test

import (
	"slices"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
	"github.com/sluice-dlp/sluice/engine"
)

// Made-up credentials in their providers' published formats.
const (
	cAKIA   = "AKIAQSLOJOLIENSB3IAR"
	cASIA   = "ASIAJFQ43IQWO73X3UHW"
	cABIA   = "ABIAQ4I44LSMLWQX5QRZ"
	cACCA   = "ACCAI7PPMXIE35YA3COJ"
	cSecret = "/4gU0gsZvRe/bFEtrXlYVOcVI2E4rLAQnP0miJ8u"
	cSec2   = "EAoqT/8calEwUSh2bh2etfk2as2Eoy6LIFAnY59x"
	cSec3   = "qHl3RSGOvUbnmxlEsQMu+43FslQGpVQAfTL9vJsh"
	cSec4   = "bGee4YyGGORvymTmhLvGDVBNiLq2UlFOMnzx8xiT"
	cIQoJ   = "IQoJb3JpZ2luX2VjET5mADhjqcfv1U90hT77Yw8YDE9WQNARnK/Hb2DCSmTG2gc+CMfoB5rcG2eBMvS7tRsdkLgRQWNHSD7tw/0I4jrwPapwJ91mD5x09HKgbASpma3lBaLOQIxboUCUXGHd3W0K+TOGsGWL2n1mfhk1kjbMKUGPgTcnMN/4NF1R9d9quPA+LMi5B1RARfsT23CtuqsYNSUV2H3P+0aTwCyyr2zkKfzVG74N5SFYDe3F/i2FsY6zU4a3yHyzcY2aEEC5yzQ6L/+5KBH+WeOD1a79E1FZj/TSTCWIlV8Y/AfI7OIIx=="
	cFwoG   = "FwoGZXIvYXdzEWYHDwa5qS5WReJ2Vz0fnk5AN46eXhC7bjAQ2qe4CziMREq4DJJOuKW+7A7CrsK00KarTPTJxl/k1Z/YNxmFJn5Z8BG2J8naPpBm8CVqEl3A2R2GvTVuxfm9aCMoVHfcktzkBBYhIeRN1y4logI2kd3P9fNIaOqbVLszfYoPKp071xzJu0Whlw9ISItBqt11xUNbyNaPy0+azJi54AuYk/jXvkrhX"
	cTenant = "e929863f-2e19-4e5b-af68-eda8c4a12f6d"
	cClient = "9bd6c1fd-0a89-42d2-a197-62e04ef60035"
	cAzSec  = "6Cg8Q~QlmE54MlxdEB_j9XSXNDrDFiUjoxtdakcp"
	cAzOld  = "~dEkaCfbiOGp.QdVBfNrAR5lnRoj[VDO"
	cAzOld2 = "WwsVwM0dXPBIV0LO]0CSPFli9owloWPJ"
	cRT0    = "0.ApJwWFQZ78gFKHJi8M8sg8DQplWlxgs17zVbIV7e2TSFpSrN5ruAaB1mxTgEG0cpUOHO8WQ0U2hbAF0c7e4jla-H0iOtp55eoQqdhYoxWrr7E7yvyP-FPM_MdFL6L62jPDbr_FnqPiWQzbQWWg_Zoh5OtMuHeqfDOraDBkGOfWF4SqILxrbr1UGmtc_AGQ5NLJgav98mTrQsM5N6OuG7-iCfgG997mdjFk6TosdCuZQaOPjaK-jmS1wwmROqJhBU9P8abxSufVO9Axu_jfeGhWFcTxq96d5gSSmkKIWSilhn8wTGuL7s0QkowowM6k44eABWIjUTRVKGaGy5quwDYyyVxsOUKv42yRca3qLOmEcEJbgCXwUx9vq5F4NPJFnwMGqy2Nk6q50vGkepr.W-1CqbcTs9C7TipzRbiM"
	cRT1    = "1.A4HxRi-99iKkGJzc4v5MacM6gevTAulPs23zaYXOcKtBbiuDU6UQ9nURRdjzcDs1ujC0-YavLSU6tuRTejpjjfGAQqIVTDmNNaSAOVkkzjF9vDy8uh3XCHu3qolzR1KAmG5WOrAoloy99YcBG4GA184MfQJWTrWtqcy0TM6l0V4REt4qVKtekkmmOyeY15Ki0xQu_aOa-TJY-SNipa9xkAb3nMgAzamTmH1s4Gw2nOtlOUYBT2cHadFQcfTzl5tWGG5ckq1V15hIYMX8uIIWtP2tNflIeuV-QItMvDbsI1Pa6"
	cAzJWT  = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6Im5PbzNaRHJPRFhFSzFqS1doWHNsSFJfS1hFZyJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tLyIsImlzcyI6Imh0dHBzOi8vc3RzLndpbmRvd3MubmV0L2U5Mjk4NjNmLTJlMTktNGU1Yi1hZjY4LWVkYThjNGExMmY2ZC8iLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMCwiYXBwaWQiOiI5YmQ2YzFmZC0wYTg5LTQyZDItYTE5Ny02MmUwNGVmNjAwMzUiLCJ0aWQiOiJlOTI5ODYzZi0yZTE5LTRlNWItYWY2OC1lZGE4YzRhMTJmNmQifQ.pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o76umfXfKm_r5kJP1VrT-1FJors_6ILi8IHn5kxsC7tVO"
	cOkta   = "00FoLSdhluD9LWw72s1MChWeIBCN1eWa6XqN3KP2zG"
	cTwSID  = "ACeb8a85fddba6554e2daba17c6fd0aed4"
	cTwTok  = "38ab4a9516c53ae5994c1450dc2a895a"
	cMg1    = "key-4d2292aaa5ca46d633a8799ff80784f6"
	cMg2    = "74e01f1bdc5defe9c02e6e4f54973072-6fdc344d-bceca3f6"
	cAtl    = "MrAottiRDdjW4CAeZpvfd55T"
	cATATT  = "ATATT3xFfGF0R_9UXE2llqSTEqp_QltWCUiBEp_Uf4BrcdP34dCxKKMbbW8ogsyO7qvbJRQVQlqixQY3j_QaMGKhtsxb6ER83eSFPDl_m6YcL3kjo8evZ-pHGeEHxw4Rv0BiI4GK8j22fVleW6XoazrdHMJ0EyaR7Om-RbEe6uaAt7q05V3uyf=EEA714DB"
	cDDAPI  = "ef38ac631ab0af68e19a5af358dc0379"
	cDDApp  = "eb1100003c7356ddfc973eb1c30b675e71422445"
	cGCPKid = "94978278947bec540a2123e7cefa30c14d732f64"
	cGCPKey = "-----BEGIN PRIVATE KEY-----\\ngtD7fGUOv8fwNfBb0jXxUJR4QQAAabVVloZaXZxmCu1VShIqmArIntn9oX98WHgC\\ntzC1uwB5FXZPf7stg7NvlE3LaruSrjLnonWKTn9UGKzEesg61SHE/qaQQ0NV3vTH\\n1lS6V6+o9jl8zSOwW/rXL+iuItEnuj+hlrWB8gpj7ktsjs0sW5uqSVZu9kK1V1mi\\nDZU4XcXF8cVGROoX9YE17swJaevAszj0OvEmMlrltQ10v7SUw9ZRLsAwNpSpw23c\\n/l9wxUhm/g1Con+kS9DP4flFRyB9jf8Ef+iTkl/8PCQmkrlD7suQEAg6NYB229x8\\nyZl7ImA3k8nSV9/qT2GIdiKIDq2Iz+GPPcORl4TXX0UIbFNwJjHPzRB3Lo++tvHR\\n-----END PRIVATE KEY-----"
)

// TestCompositeCredentials scans credential sets as users paste them
// (config files, environment exports, SDK output) with the whole built-in
// policy: every part that grants access is marked «…» and must be found
// with exactly that span, and nothing else may be reported as a secret
// (hosts, domains, user names and labels stay).
func TestCompositeCredentials(t *testing.T) {
	cases := []struct{ name, text string }{
		{"aws credentials file", "[default]\naws_access_key_id = «" + cAKIA + "»\naws_secret_access_key = «" + cSecret + "»\naws_session_token = «" + cIQoJ + "»\n"},
		{"aws temporary env", "export AWS_ACCESS_KEY_ID=«" + cASIA + "»\nexport AWS_SECRET_ACCESS_KEY=«" + cSec2 + "»\nexport AWS_SESSION_TOKEN=«" + cFwoG + "»\n"},
		{"aws sts json", `{"Credentials": {"AccessKeyId": "«` + cASIA + `»", "SecretAccessKey": "«` + cSec3 + `»", "SessionToken": "«` + cIQoJ + `»", "Expiration": "2026-01-01T00:00:00Z"}}`},
		{"aws abia with secret label", "id: «" + cABIA + "»\nsecret: «" + cSec4 + "»\n"},
		{"aws acca secret first", "secret «" + cSec2 + "» for key «" + cACCA + "»"},
		{"azure env", "AZURE_TENANT_ID=«" + cTenant + "»\nAZURE_CLIENT_ID=«" + cClient + "»\nAZURE_CLIENT_SECRET=«" + cAzSec + "»\n"},
		{"azure tokens json", `{"token_type": "Bearer", "access_token": "«` + cAzJWT + `»", "refresh_token": "«` + cRT0 + `»", "authority": "https://login.microsoftonline.com/", "tenant_id": "«` + cTenant + `»"}`},
		{"azure refresh 1.A", "refresh_token=«" + cRT1 + "»"},
		{"azure legacy client secret", "ARM_TENANT_ID=«" + cTenant + "»\nARM_CLIENT_ID=«" + cClient + "»\nARM_CLIENT_SECRET=«" + cAzOld + "»\n"},
		{"azure legacy secret in json", `{"azure": {"clientId": "«` + cClient + `»", "clientSecret": "«` + cAzOld2 + `»"}}`},
		{"okta yaml", "okta:\n  client:\n    orgUrl: https://dev-123456.okta.com\n    token: «" + cOkta + "»\n"},
		{"okta token before domain", "api_token = '«" + cOkta + "»'  # for acme.oktapreview.com"},
		{"okta csv", "acme,dev-123456.okta.com,«" + cOkta + "»\n"},
		{"okta emea", "OKTA_ORG=acme.okta-emea.com\nOKTA_KEY=«" + cOkta + "»"},
		{"twilio env", "TWILIO_ACCOUNT_SID=«" + cTwSID + "»\nTWILIO_AUTH_TOKEN=«" + cTwTok + "»\n"},
		{"twilio client", "client = Client(\"«" + cTwSID + "»\", \"«" + cTwTok + "»\")  # twilio"},
		{"mailgun", "MAILGUN_API_KEY=«" + cMg1 + "»\nMAILGUN_DOMAIN=mg.example.org\n"},
		{"mailgun new key", "mailgun:\n  domain: mg.example.org\n  api_key: «" + cMg2 + "»\n"},
		{"atlassian", "JIRA_URL=https://acme.atlassian.net\nJIRA_USER=ops@acme.example\nJIRA_API_TOKEN=«" + cATATT + "»\n"},
		{"atlassian legacy", "confluence:\n  user: ops@acme.example\n  token: «" + cAtl + "»\n"},
		{"gcp service account json", `{"type": "service_account", "project_id": "acme-prod", "private_key_id": "«` + cGCPKid + `»", "private_key": "«` + cGCPKey + `»\\n", "client_email": "ci@acme-prod.iam.gserviceaccount.com", "client_id": "104729385610293847561"}`},
		{"mailgun curl", "curl -s --user 'api:«" + cMg2 + "»' https://api.mailgun.net/v3/mg.example.org/messages"},
		{"atlassian python", "jira = JIRA(server='https://acme.atlassian.net', basic_auth=('ops@acme.example', '«" + cAtl + "»'))"},
		{"datadog env", "DD_API_KEY=«" + cDDAPI + "»\nDD_APP_KEY=«" + cDDApp + "»\n"},
	}
	s, err := engine.Compile(engine.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text, want, err := detectors.ParseExample(c.text)
			if err != nil {
				t.Fatal(err)
			}
			var got [][2]int
			for _, f := range find(t, s, text) {
				if f.Category == string(detectors.Secret) {
					got = append(got, [2]int{f.Start, f.End})
				}
			}
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("%q not found with its exact span", text[w[0]:w[1]])
				}
			}
			for _, g := range got {
				if !slices.Contains(want, g) {
					t.Errorf("secret finding %q is not one of the marked parts", text[g[0]:g[1]])
				}
			}
		})
	}
}
