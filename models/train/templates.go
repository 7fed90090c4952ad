package train

// moreTemplates widen the corpus past help-desk prose: chat answers,
// e-mails with headers and signatures, support tickets, log lines, CSV
// rows and Markdown tables, lists, biographies, addresses in national
// formats, and many texts whose capitalised words are not entities (hard
// negatives). Slots beyond those of templates:
//
//	{NAME} a person from any locale (see Generator.intlPerson)
//	{GIVEN} a first name from any locale   {SURNAME} a surname alone
//	{TITLE} Mr./Ms./Dr./Frau... (outside the span)
//	{PLACE} a city from any locale          {ICITY} an international city
//	{STREETX} a street of a locale          {ADDRESS} an address in a national format
//	{COMPANY} an organisation with a locale's legal suffix
//	{PRODUCT} {IDENT} {UI} {HOLIDAY} {DEPT} {LEVEL} capitalised non-entities
//	{EMAILX} {URLX} {PHONEX} {DATE} {TIME} {ID} pattern-shaped non-entities
var moreTemplates = []string{
	// Chat answers.
	"Sure! I've updated the reservation for {NAME}.",
	"Of course — {NAME} is listed as the account owner.",
	"It looks like {NAME} already approved the request.",
	"Got it. I'll let {GIVEN} know the meeting moved to {DAY}.",
	"No problem, {GIVEN}! Anything else I can help with?",
	"Thanks for the details, {GIVEN}. I've opened a case for you.",
	"I'm sorry, {GIVEN}, but I can't find an order with that number.",
	"Great news, {GIVEN}: your refund was approved.",
	"Here's the summary you asked for. {NAME} leads the project; {NAME} owns the budget.",
	"From what you shared, {NAME} signed the lease in {PLACE} on {DATE}.",
	"I can't look up personal information about {NAME}, but I can explain how the process works.",
	"{NAME} is a good person to ask about the {PLACE} rollout.",
	"You mentioned {GIVEN} earlier — should I add {GIVEN} to the invite?",
	"Based on the thread, {NAME} and {NAME} disagree about the timeline.",
	"Yes, {TITLE} {SURNAME} is the attending physician.",
	"{TITLE} {NAME} will call you back before {TIME}.",
	"Please address the letter to {TITLE} {SURNAME}.",
	"I recommend booking a hotel near the centre of {PLACE}.",
	"The quickest route from {PLACE} to {PLACE} is by train.",
	"{PLACE} is about two hours' drive from {PLACE}.",
	"If you're visiting {ICITY} in {MONTH}, pack a warm jacket.",
	"Yes, {COMPANY} ships to {COUNTRY}.",
	"I'd suggest asking {COMPANY} for a written quote.",
	"{COMPANY} confirmed the order on {DATE}.",
	"Your contact at {COMPANY} is {NAME}.",
	// E-mails.
	"Dear {TITLE} {SURNAME},\n\nThank you for your message. {SENT}\n\nKind regards,\n{NAME}",
	"Hello {GIVEN},\n\n{SENT}\n\nBest,\n{GIVEN}",
	"Hi {GIVEN},\nquick reminder that the report is due on {DAY}.\nThanks,\n{NAME}",
	"From: {NAME}\nTo: {NAME}\nSubject: {UI} request",
	"From: {NAME} <{EMAILX}>\nSent: {DAY}, {DATE}\nSubject: Invoice {ID}",
	"Dear Sir or Madam,\n{SENT}\nYours faithfully,\n{NAME}\n{COMPANY}",
	"Best wishes,\n{NAME}\n{JOB}, {COMPANY}\n{PLACE}, {COUNTRY}",
	"Warm regards,\n{GIVEN}",
	"Many thanks,\n{NAME}\n{PHONEX}",
	"-- \n{NAME}\n{COMPANY}",
	"Sent on behalf of {NAME}.",
	"On {DATE}, {NAME} wrote:\n> {SENT}",
	"cc: {NAME}, {NAME}",
	"Greetings {GIVEN},\nwelcome to the team!",
	"Good afternoon {TITLE} {SURNAME}, your appointment is confirmed.",
	// Support tickets and CRM notes.
	"Ticket {ID} — customer {NAME} reports that {UI} does not load.",
	"Case {ID}: caller {NAME} from {PLACE} asked about a refund.",
	"Status: open\nReporter: {NAME}\nAssignee: {NAME}\nPriority: {LEVEL}",
	"Escalated to {NAME} ({DEPT}).",
	"Customer {NAME} (account {ID}) called about a double charge.",
	"Resolved by {GIVEN}: reset the {PRODUCT} settings.",
	"Note: {NAME} prefers to be contacted by e-mail at {EMAILX}.",
	"Callback requested by {NAME}, {PHONEX}.",
	"Visitor log: {NAME} signed in at {TIME}, host {NAME}.",
	// Logs and structured text.
	"{DATE} {TIME} {LEVEL} user={SURNAME} action=login ip=10.0.{NUM}.7",
	"[{LEVEL}] {DATE} payment failed for customer \"{NAME}\"",
	"{TIME} {LEVEL} {IDENT}: retry {NUM} of 5",
	"\"name\": \"{NAME}\", \"city\": \"{PLACE}\", \"company\": \"{COMPANY}\"",
	"name: {NAME}\ncity: {PLACE}\ncountry: {COUNTRY}",
	"Name: {NAME}\nEmployer: {COMPANY}\nLocation: {PLACE}",
	"first_name,last_name,city\n{GIVEN},{SURNAME},{PLACE}",
	"{NUM},\"{NAME}\",{PLACE},{COUNTRY}",
	"{NAME};{PLACE};{DATE}",
	"| Name | Company | City |\n|---|---|---|\n| {NAME} | {COMPANY} | {PLACE} |",
	"| {NAME} | {JOB} | {PLACE} |",
	"| Owner | Status |\n| {NAME} | {UI} |",
	"- {NAME} — {JOB}",
	"* {NAME} ({PLACE})",
	"{NUM}. {NAME}, {COMPANY}",
	"Participants:\n- {NAME}\n- {NAME}\n- {NAME}",
	"Speakers: {NAME} ({COMPANY}), {NAME} ({COMPANY})",
	"Signed-off-by: {NAME} <{EMAILX}>",
	"Reported-by: {NAME}",
	"Author: {NAME}\nDate: {DATE}",
	"@{GIVEN} could you review this?",
	"Thanks @{GIVEN} for the fix!",
	// Addresses in national formats.
	"Please ship the replacement to {ADDRESS}.",
	"Address: {ADDRESS}",
	"{NAME}\n{ADDRESS}",
	"Our new office: {ADDRESS}.",
	"The invoice address is {ADDRESS}, {COUNTRY}.",
	"Return the device to {COMPANY}, {ADDRESS}.",
	"She lives on {STREETX} in {PLACE}.",
	"The shop is on {STREETX}, near the station.",
	"Meet me at the corner of {STREETX} and {STREETX}.",
	// Biographies.
	"{NAME} was born in {PLACE} in {NUM} and studied economics in {PLACE}.",
	"Born in {PLACE}, {NAME} worked for {COMPANY} before founding {COMPANY}.",
	"{NAME} is a {JOB} based in {PLACE}, {COUNTRY}.",
	"{NAME} grew up in {ICITY} and now teaches in {PLACE}.",
	"Before joining {COMPANY}, {NAME} spent a decade at {COMPANY}.",
	"{NAME} (born {DATE}) is a novelist from {COUNTRY}.",
	"{NAME}, a former {JOB} at {COMPANY}, now lives in {PLACE}.",
	"Her mentor, {NAME}, introduced her to {NAME}.",
	"His parents, {NAME} and {NAME}, emigrated from {COUNTRY}.",
	"{NAME} received an award from {COMPANY} in {NUM}.",
	"{SURNAME} moved to {PLACE} after the war.",
	"In {NUM}, {SURNAME} published her first book.",
	// Entities right before "!" and "?", and the pronoun "I" (a name's
	// initial is "I." too).
	"Hello from {PLACE}!",
	"Welcome to {PLACE}!",
	"We loved {PLACE}!",
	"Have you ever been to {PLACE}?",
	"Where exactly is {PLACE}?",
	"Is {NAME} joining us?",
	"Did {GIVEN} call back?",
	"Can {NAME} approve this?",
	"Should I copy {NAME}?",
	"Congratulations, {GIVEN}!",
	"Say hi to {GIVEN}!",
	"Thank you, {NAME}!",
	"Does {COMPANY} deliver to {COUNTRY}?",
	"Who owns {COMPANY}?",
	"Would {TITLE} {SURNAME} visit {PLACE}?",
	"When will {GIVEN} visit {PLACE}?",
	"I think {NAME} is right.",
	"I will check with {GIVEN} and get back to you.",
	"I moved to {PLACE} in {NUM}.",
	"I met {NAME} at a conference in {PLACE}.",
	"I am not sure, but I can find out.",
	"I agree. {SENT}",
	"Yesterday I flew from {PLACE} to {PLACE}.",
	"If I were you, I would ask {COMPANY}.",
	// First names that are also words, opening a sentence.
	"{WORDNAME} {SURNAME} will send the slides {DAY}.",
	"{WORDNAME} {SURNAME} confirmed the order.",
	"{WORDNAME} {SURNAME} is out of office until {MONTH}.",
	// Hard negatives: capitalised words that are not entities.
	"Will the {PRODUCT} update fix it? Probably.",
	"Hope you're well! {SENT}",
	"June and July are the busiest months.",
	"Mark the ticket as {UI} once it ships.",
	"Grace periods vary by plan.",
	"Please review the {DOC} before you sign.",
	"The {DOC} was updated on {DATE}.",
	"See section {NUM} of the {DOC}.",
	"Click {UI}, then {UI}.",
	"Open the {UI} tab and choose {UI}.",
	"The {UI} page shows your current plan.",
	"{PRODUCT} works offline once you sign in.",
	"Update {PRODUCT} to the latest version and restart.",
	"Is {PRODUCT} compatible with {PRODUCT}?",
	"Call `{IDENT}` before you read the result.",
	"The function {IDENT} returns nil when the list is empty.",
	"Rename {IDENT} to {IDENT} for clarity.",
	"{IDENT} failed: timeout after 30s",
	"{LEVEL}: {IDENT} returned an unexpected value.",
	"Set {CONST} to true in the config file.",
	"Our offices close for {HOLIDAY}.",
	"Happy {HOLIDAY}! We hope you enjoy the break.",
	"The {HOLIDAY} sale starts on {DAY}.",
	"{DAY} and {DAY} are fully booked.",
	"See you on {DAY}!",
	"The deadline is the last {DAY} of {MONTH}.",
	"{MONTH} was our best month so far.",
	"Contact {DEPT} if you need access.",
	"The {DEPT} team approved the change.",
	"{DEPT} will send the forms by {DAY}.",
	"Great question! {SENT}",
	"Absolutely. {SENT}",
	"Unfortunately, {SENT}",
	"Hope this helps!",
	"Welcome back! {SENT}",
	"Thanks again for your patience.",
	"Dear Customer,\n{SENT}",
	"Hello team,\n{SENT}",
	"Hi there! {SENT}",
	"{JOB}: responsible for the {UI} roadmap.",
	"{HEADING}\n{SENT}",
	"### {HEADING}",
	"TODO: {SENT}",
	"IMPORTANT: {SENT}",
	"Write to {EMAILX} or visit {URLX}.",
	"Call us on {PHONEX} between 9 and 5.",
	"Reference {ID}, dated {DATE}.",
}

