package extract

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/krakow-ngo/ngosearch/model"
)

func goldenURL(t testing.TB, name string) string {
	for _, c := range goldenCases {
		if c.name == name {
			return c.url
		}
	}
	t.Fatalf("no golden case %q", name)
	return ""
}

func extractCase(t *testing.T, name string) Result {
	t.Helper()
	res, err := From(context.Background(), goldenInput(t, name, goldenURL(t, name)))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestProfiles asserts the fields that matter per page family, so a golden
// file refreshed with -update cannot silently accept a regression.
func TestProfiles(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name       string
		title      string
		typ        model.DocType
		published  time.Time
		modified   time.Time
		unit       string
		section    string
		lead       string // prefix
		bodyHas    []string
		bodyHasNot []string
	}{
		{
			name: "article", title: "Sprawozdanie ze współpracy miasta z NGO w roku 2019", typ: model.TypeNews,
			published: time.Date(2020, 6, 10, 12, 41, 0, 0, warsaw()), unit: "Wydział Polityki Społecznej i Zdrowia",
			section: "Aktualności", lead: "Przedsięwzięcia z zakresu spraw społecznych",
			bodyHas:    []string{"Dzięki współpracy", "10 grudnia 2019 r.", "\n\nW ubiegłym roku"},
			bodyHasNot: []string{"stopkowiec", "Wszystkich Świętych", "cookies", "Zobacz także", "Współpraca z NGO w pandemii", "Udostępnij", "Kultura", "dataLayer", "Przejdź do treści", "Data publikacji"},
		},
		{
			name: "article_dodano", title: "Forum Trzeciego Sektora 2021 – rozmowy o przyszłości NGO", typ: model.TypeNews,
			published: time.Date(2021, 10, 7, 11, 29, 0, 0, warsaw()), modified: time.Date(2021, 10, 8, 9, 5, 0, 0, warsaw()),
			unit:    "Kancelaria ds. Organizacji Pozarządowych i Współpracy z Sektorem Pozarządowym",
			section: "Aktualności", lead: "Ponad 200 osób",
			bodyHas:    []string{"Tematem przewodnim", "5 października 2022 r."},
			bodyHasNot: []string{"Ukryty tekst", "Czytaj także", "Reymonta", "Wszystkich Świętych", "ciasteczka", "dodano"},
		},
		{
			name: "article_bare_date", title: "MOPS zleca organizacjom usługi opiekuńcze", typ: model.TypeNews,
			published: day(2020, 3, 2), unit: "Miejski Ośrodek Pomocy Społecznej w Krakowie", section: "Aktualności",
			lead:       "Miejski Ośrodek Pomocy Społecznej w Krakowie (MOPS)",
			bodyHas:    []string{"Usługi opiekuńcze", "\n\nŹródło finansowania zadań"},
			bodyHasNot: []string{"Drukuj", "Udostępnij", "Na skróty", "Konkursy ofert", "Wszystkich Świętych", "Kultura"},
		},
		{
			name: "print", title: "Współpraca z NGO w pandemii. Sprawozdanie za 2020 rok", typ: model.TypeNews,
			published: day(2021, 5, 31), section: "Aktualności",
			bodyHas:    []string{"Pandemia COVID-19", "104 mln zł"},
			bodyHasNot: []string{"31.05.2021", "Wszystkich Świętych"},
		},
		{
			name: "bip_doc", title: "Wyniki otwartego konkursu ofert na realizację zadań z zakresu przeciwdziałania bezdomności w latach 2021–2023",
			typ: model.TypeCompetitionResults, published: day(2020, 12, 23), modified: day(2021, 1, 4),
			unit: "Wydział Polityki Społecznej i Zdrowia", section: "Konkursy ofert",
			bodyHas:    []string{"Prezydent Miasta Krakowa informuje", "Fundacja Streetworkerów Krakowskich"},
			bodyHasNot: []string{"bipredaktorka", "Liczba odwiedzin", "Jan Kowalski", "Prawo lokalne", "Biuletyn Informacji Publicznej Miasta"},
		},
		{
			name: "generic", title: "Centrum Obywatelskie – godziny otwarcia", typ: model.TypeOther,
			published:  day(2022, 3, 15),
			bodyHas:    []string{"czynne od poniedziałku", "Regulamin korzystania z sal"},
			bodyHasNot: []string{"Stopkowy", "Na skróty", "Kontakt"},
		},
		{
			name: "broken", title: "Komisje Dialogu Obywatelskiego", typ: model.TypeNews,
			published: day(2021, 3, 29), unit: "Kancelaria ds. Organizacji Pozarządowych", section: "Aktualności",
			bodyHas:    []string{"o charakterze doradczym", "Uczestniczą w przygotowaniu", "30 kwietnia 2021 r.", "zarządzenie & uchwała „KDO”"},
			bodyHasNot: []string{"Wszystkich Świętych", "<"},
		},
	}
	for _, enc := range []string{"cp1250_undeclared", "cp1250_meta", "iso88592_undeclared", "iso88592_header"} {
		tests = append(tests, struct {
			name       string
			title      string
			typ        model.DocType
			published  time.Time
			modified   time.Time
			unit       string
			section    string
			lead       string
			bodyHas    []string
			bodyHasNot []string
		}{
			name: enc, title: "Źródła finansowania: ogłoszenie o naborze wniosków", typ: model.TypeNews,
			published: day(2019, 2, 14), unit: "Wydział Kultury i Dziedzictwa Narodowego", section: "Aktualności",
			bodyHas:    []string{"Zażółć gęślą jaźń. ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż.", "Środowiska", "Źdźbło"},
			bodyHasNot: []string{"\uFFFD", "±", "¶", "¼", "¦", "¬", "Ľ", "š"},
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := extractCase(t, tt.name).Document
			if d == nil {
				t.Fatal("no document")
			}
			if d.Title != tt.title {
				t.Errorf("Title = %q, want %q", d.Title, tt.title)
			}
			if d.Type != tt.typ {
				t.Errorf("Type = %q, want %q", d.Type, tt.typ)
			}
			if !d.Published.Equal(tt.published) {
				t.Errorf("Published = %v, want %v", d.Published, tt.published)
			}
			if !d.Modified.Equal(tt.modified) {
				t.Errorf("Modified = %v, want %v", d.Modified, tt.modified)
			}
			if d.Unit != tt.unit {
				t.Errorf("Unit = %q, want %q", d.Unit, tt.unit)
			}
			if d.Section != tt.section {
				t.Errorf("Section = %q, want %q", d.Section, tt.section)
			}
			if !strings.HasPrefix(d.Lead, tt.lead) {
				t.Errorf("Lead = %q, want prefix %q", d.Lead, tt.lead)
			}
			for _, s := range tt.bodyHas {
				if !strings.Contains(d.Body, s) {
					t.Errorf("Body lacks %q:\n%s", s, d.Body)
				}
			}
			for _, s := range tt.bodyHasNot {
				if strings.Contains(d.Body, s) || strings.Contains(d.Lead, s) {
					t.Errorf("Body or Lead contains %q:\n%s", s, d.Body)
				}
			}
			if line, _, _ := strings.Cut(d.Body, "\n"); line == d.Title {
				t.Errorf("Body repeats the title:\n%s", d.Body)
			}
		})
	}
}

