package engine

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"sync"
)

// A policy holds hundreds of rules, and a text touches few of them: most
// answers open windows for a handful of rules, and many rules never run
// in a process's lifetime. Compiling every RE2 program up front was most
// of a fresh process's start (and of every reload). So the catalogue's
// patterns compile on first use; a user's patterns still compile in
// Compile, so that a policy error is reported when the policy loads.

// lazyRegex compiles expr the first time it is used. expr is a catalogue
// pattern, which TestCataloguePatternsCompile builds with RE2 (Compile
// does not parse it: see shape_cold.go). Should the RE2 build refuse it
// anyway (a program over its memory budget), the standard library's
// regexp — same syntax, linear time, slower — stands in, so the rule
// is never silently skipped.
//
// Its large bounds are relaxed when that keeps every match (see
// regex_relax.go): the exact program is then built only for a text that
// needs it.
type lazyRegex struct {
	expr  string
	exact bool // build expr as written (the fallback of a boundedRegex)
	once  sync.Once
	re    regex
}

func newLazyRegex(expr string) *lazyRegex {
	return &lazyRegex{expr: expr}
}

func (l *lazyRegex) get() regex {
	l.once.Do(func() {
		if !l.exact {
			if relaxed, limit, ok := relaxBounds(l.expr); ok {
				if fast, err := compileRegex(relaxed); err == nil {
					l.re = &boundedRegex{fast: fast, exact: &lazyRegex{expr: l.expr, exact: true}, limit: limit}
					return
				}
			}
		}
		re, err := compileRegex(l.expr)
		if err != nil {
			re = regexp.MustCompile(l.expr)
		}
		l.re = re
	})
	return l.re
}

func (l *lazyRegex) FindAllSubmatchIndex(b []byte, n int) [][]int {
	return l.get().FindAllSubmatchIndex(b, n)
}

func (l *lazyRegex) FindAllIndex(b []byte, n int) [][]int { return l.get().FindAllIndex(b, n) }

func (l *lazyRegex) Match(b []byte) bool { return l.get().Match(b) }

func (l *lazyRegex) NumSubexp() int { return l.get().NumSubexp() }

// lazySet builds an RE2 set on first use; if it cannot be built, every
// call reports the error and the caller runs each pattern on its own.
type lazySet struct {
	exprs []string
	once  sync.Once
	set   regexSet
	err   error
}

func newLazySet(exprs []string) *lazySet { return &lazySet{exprs: exprs} }

func (l *lazySet) FindAllWithError(b []byte, n int) ([]int, error) {
	l.once.Do(func() {
		l.set, l.err = compileSet(l.exprs)
		if l.err == nil && l.set == nil {
			l.err = errNoSet
		}
	})
	if l.err != nil {
		return nil, l.err
	}
	return l.set.FindAllWithError(b, n)
}

var errNoSet = errors.New("regex sets are not available in this build")

// parsePattern parses expr with Go's RE2-syntax parser: it gives a clean
// message and keeps the C++ RE2 from logging to stderr.
func parsePattern(expr string) (*syntax.Regexp, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("does not compile: %v", err)
	}
	return re, nil
}

// allowPattern is a rule's allow pattern: a catalogue rule's is built on
// first use, a policy rule's now (so that its errors show at load).
func allowPattern(expr string, lazy bool) (regex, error) {
	if lazy {
		return newLazyRegex(expr), nil
	}
	return compilePattern(expr)
}
