package detectors

import (
	"bytes"

	"github.com/nyaruka/phonenumbers"
)

// Phone validates a candidate with libphonenumber's metadata: the number
// must parse (in the policy's default region when it has no country code)
// and be a valid number for its region. Before the library runs (the
// costly part), cheap shape checks drop what technical text is full of:
//
//   - bare digit runs with no formatting and no country code (order and
//     invoice numbers, epochs, ids): a written phone number has a '+',
//     parentheses or group separators;
//   - dates (2024-01-15, 15.01.2024, 01-15-2024) and dotted version or
//     address-like runs of short groups (1.2.3.4567);
//   - one digit repeated, or fewer than 7 digits in all;
//   - in North American Numbering Plan regions (the default, US), national
//     numbers that do not have NANP's shape (10 digits, or 11 with a
//     leading 1; area code and exchange not starting with 0 or 1).
//
// "00" as international prefix is read as '+', whatever the region's own
// exit code.
func Phone(b []byte, o Options) Verdict {
	region := o.Region
	if region == "" {
		region = "US"
	}
	var dbuf [24]byte
	d, plus, ok := phoneDigits(b, &dbuf)
	if !ok {
		return Reject
	}
	return phoneIn(b, d, plus, region, o.Dense)
}

// phoneDigits applies Phone's checks that do not depend on the region. It
// returns the number's digits (in dbuf) and whether it is written with
// its country code ('+' or "00"); ok is false when the shape rejects it.
func phoneDigits(b []byte, dbuf *[24]byte) (d []byte, plus, ok bool) {
	var groups [8]int
	ng, cur := 0, 0
	var seps [8]byte
	formatted, paren := false, false
	d = dbuf[:0]
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			cur++
			if len(d) == cap(d) {
				return nil, false, false
			}
			d = append(d, c)
			continue
		case c == '+':
			plus = true
		case c == '(' || c == ')':
			paren = true
		}
		formatted = true
		if cur > 0 {
			if ng == len(groups) {
				return nil, false, false
			}
			groups[ng], seps[ng] = cur, c
			ng++
			cur = 0
		}
	}
	if cur > 0 && ng < len(groups) {
		groups[ng] = cur
		ng++
	}
	if len(d) < 7 || allSame(d) {
		return nil, false, false
	}
	if len(d) >= 2 && d[0] == '0' && d[1] == '0' && len(b) >= 2 && b[0] == '0' && b[1] == '0' {
		plus = true
		formatted = true
	}
	if !formatted {
		return nil, false, false
	}
	if !plus && !paren && ng == 3 && seps[0] == seps[1] && seps[0] != ' ' {
		g := groups
		if (g[0] == 4 && g[1] <= 2 && g[2] <= 2) || (g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2)) {
			return nil, false, false // a date
		}
	}
	if !plus && !paren && seps[0] == '.' && ng >= 3 && groups[0] <= 2 {
		return nil, false, false // 1.2.3.4567, 10.0.0.12
	}
	if !plus && !paren && ng == 2 && (seps[0] == '.' || seps[0] == ',') {
		return nil, false, false // a decimal number: 7253.399594, 12174,867637
	}
	if plus && len(d) > 15 {
		return nil, false, false // E.164 caps numbers at 15 digits
	}
	return d, plus, true
}

// phoneIn is Phone's verdict in region on b, whose shape passed (digits
// d, plus); dense is Options.Dense.
func phoneIn(b, d []byte, plus bool, region string, dense bool) Verdict {
	if !plus && nanp[region] && !nanpShape(d) {
		return Reject
	}
	if dense {
		return densePossible(d, plus, region) // see Options.Dense
	}
	s := string(b)
	if plus && s[0] == '0' {
		s = "+" + s[2:]
	}
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return Reject
	}
	if !phonenumbers.IsValidNumber(num) {
		return Reject
	}
	// Valid by numbering-plan metadata is evidence, not a checksum.
	return Plausible
}

