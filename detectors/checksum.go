package detectors

// Check-digit algorithms shared by the national identifiers in
// national*.go. Each works on a slice of ASCII digits (callers strip
// separators with digitsOf) and never allocates.

// dval is the value of ASCII digit c.
func dval(c byte) int { return int(c - '0') }

// weightedSum returns Σ d[i]·w[i] over the first len(w) digits of d.
func weightedSum(d []byte, w ...int) int {
	s := 0
	for i := 0; i < len(w) && i < len(d); i++ {
		s += dval(d[i]) * w[i]
	}
	return s
}

// modDigits returns the decimal number in d modulo m.
func modDigits(d []byte, m int) int {
	r := 0
	for _, c := range d {
		r = (r*10 + dval(c)) % m
	}
	return r
}

// atoiDigits parses a short run of ASCII digits.
func atoiDigits(d []byte) int {
	n := 0
	for _, c := range d {
		n = n*10 + dval(c)
	}
	return n
}

// allDigits reports whether b is non-empty and all ASCII digits.
func allDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// luhnDigits is the Luhn mod-10 check over digits only.
func luhnDigits(d []byte) bool {
	sum, double := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		v := dval(d[i])
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// Verhoeff dihedral-group tables (J. Verhoeff, 1969).
var verhoeffD = [10][10]uint8{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
	{1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
	{2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
	{3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
	{4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
	{5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
	{6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
	{7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
	{8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
	{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
}

var verhoeffP = [8][10]uint8{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
	{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
	{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
	{8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
	{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
	{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
	{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
	{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
}

// verhoeffValid reports whether d ends in its Verhoeff check digit.
func verhoeffValid(d []byte) bool {
	c := uint8(0)
	for i := 0; i < len(d); i++ {
		c = verhoeffD[c][verhoeffP[i%8][dval(d[len(d)-1-i])]]
	}
	return c == 0
}

// iso7064Mod11_10 reports whether d ends in its ISO 7064 MOD 11,10 check
// digit (hybrid system; German Steuer-ID, Croatian OIB, German VAT).
func iso7064Mod11_10(d []byte) bool {
	if len(d) < 2 {
		return false
	}
	p := 10
	for _, c := range d[:len(d)-1] {
		s := (dval(c) + p) % 10
		if s == 0 {
			s = 10
		}
		p = (s * 2) % 11
	}
	check := 11 - p
	if check == 10 {
		check = 0
	}
	return check == dval(d[len(d)-1])
}

// iso7064Mod11_2 returns the ISO 7064 MOD 11-2 check character for the
// digits in d ('0'..'9' or 'X'); Chinese resident identity numbers use it.
func iso7064Mod11_2(d []byte) byte {
	r := 0
	for _, c := range d {
		r = ((r + dval(c)) * 2) % 11
	}
	v := (12 - r) % 11
	if v == 10 {
		return 'X'
	}
	return byte('0' + v)
}

// mod11Check computes 11 - (Σ d·w mod 11) with the common mappings:
// 11 → 0 and 10 → -1 (no valid check digit).
func mod11Check(d []byte, w ...int) int {
	c := 11 - weightedSum(d, w...)%11
	switch c {
	case 11:
		return 0
	case 10:
		return -1
	}
	return c
}

// ean13Valid is the GS1 (EAN-13) mod-10 check with weights 1,3 from the
// left, as used by Swiss AHV numbers.
func ean13Valid(d []byte) bool {
	if len(d) != 13 {
		return false
	}
	s := 0
	for i := 0; i < 12; i++ {
		if i%2 == 0 {
			s += dval(d[i])
		} else {
			s += 3 * dval(d[i])
		}
	}
	return (10-s%10)%10 == dval(d[12])
}

var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// validDate reports whether the day exists in that month (of year y,
// 0 when the century is unknown: February 29 is then allowed).
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > monthDays[m] {
		return false
	}
	if m == 2 && d == 29 && y != 0 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		return false
	}
	return true
}

// validYYMMDD checks a two-digit-year date at the start of d (century
// unknown).
func validYYMMDD(d []byte) bool {
	return validDate(0, atoiDigits(d[2:4]), atoiDigits(d[4:6]))
}

// validDDMMYY checks a day-first two-digit-year date at the start of d.
func validDDMMYY(d []byte) bool {
	return validDate(0, atoiDigits(d[2:4]), atoiDigits(d[0:2]))
}

// onlyDigits collects the digits of b into buf and reports whether b held
// nothing but digits and the separators in seps.
func onlyDigits(buf []byte, b []byte, seps string) ([]byte, bool) {
	d := buf[:0]
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			d = append(d, c)
		case indexByte(seps, c) >= 0:
		default:
			return d, false
		}
	}
	return d, true
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// upperAlnum appends b to dst upper-cased, dropping separators
// (space - . /); it reports false on any other byte.
func upperAlnum(dst, b []byte) ([]byte, bool) {
	for _, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			dst = append(dst, c-'a'+'A')
		case (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'):
			dst = append(dst, c)
		case c == ' ' || c == '-' || c == '.' || c == '/':
		default:
			return dst, false
		}
	}
	return dst, true
}

// verdict maps a checksum result: Verified when it holds, Reject when not.
func verdict(ok bool) Verdict {
	if ok {
		return Verified
	}
	return Reject
}

// boringDigits rejects the placeholder values people type in examples:
// one repeated digit, or an ascending/descending run like 123456789.
func boringDigits(d []byte) bool {
	if allSame(d) {
		return true
	}
	up, down := true, true
	for i := 1; i < len(d); i++ {
		if (d[i-1]-'0'+1)%10 != d[i]-'0' {
			up = false
		}
		if (d[i]-'0'+1)%10 != d[i-1]-'0' {
			down = false
		}
	}
	return up || down
}
