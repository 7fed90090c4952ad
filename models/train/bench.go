package train

import (
	"strings"

	"github.com/sluice-dlp/sluice/models"
)

// BenchRate is the share of texts drawn from benchTemplates.
var BenchRate = 0.3

// benchTemplates are shaped like the texts PII benchmarks are made of,
// rather than like model answers: terse chat lines (lower case, no final
// punctuation, lone first names, names written in lower case), forms with
// a label per line, CSV/TSV rows with a header, signatures with a job
// title and a company line, sign-offs in other languages, and many
// capitalised phrases that name nothing: UI paths, statuses, headings,
// job titles, team names, exception and class names. Slots beyond those
// of moreTemplates:
//
//	{LGIVEN} a first name in lower case     {UPNAME} {UPPLACE} in capitals
//	{CGIVEN} a first name, in lower case one time in three
//	{TC} a Title Case phrase (no entity)    {ROLE} a job title
//	{TEAM} a team or squad name             {EXC} an exception or class name
//	{SIGNOFF} a closing in some language    {CHATOPEN} "hey", "ok so", "btw"...
//	{FORMPER} {FORMORG} {FORMLOC} {FORMNIL} labels of form fields
//	{SEP} a CSV separator                   {ORGX} an organisation of any kind
var benchTemplates = []string{
	// Chat lines.
	"{CHATOPEN} where did {CGIVEN} put the spare charger",
	"{CHATOPEN} {CGIVEN} fixed the printer finally",
	"{CHATOPEN} {LGIVEN} is working from home",
	"{LGIVEN} do you have the slides from {DAY}",
	"{LGIVEN} and me are grabbing coffee, want anything?",
	"need {LGIVEN} to sign this before 5",
	"i think {LGIVEN} has the {TC} login",
	"{CGIVEN} wants to know if the {PLACE} trip is still on",
	"{CGIVEN} here, running late, 10 min",
	"running late sorry, tell {CGIVEN} to start without me",
	"did anyone hear back from {CGIVEN}",
	"{CGIVEN} is out sick, {CGIVEN} covers the desk",
	"{CHATOPEN} {NAME} just joined the channel, say hi",
	"bumped into {NAME} at the airport in {PLACE} lol",
	"is {CGIVEN} still in {PLACE} or back home",
	"{CHATOPEN} the bus from {PLACE} is stuck again",
	"{CGIVEN} owes me 20 bucks",
	"wait {CGIVEN} moved to {PLACE}??",
	"{CGIVEN} got promoted at {ORGX}!!",
	"congrats {CGIVEN} 🥳",
	"{CGIVEN}?? you there",
	"hi {CGIVEN}, got your msg, will call later",
	"hello, {NAME} speaking, my parcel never arrived",
	"i'm {CGIVEN}, new on the {TEAM}",
	"{CHATOPEN} {ORGX} support is useless today",
	"{CHATOPEN} the {TC} thing is still broken",
	"{CHATOPEN} can we do {DAY} instead",
	"brb",
	"sounds good, see you {DAY}",
	"{CHATOPEN} landed in {PLACE}, heading to {PLACE} tmrw",
	"{CGIVEN} and {CGIVEN} said the same thing lol",
	"cc {LGIVEN}",
	"{LGIVEN} thoughts?",
	// Tickets.
	"[{ID}] {NAME}: app freezes on the {TC} screen",
	"Reported by {NAME} on {DATE}. Steps: open {TC}, click {TC}.",
	"{NAME} called from {PLACE} about a missing delivery.",
	"Contact: {NAME} ({ORGX}) — {TC} is slow since {DAY}.",
	"Handed over to {NAME}; customer lives in {PLACE}.",
	"Spoke with {NAME}. Waiting for the signed form.",
	"Severity: {LEVEL}\nOwner: {NAME}\nState: {TC}",
	"Credit note issued to {NAME}, ref {ID}.",
	"{NAME} says it works now. Closing.",
	"Anonymous caller, first name only: {GIVEN}.",
	"Reminder set to chase {NAME} on {DAY}.",
	"Linked to the earlier report by {NAME}.",
	"Queue: {TC}\nTags: {TC}, {TC}\nGroup: {TEAM}",
	// Forms.
	"{FORMPER}: {NAME}\n{FORMLOC}: {PLACE}",
	"{FORMPER}: {NAME}\n{FORMORG}: {ORGX}\n{FORMNIL}: {ROLE}",
	"{FORMPER}: {UPNAME}\n{FORMLOC}: {UPPLACE}",
	"Given name: {GIVEN}\nFamily name: {SURNAME}\n{FORMLOC}: {COUNTRY}",
	"{FORMPER}: {TITLE} {NAME}\n{FORMNIL}: {TC}",
	"{FORMPER} — {NAME} — {PLACE}",
	"{FORMPER}: {NAME} ({FORMNIL}: {TC})",
	"{FORMORG}: {ORGX}\n{FORMNIL}: {TC}",
	"{FORMLOC}: {PLACE} ({COUNTRY})",
	"{FORMPER}: {NAME}\n{ADDRESS}",
	"{FORMNIL}: {TC}\n{FORMNIL}: {TC}\n{FORMNIL}: {TC}",
	"{FORMPER}:\n{FORMLOC}:\n{FORMORG}:",
	"Please enter your {FORMNIL} and {FORMNIL}.",
	// Rows and lists.
	"full_name{SEP}city{SEP}phone\n{NAME}{SEP}{PLACE}{SEP}{PHONEX}",
	"#{SEP}client{SEP}nation\n{NUM}{SEP}{NAME}{SEP}{COUNTRY}",
	"given{SEP}family{SEP}employer\n{GIVEN}{SEP}{SURNAME}{SEP}{ORGX}",
	"{NAME}{SEP}{PLACE}{SEP}{NUM}",
	"\"{NAME}\";\"{ORGX}\";\"{PLACE}\"",
	"{UPNAME}{SEP}{UPPLACE}",
	"| Who | Where |\n|---|---|\n| {NAME} | {PLACE} |\n| {NAME} | {PLACE} |",
	"| Partner | Based in |\n| {ORGX} | {COUNTRY} |",
	"| Author | Institution |\n| {NAME} | {ORGX} |",
	"company{SEP}hq\n{ORGX}{SEP}{PLACE}",
	"{NUM}. {NAME} — {ROLE}, {PLACE}",
	"user={LGIVEN} team={TEAM} site={PLACE}",
	"• {NAME}, {PLACE}\n• {NAME}, {PLACE}",
	"a) {NAME} b) {NAME}",
	"Shortlist: {NAME}, {NAME} and {NAME}",
	"{NAME}{SEP}{NUM}{SEP}M{SEP}{PLACE}",
	"| {TC} | {TC} |\n|---|---|\n| {TC} | {NUM} |",
	"plan{SEP}state{SEP}zone\n{TC}{SEP}{TC}{SEP}{TC}",
	// Signatures.
	"{SIGNOFF},\n{NAME}\n{ROLE} · {ORGX}",
	"{SIGNOFF}\n\n{NAME}\n{ROLE}\n{ORGX} | {PLACE}",
	"{SIGNOFF},\n{NAME} ({ORGX})",
	"{SIGNOFF},\n{TITLE} {NAME}\n{ROLE}",
	"-- \n{NAME} | {ROLE}\n{ORGX}",
	"{SIGNOFF} —\n{GIVEN}",
	"Sent from my phone, excuse typos.\n{GIVEN}",
	"{SIGNOFF} from the whole {TEAM},\n{GIVEN}",
	"{NAME}\n{ROLE}\n{ORGX}\n{PLACE}, {COUNTRY}",
	"{SIGNOFF},\n{NAME}\n{DEPT}",
	"{SIGNOFF}!\n{GIVEN} x",
	"{NAME}\n{ROLE} | {PHONEX}",
	// Bare addresses: the street opens the line ("Kungsgatan 12, ...").
	"{ADDRESS}",
	"{ADDRESS}, {COUNTRY}",
	"{NAME}\n{ADDRESS}\n{COUNTRY}",
	// Short biographies.
	"{NAME}, born in {PLACE}, is a {ROLE}.",
	"{NAME} trained in {PLACE} before joining {ORGX}.",
	"An alumna of {ORGX}, {NAME} later led research at {ORGX}.",
	"In {NUM} {NAME} became {ROLE} at {ORGX}.",
	"{NAME} ({PLACE}, {NUM}) works as a {ROLE}.",
	"{NAME} lives in {PLACE} with two cats.",
	"{NAME} competed for {COUNTRY} in {NUM}.",
	"{NAME} left {ORGX} to start {ORGX}.",
	"{NAME} owns a bakery in {PLACE}.",
	// Organisations and places in running text.
	"We moved our hosting to {ORGX} in {MONTH}.",
	"{ORGX} is the carrier for everything out of {PLACE}.",
	"The books are audited by {ORGX}.",
	"I pay rent through {ORGX} and bank with {ORGX}.",
	"{ORGX} is opening two branches in {PLACE}.",
	"He is a {ROLE} at {ORGX}, {PLACE}.",
	"{ORGX} blocked my card again.",
	"Snow closed the roads around {PLACE}.",
	"DELIVERY TO {UPPLACE} ONLY.",
	"the workshop moved to {PLACE}",
	"Rents in {PLACE} went up again.",
	// Capitalised phrases that name nothing.
	"{TC}",
	"{TC}: {TC}",
	"State: {TC}",
	"Go to {TC} and pick {TC}.",
	"{TC} / {TC} / {TC}",
	"{TC} » {TC}",
	"{TEAM} is on call for the {TC}.",
	"Change {TC} to {TC}, then hit {TC}.",
	"Caused by: {EXC}",
	"{EXC} threw {EXC}",
	"at {EXC}({EXC}.java:{NUM})",
	"Traceback: {EXC} in `{IDENT}`",
	"See `{IDENT}` and {EXC} for details.",
	"Job: {ROLE} ({DEPT}), hybrid",
	"Sign-off needed from the {ROLE}.",
	"We are hiring a {ROLE}.",
	"{ROLE} (interim)",
	"Season's greetings and a happy {HOLIDAY}!",
	"No meetings on {DAY} or {DAY}.",
	"{DEPT} moved to the third floor.",
	"Your {TC} is on its way.",
	"You have {NUM} new {TC}.",
	"Introducing {TC} for {PRODUCT}.",
	"Upgrade to {TC} for more storage.",
	"Read the {TC} first.",
	"Early bird {TC} ends in {MONTH}.",
	"FAQ: How do I change my {TC}?",
	"Well done everyone — {TC} shipped!",
	"Brown Bag Session: {TC}",
	"Turn on {TC} in {PRODUCT}.",
	"{TC} (required)",
	"{TC} Limit Reached",
	"Restart the {TC} and try again.",
	"Hello! Here is your {TC}.",
	"Our {DEPT} team replies within {NUM} hours.",
}

