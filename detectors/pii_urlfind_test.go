package detectors

import (
	"regexp"
	"strings"
	"testing"
)

var urlRe = regexp.MustCompile(urlPattern)

// checkFindURLs compares NextURL with the pattern on b.
func checkFindURLs(t testing.TB, b []byte) {
	t.Helper()
	checkFindAll(t, urlRe, NextURL, b)
}

var urlAlphabet = []string{"h", "t", "p", "s", "S", "f", "w", "W", ".", ":", "/", "/", "a", "_", "?", ")", ",", " ", "\n", "\v", "<", "\"",
	"\\", "`", "é", "ſ", "\xc3"}

// TestNextURLEqualsPattern: the rule's examples, written forms at every
// limit of the pattern, real text, and random strings over its alphabet.
func TestNextURLEqualsPattern(t *testing.T) {
	ruleExamples(t, map[string]string{"url": urlPattern}, func(_ Rule, ex []byte) { checkFindURLs(t, ex) })
	texts := []string{
		"http://", "http://a", "http://ab", "http://abc", "http://ab.", "http://a.b", "https://x.y/z?q=1).", "(http://a.b/c)", "http://a.b/c...",
		"http://http://http://", strings.Repeat("http://", 300), "http://" + strings.Repeat("a", 1000), "http://" + strings.Repeat("a", 1001),
		"http://" + strings.Repeat("a", 1002), "http://" + strings.Repeat("a", 999) + ".b", "http://" + strings.Repeat("é", 1002),
		"http://" + strings.Repeat(".", 1005) + "a", "http://ab" + strings.Repeat(".", 1000) + "c", "HTTPS://A.B", "HttpS://a.b", "httpſ://a.b",
		"httpſ:/a.b", "https:/a.b", "https//a.b", "httpx://a.b", "ftp://a.b", "FTP://a.b", "www.a.b", "WWW.a.b", "wwwa.b", "xhttp://a.b",
		"_http://a.b", "éhttp://a.b", "1www.a.b", "-www.a.b", "http://a\vb", "http://a\\b", "http://a`b`", "http://a\"b", "http://a<b>",
		"http://a b", "http://\xc3\xa9\xc3", "www.\xc3", "http://ab\xc3", "url: https://a.b/c, and www.x.y; or ftp://f.g!",
	}
	for _, s := range texts {
		checkFindURLs(t, []byte(s))
		for _, pre := range []string{"x", " ", "_", "é", "h"} {
			checkFindURLs(t, []byte(pre+s))
			checkFindURLs(t, []byte(s+pre))
		}
	}
	eachRealText(t, checkFindURLs)
	forms := []string{"http://", "https://", "www.", "ftp://", "HTTP://", "a.b", ").", strings.Repeat("x", 300)}
	eachRandomMix(t, 5, 20000, 32, 3, forms, urlAlphabet, checkFindURLs)
}

func FuzzNextURL(f *testing.F) {
	for _, s := range []string{"see https://intranet.acme.example/hr/reviews?id=42.", "(http://10.0.0.5:8080/admin)", "http://http://a",
		"httpſ://a.b www.x", "_www.a.b éhttp://ab..."} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFindURLs(t, b)
	})
}
