package detectors

// Scoring of personal-data findings
//
// Every PII rule falls in one of four strength classes. The engine starts
// from the rule's base Score, adds contextBoost (+0.35, capped at 1) when
// one of the rule's Context words occurs within the policy's context
// window (64 bytes by default) on either side of the value, and drops the
// finding when the result is below the policy threshold (0.5 by default).
// A validator that confirms an embedded checksum (Verdict Verified) sets
// the score to 1.0 and reports the check as the finding's Verification.
//
//   - Checksummed, distinctive (scoreStrong, 0.6 base): a format that does
//     not occur by accident in technical text (letters in fixed places,
//     fixed punctuation, a country prefix, 15+ digits) and a check digit.
//     Reported without context; a passing checksum makes it 1.0, a failing
//     one drops it. Cards, IBAN, IT fiscal codes, ES NIF/NIE, FR NIR, CN
//     resident IDs, MX CURP, CH AHV, BR CPF/CNPJ as printed, AR CUIT, CL
//     RUT, SG NRIC, HK ID, FI HETU, DE Rentenversicherungsnummer, AE
//     Emirates ID.
//   - Structured, no checksum (scoreFormat, 0.55): distinctive layout but
//     nothing to verify (UK NINO). Reported alone, 0.9 with context.
//   - Score-gated (scoreGated, 0.4): formats that a validator can often but
//     not always confirm (KR RRN issued after 2020, MX RFC, EU VAT numbers
//     of countries without a published check). Below the default
//     threshold alone, 0.75 with context, 1.0 when the checksum holds; a
//     policy that lowers its threshold to 0.4 sees them without context.
//   - Bare short values (bare(): scoreChecked 0.45 when a check digit
//     holds, scoreWeak 0.3 for a shape with nothing to check): digit runs
//     of 13 or fewer digits, even with a check digit (1 in 10 or 11
//     random numbers passes one), and the weak patterns Presidio also
//     scores low (passport, driving licence and bank account numbers).
//     They are found wherever their shape occurs, routed by digit
//     clusters through the engine's cluster gate, so /analyze with
//     score_threshold 0 sees a bare valid ABN or NHS number, as Presidio
//     does. Alone they stay below the default threshold (not redacted by
//     the built-in policy); with a context word they score 0.8 or 0.65
//     and are redacted. Country passport rules start at 0.45 so that,
//     next to their own country's words, they outrank US_PASSPORT.
//   - Context-gated (gated(), 0.4 and RequireContext): a shape that
//     means something only next to its word (a date next to a birth
//     word is a date of birth; the date alone is date-time's). The
//     prefilter runs them only where one of their context words occurs;
//     the engine searches the policy's
//     context_window around that word, and drops a value with none. The
//     engine routes bare rules the same way under a threshold only their
//     context can reach (the built-in policy's), so a bare shape costs
//     nothing where no context word occurs.
//
// Phone numbers (0.55, 0.9 with context) are validated by libphonenumber
// in the policy's default region; see Phone for the cheap shape checks
// that run first. National-format numbers valid in another of the
// policy's phone_regions are bare values (0.3, 0.65 next to a phone
// word); so are Luhn-valid card numbers outside the brands' ranges.
//
// Context words are given in the identifier's own languages as well as
// English, matched ASCII-case-insensitively as substrings, so they are
// chosen long enough not to occur inside common words ("sin:" rather
// than "sin", which is in "using").
const (
	scoreStrong = 0.6
	scoreFormat = 0.55
	scoreGated  = 0.4
	// scoreChecked and scoreWeak are the bare scores of short values (see
	// bare): below the default threshold alone, above it with context.
	scoreChecked = 0.45
	scoreWeak    = 0.3
)

