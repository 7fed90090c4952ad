package detectors

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	re2 "github.com/wasilibs/go-re2"
)

var wordDateRe = regexp.MustCompile(wordDatePattern)

// checkFindWordDates compares NextWordDate with the pattern on b.
func checkFindWordDates(t testing.TB, b []byte) {
	t.Helper()
	checkFindAll(t, wordDateRe, NextWordDate, b)
}

// wordDateTexts are written forms at every choice of the pattern, and
// the hostile neighbours of a date.
var wordDateTexts = []string{
	// Every alternative, in every case.
	"14 July 2031", "14 july 2031", "14 JULY 2031", "14 jUlY 2031", "July 14, 2031", "JULY 14, 2031", "july 14 2031", "May-2021",
	"21-May", "21-MAY", "on 21 may", "May 14th", "MAY 14TH", "14th of May", "14TH OF MAY", "14Th Of mAy", "the 1st of june",
	"4. März 1979", "4. MÄRZ 1979", "4. mÄrz 1979", "4. MäRZ", "3 janvier 2024", "3 JANVIER 2024", "5 de mayo de 2020",
	"5 DE MAYO DE 2020", "5 De Mayo", "1er février 2024", "1ER FÉVRIER 2024", "1er FéVRIER", "15 août 2024", "15 AOÛT 2024",
	"15 aoÛt", "15 aout 2024", "25 décembre 2024", "25 DÉCEMBRE 2024", "25 déc. 2024", "25 DÉC", "2 março 2024", "2 MARÇO 2024",
	"9 jänner 2024", "9 JÄNNER", "1 mär 2024", "1 MÄR. 2024",
	// Ordinals, "de", commas, dashes and dots in every place.
	"1st May 2031", "2nd May 2031", "3rd May 2031", "4th May 2031", "1er mai 2031", "1. Mai 2031", "1.Mai 2031", "1.-Mai",
	"1st-May-2031", "1 de-mayo-2031", "1 de mayo, 2031", "1 mayo de, 2031", "1 may. de 2031", "1 may., 2031", "1 may.,2031",
	"1 may,2031", "1 de de mayo", "May. 14th", "May. 14, 2031", "May 14,2031", "May 14 ,2031", "May. 2031", "may.-2031",
	"Sept. 4, 2031", "sept 2031", "sep 2031", "septembre 2031", "Augustus 1999", "aug. 3rd", "aug 3rd,", "mar 3rd.", "Mar. 31st 2031",
	"May 1", "may 12", "May 123", "May 1st2031", "May 1st 2031", "May 1 st, 2031", "14 of May", "14th ofMay", "14th of  May",
	"14thof May", "1-2 May", "1 2 May", "12 May 12", "12 May 123", "12 May 12345", "12 May 2031 2032", "1 May 2031-2032",
	// A time of day after the year, and its pieces cut short.
	"14 July 2031 10:30", "14 July 2031T10:30", "14 July 2031t10:30", "14 July 2031 10:30:00", "14 July 2031 10:30:00.123",
	"14 July 2031 10:30:00,123456789", "14 July 2031 10:30:00.1234567890", "14 July 2031 10:30:00.", "14 July 2031 10:30:0",
	"14 July 2031 10:3", "14 July 2031 1:30", "14 July 2031 100:30", "14 July 2031 10:30Z", "14 July 2031 10:30 z",
	"14 July 2031 10:30 UTC", "14 July 2031 10:30 utc", "14 July 2031 10:30GMT", "14 July 2031 10:30 gmtx", "14 July 2031 10:30 Zulu",
	"14 July 2031 10:30 +02", "14 July 2031 10:30+0200", "14 July 2031 10:30 -02:00", "14 July 2031 10:30 +02:0",
	"14 July 2031 10:30 +02:000", "14 July 2031 10:30 +020", "14 July 2031 10:30 +0", "14 July 2031 10:30  UTC",
	"July 14, 2031 09:30:00+02:00", "July 14, 2031 09:30:00.5 GMT", "July 14 2031 9:30", "July 14 2031 9:30x",
	// Boundaries: a date ending the text, one right after another, a
	// word or number running on.
	"on 14 July 2031", "1 May 2 June", "1 May 2 June 2031", "1 May2 June", "May 2031 June 2032", "14 July 2031x", "14 July 20310",
	"x14 July 2031", "_14 July 2031", "114 July 2031", "14 Julyx 2031", "14 Julys", "14 July_", "May-20310", "Mayo-2031",
	"mayday 2031", "dismay 2031", "mayo", "14 jul", "14 juli", "14 julio", "14 juil", "14 juillet", "14 jun", "mar", "marzo 2031",
	"14 marzo", "14 marz", "1 mars", "1 Mars rover", "in 5 decades", "in 5 dec", "5 dec.", "5 dec-", "you may 2 times",
	"14 markers 2031", "July 45, 2031", "mars 2 rover", "1/2 May", "1.5 May", "10:30 May 2031", "$5 May 2031", "-5 May 2031",
	// The long s and the Kelvin sign fold into s and k; \b does not
	// count them as word characters.
	"14 Auguſt 2031", "1ſt May 2031", "1ſt of May", "14 marſ", "14 marſx", "14 marſ 2031", "xſep 2031", "ſep 2031", "4 \u212Aok",
	"4 o\u212At 2031", "4 O\u212ATOBER 2031", "4 okt", "xſept. 4, 2031", "ſ4 May 2031", "5 dec ſ",
	// A BOM, CR and CRLF line ends, NBSP and a zero-width space.
	"\uFEFF14 July 2031", "\uFEFFMay 2031", "14 July 2031\r\nMay 2031\r1 June\n", "14\u00a0July 2031", "14 July\u00a02031",
	"14 Ju\u200bly 2031", "\u200b14 July 2031\u200b", "14 July 2031\u200b10:30", "14 July\r2031", "14\tJuly 2031",
	// Invalid UTF-8 next to and inside the month words.
	"\xff14 July 2031", "14 July 2031\xff", "14 M\xc3rz 2031", "14 M\xc3\x84", "\xc514 May", "\xc5\xc5\xbfep 2031", "\xe2\x84ok",
}

