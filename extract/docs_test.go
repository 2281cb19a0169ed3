package extract

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/extract/doctext"
	"github.com/krakow-ngo/ngosearch/model"
)

// docInput reads testdata/docs/<file> (regenerate with
// testdata/docs/src/make.sh) as the BIP serves an attachment.
func docInput(t testing.TB, file, contentType, disposition string) Input {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "docs", file))
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	if disposition != "" {
		h.Set("Content-Disposition", disposition)
	}
	return Input{
		URL:        "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/900100",
		Header:     h,
		Body:       body,
		LinkedFrom: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/900100/karta",
		FetchedAt:  fetchedAt,
	}
}

func TestDocumentPDF(t *testing.T) {
	in := docInput(t, "ekologia.pdf", "application/octet-stream", `attachment; filename="wyniki.pdf"; filename*=UTF-8''wyniki_ekologia_%C5%BC%C3%B3%C5%82w.pdf`)
	in.Link = &model.Attachment{Title: "Wyniki konkursu – ekologia 2023 (wykaz dotacji)", URL: in.URL, Kind: model.KindPDF, Size: 34395}
	in.LinkPublished = time.Date(2023, 3, 16, 0, 0, 0, 0, time.UTC)
	res, err := From(context.Background(), in)
	if errors.Is(err, ErrToolMissing) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	d := res.Document
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Kind", d.Kind, model.KindPDF},
		{"Title from the card", d.Title, "Wyniki konkursu – ekologia 2023 (wykaz dotacji)"},
		{"Published from the card", d.Published, in.LinkPublished},
		{"Filename from filename*", d.Filename, "wyniki_ekologia_żółw.pdf"},
		{"Type", d.Type, model.TypeCompetitionResults},
		{"Body empty", d.Body, ""},
		{"LinkedFrom", d.LinkedFrom, in.LinkedFrom},
		{"ID", d.ID, model.DocID(in.URL)},
		{"Host", d.Host, "www.bip.krakow.pl"},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if len(d.Pages) < 2 || !strings.Contains(strings.Join(d.Pages, "\n"), "Fundacja „Zielony") {
		t.Errorf("Pages = %d pages without the table text", len(d.Pages))
	}

	checkEkologiaGrants(t, res, 3)
}

// TestDocumentDOCX reads the same results from a Word table.
func TestDocumentDOCX(t *testing.T) {
	res, err := From(context.Background(), docInput(t, "ekologia.docx", "application/octet-stream", ""))
	if err != nil {
		t.Fatal(err)
	}
	if d := res.Document; d.Kind != model.KindDOCX || len(d.Pages) != 1 || d.Title != "Wyniki konkursu ekologia 2023" || d.Type != model.TypeCompetitionResults {
		t.Errorf("document = %+v", d)
	}
	checkEkologiaGrants(t, res, 1)
}

// TestDocumentDOC reads the same results from an old Word file, whose
// table comes line by line.
func TestDocumentDOC(t *testing.T) {
	res, err := From(context.Background(), docInput(t, "ekologia.doc", "application/octet-stream", ""))
	if errors.Is(err, ErrToolMissing) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if d := res.Document; d.Kind != model.KindDOC || d.Type != model.TypeCompetitionResults {
		t.Errorf("document = %+v", d)
	}
	checkEkologiaGrants(t, res, 1)
}

// checkEkologiaGrants checks the grants of testdata/docs/src/ekologia.html:
// a table with a two-line header, a requested and a granted amount, blank
// KRS cells, a short KRS, text glued to the amount (in the PDF), a zero
// grant and a "Razem" row; lastPage is the page of its last row.
func checkEkologiaGrants(t *testing.T, res Result, lastPage int) {
	t.Helper()
	d := res.Document
	want := map[string]model.Grant{
		"Fundacja „Zielony Kraków”":                                            {KRS: "0000111222", Task: "Sadzenie drzew na osiedlach Nowej Huty wraz z edukacją ekologiczną dla dzieci i młodzieży szkolnej", Amount: 4850000},
		"Stowarzyszenie Przyjaciół Parku Jordana w Krakowie – Oddział Miejski": {KRS: "0000123456", Task: "Warsztaty ogrodnicze", Amount: 725050},
		"Koło Gospodyń Miejskich „Kwiaty Podgórza”":                            {KRS: "", Task: "Ogród społeczny przy ul. Wielickiej – prace pielęgnacyjne i spotkania sąsiedzkie", Amount: 900000},
	}
	for i := 5; i <= 40; i++ {
		want[fmt.Sprintf("Stowarzyszenie Ekologiczne nr %d", i)] = model.Grant{KRS: fmt.Sprintf("00007%05d", i), Task: fmt.Sprintf("Zadanie ekologiczne nr %d realizowane w dzielnicy", i), Amount: model.Amount(100000 + i*1000)}
	}
	if len(res.Grants) != len(want) {
		t.Errorf("%d grants, want %d", len(res.Grants), len(want))
	}
	last := 0
	for _, g := range res.Grants {
		w, ok := want[g.Organization]
		if !ok {
			t.Errorf("unexpected grant %+v", g)
			continue
		}
		if g.KRS != w.KRS || g.Task != w.Task || g.Amount != w.Amount || g.Year != 2023 || g.SourceID != d.ID || g.Page < 1 {
			t.Errorf("grant %q = %+v, want %+v", g.Organization, g, w)
		}
		if err := g.Validate(); err != nil {
			t.Error(err)
		}
		last = max(last, g.Page)
	}
	if last < lastPage {
		t.Errorf("the last grant is on page %d, want at least %d", last, lastPage)
	}
}

