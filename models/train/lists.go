package train

import (
	_ "embed"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brianvoe/gofakeit/v7/data"
)

// Lists are the names the corpus draws from. They come from gofakeit's data
// tables (person, address, time-zone regions, company, school), so
// the corpus is rebuilt from a pinned Go module, not from a download.
type Lists struct {
	First, Last, Middle []string
	Cities, Countries   []string
	States              []string
	StreetTypes         []string
	Companies           []string
	// Brands are single-word names of real companies (Toyota, Maersk,
	// Zoho) from @cspell/dict-companies, less every word that is also a
	// place, a person's name or a common word.
	Brands              []string
	OrgSuffixes         []string
	Schools, SchoolType []string
	// Words for sentences with no entity.
	Jobs, Nouns, Verbs, Adjectives []string
	Adverbs, Connectives, Pronouns []string
	Abbrevs                        []string
	// Locales are faker-js's per-locale lists (names, cities, streets,
	// legal suffixes); sources groups their names by script.
	Locales []*Locale
	sources nameSources
}

// LoadLists reads the lists from github.com/brianvoe/gofakeit/v7/data and
// the embedded faker-js locale lists (data/fakerjs.tsv).
// The result is sorted and de-duplicated, so it does not depend on map
// order or on the package's own ordering.
func LoadLists() *Lists {
	l := &Lists{
		First:       dropExcluded(clean(data.Person["first"])),
		Last:        dropExcluded(clean(data.Person["last"])),
		Middle:      dropExcluded(clean(data.Person["middle"])),
		States:      clean(data.Address["state"]),
		StreetTypes: []string{"Street", "Avenue", "Road", "Lane", "Boulevard", "Drive", "Way", "Place", "Court", "St.", "Ave", "Rd."},
		Companies:   clean(data.Company["name"]),
		OrgSuffixes: clean(data.Company["suffix"]),
		Schools:     clean(data.School["name"]),
		SchoolType:  clean(data.School["type"]),
	}
	for _, lv := range clean(data.Job["descriptor"]) {
		for _, t := range clean(data.Job["title"]) {
			l.Jobs = append(l.Jobs, lv+" "+t)
		}
	}
	l.Nouns = clean(append(slices.Clone(data.Word["noun_common"]), data.Word["noun_abstract"]...))
	l.Verbs = clean(data.Word["verb_transitive"])
	l.Adjectives = clean(data.Word["adjective_descriptive"])
	l.Adverbs = clean(append(slices.Clone(data.Word["adverb_manner"]), data.Word["adverb_time_indefinite"]...))
	l.Connectives = clean(append(slices.Clone(data.Word["connective_casual"]), data.Word["connective_time"]...))
	l.Pronouns = clean(data.Word["pronoun_personal"])
	l.Abbrevs = clean(data.Hacker["abbreviation"])
	cities := slices.Clone(data.Address["city"])
	for _, r := range data.TimeZone["region"] {
		i := strings.LastIndexByte(r, '/')
		if i < 0 || strings.HasPrefix(r, "Etc/") {
			continue
		}
		cities = append(cities, strings.ReplaceAll(r[i+1:], "_", " "))
	}
	// Time-zone regions that are common words ("Christmas" Island) would
	// teach the model that holidays and weekdays are places.
	cities = slices.DeleteFunc(cities, func(c string) bool { return notPlaces[c] })
	l.Cities = clean(cities)
	var countries []string
	l.Locales, countries = loadLocales()
	l.Countries = clean(append(slices.Clone(data.Address["country"]), countries...))
	l.sources = buildSources(l.Locales)
	l.Brands = l.brands()
	return l
}

// cspellCompanies is the word list of @cspell/dict-companies 3.2.14 (MIT,
// © Street Side Software; data/cspell-companies.LICENSE): the words of
// company names, one per line.
//
//go:embed data/cspell-companies.txt
var cspellCompanies string

