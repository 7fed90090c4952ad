package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

func TestResumePattern(t *testing.T) {
	cases := []struct{ in, want string }{
		{`(?:^|[^\w.])(\d+)(?:$|[^\w.])`, `(?:[^\w.])(\d+)(?:$|[^\w.])`},
		{`(?i)(?:^|[^\w:])([a-f]+)`, `(?i)(?:[^\w:])([a-f]+)`},
		{`(?:^|[^\w.+/\- ]|(?:^|[^\d]) )(\d)`, `(?:[^\w.+/\- ]|(?:[^\d]) )(\d)`},
		{`(?:^|[^|^]|x:)(\d)`, `(?:[^|^]|x:)(\d)`},
		{`\b(\d+)`, ``},                      // no consumed left boundary
		{`(?:^|x)(\d+)(?:^|y)`, ``},          // a ^ past the leading group
		{`(?m)(?:^|x)(\d+)`, ``},             // ^ of lines
		{`(?:AKIA|ASIA)(?:^|[^a])(\d+)`, ``}, // the group is not leading
		{`(?:^|[^\w])(\d+)|^(x)`, ``},        // ^ in another branch
	}
	for _, c := range cases {
		got, ok := resumePattern(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("resumePattern(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

// TestAdjacentValues repeats the first marked value of each catalogue rule
// whose left boundary is a consumed group, separated by one space, comma,
// newline or tab, after the text its example puts before it (which holds
// its keyword and context words): every value must be found with its
// exact span, in a batch scan and in a stream fed a few bytes at a time.
func TestAdjacentValues(t *testing.T) {
	seps := map[string]string{"space": " ", "comma": ", ", "comma1": ",", "newline": "\n", "tab": "\t"}
	n := 0
	for _, r := range detectors.Builtin() {
		if _, ok := resumePattern(r.Pattern); !ok || r.Group < 1 || len(r.TP) == 0 || r.Category != detectors.PII {
			continue
		}
		if strings.HasSuffix(r.ID, "-then-count") {
			continue // a value there is only one before a count, which the values here lack
		}
		n++
		text, spans, err := detectors.ParseExample(r.TP[0])
		if err != nil {
			t.Fatal(err)
		}
		prefix, value := text[:spans[0][0]], text[spans[0][0]:spans[0][1]]
		// Context words reach the ninth value too.
		p := DefaultPolicy()
		p.ContextWindow = 1 << 12
		s, err := Compile(p, WithBuiltin([]detectors.Rule{r}))
		if err != nil {
			t.Fatal(err)
		}
		for name, sep := range seps {
			if (name == "space" || name == "tab") && (spaceSeries(r.Pattern) || r.ID == "phone-national") {
				continue
			}
			for _, count := range []int{2, 3, 9} {
				t.Run(fmt.Sprintf("%s/%s/%d", r.ID, name, count), func(t *testing.T) {
					var b strings.Builder
					b.WriteString(prefix)
					want := make([]span, count)
					for i := range count {
						if i > 0 {
							b.WriteString(sep)
						}
						want[i] = span{b.Len(), b.Len() + len(value)}
						b.WriteString(value)
					}
					b.WriteString(" end.")
					in := []byte(b.String())
					res, err := s.Redact(context.Background(), in)
					if err != nil {
						t.Fatal(err)
					}
					checkSpans(t, "batch", r.ID, in, want, res.Findings)
					_, fs := streamAll(t, s, in, chunking(uint64(count), len(in)))
					checkSpans(t, "stream", r.ID, in, want, fs)
				})
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d catalogue rules have a consumed left boundary", n)
	}
}

// spaceSeries reports a number bounded so that a space and a digit
// beside it make it part of a longer series (detectors' numLead: "12 4111
// 1111 1111 1111 7" is not a card). Values separated by a space or a tab
// (the scan reads a tab as a space) are then one series, by design. So
// are national phone numbers (digit groups joined by spaces, "030
// 12345678 030 12345678", which libphonenumber then rejects as a whole).
func spaceSeries(pattern string) bool {
	return strings.Contains(pattern, `(?:^|[^\d]) )`)
}

func checkSpans(t *testing.T, how, rule string, in []byte, want []span, fs []Finding) {
	t.Helper()
	for _, w := range want {
		found := false
		for _, f := range fs {
			if f.Rule == rule && f.Start == w.start && f.End == w.end {
				found = true
			}
		}
		if !found {
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s:%q", f.Rule, in[f.Start:f.End]))
			}
			t.Errorf("%s %q: %q at %d not found exactly; got %v", how, in, in[w.start:w.end], w.start, got)
			return
		}
	}
}

// TestAdjacentValuesRedacted is the leak as it was reported: with the
// built-in policy every other address passed in clear.
func TestAdjacentValuesRedacted(t *testing.T) {
	s, err := Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4":   "<IP_ADDRESS> <IP_ADDRESS> <IP_ADDRESS> <IP_ADDRESS>",
		"10.0.0.1,10.0.0.2\n10.0.0.3\t10.0.0.4": "<IP_ADDRESS>,<IP_ADDRESS>\n<IP_ADDRESS>\t<IP_ADDRESS>",
		"00:1a:2b:3c:4d:5e 00:1a:2b:3c:4d:5f":   "<MAC_ADDRESS> <MAC_ADDRESS>",
		"+1 415 555 2671 +1 415 555 2672":       "<PHONE_NUMBER> <PHONE_NUMBER>",
		"fe80::1 fe80::2, 2001:db8::1":          "<IP_ADDRESS> <IP_ADDRESS>, <IP_ADDRESS>",
	}
	for in, want := range cases {
		res, err := s.Redact(context.Background(), []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if string(res.Redacted) != want {
			t.Errorf("%q: got %q, want %q", in, res.Redacted, want)
		}
		if got, _ := streamAll(t, s, []byte(in), chunking(3, len(in))); string(got) != want {
			t.Errorf("%q: stream gave %q, want %q", in, got, want)
		}
	}
}

// resumeMatchesOld is resumeMatches as 02061b9 wrote it (one capture
// search per match the search from a match's end may have missed): the
// reference the faster path must equal.
func resumeMatchesOld(r *compiledRule, g int, win []byte, ms [][]int) [][]int {
	var out [][]int
	cur := ms
	for i := 0; i < len(cur); i++ {
		m := cur[i]
		if out != nil {
			out = append(out, m)
		}
		ve := m[2*g+1]
		if ve < 1 || ve >= m[1] {
			continue
		}
		from := ve - 1
		nx := r.resume.FindAllSubmatchIndex(win[from:], 1)
		if len(nx) == 0 {
			break
		}
		n := nx[0]
		for k := range n {
			if n[k] >= 0 {
				n[k] += from
			}
		}
		if n[0] >= m[1] && i+1 < len(cur) {
			continue
		}
		if out == nil {
			out = append(make([][]int, 0, len(ms)+1), ms[:i+1]...)
		}
		cur, i = [][]int{n}, -1
	}
	if out == nil {
		return ms
	}
	return out
}

// TestResumeMatchesEqualOld: on lists of random and repeated IPv4 and
// IPv6 addresses, MACs, phone numbers and card-like digit groups, joined
// by every separator or by none and mixed with words, every rule with a
// resume pattern gets the same matches (bounds and value group) from
// resumeMatches as from the one-capture-search-per-match algorithm, with
// the group cache cold and warm.
func TestResumeMatchesEqualOld(t *testing.T) {
	s, err := Compile(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	d := func(n int) string { return fmt.Sprint(rng.IntN(n)) }
	hex := func() string { return fmt.Sprintf("%02x", rng.IntN(256)) }
	gens := []func() string{
		func() string { return d(256) + "." + d(256) + "." + d(256) + "." + d(256) },
		func() string { return "10.0.0.1" },
		func() string { return strings.Join([]string{hex(), hex(), hex(), hex(), hex(), hex()}, ":") },
		func() string { return "fe80::" + hex() + ":" + hex() },
		func() string { return "+1 415 555 " + fmt.Sprintf("%04d", rng.IntN(10000)) },
		func() string { return "(212) 555-0147" },
		func() string { return fmt.Sprintf("4111 1111 1111 %04d", rng.IntN(10000)) },
		func() string {
			return fmt.Sprintf("%03d-%02d-%04d", 100+rng.IntN(600), 1+rng.IntN(98), 1+rng.IntN(9998))
		},
		func() string { return "tel:0044 20 7946 0958" },
		func() string { return d(100000) },
		func() string { return "call" },
	}
	seps := []string{" ", ",", ", ", "\n", "\t", "", ".", "-", "; ", " / ", ":"}
	var texts []string
	for _, gen := range gens {
		for _, sep := range seps {
			var b strings.Builder
			for i := range 30 {
				if i > 0 {
					b.WriteString(sep)
				}
				b.WriteString(gen())
			}
			texts = append(texts, b.String())
		}
	}
	for range 400 {
		var b strings.Builder
		for i := range rng.IntN(40) {
			if i > 0 {
				b.WriteString(seps[rng.IntN(len(seps))])
			}
			b.WriteString(gens[rng.IntN(len(gens))]())
		}
		texts = append(texts, b.String())
	}
	sc := s.getScratch()
	defer s.putScratch(sc)
	rules, resumed := 0, 0
	for ri := range s.rules {
		r := &s.rules[ri]
		if r.resume == nil || r.whole {
			continue
		}
		rules++
		g := r.Group
		for _, text := range texts {
			win := []byte(text)
			if !r.re.Match(win) {
				continue
			}
			for pass := range 2 {
				ms := s.submatches(r, int32(ri), win, -1, sc)
				want := resumeMatchesOld(r, g, win, ms)
				got := r.resumeMatches(g, int32(ri), win, ms, sc)
				if len(want) != len(ms) {
					resumed++
				}
				if len(got) != len(want) {
					t.Fatalf("%s pass %d %q: %d matches, want %d", r.ID, pass, text, len(got), len(want))
				}
				for i := range want {
					if got[i][0] != want[i][0] || got[i][1] != want[i][1] || got[i][2*g] != want[i][2*g] || got[i][2*g+1] != want[i][2*g+1] {
						t.Fatalf("%s pass %d %q: match %d is %v, want %v", r.ID, pass, text, i, got[i], want[i])
					}
				}
			}
		}
	}
	t.Logf("%d rules, %d windows with a resumed match", rules, resumed)
	if rules < 10 || resumed < 200 {
		t.Fatalf("only %d rules with a resume pattern, %d windows with a resumed match", rules, resumed)
	}
}
