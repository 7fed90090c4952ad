// Package detectors holds sluice's built-in rule catalogue and the validators
// the rules use. Rules are data: a keyword list for the prefilter, an RE2
// pattern, an optional validator, context words and a score. The engine
// compiles them; nothing here runs a regex on the hot path by itself.
package detectors

import "fmt"

// Category groups entity types for reporting and policy defaults.
type Category string

const (
	PII    Category = "pii"
	Secret Category = "secret"
	Custom Category = "custom"
)

// TriggerKind says how the engine decides that a rule can possibly match
// somewhere, before running its regex there.
type TriggerKind uint8

const (
	// TriggerKeyword: one of Rule.Keywords occurs (ASCII case-insensitive).
	// Rules with keywords default to this.
	TriggerKeyword TriggerKind = iota
	// TriggerDigits: a run of digits joined by common separators
	// (space - . / ( ) +) holding between MinDigits and MaxDigits digits.
	TriggerDigits
	// TriggerAt: an '@' byte (email addresses).
	TriggerAt
	// TriggerColon: a ':' byte (IPv6, MAC addresses).
	TriggerColon
	// TriggerAlways: the rule runs over the whole text. Slow; only for user
	// rules that have no literal at all.
	TriggerAlways
	// TriggerAlnum: a run of ASCII letters and digits, holding both, whose
	// length is within [MinDigits, MaxDigits] (IDs such as the Italian
	// codice fiscale, whose digits are split by letters).
	TriggerAlnum
)

// triggerNames are the names policies and listings give trigger kinds.
var triggerNames = [...]string{
	TriggerKeyword: "keyword",
	TriggerDigits:  "digits",
	TriggerAt:      "at",
	TriggerColon:   "colon",
	TriggerAlways:  "always",
	TriggerAlnum:   "alnum",
}

// TriggerNames lists the trigger names a policy may use.
func TriggerNames() []string { return triggerNames[:] }

func (k TriggerKind) String() string {
	if int(k) < len(triggerNames) {
		return triggerNames[k]
	}
	return "unknown"
}

// MarshalText writes the trigger's policy name.
func (k TriggerKind) MarshalText() ([]byte, error) {
	if int(k) >= len(triggerNames) {
		return nil, fmt.Errorf("trigger kind %d has no name", k)
	}
	return []byte(triggerNames[k]), nil
}

// UnmarshalText reads a trigger's policy name.
func (k *TriggerKind) UnmarshalText(b []byte) error {
	for i, n := range triggerNames {
		if string(b) == n {
			*k = TriggerKind(i)
			return nil
		}
	}
	return &UnknownNameError{What: "trigger", Name: string(b), Known: TriggerNames()}
}

// Verdict is a validator's judgement of a candidate value.
type Verdict uint8

const (
	// Reject: the value is not this entity (bad checksum on an identifier
	// whose format has one, a placeholder, too little entropy). Dropped.
	Reject Verdict = iota
	// Weak: a check that a real value would normally pass failed, but the
	// format alone is distinctive enough to report it with a lower score
	// (used for secrets: a failed checksum never hides a likely credential).
	Weak
	// Plausible: structural checks pass; no checksum to confirm it.
	Plausible
	// Verified: an embedded checksum or decodable structure confirms the
	// value. The finding's score becomes 1.0.
	Verified
)

// Options are the policy settings a validator may depend on.
type Options struct {
	// Region is the default ISO 3166 region for phone numbers written
	// without a country code ("US" when empty).
	Region string
	// Regions are tried in turn for a national-format number near a
	// phone word (DefaultPhoneRegions when empty).
	Regions []string
	// Dense: the value comes right after text dense with digits (the
	// engine sets it: DenseDigits digits or more in the context window
	// before the value). A validator whose check is costly then accepts
	// what passes its cheap checks, failing closed: the phone validators
	// spend 20–70 µs of libphonenumber on a number, and text that is
	// nothing but phone-shaped numbers (one every 18 bytes) would scan at
	// well under 1 MB/s. Such text is redacted instead; a number on its
	// own is validated.
	Dense bool
}

// DenseDigits is how many digits in the context window before a value
// make it Dense: two or three numbers' worth.
const DenseDigits = 24

// Validator judges the sensitive value (the rule's capture group).
type Validator func(value []byte, o Options) Verdict

