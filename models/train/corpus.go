package train

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/sluice-dlp/sluice/models"
)

// Sentence is a labelled text: entity spans in byte offsets.
type Sentence struct {
	Text  string
	Spans []models.Span
}

// templates are shaped like model answers: help-desk replies, summaries,
// meeting notes, code comments, addresses. Slots:
//
//	{PER} a person's name (several forms)   {FIRST} a first name alone
//	{TLAST} a title and a surname           {LOC} a city, country or state
//	{CITY} {COUNTRY} {STATE}                {ADDR} street + city (two spans)
//	{ORG} an organisation                   {TECH} a capitalised non-entity
//	{DAY} {MONTH}                           {NUM} a number
var templates = []string{
	"Ask {PER} at the {CITY} office.",
	"You can reach {PER} in the {CITY} office for access requests.",
	"I've forwarded your request to {PER}, who leads the {TECH} migration.",
	"{PER} from {ORG} will join the call on {DAY}.",
	"According to the notes, {PER} approved the budget on {MONTH} {NUM}.",
	"Sure! Here is a draft email to {PER}:",
	"Dear {PER}, thank you for your patience.",
	"Hi {FIRST}, thanks for reaching out about your {TECH} setup.",
	"Hello {FIRST}! Your order has shipped to {ADDR}.",
	"Best regards,\n{PER}\n{ORG}",
	"Thanks,\n{FIRST}",
	"The customer, {PER}, lives at {ADDR}.",
	"Please send the signed contract to {PER}, {ADDR}, {COUNTRY}.",
	"Our headquarters are at {ADDR}.",
	"The package was delivered to {ADDR} on {DAY}.",
	"{PER} is a software engineer at {ORG} based in {CITY}.",
	"{PER} joined {ORG} in {NUM} as head of {TECH}.",
	"{ORG} announced that {PER} will become chief executive next year.",
	"{ORG} opened a new data center in {CITY}, {COUNTRY}.",
	"{ORG} is headquartered in {CITY}.",
	"The contract between {ORG} and {ORG} was signed in {CITY}.",
	"I recommend contacting {ORG} support; they usually reply within a day.",
	"In {NUM}, {PER} moved from {CITY} to {CITY}.",
	"{PER} was born in {CITY}, {COUNTRY}, and studied at {ORG}.",
	"{TLAST} will review the results before {DAY}.",
	"{TLAST} said the trial in {COUNTRY} went well.",
	"Please schedule a follow-up with {TLAST} next {DAY}.",
	"Here's a summary of the meeting: {PER} presented the {TECH} roadmap, and {PER} raised concerns about latency in {CITY}.",
	"Action items: {FIRST} to update the {TECH} docs; {FIRST} to contact {ORG}.",
	"- {PER} ({ORG})",
	"* Owner: {PER}",
	"Attendees: {PER}, {PER} and {PER}.",
	"Reviewer: {PER}",
	"Assigned to {PER} in {CITY}.",
	"// Copyright {NUM} {ORG}. All rights reserved.",
	"# Maintained by {PER} at {ORG}",
	"// TODO({FIRST}): handle the {TECH} timeout case",
	"/* Author: {PER} */",
	"# Contact {PER} before changing this {TECH} config.",
	"// Workaround for a bug reported by {ORG} in {MONTH}.",
	"// {ORG} requires the header below.",
	"# Deployed to the {CITY} region by {FIRST}.",
	"The flight from {CITY} to {CITY} was delayed by two hours.",
	"{CITY} is the capital of {COUNTRY}.",
	"Many of our users are in {COUNTRY} and {COUNTRY}.",
	"The weather in {CITY} is mild in {MONTH}.",
	"If you are travelling to {COUNTRY}, check the visa rules first.",
	"Shipping to {STATE} usually takes three business days.",
	"The office in {CITY}, {STATE} closes early on {DAY}.",
	"The account holder {PER} requested a refund of ${NUM}.",
	"Patient {PER} was seen by {TLAST} at {ORG}.",
	"I spoke with {FIRST} yesterday and she confirmed the date.",
	"{FIRST} said he would send the invoice to {ORG}.",
	"My name is {PER} and I work for {ORG}.",
	"As {PER} pointed out, the {TECH} cluster needs more memory.",
	"Could you ask {FIRST} whether the {CITY} team has finished?",
	"{PER}'s report shows revenue grew in {COUNTRY}.",
	"The interview with {PER} is on {DAY} at 10am.",
	"{PER} ({ORG}) and {PER} ({ORG}) co-authored the paper.",
	"The letter was addressed to {PER}, {ADDR}.",
	"Ship to: {PER}, {ADDR}",
	"Billing address: {ADDR}, {COUNTRY}",
	"{ORG} and {ORG} both offer {TECH} hosting.",
	"You could also try the {TECH} plugin from {ORG}.",
	"Yes — {PER} wrote the original {TECH} implementation while at {ORG}.",
	"Based on your description, {PER} should be listed as the emergency contact.",
	"To reset your password, contact {FIRST} in IT.",
	"The event will be held in {CITY} and hosted by {ORG}.",
	"{PER}, {PER}, and {PER} are on the hiring panel.",
	"Regards, {PER}",
	"Sincerely, {TLAST}",
	"Here is the corrected sentence: \"{PER} lives in {CITY}.\"",
	"On {DAY}, {FIRST} and I visited the {ORG} campus in {CITY}.",
	"The {CITY} branch of {ORG} handles all {COUNTRY} accounts.",
	"Send the parts to our warehouse at {ADDR}.",
	"{ORG} was founded by {PER} in {CITY}.",
	"Step {NUM}: email {PER} the {TECH} logs.",
	"Note: {PER} no longer works at {ORG}.",
	"However, {PER} disagreed with the proposal.",
	"When {FIRST} called, I explained the {TECH} error.",
	"{PER}, {JOB} at {ORG}, confirmed the figures.",
	"{PER} ({JOB}, {ORG})",
	"I've asked {PER}, our {JOB}, to take a look.",
	"{PER} works as a {JOB} in {CITY}.",
	"She worked at {ORG} for six years before moving to {CITY}.",
	"They were acquired by {ORG} in {NUM}.",
	"A spokesperson for {ORG} declined to comment.",
	"According to {ORG}, the outage affected users in {COUNTRY}.",
	"Shares of {ORG} rose after the announcement.",
	"We partnered with {ORG} to expand into {COUNTRY}.",
	"The {ORG} team shipped the fix on {DAY}.",
	"Are you a {ORG} customer? Then your data is stored in {CITY}.",
	"{ORG}'s API returns a 429 when you exceed the limit.",
	"You should contact {ORG} directly about the refund.",
	"Cheers,\n{FIRST}",
	"Owner: {PER}\nReviewer: {PER}",
	"Hi {FIRST}, {SENT}",
	"{SENT} Ask {PER} if anything is unclear.",
	"{SENT} {PER} can help with the {CITY} side.",
	"{ORG} laid off 200 people in {CITY}.",
	"The audit was carried out by {ORG}.",
	"Our payment processor is {ORG}.",
	"{PER} is presenting at the {ORG} summit.",
	"We migrated from {ORG} to {ORG} last quarter.",
	"{ORG} owns the trademark.",
	"The dataset was released by {ORG} under a CC-BY license.",
	"Invoices from {ORG} are due within 30 days.",
	"Both {ORG} and {ORG} have offices in {CITY}.",
	"The meetup takes place near {STREET} in {CITY}.",
	"{PER} emailed me from {CITY} this morning.",
	"I'd ask {TLAST} — she handled the {COUNTRY} case.",
	"Our {CITY} warehouse ships to {COUNTRY} and {COUNTRY}.",
	"Flights to {CITY} are cheaper in {MONTH}.",
	"# Owned by {ORG}; see the internal wiki.",
	"// Licensed to {ORG} under the Apache License.",
	"// Thanks to {PER} for the benchmark numbers.",
	"{PER} speaks {LANG} and {LANG}.",
	"{ORG} flagged the payment as unusual.",
	"{ORG} and {ORG} both sell industrial sensors.",
	"{ORG} confirmed the breach on {DAY}.",
	"Her previous employer was {ORG}.",
	"The grant came from {ORG}.",
	"Volunteers from {ORG} helped with the cleanup in {CITY}.",
	"{ORG} raised its prices again this year.",
	"They buy most of their parts from {ORG}.",
	"{ORG} engineers rewrote the scheduler.",
	"The lawsuit against {ORG} was settled out of court.",
	"{PER} negotiated the deal with {ORG}.",
	"{ORG} is hiring {JOB}s in {CITY}.",
	// No entities: capitalised words that are not names.
	"{SENT}",
	"{SENT}",
	"{SENT}",
	"{SENT} {SENT}",
	"## {HEADING}\n{SENT}",
	"**{HEADING}**: {SENT}",
	"{JOB}: {SENT}",
	"She said the {TECH} build is green.",
	"He thinks the {NOUN} is fine.",
	"They asked whether {TECH} supports it.",
	"We recommend upgrading before {MONTH}.",
	"It depends on the {NOUN}.",
	"Step {NUM}: install {TECH} and run the tests.",
	"Note: the {TECH} client retries three times before failing.",
	"You can configure {TECH} with a YAML file.",
	"Here is an example in {TECH}:",
	"On {DAY}, the job runs at midnight UTC.",
	"The report is due at the end of {MONTH}.",
	"However, this approach does not scale beyond {NUM} requests per second.",
	"Will this work with {TECH}? Yes, as long as you pin the version.",
	"May I suggest using {TECH} instead?",
	"You will need to mark the task as done.",
	"I hope this helps! Let me know if you have any other questions.",
	"Sure, here's a quick overview of {TECH} and {TECH}.",
	"The main differences are performance, memory usage and tooling.",
	"Grace periods apply to all subscriptions.",
	"This will bill the card on file every {MONTH}.",
	"Summary: the service was down for {NUM} minutes.",
	"Error: connection refused while contacting the {TECH} server.",
	"Warning: the {TECH} API is deprecated.",
	"Make sure the {TECH} container has enough memory.",
	"// Returns the user ID or an error if the {TECH} lookup fails.",
	"# Install dependencies with {TECH}.",
	"In English, the word \"rose\" is both a flower and a verb.",
	"First, open the Settings page and click Save.",
	"The Summer release adds dark mode and faster search.",
	"Use the New Project button to start.",
	"Chapter {NUM} covers error handling in {TECH}.",
	"Joy and hope are common themes in the poem.",
	"The price will drop in {MONTH} according to the forecast.",
}

