package train

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sluice-dlp/sluice/models"
)

// MoreRate is the share of texts drawn from moreTemplates.
var MoreRate = 0.55

// nameSource is where a person's name comes from: a faker-js locale (as
// written, or transliterated to Latin) or a romanised list.
type nameSource struct {
	first, last []string
	translit    bool
	east        bool // surname first ("Wang Wei", "Nguyễn Văn An")
}

// nameSources sorts the locales' name lists by how names reach English
// text: Latin-script locales, transliterated ones (Cyrillic, Greek),
// romanised lists, and native scripts (rarely).
type nameSources struct {
	latin, translit, roman, native []nameSource
	latinLocs                      []*Locale // Latin-script locales, for places
}

func buildSources(locs []*Locale) nameSources {
	var ns nameSources
	for _, l := range locs {
		s := nameSource{first: l.First, last: l.Last, east: l.eastOrder}
		switch {
		case l.Latin:
			ns.latin = append(ns.latin, s)
			ns.latinLocs = append(ns.latinLocs, l)
		case l.transliterate:
			s.translit = true
			ns.translit = append(ns.translit, s)
			ns.native = append(ns.native, nameSource{first: l.First, last: l.Last})
		default:
			ns.native = append(ns.native, s)
		}
	}
	for _, k := range []string{"ar", "fa", "ja", "ko", "zh"} { // fixed order
		r := romanised[k]
		ns.roman = append(ns.roman, nameSource{first: dropExcluded(clean(r[0])), last: dropExcluded(clean(r[1])), east: k == "zh" || k == "ko"})
	}
	return ns
}

func (g *Generator) source() nameSource {
	ns := &g.l.sources
	switch x := g.rng.Float64(); {
	case x < 0.74:
		return ns.latin[g.rng.IntN(len(ns.latin))]
	case x < 0.85:
		return ns.translit[g.rng.IntN(len(ns.translit))]
	case x < 0.97:
		return ns.roman[g.rng.IntN(len(ns.roman))]
	default:
		return ns.native[g.rng.IntN(len(ns.native))]
	}
}

func (g *Generator) from(s nameSource, list []string) string {
	var v string
	if g.rng.Float64() < BlendRate/2 {
		v = g.blend(list)
	} else {
		v = g.pick(list)
	}
	if s.translit {
		v = transliterate(v)
	}
	return v
}

func initial(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + "."
}

// intlPerson is a name from any locale, in the forms people write them:
// with middle names and initials, double surnames, east-Asian order,
// capitals.
func (g *Generator) intlPerson() string {
	s := g.source()
	f, l := g.from(s, s.first), g.from(s, s.last)
	var out string
	switch x := g.rng.IntN(40); {
	case x < 22:
		out = f + " " + l
		if s.east && g.rng.IntN(3) > 0 {
			out = l + " " + f
		}
	case x < 26:
		out = f + " " + g.from(s, s.first) + " " + l
	case x < 30:
		out = f + " " + initial(g.from(s, s.first)) + " " + l
	case x < 32:
		out = initial(f) + " " + l
	case x < 33:
		out = initial(f) + " " + initial(g.from(s, s.first)) + " " + l
	case x < 35:
		out = f + " " + l + "-" + g.from(s, s.last)
	case x < 36:
		out = f + " " + l + " " + g.from(s, s.last)
	case x < 37:
		out = strings.ToUpper(f + " " + l)
	default:
		out = f + " " + l
	}
	return out
}

func (g *Generator) given() string {
	s := g.source()
	return g.from(s, s.first)
}

func (g *Generator) surname() string {
	s := g.source()
	return g.from(s, s.last)
}

// place is a city from gofakeit's lists or from a Latin-script locale,
// now and then in capitals.
func (g *Generator) place() string {
	var c string
	if g.rng.IntN(2) == 0 {
		c = g.name(g.l.Cities)
	} else {
		c = g.intlCity()
	}
	if g.rng.IntN(30) == 0 {
		c = strings.ToUpper(c)
	}
	return c
}

func (g *Generator) intlCity() string {
	for {
		l := g.l.sources.latinLocs[g.rng.IntN(len(g.l.sources.latinLocs))]
		if len(l.Cities) > 0 {
			return g.pick(l.Cities)
		}
	}
}

// streetOf is a street name from locale l, or a surname and street type
// when the locale has no street list.
func (g *Generator) streetOf(l *Locale) string {
	if g.rng.IntN(4) == 0 {
		return g.compoundStreet(l)
	}
	if len(l.Streets) > 0 {
		return g.pick(l.Streets)
	}
	return g.pick(l.Last) + " " + g.pick(g.l.StreetTypes)
}

func (g *Generator) num(lo, hi int) string { return strconv.Itoa(lo + g.rng.IntN(hi-lo+1)) }