func TestAttachmentsAndLinks(t *testing.T) {
	d := extractCase(t, "article").Document
	want := []model.Attachment{
		{Title: "Sprawozdanie 2019", URL: "https://www.krakow.pl/zalaczniki/dokumenty/n/301200", Kind: model.KindPDF, Size: 251187},
		{Title: "Tabela dotacji 2019", URL: "https://www.krakow.pl/files/tabela_dotacji_2019.xlsx", Kind: model.KindXLSX, Size: 18432},
	}
	if len(d.Attachments) != len(want) {
		t.Fatalf("Attachments = %+v, want %+v", d.Attachments, want)
	}
	for i := range want {
		if d.Attachments[i] != want[i] {
			t.Errorf("Attachments[%d] = %+v, want %+v", i, d.Attachments[i], want[i])
		}
	}
	// The utm_ parameter is dropped by model.DefaultURLRules.
	res := extractCase(t, "article")
	found := false
	for _, l := range res.Links {
		if l.URL == "https://www.bip.krakow.pl/?dok_id=105412" {
			found = true
		}
		if strings.Contains(l.URL, "/kultura") || strings.Contains(l.URL, "deklaracja") || strings.Contains(l.URL, "232410") {
			t.Errorf("boilerplate link %s in Links", l.URL)
		}
	}
	if !found {
		t.Errorf("canonical BIP link missing from Links: %+v", res.Links)
	}
}