var signoffs = []string{
	"Best", "Best regards", "Kind regards", "Regards", "Cheers", "Thanks", "Thanks & regards", "Warm wishes",
	"Yours sincerely", "With thanks", "Talk soon", "Many thanks", "All the best",
	"Mit freundlichen Grüßen", "Viele Grüße", "Cordialement", "Bien à vous", "Pozdrawiam", "Z poważaniem",
	"Saludos", "Un saludo", "Atentamente", "Atenciosamente", "Cumprimentos", "Distinti saluti", "Cordiali saluti",
	"Met vriendelijke groet", "Groetjes", "Med vennlig hilsen", "Med venlig hilsen", "Vänliga hälsningar",
	"Ystävällisin terveisin", "Kiitos", "S pozdravem", "Üdvözlettel", "Saygılarımla", "Srdačan pozdrav", "Toa",
}

var chatOpeners = []string{"hey", "hi", "yo", "ok so", "btw", "lol", "omg", "sorry", "thx", "pls", "hmm", "fyi", "also", "ugh", "heads up", "quick q"}

var formPer = []string{"Name", "Full name", "Patient name", "Applicant", "Beneficiary", "Next of kin", "Contact person", "Policy holder",
	"Guest", "Driver", "Passenger", "Employee", "Customer", "Account holder", "Signed", "Witness", "Referee", "Landlord", "Tenant",
	"Requested by", "Approved by", "Reporter", "Assignee", "Owner", "Emergency contact", "Cardholder", "NAME", "FULL NAME"}