// densePossible is the verdict on a phone number in text dense with
// digits (Options.Dense): the library's length checks alone, no pattern
// matched. d is the number's digits; plus, whether it is written with
// its country code (after '+' or "00"). It fails closed: a number of a
// possible length is accepted, valid or not.
func densePossible(d []byte, plus bool, region string) Verdict {
	if !plus {
		// E.164 numbers have at most 15 digits, the country code's
		// included: a national number has fewer, its trunk prefix aside.
		return verdictPlausible(len(d) <= 15 && phonenumbers.PossibleNationalLength(region, d))
	}
	d = bytes.TrimPrefix(d, []byte("00"))
	// The country calling code is the shortest prefix that is one, as
	// libphonenumber reads it; none starts with 0.
	if len(d) == 0 || d[0] == '0' {
		return Reject
	}
	cc := 0
	for k := 1; k <= 3 && k < len(d); k++ {
		cc = cc*10 + int(d[k-1]-'0')
		if len(phonenumbers.GetRegionCodesForCountryCode(cc)) > 0 {
			return verdictPlausible(phonenumbers.PossibleLength(cc, d[k:]))
		}
	}
	return Reject
}

// nanp lists the regions of the North American Numbering Plan.
var nanp = map[string]bool{
	"US": true, "CA": true, "AG": true, "AI": true, "AS": true, "BB": true, "BM": true, "BS": true,
	"DM": true, "DO": true, "GD": true, "GU": true, "JM": true, "KN": true, "KY": true, "LC": true,
	"MP": true, "MS": true, "PR": true, "SX": true, "TC": true, "TT": true, "VC": true, "VG": true, "VI": true,
}

// nanpShape: NXX-NXX-XXXX, optionally after a trunk 1.
func nanpShape(d []byte) bool {
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	return len(d) == 10 && d[0] >= '2' && d[3] >= '2'
}

// regionPhone returns a validator for numbers of one region written in
// its national form (trunk 0) or with its country code: libphonenumber
// must find the number valid for that region and, when mobileOnly, a
// mobile number. Solid digit runs are accepted here: the rule's pattern
// already fixed the region's exact shape.
func regionPhone(region string, mobileOnly bool) Validator {
	return func(b []byte, o Options) Verdict {
		var dbuf [24]byte
		d := digitsOf(dbuf[:0], b)
		if len(d) < 9 || len(d) > 15 || boringDigits(d[len(d)-7:]) {
			return Reject
		}
		if o.Dense {
			return densePossible(d, b[0] == '+' || (len(b) > 1 && b[0] == '0' && b[1] == '0'), region) // see Options.Dense
		}
		s := string(b)
		if len(s) > 2 && s[0] == '0' && s[1] == '0' {
			s = "+" + s[2:]
		}
		num, err := phonenumbers.Parse(s, region)
		if err != nil || !phonenumbers.IsValidNumberForRegion(num, region) {
			return Reject
		}
		if mobileOnly {
			t := phonenumbers.GetNumberType(num)
			if t != phonenumbers.MOBILE && t != phonenumbers.FIXED_LINE_OR_MOBILE {
				return Reject
			}
		}
		return Plausible
	}
}

// DefaultPhoneRegions are the regions a national-format number near a
// phone word is tried in when the policy names none: the most populous
// and most connected numbering plans of each continent.
var DefaultPhoneRegions = []string{
	"US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI", "PL", "PT", "IE", "CZ", "GR", "RO", "HU",
	"TR", "RU", "UA", "IL", "AE", "SA", "EG", "ZA", "NG", "KE", "IN", "PK", "BD", "CN", "HK", "TW", "JP", "KR", "SG", "MY",
	"ID", "PH", "TH", "VN", "AU", "NZ", "CA", "MX", "BR", "AR", "CL", "CO", "PE",
}

// PhoneNational accepts a number written without a country code that is
// a valid number (by libphonenumber's metadata, after Phone's shape
// checks) of one of the policy's phone regions, or of
// DefaultPhoneRegions. A rule using it needs a phone word nearby to be
// believed: almost any formatted digit group is valid somewhere.
func PhoneNational(b []byte, o Options) Verdict {
	if len(b) == 0 || b[0] == '+' || (len(b) > 1 && b[0] == '0' && b[1] == '0') {
		return Reject
	}
	regions := o.Regions
	if len(regions) == 0 {
		regions = DefaultPhoneRegions
	}
	var dbuf [24]byte
	d, plus, ok := phoneDigits(b, &dbuf)
	if !ok {
		return Reject
	}
	for _, r := range regions {
		// A region the number's length rules out is not parsed: the
		// length checks accept whatever Parse and IsValidNumber accept
		// (TestPhoneDenseNeverRejectsValid holds Phone to that in every
		// region).
		if !o.Dense && densePossible(d, plus, r) == Reject {
			continue
		}
		if phoneIn(b, d, plus, r, o.Dense) != Reject {
			return Plausible
		}
	}
	return Reject
}