func TestSkippedPages(t *testing.T) {
	t.Run("listing", func(t *testing.T) {
		res := extractCase(t, "listing")
		if res.Document != nil || res.Skipped != SkipListing {
			t.Fatalf("Document = %v, Skipped = %q", res.Document, res.Skipped)
		}
		if len(res.Links) != 2 || !strings.Contains(res.Links[0].URL, "240123") {
			t.Errorf("Links = %+v", res.Links)
		}
	})
	t.Run("bip_card", func(t *testing.T) {
		res := extractCase(t, "bip_card")
		if res.Document != nil || res.Skipped != SkipCard {
			t.Fatalf("Document = %v, Skipped = %q", res.Document, res.Skipped)
		}
		want := model.Attachment{Title: "Wyniki otwartego konkursu ofert dla seniorów 2021", URL: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/303500", Kind: model.KindPDF, Size: 251187}
		if len(res.Links) != 1 || res.Links[0] != want {
			t.Errorf("Links = %+v, want [%+v]", res.Links, want)
		}
		if !res.LinkPublished.Equal(time.Date(2021, 3, 5, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("LinkPublished = %v", res.LinkPublished)
		}
	})
}

func TestHTMLGrants(t *testing.T) {
	res := extractCase(t, "bip_doc")
	want := []struct {
		org, krs string
		amount   model.Amount
	}{
		{"Fundacja „Po Drugiej Stronie Ulicy”", "0000398712", 150000000},
		{`Stowarzyszenie "Wspólny Dach"`, "0000265498", 15000000}, // KRS padded
		{"Towarzystwo Pomocy im. św. Brata Alberta Koło Krakowskie", "0000135790", 42000000},
		{"Fundacja Streetworkerów Krakowskich", "0000723456", 1250000},
	}
	if len(res.Grants) != len(want) {
		t.Fatalf("got %d grants, want %d: %+v", len(res.Grants), len(want), res.Grants)
	}
	for i, w := range want {
		g := res.Grants[i]
		if g.Organization != w.org || g.KRS != w.krs || g.Amount != w.amount || g.Year != 2021 ||
			g.OrgKey != "krs:"+w.krs || g.SourceID != res.Document.ID || g.SourceURL != res.Document.URL || g.Page != 0 {
			t.Errorf("grant %d = %+v, want %+v", i, g, w)
		}
	}
	if res.Grants[1].Task != "Mieszkania chronione treningowe dla osób wychodzących z bezdomności" {
		t.Errorf("wrapped task = %q", res.Grants[1].Task)
	}
}

func FuzzFromHTML(f *testing.F) {
	for _, c := range goldenCases {
		body, err := os.ReadFile(filepath.Join("testdata", c.name+".html"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(c.url, body)
	}
	f.Fuzz(func(t *testing.T, u string, body []byte) {
		res, err := From(context.Background(), Input{URL: u, Header: map[string][]string{"Content-Type": {"text/html"}}, Body: body})
		if err != nil {
			return
		}
		if res.Document == nil {
			if res.Skipped == "" {
				t.Fatalf("no document and no reason")
			}
			return
		}
		if err := res.Document.Validate(); err != nil {
			t.Fatalf("invalid document: %v", err)
		}
		for _, s := range []string{res.Document.Title, res.Document.Body, res.Document.Lead} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in output")
			}
		}
	})
}

func TestGenericTitle(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"logo h1 outside main", `<html><head><title>Godziny otwarcia - Serwis ngo.krakow.pl</title></head><body><div class="top"><h1>Magiczny Kraków</h1></div><main><p>Centrum jest czynne od poniedziałku do piątku w godzinach 8-20.</p></main></body></html>`, "Godziny otwarcia"},
		{"h1 inside main", `<html><head><title>Strona - Magiczny Kraków</title></head><body><main><h1>Godziny otwarcia</h1><p>Centrum jest czynne od poniedziałku do piątku w godzinach 8-20.</p></main></body></html>`, "Godziny otwarcia"},
		{"no title element", `<html><body><h1>Godziny otwarcia</h1><div><p>Centrum jest czynne od poniedziałku do piątku w godzinach 8-20.</p></div></body></html>`, "Godziny otwarcia"},
		{"nothing but text", `<html><body><p>Centrum jest czynne od poniedziałku do piątku.</p></body></html>`, "Centrum jest czynne od poniedziałku do piątku."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := From(context.Background(), Input{URL: "https://ngo.krakow.pl/strona.html", Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(tt.html)})
			if err != nil {
				t.Fatal(err)
			}
			if res.Document == nil || res.Document.Title != tt.want {
				t.Fatalf("document = %+v, want title %q", res.Document, tt.want)
			}
			if strings.Contains(res.Document.Body, "Magiczny") {
				t.Errorf("Body = %q", res.Document.Body)
			}
		})
	}
}

