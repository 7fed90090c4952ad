package detectors

import (
	_ "embed"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The provider table: hundreds of hosted APIs whose keys have no
// distinctive prefix, only a fixed shape (32 hex, 40 alphanumerics, a
// UUID...). They are found as "the provider's name shortly before a token
// of that shape", which is one mechanism fed by one table
// (providers.txt), not a hand-written rule each. Every row becomes a
// keyword rule: its keywords join the one Aho-Corasick automaton of the
// prefilter, and its pattern is the row's keywords, a bounded gap and the
// row's token shapes, so the engine anchors the search at the keyword.

//go:embed providers.txt
var providerTable string

// providerGap is how many bytes may separate the end of a provider
// keyword from its token: room for "_API_KEY", a quote, an operator and
// a newline of a config file, not for a paragraph.
const providerGap = 48

// Provider is one row of the provider table.
type Provider struct {
	Name     string   // product name, e.g. "Abstract API"
	Slug     string   // rule id suffix, e.g. "abstract-api"
	Type     string   // entity type, e.g. "ABSTRACT_API_KEY"
	Keywords []string // lowercase literals that name the provider
	Shapes   []Shape
}

// Shape is a token shape: an optional literal prefix, then Min..Max
// characters of one class.
type Shape struct {
	Prefix   string
	Class    string // hex, an, lan, uan, url, std, dig, tok, uuid
	Min, Max int
}

// shapeClasses maps a class name to its RE2 character class and to the
// characters a token of the class is made of, which must not touch it on
// either side (a 32-hex run inside a 40-hex one is no 32-hex token).
var shapeClasses = map[string]struct{ set, token string }{
	"hex": {`[0-9a-fA-F]`, `A-Za-z0-9`},
	"an":  {`[A-Za-z0-9]`, `A-Za-z0-9`},
	"lan": {`[a-z0-9]`, `A-Za-z0-9`},
	"uan": {`[A-Z0-9]`, `A-Za-z0-9`},
	"url": {`[A-Za-z0-9_-]`, `A-Za-z0-9_\-`},
	"std": {`[A-Za-z0-9+/]`, `A-Za-z0-9+/=`},
	"dig": {`[0-9]`, `A-Za-z0-9`},
	"tok": {`[A-Za-z0-9._~+/-]`, `A-Za-z0-9._~+/=\-`},
	"uuid": {`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`,
		`A-Za-z0-9\-`},
}

// regex returns the shape's RE2 expression.
func (s Shape) regex() string {
	c := shapeClasses[s.Class]
	body := c.set
	if s.Class != "uuid" {
		switch {
		case s.Min == s.Max:
			body += "{" + strconv.Itoa(s.Min) + "}"
		default:
			body += "{" + strconv.Itoa(s.Min) + "," + strconv.Itoa(s.Max) + "}"
		}
		if s.Class == "std" {
			body += "={0,2}"
		}
	}
	return regexp.QuoteMeta(s.Prefix) + body
}

// maxLen is the longest token of the shape.
func (s Shape) maxLen() int {
	if s.Class == "uuid" {
		return len(s.Prefix) + 36
	}
	n := len(s.Prefix) + s.Max
	if s.Class == "std" {
		n += 2
	}
	return n
}

// String is the shape as the table writes it.
func (s Shape) String() string {
	out := s.Prefix
	if out != "" {
		out += "^"
	}
	out += s.Class
	if s.Class != "uuid" {
		out += strconv.Itoa(s.Min)
		if s.Max != s.Min {
			out += "-" + strconv.Itoa(s.Max)
		}
	}
	return out
}

// parseShape reads "hex32", "an20-40", "uuid" or "prefix^an32".
func parseShape(f string) (Shape, error) {
	var s Shape
	if i := strings.LastIndexByte(f, '^'); i >= 0 {
		s.Prefix, f = f[:i], f[i+1:]
		if s.Prefix == "" {
			return s, fmt.Errorf("shape %q: empty prefix before ^", f)
		}
	}
	i := 0
	for i < len(f) && f[i] >= 'a' && f[i] <= 'z' {
		i++
	}
	s.Class = f[:i]
	if _, ok := shapeClasses[s.Class]; !ok {
		return s, fmt.Errorf("shape %q: unknown class %q (hex, an, lan, uan, url, std, dig, tok, uuid)", f, s.Class)
	}
	if s.Class == "uuid" {
		if i != len(f) {
			return s, fmt.Errorf("shape %q: a uuid has no length", f)
		}
		return s, nil
	}
	lo, hi, ranged := strings.Cut(f[i:], "-")
	var err error
	if s.Min, err = strconv.Atoi(lo); err != nil {
		return s, fmt.Errorf("shape %q: bad length %q", f, lo)
	}
	s.Max = s.Min
	if ranged {
		if s.Max, err = strconv.Atoi(hi); err != nil {
			return s, fmt.Errorf("shape %q: bad length %q", f, hi)
		}
	}
	if s.Min < 8 || s.Max < s.Min || s.Max > 1000 {
		return s, fmt.Errorf("shape %q: length must be within 8..1000 and ordered", f)
	}
	return s, nil
}

// ParseProviders reads a provider table: one row per line,
// "name | keyword, keyword | shape, shape [| TYPE]"; # starts a comment.
// Errors name the line.
func ParseProviders(table string) ([]Provider, error) {
	rows := strings.Count(table, "\n") + 1
	out := make([]Provider, 0, rows)
	slugs := make(map[string]int, rows)
	for n, line := range strings.Split(table, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, "|")
		if len(fields) < 3 || len(fields) > 4 {
			return nil, fmt.Errorf("providers line %d: want name | keywords | shapes [| type], have %d fields", n+1, len(fields))
		}
		p := Provider{Name: strings.TrimSpace(fields[0])}
		p.Slug = slugOf(p.Name)
		if p.Slug == "" {
			return nil, fmt.Errorf("providers line %d: empty name", n+1)
		}
		if prev, dup := slugs[p.Slug]; dup {
			return nil, fmt.Errorf("providers line %d: %q repeats line %d", n+1, p.Name, prev)
		}
		slugs[p.Slug] = n + 1
		for _, k := range strings.Split(fields[1], ",") {
			k = strings.ToLower(strings.TrimSpace(k))
			if len(k) < 4 {
				return nil, fmt.Errorf("providers line %d: keyword %q is shorter than 4 bytes (it would route prose)", n+1, k)
			}
			p.Keywords = append(p.Keywords, k)
		}
		for _, f := range strings.Split(fields[2], ",") {
			s, err := parseShape(strings.TrimSpace(f))
			if err != nil {
				return nil, fmt.Errorf("providers line %d: %v", n+1, err)
			}
			p.Shapes = append(p.Shapes, s)
		}
		p.Type = strings.ToUpper(strings.ReplaceAll(p.Slug, "-", "_")) + "_API_KEY"
		if len(fields) == 4 {
			p.Type = strings.TrimSpace(fields[3])
		}
		out = append(out, p)
	}
	return out, nil
}

