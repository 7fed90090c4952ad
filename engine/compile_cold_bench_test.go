package engine

import "testing"

// BenchmarkCompile is what loading the default policy costs once the
// catalogue is built: a reload's work, and most of a fresh process's
// start (the first Compile also builds the catalogue, once).
func BenchmarkCompile(b *testing.B) {
	p := DefaultPolicy()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(p); err != nil {
			b.Fatal(err)
		}
	}
}
