package detectors

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/nyaruka/phonenumbers"
)

// NamedValidator is an entry of the validator registry: the name policy
// files and listings use, and the function.
type NamedValidator struct {
	Name string
	Func Validator
}

// coreValidators are the validators the engine issue shipped; the secret
// and PII catalogues contribute theirs in secretValidators and
// piiValidators, and namedValidators names the rest. Together they are
// the one registry (Validators): every validator a built-in rule uses has
// a name there, so every rule can be written in a policy file.
var coreValidators = map[string]Validator{
	"luhn":   Luhn,
	"iban":   IBAN,
	"us_ssn": USSSN,
	"ipv4":   IPv4,
	"ipv6":   IPv6,
	"jwt":    JWT,
	"secret": NotPlaceholder,
}

var namedValidators = map[string]Validator{
	"generic_secret": GenericSecret, "not_repetitive": notBoring, "mac": MAC,
	"date_of_birth": DateOfBirth, "dea_number": DEANumber,
	"us_ein": USEIN, "us_mbi": USMBI, "ca_sin": CASIN, "ar_cuit": ARCUIT, "cl_rut": CLRUT,
	"co_nit": CONIT, "ec_cedula": ECCedula, "uy_ci": UYCI, "mx_rfc": MXRFC,
	"at_svnr": ATSVNR, "be_national_number": BENationalNumber, "bg_egn": BGEGN,
	"cz_birth_number": CZBirthNumber, "de_id_card": DEIDCard, "de_svnr": DESVNR, "dk_cpr": DKCPR,
	"es_nss": ESNSS, "fr_siren": FRSIREN, "fr_siret": FRSIRET, "gr_amka": GRAMKA, "hr_oib": HROIB,
	"hu_taj": HUTAJ, "ie_ppsn": IEPPSN, "is_kennitala": ISKennitala, "it_vat": ITVAT,
	"no_fodselsnummer": NOFodselsnummer, "pl_nip": PLNIP, "pl_regon": PLREGON, "pt_nif": PTNIF,
	"ro_cnp": ROCNP, "si_emso": SIEMSO, "baltic_personal_code": balticCode,
	"ae_emirates_id": AEEmiratesID, "hk_id": HKID, "id_nik": IDNIK, "il_teudat_zehut": ILTeudatZehut,
	"in_gstin": INGSTIN, "in_pan": INPAN, "in_vehicle": INVehicle, "jp_my_number": JPMyNumber,
	"kr_brn": KRBRN, "kr_driver_license": KRDriverLicense, "kr_rrn": KRRRN, "my_nric": MYNRIC,
	"nz_ird": NZIRD, "th_tnin": THTNIN, "tr_kimlik": TRKimlik, "tw_national_id": TWNationalID,
	"za_id":   ZAID,
	"de_bsnr": DEBSNR, "de_fuehrerschein": DEFuehrerschein, "de_handelsregister": DEHandelsregister,
	"de_kvnr": DEKVNR, "de_kfz": DEKfz, "de_lanr": DELANR, "de_plz": DEPLZ, "de_tax_number": DETaxNumber,
	"de_vat_id": DEVATID, "kr_frn": KRFRN, "se_org_nummer": SEOrgNummer,
	"uk_driving_licence": UKDrivingLicence, "uk_vehicle_registration": UKVehicleRegistration,
	"ph_mobile_phone": PHMobilePhone, "tr_phone": TRPhone,
}

// Validators made by a constructor are built once, here, so that each has
// one identity and a registry name.
var (
	PHMobilePhone = regionPhone("PH", true)
	TRPhone       = regionPhone("TR", false)
)

type validatorRegistry struct {
	list   []NamedValidator // sorted by name
	byName map[string]Validator
	byFunc map[uintptr]string // first name of each function
	dups   []string
}

var registry = sync.OnceValue(func() *validatorRegistry {
	reg := &validatorRegistry{byName: map[string]Validator{}, byFunc: map[uintptr]string{}}
	for _, m := range []map[string]Validator{coreValidators, secretValidators, piiValidators, namedValidators} {
		for name, v := range m {
			if _, dup := reg.byName[name]; dup {
				reg.dups = append(reg.dups, name)
				continue
			}
			reg.byName[name] = v
			reg.list = append(reg.list, NamedValidator{name, v})
		}
	}
	sort.Slice(reg.list, func(i, j int) bool { return reg.list[i].Name < reg.list[j].Name })
	for _, nv := range reg.list {
		if _, ok := reg.byFunc[funcID(nv.Func)]; !ok {
			reg.byFunc[funcID(nv.Func)] = nv.Name
		}
	}
	return reg
})

// funcID identifies a function value: the address of its closure record.
// Go funcs are not comparable, but a top-level function has one static
// record and a validator made by a constructor (luhnOfLength) is built
// once into a package variable, so the address names it.
func funcID(v Validator) uintptr { return *(*uintptr)(unsafe.Pointer(&v)) }

// Validators returns the registry, sorted by name.
func Validators() []NamedValidator { return registry().list }

// ValidatorByName returns the named validator, or nil.
func ValidatorByName(name string) Validator { return registry().byName[name] }

// ValidatorNames lists the names policy files may use.
func ValidatorNames() []string {
	out := make([]string, len(registry().list))
	for i, nv := range registry().list {
		out[i] = nv.Name
	}
	return out
}