// slugOf lowercases name and joins its words with '-'.
func slugOf(name string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(name) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// Providers returns the parsed built-in provider table. The table is part
// of the binary, so an error is a build defect (TestProviderTable).
func Providers() []Provider {
	ps, err := ParseProviders(providerTable)
	if err != nil {
		panic(err)
	}
	return ps
}

// Rule builds the provider's keyword rule, without its examples: a scan
// needs none, and making a thousand rows' made-up tokens was most of a
// fresh process's start. WithExamples adds them.
func (p Provider) Rule() Rule {
	var alts, shapes []string
	token := make(map[string]bool, 2)
	maxTok := 0
	for _, s := range p.Shapes {
		alts = append(alts, s.regex())
		shapes = append(shapes, s.String())
		token[shapeClasses[s.Class].token] = true
		maxTok = max(maxTok, s.maxLen())
	}
	var tok string
	for _, t := range []string{`A-Za-z0-9._~+/=\-`, `A-Za-z0-9+/=`, `A-Za-z0-9_\-`, `A-Za-z0-9\-`, `A-Za-z0-9`} {
		if token[t] {
			tok = t
			break
		}
	}
	if token[`A-Za-z0-9_\-`] && token[`A-Za-z0-9+/=`] && tok != `A-Za-z0-9._~+/=\-` {
		tok = `A-Za-z0-9+/=_\-`
	}
	// The pattern is the token alone, whole: a byte that cannot be part
	// of it on either side ('=' may end a base64 token but is also the
	// assignment before one). The keywords are not in it — the engine
	// keeps only tokens that begin within After bytes after one (the
	// gap, then that byte) — so every row of one token shape has the
	// same pattern, and one compiled program serves them all.
	before := strings.Replace(tok, "=", "", 1)
	pattern := `[^` + before + `](` + strings.Join(alts, "|") + `)(?:[^` + tok + `]|$)`
	return Rule{
		ID: "provider-" + p.Slug, Type: p.Type, Category: Secret,
		Description: p.Name + " credential (" + strings.Join(shapes, " or ") + ") within " +
			strconv.Itoa(providerGap) + " bytes after " + strings.Join(p.Keywords, ", ") + " (provider table)",
		Keywords: p.routes(),
		Pattern:  pattern, Group: 1, After: providerGap + 1,
		Validate: ProviderToken, MinEntropy: p.minEntropy(),
		Score: 0.75, MaxLen: providerGap + 2 + maxTok,
	}
}

// routes returns the row's prefilter keywords, less any that contains
// another (the prefilter finds "abstract" inside "abstractapi").
func (p Provider) routes() []string {
	var out []string
	for _, k := range p.Keywords {
		if !slices.ContainsFunc(p.Keywords, func(o string) bool { return o != k && strings.Contains(k, o) }) {
			out = append(out, k)
		}
	}
	return out
}

// minEntropy is the row's entropy floor: most of what a random token of
// its shortest shape reaches, so runs of words and repeated filler fail.
func (p Provider) minEntropy() float64 {
	floor := 4.0
	for _, s := range p.Shapes {
		f := 3.0
		switch s.Class {
		case "dig":
			f = 2.5
		case "hex", "uuid":
			f = 2.8
		}
		if s.Class != "uuid" {
			// n distinct bytes carry at most log2(n) bits each.
			f = min(f, 0.8*math.Log2(float64(s.Min)))
		}
		floor = min(floor, f)
	}
	return floor
}

// ProviderToken judges a token found next to a provider's name: not a
// placeholder, not a counting run ("0123456789abcdef..."), and made of
// letters and digits both unless the shape is digits only. Lowercase
// words that lead the token ("secret-live-", "sk_") are the provider's
// prefix, not a sign of a placeholder, and are not judged.
func ProviderToken(v []byte, _ Options) Verdict {
	v = stripWordPrefix(v)
	if IsPlaceholder(v) {
		return Reject
	}
	letters, digits, steps := 0, 0, 0
	for i, c := range v {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters++
		}
		if i > 0 && (c == v[i-1]+1 || c == v[i-1]) {
			steps++
		}
	}
	if digits == 0 || steps*2 > len(v) {
		return Reject
	}
	if letters == 0 && len(v) < 16 {
		return Reject
	}
	return Plausible
}

