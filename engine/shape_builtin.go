package engine

import (
	"math"

	"github.com/sluice-dlp/sluice/detectors"
)

//go:generate go test -run TestBuiltinShapesGenerated . -args -update-shapes

// What compileRule derives from a catalogue rule depends on the rule
// alone, and the catalogue is data (detectors/catalogue_gen.go). Deriving
// it in every Compile parsed a few dozen patterns and scanned the rest
// (the shape: see shape_cold.go), and each rule's first window parsed its
// pattern again for the literals every match holds (required.go): some
// 20 ms and 600 page faults of each fresh process. So shape_gen.go holds
// all of it, worked out by go generate with the same functions, as data
// the linker lays out: the shapes, the ruleNeeds, and one lazyRegex per
// distinct pattern and resume pattern (resume.go), which every Scanner of
// the process shares (a reload finds them built). TestBuiltinShapesGenerated
// fails when the file is stale, and Compile derives everything as before
// for a rule the table does not describe (a catalogue other than the
// built-in one, a rule that is not the table's).

// builtinShape is one catalogue rule's entry, by its index.
type builtinShape struct {
	// id, pattern, group and nkw are the rule's, checked by knownRule:
	// a table gone stale in a working copy is not used (the linker keeps
	// one copy of equal string constants, so comparing the pattern does
	// not read it).
	id      string
	pattern string
	group   int
	nkw     int
	// shape and need are the rule's as written; routed and routedNeed
	// once routeByContext has routed it by its context words (nil
	// routedNeed: the same as need).
	shape, routed    ruleShape
	need, routedNeed *ruleNeed
	// re and resume index builtinRegexes: the rule's pattern and its
	// resume pattern (-1: none).
	re, resume int32
}

// knownRule is what the table says of one rule of a Compile.
type knownRule struct {
	shape      ruleShape
	need       *ruleNeed
	re, resume *lazyRegex // resume nil: none
}

// knownRuleOf returns the table's entry for catalogue rule i (of builtin,
// the scanner's catalogue), r being that rule after routeByContext.
func knownRuleOf(builtin []detectors.Rule, i int32, r *detectors.Rule) (knownRule, bool) {
	cat := detectors.Catalogue()
	if i < 0 || len(builtin) != len(builtinShapes) || len(cat) != len(builtin) || &cat[0] != &builtin[0] {
		return knownRule{}, false
	}
	e, b := &builtinShapes[i], &builtin[i]
	if e.id != b.ID || e.pattern != b.Pattern || e.group != b.Group || e.nkw != len(b.Keywords) {
		return knownRule{}, false
	}
	k := knownRule{shape: e.shape, need: e.need, re: &builtinRegexes[e.re]}
	if r.RequireContext && !b.RequireContext {
		k.shape = e.routed
		if e.routedNeed != nil {
			k.need = e.routedNeed
		}
	}
	if e.resume >= 0 {
		k.resume = &builtinRegexes[e.resume]
	}
	return k, true
}

// builtinTable is what go generate writes for rules (the catalogue).
type builtinTable struct {
	entries []builtinShape
	regexes []string // builtinRegexes' expressions
}

func deriveBuiltinTable(rules []detectors.Rule) (builtinTable, error) {
	var t builtinTable
	index := map[string]int32{}
	regex := func(expr string) int32 {
		i, ok := index[expr]
		if !ok {
			i = int32(len(t.regexes))
			index[expr] = i
			t.regexes = append(t.regexes, expr)
		}
		return i
	}
	for _, r := range rules {
		e := builtinShape{id: r.ID, pattern: r.Pattern, group: r.Group, nkw: len(r.Keywords), re: regex(r.Pattern), resume: -1}
		if p, ok := resumePattern(r.Pattern); ok && r.Group >= 1 {
			e.resume = regex(p)
		}
		var err error
		if e.shape, err = deriveShape(r.Pattern, r.Group, anchorKeywords(&r), true); err != nil {
			return t, err
		}
		e.need = derivedNeed(r)
		e.routed = e.shape
		if routed := routeByContext(r, math.Inf(1)); routed.RequireContext && !r.RequireContext {
			if e.routed, err = deriveShape(routed.Pattern, routed.Group, anchorKeywords(&routed), true); err != nil {
				return t, err
			}
			e.routedNeed = derivedNeed(routed)
		}
		t.entries = append(t.entries, e)
	}
	return t, nil
}

// derivedNeed is what r's first window would work out (required.go).
func derivedNeed(r detectors.Rule) *ruleNeed {
	n := newRuleNeed(r.Pattern, r.Keywords)
	n.get()
	n.pattern, n.keywords, n.fixed = "", nil, true
	return n
}
