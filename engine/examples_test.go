package engine

import (
	"path/filepath"
	"testing"
)

// TestExamplePolicies keeps every policy in examples/ loadable.
func TestExamplePolicies(t *testing.T) {
	t.Setenv("SLUICE_HASH_KEY", "0123456789abcdef-test")
	paths, err := filepath.Glob("../examples/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no example policies: %v", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			pol, err := LoadPolicy(p)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Compile(pol); err != nil {
				t.Fatal(err)
			}
		})
	}
}