var products = []string{
	"iPhone", "iPad", "MacBook Air", "Galaxy S24", "Pixel 8", "Windows 11", "Office 365", "Excel", "Word",
	"PowerPoint", "Outlook", "Teams", "Slack", "Zoom", "Photoshop", "Lightroom", "PlayStation 5", "Xbox",
	"Kindle", "Chrome", "Firefox", "Safari", "Android", "iOS", "macOS", "Ubuntu", "Visual Studio Code",
	"Premium Plan", "Pro Plan", "Starter Plan", "Business Edition", "Smart TV", "AirPods", "Apple Watch",
	"Google Sheets", "Google Drive", "Dropbox", "OneDrive", "Jira", "Confluence", "WordPress", "Shopify",
}

var uiWords = []string{
	"Settings", "Save", "Cancel", "Export", "Import", "Dashboard", "Profile", "Billing", "Account", "Privacy",
	"Security", "Notifications", "Submit", "Next", "Back", "Preferences", "Help", "Sign In", "Log Out",
	"Upload", "Download", "Archive", "Delete", "Edit", "Share", "Reports", "Overview", "Home", "Inbox",
	"Done", "Pending", "Approved", "Rejected", "Open", "Closed", "Draft", "Advanced", "General",
}

var holidays = []string{
	"Christmas", "Easter", "New Year", "Thanksgiving", "Ramadan", "Eid", "Diwali", "Hanukkah", "Black Friday",
	"Cyber Monday", "Labor Day", "Boxing Day", "Halloween", "Lunar New Year", "Good Friday", "Independence Day",
}

