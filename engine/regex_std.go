//go:build stdregexp

package engine

import "regexp"

// RegexEngine names the regex implementation compiled in. The stdlib build
// exists only as the naive baseline for benchmarks.
const RegexEngine = "stdlib-regexp"

func compileRegex(expr string) (regex, error) {
	return regexp.Compile(expr)
}

// compileSet: the standard library has no regex sets, so the stdlib
// baseline runs every digit rule on every cluster.
func compileSet([]string) (regexSet, error) { return nil, nil }
