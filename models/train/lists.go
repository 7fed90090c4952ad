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

var notPlaces = map[string]bool{"Christmas": true, "Easter": true, "Center": true, "Central": true, "Pacific": true, "Eastern": true, "Mountain": true, "General": true}

// Contains reports whether s is a whole entry of any name, place or
// organisation list the corpus draws from.
func (l *Lists) Contains(s string) bool {
	lists := [][]string{l.First, l.Last, l.Middle, l.Cities, l.Countries, l.States, l.Companies, l.Schools}
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
