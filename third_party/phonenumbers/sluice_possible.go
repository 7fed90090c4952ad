package phonenumbers

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
)

// sluice: PossibleLength and PossibleNationalLength are the length checks
// of validation alone, no number pattern matched: cheap necessary
// conditions that a caller short of time can ask in place of Parse and
// IsValidNumber (sluice's phone validators, in text dense with numbers).
// Every number Parse and IsValidNumber accept passes them: they allow
// for what parseHelper takes off before the length counts (a national
// prefix, by the rules of the country code's main region; a country
// code written without '+'; an international prefix), and for every
// region that shares the country code.

// PossibleLength reports whether nsn, the digits after a '+' and the
// country calling code cc, may be a number of a region of cc by its
// length: as written, or without the national prefix ("+44 (0)20 …").
// An unknown cc is not.
func PossibleLength(cc int, nsn []byte) bool {
	regions := GetRegionCodesForCountryCode(cc)
	if len(regions) == 0 {
		return false
	}
	var buf [8]int32
	ns, judged := nationalLengths(getMetadataForRegionOrCallingCode(cc, regions[0]), nsn, buf[:0])
	return !judged || anyRegionLength(cc, regions, ns)
}

// PossibleNationalLength reports whether digits, a number written in
// region's format without '+', may be a number by its length: as
// written, without the national prefix, or without the country code
// written in front, for any region of region's country code. A number
// that starts with the region's international prefix (00, 011, …) is
// another country's: it reports true.
func PossibleNationalLength(region string, digits []byte) bool {
	md := getMetadataForRegion(region)
	if md == nil {
		return false
	}
	var buf [8]int32
	ns, judged := nationalLengths(md, digits, buf[:0])
	if cc := strconv.Itoa(int(md.GetCountryCode())); judged && bytes.HasPrefix(digits, []byte(cc)) {
		ns, judged = nationalLengths(md, digits[len(cc):], ns)
	}
	if !judged || anyRegionLength(int(md.GetCountryCode()), GetRegionCodesForCountryCode(int(md.GetCountryCode())), ns) {
		return true
	}
	// Last, being the costliest check: most prefixes are digits ("00",
	// "011"), a few patterns.
	p := md.GetInternationalPrefix()
	if strings.Trim(p, "0123456789") == "" {
		return p != "" && bytes.HasPrefix(digits, []byte(p))
	}
	return prefixRegexFor(p).Match(digits)
}

// nationalLengths appends to ns the lengths digits may have once md's
// national prefix is taken off: as written, and without each literal
// prefix ("0", "0|180020") it starts with. judged is false where prefix
// parsing is more than literals (carrier codes; transform rules, which
// may also add digits: Jersey reads six local digits as 1534 and those).
func nationalLengths(md *PhoneMetadata, digits []byte, ns []int32) (_ []int32, judged bool) {
	if md == nil {
		return ns, false
	}
	prefixes := md.GetNationalPrefixForParsing()
	if prefixes == "" {
		prefixes = md.GetNationalPrefix()
	}
	if md.GetNationalPrefixTransformRule() != "" || strings.Trim(prefixes, "0123456789|") != "" {
		return ns, false
	}
	ns = append(ns, int32(len(digits)))
	for prefixes != "" {
		np, rest, _ := strings.Cut(prefixes, "|")
		if np != "" && len(np) <= len(digits) && string(digits[:len(np)]) == np {
			ns = append(ns, int32(len(digits)-len(np)))
		}
		prefixes = rest
	}
	return ns, true
}

// anyRegionLength reports whether one of the lengths ns is possible for
// one of the regions of cc (their general descriptions).
func anyRegionLength(cc int, regions []string, ns []int32) bool {
	for _, r := range regions {
		md := getMetadataForRegionOrCallingCode(cc, r)
		if md == nil {
			continue
		}
		l := md.GetGeneralDesc().GetPossibleLength()
		if len(l) == 0 || slices.ContainsFunc(ns, func(n int32) bool { return slices.Contains(l, n) }) {
			return true
		}
	}
	return false
}
