package detectors

import (
	"bytes"
	"crypto/sha256"
)

// Validators for national identifiers, each written from the issuing
// authority's published description of the number. They receive the
// rule's value span (separators included) and return Reject, Plausible
// (structure holds, no checksum exists or it is optional) or Verified
// (the check digits hold).

// digitsSep collects the digits of b allowing the usual separators.
func digitsSep(buf, b []byte) ([]byte, bool) { return onlyDigits(buf, b, " -./") }

// fixedDigits returns the digits of b when b holds exactly n of them and
// only separators besides, and the value is not a placeholder.
func fixedDigits(buf, b []byte, n int) ([]byte, bool) {
	d, ok := digitsSep(buf, b)
	if !ok || len(d) != n || boringDigits(d) {
		return nil, false
	}
	return d, true
}

// --- United States -------------------------------------------------------

// USITIN: 9XX-[50-65|70-88|90-92|94-99]-XXXX (IRS).
func USITIN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok || d[0] != '9' {
		return Reject
	}
	g := atoiDigits(d[3:5])
	if (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94 {
		return Plausible
	}
	return Reject
}

// ABARouting: 3-7-1 weighted mod 10 and a Federal Reserve prefix.
func ABARouting(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok {
		return Reject
	}
	p := atoiDigits(d[:2])
	if !(p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80) {
		return Reject
	}
	return verdict(weightedSum(d, 3, 7, 1, 3, 7, 1, 3, 7, 1)%10 == 0)
}

// USNPI: National Provider Identifier, Luhn over "80840" + 10 digits.
func USNPI(b []byte, _ Options) Verdict {
	var buf [24]byte
	d, ok := fixedDigits(buf[5:5], b, 10)
	if !ok || (d[0] != '1' && d[0] != '2') {
		return Reject
	}
	full := append([]byte("80840"), d...)
	return verdict(luhnDigits(full))
}

// USEIN: employer identification number, campus prefix list (IRS).
func USEIN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok {
		return Reject
	}
	switch p := atoiDigits(d[:2]); {
	case p == 0, p == 7, p == 8, p == 9, p == 17, p == 18, p == 19, p == 28, p == 29,
		p == 49, p == 69, p == 70, p == 78, p == 79, p == 89, p == 96, p == 97:
		return Reject
	}
	return Plausible
}

// USMBI: Medicare Beneficiary Identifier, CMS position rules (11 chars,
// letters exclude S L O I B Z).
func USMBI(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 11 {
		return Reject
	}
	alpha := func(c byte) bool { return c >= 'A' && c <= 'Z' && bytes.IndexByte([]byte("SLOIBZ"), c) < 0 }
	num := func(c byte) bool { return c >= '0' && c <= '9' }
	an := func(c byte) bool { return num(c) || alpha(c) }
	// C A AN N A AN N A A N N
	ok = s[0] >= '1' && s[0] <= '9' && alpha(s[1]) && an(s[2]) && num(s[3]) && alpha(s[4]) &&
		an(s[5]) && num(s[6]) && alpha(s[7]) && alpha(s[8]) && num(s[9]) && num(s[10])
	if !ok {
		return Reject
	}
	return Plausible
}

// DEANumber: US DEA registration, two letters and 7 digits whose last is
// (d1+d3+d5 + 2·(d2+d4+d6)) mod 10.
func DEANumber(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 9 || !allDigits(s[2:]) {
		return Reject
	}
	d := s[2:]
	sum := dval(d[0]) + dval(d[2]) + dval(d[4]) + 2*(dval(d[1])+dval(d[3])+dval(d[5]))
	return verdict(sum%10 == dval(d[6]))
}

// --- United Kingdom ------------------------------------------------------

// UKNHS: 10 digits, weights 10..2, check 11 - sum mod 11 (10 invalid).
func UKNHS(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 10)
	if !ok {
		return Reject
	}
	return verdict(mod11Check(d, 10, 9, 8, 7, 6, 5, 4, 3, 2) == dval(d[9]))
}

// UKNINO: HMRC prefix rules: first letter not D F I Q U V, second not
// D F I O Q U V, and not BG GB KN NK NT TN ZZ; suffix A-D.
func UKNINO(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 9 || !allDigits(s[2:8]) {
		return Reject
	}
	if bytes.IndexByte([]byte("DFIQUV"), s[0]) >= 0 || bytes.IndexByte([]byte("DFIOQUV"), s[1]) >= 0 {
		return Reject
	}
	switch string(s[:2]) {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return Reject
	}
	if s[8] < 'A' || s[8] > 'D' || allSame(s[2:8]) {
		return Reject
	}
	return Plausible
}

// --- Spain ---------------------------------------------------------------

const esLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// ESNIF: 8 digits and the mod-23 control letter. A NIE (X/Y/Z + 7
// digits + letter) is checked the same way with X=0, Y=1, Z=2.
func ESNIF(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 9 {
		return Reject
	}
	switch s[0] {
	case 'X':
		s[0] = '0'
	case 'Y':
		s[0] = '1'
	case 'Z':
		s[0] = '2'
	}
	if !allDigits(s[:8]) || boringDigits(s[:8]) {
		return Reject
	}
	return verdict(esLetters[atoiDigits(s[:8])%23] == s[8])
}

// ESNSS: Spanish social security number, 2-digit province + 8 digits +
// 2 check digits = (province·10^8 + number) mod 97.
func ESNSS(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 12)
	if !ok || atoiDigits(d[:2]) > 53 && atoiDigits(d[:2]) != 66 {
		return Reject
	}
	return verdict(modDigits(d[:10], 97) == atoiDigits(d[10:]))
}

// --- Italy ---------------------------------------------------------------

// itOdd is the value of a character in an odd (1st, 3rd, ...) position of
// a codice fiscale; digits map like the letter of the same index.
var itOdd = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// ITFiscalCode: 16 characters, the last a check letter computed from the
// 15 before it (DM 23/12/1976); omocodic substitutions are allowed.
func ITFiscalCode(b []byte, _ Options) Verdict {
	var buf [20]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 16 {
		return Reject
	}
	sum := 0
	for i, c := range s[:15] {
		v := 0
		if c >= '0' && c <= '9' {
			v = dval(c)
		} else {
			v = int(c - 'A')
		}
		if i%2 == 0 {
			sum += itOdd[v]
		} else {
			sum += v
		}
	}
	return verdict(byte('A'+sum%26) == s[15])
}

