package detectors

// secretValidators are validators only secret rules use; policy files may
// name them too.
var secretValidators = map[string]Validator{
	"crc32-base62":     CRC32Base62,
	"crc32-hex":        CRC32Hex,
	"pem":              PEMKey,
	"b64-pem":          Base64PEM,
	"jwt-claims":       JWTClaims,
	"k8s-sa-token":     KubernetesToken,
	"b64-json":         Base64JSON,
	"macaroon":         Macaroon,
	"base64-64":        Base64Key64,
	"basic-auth":       BasicAuth,
	"bech32":           Bech32,
	"discord-bot":      DiscordBotToken,
	"provider-token":   ProviderToken,
	"aws-secret-shape": awsSecretShape,
}

// secretRules is the credential catalogue, one function per provider
// family. Patterns are written from each provider's published token
// format; examples are made up in that format (see secrets_examples.go).
func secretRules() []Rule {
	var out []Rule
	for _, family := range [][]Rule{
		cloudRules(),
		sourceRules(),
		aiRules(),
		paymentRules(),
		messagingRules(),
		observabilityRules(),
		dataRules(),
		registryRules(),
		saasRules(),
		infraRules(),
		configRules(),
		providerRules(),
		keyRules(),
		genericRules(),
	} {
		out = append(out, family...)
	}
	return out
}
