package detectors

import "testing"

// TestChecksumsPublishedExamples runs each validator on the specimen
// numbers its issuer publishes (or the well-known textbook examples), and
// on the same number with one digit changed.
func TestChecksumsPublishedExamples(t *testing.T) {
	cases := []struct {
		name string
		v    Validator
		good string
		bad  string
	}{
		{"verhoeff", func(b []byte, _ Options) Verdict { return verdict(verhoeffValid(b)) }, "2363", "2364"},
		{"es-nif", ESNIF, "48392716A", "48392716B"},
		{"es-nif-placeholder", ESNIF, "73829105W", "12345678Z"},
		{"es-nie", ESNIF, "X7351942S", "X1234567L"},
		{"sg-nric", SGNRIC, "S1234567D", "S1234567A"},
		{"cn-resident", CNResidentID, "11010519491231002X", "110105194912310021"},
		{"br-cpf", BRCPF, "111.444.777-35", "111.444.777-36"},
		{"br-cnpj", BRCNPJ, "11.222.333/0001-81", "11.222.333/0001-82"},
		{"nl-bsn", NLBSN, "111222333", "111222334"},
		{"au-abn", AUABN, "51 824 753 556", "51 824 753 557"},
		{"au-tfn", AUTFN, "123 456 782", "123 456 783"},
		{"au-acn", AUACN, "004 085 616", "004 085 617"},
		{"uk-nhs", UKNHS, "943 476 5919", "943 476 5918"},
		{"pl-pesel", PLPESEL, "44051401359", "44051401358"},
		{"fi-hetu", FIHETU, "131052-308T", "131052-308U"},
		{"us-npi", USNPI, "1234567893", "1234567894"},
		{"aba", ABARouting, "011000015", "011000016"},
		{"aba2", ABARouting, "021000021", "021000022"},
		{"tr", TRKimlik, "10000000146", "10000000147"},
		{"ch-ahv", CHAHV, "756.9217.0769.85", "756.9217.0769.84"},
		{"it-cf", ITFiscalCode, "RSSMRA85T10A562S", "RSSMRA85T10A562T"},
		{"ie-ppsn", IEPPSN, "8526143B", "1234567T"},
		{"ie-ppsn-2", IEPPSN, "3917258FW", "3917258FA"},
		{"hk", HKID, "A123456(3)", "A123456(4)"},
		{"tw", TWNationalID, "A123456789", "A123456788"},
		{"dea", DEANumber, "AB1234563", "AB1234564"},
		{"btc-p2pkh", BitcoinBase58, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"},
		{"btc-p2sh", BitcoinBase58, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz"},
		{"bech32", BitcoinSegwit, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"},
		{"bech32m", BitcoinSegwit, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj1"},
		{"se", SEPersonnummer, "811218-9876", "811218-9877"},
		{"de-taxid", DETaxID, "86095742719", "86095742718"},
		{"za", ZAID, "8001015009087", "8001015009088"},
		{"fr-nir", FRNIR, "269054958815780", "269054958815781"},
		{"fr-nir-corsica", FRNIR, "178082A12345636", "178082B12345636"},
		{"de-svnr", DESVNR, "65170839J003", "65170839J004"},
		{"de-id", DEIDCard, "T220001293", "T220001294"},
		{"cz", CZBirthNumber, "7604230458", "7604230459"},
		{"no", NOFodselsnummer, "15069034575", "15069034576"},
		{"au-medicare", AUMedicare, "2123456701", "2123456711"},
		{"in-aadhaar", INAadhaar, "234567890124", "234567890125"},
		{"in-gstin", INGSTIN, "27AAPFU0939F1ZV", "27AAPFU0939F1ZW"},
		{"mx-curp", MXCURP, "GOMC800101HDFRRR00", "GOMC801301HDFRRR00"},
		{"eu-vat-de", EUVAT, "DE136458922", "DE136458923"},
		{"eu-vat-fr", EUVAT, "FR44732829320", "FR45732829320"},
		{"eu-vat-nl", EUVAT, "NL817293541B01", "NL817293542B01"},
		{"eu-vat-at", EUVAT, "ATU48572913", "ATU48572914"},
		{"kr-rrn", KRRRN, "800101-1234560", "801301-1234560"},
		{"ae", AEEmiratesID, "784-1990-1234567-6", "784-1990-1234567-5"},
		{"dob-iso", DateOfBirth, "1985-07-30", "1985-02-30"},
		{"dob-named", DateOfBirth, "March 4, 1979", "Smarch 4, 1979"},
		{"dob-dmy", DateOfBirth, "30.07.1985", "30.13.1985"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.v([]byte(c.good), Options{}); got < Plausible {
				t.Errorf("%s: want accepted, got %d", c.good, got)
			}
			if got := c.v([]byte(c.bad), Options{}); got >= Plausible {
				t.Errorf("%s: want rejected, got %d", c.bad, got)
			}
		})
	}
}

// TestChecksumsSpecimens cross-checks the algorithms against specimen
// numbers that issuers and reference works print to explain them. Each
// was checked by this package's independent implementation.
func TestChecksumsSpecimens(t *testing.T) {
	for _, c := range []struct {
		name string
		v    Validator
		s    string
	}{
		{"ee", balticCode, "37605030299"}, {"lt", balticCode, "33309240064"}, {"hr", HROIB, "94577403194"},
		{"bg", BGEGN, "7523169263"}, {"cz", CZBirthNumber, "7103192745"}, {"ar", ARCUIT, "20-17254359-7"},
		{"co", CONIT, "800.197.268-4"}, {"ec", ECCedula, "1710034065"}, {"th", THTNIN, "3100600445635"},
		{"mx-rfc", MXRFC, "GODE561231GR8"}, {"nz", NZIRD, "49091850"}, {"nz9", NZIRD, "136410132"},
		{"ae", AEEmiratesID, "784-1968-6570305-0"}, {"in", INAadhaar, "234123412346"}, {"pl-regon", PLREGON, "123456785"},
		{"cl", CLRUT, "30.686.957-4"}, {"ro", ROCNP, "1800101221144"}, {"no", NOFodselsnummer, "01010101006"},
		{"dk", DKCPR, "0707614285"}, {"is", ISKennitala, "1201743399"}, {"be", BENationalNumber, "85073003328"},
		{"at", ATSVNR, "1237010180"}, {"jp", JPMyNumber, "123456789018"}, {"pl-nip", PLNIP, "1234563218"},
		{"in-gstin", INGSTIN, "27AAPFU0939F1ZV"}, {"uy", UYCI, "1.234.567-2"},
	} {
		if got := c.v([]byte(c.s), Options{}); got != Verified {
			t.Errorf("%s %s: verdict %d, want Verified", c.name, c.s, got)
		}
	}
}
