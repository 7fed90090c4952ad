package engine

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

// cataloguePatterns is every pattern a catalogue rule builds lazily: its
// pattern, its allow patterns and its resume pattern (resume.go).
func cataloguePatterns() map[string]string {
	out := map[string]string{}
	for _, r := range detectors.Builtin() {
		out[r.Pattern] = r.ID
		for _, a := range r.AllowPatterns {
			out[a] = r.ID + " (allow)"
		}
		if p, ok := resumePattern(r.Pattern); ok {
			out[p] = r.ID + " (resume)"
		}
	}
	return out
}

// Every catalogue pattern whose text the relaxation rewrites must pass
// the check on the parsed patterns (else the rewrite would silently do
// nothing), and RE2 must build the result.
func TestRelaxBoundsCatalogue(t *testing.T) {
	relaxed := map[string]int{}
	for expr, id := range cataloguePatterns() {
		text, changed := relaxText(expr)
		got, limit, ok := relaxBounds(expr)
		if changed != ok || (ok && got != text) {
			t.Errorf("%s: the text rewrite (%v) and the parsed check (%v) disagree on %q", id, changed, ok, expr)
			continue
		}
		if !ok {
			continue
		}
		if _, err := compileRegex(got); err != nil {
			t.Errorf("%s: relaxed %q does not compile: %v", id, got, err)
		}
		relaxed[id] = limit
	}
	// The URL rule's {2,1000} was the costliest program of real text:
	// its shortest match is "www." plus three characters.
	if relaxed["url"] != 1005 {
		t.Errorf("url: limit %d, want 1005 (relaxed: %v)", relaxed["url"], relaxed)
	}
	if _, ok := relaxed["email"]; !ok {
		t.Errorf("email is not relaxed (relaxed: %v)", relaxed)
	}
}

func TestRelaxText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`a[^x]{2,1000}b`, `a[^x]{2,}b`},
		{`\w{0,60}?`, `\w{0,}?`},
		{`x{0,59}`, ``},                                        // small bound: kept
		{`(?:ab){1,100}`, ``},                                  // a group: kept
		{`a{3}b{4,}`, ``},                                      // no upper bound to relax
		{`\x{41}{1,64}`, `\x{41}{1,}`},                         // an escaped character
		{`[a{]{1,64}\{{1,64}\{1,64}`, `[a{]{1,}\{{1,}\{1,64}`}, // \{1,64} is text
		{`é{0,99}`, `é{0,}`},
		{`\b{0,70}`, ``},    // zero width: kept (and invalid)
		{`\Qa{1,99}\E`, ``}, // not read
		{`a{1,x}`, ``},
	} {
		got, ok := relaxText(c.in)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("relaxText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// relaxedTexts are texts around each relaxed pattern's bounds: its rule's
// examples, and values whose repeats run to the bound and past it.
func relaxedTexts(id string) []string {
	var texts []string
	for _, r := range detectors.Builtin() {
		if strings.TrimSuffix(strings.TrimSuffix(id, " (allow)"), " (resume)") != r.ID {
			continue
		}
		r = detectors.WithExamples(r)
		for _, ex := range append(slices.Clone(r.TP), r.FP...) {
			if text, _, err := detectors.ParseExample(ex); err == nil {
				texts = append(texts, text)
			}
		}
	}
	for _, n := range []int{0, 2, 60, 61, 62, 63, 64, 127, 128, 129, 200, 201, 999, 1000, 1001, 1002, 1500} {
		run := strings.Repeat("a", n)
		texts = append(texts,
			"see http://"+run+"/x. and www."+run+"b, then",
			"http://"+strings.Repeat("ab.", n)+"c",
			"mail "+run+"@"+run+".example.com or x@"+strings.Repeat("a.", n)+"io",
			"password = \""+run+"x\"; token: "+run,
			"--password "+run+" curl -u u"+run+":"+run,
			"postgres://u:"+run+"@h",
		)
	}
	return texts
}

// A relaxed pattern finds exactly the exact pattern's matches and groups,
// with RE2, on every rule's examples and on values at and past the
// bounds (where the exact program takes over).
func TestRelaxedMatchesExact(t *testing.T) {
	if raceEnabled {
		// One goroutine: nothing for the race detector, under which the
		// pure-Go RE2 runs these thousands of searches for two minutes.
		t.Skip("semantics only; the run without -race checks them")
	}
	n := 0
	for expr, id := range cataloguePatterns() {
		if _, _, ok := relaxBounds(expr); !ok {
			continue
		}
		n++
		lazy := newLazyRegex(expr)
		if _, ok := lazy.get().(*boundedRegex); !ok {
			t.Fatalf("%s: not run relaxed", id)
		}
		exact, err := compileRegex(expr)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range relaxedTexts(id) {
			checkSameMatches(t, id, lazy, exact, text)
		}
	}
	if n == 0 {
		t.Fatal("no catalogue pattern is relaxed")
	}
}

func checkSameMatches(t *testing.T, id string, got, want regex, text string) {
	t.Helper()
	b := []byte(text)
	if g, w := got.FindAllSubmatchIndex(b, -1), want.FindAllSubmatchIndex(b, -1); fmt.Sprint(g) != fmt.Sprint(w) {
		t.Errorf("%s: submatches %v, want %v (text of %d bytes)", id, g, w, len(text))
	}
	if g, w := got.FindAllIndex(b, 2), want.FindAllIndex(b, 2); fmt.Sprint(g) != fmt.Sprint(w) {
		t.Errorf("%s: first two matches %v, want %v (text of %d bytes)", id, g, w, len(text))
	}
	if g, w := got.Match(b), want.Match(b); g != w {
		t.Errorf("%s: Match %v, want %v (text of %d bytes)", id, g, w, len(text))
	}
}

// The exact program takes over when a match may have gone past a bound:
// a URL of 1,500 characters ends at the 1,003rd, as written.
func TestRelaxedFallsBack(t *testing.T) {
	expr := `(?i)\b((?:https?://|ftp://|www\.)[^\s<>"'\x60\\]{2,1000}[^\s<>"'\x60\\.,;:!?)\]}*])`
	lazy := newLazyRegex(expr)
	text := []byte("see https://" + strings.Repeat("a", 1500) + " now")
	ms := lazy.FindAllIndex(text, -1)
	if want := [][]int{{4, 4 + 8 + 1001}}; fmt.Sprint(ms) != fmt.Sprint(want) {
		t.Fatalf("matches %v, want %v", ms, want)
	}
}

// FuzzRelaxedMatchesExact compares, with Go's regexp on both sides (same
// leftmost-first semantics as RE2), a relaxed pattern and the one it was
// relaxed from, on any pattern the relaxation accepts and any text.
func FuzzRelaxedMatchesExact(f *testing.F) {
	f.Add(`a[^x]{2,60}b`, "a"+strings.Repeat("c", 65)+"b ab acb")
	f.Add(`(\w{1,63}?)@(?:\d{0,70}|x)`, strings.Repeat("w", 70)+"@"+strings.Repeat("1", 80))
	f.Add(`[a-z]{0,65}z`, strings.Repeat("qz", 40))
	f.Fuzz(func(t *testing.T, expr, text string) {
		relaxed, limit, ok := relaxBounds(expr)
		if !ok {
			return
		}
		exact, err := regexp.Compile(expr)
		if err != nil {
			return
		}
		fast := regexp.MustCompile(relaxed)
		checkSameMatches(t, expr, &boundedRegex{fast: fast, exact: exact, limit: limit}, exact, text)
	})
}