var departments = []string{
	"Human Resources", "Customer Care", "Accounts Payable", "Finance", "Legal", "IT Support", "Sales",
	"Marketing", "Procurement", "Facilities", "Engineering", "Quality Assurance", "Operations", "Payroll",
}

var levels = []string{"INFO", "WARN", "ERROR", "DEBUG", "FATAL", "High", "Low", "Medium", "Critical", "Urgent"}

var titlesX = []string{"Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Dr", "Prof.", "Mr", "Ms", "Mx.", "Sir", "Dame", "Frau", "Herr", "Monsieur", "Madame", "Señor", "Señora", "Sra.", "Sr.", "Pan", "Pani", "Rev.", "Capt.", "Hon."}

// wordNames are first names that are also English words.
var wordNames = []string{"Will", "Hope", "June", "April", "May", "Joy", "Grace", "Mark", "Rose", "Faith", "Summer", "Sunny", "Bill", "Pat", "Dawn", "Iris", "Ivy", "Amber", "Jack", "Art", "Chase", "Drew", "Hunter", "Lily", "Daisy", "Ruby", "Crystal", "Autumn", "Destiny", "Honey", "Sky", "Rich", "Sue", "Penny", "Skip", "Buck", "Miles", "Jewel", "Page"}

// documents are title-case phrases that name no one.
var documents = []string{"Privacy Policy", "Table of Contents", "Code of Conduct", "Release Notes", "User Guide", "Getting Started", "Service Level Agreement", "Acceptable Use Policy", "Annual Report", "Employee Handbook", "Quick Start Guide", "Data Processing Agreement", "Frequently Asked Questions", "Style Guide"}

// wordSlots are the slots filled with one word or phrase from a fixed
// list, never an entity.
var wordSlots = map[string][]string{
	"LANG": languages, "TECH": techWords, "DAY": days, "MONTH": months, "DOC": documents,
	"PRODUCT": products, "UI": uiWords, "HOLIDAY": holidays, "DEPT": departments, "LEVEL": levels,
}
