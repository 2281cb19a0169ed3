package extract

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// goldenCases maps each testdata/<name>.html to the URL it is served at:
// the URL shape is part of what picks the page profile.
var goldenCases = []struct{ name, url string }{
	{"article", "https://www.krakow.pl/aktualnosci/240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html"},
	{"article_dodano", "https://ngo.krakow.pl/aktualnosci/249950,1785,komunikat,forum_trzeciego_sektora_2021.html"},
	{"article_bare_date", "https://www.krakow.pl/aktualnosci/237650,33,komunikat,mops_wspiera_organizacje_uslugi_opiekuncze.html"},
	{"print", "https://www.krakow.pl/get_html.php?dok_id=247310"},
	{"listing", "https://www.krakow.pl/aktualnosci/1584,33,1,kategoria,aktualnosci.html"},
	{"bip_doc", "https://www.bip.krakow.pl/?dok_id=113460"},
	{"bip_card", "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/303500/karta"},
	{"generic", "https://ngo.krakow.pl/centrum_obywatelskie/godziny.html"},
	{"cp1250_undeclared", "https://www.krakow.pl/aktualnosci/190001,33,komunikat,nabor.html"},
	{"cp1250_meta", "https://www.krakow.pl/aktualnosci/190002,33,komunikat,nabor.html"},
	{"iso88592_undeclared", "https://www.krakow.pl/aktualnosci/190003,33,komunikat,nabor.html"},
	{"iso88592_header", "https://www.krakow.pl/aktualnosci/190004,33,komunikat,nabor.html"},
	{"broken", "https://ngo.krakow.pl/aktualnosci/245900,1785,komunikat,komisje_dialogu_obywatelskiego_nabor.html"},
}

var fetchedAt = time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)

// goldenInput reads testdata/<name>.html and its optional .headers file
// (MIME header lines).
func goldenInput(t testing.TB, name, url string) Input {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Content-Type": {"text/html"}}
	if raw, err := os.ReadFile(filepath.Join("testdata", name+".headers")); err == nil {
		r := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(raw, "\r\n"...))))
		mh, err := r.ReadMIMEHeader()
		if err != nil {
			t.Fatalf("%s.headers: %v", name, err)
		}
		h = http.Header(mh)
	} else if !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return Input{URL: url, Header: h, Body: body, FetchedAt: fetchedAt}
}

func TestGolden(t *testing.T) {
	registered := map[string]bool{}
	for _, c := range goldenCases {
		registered[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			res, err := From(context.Background(), goldenInput(t, c.name, c.url))
			if err != nil {
				t.Fatal(err)
			}
			if res.Document != nil {
				if err := res.Document.Validate(); err != nil {
					t.Errorf("document does not validate: %v", err)
				}
			}
			for _, g := range res.Grants {
				if err := g.Validate(); err != nil {
					t.Errorf("grant does not validate: %v", err)
				}
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", c.name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./extract -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the output; diff with -update and git diff.\ngot:\n%s", path, got)
			}
		})
	}
	// Every input in testdata must be a registered case.
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".html"); !registered[name] {
			t.Errorf("testdata/%s.html has no entry in goldenCases", name)
		}
	}
}