func (g *Generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

// streetSuffixes end one-word street names in Germanic, Nordic, Dutch
// and Finnish ("Kungsgatan", "Herengracht", "Mannerheimintie"); streetWords
// follow the name as a separate word, often in lower case ("Karl Johans
// gate", "Váci utca", "Slovenska cesta").
var (
	streetSuffixes = []string{"gatan", "vägen", "gade", "vej", "straße", "strasse", "str.", "weg", "gracht", "straat", "laan", "kade", "dijk", "katu", "tie", "gasse", "platz", "allee", "ring", "veien", "gata", "stræde", "torget"}
	streetWords    = []string{"utca", "út", "gate", "gatvė", "cesta", "ulica", "iela", "tänav", "caddesi", "sokak", "yolu", "Straße", "Weg", "Allee", "Platz", "Road", "Street"}
)

// compoundStreet is a made-up street in one of those forms, from a
// locale's surnames and cities.
func (g *Generator) compoundStreet(l *Locale) string {
	stem := g.pick(l.Last)
	if len(l.Cities) > 0 && g.rng.IntN(3) == 0 {
		stem = g.pick(l.Cities)
	}
	if strings.ContainsAny(stem, " -'.") {
		stem = g.pick(g.l.Last)
	}
	switch g.rng.IntN(3) {
	case 0:
		return stem + " " + g.pick(streetWords)
	case 1:
		return stem + "er " + g.pick([]string{"Straße", "Weg", "Allee", "Platz", "Ring"})
	default:
		return stem + g.pick(streetSuffixes)
	}
}

// address writes an address in one of several national formats. Street,
// city and country are LOCATION spans; house numbers, postcodes and state
// abbreviations are not.
func (g *Generator) address(b *strings.Builder, spans *[]models.Span) {
	l := g.l.sources.latinLocs[g.rng.IntN(len(g.l.sources.latinLocs))]
	city := g.pick(g.l.Cities)
	if len(l.Cities) > 0 && g.rng.IntN(3) > 0 {
		city = g.pick(l.Cities)
	}
	loc := func(s string) { g.emit(b, spans, "LOCATION", s) }
	switch g.rng.IntN(8) {
	case 0: // US
		b.WriteString(g.num(1, 9999) + " ")
		loc(g.pick(g.l.Last) + " " + g.pick(g.l.StreetTypes))
		b.WriteString(", ")
		loc(g.name(g.l.Cities))
		b.WriteString(", " + string(rune('A'+g.rng.IntN(26))) + string(rune('A'+g.rng.IntN(26))) + " " + g.digits(5))
	case 1: // UK
		b.WriteString(g.num(1, 300) + " ")
		loc(g.pick(g.l.Last) + " " + g.pick([]string{"Road", "Street", "Close", "Lane", "Gardens", "Crescent", "Terrace", "Mews", "Grove"}))
		b.WriteString(", ")
		loc(city)
		b.WriteString(", " + string(rune('A'+g.rng.IntN(26))) + string(rune('A'+g.rng.IntN(26))) + g.num(1, 20) + " " + g.num(1, 9) + string(rune('A'+g.rng.IntN(26))) + string(rune('A'+g.rng.IntN(26))))
	case 2: // Germany, Austria, Switzerland, Nordics, Netherlands: street number, postcode city
		loc(g.streetOf(l))
		b.WriteString(" " + g.num(1, 200) + ", " + g.digits(4+g.rng.IntN(2)) + " ")
		loc(city)
	case 3: // France, Belgium
		b.WriteString(g.num(1, 120) + " ")
		loc(g.pick([]string{"Rue", "Avenue", "Boulevard", "Place", "Chemin", "Allée"}) + " " + g.pick([]string{"", "de ", "du ", "des "}) + g.pick(l.Last))
		b.WriteString(", " + g.digits(5) + " ")
		loc(city)
	case 4: // Poland, Czechia, Slovakia
		b.WriteString(g.pick([]string{"ul. ", "al. ", ""}))
		loc(g.streetOf(l))
		b.WriteString(" " + g.num(1, 150) + ", " + g.digits(2) + "-" + g.digits(3) + " ")
		loc(city)
	case 5: // Spain, Italy, Portugal, Latin America: the street word is part of the name
		loc(g.pick([]string{"Calle ", "Via ", "Rua ", "Avenida ", "Av. ", "Corso ", "Praça ", "Plaza "}) + g.streetOf(l))
		b.WriteString(", " + g.num(1, 300) + ", " + g.digits(5) + " ")
		loc(city)
	case 6: // India, Nigeria, Kenya: house, street, city - PIN
		b.WriteString(g.num(1, 99) + ", ")
		loc(g.streetOf(l))
		b.WriteString(", ")
		loc(city)
		b.WriteString(" - " + g.digits(6))
	default: // one line per part
		b.WriteString(g.num(1, 999) + " ")
		loc(g.streetOf(l))
		b.WriteString("\n")
		loc(city)
		b.WriteString(" " + g.digits(5) + "\n")
		loc(g.pick(g.l.Countries))
	}
}

// company is an organisation name with a locale's legal suffix, a pair of
// surnames, a made-up brand, or an institution.
func (g *Generator) company() string {
	l := g.l.sources.latinLocs[g.rng.IntN(len(g.l.sources.latinLocs))]
	switch x := g.rng.IntN(20); {
	case x < 6 && len(l.OrgSuffixes) > 0:
		return g.pick(l.Last) + " " + g.pick(l.OrgSuffixes)
	case x < 8:
		return g.pick(l.Last) + " & " + g.pick(l.Last)
	case x < 9:
		return g.pick(l.Last) + ", " + g.pick(l.Last) + " & " + g.pick(l.Last)
	case x < 11:
		return title(g.pick(g.l.Adjectives)) + title(g.pick(g.l.Nouns)) + " " + g.pick(orgWords)
	case x < 12:
		return g.intlCity() + " " + g.pick([]string{"Bank", "University", "General Hospital", "Airport", "City Council", "Chamber of Commerce", "Institute of Technology"})
	case x < 13:
		return g.pick([]string{"Universidad de ", "Université de ", "Universität ", "Politecnico di ", "Uniwersytet "}) + g.intlCity()
	case x < 14:
		return g.coin(g.l.Cities) + " " + g.pick([]string{"Energy", "Telecom", "Airlines", "Motors", "Pharma", "Foods", "Logistics", "Insurance", "Media"})
	default:
		return g.org()
	}
}

func (g *Generator) ident() string {
	v, n := g.pick(g.l.Verbs), g.pick(g.l.Nouns)
	n2 := g.pick(g.l.Nouns)
	switch g.rng.IntN(5) {
	case 0:
		return v + title(n) + title(n2)
	case 1:
		return title(n) + title(g.pick([]string{"Service", "Client", "Handler", "Manager", "Factory", "Controller", "Repository"}))
	case 2:
		return strings.ToLower(v) + "_" + strings.ToLower(n)
	case 3:
		return title(v) + title(n)
	default:
		return strings.ToUpper(n[:1]) + n[1:] + "." + v + title(n2)
	}
}

func (g *Generator) date() string {
	switch g.rng.IntN(4) {
	case 0:
		return g.num(1, 28) + " " + g.pick(months) + " " + g.num(1990, 2030)
	case 1:
		return g.num(1990, 2030) + "-0" + g.num(1, 9) + "-" + g.num(10, 28)
	case 2:
		return g.pick(months) + " " + g.num(1, 28) + ", " + g.num(1990, 2030)
	default:
		return g.num(10, 28) + "/0" + g.num(1, 9) + "/" + g.num(1990, 2030)
	}
}

// intlSlot renders the slots of moreTemplates; it reports false for an
// unknown slot.
func (g *Generator) intlSlot(b *strings.Builder, spans *[]models.Span, name string) bool {
	switch name {
	case "NAME":
		g.emit(b, spans, "PERSON", g.intlPerson())
	case "GIVEN":
		g.emit(b, spans, "PERSON", g.given())
	case "SURNAME":
		g.emit(b, spans, "PERSON", g.surname())
	case "WORDNAME":
		g.emit(b, spans, "PERSON", g.pick(wordNames))
	case "TITLE":
		b.WriteString(g.pick(titlesX))
	case "PLACE":
		g.emit(b, spans, "LOCATION", g.place())
	case "ICITY":
		g.emit(b, spans, "LOCATION", g.intlCity())
	case "STREETX":
		g.emit(b, spans, "LOCATION", g.streetOf(g.l.sources.latinLocs[g.rng.IntN(len(g.l.sources.latinLocs))]))
	case "ADDRESS":
		g.address(b, spans)
	case "COMPANY":
		g.emit(b, spans, "ORGANIZATION", g.company())
	case "IDENT":
		b.WriteString(g.ident())
	case "CONST":
		b.WriteString(strings.ToUpper(g.pick(g.l.Adjectives) + "_" + g.pick(g.l.Nouns)))
	case "EMAILX":
		s := g.source()
		f, l := strings.ToLower(g.from(s, s.first)), strings.ToLower(g.from(s, s.last))
		b.WriteString(f + "." + l + "@" + g.pick([]string{"example.com", "mail.example.org", "corp.example.net"}))
	case "URLX":
		b.WriteString("https://www." + strings.ToLower(g.pick(g.l.Nouns)) + ".example.com/" + g.pick(g.l.Verbs))
	case "PHONEX":
		b.WriteString("+" + g.num(1, 99) + " " + g.digits(3) + " " + g.digits(3) + " " + g.digits(4))
	case "DATE":
		b.WriteString(g.date())
	case "TIME":
		b.WriteString(g.num(10, 23) + ":" + g.num(10, 59))
	case "ID":
		b.WriteString(g.pick([]string{"#", "INC-", "REQ", "A-", ""}) + g.digits(5))
	default:
		return false
	}
	return true
}
