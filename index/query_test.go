package index

import (
	"reflect"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Query
	}{
		{"empty", "", Query{}},
		{"words", "konkurs ofert seniorzy", Query{Words: []string{"konkurs", "ofert", "seniorzy"}}},
		{"phrase", `"Centrum Aktywności Seniora" Kraków`, Query{Words: []string{"Kraków"}, Phrases: [][]string{{"Centrum", "Aktywności", "Seniora"}}}},
		{"polish quotes", "„Kocham Kraków z wzajemnością”", Query{Phrases: [][]string{{"Kocham", "Kraków", "z", "wzajemnością"}}}},
		{"unclosed quote runs to end", `"III sektor`, Query{Phrases: [][]string{{"III", "sektor"}}}},
		{"exclusion", "bezdomność -zima", Query{Words: []string{"bezdomność"}, Exclude: []string{"zima"}}},
		{"excluded phrase", `NGO -"trzeci sektor"`, Query{Words: []string{"NGO"}, ExcludePhrases: [][]string{{"trzeci", "sektor"}}}},
		{"dash inside word is text", "2019-2022 program", Query{Words: []string{"2019", "2022", "program"}}},
		{"lone dash is nothing", "Kraków - NGO", Query{Words: []string{"Kraków", "NGO"}}},
		{"type by label", "typ:uchwała program", Query{Words: []string{"program"}, Types: []model.DocType{model.TypeResolution}}},
		{"type by value", "typ:competition_results", Query{Types: []model.DocType{model.TypeCompetitionResults}}},
		{"type by inflected label without diacritics", "typ:uchwaly", Query{Types: []model.DocType{model.TypeResolution}}},
		{"type by quoted label", `typ:"Wyniki konkursu" bezdomność`, Query{Words: []string{"bezdomność"}, Types: []model.DocType{model.TypeCompetitionResults}}},
		{"unknown type is text", "typ:blog", Query{Words: []string{"typ", "blog"}}},
		{"year", "rok:2019 sprawozdanie", Query{Words: []string{"sprawozdanie"}, Years: []int{2019}}},
		{"year range", "rok:2019-2021", Query{Years: []int{2019, 2020, 2021}}},
		{"bad year is text", "rok:dawno", Query{Words: []string{"rok", "dawno"}}},
		{"source with diacritics", "źródło:bip", Query{Hosts: []string{"bip"}}},
		{"source without diacritics", "zrodlo:ngo.krakow.pl", Query{Hosts: []string{"ngo.krakow.pl"}}},
		{"source as url", "zrodlo:https://www.bip.krakow.pl/?dok_id=1", Query{Hosts: []string{"www.bip.krakow.pl"}}},
		{"org", `org:"Fundacja Nowe Miasto"`, Query{Orgs: [][]string{{"Fundacja", "Nowe", "Miasto"}}}},
		{"unknown key is text", "Uchwała: w sprawie", Query{Words: []string{"Uchwała", "w", "sprawie"}}},
		{"title with colon", "Sprawozdanie:2019", Query{Words: []string{"Sprawozdanie", "2019"}}},
		{"hostile paste", `Zarządzenie Nr 1234/2020 (z dnia 12.05.2020) & <b>KRDPP</b> [PDF]`, Query{Words: []string{"Zarządzenie", "Nr", "1234", "2020", "z", "dnia", "12.05.2020", "b", "KRDPP", "b", "PDF"}}},
		{"quotes glued to words", `Fundacja„Nowe Miasto”`, Query{Words: []string{"Fundacja"}, Phrases: [][]string{{"Nowe", "Miasto"}}}},
		{"only punctuation", `"" - : & / ()`, Query{}},
		{"prefix", "sprawozd* seniorzy", Query{Words: []string{"seniorzy"}, Prefixes: []string{"sprawozd"}}},
		{"short prefix is a word", "se*", Query{Words: []string{"se"}}},
		{"star alone", "* konkurs", Query{Words: []string{"konkurs"}}},
		{"invalid utf-8", "seniorzy\xff\xfeKDO", Query{Words: []string{"seniorzy", "KDO"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseQuery(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseQuery(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"konkurs ofert", `"Centrum Aktywności" -zima typ:uchwała rok:2019-2021`, "źródło:bip org:„Fundacja”",
		`typ:"`, "-", `-"`, "rok:2019-", "a:b:c", "\xff\xfe", "„”«»", "zrodlo:https://x/y?z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		for _, ws := range [][]string{q.Words, q.Exclude} {
			for _, w := range ws {
				if w == "" {
					t.Fatalf("empty word from %q", s)
				}
			}
		}
		for _, y := range q.Years {
			if y < 1990 || y > 2100 {
				t.Fatalf("year %d from %q", y, s)
			}
		}
		for _, ty := range q.Types {
			if !ty.Valid() {
				t.Fatalf("type %q from %q", ty, s)
			}
		}
	})
}
