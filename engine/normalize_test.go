package engine

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// obfuscatedCases are values written the way a model can be asked to
// write them to get past a redactor, and what the built-in policy makes
// of them. The stream fuzz target plants them too.
var obfuscatedCases = []struct{ name, text, want string }{
	{"zero-width space in an AWS key", "key AKIAZ3MS\u200bJV4WXLGPTQ7R here", "key <AWS_ACCESS_KEY_ID> here"},
	{"zero-width joiner in a GitHub token", "tok ghp_Zq8Xr2Lm9Tv4\u200dWn7Kp3Bc6Fh1Jd5Sg0Ya2Ue8 end", "tok <GITHUB_TOKEN> end"},
	{"word joiner and BOM in a GitHub token", "tok ghp_Zq8Xr2Lm9Tv4\u2060Wn7Kp3\ufeffBc6Fh1Jd5Sg0Ya2Ue8 end", "tok <GITHUB_TOKEN> end"},
	{"soft hyphen in an e-mail address", "mail bob\u00adsmith@example.com now", "mail <EMAIL_ADDRESS> now"},
	{"Cyrillic A starting an AWS key", "id \u0410KIAZ3MSJV4WXLGPTQ7R x", "id <AWS_ACCESS_KEY_ID> x"},
	{"Greek Alpha and Kappa in an AWS key", "id \u0391\u039aIAZ3MSJV4WXLGPTQ7R x", "id <AWS_ACCESS_KEY_ID> x"},
	{"full-width card number", "card \uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 ok", "card <CREDIT_CARD> ok"},
	{"escaped slashes in a base64 secret in raw JSON", `{"aws_secret_access_key": "wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYzQ8Lm2Xr8T"}`, `{"aws_secret_access_key": "<AWS_SECRET_ACCESS_KEY>"}`},
	{"\\u escape inside an AWS key", `{"key": "AKIA\u005a3MSJV4WXLGPTQ7R"}`, `{"key": "<AWS_ACCESS_KEY_ID>"}`},
	{"escaped zero-width space in an AWS key", `{"key": "AKIAZ3MS\u200bJV4WXLGPTQ7R"}`, `{"key": "<AWS_ACCESS_KEY_ID>"}`},
	{"no-break spaces in a card number", "card 4111\u00a01111\u00a01111\u00a01111 ok", "card <CREDIT_CARD> ok"},
	{"en dashes in a card number", "card 4111\u20131111\u20131111\u20131111 ok", "card <CREDIT_CARD> ok"},
	{"tabs in a card number", "card 4111\t1111\t1111\t1111 ok", "card <CREDIT_CARD> ok"},
	{"em dashes in an SSN", "SSN 536\u201422\u20148714 ok", "SSN <US_SSN> ok"},
	{"thin spaces in a phone number", "phone +1\u2009415\u2009555\u20090132 ok", "phone <PHONE_NUMBER> ok"},
}

// TestObfuscatedValuesRedacted: each obfuscated value is redacted whole,
// in batch and in streams cut every possible way.
func TestObfuscatedValuesRedacted(t *testing.T) {
	s := streamScanners(t)[0]
	for _, c := range obfuscatedCases {
		t.Run(c.name, func(t *testing.T) {
			if got := redact(t, s, c.text); got != c.want {
				t.Errorf("batch  %q\nwant   %q", got, c.want)
			}
			for seed := uint64(0); seed < 10; seed++ {
				got, _ := streamAll(t, s, []byte(c.text), chunking(seed, len(c.text)))
				if string(got) != c.want {
					t.Fatalf("stream %q (chunks %v)\nwant   %q", got, chunking(seed, len(c.text)), c.want)
				}
			}
		})
	}
}