// ITVAT: partita IVA, 11 digits with the Luhn check.
var ITVAT = luhnOfLength(11)

// luhnOfLength validates identifiers of exactly n digits (separators
// allowed) whose last digit is a Luhn check.
func luhnOfLength(n int) Validator {
	return func(b []byte, _ Options) Verdict {
		var buf [24]byte
		d, ok := fixedDigits(buf[:], b, n)
		if !ok {
			return Reject
		}
		return verdict(luhnDigits(d))
	}
}

// --- Poland --------------------------------------------------------------

// PLPESEL: YYMMDDZZZXQ, month offset encodes the century, weights
// 1 3 7 9 1 3 7 9 1 3.
func PLPESEL(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok {
		return Reject
	}
	m := atoiDigits(d[2:4]) % 20
	if !validDate(0, m, atoiDigits(d[4:6])) {
		return Reject
	}
	return verdict((10-weightedSum(d, 1, 3, 7, 9, 1, 3, 7, 9, 1, 3)%10)%10 == dval(d[10]))
}

// PLNIP: tax number, weights 6 5 7 2 3 4 5 6 7, mod 11.
func PLNIP(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 10)
	if !ok {
		return Reject
	}
	c := weightedSum(d, 6, 5, 7, 2, 3, 4, 5, 6, 7) % 11
	return verdict(c != 10 && c == dval(d[9]))
}

// PLREGON: 9-digit business register number, weights 8 9 2 3 4 5 6 7.
func PLREGON(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok {
		return Reject
	}
	return verdict(weightedSum(d, 8, 9, 2, 3, 4, 5, 6, 7)%11%10 == dval(d[8]))
}

// --- Singapore -----------------------------------------------------------

// SGNRIC: [STFGM] + 7 digits + check letter (ICA weights 2 7 6 5 4 3 2).
func SGNRIC(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 9 || !allDigits(s[1:8]) {
		return Reject
	}
	sum := weightedSum(s[1:8], 2, 7, 6, 5, 4, 3, 2)
	var table string
	switch s[0] {
	case 'S':
		table = "JZIHGFEDCBA"
	case 'T':
		sum += 4
		table = "JZIHGFEDCBA"
	case 'F':
		table = "XWUTRQPNMLK"
	case 'G':
		sum += 4
		table = "XWUTRQPNMLK"
	case 'M':
		sum += 3
		table = "XWUTRQPNJLK"
	default:
		return Reject
	}
	return verdict(table[sum%11] == s[8])
}

// --- Australia -----------------------------------------------------------

// AUABN: 11 digits; subtract 1 from the first, weights 10 1 3 ... 19,
// divisible by 89 (ATO).
func AUABN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok || d[0] == '0' {
		return Reject
	}
	s := (dval(d[0])-1)*10 + weightedSum(d[1:], 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)
	return verdict(s%89 == 0)
}

// AUACN: 9 digits, weights 8..1, check = (10 - sum mod 10) mod 10 (ASIC).
func AUACN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok {
		return Reject
	}
	return verdict((10-weightedSum(d, 8, 7, 6, 5, 4, 3, 2, 1)%10)%10 == dval(d[8]))
}

// AUTFN: 9 digits, weights 1 4 3 7 5 8 6 9 10, divisible by 11.
func AUTFN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok {
		return Reject
	}
	return verdict(weightedSum(d, 1, 4, 3, 7, 5, 8, 6, 9, 10)%11 == 0)
}

// AUMedicare: 10 digits (11 with the individual reference), first 2-6,
// 9th = weights 1 3 7 9 1 3 7 9 mod 10, issue number not 0.
func AUMedicare(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := digitsSep(buf[:], b)
	if !ok || (len(d) != 10 && len(d) != 11) || d[0] < '2' || d[0] > '6' || d[9] == '0' {
		return Reject
	}
	return verdict(weightedSum(d, 1, 3, 7, 9, 1, 3, 7, 9)%10 == dval(d[8]))
}

// --- India ---------------------------------------------------------------

// INAadhaar: 12 digits, first 2-9, Verhoeff check digit (UIDAI).
func INAadhaar(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 12)
	if !ok || d[0] < '2' {
		return Reject
	}
	return verdict(verhoeffValid(d))
}

// INPAN: AAAPL1234C, the fourth letter is the holder type.
func INPAN(b []byte, _ Options) Verdict {
	if len(b) != 10 || bytes.IndexByte([]byte("ABCFGHJLPT"), b[3]) < 0 || allSame(b[5:9]) {
		return Reject
	}
	return Plausible
}

var gstStates = func() (m [100]bool) {
	for i := 1; i <= 38; i++ {
		m[i] = true
	}
	m[97], m[99] = true, true
	return m
}()

// INGSTIN: state code + PAN + entity + 'Z' + mod-36 check character.
func INGSTIN(b []byte, _ Options) Verdict {
	var buf [20]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 15 || !allDigits(s[:2]) || !gstStates[atoiDigits(s[:2])] {
		return Reject
	}
	val := func(c byte) int {
		if c <= '9' {
			return dval(c)
		}
		return int(c-'A') + 10
	}
	sum := 0
	for i, c := range s[:14] {
		p := val(c) * (1 + i%2)
		sum += p/36 + p%36
	}
	want := (36 - sum%36) % 36
	return verdict(val(s[14]) == want)
}

var inStates = map[string]bool{
	"AN": true, "AP": true, "AR": true, "AS": true, "BR": true, "CG": true, "CH": true, "DD": true,
	"DL": true, "DN": true, "GA": true, "GJ": true, "HP": true, "HR": true, "JH": true, "JK": true,
	"KA": true, "KL": true, "LA": true, "LD": true, "MH": true, "ML": true, "MN": true, "MP": true,
	"MZ": true, "NL": true, "OD": true, "OR": true, "PB": true, "PY": true, "RJ": true, "SK": true,
	"TN": true, "TR": true, "TS": true, "UK": true, "UP": true, "WB": true, "BH": true,
}