// Rule is one detector, built in or written in a policy file: this is the
// one definition of a rule's fields, their policy (YAML) and listing
// (JSON) names included. The zero values of optional fields are sensible
// defaults; see the field comments.
type Rule struct {
	ID       string   `yaml:"id" json:"id"`                                 // stable identifier, e.g. "aws-access-key-id"
	Type     string   `yaml:"type" json:"type"`                             // entity type, e.g. "AWS_ACCESS_KEY_ID"
	Category Category `yaml:"category,omitempty" json:"category,omitempty"` // pii, secret or custom
	// Description says what the rule finds, for `sluice rules`.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Keywords are literals (matched ASCII case-insensitively) of which at
	// least one occurs in or next to every match. They route text to the
	// rule; keep them short and distinctive.
	Keywords []string    `yaml:"keywords,omitempty" json:"keywords,omitempty"`
	Trigger  TriggerKind `yaml:"trigger" json:"trigger"`
	// MinDigits and MaxDigits bound the digit count of a TriggerDigits
	// run (MaxDigits applies to runs of digits only, with no separator);
	// MinGroups is the least number of separated digit groups it must
	// have (4 for a dotted IPv4 address). For TriggerColon, MinDigits and
	// MaxDigits bound the colons of the hex-colon run instead (a run with
	// "::" needs only to stay within MaxDigits).
	MinDigits int `yaml:"min_digits,omitempty" json:"min_digits,omitempty"`
	MaxDigits int `yaml:"max_digits,omitempty" json:"max_digits,omitempty"`
	MinGroups int `yaml:"min_groups,omitempty" json:"min_groups,omitempty"`
	// NotDates: a digit cluster shaped exactly like a calendar date
	// (2024-03-15, 15/03/2024, optionally with an hour) cannot hold this
	// entity, so the rule does not run on one.
	NotDates bool `yaml:"not_dates,omitempty" json:"not_dates,omitempty"`
	// Pattern is an RE2 expression. Group selects the capture group that
	// holds the sensitive value (0 = whole match).
	Pattern string `yaml:"pattern" json:"pattern"`
	Group   int    `yaml:"group,omitempty" json:"group,omitempty"`
	// Find, for a catalogue rule whose value is its whole match, is the
	// pattern written in Go: the first match at or after from, as the
	// pattern's search from there finds it (-1, -1: none). The engine
	// runs it instead of the pattern (see NextNumericDate); tests
	// compare the two. A digit rule's Find has matches that start at
	// most two bytes before a number that '-', '/' or '.' joins to the
	// next digit: the engine runs it only around such numbers.
	Find func(b []byte, from int) (start, end int) `yaml:"-" json:"-"`
	// FindValue is Find for a catalogue rule whose value is its group 1
	// between boundary groups that consume bytes, `(?:^|[^\w.])(value)
	// (?:$|[^\w.])`: the first match that starts at or after from and
	// its value's bounds; ^ holds at 0 only when caret (the first search
	// of b). The engine searches on from a value's last byte when its
	// match ends past it, without ^, as it does with the pattern (see
	// NextIPv4). Only a match that ends at the end of b may end with its
	// value.
	FindValue func(b []byte, from int, caret bool) (start, end, vstart, vend int) `yaml:"-" json:"-"`
	// Validate, when set, judges the value; it is written by its name in
	// the validator registry (ValidatorNames). Verification names what it
	// checks ("luhn", "crc32", ...), reported on verified findings; it
	// defaults to the validator's name.
	Validate     Validator `yaml:"validator,omitempty" json:"validator,omitzero"`
	Verification string    `yaml:"verification,omitempty" json:"verification,omitempty"`
	// WeakCheck: a value passing the validator's check is Plausible, not
	// Verified — the score comes from the base and context, not 1.0 — for
	// short numbers whose check digit one random number in ten passes.
	WeakCheck bool `yaml:"weak_check,omitempty" json:"weak_check,omitempty"`
	// MinEntropy is a Shannon entropy floor in bits per byte for the value.
	MinEntropy float64 `yaml:"entropy,omitempty" json:"entropy,omitempty"`
	// Follow, for keyword rules whose match starts at the keyword: a
	// keyword occurrence is worth a regex run only if one of these strings
	// (ASCII case-insensitive) comes within FollowWithin bytes after it
	// ("=" or ":" after "password"). It saves the regex run at the many
	// keyword occurrences in prose.
	Follow       []string `yaml:"follow,omitempty" json:"follow,omitempty"`
	FollowWithin int      `yaml:"follow_within,omitempty" json:"follow_within,omitempty"`
	// After, for keyword rules: a value counts only where it begins
	// within After bytes after the end of one of the rule's keywords (the
	// gap between a name and its value). The pattern then need not spell
	// the keywords, so rules that differ only in them (the provider
	// table's rows) share one pattern, which the engine compiles once.
	After int `yaml:"after,omitempty" json:"after,omitempty"`
	// Stopwords reject a value that contains any of them (ASCII
	// case-insensitive); AllowPatterns are RE2 expressions that reject a
	// value they match. Both are for known-safe look-alikes.
	Stopwords     []string `yaml:"stopwords,omitempty" json:"stopwords,omitempty"`
	AllowPatterns []string `yaml:"allow,omitempty" json:"allow,omitempty"`
	// Context words raise the score when they occur near the match (within
	// the policy's context_window). RequireContext drops matches with none
	// (weak patterns).
	Context        []string `yaml:"context,omitempty" json:"context,omitempty"`
	RequireContext bool     `yaml:"require_context,omitempty" json:"require_context,omitempty"`
	// Score is the base confidence in [0,1]; defaults to 0.5.
	Score float64 `yaml:"score,omitempty" json:"score,omitempty"`
	// MaxLen is the longest text a match can span, in bytes. The streaming
	// scanner holds back this much; the engine searches this far around a
	// trigger.
	MaxLen int `yaml:"max_len,omitempty" json:"max_len,omitempty"`
	// Examples: texts in which the rule must find exactly the «…»-marked
	// values (TP), and look-alikes in which it must find nothing (FP).
	// They run in the catalogue tests and, for a policy's rules, when the
	// policy compiles (see ParseExample). A policy file may also write a
	// tp as {text, value}.
	TP []string `yaml:"tp,omitempty" json:"tp,omitempty"`
	FP []string `yaml:"fp,omitempty" json:"fp,omitempty"`
}
