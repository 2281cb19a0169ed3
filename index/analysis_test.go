package index

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

func analyze(a analysis.Analyzer, s string) []string {
	var out []string
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// TestAnalysis runs the analyzers of a real on-disk index: the point is
// that the index resolves them (bleve's pl analyzer included) by name.
func TestAnalysis(t *testing.T) {
	ix := openEmpty(t)
	an := ix.gen.an
	tests := []struct {
		name     string
		analyzer analysis.Analyzer
		in       string
		want     string // space-separated terms
	}{
		{"stem sprawozdanie forms meet", an.stem, "sprawozdanie sprawozdania sprawozdaniu sprawozdań", "sprawozdanie sprawozdanie sprawozdanie sprawozdanie"},
		{"stem seniorzy seniorów", an.stem, "seniorzy seniorów seniorom", "senior senior senior"},
		{"stem bezdomności", an.stem, "bezdomność bezdomności", "bezdomność bezdomność"},
		{"stem drops stop words", an.stem, "w sprawie i na rok", "sprawo rok"},
		{"acronym OPP kept", an.stem, "OPP", "opp"},
		{"acronym KDO kept", an.stem, "KDO", "kdo"},
		{"acronym KRDPP kept", an.stem, "KRDPP", "krdpp"},
		{"acronym MOPS kept", an.stem, "MOPS", "mops"},
		{"short word kept", an.stem, "pip", "pip"},
		{"resolution number kept", an.stem, "XXI/123/2019", "xxi 123 2019"},
		{"number kept", an.stem, "2019", "2019"},
		{"shouted heading still stemmed", an.stem, "SPRAWOZDANIE ROCZNE", "sprawozdanie roczny"},
		{"exact lower-cases only", an.exact, "Sprawozdaniu KDO Łódź", "sprawozdaniu kdo łódź"},
		{"fold ł and ó", an.fold, "Łódź źródło bezdomności", "lodz zrodlo bezdomnosci"},
		{"fold keeps ascii", an.fold, "zrodlo lodz", "zrodlo lodz"},
		{"light meets inflections without diacritics", an.light, "bezdomnosc bezdomności Kraków Krakowie krakowa", "bezdomnosc bezdomnosc krakow krakow krakow"},
		{"light seniorzy", an.light, "seniorzy seniora", "senior senior"},
		{"light źródło źródła", an.light, "źródło zrodla", "zrodl zrodl"},
		{"light short words untouched", an.light, "OPP kdo lodz", "opp kdo lodz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analyze(tt.analyzer, tt.in)
			if want := strings.Fields(tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("analyze(%q) = %q, want %q", tt.in, got, want)
			}
		})
	}
}

// TestStemmerWithoutProtection documents why the protection exists: the
// bare Polish stemmer mangles acronyms.
func TestStemmerWithoutProtection(t *testing.T) {
	ix := openEmpty(t)
	pl := ix.gen.docs.Mapping().AnalyzerNamed("pl")
	if pl == nil {
		t.Fatal("bleve's pl analyzer is not registered")
	}
	if got := analyze(pl, "OPP"); reflect.DeepEqual(got, []string{"opp"}) {
		t.Errorf("bare pl analyzer keeps OPP (%q): the protection may no longer be needed", got)
	}
}

func TestLightStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"krakow", "krakow"},
		{"krakowie", "krakow"},
		{"krakowskiego", "krakowsk"},
		{"organizacjami", "organizacj"},
		{"pozarzadowych", "pozarzadow"},
		{"seniorzy", "senior"},
		{"lodz", "lodz"},
		{"opp", "opp"},
		{"2019", "2019"},
		{"sprawozdan", "sprawozdan"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := string(lightStem([]byte(tt.in))); got != tt.want {
				t.Errorf("lightStem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestIndexedOffsetsDropped: the fields with positions are indexed with
// the byte offsets zeroed (analyzerStemPos, analyzerExactPos), which keeps
// the index smaller; positions and array positions, which phrases and page
// location read, are kept.
func TestIndexedOffsetsDropped(t *testing.T) {
	ix, byKey := openCorpus(t)
	id := byKey["report2019"].ID
	tests := []struct{ field, term string }{
		{fText, first(ix.gen.an.stem, "bezdomności")},
		{fTitle, first(ix.gen.an.stem, "sprawozdanie")},
		{fTitle + sufExact, "sprawozdanie"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			locs, err := ix.gen.locations(context.Background(), termQ(tt.field, tt.term, 1), []string{id})
			if err != nil {
				t.Fatal(err)
			}
			ls := locs[id][tt.field][tt.term]
			if len(ls) == 0 {
				t.Fatalf("no locations of %s:%s in report2019: %v", tt.field, tt.term, locs[id])
			}
			for _, l := range ls {
				if l.Pos == 0 {
					t.Errorf("location without a position: %+v", l)
				}
				if l.Start != 0 || l.End != 0 {
					t.Errorf("offsets indexed: %+v", l)
				}
				if tt.field == fText && len(l.ArrayPositions) == 0 {
					t.Errorf("text location without its array position (page): %+v", l)
				}
			}
		})
	}
}