// INVehicle: Indian registration plate with a real state or union
// territory code (or the BH series).
func INVehicle(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) < 7 {
		return Reject
	}
	if allDigits(s[:2]) { // BH series: 22 BH 1234 AA
		return verdict(string(s[2:4]) == "BH")
	}
	if !inStates[string(s[:2])] || bytes.HasSuffix(s, []byte("0000")) {
		return Reject
	}
	return Plausible
}

// --- Nordics and Baltics -------------------------------------------------

const fiCheck = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// FIHETU: DDMMYY, century sign, 3-digit individual number, check
// character = DDMMYYNNN mod 31 (DVV).
func FIHETU(b []byte, _ Options) Verdict {
	if len(b) != 11 || !allDigits(b[:6]) || !allDigits(b[7:10]) || indexByte("+-ABCDEFUVWXY", b[6]) < 0 || !validDDMMYY(b) {
		return Reject
	}
	var n [9]byte
	copy(n[:6], b[:6])
	copy(n[6:], b[7:10])
	c := b[10]
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	return verdict(fiCheck[modDigits(n[:], 31)] == c)
}

// SEPersonnummer: (YY)YYMMDD[-+]NNNC, Luhn over the 10 digits from YY;
// the day may carry +60 (samordningsnummer).
func SEPersonnummer(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := onlyDigits(buf[:0], b, "-+ ")
	if !ok || (len(d) != 10 && len(d) != 12) {
		return Reject
	}
	if len(d) == 12 {
		if c := atoiDigits(d[:2]); c < 18 || c > 20 {
			return Reject
		}
		d = d[2:]
	}
	day := atoiDigits(d[4:6])
	if day > 60 {
		day -= 60
	}
	if !validDate(0, atoiDigits(d[2:4]), day) || boringDigits(d) {
		return Reject
	}
	return verdict(luhnDigits(d))
}

// NOFodselsnummer: DDMMYYIIIKK, two mod-11 check digits (D-numbers add
// 40 to the day, H-numbers 40 to the month).
func NOFodselsnummer(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok {
		return Reject
	}
	day, mon := atoiDigits(d[:2]), atoiDigits(d[2:4])
	if day > 40 {
		day -= 40
	}
	if mon > 40 {
		mon -= 40
	}
	if !validDate(0, mon, day) {
		return Reject
	}
	k1 := mod11Check(d, 3, 7, 6, 1, 8, 9, 4, 5, 2)
	k2 := mod11Check(d, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
	return verdict(k1 == dval(d[9]) && k2 == dval(d[10]))
}

// DKCPR: DDMMYY-SSSS. The mod-11 check was dropped in 2007, so a valid
// date is Plausible and a passing mod-11 sum Verified.
func DKCPR(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 10)
	if !ok || !validDDMMYY(d) {
		return Reject
	}
	if weightedSum(d, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)%11 == 0 {
		return Verified
	}
	return Plausible
}

// balticCode: Estonian isikukood and Lithuanian asmens kodas, GYYMMDDNNNC
// with the two-stage mod-11 check.
func balticCode(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok || d[0] < '1' || d[0] > '6' || !validYYMMDD(d[1:]) {
		return Reject
	}
	c := weightedSum(d, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1) % 11
	if c == 10 {
		c = weightedSum(d, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3) % 11
		if c == 10 {
			c = 0
		}
	}
	return verdict(c == dval(d[10]))
}

// ISKennitala: DDMMYY-RRCM, weights 3 2 7 6 5 4 3 2 on the first 8,
// C = 11 - sum mod 11; M is the century (9 or 0).
func ISKennitala(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 10)
	if !ok || (d[9] != '9' && d[9] != '0' && d[9] != '8') {
		return Reject
	}
	day := atoiDigits(d[:2])
	if day > 40 { // companies add 40 to the day
		day -= 40
	}
	if !validDate(0, atoiDigits(d[2:4]), day) {
		return Reject
	}
	return verdict(mod11Check(d, 3, 2, 7, 6, 5, 4, 3, 2) == dval(d[8]))
}

// --- Western Europe ------------------------------------------------------

// DETaxID: Steuerliche Identifikationsnummer, 11 digits, no leading 0,
// in the first ten one digit occurs twice or three times, ISO 7064 MOD
// 11,10 check digit (BZSt).
func DETaxID(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok || d[0] == '0' {
		return Reject
	}
	var cnt [10]int
	for _, c := range d[:10] {
		cnt[c-'0']++
	}
	multi := 0
	for _, c := range cnt {
		if c > 3 {
			return Reject
		}
		if c >= 2 {
			multi++
		}
	}
	if multi != 1 {
		return Reject
	}
	return verdict(iso7064Mod11_10(d))
}

// DEIDCard: Personalausweis / Reisepass serial (9 characters from
// C F G H J K L M N P R T V W X Y Z and digits) with its 7-3-1 check
// digit as printed in the machine-readable zone.
func DEIDCard(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 10 || !allDigits(s[9:]) {
		return Reject
	}
	for _, c := range s[:9] {
		if c > '9' && bytes.IndexByte([]byte("CFGHJKLMNPRTVWXYZ"), c) < 0 {
			return Reject
		}
	}
	return verdict(mrzCheck(s[:9]) == dval(s[9]))
}

// mrzCheck is the ICAO 9303 check digit: weights 7 3 1, letters A=10.
func mrzCheck(s []byte) int {
	w := [3]int{7, 3, 1}
	sum := 0
	for i, c := range s {
		v := 0
		switch {
		case c >= '0' && c <= '9':
			v = dval(c)
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		}
		sum += v * w[i%3]
	}
	return sum % 10
}