func TestDocumentSpreadsheet(t *testing.T) {
	in := docInput(t, "male_granty.xlsx", "application/octet-stream", `attachment; filename="male_granty.xlsx"`)
	res, err := From(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Document
	if d.Kind != model.KindXLSX || d.Filename != "male_granty.xlsx" || len(d.Pages) != 1 || d.Body != "" {
		t.Errorf("document = %+v", d)
	}
	// No metadata title: the first heading-like line names it.
	if d.Title != "Zestawienie małych grantów 2023" {
		t.Errorf("Title = %q", d.Title)
	}
	want := []model.Grant{
		{Organization: "Fundacja „Sąsiedzi”", KRS: "0000123123", Task: "Piknik sąsiedzki na Azorach", Amount: 800000},
		{Organization: "Klub Seniora „Jesień”", KRS: "", Task: "Wycieczka do Wieliczki", Amount: 450000},
		{Organization: "Stowarzyszenie Rowerowe", KRS: "0000401234", Task: "Rajd rowerowy", Amount: 520050},
	}
	if len(res.Grants) != len(want) {
		t.Fatalf("grants = %+v", res.Grants)
	}
	for i, w := range want {
		g := res.Grants[i]
		if g.Organization != w.Organization || g.KRS != w.KRS || g.Task != w.Task || g.Amount != w.Amount || g.Year != 2023 || g.Page != 1 {
			t.Errorf("grant %d = %+v, want %+v", i, g, w)
		}
		if wantKey := model.GrantOrgKey(w.Organization, w.KRS); g.OrgKey != wantKey {
			t.Errorf("OrgKey = %q, want %q", g.OrgKey, wantKey)
		}
	}
}

func TestDocumentErrors(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		body        []byte
		contentType string
		ours        error
		theirs      error
	}{
		{"user password", "haslo.pdf", nil, "application/pdf", ErrEncrypted, doctext.ErrEncrypted},
		{"cut short", "uciety.pdf", nil, "application/octet-stream", ErrMalformed, doctext.ErrMalformed},
		{"image", "", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png", ErrUnsupported, nil},
		{"xml sitemap", "", []byte(`<?xml version="1.0"?><urlset></urlset>`), "application/xml", ErrUnsupported, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in Input
			if tt.file != "" {
				in = docInput(t, tt.file, tt.contentType, "")
			} else {
				in = Input{URL: "https://www.bip.krakow.pl/x", Header: http.Header{"Content-Type": {tt.contentType}}, Body: tt.body}
			}
			res, err := From(context.Background(), in)
			if !errors.Is(err, tt.ours) {
				t.Fatalf("err = %v, want %v", err, tt.ours)
			}
			if tt.theirs != nil && !errors.Is(err, tt.theirs) {
				t.Errorf("err = %v does not wrap doctext's %v", err, tt.theirs)
			}
			if strings.Count(err.Error(), tt.ours.Error()) > 1 {
				t.Errorf("err = %q repeats %q", err, tt.ours)
			}
			if res.Document != nil {
				t.Errorf("document with an error: %+v", res.Document)
			}
		})
	}
	t.Run("huge HTML", func(t *testing.T) {
		body := make([]byte, MaxHTMLSize+1)
		copy(body, "<html><body>")
		_, err := From(context.Background(), Input{URL: "https://www.krakow.pl/x.html", Header: http.Header{"Content-Type": {"text/html"}}, Body: body})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("bad URL", func(t *testing.T) {
		if _, err := From(context.Background(), Input{URL: "/relative"}); !errors.Is(err, ErrBadInput) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := From(ctx, docInput(t, "ekologia.pdf", "", "")); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestDocumentTitle(t *testing.T) {
	tests := []struct {
		name, link, want string
	}{
		{"card title", "Wyniki konkursu – ekologia 2023", "Wyniki konkursu – ekologia 2023"},
		{"link text with type and size", "Wyniki konkursu 2023 (PDF, 245.3 KB)", "Wyniki konkursu 2023"},
		{"generic anchor falls back to metadata", "tutaj", "Wyniki konkursu ekologia 2023"},
		{"download button falls back to metadata", "Pobierz plik", "Wyniki konkursu ekologia 2023"},
		{"bare filename falls back to metadata", "wyniki.pdf", "Wyniki konkursu ekologia 2023"},
		{"no link", "", "Wyniki konkursu ekologia 2023"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := docInput(t, "ekologia.docx", "", "")
			if tt.link != "" {
				in.Link = &model.Attachment{Title: tt.link, URL: in.URL}
			}
			res, err := From(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if res.Document.Title != tt.want {
				t.Errorf("Title = %q, want %q", res.Document.Title, tt.want)
			}
		})
	}
}

func TestStripRunningLines(t *testing.T) {
	pages := []string{
		"Załącznik do Zarządzenia Nr 1/2021\n\nWykaz ofert\nTreść strony pierwszej\n\nWydział Sportu – strona 1 z 3",
		"Załącznik do Zarządzenia Nr 1/2021\n\nTreść strony drugiej\n\nWydział Sportu – strona 2 z 3",
		"Załącznik do Zarządzenia Nr 1/2021\n\nTreść strony trzeciej\nZałącznik do Zarządzenia Nr 1/2021 w treści\n\nWydział Sportu – strona 3 z 3",
	}
	got := stripRunningLines(pages)
	want := []string{
		"Wykaz ofert\nTreść strony pierwszej",
		"Treść strony drugiej",
		"Treść strony trzeciej\nZałącznik do Zarządzenia Nr 1/2021 w treści",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("page %d = %q, want %q", i+1, got[i], want[i])
		}
	}
	if one := stripRunningLines(pages[:1]); one[0] != pages[0] {
		t.Errorf("a single page changed: %q", one[0])
	}
}
