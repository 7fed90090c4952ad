package detectors

// Validators of the identifiers that complete Presidio's predefined
// recognizer set (German health-care and company numbers, Swedish
// organisation numbers, Korean foreigner numbers, UK licences and plates,
// Turkish plates). Same contract as national.go.

// --- Germany -------------------------------------------------------------

// deKVRegions are the two-digit codes of the 17 Kassenärztliche
// Vereinigungen that open a Betriebsstättennummer (KBV
// Arztnummern-Richtlinie, Anlage 1).
var deKVRegions = [100]bool{1: true, 2: true, 3: true, 17: true, 20: true, 38: true, 46: true, 51: true,
	52: true, 71: true, 72: true, 73: true, 78: true, 83: true, 88: true, 93: true, 98: true}

// DEBSNR: Betriebsstättennummer, 9 digits, the first two a KV region
// code; there is no check digit.
func DEBSNR(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok || !deKVRegions[atoiDigits(d[:2])] {
		return Reject
	}
	return Plausible
}

// DELANR: lebenslange Arztnummer, 9 digits: a 6-digit serial, a check
// digit and a 2-digit specialty code. The check digit is 10 minus the
// last digit of the serial weighted 4 9 4 9 4 9 (0 when that is 10).
func DELANR(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok || d[7] == '0' && d[8] == '0' {
		return Reject
	}
	return verdict((10-weightedSum(d, 4, 9, 4, 9, 4, 9)%10)%10 == dval(d[6]))
}

// DEKVNR: unveränderbarer Teil der Krankenversichertennummer, a letter
// and 9 digits. The letter becomes its alphabet position as two digits;
// those 10 digits weighted 1 2 1 2 …, each product reduced to its digit
// sum, add up to the check digit mod 10.
func DEKVNR(b []byte, _ Options) Verdict {
	if len(b) != 10 || b[0] < 'A' || b[0] > 'Z' || !allDigits(b[1:]) || boringDigits(b[1:9]) {
		return Reject
	}
	p := int(b[0]-'A') + 1
	var n [10]int
	n[0], n[1] = p/10, p%10
	for i := 0; i < 8; i++ {
		n[i+2] = dval(b[1+i])
	}
	s := 0
	for i, v := range n {
		if i%2 == 1 {
			v *= 2
		}
		s += v/10 + v%10
	}
	return verdict(s%10 == dval(b[9]))
}

// DEFuehrerschein: the 11-character number of the EU card licence: an
// issuing-authority code and serial (letters and digits), a check
// character (digit or X) and the issue count. The check algorithm is not
// published, so the shape alone is Plausible; it must mix letters and
// digits and not be a placeholder.
func DEFuehrerschein(b []byte, _ Options) Verdict {
	if len(b) != 11 || !isDigitB(b[10]) || !(isDigitB(b[9]) || b[9] == 'X') {
		return Reject
	}
	letters, digits := 0, 0
	for _, c := range b {
		switch {
		case isDigitB(c):
			digits++
		case c >= 'A' && c <= 'Z':
			letters++
		default:
			return Reject
		}
	}
	if letters == 0 || digits < 3 {
		return Reject
	}
	return Plausible
}

// DEKfz: a German plate has at most 8 letters and digits besides the E
// (electric) or H (historic) suffix.
func DEKfz(b []byte, _ Options) Verdict {
	n := 0
	for i, c := range b {
		if c == ' ' || c == '-' {
			continue
		}
		if (c == 'E' || c == 'H') && i == len(b)-1 && i > 0 && isDigitB(b[i-1]) {
			continue
		}
		if c >= 0x80 {
			if c&0xC0 == 0x80 {
				continue // a continuation byte of an umlaut counted once
			}
		}
		n++
	}
	return verdictPlausible(n <= 8)
}

// DEPLZ: a German postcode lies in 01001–99998; the 00 region is unused.
func DEPLZ(b []byte, _ Options) Verdict {
	if len(b) != 5 || !allDigits(b) || (b[0] == '0' && b[1] == '0') || allSame(b) {
		return Reject
	}
	return Plausible
}