var techWords = []string{
	"Python", "Go", "Rust", "Kubernetes", "Docker", "PostgreSQL", "Redis", "Kafka", "NATS", "JSON",
	"YAML", "GraphQL", "REST", "HTTP", "SQL", "Linux", "Terraform", "React", "TypeScript", "Java",
	"OAuth", "TLS", "Nginx", "Grafana", "Prometheus", "Excel", "Markdown", "CSV", "S3", "API",
	"Webpack", "Node", "Spark", "Airflow", "Elasticsearch", "SQLite", "CI", "Helm", "gRPC", "Bash",
}

var languages = []string{"English", "Spanish", "French", "German", "Polish", "Korean", "Japanese", "Chinese", "Arabic", "Hindi", "Portuguese", "Turkish"}

var days = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

var titles = []string{"Dr.", "Mr.", "Ms.", "Mrs.", "Prof.", "Dr", "Professor", "Judge", "Captain"}

var orgWords = []string{"Labs", "Systems", "Technologies", "Bank", "Foundation", "Consulting", "Partners", "Holdings", "Health", "Analytics", "Group", "Corporation", "Ltd", "GmbH", "Inc.", "Institute"}

// Generator fills templates from lists with a seeded random source.
type Generator struct {
	l   *Lists
	rng *rand.Rand
}

