package detectors

import (
	"slices"
	"strings"
	"testing"
)

// phoneMatchers: each phone rule's Go matcher.
var phoneMatchers = map[string]func(b []byte, from int, caret bool) (int, int, int, int){
	"phone-number":              NextPhone,
	"phone-number-then-count":   NextPhoneThenCount,
	"phone-national":            NextPhoneNational,
	"phone-national-then-count": NextPhoneNationalThenCount,
}

// phonePatterns: each phone rule's pattern.
var phonePatterns = map[string]string{
	"phone-number":              phonePattern,
	"phone-number-then-count":   phoneThenCountPattern,
	"phone-national":            phoneNationalPattern,
	"phone-national-then-count": phoneNationalThenCountPattern,
}

// phoneFinders pairs each phone matcher with its pattern; the leading
// group has two ^ alternatives, its own and (?:^|\D)'s.
var phoneFinders = func() []valueFinder {
	var fs []valueFinder
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range phoneMatchers {
			if !yield(id) {
				return
			}
		}
	}) {
		fs = append(fs, newValueFinder(id, phoneMatchers[id], phonePatterns[id], 2))
	}
	return fs
}()

func checkFindPhones(t testing.TB, b []byte) {
	t.Helper()
	checkValueFinders(t, phoneFinders, b)
}

// phoneAlphabet: the pieces of the four patterns, and what hides in
// real text around numbers (CR, a BOM, NBSP, a zero-width space).
var phoneAlphabet = []string{"1", "2", "5", "0", "9", "a", "F", "g", "_", ".", ":", " ", " ", " ", "\t", "\n", "\r", "\r\n", "-", "/", "/",
	"é", "\xc3", "\xa9", "\ufeff", "\u00a0", "\u200b", "(", ")", "(", "+", "#", "$", "%", "€", "£", "tel:", "PHONE:", "fax", "00", "Tel. ", "x "}

