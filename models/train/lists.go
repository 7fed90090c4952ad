package train

import (
	"slices"
	"strings"

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
	OrgSuffixes         []string
	Schools, SchoolType []string
	// Words for sentences with no entity.
	Jobs, Nouns, Verbs, Adjectives []string
	Adverbs, Connectives, Pronouns []string
	Abbrevs                        []string
}

// LoadLists reads the lists from github.com/brianvoe/gofakeit/v7/data.
// The result is sorted and de-duplicated, so it does not depend on map
// order or on the package's own ordering.
func LoadLists() *Lists {
	l := &Lists{
		First:       clean(data.Person["first"]),
		Last:        clean(data.Person["last"]),
		Middle:      clean(data.Person["middle"]),
		Countries:   clean(data.Address["country"]),
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
	l.Cities = clean(cities)
	return l
}

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