// phoneWords raise a phone number's score; nationalPhoneWords are the
// words a national-format number needs nearby to be believed.
var (
	phoneWords         = []string{"phone", "tel:", "tel.", "tel ", "call", "mobile", "cell", "fax", "whatsapp", "contact", "telefon", "téléphone", "telefono", "teléfono", "handy", "portable", "móvil"}
	nationalPhoneWords = []string{"phone", "tel:", "tel.", "tel ", "call", "mobile", "cell", "fax", "whatsapp", "telefon", "téléphone", "telephone",
		"telefono", "teléfono", "telefone", "handy", "portable", "móvil", "movil", "celular", "cellulare", "mobil", "telefoon", "puhelin",
		"telefonu", "телефон", "電話", "전화", "tél", "sms"}
)

// bare makes r a personal-data rule that fires on the value's shape
// alone, wherever it occurs, at a score below the default threshold: a
// value whose check digit holds (r.Verification set) at scoreChecked, a
// value with nothing to check at scoreWeak. A context word within the
// policy's context window adds contextBoost, which takes either above the
// threshold. A passing check does not make a bare short number certain
// (one random number in 10 or 11 passes one), so it does not jump to 1.0
// here as it does for distinctive formats. By default the rule is routed
// by the digit clusters its value can be (digitBounds), through the
// engine's cluster gate (one RE2 set for all digit rules); set Trigger
// and MinDigits in r to route it otherwise. valueLen is the longest value
// in bytes.
func bare(valueLen int, r Rule) Rule {
	r.Category = PII
	if r.Trigger == TriggerKeyword && len(r.Keywords) == 0 {
		r.Trigger = TriggerDigits
	}
	if r.Trigger == TriggerDigits && r.MinDigits == 0 {
		r.MinDigits, r.MaxDigits = digitBounds(r.Pattern, r.Group)
	}
	// Whatever its validator says, a bare short value is never certain.
	r.WeakCheck = r.Validate != nil
	if r.Validate != nil && r.Verification != "" {
		if r.Score == 0 {
			r.Score = scoreChecked
		}
	} else if r.Score == 0 {
		r.Score = scoreWeak
	}
	r.MaxLen = valueLen
	return r
}

// sepOnly as MaxDigits, below MinDigits, makes a digit-triggered rule run
// only on clusters that contain separators: the engine applies MaxDigits to
// solid digit runs alone. For formats that are always written with dots,
// dashes or spaces (dotted quads, 123-45-6789, 111.444.777-35).
const sepOnly = 1

// gated makes r a context-gated rule whose values are at most valueLen
// bytes long: routed by its context words, dropped without one.
func gated(valueLen int, r Rule) Rule {
	r.Category = PII
	r.Trigger = TriggerKeyword
	r.Keywords = RouteWords(r.Context)
	r.RequireContext = true
	if r.Score == 0 {
		r.Score = scoreGated
	}
	r.MaxLen = valueLen
	return r
}

// maxRouteWord caps the keyword a context-gated rule is routed by: a
// prefix of a context phrase routes just as surely, and long phrases cost
// prefilter memory (one trie node per byte).
const maxRouteWord = 12

// RouteWords returns the distinct prefixes of at most maxRouteWord bytes
// (cut at a UTF-8 boundary) of the context words.
func RouteWords(ctx []string) []string {
	var out []string
	for _, w := range ctx {
		if len(w) > maxRouteWord {
			n := maxRouteWord
			for n > 0 && w[n]&0xC0 == 0x80 {
				n--
			}
			w = w[:n]
		}
		dup := false
		for _, o := range out {
			dup = dup || o == w
		}
		if !dup {
			out = append(out, w)
		}
	}
	return out
}

// numBounded wraps a digit pattern so that it does not match inside a
// longer token: no letter, digit, '_', '+' or joining '.', '-', '/' may
// touch the value (a sentence-final period may).
func numBounded(p string) string {
	return numLead + `(` + p + `)` + numTrail
}

// numLead and numTrail bound a number: no letter, digit, '_', '+' or
// joining '.', '-', '/' may touch it, and a space may only if the next
// byte over is not a digit — in tables and space-separated series a value
// must not be carved out of a longer run ("12 4111 1111 1111 1111").
const (
	numLead  = `(?:^|[^\w.+/\- ]|(?:^|[^\d]) )`
	numTrail = `(?:$|[^\w./\- ]|[./-](?:[^\w]|$)| (?:[^\d]|$))`
)