// NewGenerator returns a generator whose output depends only on seed.
func NewGenerator(l *Lists, seed uint64) *Generator {
	return &Generator{l: l, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *Generator) pick(s []string) string { return s[g.rng.IntN(len(s))] }

// Sentence renders one random template, or joins two into a short
// paragraph.
func (g *Generator) Sentence() Sentence {
	var b strings.Builder
	var spans []models.Span
	n := 1
	if g.rng.IntN(4) == 0 {
		n = 2
	}
	for k := 0; k < n; k++ {
		if k > 0 {
			b.WriteByte(' ')
		}
		if g.rng.Float64() < BenchRate {
			g.render(&b, &spans, benchTemplates[g.rng.IntN(len(benchTemplates))])
		} else if g.rng.Float64() < MoreRate {
			g.render(&b, &spans, moreTemplates[g.rng.IntN(len(moreTemplates))])
		} else {
			g.render(&b, &spans, templates[g.rng.IntN(len(templates))])
		}
	}
	return Sentence{Text: b.String(), Spans: spans}
}

func (g *Generator) render(b *strings.Builder, spans *[]models.Span, t string) {
	for len(t) > 0 {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return
		}
		b.WriteString(t[:i])
		j := strings.IndexByte(t[i:], '}')
		g.slot(b, spans, t[i+1:i+j])
		t = t[i+j+1:]
	}
}