// FRNIR: numéro de sécurité sociale, 13 digits (department 2A/2B for
// Corsica) + key = 97 - (number mod 97) (INSEE).
func FRNIR(b []byte, _ Options) Verdict {
	var buf [20]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 15 || bytes.IndexByte([]byte("123478"), s[0]) < 0 {
		return Reject
	}
	// Corsica: 2A counts as 19 and 2B as 18 (INSEE).
	switch string(s[5:7]) {
	case "2A":
		s[5], s[6] = '1', '9'
	case "2B":
		s[5], s[6] = '1', '8'
	}
	if !allDigits(s) {
		return Reject
	}
	if m := atoiDigits(s[3:5]); !(m >= 1 && m <= 12 || m >= 20 && m <= 42 || m >= 50 && m <= 99) {
		return Reject
	}
	var n int64
	for _, c := range s[:13] {
		n = n*10 + int64(c-'0')
	}
	return verdict(97-n%97 == int64(atoiDigits(s[13:])))
}

// FRSIREN / FRSIRET: 9 and 14 digits with the Luhn check (La Poste's
// establishments, SIREN 356000000, sum to a multiple of 5 instead).
var FRSIREN = luhnOfLength(9)

func FRSIRET(b []byte, _ Options) Verdict {
	var buf [20]byte
	d, ok := fixedDigits(buf[:], b, 14)
	if !ok {
		return Reject
	}
	if string(d[:9]) == "356000000" {
		s := 0
		for _, c := range d {
			s += dval(c)
		}
		return verdict(s%5 == 0)
	}
	return verdict(luhnDigits(d))
}

// NLBSN: burgerservicenummer, 11-proof with weights 9..2, -1.
func NLBSN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok {
		return Reject
	}
	return verdict((weightedSum(d, 9, 8, 7, 6, 5, 4, 3, 2)-dval(d[8]))%11 == 0)
}

// BENationalNumber: rijksregisternummer YYMMDD-SSS-CC, CC = 97 - (first 9
// mod 97), with a leading 2 for people born from 2000.
func BENationalNumber(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok {
		return Reject
	}
	m := atoiDigits(d[2:4])
	if m > 40 { // bis numbers add 20 or 40 to the month
		m -= 40
	} else if m > 20 {
		m -= 20
	}
	if m != 0 && !validDate(0, m, max(atoiDigits(d[4:6]), 1)) {
		return Reject
	}
	n := atoiDigits(d[:9])
	cc := atoiDigits(d[9:])
	return verdict(97-n%97 == cc || 97-(2000000000+n)%97 == cc)
}

// CHAHV: 756.XXXX.XXXX.XC, EAN-13 check digit.
func CHAHV(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 13)
	if !ok || string(d[:3]) != "756" {
		return Reject
	}
	return verdict(ean13Valid(d))
}

// ATSVNR: Austrian social insurance number NNNC DDMMYY, weights
// 3 7 9 _ 5 8 4 2 1 6, C = sum mod 11 (10 invalid).
func ATSVNR(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 10)
	if !ok || d[0] == '0' {
		return Reject
	}
	m := atoiDigits(d[6:8])
	if m > 12 && m != 13 {
		return Reject
	}
	s := 3*dval(d[0]) + 7*dval(d[1]) + 9*dval(d[2]) + weightedSum(d[4:], 5, 8, 4, 2, 1, 6)
	c := s % 11
	return verdict(c != 10 && c == dval(d[3]))
}

// IEPPSN: 7 digits + check letter (+ optional second letter), weights
// 8..2 and 9 for the second letter, mod 23 (W = 0).
func IEPPSN(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) < 8 || len(s) > 9 || !allDigits(s[:7]) || boringDigits(s[:7]) {
		return Reject
	}
	sum := weightedSum(s, 8, 7, 6, 5, 4, 3, 2)
	if len(s) == 9 {
		if s[8] != 'W' && (s[8] < 'A' || s[8] > 'I') {
			return Reject
		}
		if s[8] != 'W' {
			sum += 9 * int(s[8]-'A'+1)
		}
	}
	r := sum % 23
	want := byte('W')
	if r > 0 {
		want = byte('A' + r - 1)
	}
	return verdict(s[7] == want)
}

// PTNIF: 9 digits, weights 9..2, check 11 - sum mod 11 (10, 11 → 0).
func PTNIF(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok || bytes.IndexByte([]byte("12356789"), d[0]) < 0 {
		return Reject
	}
	c := 11 - weightedSum(d, 9, 8, 7, 6, 5, 4, 3, 2)%11
	if c >= 10 {
		c = 0
	}
	return verdict(c == dval(d[8]))
}

// --- Central and Eastern Europe ------------------------------------------

// CZBirthNumber: rodné číslo YYMMDD/SSSC (10 digits, divisible by 11, or
// remainder 10 with check 0); women add 50 to the month, 20/70 since 2004.
func CZBirthNumber(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 10)
	if !ok {
		return Reject
	}
	m := atoiDigits(d[2:4])
	switch {
	case m > 70:
		m -= 70
	case m > 50:
		m -= 50
	case m > 20:
		m -= 20
	}
	if !validDate(0, m, atoiDigits(d[4:6])) {
		return Reject
	}
	r := modDigits(d[:9], 11)
	return verdict(r%10 == dval(d[9]))
}

// ROCNP: S YYMMDD JJ NNN C, weights 2 7 9 1 4 6 3 5 8 2 7 9, C = sum mod
// 11 (10 → 1).
func ROCNP(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 13)
	if !ok || d[0] == '0' || !validYYMMDD(d[1:]) {
		return Reject
	}
	if j := atoiDigits(d[7:9]); j < 1 || (j > 52 && j != 70 && j != 80) {
		return Reject
	}
	c := weightedSum(d, 2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9) % 11
	if c == 10 {
		c = 1
	}
	return verdict(c == dval(d[12]))
}

