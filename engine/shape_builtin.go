package engine

import (
	"math"

	"github.com/sluice-dlp/sluice/detectors"
)

//go:generate go test -run TestBuiltinShapesGenerated . -args -update-shapes

// What compileRule derives from a catalogue rule's pattern (its shape:
// see shape_cold.go) depends on the rule alone, and the catalogue is
// data (detectors/catalogue_gen.go). Deriving it in every Compile parsed
// a few dozen patterns and scanned the rest: some 14 ms and 500 page
// faults of each fresh process. So shape_gen.go holds it, worked out by
// go generate with the same deriveShape; TestBuiltinShapesGenerated
// fails when the file is stale, and Compile derives the shape as before
// for any rule the table does not describe (a catalogue other than the
// built-in one, a rule whose id is not the table's).

// builtinShape is one catalogue rule's entry, by its index.
type builtinShape struct {
	// id, pattern, group and nkw are the rule's, checked by knownShape:
	// a table gone stale in a working copy is not used (the linker keeps
	// one copy of equal string constants, so comparing the pattern does
	// not read it).
	id      string
	pattern string
	group   int
	nkw     int
	shape   ruleShape // the rule as written
	// routed is its shape once routeByContext has routed it by its
	// context words (the same as shape when it cannot be).
	routed ruleShape
	// same is the index of the first catalogue rule with the same
	// pattern: rules of one pattern share its program (see Compile).
	same int32
}

// knownShape returns the table's shape of catalogue rule i (of builtin,
// the scanner's catalogue), r being that rule after routeByContext.
func knownShape(builtin []detectors.Rule, i int32, r *detectors.Rule) (*builtinShape, ruleShape, bool) {
	cat := detectors.Catalogue()
	if i < 0 || len(builtin) != len(builtinShapes) || len(cat) != len(builtin) || &cat[0] != &builtin[0] {
		return nil, ruleShape{}, false
	}
	e, b := &builtinShapes[i], &builtin[i]
	if e.id != b.ID || e.pattern != b.Pattern || e.group != b.Group || e.nkw != len(b.Keywords) {
		return nil, ruleShape{}, false
	}
	if r.RequireContext && !builtin[i].RequireContext {
		return e, e.routed, true
	}
	return e, e.shape, true
}

// deriveBuiltinShape is the entry go generate writes for catalogue rule
// i of rules.
func deriveBuiltinShape(rules []detectors.Rule, i int) (builtinShape, error) {
	r := rules[i]
	e := builtinShape{id: r.ID, pattern: r.Pattern, group: r.Group, nkw: len(r.Keywords), same: int32(i)}
	for j := range i {
		if rules[j].Pattern == r.Pattern {
			e.same = int32(j)
			break
		}
	}
	var err error
	if e.shape, err = deriveShape(r.Pattern, r.Group, anchorKeywords(&r), true); err != nil {
		return e, err
	}
	e.routed = e.shape
	if routed := routeByContext(r, math.Inf(1)); routed.RequireContext && !r.RequireContext {
		if e.routed, err = deriveShape(routed.Pattern, routed.Group, anchorKeywords(&routed), true); err != nil {
			return e, err
		}
	}
	return e, nil
}