// brands filters cspellCompanies down to words that name a company and
// nothing else the corpus knows: capitalised, at least three letters, not
// a place, a person's name, a common English word, a product or a
// held-back organisation (data/heldback_orgs.txt).
func (l *Lists) brands() []string {
	other := map[string]bool{}
	for _, list := range [][]string{l.First, l.Last, l.Middle, l.Cities, l.Countries, l.States, l.Nouns, l.Verbs, l.Adjectives,
		l.Adverbs, l.Connectives, l.Pronouns, l.Abbrevs, products, uiWords, techWords, tcWords, departments, orgWords, holidays, months, days, languages} {
		for _, s := range list {
			for _, w := range strings.Fields(s) {
				other[strings.ToLower(w)] = true
			}
		}
	}
	for _, loc := range l.Locales {
		for _, list := range [][]string{loc.First, loc.Last, loc.Cities, loc.Streets, loc.States} {
			for _, s := range list {
				for _, w := range strings.Fields(s) {
					other[strings.ToLower(w)] = true
				}
			}
		}
	}
	for _, w := range strings.Fields(englishWords + notBrands) {
		other[strings.ToLower(w)] = true
	}
	var out []string
	for _, line := range strings.Split(cspellCompanies, "\n") {
		w := strings.TrimSpace(line)
		if w == "" || w[0] == '#' || strings.ContainsAny(w, " .&'") || utf8.RuneCountInString(w) < 3 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || other[strings.ToLower(w)] || excludedOrgs[w] || strings.ToUpper(w) == w || genericSuffix(w) {
			continue
		}
		out = append(out, w)
	}
	return clean(out)
}

