package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// dateTexts hold dates of every numeric form among other numbers.
var dateTexts = []string{
	"2031-07-14T09:30:00+02:00 and 07/14/2031, 14.07.2031 or 14-07-31; 05/2021 2021-05 v1.2.2031 10.0.0.1 1.5 2.0.4",
	"log 2024-03-15 10:30:00.123Z GET /a 200 0.467s\nlog 2024-03-15 10:30:01.9 +02:00 GET /b 404 12.5ms\n",
	"12014-01-05 a2024-01-05 9:01/02/2031 1.2.2031.4 14/07/20310 2024-01-15.tar.gz 2024-01-15 2024-01-16,2024-01-17\t2024-01-18",
	"tel +1 415 555 2671, 2031/07/14 12 2024-01-15 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 2031-07-14",
}

// emailTexts hold e-mail addresses dense and at the pattern's limits.
var emailTexts = []string{
	strings.Repeat("a@b.co ", 300) + "mail x_a@b.co.u1, <jo.chen@uni-hamburg.de> and .a@b-.co a@b.coſ a@b.co\u212a ſ@b.co",
	"contact: " + strings.Repeat("maria.gonzalez+news@correo.example.es, ", 40) + strings.Repeat("a", 70) + "@b.co a@" + strings.Repeat("b.", 9) + "co",
}

// ipTexts hold IP addresses dense, one separator apart (each match's
// right boundary is the next one's left), and at the patterns' limits.
var ipTexts = []string{
	strings.Repeat("10.0.0.1 ", 200) + "1.2.3.4.5 10.0.0.1.\n10.0.0.2. x é10.0.0.3é 256.1.1.1 (10.0.0.4)",
	strings.Repeat("call +1 (415) 555-0132, tel:0049 151 23456789 or 5 +4412345678 ", 30) + "£(212) 555-0147. 1 2 3 4 5 6 7 8 9 123(45)6x",
	strings.Repeat("fe80::1:2 ", 100) + "2001:db8:85a3::8a2e:370:7334 [2001:db8::42]:443 1:2:3:4:5:6:7::8 1::2:3:4:5:6:7:8 é::1é ::ffff:10.0.0.1",
}

// phoneTexts hold national phone numbers (slashes, parentheses, CRLF,
// NBSP, a zero-width space) and numbers followed by a count, dense.
var phoneTexts = []string{
	strings.Repeat("Telefon: 030 12345678\r\ntél. 01 42 68 53 00, mobile 0412 345 678; Fax 030/1234 5678 ", 40) + "phone (415) 555-0132\u00a0or 030\u200b12345678",
	strings.Repeat("call me on 020 7946 0958 3 times, Tel: +44 20 7946 0958 2 times, (212) 555-0147 5 days ", 30) + "233 377 610 987 1597 is Fibonacci",
}

// urlTexts hold URLs dense and at the pattern's limits.
var urlTexts = []string{
	strings.Repeat("http://", 400) + " see https://intranet.acme.example/hr/reviews?id=42. (http://10.0.0.5:8080/admin) www.a.b, _www.c.d éhttp://ab...",
	strings.Repeat("http://a@b.co 4111 1111 key=abcdefghijklmnopqrstuvwx fe80::1:2 ", 50) + "httpſ://x.y http://" + strings.Repeat("é", 1002),
}

func dateCorpus(t *testing.T) []string {
	texts := append(slices.Clone(dateTexts), emailTexts...)
	texts = append(texts, ipTexts...)
	texts = append(texts, urlTexts...)
	texts = append(texts, phoneTexts...)
	files, _ := filepath.Glob("../detectors/testdata/clean/*")
	files = append(files, "../detectors/testdata/pii/technical.txt")
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			texts = append(texts, string(b))
		}
	}
	if len(texts) < 5 {
		t.Fatal("no corpus files")
	}
	return texts
}

