package phonenumbers

import (
	"slices"
	"strings"
)

// sluice: PossibleLength and PossibleNationalLength are the length checks
// of validation alone, no pattern matched: cheap necessary conditions
// that a caller short of time can ask in place of Parse and
// IsValidNumber (sluice's phone validators, in text dense with numbers).

// PossibleLength reports whether a national significant number of n
// digits is of a possible length for some region of the country calling
// code cc (the regions' general descriptions). An unknown cc is not.
func PossibleLength(cc, n int) bool {
	for _, r := range GetRegionCodesForCountryCode(cc) {
		md := getMetadataForRegionOrCallingCode(cc, r)
		if md == nil {
			continue
		}
		if l := md.GetGeneralDesc().GetPossibleLength(); len(l) == 0 || slices.Contains(l, int32(n)) {
			return true
		}
	}
	return false
}

// PossibleNationalLength reports whether digits, a number written in
// region's national format, may be of a possible length there: as
// written, or without the region's national prefix. Where national
// prefix parsing is more than a literal prefix (carrier codes, transform
// rules, which strip up to a few digits and add one), a length up to 4
// digits shorter or 1 longer than written counts.
func PossibleNationalLength(region, digits string) bool {
	md := getMetadataForRegion(region)
	if md == nil {
		return false
	}
	l := md.GetGeneralDesc().GetPossibleLength()
	n := int32(len(digits))
	if len(l) == 0 || slices.Contains(l, n) {
		return true
	}
	np := md.GetNationalPrefix()
	if md.GetNationalPrefixTransformRule() != "" || (md.GetNationalPrefixForParsing() != "" && md.GetNationalPrefixForParsing() != np) {
		return slices.ContainsFunc(l, func(x int32) bool { return x >= n-4 && x <= n+1 })
	}
	return np != "" && strings.HasPrefix(digits, np) && slices.Contains(l, n-int32(len(np)))
}