// BGEGN: YYMMDD + 3 + check, weights 2 4 8 5 10 9 7 3 6, mod 11 (10 → 0);
// months +20 for 1800s and +40 for 2000s.
func BGEGN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 10)
	if !ok {
		return Reject
	}
	m := atoiDigits(d[2:4])
	if m > 40 {
		m -= 40
	} else if m > 20 {
		m -= 20
	}
	if !validDate(0, m, atoiDigits(d[4:6])) {
		return Reject
	}
	c := weightedSum(d, 2, 4, 8, 5, 10, 9, 7, 3, 6) % 11 % 10
	return verdict(c == dval(d[9]))
}

// HROIB: 11 digits, ISO 7064 MOD 11,10.
func HROIB(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok {
		return Reject
	}
	return verdict(iso7064Mod11_10(d))
}

// SIEMSO: DDMMYYY RR BBB K, weights 7 6 5 4 3 2 7 6 5 4 3 2.
func SIEMSO(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 13)
	if !ok || !validDDMMYY(d) {
		return Reject
	}
	return verdict(mod11Check(d, 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2) == dval(d[12]))
}

// HUTAJ: 9 digits, odd positions ×3 and even ×7 over the first 8, mod 10.
func HUTAJ(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok {
		return Reject
	}
	return verdict(weightedSum(d, 3, 7, 3, 7, 3, 7, 3, 7)%10 == dval(d[8]))
}

// GRAMKA: 11 digits DDMMYY + 5, Luhn.
func GRAMKA(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok || !validDDMMYY(d) {
		return Reject
	}
	return verdict(luhnDigits(d))
}

// TRKimlik: 11 digits, no leading 0; d10 = (7·odd - even) mod 10 and
// d11 = sum of the first ten mod 10.
func TRKimlik(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok || d[0] == '0' {
		return Reject
	}
	odd := dval(d[0]) + dval(d[2]) + dval(d[4]) + dval(d[6]) + dval(d[8])
	even := dval(d[1]) + dval(d[3]) + dval(d[5]) + dval(d[7])
	c10 := ((odd*7-even)%10 + 10) % 10
	c11 := (odd + even + c10) % 10
	return verdict(c10 == dval(d[9]) && c11 == dval(d[10]))
}

// --- Asia and Oceania ----------------------------------------------------

// KRRRN: YYMMDD-GNNNNNC; gender/century digit 1-4 (5-8 are foreigners:
// KRFRN),
// weights 2..9,2..5 and C = (11 - sum mod 11) mod 10. Numbers issued since
// October 2020 no longer carry the check, so a valid date and gender digit
// are Plausible and the check makes it Verified.
func KRRRN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 13)
	if !ok || !validYYMMDD(d) || d[6] == '0' || d[6] > '4' {
		return Reject
	}
	if (11-weightedSum(d, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)%11)%10 == dval(d[12]) {
		return Verified
	}
	return Plausible
}

// KRBRN: business registration number XXX-XX-XXXXX, weights
// 1 3 7 1 3 7 1 3 5 plus ⌊5·d9/10⌋, check (10 - sum mod 10) mod 10.
func KRBRN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 10)
	if !ok {
		return Reject
	}
	s := weightedSum(d, 1, 3, 7, 1, 3, 7, 1, 3, 5) + dval(d[8])*5/10
	return verdict((10-s%10)%10 == dval(d[9]))
}

// THTNIN: 13 digits, weights 13..2, check (11 - sum mod 11) mod 10.
func THTNIN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 13)
	if !ok || d[0] == '0' || d[0] == '9' {
		return Reject
	}
	s := weightedSum(d, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2)
	return verdict((11-s%11)%10 == dval(d[12]))
}

// CNResidentID: 6-digit region, YYYYMMDD, 3-digit sequence, ISO 7064
// MOD 11-2 check character (GB 11643-1999).
func CNResidentID(b []byte, _ Options) Verdict {
	if len(b) != 18 || !allDigits(b[:17]) || b[0] == '0' {
		return Reject
	}
	y := atoiDigits(b[6:10])
	if y < 1880 || y > 2100 || !validDate(y, atoiDigits(b[10:12]), atoiDigits(b[12:14])) {
		return Reject
	}
	c := b[17]
	if c == 'x' {
		c = 'X'
	}
	return verdict(iso7064Mod11_2(b[:17]) == c)
}

// JPMyNumber: 12 digits; weights 2..7,2..6 from the right of the first
// 11, check = 11 - sum mod 11 (≤1 → 0).
func JPMyNumber(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 12)
	if !ok {
		return Reject
	}
	s := 0
	for n := 1; n <= 11; n++ {
		q := n + 1
		if n > 6 {
			q = n - 5
		}
		s += dval(d[11-n]) * q
	}
	r := s % 11
	c := 0
	if r > 1 {
		c = 11 - r
	}
	return verdict(c == dval(d[11]))
}

// hkValue maps HKID letters: A=10..Z=35, a missing first letter 36.
func hkValue(c byte) int {
	if c == ' ' {
		return 36
	}
	return int(c-'A') + 10
}

// HKID: one or two letters, 6 digits, check digit (or A) in brackets,
// weights 9..2 over the letters-plus-digits, 11 - sum mod 11.
func HKID(b []byte, _ Options) Verdict {
	var buf [16]byte
	s := buf[:0]
	for _, c := range b {
		if c != '(' && c != ')' && c != ' ' {
			s = append(s, c)
		}
	}
	if len(s) == 8 {
		s = append([]byte{' '}, s...)
	}
	if len(s) != 9 || !allDigits(s[2:8]) {
		return Reject
	}
	sum := hkValue(s[0])*9 + hkValue(s[1])*8
	for i, c := range s[2:8] {
		sum += dval(c) * (7 - i)
	}
	c := (11 - sum%11) % 11
	want := byte('0' + c)
	if c == 10 {
		want = 'A'
	}
	return verdict(s[8] == want)
}

var twLetter = [26]int{10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33}

// TWNationalID: letter (region) + 1/2 (sex) + 8 digits; the letter's code
// and digits weigh 1 9 8 7 6 5 4 3 2 1 1 and sum to a multiple of 10.
func TWNationalID(b []byte, _ Options) Verdict {
	if len(b) != 10 || b[0] < 'A' || b[0] > 'Z' || !allDigits(b[1:]) || (b[1] != '1' && b[1] != '2' && b[1] != '8' && b[1] != '9') {
		return Reject
	}
	v := twLetter[b[0]-'A']
	s := v/10 + (v%10)*9 + weightedSum(b[1:], 8, 7, 6, 5, 4, 3, 2, 1, 1)
	return verdict(s%10 == 0)
}

