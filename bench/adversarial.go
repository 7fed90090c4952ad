package bench

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/sluice-dlp/sluice/detectors"
)

// An adversarial input is text a model can be prompted to emit that
// makes the engine do the most work per byte: the same trigger over and
// over, so that every few bytes open a window for some rule, or long
// runs that a rule's pattern could match for its whole max_len. Each
// must still scan in linear time; `sluice bench throughput --kind
// adversarial` times each one on its own so a regression shows by name.
type adversary struct {
	name string
	// unit returns the i-th piece of text; pieces are appended until the
	// document has its size.
	unit func(r *rand.Rand, i int) string
}

const (
	b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	hexAlphabet = "0123456789abcdef"
)

var adversaries = []adversary{
	{"url", func(*rand.Rand, int) string { return "http://" }},
	{"email", func(*rand.Rand, int) string { return "a@b.co " }},
	{"at-run", func(*rand.Rand, int) string { return "@" }},
	{"key-assign", func(*rand.Rand, int) string { return "key=" }},
	{"letter-run", func(*rand.Rand, int) string { return "a" }},
	{"digit-run", func(*rand.Rand, int) string { return "7" }},
	{"digit-groups", func(*rand.Rand, int) string { return "4111 " }},
	{"dotted-quads", func(*rand.Rand, int) string { return "10.0.0.1 " }},
	{"colon-hex", func(*rand.Rand, int) string { return "fe:80:" }},
	{"alnum-runs", func(r *rand.Rand, _ int) string { return randStr(r, b64Alphabet[:62], 20) + " " }},
	{"base64-run", func(r *rand.Rand, _ int) string { return randStr(r, b64Alphabet, 64) }},
	{"hex-run", func(r *rand.Rand, _ int) string { return randStr(r, hexAlphabet, 64) }},
	// Every date is a finding of the built-in policy: a log's timestamps.
	{"dates", func(_ *rand.Rand, i int) string {
		return "2024-03-" + string(rune('1'+i%2)) + string(rune('0'+i%10)) + " "
	}},
	// Key headers with no end line: each opens a 16 KiB window that no
	// key can match.
	{"pem-begin", func(r *rand.Rand, _ int) string {
		return "-----BEGIN RSA PRIVATE KEY-----\n" + randStr(r, b64Alphabet, 64) + "\n"
	}},
	// Phone-shaped numbers, each different, one every 18 or 27 bytes: a
	// number is validated with libphonenumber (20–70 µs) unless digits
	// crowd the text before it (detectors.Options.Dense).
	{"phone-intl", func(r *rand.Rand, _ int) string {
		return "+44 20 7946 " + randStr(r, "0123456789", 4) + ", "
	}},
	{"phone-national", func(r *rand.Rand, _ int) string {
		return "call 020 7946 " + randStr(r, "0123456789", 4) + " 3 times "
	}},
	{"keywords", func(_ *rand.Rand, i int) string {
		kws := builtinKeywords()
		return kws[i%len(kws)] + "=x "
	}},
	{"every-trigger", func(r *rand.Rand, _ int) string {
		return "http://a@b.co 4111 1111 key=" + randStr(r, b64Alphabet[:62], 24) + " fe80::1:2 "
	}},
}

// builtinKeywords lists every keyword of the built-in catalogue, folded
// and sorted, so that the "keywords" input opens a window for every
// keyword rule everywhere.
var builtinKeywords = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	kws := []string{"token"}
	for _, r := range detectors.Builtin() {
		if r.Trigger != detectors.TriggerKeyword {
			continue
		}
		for _, k := range r.Keywords {
			if k = strings.ToLower(k); !seen[k] {
				seen[k] = true
				kws = append(kws, k)
			}
		}
	}
	slices.Sort(kws)
	return slices.Compact(kws)
})

// AdversaryNames lists the adversarial generators, in report order.
func AdversaryNames() []string {
	out := make([]string, len(adversaries))
	for i, a := range adversaries {
		out[i] = a.name
	}
	return out
}

// generateAdversarial writes one document per adversarial generator,
// each size/len(adversaries) bytes (at least 16 KiB), with ID
// "adversarial-<name>". Nothing is labelled: these inputs measure speed.
func generateAdversarial(cfg Config) []Doc {
	r := rand.New(rand.NewPCG(cfg.Seed, 0xad5e_0001))
	each := max(cfg.Size/len(adversaries), 16<<10)
	docs := make([]Doc, 0, len(adversaries))
	for _, a := range adversaries {
		var b strings.Builder
		b.Grow(each + 128)
		for i := 0; b.Len() < each; i++ {
			b.WriteString(a.unit(r, i))
		}
		docs = append(docs, Doc{ID: AdversarialPrefix + a.name, Text: b.String()[:each]})
	}
	return docs
}

// AdversarialPrefix starts the ID of every adversarial document.
const AdversarialPrefix = "adversarial-"