func TestCapTitle(t *testing.T) {
	long := strings.Repeat("słowo ", 100)
	got := capTitle(long)
	if n := len([]rune(got)); n > maxTitle+1 || !strings.HasSuffix(got, "słowo…") {
		t.Errorf("capTitle = %q (%d runes)", got, n)
	}
	if capTitle("Krótki tytuł") != "Krótki tytuł" {
		t.Error("short title changed")
	}
}

func TestLinkSizes(t *testing.T) {
	page := `<html><body><main><h1>Załączniki</h1>
<p>Do pobrania: <a href="/a.pdf">Ogłoszenie</a> (PDF, 120 KB) oraz <a href="/b.docx">Formularz oferty</a> (DOCX, 1,5 MB).</p>
<ul><li><span><a href="/zalaczniki/dokumenty/n/1/karta">Wyniki konkursu</a></span> <span class="rozmiar">XLSX, 18 KB</span></li>
<li><a href="/zalaczniki/dokumenty/n/2/karta">Regulamin</a></li></ul>
<p><a href="/c.odt">Wzór sprawozdania [ODT 2 kB]</a></p></main></body></html>`
	res, err := From(context.Background(), Input{URL: "https://www.bip.krakow.pl/strona.html", Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Attachment{
		{Title: "Ogłoszenie", URL: "https://www.bip.krakow.pl/a.pdf", Kind: model.KindPDF, Size: 122880},
		{Title: "Formularz oferty", URL: "https://www.bip.krakow.pl/b.docx", Kind: model.KindDOCX, Size: 1572864},
		{Title: "Wyniki konkursu", URL: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/1/karta", Kind: model.KindXLSX, Size: 18432},
		{Title: "Regulamin", URL: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/2/karta"},
		{Title: "Wzór sprawozdania", URL: "https://www.bip.krakow.pl/c.odt", Kind: model.KindODT, Size: 2048},
	}
	got := res.Document.Attachments
	if len(got) != len(want) {
		t.Fatalf("Attachments = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Attachments[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestBaseHref(t *testing.T) {
	page := `<html><head><base href="https://www.bip.krakow.pl/dokumenty/"></head><body><main><h1>Ogłoszenie</h1>
<p>Treść ogłoszenia o konkursie ofert dla organizacji.</p><p><a href="zal/wzor.docx?utm_source=x#top">Wzór oferty</a></p></main></body></html>`
	res, err := From(context.Background(), Input{URL: "https://www.bip.krakow.pl/?dok_id=5", Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	want := "https://www.bip.krakow.pl/dokumenty/zal/wzor.docx"
	if a := res.Document.Attachments; len(a) != 1 || a[0].URL != want || a[0].Kind != model.KindDOCX {
		t.Errorf("Attachments = %+v, want %s", a, want)
	}
}
