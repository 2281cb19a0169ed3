package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

func TestSideBySide(t *testing.T) {
	loc := func(page, pos uint64) *search.Location {
		return &search.Location{Pos: pos, ArrayPositions: search.ArrayPositions{page}}
	}
	// "świetlica środowiskowa": offsets 0, 1; "dzień (z) podpisania":
	// the stop word keeps its gap.
	pair := []runTerm{{"świetlica", 0}, {"środowiskowy", 1}}
	gap := []runTerm{{"dzień", 0}, {"podpisanie", 2}}
	tests := []struct {
		name string
		tl   search.TermLocationMap
		seq  []runTerm
		want bool
	}{
		{"side by side", search.TermLocationMap{"świetlica": {loc(2, 7)}, "środowiskowy": {loc(2, 8)}}, pair, true},
		{"one of several occurrences", search.TermLocationMap{"świetlica": {loc(2, 1), loc(3, 40)}, "środowiskowy": {loc(2, 9), loc(3, 41)}}, pair, true},
		{"apart", search.TermLocationMap{"świetlica": {loc(2, 7)}, "środowiskowy": {loc(2, 9)}}, pair, false},
		{"reversed", search.TermLocationMap{"świetlica": {loc(2, 8)}, "środowiskowy": {loc(2, 7)}}, pair, false},
		{"same positions on two pages", search.TermLocationMap{"świetlica": {loc(2, 7)}, "środowiskowy": {loc(3, 8)}}, pair, false},
		{"a word missing", search.TermLocationMap{"świetlica": {loc(2, 7)}}, pair, false},
		{"stop word gap kept", search.TermLocationMap{"dzień": {loc(0, 4)}, "podpisanie": {loc(0, 6)}}, gap, true},
		{"gap not filled by adjacency", search.TermLocationMap{"dzień": {loc(0, 4)}, "podpisanie": {loc(0, 5)}}, gap, false},
		{"no array positions (title)", search.TermLocationMap{"świetlica": {{Pos: 1}}, "środowiskowy": {{Pos: 2}}}, pair, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sideBySide(tt.tl, tt.seq); got != tt.want {
				t.Errorf("sideBySide = %v, want %v", got, tt.want)
			}
		})
	}
}