func (g *Generator) emit(b *strings.Builder, spans *[]models.Span, typ, s string) {
	start := b.Len()
	b.WriteString(s)
	if typ != "" {
		*spans = append(*spans, models.Span{Type: typ, Start: start, End: b.Len()})
	}
}

func (g *Generator) slot(b *strings.Builder, spans *[]models.Span, name string) {
	r := g.rng
	switch name {
	case "PER":
		g.emit(b, spans, "PERSON", g.person())
	case "FIRST":
		g.emit(b, spans, "PERSON", g.name(g.l.First))
	case "TLAST":
		b.WriteString(g.pick(titles) + " ")
		if r.IntN(3) == 0 {
			g.emit(b, spans, "PERSON", g.person())
		} else {
			g.emit(b, spans, "PERSON", g.pick(g.l.Last))
		}
	case "LOC":
		switch r.IntN(3) {
		case 0:
			g.slot(b, spans, "CITY")
		case 1:
			g.slot(b, spans, "COUNTRY")
		default:
			g.slot(b, spans, "STATE")
		}
	case "CITY":
		g.emit(b, spans, "LOCATION", g.name(g.l.Cities))
	case "COUNTRY":
		g.emit(b, spans, "LOCATION", g.pick(g.l.Countries))
	case "STATE":
		g.emit(b, spans, "LOCATION", g.pick(g.l.States))
	case "ADDR":
		b.WriteString(strconv.Itoa(1+r.IntN(2999)) + " ")
		street := g.pick(g.l.Last)
		if r.IntN(3) == 0 {
			street = g.pick(g.l.Cities)
		}
		// The street is a location; the house number is not part of it.
		g.emit(b, spans, "LOCATION", street+" "+g.pick(g.l.StreetTypes))
		if r.IntN(4) == 0 {
			b.WriteString(", Suite " + strconv.Itoa(100+r.IntN(900)))
		}
		b.WriteString(", ")
		g.emit(b, spans, "LOCATION", g.pick(g.l.Cities))
		if r.IntN(2) == 0 {
			b.WriteString(" " + strconv.Itoa(10000+r.IntN(89999)))
		}
	case "ORG":
		g.emit(b, spans, "ORGANIZATION", g.org())
	case "LASTONLY":
		g.emit(b, spans, "PERSON", g.pick(g.l.Last))
	case "STREET":
		g.emit(b, spans, "LOCATION", g.pick(g.l.Last)+" "+g.pick(g.l.StreetTypes))
	case "JOB":
		b.WriteString(g.pick(g.l.Jobs))
	case "NOUN":
		b.WriteString(g.pick(g.l.Nouns))
	case "HEADING":
		b.WriteString(title(g.pick(g.l.Adjectives)) + " " + title(g.pick(g.l.Nouns)))
	case "SENT":
		b.WriteString(g.plain())
	case "NUM":
		b.WriteString(strconv.Itoa(1 + r.IntN(2030)))
	default:
		if words, ok := wordSlots[name]; ok {
			b.WriteString(g.pick(words))
			return
		}
		if !g.intlSlot(b, spans, name) && !g.benchSlot(b, spans, name) {
			panic("train: unknown slot " + name)
		}
	}
}

// blend makes a new name from the start of one list entry and the end of
// another ("Abernathy" + "Zimmerman" → "Abermerman"), so the model meets
// names it cannot have memorised and learns them from context and shape.
func (g *Generator) blend(list []string) string {
	a, b := g.pick(list), g.pick(list)
	if strings.ContainsAny(a+b, " .&-'") || len(a) < 4 || len(b) < 4 {
		return a
	}
	i := 2 + g.rng.IntN(len(a)-2)
	j := 1 + g.rng.IntN(len(b)-2)
	return a[:i] + b[j:]
}