// genericSuffix reports words with an ending of common English nouns and
// adjectives ("Automation", "Electronics", "Brazilian"): the list keeps
// them as words of longer names, but alone they name nothing.
func genericSuffix(w string) bool {
	for _, suf := range []string{"tion", "tions", "sion", "ing", "ics", "ment", "ments", "ity", "ities", "ies", "ial", "ical", "ive", "ure", "ures", "ance", "ence", "ness", "ous", "ian", "ese", "ish", "ary", "ory", "ers", "als"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// notBrands are words of the list that are generic, places, nationalities
// or surnames when they stand alone.
const notBrands = `Aid Apartment Apartments Arts Associates Advance Align Applied Automatic Autonomous Bed Beyond Big Brake Buy
Cable Cardinal Carrier Century Chemical Circuit Class Coach Coal Compass Computer Continental Controls Coop Copper
Core Cos Credit Crown Cruise Design Devices Dollar Dover Dynamics Electronic Energie Enterprises Equipment Equities
Equity Exchange Extra Family Fifth Foot Fortune Fried Fuel Future Gas Genuine Globe Goods Grid Grill Guardian Hat
Heavy Host Hotels House Imperial Inc Income Index Industrial Industry Innovations Insight Instruments Integrated
Interactive Intercontinental Investment Iron Land Level Lines Live Locker Lots Machines Mail Materials Medical
Merchants Metals Metro Micro Mini Mining Monster Mutual Nation Natural Net Noble Oil One Packaging Pantry Paper
Parcel Parts Payments Pepper Petroleum Pioneer Pipeline Pizza Plans Pool Postal Precision Principal Processing
Progressive Properties Property Public Quest Railway Realty Refining Regency Regions Reinsurance Rentals Reserve
Residential Resorts Restaurants Rubber Science Sciences Scientific Scripts Sealed Seat Secure Seven Shipping Side
Sonic Sons Soup Space Specialty Spectrum Stationers Steel Sun Supermarkets Supply System Target Tech Technical
Technological Telecom Telecommunications Telegraph Telephone Tenet Tire Tobacco Tool Total Towers Toys Tractor
Transfer Transport Transportation Travelers Trinity Triumph Trust Universal Utilities Vanguard Waste Whole Wholesale
Worldwide Zebra Zentrale Staat Schein LLC PLC Plc Pty Svc Ins Kaisha Kabushiki Bahn Line Bank Airlines
Alexandria Andes Bangalore Beijing Bombay Brasil Calgary Cambridge Canterbury Cardiff Caribbean Deutschland Delft
Eindhoven Essex Exeter Ghent Gent Glasgow Gothenburg HeBei Henan Hokkaido Italia Italiane Jiangsu Kansai Kyoto Kyushu
Leeds Leiden Leuven Liverpool Maastricht Madras Malaya Monterey Munich Nagoya Nanjing Newcastle Nijmegen Nottingham
Ottawa Rotterdam Russia Shandong Shanxi Sheffield Southampton Sussex Ticino Toronto Twente Waterloo Wuhan Zhejiang
Chubu Baden-Wurttemberg Urbana-Champaign Wisconsin-Madison Northeast Northwest Southwest Otago Wollongong Pohang
Gwangju Princeton Harvard Yale Berkeley Dartmouth Amherst Purdue Rutgers Vanderbilt Caltech Tsinghua Fudan Keio
Waseda Yonsei Sorbonne Wisconsin Lomonosov Kragpur Nanyang Mahidol Chulalongkorn Hanyang Sungkyunkwan Huazhong Tongji
Jiaotong Beihang Swinburne Curtin Deakin Loughborough Complutense Humboldt Politecnico Polytechnic Normale Supérieure
Dutch Eurasian Hebrew Mexican Swiss Suisse Lutherans Baptist Physics Humanities Economics Notre
Andrews Cheng Hee Hua Kung Ming Hai Koo Kyung Tsing Weiss Platt Bauman Decker Dennison Massey Matheson Packard Parker
Penn Lauder Mellon Sachs Squibb Marquard Hathaway Kinder Kindred Loews Owens Rand Rollins Roper Lear Leggett Goldman
Hewlett McGraw McLennan Smucker Becton Dickinson Gamble Walt Disney Seiki Sekiyu Yasuda Yat-Sen Saud Scotia Tokio
Aerospace Agricultural Aluminum Analog Benefits Beverage Chicken Commonwealth Consolidated Flavors Fragrances Offshore
Lifesciences Automobile Oilwell Citizens Plains Rover Thermo Ecole Societe Generale Deutsche Electricite Groupe
Chartered Charter Pinnacle Marathon Magnum Vertex Mosaic Cosmo Sands Everest Husky Vulcan Lotus Dodge Levis Gap Rite
Hon Mada Olly Boots Wynn Jaguar Apache Anglo Archer Armour Mobil Dow Erie Seaboard Spectra Sears Universiteit Mondiale
`

// englishWords are common words of company names that gofakeit's word
// lists lack: they must not teach the model that "Global" is a company.
const englishWords = `global international national american american european general united royal first new
group holding holdings company companies corporation corp incorporated limited systems technologies technology
solutions services service products industries international partners capital financial bank banking insurance
energy power electric motors motor airlines airways air media communications networks network software labs
health healthcare pharma pharmaceuticals foods food brands stores store market markets mobile digital data cloud
security consulting management resources logistics entertainment studios games pictures records music sports
north south east west northern southern eastern western central pacific atlantic mountain river lake valley city
street park hill bay island islands point port state states county republic kingdom
`

func clean(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || strings.ContainsAny(s, "()|") {
			continue
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var notPlaces = map[string]bool{"Christmas": true, "Easter": true, "Center": true, "Central": true, "Pacific": true, "Eastern": true, "Mountain": true, "General": true}

// Contains reports whether s is a whole entry of any name, place or
// organisation list the corpus draws from.
func (l *Lists) Contains(s string) bool {
	lists := [][]string{l.First, l.Last, l.Middle, l.Cities, l.Countries, l.States, l.Companies, l.Schools, l.Brands}
	for _, loc := range l.Locales {
		lists = append(lists, loc.First, loc.Last, loc.Cities, loc.Streets, loc.States)
	}
	for _, src := range l.sources.roman {
		lists = append(lists, src.first, src.last)
	}
	for _, list := range lists {
		if slices.Contains(list, s) {
			return true
		}
	}
	return false
}
