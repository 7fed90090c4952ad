// Package detectors holds sluice's built-in rule catalogue and the validators
// the rules use. Rules are data: a keyword list for the prefilter, an RE2
// pattern, an optional validator, context words and a score. The engine
// compiles them; nothing here runs a regex on the hot path by itself.
package detectors

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

func (k TriggerKind) String() string {
	switch k {
	case TriggerKeyword:
		return "keyword"
	case TriggerDigits:
		return "digits"
	case TriggerAt:
		return "at"
	case TriggerColon:
		return "colon"
	case TriggerAlways:
		return "always"
	case TriggerAlnum:
		return "alnum"
	}
	return "unknown"
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
}

// Validator judges the sensitive value (the rule's capture group).
type Validator func(value []byte, o Options) Verdict

// Rule is one detector. The zero values of optional fields are sensible
// defaults; see the field comments.
type Rule struct {
	ID       string   // stable identifier, e.g. "aws-access-key-id"
	Type     string   // entity type, e.g. "AWS_ACCESS_KEY_ID"
	Category Category // pii, secret or custom
	// Keywords are literals (matched ASCII case-insensitively) of which at
	// least one occurs in or next to every match. They route text to the
	// rule; keep them short and distinctive.
	Keywords []string
	Trigger  TriggerKind
	// MinDigits and MaxDigits bound the digit count of a TriggerDigits
	// run (MaxDigits applies to runs of digits only, with no separator);
	// MinGroups is the least number of separated digit groups it must
	// have (4 for a dotted IPv4 address). For TriggerColon, MinDigits and
	// MaxDigits bound the colons of the hex-colon run instead (a run with
	// "::" needs only to stay within MaxDigits).
	MinDigits, MaxDigits int
	MinGroups            int
	// NotDates: a digit cluster shaped exactly like a calendar date
	// (2024-03-15, 15/03/2024, optionally with an hour) cannot hold this
	// entity, so the rule does not run on one.
	NotDates bool
	// Pattern is an RE2 expression. Group selects the capture group that
	// holds the sensitive value (0 = whole match).
	Pattern string
	Group   int
	// Validate, when set, judges the value; Verification names what it
	// checks ("luhn", "crc32", ...), reported on verified findings.
	Validate     Validator
	Verification string
	// MinEntropy is a Shannon entropy floor in bits per byte for the value.
	MinEntropy float64
	// Follow, for keyword rules whose match starts at the keyword: a
	// keyword occurrence is worth a regex run only if one of these strings
	// (ASCII case-insensitive) comes within FollowWithin bytes after it
	// ("=" or ":" after "password"). It saves the regex run at the many
	// keyword occurrences in prose.
	Follow       []string
	FollowWithin int
	// Stopwords reject a value that contains any of them (ASCII
	// case-insensitive); AllowPatterns are RE2 expressions that reject a
	// value they match. Both are for known-safe look-alikes.
	Stopwords     []string
	AllowPatterns []string
	// Context words raise the score when they occur near the match.
	// RequireContext drops matches with none (weak patterns).
	Context        []string
	RequireContext bool
	// Score is the base confidence in [0,1]; defaults to 0.5.
	Score float64
	// MaxLen is the longest text a match can span, in bytes. The streaming
	// scanner holds back this much; the engine searches this far around a
	// trigger.
	MaxLen int
	// Description says what the rule finds, for `sluice rules`.
	Description string
	// Examples: values that must be found (TP) and look-alikes that must
	// not (FP). Each runs as a named subtest.
	TP []string
	FP []string
}