// cardBounded bounds a card number like numBounded, but lets an expiry
// date follow it ("4111 1111 1111 1111 12/27 123"): a space and a digit
// after a number otherwise mean it may be part of a longer series.
func cardBounded(p string) string {
	return numLead + `(` + p + `)` + `(?:` + numTrail[3:len(numTrail)-1] + `| (?:(?i:exp\w*|valid\w*):? )?\d{1,2}/\d{2}(?:\d{2})?(?:$|[^\w/]))`
}

// solidBounded bounds a solid digit run: nothing that would join it into
// a longer token may touch it, but a space may, whatever follows the space
// (a solid run cannot be carved out of a space-separated series).
func solidBounded(p string) string {
	return `(?:^|[^\w.+/\-])(` + p + `)(?:$|[^\w./\-]|[./-](?:[^\w]|$))`
}

// cardWords are the context words of the major-brand card rules;
// cardWordsAny those that must be near a card number of any issuer.
var (
	cardWords    = []string{"card", "credit", "visa", "mastercard", "amex", "payment", "cc"}
	cardWordsAny = []string{"card", "credit", "debit", "visa", "mastercard", "amex", "maestro", "unionpay", "jcb", "discover", "diners",
		"cc:", "cc#", "cc no", "cc number", "kreditkarte", "karte", "carte", "tarjeta", "carta", "cartão", "kaart"}
)

// cardIIN matches the first four digits of the card brands' issuer ranges.
const cardIIN = `(?:4\d{3}|5[1-5]\d{2}|2(?:2[2-9]\d|[3-6]\d{2}|7[01]\d|720)|3[47]\d{2}|3(?:0[0-5]|[689]\d)\d|6(?:011|5\d{2}|4[4-9]\d)|35(?:2[89]|[3-8]\d)|62\d{2})`

// piiValidators are validators only PII rules use, by the names policy
// files may give them.
var piiValidators = map[string]Validator{
	"phone": Phone, "us_itin": USITIN, "aba_routing": ABARouting, "us_npi": USNPI,
	"uk_nhs": UKNHS, "uk_nino": UKNINO, "es_nif": ESNIF, "it_fiscal_code": ITFiscalCode,
	"pl_pesel": PLPESEL, "sg_nric": SGNRIC, "au_abn": AUABN, "au_acn": AUACN, "au_tfn": AUTFN,
	"au_medicare": AUMedicare, "in_aadhaar": INAadhaar, "fi_hetu": FIHETU, "se_personnummer": SEPersonnummer,
	"de_tax_id": DETaxID, "fr_nir": FRNIR, "nl_bsn": NLBSN, "br_cpf": BRCPF, "br_cnpj": BRCNPJ,
	"mx_curp": MXCURP, "cn_resident_id": CNResidentID, "ch_ahv": CHAHV, "bitcoin": BitcoinBase58,
	"segwit": BitcoinSegwit, "eu_vat": EUVAT, "date_time": DateTime, "phone_national": PhoneNational, "verhoeff": func(b []byte, _ Options) Verdict {
		var buf [64]byte
		d, ok := digitsSep(buf[:], b)
		return verdict(ok && len(d) > 1 && verhoeffValid(d))
	},
}

// piiRules is the personal-data catalogue. Entity names follow Presidio
// where it has one; new countries use the same <ISO country>_<NAME> style.
func piiRules() []Rule {
	var out []Rule
	out = append(out, genericPIIRules()...)
	out = append(out, dateTimeRules()...)
	out = append(out, americasPIIRules()...)
	out = append(out, germanPIIRules()...)
	out = append(out, europePIIRules()...)
	out = append(out, asiaAfricaPIIRules()...)
	return out
}

