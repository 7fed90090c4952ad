package detectors

// germanPIIRules: German identifiers of health care, companies, taxes and
// vehicles. They come before the EU-wide VAT rule so that a German VAT
// number is labelled DE_VAT_ID (on equal scores the earlier rule wins).
func germanPIIRules() []Rule {
	return []Rule{
		bare(9, Rule{
			ID: "de-bsnr", Type: "DE_BSNR",
			Description: "German Betriebsstättennummer of a medical practice (9 digits, KV region prefix)",
			Pattern:     numBounded(`\d{9}`), Group: 1,
			Validate: DEBSNR,
			Context:  []string{"bsnr", "betriebsstättennummer", "betriebsstaettennummer", "betriebsstätte"},
			TP:       []string{"BSNR: «721234500»", "Betriebsstättennummer «381928374» der Praxis", "bsnr «017364529»"},
			FP:       []string{"BSNR: 991234500", "BSNR 111111111", "BSNR: 72123450"},
		}),
		bare(9, Rule{
			ID: "de-lanr", Type: "DE_LANR",
			Description: "German lebenslange Arztnummer (6-digit serial, 4-9 weighted check digit, specialty code)",
			Pattern:     numBounded(`\d{9}`), Group: 1,
			Validate: DELANR, Verification: "lanr",
			Context: []string{"lanr", "arztnummer", "lebenslange arzt"},
			TP:      []string{"LANR: «123456601»", "Arztnummer «838201234» (Hausarzt)", "lanr «507114301»"},
			FP:      []string{"LANR: 123456701", "LANR 838201200", "LANR: 12345660"},
		}),
		bare(11, Rule{
			ID: "de-fuehrerschein", Type: "DE_FUEHRERSCHEIN",
			Description: "German driving licence number (EU card: 11 letters and digits, check character, issue count)",
			Trigger:     TriggerAlnum, MinDigits: 11, MaxDigits: 11,
			Pattern: `\b([A-Z0-9]{9}[0-9X][0-9])\b`, Group: 1,
			Validate: DEFuehrerschein,
			Context:  []string{"führerschein", "fuehrerschein", "fahrerlaubnis", "driving licen", "driver's licen", "driver licen"},
			TP:       []string{"Führerscheinnummer: «B072RRE2I55»", "Fahrerlaubnis «J010000SD51»", "Führerschein-Nr. «F1234567X81»"},
			FP:       []string{"Führerschein 12345678901", "Führerschein ABCDEFGHIJK", "Führerschein b072rre2i55"},
		}),
		{
			ID: "de-handelsregister", Type: "DE_HANDELSREGISTER", Category: PII,
			Description: "German commercial register entry (HRA, HRB, GnR, GsR with its number)",
			Keywords:    []string{"hra", "hrb", "gnr", "gsr"},
			Pattern:     `\b((?:HR[AB]|GnR|GsR)\.? ?\d{1,6}(?: [A-Z]\b)?)\b`, Group: 1,
			Validate: DEHandelsregister,
			Context:  []string{"handelsregister", "registergericht", "amtsgericht", "registernummer", "register court"},
			Score:    scoreFormat, MaxLen: 16,
			TP: []string{"Amtsgericht München «HRB 123456»", "eingetragen unter «HRA 4711»", "Registergericht Berlin-Charlottenburg «HRB 98765 B»"},
			FP: []string{"HRB 0", "the HRBuilder class", "HRB 1234567890"},
		},
		bare(10, Rule{
			ID: "de-health-insurance", Type: "DE_HEALTH_INSURANCE",
			Description: "German health insurance number (Krankenversichertennummer: letter, 8 digits, check digit)",
			MinDigits:   9,
			Pattern:     `\b([A-Z]\d{9})\b`, Group: 1,
			Validate: DEKVNR, Verification: "kvnr",
			Context: []string{"krankenversicherten", "versichertennummer", "krankenkasse", "kvnr", "health insurance", "versicherungsnummer"},
			TP:      []string{"Krankenversichertennummer «A273948166»", "KVNR: «T482917366»", "Versichertennummer «M739201841» (AOK)"},
			FP:      []string{"KVNR: A273948167", "Versichertennummer A111111111", "KVNR a273948166"},
		}),
		bare(12, Rule{
			ID: "de-kfz", Type: "DE_KFZ",
			Description: "German vehicle registration plate (district letters, 1–2 letters, 1–4 digits, E/H suffix), next to plate context",
			Pattern:     `(?:^|[^\p{L}\d])((?:[A-ZÄÖÜ]{1,3})[- ][A-Z]{1,2}[ -]?[1-9]\d{0,3}[EH]?)(?:$|[^\p{L}\d])`, Group: 1,
			Validate: DEKfz,
			Context:  []string{"kennzeichen", "kfz", "nummernschild", "license plate", "licence plate", "number plate", "zulassung"},
			TP:       []string{"Kennzeichen «M-AB 1234»", "Kfz-Kennzeichen: «B MW 2024E»", "das Nummernschild «HH-XY 99»"},
			FP:       []string{"Kennzeichen M-AB 0123", "Kennzeichen ABC-DEF 12345", "kennzeichen m-ab 1234"},
		}),
		bare(5, Rule{
			ID: "de-plz", Type: "DE_PLZ",
			Description: "German postcode (Postleitzahl, 5 digits 01001–99998): any such number at 0.3, a postcode next to an address word",
			Pattern:     numBounded(`\d{5}`), Group: 1,
			Validate: DEPLZ,
			Context:  []string{"plz", "postleitzahl", "wohnort", "anschrift", "straße", "strasse"},
			TP:       []string{"PLZ «80331» München", "Anschrift: Hauptstraße 5, «10115» Berlin", "Postleitzahl: «01067»"},
			FP:       []string{"PLZ 00123", "PLZ 123456", "PLZ 99999"},
		}),
		bare(16, Rule{
			ID: "de-tax-number", Type: "DE_TAX_NUMBER",
			Description: "German Steuernummer (a Land's slash format or the 13-digit federal format)",
			Pattern:     numBounded(`\d{2,3}/\d{3,4}/\d{4,5}|\d{13}`), Group: 1,
			Validate: DETaxNumber,
			Context:  []string{"steuernummer", "st.-nr", "stnr", "steuer-nr", "tax number", "finanzamt"},
			TP:       []string{"Steuernummer «21/815/08150»", "St.-Nr. «181/815/08155»", "Steuernummer (bundeseinheitlich): «2181081508155»"},
			FP:       []string{"Steuernummer 1/2/3", "Steuernummer 2181518150815", "Steuernummer 11/111/11111"},
		}),
		{
			ID: "de-vat-id", Type: "DE_VAT_ID", Category: PII,
			Description: "German VAT identification number (USt-IdNr: DE and 9 digits, ISO 7064 MOD 11,10)",
			Trigger:     TriggerDigits, MinDigits: 9, MaxDigits: 9,
			Pattern: `\b(DE ?\d{9})\b`, Group: 1,
			Validate: DEVATID, Verification: "mod11-10",
			Context: []string{"ust-id", "ustid", "umsatzsteuer", "vat", "ust.-id", "mwst"},
			Score:   scoreStrong, MaxLen: 12,
			TP: []string{"USt-IdNr.: «DE136695984»", "VAT «DE 812345673»", "Umsatzsteuer-ID «DE269543714»"},
			FP: []string{"USt-IdNr. DE136695985", "DE111111111", "ORDE136695984"},
		},
	}
}

// DEHandelsregister rejects a zero register number.
func DEHandelsregister(b []byte, _ Options) Verdict {
	for _, c := range b {
		if c >= '1' && c <= '9' {
			return Plausible
		}
	}
	return Reject
}
