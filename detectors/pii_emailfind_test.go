package detectors

import (
	"regexp"
	"strings"
	"testing"
)

var emailRe = regexp.MustCompile(emailPattern)

// checkFindEmails compares NextEmail with the pattern on b.
func checkFindEmails(t testing.TB, b []byte) {
	t.Helper()
	checkFindAll(t, emailRe, NextEmail, b)
}

// emailAlphabet is what addresses and their neighbours are made of,
// with the two non-ASCII letters (?i) folds into [a-z] and a rune that
// is not one.
var emailAlphabet = []string{"a", "b", "Z", "k", "s", "0", "9", "@", "@", ".", ".", "-", "_", "%", "+", " ", ",", "<", "\n",
	"ſ", "\u212a", "é", "\xc5", "\xe2\x84"}

// TestNextEmailEqualsPattern: the rule's examples, written forms at
// every limit of the pattern, real text, and random strings over the
// pattern's alphabet.
func TestNextEmailEqualsPattern(t *testing.T) {
	ruleExamples(t, map[string]string{"email": emailPattern}, func(_ Rule, ex []byte) { checkFindEmails(t, ex) })
	label := func(n int) string { return "l" + strings.Repeat("x", n-2) + "l" }
	texts := []string{
		"bob@example.com", "a@b.co a@b.co a@b.co ", "a@b.co.a@b.co", "a@b.co@b.co", "x@@b.co", "@b.co", "a@.co", "a@b.c",
		"a@b.co1", "a@b.co_", "a@b.co.uk", "a@b.co.u1", "a@b.co.u", "a@b-.co", "a@-b.co", "a@b--c.co", "_a@b.co", ".a@b.co",
		"-a@b.co", "a.@b.co", "x_a@b.co", "x.a@b.co", "%a@b.co", "é@b.co", "éa@b.co", "a@b.coé", "a@b.cé", "a@b.co.é",
		"a@" + strings.Repeat("b.", 8) + "co", "a@" + strings.Repeat("b.", 9) + "co", "a@" + strings.Repeat("b.", 10) + "c1",
		"a@" + label(63) + ".co", "a@" + label(64) + ".co", "a@b." + strings.Repeat("c", 24), "a@b." + strings.Repeat("c", 25),
		strings.Repeat("a", 64) + "@b.co", strings.Repeat("a", 65) + "@b.co", strings.Repeat("a", 70) + "@b.co",
		"." + strings.Repeat("a", 63) + "@b.co", strings.Repeat("a.", 40) + "@b.co", "ſ@b.co", "xſ@b.co", "a@ſ.co", "a@b.ſo",
		"a@b.coſ", "a@b.coſ ", "a@b.coſx", "a@b.co\u212a", "\u212a@b.co", "a@b.\u212a\u212a", "a@b." + strings.Repeat("ſ", 25),
		"a@b." + strings.Repeat("c", 23) + "ſc", "a@" + strings.Repeat("ſ", 63) + ".co", "a@" + strings.Repeat("ſ", 64) + ".co",
		strings.Repeat("ſ", 64) + "@b.co", strings.Repeat("ſ", 65) + "@b.co", "A@B.CO", "Maria.Gonzalez+News@Correo.Example.ES",
		"\xc5@b.co", "a\xbf@b.co", "a@b.c\xc5\xbf", "\xe2\x84a@b.co",
	}
	for _, s := range texts {
		checkFindEmails(t, []byte(s))
		// And after every prefix of a neighbour, so \b and from meet each byte.
		for _, pre := range []string{"x", " ", "_", ".", "@", "ſ"} {
			checkFindEmails(t, []byte(pre+s))
		}
	}
	eachRealText(t, checkFindEmails)
	forms := []string{"bob@example.com", "a@b.co", ".co", ".uk", "@x", "a-b", "ſ", strings.Repeat("a", 60), strings.Repeat("b.", 7)}
	eachRandomMix(t, 3, 20000, 32, 4, forms, emailAlphabet, checkFindEmails)
}

func FuzzNextEmail(f *testing.F) {
	for _, s := range []string{"mail bob@example.com today", "a@b.co a@b.co ", "x_a@b.co.u1", "a@b.coſ ", "é.a@b-c.d.\u212a"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFindEmails(t, b)
	})
}

// BenchmarkNextEmail walks a list of addresses, every few bytes one.
func BenchmarkNextEmail(b *testing.B) {
	text := []byte(strings.Repeat("a@b.co ", (64<<10)/7))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		for from := 0; ; {
			_, e := NextEmail(text, from)
			if e < 0 {
				break
			}
			from = e
		}
	}
}