var formOrg = []string{"Employer", "Company", "Employer name", "Bank", "Insurer", "School", "University", "Hospital", "Vendor", "Supplier", "Organisation", "Organization", "Carrier"}

var formLoc = []string{"City", "Place of birth", "Country", "Town", "Region", "Hometown", "Country of residence", "Destination", "Origin", "CITY", "COUNTRY"}

var formNil = []string{"Date of birth", "Job title", "Department", "Status", "Priority", "Plan", "Role", "Ward", "Gender", "Nationality", "Relationship", "Category", "Notes", "Reason", "Language"}

var seps = []string{",", ";", "|", "\t", ", "}

// tcWords are capitalised words of UI labels, statuses and headings; with
// gofakeit's common nouns and adjectives they make Title Case phrases.
var tcWords = []string{
	"Save", "Changes", "Pending", "Review", "Settings", "Account", "Security", "Billing", "Summary", "Report", "Plan",
	"Service", "Center", "Policy", "Request", "Order", "Invoice", "Refund", "Delivery", "Express", "Standard",
	"Premium", "Enterprise", "Growth", "Starter", "Business", "Days", "Customer", "Success", "Support", "Help",
	"Desk", "Portal", "Dashboard", "Overview", "Unread", "Messages", "Notifications", "Dark", "Mode", "Quick",
	"Start", "Guide", "Setup", "Wizard", "Risk", "Register", "Annual", "General", "Meeting", "Board", "Budget",
	"Cloud", "Storage", "Bucket", "Full", "Open", "Source", "License", "Terms", "Conditions", "Checkout", "Cart",
	"Wishlist", "Two-Factor", "Authentication", "Roles", "Users", "Editor", "Admin", "Panel", "Internship",
	"Programme", "Program", "Spring", "Summer", "Cleaning", "Sale", "Kitchen", "Garage", "Daily", "Weekly",
	"Monthly", "Release", "Notes", "Feature", "Request", "Sprint", "Backlog", "Roadmap", "Machine", "Learning",
	"Status", "Region", "Field", "Apply", "Refresh", "Shipped", "Delivered", "Cancelled", "Approved", "Closed",
	"Escalated", "Resolved", "Waiting", "Payment", "Method", "Card", "Details", "Address", "Book", "Contact",
	"Form", "Profile", "Photo", "Upload", "Export", "Import", "Data", "Privacy", "Cookie", "Preferences",
	"Green", "Line", "Red", "Blue", "Gold", "Silver", "Platinum", "Tier", "Member", "Rewards", "Points",
	"Excellent", "Work", "Great", "Job", "Best", "Ever", "Welcome", "Back", "New", "Old", "First", "Last",
}

