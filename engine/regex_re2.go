//go:build !stdregexp

package engine

import re2 "github.com/wasilibs/go-re2"

// RegexEngine names the regex implementation compiled in.
const RegexEngine = "go-re2"

func compileRegex(expr string) (regex, error) {
	return re2.Compile(expr)
}
