package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzDispositionFilename(f *testing.F) {
	for _, s := range []string{
		`attachment; filename="wyniki_konkursu_2020.pdf"`,
		`attachment; filename*=UTF-8''sprawozdanie%20%C5%BC%C3%B3%C5%82%C4%87.pdf`,
		"attachment; filename=\"wyniki_\xb9\x9c.doc\"",
		`attachment; filename*=iso-8859-2''%B1%B6%BC.pdf`,
		`inline; filename="../../etc/passwd"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		name := dispositionFilename(h)
		if !utf8.ValidString(name) {
			t.Fatalf("invalid UTF-8 filename %q from %q", name, h)
		}
		if strings.ContainsAny(name, "/\\") {
			t.Fatalf("filename %q from %q keeps a path", name, h)
		}
	})
}

func FuzzLayoutGrants(f *testing.F) {
	f.Add(" Lp.   Nazwa organizacji        KRS            Tytuł zadania                 Kwota dotacji\n1.     Fundacja „Alfa”          0000000001     Zajęcia dla dzieci               1 000,00 zł\n       Kraków                                  z dzielnicy XIII\n")
	f.Add("                                                                                 Kwota           Kwota\nLp.       Nazwa oferenta            KRS              Tytuł zadania\n                                                                              wnioskowana      przyznana\n\n      Fundacja „Zielony                    Nowej Huty\n1.                              0000111222                                   60 000,00 zł    48 500,00 zł\n")
	f.Fuzz(func(t *testing.T, page string) {
		for _, g := range layoutGrants(strings.Split(page, "\f"), grantContext{sourceID: "d", sourceURL: "https://www.bip.krakow.pl/x", year: 2021}) {
			if err := g.Validate(); err != nil {
				t.Fatalf("invalid grant %+v: %v", g, err)
			}
		}
	})
}

func FuzzDecodeHTML(f *testing.F) {
	f.Add([]byte("Za\xbf\xf3\xb3\xe6 g\xea\x9cl\xb9 ja\x9f\xf1"), "")
	f.Add([]byte(`<meta charset="iso-8859-2">Za\xbf\xf3\xb3\xe6`), "text/html")
	f.Add([]byte("\xff\xfea\x00"), "text/html; charset=utf-8")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		s, cs := decodeHTML(body, contentType)
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from %q (%s)", body, cs)
		}
	})
}