// DETaxNumber: Steuernummer in a Land's own format (2–3 / 3–4 / 4–5
// digits, slash separated) or the 13-digit federal format, whose first
// two digits are a Land code and whose fifth digit is 0.
func DETaxNumber(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := onlyDigits(buf[:], b, "/ ")
	if !ok || boringDigits(d) {
		return Reject
	}
	if len(d) == 13 {
		if d[0] == '0' || d[4] != '0' {
			return Reject
		}
	} else if len(d) < 10 || len(d) > 11 {
		return Reject
	}
	return Plausible
}

// DEVATID: USt-IdNr, "DE" and 9 digits whose last is the ISO 7064
// MOD 11,10 check digit of the first eight.
func DEVATID(b []byte, _ Options) Verdict {
	var buf [16]byte
	if len(b) < 11 || (b[0] != 'D' && b[0] != 'd') || (b[1] != 'E' && b[1] != 'e') {
		return Reject
	}
	d, ok := fixedDigits(buf[:], b[2:], 9)
	if !ok || d[0] == '0' {
		return Reject
	}
	return verdict(iso7064Mod11_10(d))
}

// --- Sweden, Korea, Philippines, Türkiye ------------------------------------

// SEOrgNummer: organisationsnummer NNNNNN-NNNN. The third digit is at
// least 2 (a personnummer has a month there), the first is a legal-form
// group (not 0 or 4), and the ten digits pass Luhn.
func SEOrgNummer(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := onlyDigits(buf[:], b, "-")
	if len(d) == 12 && d[0] == '1' && d[1] == '6' {
		d = d[2:] // written with the "16" century-style prefix
	}
	if !ok || len(d) != 10 || d[2] < '2' || d[0] == '0' || d[0] == '4' || boringDigits(d) {
		return Reject
	}
	return verdict(luhnDigits(d))
}

// KRFRN: foreigner registration number YYMMDD-GNNNNNC, laid out like the
// resident number but with gender/century digit 5–8. Its check digit is
// (13 − weighted sum mod 11) mod 10 on older numbers and the resident
// formula on others; numbers issued since October 2020 carry none, so a
// valid date and digit are Plausible and either check makes it Verified.
func KRFRN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 13)
	if !ok || !validYYMMDD(d) || d[6] < '5' || d[6] > '8' {
		return Reject
	}
	s := weightedSum(d, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5) % 11
	if (13-s)%10 == dval(d[12]) || (11-s)%10 == dval(d[12]) {
		return Verified
	}
	return Plausible
}

// --- United Kingdom ------------------------------------------------------

// UKDrivingLicence: DVLA number SSSSS D MM DD Y II C LL: five letters of
// the surname padded with 9s, the decade digit, the birth month (plus 50
// for women), the day, the year digit, two initials padded with 9, a
// digit and two check letters.
func UKDrivingLicence(b []byte, _ Options) Verdict {
	if len(b) != 16 || b[0] == '9' {
		return Reject
	}
	pad := false
	for _, c := range b[:5] {
		if c == '9' {
			pad = true
		} else if pad || c < 'A' || c > 'Z' {
			return Reject // a letter after the padding
		}
	}
	if !allDigits(b[5:11]) {
		return Reject
	}
	m := atoiDigits(b[6:8])
	if m > 50 {
		m -= 50
	}
	day := atoiDigits(b[8:10])
	if m < 1 || m > 12 || day < 1 || day > 31 {
		return Reject
	}
	if b[11] == '9' || (b[12] != '9' && (b[12] < 'A' || b[12] > 'Z')) {
		return Reject
	}
	return Plausible
}

// UKVehicleRegistration checks the age identifier of a current-format
// plate (AB51 ABC): 02–29 for March registrations, 51–79 for September.
// Older prefix and suffix plates have no such field.
func UKVehicleRegistration(b []byte, _ Options) Verdict {
	if len(b) >= 4 && isLetterB(b[0]) && isLetterB(b[1]) && isDigitB(b[2]) && isDigitB(b[3]) {
		age := atoiDigits(b[2:4])
		return verdictPlausible((age >= 2 && age <= 29) || (age >= 51 && age <= 79))
	}
	return Plausible
}

func isDigitB(c byte) bool  { return c >= '0' && c <= '9' }
func isLetterB(c byte) bool { return c >= 'A' && c <= 'Z' }
