//go:build race

package extract

// raceEnabled: the race detector slows code down about tenfold.
const raceEnabled = true
