package bench

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/model"
)

func testPool(t testing.TB) *Pool {
	t.Helper()
	p, err := LoadPool(ngosearch.SampleSite(), "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadPool(t *testing.T) {
	p := testPool(t)
	// A sentence of the sample site's BIP report page, tags stripped and
	// "art." not taken for a sentence end.
	want := "Sprawozdanie obejmuje współpracę finansową (otwarte konkursy ofert, małe granty, umowy wieloletnie) oraz pozafinansową (konsultacje, Komisje Dialogu Obywatelskiego, Krakowska Rada Działalności Pożytku Publicznego, Centrum Obywatelskie)."
	found := false
	for _, s := range p.Sentences {
		if s == want {
			found = true
		}
		if strings.ContainsAny(s, "<>") {
			t.Errorf("markup left in sentence %q", s)
		}
	}
	if !found {
		t.Errorf("sentence %q not in the pool", want)
	}
	if len(p.Sentences) < 200 || len(p.Titles) < 40 || len(p.Words) < 800 {
		t.Errorf("pool too small: %d sentences, %d titles, %d words", len(p.Sentences), len(p.Titles), len(p.Words))
	}
	again := testPool(t)
	if again.Fingerprint != p.Fingerprint {
		t.Errorf("fingerprint not stable: %s, %s", p.Fingerprint, again.Fingerprint)
	}

	t.Run("seed texts count", func(t *testing.T) {
		dir := t.TempDir()
		extra := "Zupełnie nowe zdanie o współpracy z fundacjami działającymi w Nowej Hucie i na Podgórzu."
		if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("# Tytuł\n\n"+extra+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		q, err := LoadPool(ngosearch.SampleSite(), dir)
		if err != nil {
			t.Fatal(err)
		}
		if q.Fingerprint == p.Fingerprint || q.Sentences[len(q.Sentences)-1] != extra {
			t.Errorf("seed text not read: last sentence %q", q.Sentences[len(q.Sentences)-1])
		}
	})
	t.Run("too little text", func(t *testing.T) {
		_, err := LoadPool(fstest.MapFS{"a/x.html": {Data: []byte("<html><p>Krótko.</p></html>")}}, "")
		if !errors.Is(err, ErrNoText) {
			t.Errorf("err = %v, want ErrNoText", err)
		}
	})
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two sentences", "Ala ma kota. Kot ma Alę.", []string{"Ala ma kota.", "Kot ma Alę."}},
		{"abbreviation ul.", "Centrum przy ul. Reymonta 20. Zapraszamy.", []string{"Centrum przy ul. Reymonta 20.", "Zapraszamy."}},
		{"art. and ust.", "Na podstawie art. 5 ust. 3 ustawy. Dalej.", []string{"Na podstawie art. 5 ust. 3 ustawy.", "Dalej."}},
		{"lines", "Pierwsza linia\nDruga linia", []string{"Pierwsza linia", "Druga linia"}},
		{"quote opens", "Koniec. „Cytat” dalej.", []string{"Koniec.", "„Cytat” dalej."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitSentences(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("splitSentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCorpusDeterministic(t *testing.T) {
	p := testPool(t)
	a, b := NewCorpus(1000, 7, p), NewCorpus(1000, 7, p)
	for _, i := range []int{0, 7, 8, 9, 517, 999} {
		if x, y := a.Item(i), b.Item(i); !reflect.DeepEqual(x, y) {
			t.Errorf("item %d differs between two corpora with one seed", i)
		}
	}
	if reflect.DeepEqual(a.Item(3).Doc.Body, NewCorpus(1000, 8, p).Item(3).Doc.Body) {
		t.Error("seed 8 generated the same text as seed 7")
	}
	// Item(i) does not depend on the corpus size: a 10k corpus starts
	// with the 1k one (except orgs, whose number grows with the size).
	if a.Item(5).Doc.Body != NewCorpus(1000, 7, p).Item(5).Doc.Body {
		t.Error("news item differs")
	}
}

func TestCorpusShape(t *testing.T) {
	p := testPool(t)
	const n = 2000
	c := NewCorpus(n, 1, p)
	count := map[Class]int{}
	words := map[Class]int{}
	ids := map[string]bool{}
	for i := range n {
		it := c.Item(i)
		d := &it.Doc
		if err := d.Validate(); err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
		if ids[d.ID] {
			t.Fatalf("item %d: duplicate URL %s", i, d.URL)
		}
		ids[d.ID] = true
		if y := d.Published.Year(); y < 2012 || y > 2026 {
			t.Errorf("item %d published %v", i, d.Published)
		}
		count[it.Class]++
		words[it.Class] += len(strings.Fields(d.Text()))
		for _, g := range it.Grants {
			if err := g.Validate(); err != nil {
				t.Fatalf("item %d grant: %v", i, err)
			}
			if !strings.Contains(d.Text(), g.Amount.Polish()) || !strings.Contains(d.Text(), g.Organization) {
				t.Errorf("item %d: grant %s %s not in the text", i, g.Organization, g.Amount.Polish())
			}
		}
		switch it.Class {
		case ClassNews:
			if d.Kind != model.KindHTML || d.Type != model.TypeNews || d.Body == "" || len(d.Pages) != 0 {
				t.Errorf("news item %d: %s %s", i, d.Kind, d.Type)
			}
		case ClassReport:
			if d.Kind != model.KindPDF || d.Body != "" || len(d.Pages) < 5 || len(d.Pages) > 40 || it.Parent != i-1 {
				t.Errorf("report item %d: kind %s, %d pages, parent %d", i, d.Kind, len(d.Pages), it.Parent)
			}
			parent := c.Item(i - 1).Doc
			if len(parent.Attachments) != 1 || parent.Attachments[0].URL != d.URL || d.LinkedFrom != parent.URL {
				t.Errorf("report %d not linked from its BIP page %s", i, parent.URL)
			}
		}
	}
	want := map[Class]int{ClassNews: 1400, ClassBIP: 400, ClassReport: 200}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("classes = %v, want %v", count, want)
	}
	if avg := words[ClassNews] / count[ClassNews]; avg < 300 || avg > 900 {
		t.Errorf("news average %d words, want 300-800 plus lead", avg)
	}
	if avg := words[ClassReport] / count[ClassReport]; avg < 2500 {
		t.Errorf("reports average %d words, want multi-page documents", avg)
	}
}

func TestQueries(t *testing.T) {
	p := testPool(t)
	c := NewCorpus(500, 1, p)
	qs := Queries(c, 10)
	if !reflect.DeepEqual(qs, Queries(NewCorpus(500, 1, p), 10)) {
		t.Fatal("query mix not deterministic")
	}
	per := map[QueryClass]int{}
	for _, q := range qs {
		per[q.Class]++
		if len(q.Words) == 0 || q.Words[0] == "" {
			t.Errorf("empty query %+v", q)
		}
		switch q.Class {
		case QPhrase:
			if !strings.HasPrefix(q.Text(), `"`) {
				t.Errorf("phrase text %q", q.Text())
			}
		case QFiltered:
			if !q.Type.Valid() || len(q.Years()) == 0 {
				t.Errorf("filtered query %+v", q)
			}
		case QPrefix:
			if n := len([]rune(q.Words[0])); n < 3 || n > 5 {
				t.Errorf("prefix %q", q.Words[0])
			}
		}
	}
	for i, c := range QueryClasses {
		if qs[i].Class != c {
			t.Errorf("query %d is %s, want %s: classes interleaved", i, qs[i].Class, c)
		}
		if per[c] != 10 {
			t.Errorf("%d %s queries, want 10", per[c], c)
		}
	}
}

func TestMirrorPath(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"article", "https://www.krakow.pl/aktualnosci/200001,33,komunikat,x.html", "www.krakow.pl/aktualnosci/200001,33,komunikat,x.html"},
		{"bip document", "https://www.bip.krakow.pl/?dok_id=100008", "www.bip.krakow.pl/index.html@dok_id=100008"},
		{"attachment file", "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/300009", "www.bip.krakow.pl/zalaczniki/dokumenty/n/300009/@"},
		{"attachment card", "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/300009/karta", "www.bip.krakow.pl/zalaczniki/dokumenty/n/300009/karta"},
		{"root", "https://ngo.krakow.pl/", "ngo.krakow.pl/index.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MirrorPath(tt.url)
			if err != nil || filepath.ToSlash(got) != tt.want {
				t.Errorf("MirrorPath(%q) = %q, %v; want %q", tt.url, got, err, tt.want)
			}
		})
	}
}

// TestWriteMirror writes a small corpus and serves it with the sample
// server: what ngosearch's crawler would fetch is there, with its headers.
func TestWriteMirror(t *testing.T) {
	dir := t.TempDir()
	c := NewCorpus(20, 3, testPool(t))
	st, err := WriteMirror(context.Background(), dir, c)
	if err != nil {
		t.Fatal(err)
	}
	// 14 news + 4 BIP pages, 2 reports with cards, 3 sitemaps and robots:
	// bodies and their .headers sidecars.
	if st.Files < 2*(14+4+2*2)+3*2 {
		t.Errorf("%d files written", st.Files)
	}
	s, err := ngosearch.StartSample(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep := c.Item(9)
	for _, tt := range []struct {
		name, url, contains, header, headerWant string
	}{
		{"news", c.Item(0).Doc.URL, `<div class="article-title"><h1>`, "Content-Type", "text/html; charset=utf-8"},
		{"bip with card link", c.Item(8).Doc.URL, "/zalaczniki/dokumenty/n/300009/karta", "Content-Type", "text/html; charset=utf-8"},
		{"card", rep.Doc.URL + "/karta", "Pobierz plik", "", ""},
		{"pdf", rep.Doc.URL, "%PDF-1.4", "Content-Disposition", `attachment; filename="` + rep.Doc.Filename + `"`},
		{"sitemap", "https://www.bip.krakow.pl/sitemap.xml", "?dok_id=100008", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body, h := get(t, s.URL(tt.url))
			if !strings.Contains(body, tt.contains) {
				t.Errorf("%s: body lacks %q", tt.url, tt.contains)
			}
			if tt.header != "" && h.Get(tt.header) != tt.headerWant {
				t.Errorf("%s: %s = %q, want %q", tt.url, tt.header, h.Get(tt.header), tt.headerWant)
			}
		})
	}
}

func TestPDFRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	pages := []string{"Sprawozdanie za rok 2019: źdźbło, żółć, gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ (nawiasy) i \\ ukośnik.", "Druga strona – „cytat” … koniec."}
	f := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(f, PDF("Tytuł: Łódź", pages), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	if len(got) != 2 {
		t.Fatalf("%d pages read back, want 2: %q", len(got), out)
	}
	for i := range pages {
		if strings.Join(strings.Fields(got[i]), " ") != pages[i] {
			t.Errorf("page %d = %q, want %q", i+1, got[i], pages[i])
		}
	}
	info, err := exec.Command("pdfinfo", f).Output()
	if err == nil && !bytes.Contains(info, []byte("Tytuł: Łódź")) {
		t.Errorf("title not in pdfinfo:\n%s", info)
	}
}

func get(t *testing.T, u string) (string, http.Header) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", u, resp.StatusCode, err)
	}
	return string(b), resp.Header
}
