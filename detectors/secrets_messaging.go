package detectors

import "encoding/base64"

// fakeDiscordBot is a made-up Discord bot token: base64 of a numeric id,
// a timestamp part and an HMAC part.
func fakeDiscordBot(seed string) string {
	id := "1" + fake(seed+"id", aDigits, 17)
	return base64.RawStdEncoding.EncodeToString([]byte(id)) + "." + fake(seed+"ts", aB64URL, 6) + "." + fake(seed+"mac", aB64URL, 38)
}

// Messaging and email: Slack, Discord, Telegram, Twilio, SendGrid,
// Mailgun, Mailchimp, Postmark and others.
func messagingRules() []Rule {
	return []Rule{
		{
			ID: "slack-bot-token", Type: "SLACK_TOKEN", Category: Secret,
			Description: "Slack bot token",
			Keywords:    []string{"xoxb-"},
			Pattern:     `\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24})\b`, Group: 1,
			Score: 0.95, MaxLen: 60,
			TP: []string{"SLACK_BOT_TOKEN=«xoxb-2749163850-4829163750418-" + fake("slb1", aAlnum, 24) + "»", "«xoxb-12345678901-1234567890123-" + fake("slb2", aAlnum, 24) + "»"},
			FP: []string{"xoxb-your-token-here", "xoxb-123-456-abc"},
		},
		{
			// The web client's session: an xoxc- token (three numbers and
			// 64 hex) that works only with its d cookie, an xoxd- value
			// (URL-encoded in a Cookie header). Either grants the
			// signed-in user's access.
			ID: "slack-client-session", Type: "SLACK_TOKEN", Category: Secret,
			Description: "Slack web-client session token (xoxc-) and its d cookie (xoxd-)",
			Keywords:    []string{"xoxc-", "xoxd-"},
			Pattern:     `\b(xoxc-[0-9]{6,13}-[0-9]{6,13}-[0-9]{6,13}-[a-f0-9]{64}|xoxd-(?:[A-Za-z0-9+/_-]|%2[BbFf]|%3[Dd]){60,400})(?:[^A-Za-z0-9%+/_=-]|$)`, Group: 1,
			MinEntropy: 3.5, Score: 0.95, MaxLen: 420,
			TP: []string{"SLACK_TOKEN=«xoxc-343023059693-916419403766-5057400820789-" + fake("slc1", aHex, 64) + "»",
				"Cookie: d=«xoxd-" + fake("slc2", aAlnum, 30) + "%2F" + fake("slc3", aAlnum, 50) + "%2B" + fake("slc4", aAlnum, 40) + "%3D%3D»; d-s=1700000000"},
			FP: []string{"xoxc-1-2-3-abc", "xoxd-" + xs(80)},
		},
		{
			ID: "slack-user-token", Type: "SLACK_TOKEN", Category: Secret,
			Description: "Slack user, app-level, configuration and legacy tokens",
			Keywords:    []string{"xoxp-", "xoxa-", "xoxo-", "xoxr-", "xoxs-", "xoxe-", "xoxe.", "xapp-"},
			Pattern:     `\b((?:xox[paors]|xoxe\.xox[bp]|xoxe)-[0-9]{1,13}-[0-9A-Za-z-]{20,200}|xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{64})\b`, Group: 1,
			MinEntropy: 3.0, Score: 0.9, MaxLen: 230,
			TP: []string{"«xoxp-2749163850-2749163851-4829163750418-" + fake("slu1", aHex, 32) + "»", "«xapp-1-A04BCDEF123-4829163750418-" + fake("slu2", aHex, 64) + "»", "SLACK_CONFIG_TOKEN=«xoxe.xoxp-1-" + fake("slu3", aAlnum, 140) + "»"},
			FP: []string{"xoxp-token-goes-here", "xoxp-1-2"},
		},
		{
			ID: "slack-webhook-url", Type: "SLACK_WEBHOOK_URL", Category: Secret,
			Description: "Slack incoming-webhook, workflow (Workflow Builder) or trigger URL",
			Keywords:    []string{"hooks.slack.com"},
			// services/T…/B…/secret; workflows/T…/A…/<workflow id>/secret;
			// triggers/T…/<trigger id>/<32 hex>.
			Pattern: `(https://hooks\.slack\.com/(?:(?:services|workflows|triggers)/T[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/(?:[0-9]{10,20}/)?[A-Za-z0-9]{20,40}|triggers/T[A-Z0-9]{8,12}/[0-9]{10,16}/[a-f0-9]{32}))`, Group: 1,
			Score: 0.95, MaxLen: 150,
			TP: []string{"«https://hooks.slack.com/services/T04BCDE12/B05FGHI34/" + fake("slw1", aAlnum, 24) + "»", "curl -X POST «https://hooks.slack.com/services/TABCDEFGH/BABCDEFGH/" + fake("slw2", aAlnum, 24) + "» -d '{}'",
				"url: «https://hooks.slack.com/workflows/T01ABCDEF2G/A05PQRSTU6V/478312345678901234/" + fake("slw3", aAlnum, 24) + "»",
				"POST «https://hooks.slack.com/triggers/T01ABCDEF2G/5412345678901/" + fake("slw4", aHex, 32) + "»"},
			FP: []string{"https://hooks.slack.com/services/T000/B000/XXXX", "see https://api.slack.com/messaging/webhooks"},
		},
		{
			ID: "discord-bot-token", Type: "DISCORD_BOT_TOKEN", Category: Secret,
			Description: "Discord bot token next to a Discord name; verified when its first part decodes to a numeric id",
			Keywords:    kw("discord", "bot "),
			Pattern:     `(?:(?i:discord)[\w.\- ]{0,40}?["']?\s{0,4}(?:[:=(]|\s)\s{0,4}["']?|Bot )([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})\b`, Group: 1,
			Validate: DiscordBotToken, Verification: "base64-id",
			MinEntropy: 4.0, Score: 0.9, MaxLen: 150,
			TP: []string{"DISCORD_TOKEN=«" + fakeDiscordBot("dc1") + "»", "Authorization: Bot «" + fakeDiscordBot("dc2") + "»"},
			FP: []string{"DISCORD_TOKEN=" + "M" + xs(23) + "." + xs(6) + "." + xs(30), "discord.py bot tutorial"},
		},
		{
			ID: "discord-webhook-url", Type: "DISCORD_WEBHOOK_URL", Category: Secret,
			Description: "Discord webhook URL",
			Keywords:    []string{"/api/webhooks/"},
			Pattern:     `(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,68})`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 140,
			TP: []string{"«https://discord.com/api/webhooks/1" + fake("dw1", aDigits, 18) + "/" + fake("dw2", aB64URL, 68) + "»", "WEBHOOK=«https://discordapp.com/api/webhooks/9" + fake("dw3", aDigits, 17) + "/" + fake("dw4", aB64URL, 68) + "»"},
			FP: []string{"https://discord.com/api/webhooks/{webhook.id}/{webhook.token}", "https://discord.com/api/webhooks/123/abc"},
		},
		{
			ID: "telegram-bot-token", Type: "TELEGRAM_BOT_TOKEN", Category: Secret,
			Description: "Telegram Bot API token (id:secret) next to a Telegram name or in an api.telegram.org URL",
			Keywords:    kw("telegram", "bot_token", "tg_token"),
			Pattern:     `(?:(?i:telegram|bot_token|tg_token)[\w.\- ]{0,40}?["']?\s{0,4}(?:[:=(]|\s)\s{0,4}["']?|api\.telegram\.org/bot)(\d{8,10}:[A-Za-z0-9_-]{35})\b`, Group: 1,
			MinEntropy: 4.0, Score: 0.9, MaxLen: 110,
			TP: []string{"TELEGRAM_BOT_TOKEN=«7" + fake("tg1", aDigits, 9) + ":AA" + fake("tg2", aB64URL, 33) + "»", "curl https://api.telegram.org/bot«6" + fake("tg3", aDigits, 9) + ":AA" + fake("tg4", aB64URL, 33) + "»/getMe"},
			FP: []string{"TELEGRAM_BOT_TOKEN=123456789:" + xs(35), "https://api.telegram.org/bot<token>/getMe"},
		},
		{
			ID: "twilio-api-key", Type: "TWILIO_API_KEY", Category: Secret,
			Description: "Twilio API key SID next to the word twilio",
			Keywords:    []string{"twilio"},
			Pattern:     `(?i:twilio)[^\n]{0,60}?\b(SK[0-9a-f]{32})\b`, Group: 1,
			MinEntropy: 3.0, Score: 0.85, MaxLen: 120,
			TP: []string{"TWILIO_API_KEY=«SK" + fake("twk1", aHex, 32) + "»", "twilio key: «SK" + fake("twk2", aHex, 32) + "»"},
			FP: []string{"SK3f9a2c7e1b5d8f0a6c4e2b9d7f1a3c5e without the provider", "twilio SK00000000000000000000000000000000"},
		},
		{
			ID: "twilio-auth-token", Type: "TWILIO_AUTH_TOKEN", Category: Secret,
			Description: "Twilio account auth token in an assignment",
			Keywords:    []string{"twilio_auth_token", "twilio_token", "auth_token"},
			Pattern:     `(?i)(?:twilio_)?auth_token["']?\s*[:=]\s*["']?([a-f0-9]{32})\b`, Group: 1,
			MinEntropy: 3.0, Score: 0.85, MaxLen: 80,
			TP: []string{"TWILIO_AUTH_TOKEN=«" + fake("twa1", aHex, 32) + "»", `auth_token: "«` + fake("twa2", aHex, 32) + `»"`},
			FP: []string{"auth_token=00000000000000000000000000000000", "auth_token: ${TWILIO_AUTH_TOKEN}"},
		},
		{
			ID: "sendgrid-api-key", Type: "SENDGRID_API_KEY", Category: Secret,
			Description: "SendGrid API key",
			Keywords:    []string{"sg."},
			Pattern:     `\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)`, Group: 1,
			MinEntropy: 4.0, Score: 0.95, MaxLen: 72,
			TP: []string{"SENDGRID_API_KEY=«SG." + fake("sg1", aB64URL, 22) + "." + fake("sg2", aB64URL, 43) + "»", "«SG." + fake("sg3", aB64URL, 22) + "." + fake("sg4", aB64URL, 43) + "»"},
			FP: []string{"SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "config SG.prod.eu"},
		},
		{
			ID: "mailgun-api-key", Type: "MAILGUN_API_KEY", Category: Secret,
			Description: "Mailgun private API key (key- prefix)",
			Keywords:    []string{"key-"},
			Pattern:     `\b(key-[0-9a-f]{32})\b`, Group: 1,
			MinEntropy: 3.2, Score: 0.8, MaxLen: 40,
			TP: []string{"MAILGUN_API_KEY=«key-" + fake("mg1", aHex, 32) + "»", "api:«key-" + fake("mg2", aHex, 32) + "»"},
			FP: []string{"key-value store", "key-00000000000000000000000000000000"},
		},
		{
			ID: "mailgun-api-key-v2", Type: "MAILGUN_API_KEY", Category: Secret,
			Description: "Mailgun API or webhook signing key (32 hex-8 hex-8 hex) next to a Mailgun name",
			Keywords:    kw("mailgun"),
			Pattern:     near([]string{"mailgun"}, `[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}`), Group: 1,
			MinEntropy: 3.3, Score: 0.85, MaxLen: nearLen(50),
			TP: []string{"MAILGUN_API_KEY=«" + fake("mg3", aHex, 32) + "-" + fake("mg4", aHex, 8) + "-" + fake("mg5", aHex, 8) + "»", "mailgun_signing_key: «" + fake("mg6", aHex, 32) + "-" + fake("mg7", aHex, 8) + "-" + fake("mg8", aHex, 8) + "»"},
			FP: []string{"MAILGUN_API_KEY=" + xs(32) + "-" + xs(8) + "-" + xs(8), "MAILGUN_DOMAIN=mg.acme.io"},
		},
		{
			ID: "mailchimp-api-key", Type: "MAILCHIMP_API_KEY", Category: Secret,
			Description: "Mailchimp Marketing API key (32 hex + data-center suffix)",
			Keywords:    []string{"-us1", "-us2", "-us3", "-us4", "-us5", "-us6", "-us7", "-us8", "-us9"},
			Pattern:     `\b([0-9a-f]{32}-us[0-9]{1,2})\b`, Group: 1,
			MinEntropy: 3.3, Score: 0.9, MaxLen: 40,
			TP: []string{"MAILCHIMP_API_KEY=«" + fake("mc1", aHex, 32) + "-us21»", "client.setConfig({apiKey: '«" + fake("mc2", aHex, 32) + "-us6»'})"},
			FP: []string{xs(32) + "-us6", "server prefix us6, e.g. en-us1"},
		},
		{
			ID: "mandrill-api-key", Type: "MAILCHIMP_API_KEY", Category: Secret,
			Description: "Mailchimp Transactional (Mandrill) API key (md- prefix) next to a Mandrill name",
			Keywords:    kw("mandrill"),
			Pattern:     near([]string{"mandrill"}, `md-[A-Za-z0-9_-]{22}`), Group: 1,
			MinEntropy: 3.8, Score: 0.85, MaxLen: nearLen(25),
			TP: []string{"MANDRILL_API_KEY=«md-" + fake("md1", aB64URL, 22) + "»", "mandrill_key: «md-" + fake("md2", aAlnum, 22) + "»"},
			FP: []string{"MANDRILL_API_KEY=md-" + xs(22), "mandrill templates"},
		},
		{
			ID: "postmark-server-token", Type: "POSTMARK_TOKEN", Category: Secret,
			Description: "Postmark server or account token (UUID) next to a Postmark name or header",
			Keywords:    kw("postmark"),
			Pattern:     near([]string{"postmark"}, `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), Group: 1,
			MinEntropy: 3.0, Score: 0.85, MaxLen: nearLen(36),
			TP: []string{"POSTMARK_SERVER_TOKEN=«" + fakeUUID("pm1") + "»", "X-Postmark-Server-Token: «" + fakeUUID("pm2") + "»"},
			FP: []string{"X-Postmark-Server-Token: 00000000-0000-0000-0000-000000000000", "POSTMARK_FROM=ops@acme.io"},
		},
		{
			ID: "microsoft-teams-webhook", Type: "TEAMS_WEBHOOK_URL", Category: Secret,
			Description: "Microsoft Teams incoming-webhook URL",
			Keywords:    []string{"webhook.office.com"},
			Pattern:     `(https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}(?:/[A-Za-z0-9_-]{40,60})?)`, Group: 1,
			MinEntropy: 3.5, Score: 0.95, MaxLen: 300,
			TP: []string{"«https://acme.webhook.office.com/webhookb2/" + fakeUUID("tm1") + "@" + fakeUUID("tm2") + "/IncomingWebhook/" + fake("tm3", aHex, 32) + "/" + fakeUUID("tm4") + "»", "TEAMS_WEBHOOK=«https://contoso.webhook.office.com/webhookb2/" + fakeUUID("tm5") + "@" + fakeUUID("tm6") + "/IncomingWebhook/" + fake("tm7", aHex, 32) + "/" + fakeUUID("tm8") + "/V2" + fake("tm9", aB64URL, 48) + "»"},
			FP: []string{"https://acme.webhook.office.com/webhookb2/...", "webhook.office.com is the Teams host"},
		},
		{
			ID: "brevo-api-key", Type: "BREVO_API_KEY", Category: Secret,
			Description: "Brevo (Sendinblue) API or SMTP key (xkeysib-/xsmtpsib- prefix)",
			Keywords:    []string{"xkeysib-", "xsmtpsib-"},
			Pattern:     `\b(x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16})\b`, Group: 1,
			MinEntropy: 3.5, Score: 0.95, MaxLen: 90,
			TP: []string{"BREVO_API_KEY=«xkeysib-" + fake("bv1", aHex, 64) + "-" + fake("bv2", aAlnum, 16) + "»", "smtp_pass: «xsmtpsib-" + fake("bv3", aHex, 64) + "-" + fake("bv4", aAlnum, 16) + "»"},
			FP: []string{"xkeysib-" + xs(64) + "-" + xs(16), "xkeysib-your-key"},
		},
		{
			ID: "vonage-api-secret", Type: "VONAGE_API_SECRET", Category: Secret,
			Description: "Vonage (Nexmo) API secret (16 characters) next to a Vonage name",
			Keywords:    kw("vonage", "nexmo"),
			Pattern:     near([]string{"vonage", "nexmo"}, `[A-Za-z0-9]{16}`), Group: 1,
			MinEntropy: 3.4, Score: 0.8, MaxLen: nearLen(16),
			TP: []string{"VONAGE_API_SECRET=«" + fake("vn1", aAlnum, 16) + "»", "nexmo_secret: «" + fake("vn2", aAlnum, 16) + "»"},
			FP: []string{"VONAGE_API_SECRET=" + xs(16), "vonage_application_name: support"},
		},
		{
			ID: "messagebird-api-key", Type: "MESSAGEBIRD_API_KEY", Category: Secret,
			Description: "MessageBird / Bird access key (25 characters) next to its name",
			Keywords:    kw("messagebird", "message_bird"),
			Pattern:     near([]string{"messagebird", "message_bird"}, `[A-Za-z0-9]{25}`), Group: 1,
			MinEntropy: 3.8, Score: 0.8, MaxLen: nearLen(25),
			TP: []string{"MESSAGEBIRD_API_KEY=«" + fake("mb1", aAlnum, 25) + "»", "messagebird.initClient('«" + fake("mb2", aAlnum, 25) + "»')"},
			FP: []string{"MESSAGEBIRD_API_KEY=" + xs(25), "messagebird_originator: Acme"},
		},
		{
			ID: "pusher-app-secret", Type: "PUSHER_SECRET", Category: Secret,
			Description: "Pusher Channels app secret (20 hex) next to a Pusher name",
			Keywords:    kw("pusher"),
			Pattern:     `(?i:pusher)[\w.\-]{0,20}(?i:secret)["']?\s{0,4}[:=]\s{0,4}["']?([a-f0-9]{20})\b`, Group: 1,
			MinEntropy: 3.3, Score: 0.85, MaxLen: 80,
			TP: []string{"PUSHER_APP_SECRET=«" + fake("pu1", aHex, 20) + "»", "pusher_secret: '«" + fake("pu2", aHex, 20) + "»'"},
			FP: []string{"PUSHER_APP_SECRET=" + xs(20), "PUSHER_APP_CLUSTER=eu"},
		},
	}
}