var teamWords = []string{"Platform", "Growth", "Payments", "Identity", "Search", "Mobile", "Web", "Infra", "Data", "Security", "Billing", "Core", "Frontend", "Backend", "Design", "Support", "Onboarding", "Checkout", "Risk", "Trust"}

func (g *Generator) titlePhrase() string {
	n := 1 + g.rng.IntN(3)
	words := make([]string, n)
	for i := range words {
		switch g.rng.IntN(4) {
		case 0:
			words[i] = title(g.pick(g.l.Nouns))
		case 1:
			words[i] = title(g.pick(g.l.Adjectives))
		default:
			words[i] = g.pick(tcWords)
		}
	}
	return strings.Join(words, " ")
}

func (g *Generator) role() string {
	switch g.rng.IntN(5) {
	case 0:
		return "Head of " + g.pick(departments)
	case 1:
		return g.pick(departments) + " " + g.pick([]string{"Manager", "Lead", "Director", "Coordinator", "Specialist"})
	case 2:
		return g.pick([]string{"VP", "Chief", "Senior", "Junior", "Principal", "Staff"}) + " " + title(g.pick(g.l.Nouns)) + " " + g.pick([]string{"Engineer", "Officer", "Analyst", "Buyer", "Designer", "Architect"})
	default:
		return g.pick(g.l.Jobs)
	}
}

func (g *Generator) exception() string {
	n := title(g.pick(g.l.Nouns))
	switch g.rng.IntN(4) {
	case 0:
		return n + g.pick([]string{"NotFound", "Invalid", "Timeout", "Overflow", "Access"}) + g.pick([]string{"Exception", "Error"})
	case 1:
		return n + g.pick([]string{"Controller", "Service", "Processor", "Handler", "Repository", "Factory"}) + "." + title(g.pick(g.l.Verbs))
	case 2:
		return n + title(g.pick(g.l.Nouns)) + g.pick([]string{"Manager", "Builder", "Provider", "Adapter"})
	default:
		return g.ident()
	}
}

// orgX is an organisation of any kind the corpus knows: gofakeit's
// companies and schools, made-up brands, or a locale's legal form.
func (g *Generator) orgX() string {
	if g.rng.IntN(2) == 0 {
		return g.org()
	}
	return g.company()
}

// benchSlot renders the slots of benchTemplates; it reports false for an
// unknown slot.
func (g *Generator) benchSlot(b *strings.Builder, spans *[]models.Span, name string) bool {
	switch name {
	case "LGIVEN":
		g.emit(b, spans, "PERSON", strings.ToLower(g.given()))
	case "CGIVEN":
		// People type first names in lower case in chat now and then.
		if g.rng.IntN(3) == 0 {
			g.emit(b, spans, "PERSON", strings.ToLower(g.given()))
		} else {
			g.emit(b, spans, "PERSON", g.given())
		}
	case "UPNAME":
		g.emit(b, spans, "PERSON", strings.ToUpper(g.intlPerson()))
	case "UPPLACE":
		g.emit(b, spans, "LOCATION", strings.ToUpper(g.place()))
	case "ORGX":
		g.emit(b, spans, "ORGANIZATION", g.orgX())
	case "TC":
		b.WriteString(g.titlePhrase())
	case "ROLE":
		b.WriteString(g.role())
	case "TEAM":
		b.WriteString(g.pick(teamWords) + " " + g.pick([]string{"Team", "team", "Squad", "Guild", "Crew"}))
	case "EXC":
		b.WriteString(g.exception())
	case "SIGNOFF":
		b.WriteString(g.pick(signoffs))
	case "CHATOPEN":
		b.WriteString(g.pick(chatOpeners))
	case "FORMPER":
		b.WriteString(g.pick(formPer))
	case "FORMORG":
		b.WriteString(g.pick(formOrg))
	case "FORMLOC":
		b.WriteString(g.pick(formLoc))
	case "FORMNIL":
		b.WriteString(g.pick(formNil))
	case "SEP":
		b.WriteString(g.pick(seps))
	default:
		return false
	}
	return true
}
