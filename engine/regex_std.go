//go:build stdregexp

package engine

import "regexp"

// RegexEngine names the regex implementation compiled in. The stdlib build
// exists only as the naive baseline for benchmarks.
const RegexEngine = "stdlib-regexp"

func compileRegex(expr string) (regex, error) {
	return regexp.Compile(expr)
}
