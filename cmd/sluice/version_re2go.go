//go:build !re2_cgo

package main

// re2Mode names how go-re2 runs in this build.
const re2Mode = "pure Go (RE2 compiled from WebAssembly to Go, no cgo)"

// re2Tag is the build tag that selects re2Mode ("" for the default).
const re2Tag = ""