// stripWordPrefix drops leading segments of at most 16 lowercase letters
// that end in '_', '-', ':' or '.', while at least 8 bytes remain.
func stripWordPrefix(v []byte) []byte {
	for {
		i := 0
		for i < len(v) && i <= 16 && v[i] >= 'a' && v[i] <= 'z' {
			i++
		}
		if i == 0 || i >= len(v) || i > 16 || !strings.ContainsRune("_-:.", rune(v[i])) || len(v)-i-1 < 8 {
			return v
		}
		v = v[i+1:]
	}
}

// examples derives the row's cases from its shapes: a made-up token of
// each shape after the provider's name in an assignment, in a config
// line and in prose (true positives, value marked «…»); placeholders, a
// counting run, a token of the wrong length and the name alone (false
// positives). Each shape's token is made once for both lists: making
// them is most of what building the table costs at start-up.
func (p Provider) examples() (tp, fp []string) {
	kw := p.Keywords[0]
	name := p.Name
	if !strings.Contains(strings.ToLower(name), kw) {
		name = kw
	}
	// An environment-variable name when the keyword can be one, else
	// the keyword as written ("aha.io_api_key").
	upper := kw
	if strings.Trim(kw, "abcdefghijklmnopqrstuvwxyz0123456789_") == "" {
		upper = strings.ToUpper(strings.ReplaceAll(kw, "-", "_"))
	}
	tp = make([]string, 0, 3*len(p.Shapes))
	fp = make([]string, 0, 3*len(p.Shapes)+1)
	for i, s := range p.Shapes {
		v := s.fake(p.Slug + strconv.Itoa(i))
		tp = append(tp,
			upper+"_API_KEY=«"+v+"»",
			`{"`+kw+`": {"token": "«`+v+`»"}}`,
			"Using the "+name+" key «"+v+"» for the request")
		fp = append(fp,
			upper+"_API_KEY="+s.placeholder(),
			upper+"_API_KEY=<your-"+p.Slug+"-key>",
			upper+"_API_KEY="+p.tooLong(v, len(s.Prefix)))
	}
	fp = append(fp, "We compared "+p.Name+" with two other services last year.")
	return tp, fp
}