// TestNextWordDateEqualsPattern: the rule's examples, written forms at
// every choice of the pattern, real text, and random strings over the
// pattern's alphabet.
func TestNextWordDateEqualsPattern(t *testing.T) {
	ruleExamples(t, map[string]string{"date-time-words": wordDatePattern}, func(_ Rule, ex []byte) { checkFindWordDates(t, ex) })
	for _, s := range wordDateTexts {
		checkFindWordDates(t, []byte(s))
	}
	// Every month word, as it is written and in upper case, in every
	// form.
	for name := range monthWords {
		for _, n := range []string{name, strings.ToUpper(name)} {
			for _, f := range []string{"14 %s 2031", "%s 14, 2031", "%s-2021", "%s 14th", "14th of %s", "21-%s", "21 %s", "%s.", "1 %sx", "%s"} {
				checkFindWordDates(t, []byte(strings.ReplaceAll(f, "%s", n)))
			}
		}
	}
	// 2,000 dates in a row, one right after another.
	var many strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&many, "%d %s %d ", 1+i%28, []string{"May", "juin", "MÄRZ", "déc.", "Sept"}[i%5], 1990+i%40)
	}
	checkFindWordDates(t, []byte(many.String()))
	if got := len(findAllBy(NextWordDate, []byte(many.String()), -1)); got != 2000 {
		t.Fatalf("2,000 dates in a row: %d found", got)
	}
	eachRealText(t, checkFindWordDates)
	eachRandomMix(t, 3, 20000, 16, 3, wordDateForms, wordDateAlphabet, checkFindWordDates)
	eachRandomMix(t, 4, 20000, 8, 2, wordDateWhole, wordDateAlphabet, checkFindWordDates)
}

// wordDateForms are pieces of dates; wordDateAlphabet what is around
// and between them.
var (
	wordDateForms = []string{"14", "1", "2031", "May", "mai", "mayo", "MÄRZ", "mär", "Août", "déc", "Sept", "sep", "augustus", "aug",
		"st", "th", "er", " de", " of", "T10:30", " 10:30:00", ".123", "+02:00", " UTC", "z", "marſ", "o\u212At"}
	// wordDateWhole are dates and the pieces that may follow one.
	wordDateWhole = []string{"14 July 2031", "May 14, 2031", "4. MÄRZ 1979", "1er février", "5 de mayo de 2020", "Sept. 4, 2031",
		"14th of May", "May-2021", "21-May", "May 1st", "15 AOÛT", "1ſt of Auguſt", "14 o\u212At 2031", " 10:30:00", "T10:30", ".123",
		" +02:00", " UTC", "Z", "1 ", "12", "2031", " May"}
	wordDateAlphabet = []string{"0", "1", "2", "9", " ", " ", " ", "-", ".", ",", ":", "+", "a", "x", "T", "_", "\n", "\r",
		"é", "É", "ä", "ſ", "\u212A", "\u00a0", "\xc5", "\xff"}
)