// AEEmiratesID: 784-YYYY-NNNNNNN-C, Luhn over the 15 digits.
func AEEmiratesID(b []byte, _ Options) Verdict {
	var buf [20]byte
	d, ok := fixedDigits(buf[:], b, 15)
	if !ok || string(d[:3]) != "784" {
		return Reject
	}
	if y := atoiDigits(d[3:7]); y < 1900 || y > 2100 {
		return Reject
	}
	return verdict(luhnDigits(d))
}

// ILTeudatZehut: up to 9 digits (left-padded), Luhn-style 1 2 weights.
func ILTeudatZehut(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := digitsSep(buf[:], b)
	if !ok || len(d) < 8 || len(d) > 9 || boringDigits(d) {
		return Reject
	}
	return verdict(luhnDigits(d))
}

// NZIRD: 8 or 9 digits, weights 3 2 7 6 5 4 3 2 then 7 4 3 2 5 2 7 6,
// check 11 - sum mod 11.
func NZIRD(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := digitsSep(buf[:], b)
	if !ok || len(d) < 8 || len(d) > 9 || boringDigits(d) {
		return Reject
	}
	var p [9]byte
	copy(p[9-len(d):], d)
	for i := 0; i < 9-len(d); i++ {
		p[i] = '0'
	}
	if n := atoiDigits(p[:]); n < 10000000 || n > 150000000 {
		return Reject
	}
	c := 11 - weightedSum(p[:], 3, 2, 7, 6, 5, 4, 3, 2)%11
	if c == 11 {
		c = 0
	}
	if c == 10 {
		c = 11 - weightedSum(p[:], 7, 4, 3, 2, 5, 2, 7, 6)%11
		if c == 11 {
			c = 0
		}
		if c == 10 {
			return Reject
		}
	}
	return verdict(c == dval(p[8]))
}

// CASIN: Canadian social insurance number, 9 digits, Luhn, not starting
// 0 or 8.
func CASIN(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 9)
	if !ok || d[0] == '0' || d[0] == '8' {
		return Reject
	}
	return verdict(luhnDigits(d))
}

// ZAID: YYMMDD SSSS C A Z, Luhn over the 13 digits.
func ZAID(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 13)
	if !ok || !validYYMMDD(d) || d[10] > '2' {
		return Reject
	}
	return verdict(luhnDigits(d))
}

// --- The Americas --------------------------------------------------------

// BRCPF: 9 digits + 2 mod-11 check digits (weights 10..2, then 11..2).
func BRCPF(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok {
		return Reject
	}
	c1 := weightedSum(d, 10, 9, 8, 7, 6, 5, 4, 3, 2) * 10 % 11 % 10
	c2 := weightedSum(d, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2) * 10 % 11 % 10
	return verdict(c1 == dval(d[9]) && c2 == dval(d[10]))
}

// BRCNPJ: 12 digits + 2 mod-11 check digits.
func BRCNPJ(b []byte, _ Options) Verdict {
	var buf [20]byte
	d, ok := fixedDigits(buf[:], b, 14)
	if !ok {
		return Reject
	}
	c := func(s int) int {
		if r := s % 11; r >= 2 {
			return 11 - r
		}
		return 0
	}
	c1 := c(weightedSum(d, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2))
	c2 := c(weightedSum(d, 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2))
	return verdict(c1 == dval(d[12]) && c2 == dval(d[13]))
}

const curpAlphabet = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ"

// MXCURP: 18 characters; the last digit = (10 - Σ value·(18-i) mod 10)
// mod 10 over the first 17 (RENAPO). Published implementations differ on
// whether Ñ takes a place in the value table, so the digit is accepted
// under either table (Verified); a CURP whose structure holds but whose
// digit matches neither is Plausible.
func MXCURP(b []byte, _ Options) Verdict {
	if len(b) != 18 || !validYYMMDD(b[4:10]) {
		return Reject
	}
	withEnye, withoutEnye := 0, 0
	for i, c := range b[:17] {
		v := indexByte(curpAlphabet, c)
		if c == '&' || v < 0 {
			return Reject
		}
		withEnye += v * (18 - i)
		if v > 24 {
			v--
		}
		withoutEnye += v * (18 - i)
	}
	chk := dval(b[17])
	if (10-withEnye%10)%10 == chk || (10-withoutEnye%10)%10 == chk {
		return Verified
	}
	return Plausible
}

// MXRFC: RFC for people (4 letters) or companies (3), YYMMDD and a
// 3-character homoclave whose last is a mod-11 check. A date-valid RFC
// is Plausible; the check makes it Verified.
func MXRFC(b []byte, _ Options) Verdict {
	n := len(b)
	if n != 12 && n != 13 {
		return Reject
	}
	if !validYYMMDD(b[n-9:]) {
		return Reject
	}
	var buf [13]byte
	s := buf[:0]
	if n == 12 {
		s = append(s, ' ')
	}
	s = append(s, b...)
	sum := 0
	for i, c := range s[:12] {
		v := 37
		if c != ' ' {
			v = indexByte(curpAlphabet, c)
		}
		if v < 0 {
			return Reject
		}
		sum += v * (13 - i)
	}
	r := 11 - sum%11
	want := byte('0' + r)
	switch r {
	case 11:
		want = '0'
	case 10:
		want = 'A'
	}
	if s[12] == want {
		return Verified
	}
	return Plausible
}

// ARCUIT: XX-XXXXXXXX-X, type prefix, weights 5 4 3 2 7 6 5 4 3 2, check
// 11 - sum mod 11 (11 → 0; 10 is never issued).
func ARCUIT(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 11)
	if !ok {
		return Reject
	}
	switch string(d[:2]) {
	case "20", "23", "24", "27", "30", "33", "34":
	default:
		return Reject
	}
	return verdict(mod11Check(d, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2) == dval(d[10]))
}

