//go:build !stdregexp

package engine

import (
	re2 "github.com/wasilibs/go-re2"
	"github.com/wasilibs/go-re2/experimental"
)

// RegexEngine names the regex implementation compiled in.
const RegexEngine = "go-re2"

func compileRegex(expr string) (regex, error) {
	return re2.Compile(expr)
}

// compileSet builds an RE2 set; it reports which patterns match a text in
// one pass.
func compileSet(exprs []string) (regexSet, error) {
	return experimental.CompileSet(exprs)
}