func TestNormalizedView(t *testing.T) {
	cases := []struct{ in, view string }{
		{"plain ascii", "plain ascii"},
		{"a\u200bb\u00adc\ufeffd", "abcd"},
		{"x\u00a0y\u2009z\tw", "x y z w"},
		{"1\u20132\u20143\u22124", "1-2-3-4"},
		{"\uff21\uff22\uff43\uff11", "ABc1"},
		{"\u0410KIA", "AKIA"},                      // touches ASCII after it
		{"x\u0410\u0412", "xAB"},                   // touches ASCII before it
		{"\u0410\u200b\u0412 1", "\u0410\u0412 1"}, // a run on its own stays
		{"Мир и сор", "Мир и сор"},                 // Russian words stay
		{"Αθήνα", "Αθήνα"},                         // Greek words stay
		{`a\/b`, "a/b"},
		{`\u0041\u00e9`, "Aé"},
		{`\ud83d\ude00`, "\U0001F600"},
		{`\ud83d x`, `\ud83d x`},       // a lone surrogate stays
		{`\\u0041 \\/`, `\\u0041 \\/`}, // escaped backslashes are not escapes
		{`\u12`, `\u12`},
		{"\xff\xe2\x82", "\xff\xe2\x82"},
		{`\u200b`, ""},
		{"a" + strings.Repeat("\u200b", 17) + "b", "a\u200bb"}, // at most 16 in a row go
	}
	for _, c := range cases {
		var z normalizer
		got := z.feed(nil, []byte(c.in), true)
		if string(got) != c.view {
			t.Errorf("view of %q = %q, want %q", c.in, got, c.view)
		}
		// Cut anywhere, the incremental view is the same, and so is
		// its map.
		for cut := range len(c.in) + 1 {
			var y normalizer
			inc := y.feed(nil, []byte(c.in[:cut]), false)
			inc = y.feed(inc, []byte(c.in[cut:]), true)
			if !bytes.Equal(inc, got) || len(y.m.segs) != len(z.m.segs) {
				t.Errorf("%q cut at %d: view %q, want %q", c.in, cut, inc, got)
			}
		}
	}
}

// TestViewMap: a span of the view maps to the original bytes that made
// it, with removed characters inside it and none outside.
func TestViewMap(t *testing.T) {
	in := "ab\u200bcd\uff25f\u200bg"
	var z normalizer
	view := z.feed(nil, []byte(in), true)
	if string(view) != "abcdEfg" {
		t.Fatalf("view %q", view)
	}
	for _, c := range []struct {
		lo, hi int
		want   string
	}{
		{0, 7, in},
		{1, 3, "b\u200bc"},
		{4, 5, "\uff25"},
		{2, 6, "cd\uff25f"},
		{6, 7, "g"},
	} {
		if got := in[z.m.start(c.lo):z.m.end(c.hi)]; got != c.want {
			t.Errorf("view [%d,%d) %q maps to %q, want %q", c.lo, c.hi, view[c.lo:c.hi], got, c.want)
		}
	}
}

// TestPlainTextSkipsView: text without a byte the view changes is
// scanned as it is.
func TestPlainTextSkipsView(t *testing.T) {
	if needsView([]byte("plain ASCII, no escapes: AKIA / key=value\n")) {
		t.Error("plain ASCII needs no view")
	}
	for _, s := range []string{"tab\there", `a\/b`, "é"} {
		if !needsView([]byte(s)) {
			t.Errorf("%q needs the view", s)
		}
	}
	_ = context.Background
}

// TestNeedsViewExact: the eight-bytes-at-a-time check says yes exactly
// when one byte, anywhere, is one the view may change.
func TestNeedsViewExact(t *testing.T) {
	for c := range 256 {
		for pos := range 19 {
			b := bytes.Repeat([]byte{'a'}, 19)
			b[pos] = byte(c)
			if got := needsView(b[:min(pos+1+pos%3, len(b))]); got != viewByte[c] {
				t.Fatalf("byte %#x at %d: %v", c, pos, got)
			}
		}
	}
}

// TestViewHoldBackBounded: a look-alike letter followed by endless
// invisible characters does not make a stream hold everything.
func TestViewHoldBackBounded(t *testing.T) {
	s := streamScanners(t)[0]
	st := s.NewStream(context.Background())
	var out []byte
	var err error
	chunk := []byte("\u0410" + strings.Repeat("\u200b", 300))
	for range 200 {
		if out, err = st.Write(out[:0], chunk); err != nil {
			t.Fatal(err)
		}
		// A view byte stands for at most maxRemovedRun invisible
		// characters (3 bytes each here) and itself.
		if bound := (s.bounds.kw + s.ctxWindow + 64) * (3*maxRemovedRun + 3); st.Held() > bound || len(st.z.run) > maxHomoglyphRun {
			t.Fatalf("holds %d bytes, run of %d", st.Held(), len(st.z.run))
		}
	}
	if _, err := st.Close(out[:0]); err != nil {
		t.Fatal(err)
	}
}