// CLRUT: number + check digit (0-9 or K), weights 2..7 cycling from the
// right, 11 - sum mod 11 (11 → 0, 10 → K).
func CLRUT(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) < 8 || len(s) > 9 || !allDigits(s[:len(s)-1]) || boringDigits(s[:len(s)-1]) {
		return Reject
	}
	body, chk := s[:len(s)-1], s[len(s)-1]
	sum := 0
	for i := 0; i < len(body); i++ {
		sum += dval(body[len(body)-1-i]) * (2 + i%6)
	}
	r := 11 - sum%11
	want := byte('0' + r)
	switch r {
	case 11:
		want = '0'
	case 10:
		want = 'K'
	}
	return verdict(chk == want)
}

// CONIT: Colombian tax number, up to 15 digits + check digit with the
// DIAN prime weights 3 7 13 17 19 23 29 37 41 43 47 53 59 67 71 from the
// right.
func CONIT(b []byte, _ Options) Verdict {
	var buf [20]byte
	d, ok := digitsSep(buf[:], b)
	if !ok || len(d) < 9 || len(d) > 16 || boringDigits(d[:len(d)-1]) {
		return Reject
	}
	w := [...]int{3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71}
	body := d[:len(d)-1]
	sum := 0
	for i := 0; i < len(body); i++ {
		sum += dval(body[len(body)-1-i]) * w[i]
	}
	r := sum % 11
	if r > 1 {
		r = 11 - r
	}
	return verdict(r == dval(d[len(d)-1]))
}

// UYCI: Uruguayan cédula, 6-7 digits + check, weights 2 9 8 7 6 3 4.
func UYCI(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := digitsSep(buf[:], b)
	if !ok || len(d) < 7 || len(d) > 8 || boringDigits(d) {
		return Reject
	}
	var p [8]byte
	copy(p[8-len(d):], d)
	for i := 0; i < 8-len(d); i++ {
		p[i] = '0'
	}
	return verdict((10-weightedSum(p[:], 2, 9, 8, 7, 6, 3, 4)%10)%10 == dval(p[7]))
}

// ECCedula: 10 digits, province 01-24 (or 30), third digit < 6, Luhn-like
// coefficients 2 1 2 1 2 1 2 1 2 (products over 9 minus 9).
func ECCedula(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 10)
	if !ok {
		return Reject
	}
	if p := atoiDigits(d[:2]); (p < 1 || p > 24) && p != 30 || d[2] >= '6' {
		return Reject
	}
	s := 0
	for i := 0; i < 9; i++ {
		v := dval(d[i]) * (2 - i%2)
		if v > 9 {
			v -= 9
		}
		s += v
	}
	return verdict((10-s%10)%10 == dval(d[9]))
}

// --- Crypto --------------------------------------------------------------

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

// BitcoinBase58: a legacy P2PKH (1...) or P2SH (3...) address whose
// 25 decoded bytes end in the first 4 bytes of the double SHA-256 of the
// first 21.
func BitcoinBase58(b []byte, _ Options) Verdict {
	if len(b) < 25 || len(b) > 35 {
		return Reject
	}
	var out [25]byte
	for _, c := range b {
		v := int(base58Index[c])
		if v < 0 {
			return Reject
		}
		carry := v
		for i := len(out) - 1; i >= 0; i-- {
			carry += int(out[i]) * 58
			out[i] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return Reject
		}
	}
	if out[0] != 0x00 && out[0] != 0x05 {
		return Reject
	}
	h := sha256.Sum256(out[:21])
	h = sha256.Sum256(h[:])
	return verdict(bytes.Equal(h[:4], out[21:]))
}

const segwitCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// BitcoinSegwit: a segwit address (BIP 173 bech32 for version 0, BIP 350
// bech32m for later versions) with a valid checksum.
func BitcoinSegwit(b []byte, _ Options) Verdict {
	s := bytes.ToLower(b)
	sep := bytes.LastIndexByte(s, '1')
	if sep < 1 || len(s)-sep < 7 || len(s) > 90 {
		return Reject
	}
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	step := func(v uint32) {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ v
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	hrp, data := s[:sep], s[sep+1:]
	for _, c := range hrp {
		step(uint32(c) >> 5)
	}
	step(0)
	for _, c := range hrp {
		step(uint32(c) & 31)
	}
	var ver int
	for i, c := range data {
		v := indexByte(segwitCharset, c)
		if v < 0 {
			return Reject
		}
		if i == 0 {
			ver = v
		}
		step(uint32(v))
	}
	switch {
	case chk == 1 && ver == 0:
		return Verified
	case chk == 0x2bc830a3 && ver > 0:
		return Verified
	}
	return Reject
}

// DESVNR: Rentenversicherungsnummer, area (2) + DDMMYY + initial letter +
// serial (2) + check digit. The letter counts as its two-digit alphabet
// position; weights 2 1 2 5 7 1 2 1 2 1 2 1, digit sums of the products,
// total mod 10.
func DESVNR(b []byte, _ Options) Verdict {
	var buf [16]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) != 12 || !allDigits(s[:8]) || s[8] < 'A' || s[8] > 'Z' || !allDigits(s[9:]) || !validDDMMYY(s[2:]) {
		return Reject
	}
	var d [12]byte
	copy(d[:8], s[:8])
	l := int(s[8]-'A') + 1
	d[8], d[9] = byte('0'+l/10), byte('0'+l%10)
	copy(d[10:], s[9:11])
	w := [12]int{2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1}
	sum := 0
	for i, c := range d {
		p := dval(c) * w[i]
		sum += p/10 + p%10
	}
	return verdict(sum%10 == dval(s[11]))
}

