package model

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestCanonical(t *testing.T) {
	r := DefaultURLRules()
	tests := []struct {
		name, in, want string
	}{
		{"fragment dropped", "https://www.krakow.pl/aktualnosci/1,2,komunikat,a.html#top", "https://www.krakow.pl/aktualnosci/1,2,komunikat,a.html"},
		{"percent comma decoded", "https://www.krakow.pl/aktualnosci/240123%2C33%2Ckomunikat%2Csprawozdanie.html", "https://www.krakow.pl/aktualnosci/240123,33,komunikat,sprawozdanie.html"},
		{"bare host aliased", "https://krakow.pl/", "https://www.krakow.pl/"},
		{"bip alias and metka", "https://bip.krakow.pl/?dok_id=167&metka=1", "https://www.bip.krakow.pl/?dok_id=167"},
		{"dok_id trimmed", "https://www.bip.krakow.pl/?dok_id=%20167%20", "https://www.bip.krakow.pl/?dok_id=167"},
		{"index.php with dok_id", "https://www.bip.krakow.pl/index.php?dok_id=167", "https://www.bip.krakow.pl/?dok_id=167"},
		{"params sorted, tracking dropped", "https://www.krakow.pl/szukaj?utm_source=x&b=2&a=1&vReg=3", "https://www.krakow.pl/szukaj?a=1&b=2"},
		{"case and default port", "HTTPS://WWW.Krakow.PL:443", "https://www.krakow.pl/"},
		{"loopback port kept", "http://127.0.0.1:8080/x?b&a", "http://127.0.0.1:8080/x?a&b"},
		{"city host upgraded to https", "http://www.bip.krakow.pl/?dok_id=5", "https://www.bip.krakow.pl/?dok_id=5"},
		{"bare alias then https", "http://krakow.pl/a.html", "https://www.krakow.pl/a.html"},
		{"other http host kept", "http://example.org/a", "http://example.org/a"},
		{"escaped slash kept", "https://www.krakow.pl/a%2Fb", "https://www.krakow.pl/a%2Fb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Canonical(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := r.Canonical(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: %q -> %q (%v)", got, again, err)
			}
		})
	}
	for _, bad := range []string{"", "/relative", "mailto:a@b.pl", "ftp://x/", "http://%zz", "http://:", "http://:8080/a"} {
		if _, err := r.Canonical(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("Canonical(%q) error = %v, want ErrInvalid", bad, err)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"https://www.krakow.pl/a,b.html?x=1#f", "http://bip.krakow.pl/?dok_id=%201", "https://x/%2C%2F?&&=&a=%zz"} {
		f.Add(s)
	}
	r := DefaultURLRules()
	f.Fuzz(func(t *testing.T, s string) {
		c, err := r.Canonical(s)
		if err != nil {
			return
		}
		c2, err := r.Canonical(c)
		if err != nil {
			t.Fatalf("canonical %q of %q does not parse: %v", c, s, err)
		}
		if c2 != c {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, c, c2)
		}
	})
}

func TestAmount(t *testing.T) {
	tests := []struct {
		in     string
		want   Amount
		str    string
		polish string
	}{
		{"12500", 1250000, "12500.00", "12\u00a0500,00\u00a0zł"},
		{"12500.5", 1250050, "12500.50", "12\u00a0500,50\u00a0zł"},
		{"0.07", 7, "0.07", "0,07\u00a0zł"},
		{"1500000.00", 150000000, "1500000.00", "1\u00a0500\u00a0000,00\u00a0zł"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseAmountDecimal(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("ParseAmountDecimal(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
			if got.String() != tt.str || got.Polish() != tt.polish {
				t.Errorf("String %q Polish %q; want %q %q", got.String(), got.Polish(), tt.str, tt.polish)
			}
			b, err := json.Marshal(struct{ A Amount }{got})
			if err != nil || string(b) != `{"A":`+tt.str+`}` {
				t.Errorf("json = %s, %v", b, err)
			}
			var back struct{ A Amount }
			if err := json.Unmarshal(b, &back); err != nil || back.A != got {
				t.Errorf("round trip = %d, %v", back.A, err)
			}
		})
	}
	for _, bad := range []string{"", "1,5", "1.234", "12a", ".5", "1e5", "1."} {
		if _, err := ParseAmountDecimal(bad); err == nil {
			t.Errorf("ParseAmountDecimal(%q) accepted", bad)
		}
	}
}

func TestValidate(t *testing.T) {
	u := "https://www.krakow.pl/aktualnosci/1,2,komunikat,a.html"
	good := Document{ID: DocID(u), URL: u, Host: "www.krakow.pl", Kind: KindHTML, Type: TypeNews, Title: "Tytuł"}
	if err := good.Validate(); err != nil {
		t.Fatalf("good document: %v", err)
	}
	docCases := []struct {
		name string
		edit func(*Document)
	}{
		{"no url", func(d *Document) { d.URL = "" }},
		{"wrong id", func(d *Document) { d.ID = "x" }},
		{"wrong host", func(d *Document) { d.Host = "ngo.krakow.pl" }},
		{"bad kind", func(d *Document) { d.Kind = "exe" }},
		{"bad type", func(d *Document) { d.Type = "blog" }},
		{"no title", func(d *Document) { d.Title = " " }},
		{"paged with body", func(d *Document) { d.Kind = KindPDF; d.Body = "x" }},
		{"bad sha", func(d *Document) { d.SHA256 = "zz" }},
	}
	for _, tt := range docCases {
		t.Run("document/"+tt.name, func(t *testing.T) {
			d := good
			tt.edit(&d)
			if err := d.Validate(); !errors.Is(err, ErrInvalid) {
				t.Errorf("Validate() = %v, want ErrInvalid", err)
			}
		})
	}

	g := Grant{Organization: "Fundacja „Nowe Miasto”", KRS: "0000123456", Task: "Pomoc seniorom", Amount: 1250000, Year: 2020, SourceID: "a", SourceURL: u, Page: 2}
	if err := g.Validate(); err != nil {
		t.Fatalf("good grant: %v", err)
	}
	grantCases := []struct {
		name string
		edit func(*Grant)
	}{
		{"no org", func(g *Grant) { g.Organization = "" }},
		{"short krs", func(g *Grant) { g.KRS = "12345" }},
		{"zero amount", func(g *Grant) { g.Amount = 0 }},
		{"year", func(g *Grant) { g.Year = 20 }},
		{"no source", func(g *Grant) { g.SourceID = "" }},
	}
	for _, tt := range grantCases {
		t.Run("grant/"+tt.name, func(t *testing.T) {
			c := g
			tt.edit(&c)
			if err := c.Validate(); !errors.Is(err, ErrInvalid) {
				t.Errorf("Validate() = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestOrgNameKey(t *testing.T) {
	want := OrgNameKey("Fundacja „Nowe Miasto”")
	for _, s := range []string{`FUNDACJA  "NOWE MIASTO"`, "fundacja «Nowe Miasto»", " Fundacja\u00a0'Nowe Miasto' "} {
		if got := OrgNameKey(s); got != want {
			t.Errorf("OrgNameKey(%q) = %q, want %q", s, got, want)
		}
	}
	if want != "fundacja nowe miasto" {
		t.Errorf("key = %q", want)
	}
}