// TestGoDatesEqualRE2 scans with every value found (threshold 0): the
// catalogue as it is (numeric dates, e-mail and IP addresses, URLs and
// phone numbers found in Go, dates gated by their own clusters) and the
// same catalogue with those rules' RE2 patterns must give the same
// findings, in a batch scan and in a stream.
func TestGoDatesEqualRE2(t *testing.T) {
	zero := 0.0
	p := DefaultPolicy()
	p.Threshold = &zero
	goScan, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	cat := detectors.Builtin()
	n := 0
	for i := range cat {
		if cat[i].Find != nil || cat[i].FindValue != nil {
			cat[i].Find, cat[i].FindValue = nil, nil
			n++
		}
	}
	if n == 0 {
		t.Fatal("no rule has a Go matcher")
	}
	reScan, err := Compile(p, WithBuiltin(cat))
	if err != nil {
		t.Fatal(err)
	}
	dates, emails, ips, urls, phones, national, counted := 0, 0, 0, 0, 0, 0, 0
	for _, text := range dateCorpus(t) {
		b := []byte(text)
		want, err := reScan.Redact(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := goScan.Redact(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Findings, want.Findings) {
			t.Fatalf("%.80q…: Go %+v\nRE2 %+v", text, got.Findings, want.Findings)
		}
		for _, f := range got.Findings {
			switch f.Rule {
			case "date-time":
				dates++
			case "email":
				emails++
			case "ipv4", "ipv6":
				ips++
			case "phone-number":
				phones++
			case "phone-national":
				national++
			case "phone-number-then-count", "phone-national-then-count":
				counted++
			case "url":
				urls++
			}
		}
		for _, seed := range []uint64{1, 2, 3} {
			out, fs := streamAll(t, goScan, b, chunking(seed, len(b)))
			if string(out) != string(got.Redacted) || !slices.Equal(fs, got.Findings) {
				t.Fatalf("%.80q…: stream differs from batch", text)
			}
		}
	}
	// Most numbers before a count stand in runs of numbers: there the
	// national rule, judged by length alone (detectors.Options.Dense),
	// takes a number with its count, a wider span than the then-count
	// rules' (61 of them are left, 80 before).
	if dates < 20 || emails < 300 || ips < 300 || urls < 50 || phones < 60 || national < 200 || counted < 50 {
		t.Fatalf("only %d numeric dates, %d e-mail and %d IP addresses, %d URLs, %d phone numbers, %d national ones, %d before a count found", dates, emails, ips, urls, phones, national, counted)
	}
}

// TestGoEmailEqualsRE2 compares the e-mail rule's Go matcher with its
// pattern in go-re2 (the detectors' test compares it with Go's regexp),
// on the runes (?i) folds into [a-z] and on the rule's examples.
func TestGoEmailEqualsRE2(t *testing.T) {
	var rule detectors.Rule
	for _, r := range detectors.Builtin() {
		if r.ID == "email" {
			rule = r
		}
	}
	if rule.Find == nil {
		t.Fatal("the email rule has no Go matcher")
	}
	re, err := compileRegex(rule.Pattern)
	if err != nil {
		t.Fatal(err)
	}
	texts := append(slices.Clone(emailTexts), "a@b.coſ ", "a@b.coſx", "\u212a@b.co", "xſ@b.co", "a@b."+strings.Repeat("ſ", 25),
		"a@"+strings.Repeat("ſ", 63)+".co", strings.Repeat("ſ", 65)+"@b.co", "é.a@b.cé", "A@B.CO")
	for _, ex := range append(slices.Clone(rule.TP), rule.FP...) {
		texts = append(texts, strings.NewReplacer("«", "", "»", "").Replace(ex))
	}
	for _, text := range texts {
		b := []byte(text)
		want := re.FindAllIndex(b, -1)
		got := goFinder{rule.Find}.FindAllIndex(b, -1)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("%q: Go %v, RE2 %v", text, got, want)
		}
	}
}
