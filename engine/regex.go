package engine

// regex is the part of a compiled expression the engine uses; both go-re2
// and the standard library's regexp satisfy it.
type regex interface {
	FindAllSubmatchIndex(b []byte, n int) [][]int
	FindAllIndex(b []byte, n int) [][]int
	Match(b []byte) bool
	NumSubexp() int
}

// regexSet reports which of several patterns match somewhere in b.
type regexSet interface {
	FindAllWithError(b []byte, n int) ([]int, error)
}
