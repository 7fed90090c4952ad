//go:build race

package engine

// raceEnabled: the race detector allocates on its own, so allocation
// counts are not meaningful under it.
const raceEnabled = true
