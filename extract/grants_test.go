package extract

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// TestHTMLGrantTables reads grant tables in the shapes BIP pages use.
func TestHTMLGrantTables(t *testing.T) {
	page := func(title, table string) string {
		return `<html><head><meta charset="utf-8"></head><body><div id="mainDiv"><h1>` + title + `</h1>` + table +
			`<table class="metryka"><tr><td>Data publikacji:</td><td>10 czerwca 2020 r.</td></tr></table></div></body></html>`
	}
	tests := []struct {
		name  string
		html  string
		year  int
		wants []string // "org|krs|task|amount"
	}{
		{
			name: "two-row header, rowspan organisation, colspan total",
			html: page("Wyniki konkursu na rok 2021", `<table>
<tr><th rowspan="2">Lp.</th><th rowspan="2">Nazwa organizacji</th><th rowspan="2">KRS</th><th rowspan="2">Nazwa zadania</th><th colspan="2">Kwota</th></tr>
<tr><th>wnioskowana</th><th>przyznana</th></tr>
<tr><td rowspan="2">1.</td><td rowspan="2">Fundacja Alfa</td><td rowspan="2">1234</td><td>Zadanie A</td><td>9 000,00 zł</td><td>8 000,00 zł</td></tr>
<tr><td>Zadanie B</td><td>3 000,00 zł</td><td>2 500,00 zł</td></tr>
<tr><td colspan="5">Razem</td><td>10 500,00 zł</td></tr></table>`),
			year:  2021,
			wants: []string{"Fundacja Alfa|0000001234|Zadanie A|8000.00", "Fundacja Alfa|0000001234|Zadanie B|2500.00"},
		},
		{
			name: "KRS inside the name cell, amount header Dotacja (zł)",
			html: page("Rozstrzygnięcie konkursu w 2019 r.", `<table>
<tr><td>Oferent</td><td>Tytuł zadania</td><td>Dotacja (zł)</td></tr>
<tr><td>Stowarzyszenie Beta (KRS: 0000654321)</td><td>Festyn</td><td>12.500,00</td></tr>
<tr><td>Klub Gamma</td><td>Turniej</td><td>-</td></tr>
<tr><td>Suma</td><td></td><td>12.500,00</td></tr></table>`),
			year:  2019,
			wants: []string{"Stowarzyszenie Beta|0000654321|Festyn|12500.00"},
		},
		{
			name: "a pool and unit prices are not grants",
			html: page("Ogłoszenie konkursu na rok 2022", `<table>
<tr><th>Zadanie</th><th>Łączna kwota środków</th></tr>
<tr><td>Zadanie 1</td><td>500 000,00 zł</td></tr></table>
<table><tr><th>Organizacja</th><th>Stawka</th><th>Kwota</th></tr>
<tr><td>Fundacja Delta</td><td>za godzinę</td><td>50 zł/godz.</td></tr></table>`),
			wants: nil,
		},
		{
			name: "limits and pools in the organisation column",
			html: page("Wyniki konkursu 2022", `<table>
<tr><th>Nazwa organizacji</th><th>Kwota dotacji</th></tr>
<tr><td>Fundacja Kappa</td><td>10 000 zł</td></tr>
<tr><td>Stowarzyszenie Razem dla Krakowa</td><td>2 000 zł</td></tr>
<tr><td>Maksymalna kwota dotacji</td><td>50 000 zł</td></tr>
<tr><td>Dotacja nie może przekraczać</td><td>50 000 zł</td></tr>
<tr><td>Łączna kwota środków</td><td>500 000 zł</td></tr>
<tr><td>w tym na zadanie 1</td><td>200 000 zł</td></tr></table>`),
			year:  2022,
			wants: []string{"Fundacja Kappa|||10000.00", "Stowarzyszenie Razem dla Krakowa|||2000.00"},
		},
		{
			name: "plain Nazwa header beside a task column",
			html: page("Wyniki naboru 2024", `<table>
<tr><th>Nazwa</th><th>Zadanie</th><th>Kwota</th></tr>
<tr><td>Fundacja Iota</td><td>Warsztaty</td><td>4 000 zł</td></tr></table>`),
			year:  2024,
			wants: []string{"Fundacja Iota||Warsztaty|4000.00"},
		},
		{
			name: "layout table around the results",
			html: page("Wyniki otwartego konkursu ofert 2020", `<table id="layout"><tr><td>
<table><tr><th>Nazwa oferenta</th><th>Nr KRS</th><th>Przyznana dotacja</th></tr>
<tr><td>Fundacja Epsilon</td><td>0000000042</td><td>1 500 zł</td></tr></table></td></tr></table>`),
			year:  2020,
			wants: []string{"Fundacja Epsilon|0000000042||1500.00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := From(context.Background(), Input{
				URL:    "https://www.bip.krakow.pl/?dok_id=1",
				Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
				Body:   []byte(tt.html),
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, g := range res.Grants {
				got = append(got, fmt.Sprintf("%s|%s|%s|%s", g.Organization, g.KRS, g.Task, g.Amount))
				if g.Year != tt.year {
					t.Errorf("Year = %d, want %d", g.Year, tt.year)
				}
				if g.OrgKey != model.GrantOrgKey(g.Organization, g.KRS) || g.SourceURL != "https://www.bip.krakow.pl/?dok_id=1" || g.Page != 0 {
					t.Errorf("grant %+v", g)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.wants, "\n") {
				t.Errorf("grants\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.wants, "\n"))
			}
		})
	}
}

func TestNormalizeKRS(t *testing.T) {
	tests := []struct {
		in      string
		clearly bool
		want    string
	}{
		{"0000123456", false, "0000123456"},
		{"KRS 0000123456", false, "0000123456"},
		{"0000 123 456", false, "0000123456"},
		{"123456", true, "0000123456"},
		{"123456", false, ""},
		{"brak", true, ""},
		{"–", true, ""},
		{"0", true, ""},
		{"12345678901", true, ""},
		{"PL 123", true, ""},
		{"321456.0", true, "0000321456"},
		{"0000321456.00", false, "0000321456"},
		{"32.1456", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := normalizeKRS(tt.in, tt.clearly); got != tt.want {
				t.Errorf("normalizeKRS(%q, %v) = %q, want %q", tt.in, tt.clearly, got, tt.want)
			}
		})
	}
}

func TestGrantYear(t *testing.T) {
	tests := []struct {
		title, text string
		want        int
	}{
		{"Wyniki konkursu na rok 2021", "", 2021},
		{"Wyniki konkursu – kultura 2022", "", 2022},
		{"Wyniki konkursu w latach 2021–2023", "", 2021},
		{"Wyniki konkursu", "realizacja zadań w 2019 roku", 2019},
		{"Wyniki konkursu", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := grantYear(tt.title, tt.text, time.Time{}); got != tt.want {
				t.Errorf("grantYear = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestStripSiteSuffix(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Aktualności - Magiczny Kraków", "Aktualności"},
		{"Konkursy | Serwis ngo.krakow.pl", "Konkursy"},
		{"Wyniki – BIP Kraków", "Wyniki"},
		{"Kraków-Nowa Huta", "Kraków-Nowa Huta"},
		{"Program 2019-2022", "Program 2019-2022"},
		{"Uchwała nr X - w sprawie programu", "Uchwała nr X - w sprawie programu"},
	} {
		if got := stripSiteSuffix(tt.in); got != tt.want {
			t.Errorf("stripSiteSuffix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanOrgName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Fundacja „Alfa”", "Fundacja „Alfa”"},
		{"Fundacja Alfa, ul. Długa 1, 31-000 Kraków", "Fundacja Alfa"},
		{"Stowarzyszenie Beta ul.Krótka 2", "Stowarzyszenie Beta"},
		{"Klub Gamma 30-001 Kraków", "Klub Gamma"},
		{"Polski Związek Emerytów, Rencistów i Inwalidów Oddział Rejonowy Kraków-Krowodrza", "Polski Związek Emerytów, Rencistów i Inwalidów Oddział Rejonowy Kraków-Krowodrza"},
		{"Fundacja Delta –", "Fundacja Delta"},
	} {
		if got := cleanOrgName(tt.in); got != tt.want {
			t.Errorf("cleanOrgName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestGridContinuationRows folds a wrapped cell's further lines, read as
// rows of their own, back into their row.
func TestGridContinuationRows(t *testing.T) {
	row := func(cells ...string) gridRow { return gridRow{cells: cells, page: 1} }
	tests := []struct {
		name string
		rows []gridRow
		want []string
	}{
		{
			name: "with Lp.",
			rows: []gridRow{
				row("Lp.", "Nazwa organizacji", "KRS", "Tytuł zadania", "Kwota dotacji"),
				row("1.", "Fundacja Alfa", "0000000001", "Zajęcia dla", "1 000,00 zł"),
				row("", "Kraków-", "", "dzieci", ""),
				row("", "Podgórze", "", "", ""),
				row("2.", "Klub Beta", "", "Razem raźniej – turniej", "500 zł"),
				row("", "Razem", "", "", "1 500,00 zł"),
			},
			want: []string{"Fundacja Alfa Kraków-Podgórze|0000000001|Zajęcia dla dzieci|1000.00", "Klub Beta||Razem raźniej – turniej|500.00"},
		},
		{
			name: "without Lp.: a row with a name but no amount is its own row",
			rows: []gridRow{
				row("Oferent", "Zadanie", "Kwota"),
				row("Fundacja Alfa", "Zajęcia dla", "1 000 zł"),
				row("", "dzieci", ""),
				row("Fundacja Odrzucona", "Oferta odrzucona", ""),
			},
			want: []string{"Fundacja Alfa||Zajęcia dla dzieci|1000.00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, g := range grantsFromGrid(grid{rows: tt.rows}, grantContext{sourceID: "d", sourceURL: "https://www.bip.krakow.pl/x", year: 2021}) {
				got = append(got, fmt.Sprintf("%s|%s|%s|%s", g.Organization, g.KRS, g.Task, g.Amount))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