// coin is a blend that is never an entry of list itself: a made-up
// organisation must not be a real city's name labelled ORGANIZATION.
func (g *Generator) coin(list []string) string {
	for {
		a, b := g.pick(list), g.pick(list)
		if strings.ContainsAny(a+b, " .&-'") || len(a) < 4 || len(b) < 4 {
			continue
		}
		i := 2 + g.rng.IntN(len(a)-2)
		j := 1 + g.rng.IntN(len(b)-2)
		if c := a[:i] + b[j:]; c != a && c != b && !slices.Contains(list, c) {
			return c
		}
	}
}

// name picks from list, or blends a new name with probability BlendRate.
func (g *Generator) name(list []string) string {
	if g.rng.Float64() < BlendRate {
		return g.blend(list)
	}
	return g.pick(list)
}

// BlendRate is how often a name slot gets a blended, unseen name.
var BlendRate = 0.3

func (g *Generator) person() string {
	r := g.rng
	f, l := g.name(g.l.First), g.name(g.l.Last)
	switch x := r.IntN(20); {
	case x < 13:
		return f + " " + l
	case x < 15:
		return f + " " + g.pick(g.l.Middle) + " " + l
	case x < 17:
		return f + " " + string(g.pick(g.l.Middle)[0]) + ". " + l
	case x < 18:
		return f + " " + l + "-" + g.pick(g.l.Last)
	case x < 19:
		return f + " " + l + " Jr."
	default:
		return strings.ToUpper(string(f[0])) + ". " + l
	}
}

func (g *Generator) org() string {
	r := g.rng
	switch x := r.IntN(20); {
	case x < 4:
		return g.name(g.l.Companies)
	case x < 8:
		// A real company's one-word name ("Maersk", "Zoho").
		return g.pick(g.l.Brands)
	case x < 11:
		return g.name(g.l.Last) + " " + g.pick(orgWords)
	case x < 12:
		return g.pick(g.l.Last) + " & " + g.pick(g.l.Last)
	case x < 14:
		return g.pick(g.l.Schools) + " " + g.pick(g.l.SchoolType)
	case x < 15:
		return "University of " + g.pick(g.l.Cities)
	case x < 17:
		// A made-up brand: two words run together, "BrightPath".
		return title(g.pick(g.l.Adjectives)) + title(g.pick(g.l.Nouns))
	case x < 18:
		// An acronym: "MTN", "KLG".
		n := 2 + r.IntN(3)
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('A' + r.IntN(26))
		}
		return string(b)
	default:
		// A single made-up word: "Velmora".
		return g.coin(g.l.Cities)
	}
}

// plain is a sentence with no entity, built from gofakeit's word lists:
// it starts with a capitalised common word, as answers do.
func (g *Generator) plain() string {
	l := g.l
	switch g.rng.IntN(6) {
	case 0:
		return title(g.pick(l.Verbs)) + " the " + g.pick(l.Adjectives) + " " + g.pick(l.Nouns) + " before the " + g.pick(l.Nouns) + "."
	case 1:
		return title(g.pick(l.Connectives)) + ", the " + g.pick(l.Nouns) + " is " + g.pick(l.Adjectives) + "."
	case 2:
		return title(g.pick(l.Adjectives)) + " " + g.pick(l.Nouns) + " can " + g.pick(l.Verbs) + " the " + g.pick(l.Nouns) + "."
	case 3:
		return title(g.pick(l.Pronouns)) + " " + g.pick(l.Verbs) + " the " + g.pick(l.Nouns) + " " + g.pick(l.Adverbs) + "."
	case 4:
		return "The " + g.pick(l.Nouns) + " uses " + g.pick(techWords) + " and " + g.pick(l.Abbrevs) + "."
	default:
		return title(g.pick(l.Adverbs)) + ", " + g.pick(l.Pronouns) + " should " + g.pick(l.Verbs) + " the " + g.pick(l.Nouns) + "."
	}
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Corpus returns n sentences from seed.
func Corpus(l *Lists, seed uint64, n int) []Sentence {
	g := NewGenerator(l, seed)
	out := make([]Sentence, n)
	for i := range out {
		out[i] = g.Sentence()
	}
	return out
}