// tooLong extends v, by repeating its body (after a prefix of n bytes),
// past the longest token of every shape of the row.
func (p Provider) tooLong(v string, n int) string {
	longest := 0
	for _, s := range p.Shapes {
		longest = max(longest, s.maxLen())
	}
	body := v[n:]
	for len(v) <= longest {
		v += body
	}
	return v
}

// fake is a made-up token of the shape.
func (s Shape) fake(seed string) string {
	if s.Class == "uuid" {
		return s.Prefix + fakeUUID(seed)
	}
	alpha := map[string]string{"hex": aHex, "an": aAlnum, "lan": aLowNum, "uan": aUpNum, "url": aB64URL, "std": aB64, "dig": aDigits, "tok": aB64URL + "."}[s.Class]
	floor := min(3.2, 0.85*math.Log2(float64(s.Max)))
	for i := 0; ; i++ {
		v := fake(seed+strconv.Itoa(i), alpha, s.Max)
		if ProviderToken([]byte(v), Options{}) == Plausible && Entropy([]byte(v)) >= floor && !strings.ContainsAny(v[len(v)-1:], "+/.-_") {
			return s.Prefix + v
		}
	}
}

// placeholder is a filler value of the shape's length.
func (s Shape) placeholder() string {
	if s.Class == "uuid" {
		return s.Prefix + "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
	}
	return s.Prefix + xs(s.Max)
}

// WithExamples returns r with its examples: a provider row's rule gets
// the cases its row derives (Provider.examples); any other rule, one that
// has examples already, or a policy's own rule under a row's id (another
// pattern) is returned as it is. Listings (`sluice rules`), `policy
// check`, the service's warm-up and tests call it; scanning does not. The
// cases are generated data (providerCases in catalogue_gen.go, beside the
// catalogue): deriving them cost every call ~20 ms and 1.5 MB. The
// returned rule's example slices are shared: read them, do not modify
// them.
func WithExamples(r Rule) Rule {
	if len(r.TP)+len(r.FP) > 0 {
		return r
	}
	if slug, ok := strings.CutPrefix(r.ID, "provider-"); ok {
		i, found := slices.BinarySearchFunc(providerCases[:], slug, func(c providerCase, slug string) int {
			return strings.Compare(c.Slug, slug)
		})
		if found && providerCases[i].Pattern == r.Pattern {
			r.TP, r.FP = providerCases[i].TP, providerCases[i].FP
		}
	}
	return r
}

// providerCase is a provider row's examples (Provider.examples), for
// the row's rule (pattern): generated, sorted by slug.
type providerCase struct {
	Slug, Pattern string
	TP, FP        []string
}

// buildProviderCases derives providerCases from the table (go generate).
func buildProviderCases() []providerCase {
	ps := Providers()
	out := make([]providerCase, len(ps))
	for i, p := range ps {
		out[i] = providerCase{Slug: p.Slug, Pattern: p.Rule().Pattern}
		out[i].TP, out[i].FP = p.examples()
	}
	slices.SortFunc(out, func(a, b providerCase) int { return strings.Compare(a.Slug, b.Slug) })
	return out
}

// providerRules is the provider table as rules.
func providerRules() []Rule {
	ps := Providers()
	out := make([]Rule, len(ps))
	for i, p := range ps {
		out[i] = p.Rule()
	}
	return out
}

// ProviderTable is the built-in table's text (`sluice rules` lists its
// rows as rules; tests parse it).
func ProviderTable() string { return providerTable }
