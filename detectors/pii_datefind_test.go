package detectors

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

var numericDateRe = regexp.MustCompile(numericDatePattern)

// checkFindDates compares FindNumericDates with the pattern on b.
func checkFindDates(t testing.TB, b []byte) {
	t.Helper()
	checkFindAll(t, numericDateRe, NextNumericDate, b)
}

// dateAlphabet is what date forms are made of, weighted towards digits.
const dateAlphabet = "0123456789012345678901234567890123456789-/.:+T ZUTCGMT,_ax\n"

// TestFindNumericDatesEqualsPattern: written forms, real text, and
// random strings over the dates' alphabet.
func TestFindNumericDatesEqualsPattern(t *testing.T) {
	texts := []string{
		"2031-07-14T09:30:00+02:00", "14 July 2031", "07/14/2031", "2024-03-15 10:30:00.123Z", "2024-03-15 10:30:00,123456789 UTC",
		"2024-03-15T10:30Z", "2024-03-15 10:30 +0200", "2024-03-15 10:30 -02:00", "2024-03-15 10:30 GMT", "2024-03-15T1:3",
		"05/2021", "2021-05", "14.07.2031", "14.07.31", "14-07-2031", "14-07-31", "2031/07/14", "2031.7.1", "2031/07.14",
		"12014-01-05", "a2024-01-05", "v1.12.2031", "1.2.2031.4", "14/07/20310", "2024-01-15x", "2024-01-15.tar.gz",
		"10.10.10.10", "1.2.3.4567", "123/45/2031", "1/2/203", "1/2/20", "12/2031", "99/99/9999", "2024-13-45",
		"report-2024-01-15", "date:2024-01-15", "+2024-01-15", "..2024-01-15", "9-2024-01-15", "9/2024-01-15", "9:01/02/2031",
		"01/02/2031 03/04/2031", "2024-01-15 2024-01-16,2024-01-17\t2024-01-18", "x 2024-01-15T10:30:00.1234567890Z",
		"2024-01-15T10:30:00+0", "2024-01-15T10:30:00+02:", "2024-01-15T10:30:00+02:3", "2024-01-15 10:3", "2024-01-15T",
		"1-2-2031", "01-02-31", "1-02-31", "12-2031", "2031-1", "2031-1-1", "2031-111-1", "été 2024-01-15 — 14.07.2031",
	}
	for _, s := range texts {
		checkFindDates(t, []byte(s))
	}
	// Real text: the clean corpus and the technical text.
	eachRealText(t, checkFindDates)
	forms := []string{"2031-07-14", "14/07/2031", "1.2.2031", "14-07-31", "T09:30", " 10:30:00", ".123", "+02:00", "Z", " UTC", "05/2021", "2021-05"}
	eachRandomMix(t, 2, 20000, 24, 4, forms, strings.Split(dateAlphabet, ""), checkFindDates)
}

func FuzzFindNumericDates(f *testing.F) {
	for _, s := range []string{"2031-07-14T09:30:00+02:00", "01/02/2031 03/04/2031", "9:01/02/2031", "14.07.31 10:30 GMT", "1.2.2031.4"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFindDates(t, b)
	})
}

func ExampleFindNumericDates() {
	fmt.Println(FindNumericDates([]byte("at 2031-07-14T09:30:00+02:00 and 07/14/2031"), -1))
	// Output: [[3 28] [33 43]]
}

// BenchmarkNextNumericDate walks text with no date in it, dotted quads
// and version numbers, where every number a '.' follows is a start the
// date forms must refuse, and a log of timestamps.
func BenchmarkNextNumericDate(b *testing.B) {
	for _, c := range []struct{ name, unit string }{
		{"dotted-quads", "10.0.0.1 "},
		{"versions", "v1.22.3 go1.26.8 "},
		{"timestamps", "2024-03-15 10:30:00Z GET /index.html\n"},
	} {
		text := []byte(strings.Repeat(c.unit, (64<<10)/len(c.unit)))
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				for from := 0; ; {
					_, e := NextNumericDate(text, from)
					if e < 0 {
						break
					}
					from = e
				}
			}
		})
	}
}