// EUVAT checks a VAT identification number by its country prefix, with
// the published check-digit rule where one exists (Plausible otherwise).
func EUVAT(b []byte, o Options) Verdict {
	var buf [20]byte
	s, ok := upperAlnum(buf[:0], b)
	if !ok || len(s) < 8 {
		return Reject
	}
	cc, n := string(s[:2]), s[2:]
	switch cc {
	case "AT":
		if len(n) != 9 || n[0] != 'U' || !allDigits(n[1:]) {
			return Reject
		}
		d := n[1:]
		sum := 0
		for i := 0; i < 7; i++ {
			p := dval(d[i]) * (1 + i%2)
			sum += p/10 + p%10
		}
		return verdict((10-(sum+4)%10)%10 == dval(d[7]))
	case "BE":
		if len(n) != 10 || !allDigits(n) {
			return Reject
		}
		return verdict(97-modDigits(n[:8], 97) == atoiDigits(n[8:]))
	case "DE":
		return verdict(len(n) == 9 && allDigits(n) && n[0] != '0' && iso7064Mod11_10(n))
	case "DK":
		return verdict(len(n) == 8 && allDigits(n) && n[0] != '0' && weightedSum(n, 2, 7, 6, 5, 4, 3, 2, 1)%11 == 0)
	case "FI":
		if len(n) != 8 || !allDigits(n) {
			return Reject
		}
		r := weightedSum(n, 7, 9, 10, 5, 8, 4, 2) % 11
		return verdict(r != 1 && (11-r)%11 == dval(n[7]))
	case "FR":
		if len(n) != 11 || !allDigits(n[2:]) {
			return Reject
		}
		if allDigits(n[:2]) {
			return verdict((12+3*modDigits(n[2:], 97))%97 == atoiDigits(n[:2]))
		}
		return Plausible
	case "EL":
		if len(n) != 9 || !allDigits(n) {
			return Reject
		}
		return verdict(weightedSum(n, 256, 128, 64, 32, 16, 8, 4, 2)%11%10 == dval(n[8]))
	case "IT":
		return verdict(len(n) == 11 && allDigits(n) && luhnDigits(n))
	case "LU":
		return verdict(len(n) == 8 && allDigits(n) && atoiDigits(n[:6])%89 == atoiDigits(n[6:]))
	case "NL":
		if len(n) != 12 || !allDigits(n[:9]) || n[9] != 'B' || !allDigits(n[10:]) {
			return Reject
		}
		if (weightedSum(n, 9, 8, 7, 6, 5, 4, 3, 2)-dval(n[8]))%11 == 0 {
			return Verified
		}
		// Sole proprietors since 2020: ISO 7064 mod 97 over "NL" + number
		// with letters as 10..35.
		r := 0
		for _, c := range s {
			if c >= 'A' {
				v := int(c-'A') + 10
				r = (r*100 + v) % 97
			} else {
				r = (r*10 + dval(c)) % 97
			}
		}
		return verdict(r == 1)
	case "PL":
		return verdict(len(n) == 10 && PLNIP(n, o) == Verified)
	case "PT":
		return verdict(len(n) == 9 && PTNIF(n, o) == Verified)
	case "SE":
		return verdict(len(n) == 12 && allDigits(n) && string(n[10:]) == "01" && luhnDigits(n[:10]))
	case "SI":
		if len(n) != 8 || !allDigits(n) || n[0] == '0' {
			return Reject
		}
		c := 11 - weightedSum(n, 8, 7, 6, 5, 4, 3, 2)%11
		if c == 10 {
			c = 0
		}
		return verdict(c != 11 && c == dval(n[7]))
	case "HR":
		return verdict(len(n) == 11 && allDigits(n) && iso7064Mod11_10(n))
	case "EE":
		return verdict(len(n) == 9 && allDigits(n) && (10-weightedSum(n, 3, 7, 1, 3, 7, 1, 3, 7)%10)%10 == dval(n[8]))
	case "HU":
		return verdict(len(n) == 8 && allDigits(n) && (10-weightedSum(n, 9, 7, 3, 1, 9, 7, 3)%10)%10 == dval(n[7]))
	case "SK":
		return verdict(len(n) == 10 && allDigits(n) && modDigits(n, 11) == 0)
	case "ES":
		if len(n) != 9 {
			return Reject
		}
		if n[0] >= '0' && n[0] <= '9' || n[0] == 'X' || n[0] == 'Y' || n[0] == 'Z' {
			return ESNIF(n, o)
		}
		return Plausible // CIF: letter + 7 digits + control
	case "BG", "CY", "CZ", "IE", "LT", "LV", "MT", "RO":
		if allSame(digitsOf(nil, n)) {
			return Reject
		}
		return Plausible
	}
	return Reject
}

// MYNRIC: Malaysian MyKad number YYMMDD-PB-###G with a valid date and a
// place-of-birth code from the National Registration Department's table.
func MYNRIC(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 12)
	if !ok || !validYYMMDD(d) {
		return Reject
	}
	switch pb := atoiDigits(d[6:8]); {
	case pb >= 1 && pb <= 16, pb >= 21 && pb <= 59, pb >= 60 && pb <= 68, pb == 71, pb == 72, pb >= 74 && pb <= 79, pb >= 82:
		return Plausible
	}
	return Reject
}

// IDNIK: Indonesian population number NIK, 16 digits: province (11-94),
// regency, district, DDMMYY (women add 40 to the day), 4-digit serial.
func IDNIK(b []byte, _ Options) Verdict {
	var buf [20]byte
	d, ok := fixedDigits(buf[:], b, 16)
	if !ok {
		return Reject
	}
	if p := atoiDigits(d[:2]); p < 11 || p > 94 {
		return Reject
	}
	day := atoiDigits(d[6:8])
	if day > 40 {
		day -= 40
	}
	if !validDate(0, atoiDigits(d[8:10]), day) || string(d[12:]) == "0000" {
		return Reject
	}
	return Plausible
}

// KRDriverLicense: region code 11-28 first (licences issued before 2019
// may carry the region's name instead, which this does not cover).
func KRDriverLicense(b []byte, _ Options) Verdict {
	var buf [16]byte
	d, ok := fixedDigits(buf[:], b, 12)
	if !ok {
		return Reject
	}
	if r := atoiDigits(d[:2]); r < 11 || r > 28 {
		return Reject
	}
	return Plausible
}
