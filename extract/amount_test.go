package extract

import (
	"errors"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want model.Amount
	}{
		{"spaces and zł", "12 500,00 zł", 1250000},
		{"no currency", "12 500,00", 1250000},
		{"plain zł", "12500 zł", 1250000},
		{"plain", "12500", 1250000},
		{"mln", "1,5 mln zł", 150000000},
		{"mln no currency", "2 mln", 200000000},
		{"mln three decimals", "1,125 mln zł", 112500000},
		{"tys.", "150 tys. zł", 15000000},
		{"tys without dot", "150 tys zł", 15000000},
		{"tys decimal", "2,5 tys. zł", 250000},
		{"dot groups", "12.500,00 zł", 1250000},
		{"dot groups millions", "1.500.000,00 zł", 150000000},
		{"dot groups no decimals", "12.500 zł", 1250000},
		{"no-break space", "420\u00a0000,00 zł", 42000000},
		{"narrow no-break space", "420\u202f000,00\u202fzł", 42000000},
		{"thin space", "420\u2009000,00 zł", 42000000},
		{"one grosz", "0,01 zł", 1},
		{"one decimal", "12,5 zł", 1250},
		{"dash decimals", "12 500,- zł", 1250000},
		{"double dash", "12 500,-- zł", 1250000},
		{"spreadsheet decimal dot", "12500.5", 1250050},
		{"spreadsheet two decimals", "3925.00", 392500},
		{"PLN suffix", "87 300,00 PLN", 8730000},
		{"PLN prefix", "PLN 100", 10000},
		{"złotych", "5000 złotych", 500000},
		{"zl ascii", "5000 zl", 500000},
		{"zł. with dot", "5000 zł.", 500000},
		{"surrounding space", "  45 000,00 zł  ", 4500000},
		{"zero", "0,00 zł", 0},
		{"large", "104 000 000,00 zł", 10400000000},
		{"big groups", "1 234 567,89 zł", 123456789},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAmount(tt.in)
			if err != nil {
				t.Fatalf("ParseAmount(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseAmount(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseAmountRejects(t *testing.T) {
	for _, tt := range []struct{ name, in string }{
		{"empty", ""},
		{"spaces only", "   "},
		{"currency only", "zł"},
		{"words", "nie przyznano"},
		{"dash", "-"},
		{"negative", "-500 zł"},
		{"three decimals", "12,345"},
		{"sub-grosz with mln", "1,123456789 mln"},
		{"bad group", "12 50,00 zł"},
		{"mixed separators", "1.234 567,00"},
		{"comma alone", "12,"},
		{"two commas", "1,2,3"},
		{"letters inside", "12a500"},
		{"unit price", "50 zł/godz."},
		{"per person", "100 zł za osobę"},
		{"percent", "15%"},
		{"range", "1000-2000 zł"},
		{"sentence", "łączna kwota 500 000,00 zł"},
		{"huge", "99999999999999999999999 zł"},
		{"date", "10.06.2020"},
		{"krs", "KRS 0000123456"},
		{"two amounts", "100 zł 200 zł"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAmount(tt.in)
			if !errors.Is(err, ErrNotAmount) {
				t.Errorf("ParseAmount(%q) = %s, %v; want ErrNotAmount", tt.in, got, err)
			}
		})
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12 500,00 zł", "12 500,00", "12500 zł", "1,5 mln zł", "150 tys. zł", "12.500,00 zł", "420\u00a0000,00 zł", "12 500,- zł", "12500.5", "0,01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			if !errors.Is(err, ErrNotAmount) {
				t.Fatalf("error %v does not wrap ErrNotAmount", err)
			}
			return
		}
		if a < 0 {
			t.Fatalf("negative amount %s from %q", a, s)
		}
		// Whatever parses must round-trip through the Polish form.
		back, err := ParseAmount(a.Polish())
		if err != nil || back != a {
			t.Fatalf("%q -> %s -> %q -> %s, %v", s, a, a.Polish(), back, err)
		}
	})
}
