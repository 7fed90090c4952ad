package train

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/models"
)

var rebuild = flag.Bool("rebuild", false, "retrain the full model (minutes) and compare it with models/ner.onnx")

// TestReproducible trains a small model twice from the same seed: the
// ONNX bytes must be identical.
func TestReproducible(t *testing.T) {
	cfg := Config{Seed: 1, Sentences: 300, Epochs: 1, D: 4, H: 8, LR: 0.08, WordDrop: 0.2, FeatDrop: 0.1}
	a, _, err := Build(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Build(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatalf("two builds differ: %x vs %x", sha256.Sum256(a), sha256.Sum256(b))
	}
	cfg.Seed = 2
	c, _, _ := Build(cfg, nil)
	if bytes.Equal(a, c) {
		t.Fatal("seed has no effect")
	}
}

// TestRebuild retrains the committed model bit for bit (go test
// ./models/train -run Rebuild -rebuild).
func TestRebuild(t *testing.T) {
	if !*rebuild {
		t.Skip("pass -rebuild to retrain the full model")
	}
	got, _, err := Build(DefaultConfig, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../ner.onnx")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("rebuild sha256 %x, committed %x", sha256.Sum256(got), sha256.Sum256(want))
	}
}

func TestCorpusLabels(t *testing.T) {
	ss := Corpus(LoadLists(), 3, 200)
	for _, s := range ss {
		toks := models.Tokenize([]byte(s.Text), nil)
		labels := TokenLabels(toks, s.Spans)
		// Every span starts and ends on token boundaries.
		for _, sp := range s.Spans {
			var okStart, okEnd bool
			for _, tk := range toks {
				okStart = okStart || tk.Start == sp.Start
				okEnd = okEnd || tk.End == sp.End
			}
			if !okStart || !okEnd {
				t.Fatalf("span %q in %q is not token-aligned", s.Text[sp.Start:sp.End], s.Text)
			}
		}
		if len(labels) != len(toks) {
			t.Fatal("label count")
		}
	}
}

func TestListsFromData(t *testing.T) {
	l := LoadLists()
	for name, n := range map[string]int{"first": len(l.First), "last": len(l.Last), "cities": len(l.Cities), "countries": len(l.Countries), "companies": len(l.Companies)} {
		if n < 100 {
			t.Errorf("%s: only %d entries", name, n)
		}
	}
}

// TestExcludedCoversHeldBack: every name token of the held-back sets'
// PERSON spans is kept out of the training lists (as written, and as the
// corpus transliterates Cyrillic and Greek names), so the sets measure
// names the model never saw labelled.
func TestExcludedCoversHeldBack(t *testing.T) {
	l := LoadLists()
	inLists := map[string]bool{}
	translit := map[string]bool{}
	add := func(list []string, tr bool) {
		for _, s := range list {
			// Every word of an entry: dropExcluded drops "Minh Châu"
			// for "Minh" too.
			for _, w := range strings.Fields(s) {
				inLists[w] = true
				if tr {
					translit[transliterate(w)] = true
				}
			}
		}
	}
	add(l.First, false)
	add(l.Last, false)
	add(l.Middle, false)
	for _, loc := range l.Locales {
		add(loc.First, loc.transliterate)
		add(loc.Last, loc.transliterate)
	}
	for _, src := range l.sources.roman {
		add(src.first, false)
		add(src.last, false)
	}
	for _, set := range []struct{ path, names string }{
		{"../testdata/heldback.txt", "data/heldback_names.txt"},
		{"../testdata/heldback2.txt", "data/heldback2_names.txt"},
	} {
		hb := readHeldBack(t, set.path)
		for _, s := range hb {
			for _, sp := range s.Spans {
				if sp.Type != "PERSON" {
					continue
				}
				for _, w := range strings.Fields(s.Text[sp.Start:sp.End]) {
					w = strings.Trim(w, ".,")
					if len([]rune(w)) < 2 {
						continue
					}
					if !excluded[w] {
						t.Errorf("%s: name token %q is missing from %s", set.path, w, set.names)
					}
					if inLists[w] || translit[w] {
						t.Errorf("%s: name token %q is in the training lists", set.path, w)
					}
				}
			}
		}
	}
}

func TestLocales(t *testing.T) {
	l := LoadLists()
	if len(l.Locales) < 50 {
		t.Fatalf("%d locales", len(l.Locales))
	}
	ns := l.sources
	if len(ns.latin) < 30 || len(ns.translit) < 3 || len(ns.roman) != 5 || len(ns.native) < 5 {
		t.Fatalf("sources: latin %d translit %d roman %d native %d", len(ns.latin), len(ns.translit), len(ns.roman), len(ns.native))
	}
	for in, want := range map[string]string{"Сергей Щукин": "Sergey Shchukin", "Παπαδόπουλος": "Papadopoulos", "Олександр": "Oleksandr"} {
		if got := transliterate(in); got != want {
			t.Errorf("transliterate(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBrandsExcludeHeldBack: no word of an organisation or place span of
// the held-back sets is in the brand list, and the list is not trivial.
func TestBrandsExcludeHeldBack(t *testing.T) {
	l := LoadLists()
	if len(l.Brands) < 500 {
		t.Fatalf("only %d brands", len(l.Brands))
	}
	brand := map[string]bool{}
	for _, b := range l.Brands {
		brand[b] = true
	}
	for _, path := range []string{"../testdata/heldback.txt", "../testdata/heldback2.txt"} {
		hb := readHeldBack(t, path)
		for _, s := range hb {
			for _, sp := range s.Spans {
				for _, w := range strings.Fields(s.Text[sp.Start:sp.End]) {
					if brand[strings.Trim(w, ".,")] {
						t.Errorf("%s: %s word %q is in the brand list (add it to data/heldback_orgs.txt)", path, sp.Type, w)
					}
				}
			}
		}
	}
	for _, w := range []string{"Paris", "Global", "Management", "Python"} {
		if brand[w] {
			t.Errorf("%q is a brand", w)
		}
	}
}

// readHeldBack parses a marked held-back set.
func readHeldBack(t *testing.T, path string) []models.Labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hb, err := models.ParseMarked(f)
	if err != nil {
		t.Fatal(err)
	}
	return hb
}