// TestNextWordDateEqualsRE2 holds the Go matcher to the pattern in
// go-re2, the engine's regex library, where the case folding of the
// non-ASCII letters and \b are RE2's own. go-re2 stops at invalid
// UTF-8 (the engine blanks it first), so the texts are valid UTF-8.
func TestNextWordDateEqualsRE2(t *testing.T) {
	re := re2.MustCompile(wordDatePattern)
	var texts []string
	for _, s := range wordDateTexts {
		if !strings.ContainsRune(strings.ToValidUTF8(s, "\uFFFD"), '\uFFFD') {
			texts = append(texts, s)
		}
	}
	for name := range monthWords {
		texts = append(texts, "14 "+name+" 2031 "+strings.ToUpper(name)+" 14th, 1999 10:30:00 GMT")
	}
	for _, s := range texts {
		b := []byte(s)
		want := re.FindAllIndex(b, -1)
		got := findAllBy(NextWordDate, b, -1)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("%q: Go %v, RE2 %v", s, got, want)
		}
	}
}

// TestNextWordDateNoAlloc: a search allocates nothing, on the real
// texts and on dates of every form with the non-ASCII letters folded
// (which take the letter-by-letter comparison).
func TestNextWordDateNoAlloc(t *testing.T) {
	matches := 0
	check := func(t testing.TB, b []byte) {
		n := 0
		allocs := testing.AllocsPerRun(5, func() {
			n = 0
			for from := 0; ; {
				s, e := NextWordDate(b, from)
				if s < 0 {
					break
				}
				n++
				from = e
			}
		})
		if allocs != 0 {
			t.Fatalf("%v allocations per search of %d bytes", allocs, len(b))
		}
		matches += n
	}
	eachRealText(t, check)
	check(t, []byte(strings.Repeat("born 14 July 2031 10:30:00.123 +02:00, 4. MÄRZ 1979; 1ſt of Auguſt, 4 O\u212ATOBER 2031\r\n", 10)))
	if matches != 40 {
		t.Fatalf("%d matches, want 40", matches)
	}
}

func FuzzNextWordDate(f *testing.F) {
	for _, s := range []string{"14 July 2031 10:30:00.123 +02:00", "1 May 2 June", "4. MÄRZ 1979", "xſep 2031", "5 de mayo de 2020", "14th of May"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFindWordDates(t, b)
	})
}

func ExampleNextWordDate() {
	b := []byte("born 4. MÄRZ 1979, moved on July 14th")
	for from := 0; ; {
		s, e := NextWordDate(b, from)
		if s < 0 {
			break
		}
		fmt.Printf("%q\n", b[s:e])
		from = e
	}
	// Output:
	// "4. MÄRZ 1979"
	// "July 14th"
}

// BenchmarkNextWordDate walks 64 KiB of prose with no date in it (words
// that start like month words: "may", "march", "mark"), one sentence of
// it (the size of a window the engine runs the rule in), and text dense
// with dates; the pattern in go-re2 (compiled before the timer) beside
// each.
func BenchmarkNextWordDate(b *testing.B) {
	re := re2.MustCompile(wordDatePattern)
	const prose = "You may decide to march on in June, or mark 12 more jobs as done on the 3 main servers. "
	for _, c := range []struct {
		name, unit string
		size       int
	}{
		{"prose", prose, 64 << 10},
		{"window", prose, len(prose)},
		{"dates", "born 14 July 2031, moved 4. März 1979 and Sept. 4, 2031 10:30 UTC; ", 64 << 10},
	} {
		text := []byte(strings.Repeat(c.unit, c.size/len(c.unit)))
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				for from := 0; ; {
					_, e := NextWordDate(text, from)
					if e < 0 {
						break
					}
					from = e
				}
			}
		})
		b.Run(c.name+"/go-re2", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				re.FindAllIndex(text, -1)
			}
		})
	}
}