// registryDuplicates lists names registered twice (a test keeps it empty).
func registryDuplicates() []string { return registry().dups }

// Name returns the validator's registry name, "" for nil, and false when
// the function is not registered.
func (v Validator) Name() (string, bool) {
	if v == nil {
		return "", true
	}
	name, ok := registry().byFunc[funcID(v)]
	return name, ok
}

// IsZero reports a missing validator (for omitzero / omitempty).
func (v Validator) IsZero() bool { return v == nil }

// MarshalText writes the validator's registry name.
func (v Validator) MarshalText() ([]byte, error) {
	name, ok := v.Name()
	if !ok {
		return nil, fmt.Errorf("validator is not in the registry (detectors.Validators)")
	}
	return []byte(name), nil
}

// UnmarshalText looks a validator up by name.
func (v *Validator) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*v = nil
		return nil
	}
	f := ValidatorByName(string(b))
	if f == nil {
		return &UnknownNameError{What: "validator", Name: string(b), Known: ValidatorNames()}
	}
	*v = f
	return nil
}

// UnknownNameError is a name that is not one of the known ones; its
// message suggests the nearest known name, so a typo is one edit away
// from fixed.
type UnknownNameError struct {
	What  string // "validator", "trigger", "entity type", ...
	Name  string
	Known []string
}

func (e *UnknownNameError) Error() string {
	msg := fmt.Sprintf("unknown %s %q", e.What, e.Name)
	if near := Nearest(e.Name, e.Known); near != "" {
		return msg + fmt.Sprintf(" (did you mean %s?)", near)
	}
	if len(e.Known) <= 12 {
		return msg + fmt.Sprintf(" (want one of %s)", strings.Join(e.Known, ", "))
	}
	return msg
}

// Nearest returns the known name closest to name (case-insensitive edit
// distance), or "" when none is close enough to be a likely typo.
func Nearest(name string, known []string) string {
	best, bestD := "", -1
	ln := strings.ToLower(name)
	for _, k := range known {
		d := editDistance(ln, strings.ToLower(k))
		if bestD < 0 || d < bestD {
			best, bestD = k, d
		}
	}
	limit := max(2, len(name)/3)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// editDistance is the Damerau–Levenshtein distance (optimal string
// alignment): a swapped pair of letters counts as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// PhoneRegions lists the ISO 3166 regions a policy's phone_region may
// name: those libphonenumber has metadata for.
func PhoneRegions() []string {
	var out []string
	for r := range phonenumbers.GetSupportedRegions() {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// LoadPhoneMetadata prepares the phone validators now: it loads
// libphonenumber's region list and validates one US number, which
// compiles the parser's own patterns (shared by every region) and parses
// the default region's metadata. The validators otherwise do this on
// their first call (see third_party/phonenumbers): 4–9 ms of a fresh
// process's first scan, which a warm-up may spend ahead on another core.
// Other regions' metadata is still parsed on its first lookup (~1 ms).
func LoadPhoneMetadata() {
	phonenumbers.GetSupportedRegions()
	Phone([]byte("+1 415 555 2671"), Options{})
}

// PhoneRegionKnown reports whether region (upper case) is one of them.
func PhoneRegionKnown(region string) bool { return phonenumbers.GetSupportedRegions()[region] }

// Builtin returns the whole built-in catalogue, secrets first, examples
// included. The slice (and every slice field of its rules) is new on
// every call; callers may modify it.
func Builtin() []Rule {
	out := slices.Clone(Catalogue())
	for i := range out {
		r := &out[i]
		*r = WithExamples(*r)
		r.Keywords = slices.Clone(r.Keywords)
		r.Follow = slices.Clone(r.Follow)
		r.Stopwords = slices.Clone(r.Stopwords)
		r.AllowPatterns = slices.Clone(r.AllowPatterns)
		r.Context = slices.Clone(r.Context)
		r.TP = slices.Clone(r.TP)
		r.FP = slices.Clone(r.FP)
	}
	return out
}

// Catalogue is Builtin without the examples of the provider table's rows,
// which a scan never reads; WithExamples adds them to a rule. It is
// buildCatalogue's result, generated into catalogue_gen.go as data (go
// generate; TestCatalogueGenerated fails when it is stale): building a
// thousand-odd rules at run time — parsing the provider table, the
// patterns' helpers, their strings — cost a fresh process ~20 ms and 4 MB
// of pages, while the generated rules cost neither init code nor heap. It
// is not copied either: the engine reads it on every Compile. Callers
// must not modify the slice, its rules or their slices; Builtin returns a
// copy that may be changed.
func Catalogue() []Rule { return catalogue[:] }

//go:generate go test -run TestCatalogueGenerated . -args -update-catalogue

// buildCatalogue makes the built-in rules from their sources: the rule
// families' functions and the provider table. Only the generator and the
// tests run it; a process reads catalogue_gen.go.
func buildCatalogue() []Rule {
	out := slices.Concat(secretRules(), piiRules())
	for i := range out {
		// No built-in digit rule but the date recognizer's is after a
		// bare date, and dates fill logs.
		if out[i].Trigger == TriggerDigits && out[i].Type != "DATE_TIME" {
			out[i].NotDates = true
		}
	}
	return out
}
