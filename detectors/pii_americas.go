package detectors

// americasPIIRules: United States, Canada, Latin America.
func americasPIIRules() []Rule {
	return []Rule{
		{
			ID: "us-ssn", Type: "US_SSN", Category: PII,
			Description: "US Social Security number written with dashes or spaces",
			Trigger:     TriggerDigits, MinDigits: 9, MaxDigits: sepOnly,
			Pattern: `\b(\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4})\b`, Group: 1,
			Validate: USSSN,
			Context:  []string{"ssn", "social security", "security number", "ss#", "seguro social"},
			Score:    0.7, MaxLen: 11,
			TP: []string{"SSN: «536-22-8714»", "social security number «412 55 9023»", "employee «301-44-5821» onboarding"},
			FP: []string{"000-12-3456 is invalid", "phone 555-12-3456x", "666-45-1234", "ISBN 978-3-16-148410-0"},
		},
		bare(9, Rule{
			ID: "us-ssn-bare", Type: "US_SSN",
			Description: "US Social Security number as 9 bare digits or with dots, 536.22.8714 (low score without SSN context)",
			Pattern:     numBounded(`\d{9}|\d{3}\.\d{2}\.\d{4}`), Group: 1,
			Validate: USSSN,
			Context:  []string{"ssn", "social security", "ss#", "ss number"},
			TP:       []string{"SSN «536228714»", "her social security number is «412559023»", "ssn=«301445821»", "SSN «536.22.8714»."},
			FP:       []string{"order 536228714", "ssn 000123456", "id 123456789", "SSN field length 123456789"},
		}),
		bare(11, Rule{
			ID: "us-itin", Type: "US_ITIN",
			Description: "US Individual Taxpayer Identification Number (9XX-7X-XXXX ranges) (low score without ITIN context)",
			Pattern:     numBounded(`9\d{2}[- ]?(?:5[0-9]|6[0-5]|7\d|8[0-8]|9[0-24-9])[- ]?\d{4}`), Group: 1,
			Validate: USITIN,
			Context:  []string{"itin", "taxpayer", "tax id", "tax identification"},
			TP:       []string{"ITIN: «912-70-4821»", "individual taxpayer number «953 81 2207»", "itin=«988945561»"},
			FP:       []string{"ITIN: 912-93-4821", "invoice 912-70-4821", "ITIN 900-70-4821x"},
		}),
		bare(9, Rule{
			ID: "aba-routing", Type: "ABA_ROUTING_NUMBER",
			Description: "US ABA routing transit number, 3-7-1 checksum and Federal Reserve prefix",
			Pattern:     numBounded(`\d{4}-?\d{4}-?\d`), Group: 1,
			Validate: ABARouting, Verification: "aba",
			Context: []string{"routing", "aba", "rtn", "transit number", "wire to"},
			TP:      []string{"routing number «011000015»", "ABA: «122105155»", "RTN «026009593» account below"},
			FP:      []string{"routing 011000016", "order 021000021 shipped", "routing table entry 991000013"},
		}),
		bare(10, Rule{
			ID: "us-npi", Type: "US_NPI",
			Description: "US National Provider Identifier, Luhn with the 80840 prefix",
			Pattern:     numBounded(`[12]\d{9}`), Group: 1,
			Validate: USNPI, Verification: "luhn-80840",
			Context: []string{"npi", "provider id", "national provider"},
			TP:      []string{"NPI «1234567893»", "provider NPI: «1987654328»", "national provider identifier «1543218766»"},
			FP:      []string{"NPI 1234567894", "timestamp 1700000000", "npi package version 1543218767"},
		}),
		bare(10, Rule{
			ID: "us-ein", Type: "US_EIN",
			Description: "US Employer Identification Number XX-XXXXXXX with a valid IRS campus prefix",
			Pattern:     numBounded(`\d{2}-?\d{7}`), Group: 1,
			Validate: USEIN,
			Context:  []string{"ein:", "ein#", "ein no", "ein number", "employer identification", "fein", "federal tax id"},
			TP:       []string{"EIN: «45-2917384»", "FEIN «84-1937265»", "employer identification number «611938472»"},
			FP:       []string{"EIN 07-2917384", "ticket 45-2917384", "EIN 00-0000000"},
		}),
		bare(13, Rule{
			ID: "us-mbi", Type: "US_MBI",
			Description: "US Medicare Beneficiary Identifier (CMS character positions)",
			Pattern:     `\b([1-9][A-Z][A-Z0-9]\d-?[A-Z][A-Z0-9]\d-?[A-Z]{2}\d{2})\b`, Group: 1,
			Validate: USMBI,
			Context:  []string{"mbi", "medicare", "beneficiary"},
			TP:       []string{"MBI «1EG4-TE5-MK73»", "Medicare number «5XC7N28WR91»", "beneficiary id «9HV2AA6KT40»"},
			FP:       []string{"MBI 1EG4-TS5-MK73", "build 1EG4TE5MK73 passed", "medicare 1SG4TE5MK73"},
		}),
		bare(12, Rule{
			ID: "us-passport", Type: "US_PASSPORT",
			Description: "US passport number (9 digits, or a letter and 8 digits) (low score without passport context)",
			Pattern:     `\b([A-Z]?\d{8,9})\b`, Group: 1,
			Validate: notBoring,
			Context:  []string{"passport", "passport no", "passport number"},
			TP:       []string{"US passport «512837460»", "Passport No: «A43817265»", "passport number «483920175» expires 2031"},
			FP:       []string{"passport 123456789", "order 512837460", "passport photo 35x45 mm"},
		}),
		bare(16, Rule{
			ID: "us-driver-license", Type: "US_DRIVER_LICENSE",
			Description: "US driver licence number (the state formats: letter+digits, digits) (low score without licence context)",
			MinDigits:   7,
			Pattern:     `\b([A-Z]\d{3}-?\d{3,4}-?\d{2,4}(?:-?\d{1,3})?|[A-Z]{1,2}\d{5,12}|\d{7,12})\b`, Group: 1,
			Validate: notBoring,
			Context:  []string{"driver", "driving licen", "licence", "license", "dl#", "dl no", "dmv"},
			TP:       []string{"driver license «D4827153»", "DL# «S530-4621-7315»", "CA driver's licence «B2938471»"},
			FP:       []string{"driver version 535.104.05", "license MIT", "driver license 11111111"},
		}),
		bare(17, Rule{
			ID: "us-bank-number", Type: "US_BANK_NUMBER",
			Description: "US bank account number (8-17 digits) (low score without account context)",
			Pattern:     numBounded(`\d{8,17}`), Group: 1,
			Validate: notBoring,
			Context:  []string{"account number", "account no", "acct", "bank account", "checking", "savings"},
			TP:       []string{"account number «000123456789»", "acct# «48201937165»", "checking «71936482015» at Chase"},
			FP:       []string{"account created 1700000000 epoch", "account number 12345678", "acct 2024"},
		}),
		bare(11, Rule{
			ID: "ca-sin", Type: "CA_SIN",
			Description: "Canadian Social Insurance Number (numéro d'assurance sociale), Luhn-checked",
			Pattern:     numBounded(`\d{3}[- ]?\d{3}[- ]?\d{3}`), Group: 1,
			Validate: CASIN, Verification: "luhn",
			Context: []string{"sin:", "sin#", "sin no", "sin number", "social insurance", "assurance sociale", "nas:"},
			TP:      []string{"SIN: «130 547 912»", "social insurance number «276-945-821»", "numéro d'assurance sociale «561043217»"},
			FP:      []string{"SIN: 130 547 913", "using 130 547 912 rows", "SIN number 046 454 286"},
		}),
		{
			ID: "br-cpf", Type: "BR_CPF", Category: PII,
			Description: "Brazilian CPF as printed (ddd.ddd.ddd-dd), two mod-11 check digits",
			Trigger:     TriggerDigits, MinDigits: 11, MaxDigits: sepOnly,
			Pattern: numBounded(`\d{3}\.\d{3}\.\d{3}-\d{2}`), Group: 1,
			Validate: BRCPF, Verification: "mod11",
			Context: []string{"cpf", "cadastro de pessoas"},
			Score:   scoreStrong, MaxLen: 16,
			TP: []string{"CPF «111.444.777-35»", "titular: «529.982.247-25»", "cliente «453.178.287-91» cadastrado"},
			FP: []string{"CPF 111.444.777-36", "111.111.111-11", "version 123.456.789-10"},
		},
		bare(11, Rule{
			ID: "br-cpf-bare", Type: "BR_CPF",
			Description: "Brazilian CPF as 11 bare digits (low score without CPF context)",
			Pattern:     numBounded(`\d{11}`), Group: 1,
			Validate: BRCPF, Verification: "mod11",
			Context: []string{"cpf", "cadastro de pessoas"},
			TP:      []string{"CPF «11144477735»", "cpf=«52998224725»", "número do CPF: «45317828791»"},
			FP:      []string{"CPF 11144477736", "pedido 11144477735", "CPF 00000000000"},
		}),
		{
			ID: "br-cnpj", Type: "BR_CNPJ", Category: PII,
			Description: "Brazilian company registry number CNPJ, two mod-11 check digits",
			Trigger:     TriggerDigits, MinDigits: 14, MaxDigits: 14,
			Pattern: numBounded(`\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2}`), Group: 1,
			Validate: BRCNPJ, Verification: "mod11",
			Context: []string{"cnpj", "empresa"},
			Score:   scoreStrong, MaxLen: 20,
			TP: []string{"CNPJ «11.222.333/0001-81»", "empresa «11222333000181» ltda", "cnpj: «45.997.418/0001-53»"},
			FP: []string{"CNPJ 11.222.333/0001-82", "epoch micros 17000000000000", "00.000.000/0000-00"},
		},
		{
			ID: "mx-curp", Type: "MX_CURP", Category: PII,
			Description: "Mexican CURP (Clave Única de Registro de Población) with its check digit",
			Trigger:     TriggerDigits, MinDigits: 6, MaxDigits: 6,
			Pattern: `\b([A-Z][AEIOUX][A-Z]{2}\d{6}[HMX](?:AS|B[CS]|C[CLHMS]|D[FG]|G[TR]|HG|JC|M[CNS]|N[ETL]|OC|PL|Q[TR]|S[PLR]|T[CSL]|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d)\b`, Group: 1,
			Validate: MXCURP, Verification: "curp",
			Context: []string{"curp"},
			Score:   scoreStrong, MaxLen: 18,
			TP: []string{"CURP: «GOMC800101HDFRRR00»", "registro «PEMA920315MJCRRN00»", "«LOAJ050721HNLPRNA7» (alumno)"},
			FP: []string{"CURP GOMC800101HQQRRR01", "GOMC801301HDFRRR00", "hash GOMC800101HDFRRR00X1", "GOMC800101HDFRAR00"},
		},
		{
			ID: "mx-rfc", Type: "MX_RFC", Category: PII,
			Description: "Mexican tax id RFC (people and companies); the homoclave check makes it verified",
			Trigger:     TriggerDigits, MinDigits: 6, MaxDigits: 6,
			Pattern: `\b([A-ZÑ&]{3,4}\d{6}[A-Z0-9]{2}[0-9A])\b`, Group: 1,
			Validate: MXRFC, Verification: "rfc",
			Context: []string{"rfc", "registro federal", "contribuyente"},
			Score:   scoreGated, MaxLen: 14,
			TP: []string{"RFC: «GOMC800101AB8»", "facturar a «ABC850730XY5»", "RFC «VECJ880326XA1» del contribuyente"},
			FP: []string{"token GOMC800101AB1", "ABCD991332XY5", "build VECJ880326XA1"},
		},
		{
			ID: "ar-cuit", Type: "AR_CUIT", Category: PII,
			Description: "Argentine CUIT/CUIL XX-XXXXXXXX-X with its mod-11 check digit",
			Trigger:     TriggerDigits, MinDigits: 11, MaxDigits: sepOnly,
			Pattern: numBounded(`(?:20|2[3-47]|3[034])-\d{8}-\d`), Group: 1,
			Validate: ARCUIT, Verification: "mod11",
			Context: []string{"cuit", "cuil"},
			Score:   scoreStrong, MaxLen: 13,
			TP: []string{"CUIT «20-31584726-6»", "cuil: «27-28193456-8»", "razón social «30-71234567-1»"},
			FP: []string{"CUIT 20-31584726-7", "ref 21-31584726-6", "date range 20-12345678-9"},
		},
		{
			ID: "cl-rut", Type: "CL_RUT", Category: PII,
			Description: "Chilean RUT/RUN as printed (12.345.678-5), mod-11 check digit or K",
			Trigger:     TriggerDigits, MinDigits: 7, MaxDigits: sepOnly,
			Pattern: `(?:^|[^\w.-])(\d{1,2}\.\d{3}\.\d{3}-[\dkK])\b`, Group: 1,
			Validate: CLRUT, Verification: "mod11",
			Context: []string{"rut", "run:", "rol único"},
			Score:   scoreStrong, MaxLen: 13,
			TP: []string{"RUT «16.784.321-2»", "cliente «9.812.543-4»", "rut: «21.347.119-8»"},
			FP: []string{"RUT 16.784.321-3", "v1.234.567-1", "price 12.345.678-0"},
		},
		bare(14, Rule{
			ID: "co-nit", Type: "CO_NIT",
			Description: "Colombian tax number NIT with its DIAN prime-weighted check digit",
			Pattern:     numBounded(`\d{3}\.?\d{3}\.?\d{3}-?\d`), Group: 1,
			Validate: CONIT, Verification: "mod11",
			Context: []string{"nit:", "nit.", "nit no", " nit ", "identificación tributaria"},
			TP:      []string{"NIT: «900.123.456-8»", "el NIT «830054217-4» de Bogotá", "nit no. «860.034.313-7»"},
			FP:      []string{"NIT: 900.123.456-9", "unit 900.123.456-8", "NIT 000.000.000-0"},
		}),
		bare(11, Rule{
			ID: "uy-ci", Type: "UY_CI",
			Description: "Uruguayan cédula de identidad with its check digit",
			Pattern:     numBounded(`\d\.?\d{3}\.?\d{3}-?\d`), Group: 1,
			Validate: UYCI, Verification: "mod10",
			Context: []string{"cédula", "cedula", "c.i.", "documento de identidad"},
			TP:      []string{"cédula «4.521.893-7»", "C.I. «3.918.275-6»", "cedula de identidad «45218937»"},
			FP:      []string{"cédula 4.521.893-8", "build 4.521.893-7", "cedula 1.111.111-1"},
		}),
		bare(10, Rule{
			ID: "ec-cedula", Type: "EC_CEDULA",
			Description: "Ecuadorian cédula (10 digits, province code, mod-10 check digit)",
			Pattern:     numBounded(`\d{9}-?\d`), Group: 1,
			Validate: ECCedula, Verification: "mod10",
			Context: []string{"cédula", "cedula", "identidad"},
			TP:      []string{"cédula «1712345675»", "cedula: «0926687856»", "número de identidad «1103894422»"},
			FP:      []string{"cédula 1712345676", "pedido 1712345675", "cedula 9912345675"},
		}),
	}
}

// notBoring rejects placeholder digit runs (one repeated digit, 123456789)
// in values that have no checksum.
func notBoring(b []byte, _ Options) Verdict {
	var buf [64]byte
	d := digitsOf(buf[:0], b)
	if len(d) < 5 || boringDigits(d) {
		return Reject
	}
	// Mostly zeros is a template, not an account.
	z := 0
	for _, c := range d {
		if c == '0' {
			z++
		}
	}
	if z*4 > len(d)*3 {
		return Reject
	}
	return Plausible
}
