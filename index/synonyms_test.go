package index

import (
	"reflect"
	"testing"
)

func TestSynonymsFile(t *testing.T) {
	s, err := loadSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // a variant -> another variant of its group
		"NGO": "organizacja pozarządowa", "KDO": "Komisja Dialogu Obywatelskiego",
		"MOPS": "Miejski Ośrodek Pomocy Społecznej", "KRDPP": "Krakowska Rada Działalności Pożytku Publicznego",
		"CAS": "Centrum Aktywności Seniora", "III sektor": "trzeci sektor",
	}
	for a, b := range want {
		ma, mb := s.find(tokens(a), nil), s.find(tokens(b), nil)
		if len(ma) != 1 || len(mb) != 1 || ma[0].group != mb[0].group {
			t.Errorf("%q and %q are not one group: %+v %+v", a, b, ma, mb)
		}
	}
}

func TestSynonymsFind(t *testing.T) {
	ix := openEmpty(t)
	stem := func(w string) string { return first(ix.gen.an.stem, w) }
	s, err := parseSynonyms("NGO | organizacja pozarządowa | trzeci sektor\nCAS | Centrum Aktywności Seniora\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		words string
		want  []synMatch
	}{
		{"acronym", "ngo Kraków", []synMatch{{0, 1, 0, 0}}},
		{"inflected, no diacritics", "dotacje dla organizacji pozarzadowych", []synMatch{{2, 4, 0, 1}}},
		{"two groups", "CAS trzeciego sektora", []synMatch{{0, 1, 1, 0}, {1, 3, 0, 2}}},
		{"inflected, stem decides", "Centrów Aktywności Seniorów", []synMatch{{0, 3, 1, 1}}},
		{"no diacritics, light decides", "centrum aktywnosci seniora", []synMatch{{0, 3, 1, 1}}},
		{"none", "sprawozdanie 2019", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.find(tokens(tt.words), stem); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("find(%q) = %+v, want %+v", tt.words, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"NGO\n", "NGO | \n"} {
		if _, err := parseSynonyms(bad); err == nil {
			t.Errorf("parseSynonyms(%q) accepted", bad)
		}
	}
}
