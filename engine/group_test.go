package engine

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// adversarialTexts repeat one trigger (or a mix of every kind) so that
// windows overlap everywhere.
var adversarialTexts = map[string]string{
	"url":           "http://",
	"email":         "a@b.co ",
	"at":            "@",
	"key":           "key=",
	"password":      "password=hunter2 ",
	"digit-groups":  "4111 ",
	"dotted-quads":  "10.0.0.1 ",
	"colon-hex":     "fe:80:",
	"alnum":         "a1b2c3d4e5f6g7h8 ",
	"every-trigger": "http://a@b.co 4111 1111 key=Zq8Xr2Lm9Tv4Wn7Kp3Bc6Fh1 fe80::1:2 ",
	"dates":         "2024-03-15 ",
	"pem-begin":     "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9kQ2LmZ7vT3wR8pN1bC6hF5jG0sYe2Ua8Dk3Jf7Hq1Lz5Xc\n",
	// Dense numbers skip libphonenumber (detectors.Options.Dense): the
	// stream must see the digits before each the batch scan sees.
	"phone-intl":     "+44 20 7946 0958, +1 212 055 0199, ",
	"phone-national": "call 020 7946 0958 3 times ",
}

// TestRepeatedTriggersSearchLinearly bounds, without timing anything, the
// work of a scan of repeated triggers: the bytes each rule's regex
// searches, summed over the groups it runs, stay within a small multiple
// of the text however many triggers the text holds.
func TestRepeatedTriggersSearchLinearly(t *testing.T) {
	s, err := Compile(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	for name, unit := range adversarialTexts {
		text := []byte(strings.Repeat(unit, (64<<10)/len(unit)))
		sc := s.getScratch()
		sc.fold = foldInto(sc.fold[:0], text)
		s.collectWindows(text, sc.fold, sc)
		wins := sc.sortWindows(sc.wins)
		searched := map[int32]int{}
		for i := 0; i < len(wins); {
			n := s.groupLen(wins[i:])
			g := wins[i : i+n]
			i += n
			if g[0].rule == gateRule {
				// A group of gates searches the union of its clusters'
				// windows once with the set, and each reported rule its
				// own window of each cluster.
				lo, hi := g[0].lo, g[0].hi
				for _, w := range g {
					lo, hi = min(lo, w.lo), max(hi, w.hi)
				}
				searched[gateRule] += hi - lo
				continue
			}
			lo, hi := g[0].lo, g[0].hi
			for _, w := range g {
				lo, hi = min(lo, w.lo), max(hi, w.hi)
			}
			searched[g[0].rule] += hi - lo
		}
		s.putScratch(sc)
		for ri, b := range searched {
			if b > 4*len(text)+8<<10 {
				id := "digit gates"
				if ri != gateRule {
					id = s.rules[ri].ID
				}
				t.Errorf("%s: %s searches %d bytes of a %d-byte text", name, id, b, len(text))
			}
		}
	}
}

// TestStreamEqualsBatchOnRepeatedTriggers: the stream forms the groups the
// batch scan forms, whatever the chunking.
func TestStreamEqualsBatchOnRepeatedTriggers(t *testing.T) {
	s, err := Compile(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	for name, unit := range adversarialTexts {
		text := []byte(strings.Repeat(unit, (6<<10)/len(unit)))
		for _, chunk := range []int{1, 7, 100, 1000, len(text)} {
			var sizes []int
			for n := len(text); n > 0; n -= chunk {
				sizes = append(sizes, min(chunk, n))
			}
			checkSame(t, fmt.Sprintf("%s/%d", name, chunk), s, text, sizes)
		}
		if r := batch(t, s, text); (name == "email" || name == "every-trigger") && bytes.Equal(r.Redacted, text) {
			t.Errorf("%s: nothing redacted", name)
		}
	}
}