func genericPIIRules() []Rule {
	return []Rule{
		{
			ID: "email", Type: "EMAIL_ADDRESS", Category: PII,
			Description: "email address",
			Trigger:     TriggerAt,
			Pattern:     emailPattern, Group: 1, Find: NextEmail,
			Context: []string{"email", "e-mail", "mail", "contact"},
			Score:   0.85, MaxLen: 254,
			TP: []string{"mail «bob@example.com» today", "Contact: «maria.gonzalez+news@correo.example.es».", "<«jo.chen@uni-hamburg.de»>"},
			FP: []string{"@decorator on a method", "git@github:org/repo", "user@localhost", "pip install pkg==1.2@sha256"},
		},
		{
			ID: "credit-card", Type: "CREDIT_CARD", Category: PII,
			Description: "payment card number of the major brands (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay) as printed (solid, 4-4-4-4, Amex 4-6-5, Diners 4-6-4), Luhn-checked",
			Trigger:     TriggerDigits, MinDigits: 13, MaxDigits: 19,
			Pattern: cardBounded(cardIIN + `\d{9,15}|` + cardIIN + `(?: \d{4}){3}(?: \d{1,3})?|` + cardIIN + `(?:-\d{4}){3}(?:-\d{1,3})?|3[47]\d{2}[ -]\d{6}[ -]\d{5}|3(?:0[0-5]|[689]\d)\d[ -]\d{6}[ -]\d{4}`), Group: 1,
			Validate: Luhn, Verification: "luhn",
			Context: cardWords,
			Score:   0.8, MaxLen: 24,
			TP: []string{"card «4111 1111 1111 1111» exp 12/29", "paid with «5500-0000-0000-0004»", "amex «378282246310005»",
				"«4111111111111111» 12/27 123", "Card: «4111 1111 1111 1111» 12/27 123", "«5500-0000-0000-0004» exp 01/2030 cvv 737"},
			FP: []string{"order 4111111111111112", "tracking 1234 5678 9012 3456", "4444444444444444", "epoch ms 1700000000000",
				"matrix 12 4111 1111 1111 1111 7", "row 4539 14887 04387 63 11"},
		},
		bare(23, Rule{
			ID: "credit-card-any", Type: "CREDIT_CARD",
			Description: "any Luhn-valid card number of 12 to 19 digits whatever its issuer (15-digit JCB 1800/2131, 12-digit Maestro, private brands), near a card word",
			Pattern:     cardBounded(`\d{12,19}|\d{4}(?:[ -]\d{4}){2}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5}`), Group: 1,
			Validate: Luhn, Verification: "luhn",
			Context: cardWordsAny,
			TP:      []string{"JCB card «180048291736404»", "Maestro «675959123455»", "debit card: «4829 1736 5017 5»", "card «9482 1736 5017 2839» 12/27 123"},
			FP:      []string{"card 180048291736405", "order 675959123455", "card 1111 1111 1111 1111"},
		}),
		// A solid run is a whole token whatever its neighbours, so unlike
		// the formatted shapes above (which a space-separated series could
		// hold a card-shaped slice of) it may sit next to another number:
		// "4111111111111111 5500000000000004". Same type, check, score and
		// context as the rules above, so a card both find is one finding
		// whichever rule's label it keeps.
		{
			ID: "credit-card-solid", Type: "CREDIT_CARD", Category: PII,
			Description: "payment card number of the major brands written solid, also next to another space-separated number, Luhn-checked",
			Trigger:     TriggerDigits, MinDigits: 13, MaxDigits: 19,
			Pattern: solidBounded(cardIIN + `\d{9,15}`), Group: 1,
			Validate: Luhn, Verification: "luhn",
			Context: cardWords,
			Score:   0.8, MaxLen: 19,
			TP: []string{"card «4111111111111111» «5500000000000004»", "«4111111111111111» «5500000000000004» «378282246310005»",
				"«4111111111111111»\t«5500000000000004»", "«4111111111111111»\n«5500000000000004»\n«378282246310005»",
				"12 «4111111111111111» 7", "«4111111111111111» 12/27 123", "4111111111111112 «5500000000000004»"},
			FP: []string{"4111111111111112 4111111111111113", "id 411111111111111111 550000000000000412", "id 411111111111111111111 5500",
				"tracking 1234 5678 9012 3456 7890", "4111 1111 1111 1111 5500", "epoch ms 1700000000000 1700000000001"},
		},
		bare(19, Rule{
			ID: "credit-card-any-solid", Type: "CREDIT_CARD",
			Description: "any Luhn-valid card number of 12 to 19 digits written solid, also next to another space-separated number, near a card word",
			Pattern:     solidBounded(`\d{12,19}`), Group: 1,
			Validate: Luhn, Verification: "luhn",
			Context: cardWordsAny,
			TP: []string{"JCB cards «180048291736404» «675959123455»", "debit card: «9482173650172839»\t«180048291736404»",
				"Maestro card 180048291736405 «675959123455»"},
			FP: []string{"order 675959123455 180048291736404", "card 180048291736405 9482173650172838", "card 1234567890123456789012"},
		}),
		{
			ID: "iban", Type: "IBAN_CODE", Category: PII,
			Description: "International Bank Account Number, country length and mod-97 checked",
			Trigger:     TriggerDigits, MinDigits: 6, MaxDigits: 34,
			Pattern: `\b([A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?)\b`, Group: 1,
			Validate: IBAN, Verification: "mod97",
			Context: []string{"iban", "bank", "account", "transfer", "konto", "cuenta"},
			Score:   0.9, MaxLen: 50,
			TP: []string{"IBAN: «DE89 3704 0044 0532 0130 00»", "pay to «GB82WEST12345698765432» by Friday", "«FR14 2004 1010 0505 0001 3M02 606»"},
			FP: []string{"DE89 3704 0044 0532 0130 01", "XX12 3456 7890 1234 5678", "ISBN 9780306406157"},
		},
		// A phone is at most 7 digit groups, and neither boundary may
		// sit inside a longer run of them: the value may not end where
		// a separator and a digit follow, nor start after a digit and a
		// space (unless it starts with +). So a longer run of numbers
		// ("… 233 377 610 987 1597 is Fibonacci", "10.0.0.1 10.0.0.2 …")
		// yields no match rather than a phone carved out of it, and no
		// match runs unbounded (a long one is a capture search per
		// window: its key is past the group cache's bound).
		{
			ID: "phone-number", Type: "PHONE_NUMBER", Category: PII,
			Description: "phone number of any region, validated with libphonenumber metadata (default region from the policy)",
			Trigger:     TriggerDigits, MinDigits: 7, MaxDigits: 15,
			Pattern: phonePattern, Group: 1, FindValue: NextPhone,
			Validate: Phone, Verification: "libphonenumber",
			Context: phoneWords,
			Score:   0.55, MaxLen: 32,
			TP: []string{"call me at «+1 (415) 555-0132»", "Tel: «+44 20 7946 0958»", "mobile «+49 151 23456789» in Germany", "WhatsApp «+49 1512 3456789»", "office «(212) 555-0147»"},
			FP: []string{"version 1.2.3.4567", "mean 7253.399594 ms", "2024-01-15 10:30:00", "order #1234567", "price $1,299.00 or 1299.00 EUR",
				"epoch 1700000000", "lat 48.858370 lon 2.294481", "listening on 0.0.0.0:8080", "ISBN 978-0-306-40615-7", "sha 3f786850e387550fdab836ed7e6dc881de23001b"},
		},
		bare(24, Rule{
			ID: "phone-national", Type: "PHONE_NUMBER",
			Description: "phone number in national format (no +CC), valid in one of the policy's phone_regions (default: a broad list), near a phone word",
			MinDigits:   6, MaxDigits: 15,
			Pattern: phoneNationalPattern, Group: 1, FindValue: NextPhoneNational,
			Validate: PhoneNational, Verification: "libphonenumber",
			Score:   scoreWeak, // valid somewhere is weak evidence
			Context: nationalPhoneWords,
			TP: []string{"Telefon: «030 12345678»", "tél. «01 42 68 53 00»", "call me on «020 7946 0958»", "teléfono «912 345 678»",
				"mobile «0412 345 678»", "phone «(415) 555-0132»", "cellulare «347 123 4567»"},
			FP: []string{"Telefon: 2024-01-15", "call 1.2.3.4567", "phone 12", "tel. 0000 000000", "order 030 12345678"},
		}),
		// A phone number followed by a space and a short count ("call
		// +44 20 7946 0958 3 times", "mobile 020 7946 0958 2 times") is one
		// run for the rules above, which fails validation whole. These
		// two take the number before a 1-3 digit group; a longer group
		// after it is still part of a series, as above.
		{
			ID: "phone-number-then-count", Type: "PHONE_NUMBER", Category: PII,
			Description: "phone number of any region followed by a space and a 1-3 digit count, validated with libphonenumber metadata",
			Trigger:     TriggerDigits, MinDigits: 8, MaxDigits: 18,
			Pattern: phoneThenCountPattern, Group: 1, FindValue: NextPhoneThenCount,
			Validate: Phone, Verification: "libphonenumber",
			Context: phoneWords,
			Score:   0.55, MaxLen: 36,
			TP: []string{"call «+44 20 7946 0958» 3 times", "Tel: «+1 (415) 555-0132» 24 hours a day", "office «(212) 555-0147» 5 days a week"},
			FP: []string{"233 377 610 987 1597 is Fibonacci", "+44 20 7946 0958 1234 more", "values 100 200 300 400 5 ok", "version 1.2.3.4567 8"},
		},
		bare(24, Rule{
			ID: "phone-national-then-count", Type: "PHONE_NUMBER",
			Description: "phone number in national format followed by a space and a 1-3 digit count, valid in one of the policy's phone_regions (default: a broad list), near a phone word",
			MinDigits:   7, MaxDigits: 18,
			Pattern: phoneNationalThenCountPattern, Group: 1, FindValue: NextPhoneNationalThenCount,
			Validate: PhoneNational, Verification: "libphonenumber",
			Score:   scoreWeak,
			Context: nationalPhoneWords,
			TP:      []string{"mobile «020 7946 0958» 3 times", "Telefon: «030 12345678» 24 Stunden", "call me on «0412 345 678» 2 or 3 times"},
			FP:      []string{"order 030 12345678 3", "call 1.2.3.4567 8", "phone 12 34", "tel. 0000 000000 5"},
		}),
		{
			ID: "ipv4", Type: "IP_ADDRESS", Category: PII,
			Description: "IPv4 address (not loopback or unspecified)",
			// MaxDigits < MinDigits: only clusters with separators run it.
			Trigger: TriggerDigits, MinDigits: 4, MaxDigits: sepOnly, MinGroups: 4,
			Pattern: ipv4Pattern, Group: 1, FindValue: NextIPv4,
			Validate: IPv4,
			Context:  []string{"ip", "address", "host", "server", "client"},
			Score:    0.6, MaxLen: 17,
			TP: []string{"connect to «10.42.7.19» on port 22", "from «203.0.113.54».", "client=«198.51.100.7» status=200"},
			FP: []string{"version 1.2.3.4.5", "0.0.0.0", "256.1.1.1"},
		},
		{
			ID: "ipv6", Type: "IP_ADDRESS", Category: PII,
			Description: "IPv6 address",
			// Seven colons, or fewer with "::" (any shorter form has it).
			Trigger: TriggerColon, MinDigits: 7, MaxDigits: 8,
			Pattern: ipv6Pattern, Group: 1, FindValue: NextIPv6,
			Validate: IPv6,
			Context:  []string{"ip", "ipv6", "address", "host"},
			Score:    0.6, MaxLen: 45,
			TP: []string{"host «2001:db8:85a3::8a2e:370:7334» is up", "addr «fe80::1ff:fe23:4567:890a»", "[«2001:db8::42»]:443"},
			FP: []string{"at 10:30:00 today", "std::vector", "::1 is loopback"},
		},
		{
			ID: "url", Type: "URL", Category: PII,
			Description: "web URL",
			Keywords:    []string{"http://", "https://", "ftp://", "www."},
			Pattern:     urlPattern, Group: 1, Find: NextURL,
			Context: []string{"url", "link", "website", "site"},
			Score:   0.5, MaxLen: 1100,
			TP: []string{"see «https://intranet.acme.example/hr/reviews?id=42».", "visit «www.example.org» today", "(«http://10.0.0.5:8080/admin»)", "get «ftp://files.example.org/pub/a.tar»"},
			FP: []string{"the http:// scheme", "https:// alone", "www. is a prefix"},
		},
		{
			ID: "mac-address", Type: "MAC_ADDRESS", Category: PII,
			Description: "MAC address in colon notation (not broadcast or all-zero)",
			Trigger:     TriggerColon, MinDigits: 5, MaxDigits: 5,
			Validate: MAC,
			Pattern:  `(?i)(?:^|[^\w:])((?:[0-9a-f]{2}:){5}[0-9a-f]{2})(?:$|[^\w:])`, Group: 1,
			Context: []string{"mac", "ether", "hwaddr", "hardware"},
			Score:   0.6, MaxLen: 19,
			TP: []string{"ether «3c:22:fb:7a:91:0e»", "MAC «00:1A:2B:3C:4D:5E».", "link/ether «52:54:00:12:34:56» brd"},
			FP: []string{"00:1A:2B:3C:4D", "12:30:45 pm", "aa:bb:cc:dd:ee:ff:00:11", "brd ff:ff:ff:ff:ff:ff", "link/none 00:00:00:00:00:00"},
		},
		{
			ID: "bitcoin-bech32", Type: "CRYPTO", Category: PII,
			Description: "Bitcoin SegWit address (bech32 / bech32m checksum)",
			Keywords:    []string{"bc1"},
			Pattern:     `(?i)\b(bc1[ac-hj-np-z02-9]{11,71})\b`, Group: 1,
			Validate: BitcoinSegwit, Verification: "bech32",
			Context: []string{"bitcoin", "btc", "wallet", "address"},
			Score:   0.7, MaxLen: 80,
			TP: []string{"send to «bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq»", "btc: «bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4»", "taproot «bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0»"},
			FP: []string{"bc1 is the prefix", "abc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr"},
		},
		{
			ID: "bitcoin-base58", Type: "CRYPTO", Category: PII,
			Description: "legacy Bitcoin address (P2PKH 1…, P2SH 3…), base58check with double SHA-256",
			Trigger:     TriggerAlnum, MinDigits: 25, MaxDigits: 34,
			Pattern: `(?:^|[^\w])([13][1-9A-HJ-NP-Za-km-z]{24,33})(?:$|[^\w])`, Group: 1,
			Validate: BitcoinBase58, Verification: "base58check",
			Context: []string{"bitcoin", "btc", "wallet", "address"},
			Score:   scoreStrong, MaxLen: 36,
			TP: []string{"genesis address «1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa»", "pay to address «3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy» now", "BTC wallet: «1BoatSLRHtKNngkdXEeobR76b53LETtpyT»", "«1BoatSLRHtKNngkdXEeobR76b53LETtpyT»"},
			FP: []string{"address 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "BTC 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNL", "wallet id 1f0e3dad99908345f7439f8ffabdffc4"},
		},
		bare(9, Rule{
			ID: "dea-number", Type: "MEDICAL_LICENSE",
			Description: "US DEA registration number (prescriber licence) with its check digit",
			Pattern:     `\b([ABCDEFGHJKLMPRSTUX][A-Z9]\d{7})\b`, Group: 1,
			Validate: DEANumber, Verification: "dea",
			Context: []string{"dea", "prescriber", "medical license", "medical licence", "license no", "licence no", "registration"},
			TP:      []string{"DEA# «BJ6148729»", "prescriber «FM3729158» signed", "DEA registration «AS9028172»"},
			FP:      []string{"DEA BJ6148728", "part number BJ6148729", "DEA report ISBN 0306406152"},
		}),
	}
}

// MAC rejects the broadcast and all-zero addresses: they name no device.
func MAC(b []byte, _ Options) Verdict {
	var buf [12]byte
	h := buf[:0]
	for _, c := range b {
		if c != ':' && c != '-' && c != '.' && len(h) < cap(h) {
			h = append(h, lower(c))
		}
	}
	if allSame(h) && (h[0] == 'f' || h[0] == '0') {
		return Reject
	}
	return Plausible
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
