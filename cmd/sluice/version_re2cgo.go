//go:build re2_cgo

package main

// re2Mode names how go-re2 runs in this build.
const re2Mode = "cgo (links the system libre2)"

// re2Tag is the build tag that selects re2Mode ("" for the default).
const re2Tag = "re2_cgo"