// TestNextPhoneEqualsPattern: the rules' examples, written forms at
// every limit of the patterns, hostile texts, real text, and random
// strings over their alphabet, for each phone rule's matcher and
// pattern.
func TestNextPhoneEqualsPattern(t *testing.T) {
	if len(phonePatterns) != len(phoneMatchers) {
		t.Fatalf("%d phone patterns, %d matchers", len(phonePatterns), len(phoneMatchers))
	}
	ruleExamples(t, phonePatterns, func(r Rule, b []byte) {
		if r.FindValue == nil {
			t.Fatalf("the %s rule has no Go matcher", r.ID)
		}
		// The wired matcher is the listed one: the same matches.
		f := []valueFinder{newValueFinder(r.ID, r.FindValue, r.Pattern, 2), newValueFinder(r.ID, phoneMatchers[r.ID], r.Pattern, 2)}
		checkValueFinders(t, f, b)
		checkFindPhones(t, b)
	})
	texts := []string{
		"call me at +1 (415) 555-0132", "Tel: +44 20 7946 0958", "5 +4412345678", "1 2", "1 2 3 4 5 6 7 8 9", "1-2-3-4-5-6-7-8",
		"(1)(2)(3)(4)(5)(6)(7)(8)9", "123(45)6x", "123(45)6", "+1234567", "+123456", "+1234567890123456", "00(12)34", "+(12) 34",
		"€4111 1111", "£4111 1111", "$4111 1111", "#4111 1111", "x 4111 1111 ", "4111 1111 key", "4111 1111.", "4111 1111. ",
		"4111 1111%", "4111 1111:", "phone:123", "FAX:123", "tel:+15", "123456789 1", "12345678 (123) 4", "1 (123456) 2",
		// National forms, slashes and parentheses.
		"Telefon: 030 12345678", "030/12345678", "030 / 1234 5678", "0301/2345-678", "030/1234/5678/9", "/030 1234", "030 1234/",
		"030 1234/ x", "030 1234/x", "030 1234//", "(030)/1234", "(030) /1234", "030 /(12) 34", "030/(12)/34", "(0)30 1234 5678",
		"030 (0) 1234", "((030)) 123", "(123456) 78", "(12)(34)(56)", "(415)555-0132", "1/2/3/4/5/6/7/8", "1/2/3/4/5/6/7",
		"12/31/2024", "2024/01/15", "ratio 3/4", "pages 12-34/56", "a/1234567", "1234567/a", "x/ 1234567", "1234567 /",
		// Then a count: a space and 1-3 digits, or more.
		"020 7946 0958 3 times", "020 7946 0958 12", "020 7946 0958 123", "020 7946 0958 1234", "020 7946 0958 3", "020 7946 0958 3.",
		"020 7946 0958 3/ x", "020 7946 0958 3-", "020 7946 0958  3", "020 7946 0958 3 4", "020 7946 0958 3x", "+44 20 7946 0958 3 times",
		"+4420794609 58 3", "030/1234 567 8", "(415) 555-0132 7", "0049 151 23456789 2 mal", "tel:030 1234 5 ", "1 2 3 4 5 6 7 8 9 10",
		// Line ends, a BOM, NBSP, a zero-width space, upper case.
		"Telefon: 030 12345678\r\nnext", "call 020 7946 0958\r", "\r020 7946 0958\r\n", "030 12345678\r\n030 87654321\r\n",
		"\ufeff030 12345678", "\ufeffTelefon: 030 12345678", "030\u00a012345678", "Telefon:\u00a0030 12345678", "030 12345678\u00a0x",
		"030\u200b12345678", "\u200b030 12345678\u200b", "TELEFON: 030 12345678", "TEL: 030 12345678", "PHONE (415) 555-0132",
		"TEL:+44 20 7946 0958", "FAX: 020 7946 0958 2 TIMES",
		// Series of numbers.
		"233 377 610 987 1597 is Fibonacci", "0 1 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987 1597 2584 4181 6765",
		"values 100 200 300 400 5 ok", "version 1.2.3.4567 8", "order 030 12345678 3", "call 1.2.3.4567 8",
	}
	for _, s := range texts {
		checkFindPhones(t, []byte(s))
		for _, pre := range []string{"x", " ", ":", ".", "/", "é", "1", "\r", "\ufeff", "\u00a0", "\u200b", "(", "+"} {
			checkFindPhones(t, []byte(pre+s))
			checkFindPhones(t, []byte(s+pre))
		}
	}
	for _, s := range []string{"030 12345678 ", "Tel. 020 7946 0958 3\r\n", "(415) 555-0132, ", "030/1234567\n", "1 ", "1-", "12 345 ", "+44 20 7946 0958 "} {
		checkFindPhones(t, []byte(strings.Repeat(s, 2000)))
	}
	for _, s := range []string{strings.Repeat("9", 5000), "1 " + strings.Repeat("12345678", 100), strings.Repeat("1234567 ", 3) + strings.Repeat("0", 3000)} {
		checkFindPhones(t, []byte(s))
	}
	eachRealText(t, checkFindPhones)
	forms := []string{"+1 (415) 555-0132", "+44 20 7946 0958", "(212) 555-0147", "0049 151 23456789", "4111 1111", "12345678", "+123456789012345",
		"1 2 3 4 5 6 7 8", "030 12345678", "030/1234 567", "020 7946 0958 3", " 12", "/1", "(0)"}
	eachRandomMix(t, 5, 30000, 40, 4, forms, phoneAlphabet, checkFindPhones)
}

// TestNextPhoneNoAlloc: the matchers search in the caller's memory, so
// a digit cluster costs the phone rules no allocation (real technical
// text, where most numbers match and are then rejected, and numbers
// before counts).
func TestNextPhoneNoAlloc(t *testing.T) {
	matches := make([]int, len(phoneFinders))
	check := func(t testing.TB, b []byte) {
		for i, f := range phoneFinders {
			n := 0
			allocs := testing.AllocsPerRun(5, func() {
				n = 0
				for from, caret := 0, true; ; caret = false {
					s, e, _, _ := f.next(b, from, caret)
					if s < 0 {
						break
					}
					n++
					from = e
				}
			})
			if allocs != 0 {
				t.Fatalf("%s: %v allocations per search of %d bytes", f.id, allocs, len(b))
			}
			matches[i] += n
		}
	}
	eachRealText(t, check)
	check(t, []byte(strings.Repeat("call 020 7946 0958 3 times, Tel: +44 20 7946 0958 2 times\r\n", 10)))
	for i, f := range phoneFinders {
		if matches[i] < 10 {
			t.Errorf("%s: %d matches in the real texts", f.id, matches[i])
		}
	}
}

func FuzzNextPhone(f *testing.F) {
	for _, s := range []string{"call +1 (415) 555-0132, tel:0049 151 23456789 or 5 +4412345678", "£(212) 555-0147. 1 2 3 4 5 6 7 8 9",
		"Telefon: 030/1234 5678\r\nmobile 020 7946 0958 3 times", "233 377 610 987 1597 is Fibonacci", "\ufeff(030) /12 34/ 5\u00a0x\u200b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFindPhones(t, b)
	})
}
