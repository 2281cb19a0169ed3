package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

// TestLayoutGrants runs the PDF table reader on layouts written the way
// pdftotext -layout prints them.
func TestLayoutGrants(t *testing.T) {
	type g struct {
		org, krs, task string
		amount         model.Amount
		page           int
	}
	tests := []struct {
		name  string
		pages []string
		want  []g
	}{
		{
			name: "top-aligned, wrapped, Razem, footer",
			pages: []string{`
 Lp.   Nazwa organizacji        KRS            Tytuł zadania                 Kwota dotacji
1.     Fundacja „Alfa”          0000000001     Zajęcia dla dzieci               1 000,00 zł
       Kraków                                  z dzielnicy XIII
2.     Stowarzyszenie Beta      –              Festyn                             500 zł
                                               razem z sąsiadami
       Razem                                                                    1 500,00 zł



                         Wydział Sportu – strona 1 z 1`},
			want: []g{
				{"Fundacja „Alfa” Kraków", "0000000001", "Zajęcia dla dzieci z dzielnicy XIII", 100000, 1},
				{"Stowarzyszenie Beta", "", "Festyn razem z sąsiadami", 50000, 1},
			},
		},
		{
			name: "a number starting an organisation's second line is no Lp.",
			pages: []string{`
 Lp.   Nazwa organizacji        KRS            Tytuł zadania                 Kwota dotacji
1.     Klub Sportowy            0000000001     Zajęcia dla dzieci               1 000,00 zł
       2000 Kraków
2.     Stowarzyszenie Beta      0000000002     Festyn                             500 zł`},
			want: []g{
				{"Klub Sportowy 2000 Kraków", "0000000001", "Zajęcia dla dzieci", 100000, 1},
				{"Stowarzyszenie Beta", "0000000002", "Festyn", 50000, 1},
			},
		},
		{
			name: "header repeated on the next page, running header skipped",
			pages: []string{`
 Lp.   Nazwa organizacji        KRS            Tytuł zadania                 Kwota dotacji
1.     Fundacja Alfa            0000000001     Zadanie A                        1 000,00 zł


                         strona 1 z 2`, `
             Załącznik do Zarządzenia Nr 1/2021

 Lp.   Nazwa organizacji        KRS            Tytuł zadania                 Kwota dotacji
2.     Fundacja Beta            0000000002     Zadanie B                        2 000,00 zł`},
			want: []g{
				{"Fundacja Alfa", "0000000001", "Zadanie A", 100000, 1},
				{"Fundacja Beta", "0000000002", "Zadanie B", 200000, 2},
			},
		},
		{
			name: "header not repeated: rows go on after the page break",
			pages: []string{`
 Lp.   Nazwa organizacji        KRS            Tytuł zadania                 Kwota dotacji
1.     Fundacja Alfa            0000000001     Zadanie A                        1 000,00 zł`, `
2.     Fundacja Beta            0000000002     Zadanie B                        2 000,00 zł
       Kraków                                  ciąg dalszy`},
			want: []g{
				{"Fundacja Alfa", "0000000001", "Zadanie A", 100000, 1},
				{"Fundacja Beta Kraków", "0000000002", "Zadanie B ciąg dalszy", 200000, 2},
			},
		},
		{
			name: "no KRS column, requested and granted amounts",
			pages: []string{`
Lp.   Oferent                      Nazwa zadania                  Kwota wnioskowana   Kwota przyznana
1.    Fundacja Gamma               Warsztaty                           5 000,00 zł       4 000,00 zł
      im. Jana Pawła II            plastyczne
2.    Klub Delta                   Turniej                             3 000,00 zł       0,00 zł`},
			want: []g{
				{"Fundacja Gamma im. Jana Pawła II", "", "Warsztaty plastyczne", 400000, 1},
			},
		},
		{
			name: "KRS in the organisation cell, no Lp. column",
			pages: []string{`
Nazwa organizacji                            Tytuł zadania                 Przyznana dotacja
Fundacja Epsilon (KRS 0000123456)            Koncert                            12 500 zł
Stowarzyszenie Zeta                          Wystawa                             7 000 zł`},
			want: []g{
				{"Fundacja Epsilon", "0000123456", "Koncert", 1250000, 1},
				{"Stowarzyszenie Zeta", "", "Wystawa", 700000, 1},
			},
		},
		{
			name: "task column before the organisation",
			pages: []string{`
Lp.   Tytuł zadania                 Nazwa organizacji          Kwota dotacji
1.    Festyn rodzinny               Stowarzyszenie Eta              2 000,00 zł
      na Błoniach                   Kraków
2.    Kino letnie                   Fundacja Theta                  3 000 zł`},
			want: []g{
				{"Stowarzyszenie Eta Kraków", "", "Festyn rodzinny na Błoniach", 200000, 1},
				{"Fundacja Theta", "", "Kino letnie", 300000, 1},
			},
		},
		{
			name: "not a grant table: totals by area",
			pages: []string{`
                Obszar zadań publicznych                 Liczba umów        Kwota dotacji (zł)
Pomoc społeczna                                                  312        41 250 300,00 zł
Razem                                                           1202        98 676 200,00 zł`},
			want: nil,
		},
		{
			name: "text before any header",
			pages: []string{`Łączna kwota środków wynosi 500 000,00 zł.
1.    Organizacje mogą składać oferty          do 3 lutego.          100 000,00 zł`},
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := layoutGrants(tt.pages, grantContext{sourceID: "doc", sourceURL: "https://www.bip.krakow.pl/x", year: 2021})
			var gs []string
			for _, x := range got {
				gs = append(gs, fmt.Sprintf("%q %q %q %s p%d", x.Organization, x.KRS, x.Task, x.Amount, x.Page))
			}
			var ws []string
			for _, w := range tt.want {
				ws = append(ws, fmt.Sprintf("%q %q %q %s p%d", w.org, w.krs, w.task, w.amount, w.page))
			}
			if strings.Join(gs, "\n") != strings.Join(ws, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(gs, "\n"), strings.Join(ws, "\n"))
			}
		})
	}
}
