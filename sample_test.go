package ngosearch

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

const (
	seedArticle = "https://www.krakow.pl/aktualnosci/240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html"
	report2019  = "https://www.bip.krakow.pl/?dok_id=105412"
)

func startSample(t *testing.T) *Sample {
	t.Helper()
	s, err := StartSample(SampleSite())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// get fetches a URL without following redirects.
func get(t *testing.T, rawURL string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	return do(t, http.MethodGet, rawURL, hdr)
}

func do(t *testing.T, method, rawURL string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestSampleServes(t *testing.T) {
	s := startSample(t)
	tests := []struct {
		name        string
		url         string // real URL, mapped with s.URL
		status      int
		method      string   // "" = GET
		contentType string   // exact, "" = not checked, "-" = must be absent
		disposition string   // exact Content-Disposition, "" = must be absent
		contains    []string // in the body; "{bip}" etc. are the loopback bases
		lacks       []string
	}{
		{
			name: "seed article", url: seedArticle, status: 200, contentType: "text/html; charset=utf-8",
			contains: []string{
				`<div class="article-title"><h1>Sprawozdanie ze współpracy miasta z NGO w roku 2019</h1></div>`,
				"Data publikacji: 2020-06-10",
				`<a href="{bip}/?dok_id=105412">tutaj</a>`,
				`<a href="{ngo}">ngo.krakow.pl</a>`,
				"Komisje Dialogu Obywatelskiego zrzeszają przedstawicieli aż 114 NGO",
				"Zobacz także",
				"Urząd Miasta Krakowa</b>, pl. Wszystkich Świętych 3-4, 31-004 Kraków",
				`href="https://www.facebook.com/MiastoKrakow"`,
			},
			lacks: []string{"https://www.bip.krakow.pl", "http://ngo.krakow.pl", "https://www.krakow.pl/"},
		},
		{
			name: "article with percent-encoded commas", url: "https://www.krakow.pl/aktualnosci/247310%2C33%2Ckomunikat%2Cwspolpraca_z_ngo_w_pandemii_sprawozdanie_za_2020_rok.html",
			status: 200, contains: []string{"Współpraca z NGO w pandemii", "31.05.2021 r."},
		},
		{
			name: "ngo article, dodano date", url: "https://ngo.krakow.pl/aktualnosci/249950,1785,komunikat,forum_trzeciego_sektora_2021.html",
			status: 200, contains: []string{"dodano: 7.10.2021, 11:29", `<a href="/pulapka/">`}, lacks: []string{"https://ngo.krakow.pl"},
		},
		{
			name: "print view", url: "https://www.krakow.pl/get_html.php?dok_id=240123", status: 200, contentType: "text/html; charset=utf-8",
			contains: []string{"<h1>Sprawozdanie ze współpracy miasta z NGO w roku 2019</h1>", "Adres strony: {www}/aktualnosci/240123,"},
			lacks:    []string{`id="menu"`},
		},
		{
			name: "listing page 1 links page 2", url: "https://www.krakow.pl/aktualnosci/1584,33,1,kategoria,aktualnosci.html", status: 200,
			contains: []string{`href="/aktualnosci/1584,33,2,kategoria,aktualnosci.html" class="next"`, `class="news-title"`},
		},
		{
			name: "ngo listing page 3 is the last", url: "https://ngo.krakow.pl/aktualnosci/1584,1785,3,kategoria,aktualnosci.html", status: 200,
			contains: []string{`class="prev"`}, lacks: []string{`class="next"`},
		},
		{
			name: "BIP document", url: report2019, status: 200,
			contains: []string{`<div id="mainDiv">`, `<table class="metryka"`, "<td>10 czerwca 2020 r.</td>", `href="/zalaczniki/dokumenty/n/301200/karta"`},
		},
		{
			name: "BIP document via alias, index.php and metka", url: "http://bip.krakow.pl/index.php?dok_id=105412&metka=1", status: 200,
			contains: []string{"Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2019"},
		},
		{
			name: "BIP HTML results table", url: "https://www.bip.krakow.pl/?dok_id=113460", status: 200,
			contains: []string{`<td style="text-align:right">1,5 mln zł</td>`, "12500 zł", "45&nbsp;000,00 zł", `Stowarzyszenie "Wspólny Dach"`},
		},
		{
			name: "attachment card", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/303500/karta", status: 200,
			contentType: "text/html; charset=utf-8", contains: []string{"Karta załącznika", `href="/zalaczniki/dokumenty/n/303500" class="pobierz"`, "<td>PDF, "},
		},
		{
			name: "report PDF as octet-stream", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200", status: 200,
			contentType: "application/octet-stream", disposition: `attachment; filename="Sprawozdanie_z_realizacji_Programu_Wspolpracy_2019.pdf"`,
			contains: []string{"%PDF-1."},
		},
		{
			name: "results PDF with its own type", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/303500", status: 200,
			contentType: "application/pdf", disposition: `attachment; filename="wyniki_konkursu_seniorzy_2021.pdf"`,
			contains: []string{"%PDF-1."},
		},
		{
			name: "DOCX as octet-stream", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/302410", status: 200,
			contentType: "application/octet-stream", disposition: `attachment; filename="ogloszenie_konkurs_seniorzy_2021.docx"`,
			contains: []string{"PK\x03\x04", "word/footnotes.xml"},
		},
		{
			name: "legacy DOC", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/304100", status: 200,
			contentType: "application/msword", disposition: `attachment; filename="zarzadzenie_nr_812_2021.doc"`,
			contains: []string{"\xd0\xcf\x11\xe0"},
		},
		{
			name: "RTF with no Content-Type at all", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/305400", status: 200,
			contentType: "-", disposition: `attachment; filename="regulamin_centrum_obywatelskiego.rtf"`, contains: []string{`{\rtf1`},
		},
		{
			name: "session id in a link is ignored", url: "https://www.bip.krakow.pl/?dok_id=116200&PHPSESSID=5f2c1a9e0b7d4c3a", status: 200,
			contains: []string{"Wyniki otwartego konkursu ofert w dziedzinie kultury"},
		},
		{
			name: "HEAD", url: "https://www.krakow.pl/robots.txt", method: http.MethodHead, status: 200, contentType: "text/plain; charset=utf-8",
		},
		{
			name: "POST refused", url: "https://www.krakow.pl/robots.txt", method: http.MethodPost, status: 405,
		},
		{
			name: "truncated PDF", url: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/306200", status: 200,
			disposition: `attachment; filename="wyniki_konkursu_sport_2021.pdf"`, contains: []string{"%PDF-1."}, lacks: []string{"%%EOF"},
		},
		{
			name: "robots", url: "https://www.krakow.pl/robots.txt", status: 200, contentType: "text/plain; charset=utf-8",
			contains: []string{"Disallow: /szukaj\n", "Sitemap: {www}/sitemap.xml"},
		},
		{
			name: "robots crawl-delay", url: "https://ngo.krakow.pl/robots.txt", status: 200, contains: []string{"Crawl-delay: 0.2"},
		},
		{
			name: "disallowed page exists", url: "https://www.krakow.pl/szukaj/?q=ngo", status: 200, contains: []string{"Wyniki wyszukiwania"},
		},
		{
			name: "sitemap index", url: "https://www.krakow.pl/sitemap.xml", status: 200, contentType: "application/xml",
			contains: []string{"<sitemapindex", "<loc>{www}/sitemap-archiwum.xml.gz</loc>"},
		},
		{
			name: "redirect rewritten", url: "https://www.krakow.pl/aktualnosci/stare_sprawozdanie.html", status: 301,
		},
		{
			name: "missing page", url: "https://www.krakow.pl/nie/ma/takiej/strony.html", status: 404, contains: []string{"Nie znaleziono strony"},
		},
		{
			name: "removed BIP document", url: "https://www.bip.krakow.pl/?dok_id=87120", status: 404,
		},
		{
			name: "headers sidecar is not served", url: "https://www.krakow.pl/aktualnosci/240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html.headers", status: 404,
		},
		{
			name: "calendar trap", url: "https://www.krakow.pl/kalendarz?miesiac=2020-12", status: 200,
			contains: []string{`href="/kalendarz?miesiac=2021-01"`, `href="/kalendarz?miesiac=2020-11"`, "grudzień 2020"},
		},
		{
			name: "calendar trap, bad month", url: "https://www.krakow.pl/kalendarz?miesiac=2020-13", status: 404,
		},
		{
			name: "relative-link trap", url: "https://ngo.krakow.pl/pulapka/a/a/a/", status: 200,
			contains: []string{`<a href="a/">`, "poziom 3"},
		},
	}
	repl := strings.NewReplacer("{www}", s.URL("https://www.krakow.pl"), "{ngo}", s.URL("https://ngo.krakow.pl"), "{bip}", s.URL("https://www.bip.krakow.pl"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, tt.method, s.URL(tt.url), nil)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if ct, ok := resp.Header["Content-Type"]; tt.contentType == "-" && ok {
				t.Errorf("Content-Type = %q, want none", ct)
			} else if tt.contentType != "" && tt.contentType != "-" && resp.Header.Get("Content-Type") != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", resp.Header.Get("Content-Type"), tt.contentType)
			}
			if got := resp.Header.Get("Content-Disposition"); got != tt.disposition {
				t.Errorf("Content-Disposition = %q, want %q", got, tt.disposition)
			}
			for _, c := range tt.contains {
				if c = unquote(t, repl.Replace(c)); !bytes.Contains(body, []byte(c)) {
					t.Errorf("body lacks %q", c)
				}
			}
			for _, c := range tt.lacks {
				if bytes.Contains(body, []byte(c)) {
					t.Errorf("body has %q", c)
				}
			}
		})
	}
}

// unquote decodes \xNN escapes, so table rows can name binary signatures.
func unquote(t *testing.T, s string) string {
	t.Helper()
	if !strings.Contains(s, `\x`) {
		return s
	}
	u, err := strconv.Unquote(`"` + s + `"`)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSampleRedirectLocation(t *testing.T) {
	s := startSample(t)
	tests := []struct{ name, url, location string }{
		{"internal, rewritten", "https://www.krakow.pl/aktualnosci/stare_sprawozdanie.html",
			s.URL("https://www.krakow.pl/aktualnosci/226880,33,komunikat,miasto_podsumowalo_wspolprace_z_organizacjami_w_2017_roku.html")},
		{"foreign, kept", "https://ngo.krakow.pl/facebook.html", "https://www.facebook.com/KrakowNGO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, _ := get(t, s.URL(tt.url), nil)
			if got := resp.Header.Get("Location"); got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
		})
	}
}

func TestSampleLegacyCharsets(t *testing.T) {
	s := startSample(t)
	tests := []struct {
		name        string
		dokID       string
		contentType string
		meta        string // the <meta> declaration, "" = none
		// want are byte sequences of the legacy encoding: "Łącki" etc.
		want []byte
	}{
		{"1250 header only", "90110", "text/html; charset=windows-1250", "", []byte("J\xf3zef \xa3\xb9cki")},
		{"1250 header only, link rewritten", "90110", "text/html; charset=windows-1250", "", []byte("\x8fr\xf3d\xb3o informacji: <a href=\"" + s.URL("http://www.bip.krakow.pl/?mmi=5742") + "\">")},
		{"1250 meta only", "90111", "text/html", "charset=windows-1250", []byte("Ma\xb3gorzata \x8clusarczyk")},
		{"1250 undeclared", "90112", "text/html", "", []byte("\xa3ukasz \x8cwi\xb9tek")},
		{"8859-2 meta only", "90113", "text/html", "charset=iso-8859-2", []byte("Zdzis\xb3aw \xacrebiec")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, s.URL("https://www.bip.krakow.pl/?dok_id="+tt.dokID), nil)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != tt.contentType {
				t.Fatalf("status %d, Content-Type %q; want 200, %q", resp.StatusCode, resp.Header.Get("Content-Type"), tt.contentType)
			}
			if !bytes.Contains(body, tt.want) {
				t.Errorf("body lacks legacy bytes %q", tt.want)
			}
			if utf8.Valid(body) {
				t.Error("body is valid UTF-8: it was not converted")
			}
			hasMeta := bytes.Contains(body, []byte("http-equiv"))
			if (tt.meta != "") != hasMeta || (tt.meta != "" && !bytes.Contains(body, []byte(tt.meta))) {
				t.Errorf("meta declaration: has http-equiv %v, want %q", hasMeta, tt.meta)
			}
			stored, err := fs.ReadFile(SampleSite(), "www.bip.krakow.pl/index.html@dok_id="+tt.dokID)
			if err != nil {
				t.Fatal(err)
			}
			// Only the ASCII URLs of the real hosts may change.
			if want := s.rewriter.Replace(string(stored)); !bytes.Equal(body, []byte(want)) {
				t.Error("served bytes differ from the stored file with rewritten links")
			}
		})
	}
}

func TestSampleSitemapGzip(t *testing.T) {
	s := startSample(t)
	resp, body := get(t, s.URL("https://www.krakow.pl/sitemap-archiwum.xml.gz"), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	xml, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	only := s.URL("https://www.krakow.pl/aktualnosci/239001,33,komunikat,archiwum_dni_organizacji_pozarzadowych_2019.html")
	if !bytes.Contains(xml, []byte("<loc>"+only+"</loc>")) {
		t.Errorf("gzipped sitemap lacks %s:\n%s", only, xml)
	}
	// The sitemap-only page is linked by no stored page.
	name := "www.krakow.pl/aktualnosci/239001,33,komunikat,archiwum_dni_organizacji_pozarzadowych_2019.html"
	err = fs.WalkDir(SampleSite(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".gz") || !strings.Contains(p, "/") {
			return err
		}
		b, err := fs.ReadFile(SampleSite(), p)
		if err == nil && bytes.Contains(b, []byte("239001,33")) && p != name {
			t.Errorf("%s links the sitemap-only page", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := get(t, only, nil); resp.StatusCode != 200 {
		t.Errorf("sitemap-only page: status %d", resp.StatusCode)
	}
}

func TestSampleConditional(t *testing.T) {
	s := startSample(t)
	u := s.URL(seedArticle)
	first, body := get(t, u, nil)
	etag, lm := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	if etag == "" || lm != "Wed, 10 Jun 2020 12:41:00 GMT" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, lm)
	}
	tests := []struct {
		name   string
		hdr    map[string]string
		status int
	}{
		{"matching etag", map[string]string{"If-None-Match": etag}, 304},
		{"other etag", map[string]string{"If-None-Match": `"0000"`}, 200},
		{"same date", map[string]string{"If-Modified-Since": lm}, 304},
		{"later date", map[string]string{"If-Modified-Since": "Thu, 01 Jan 2026 00:00:00 GMT"}, 304},
		{"earlier date", map[string]string{"If-Modified-Since": "Mon, 01 Jun 2020 00:00:00 GMT"}, 200},
		{"etag wins over date", map[string]string{"If-None-Match": `"0000"`, "If-Modified-Since": lm}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b := get(t, u, tt.hdr)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status == 200 && !bytes.Equal(b, body) {
				t.Error("body differs from the first response")
			}
			if tt.status == 304 && len(b) != 0 {
				t.Errorf("304 with a %d-byte body", len(b))
			}
		})
	}
}

func TestSampleRequestsAndURLs(t *testing.T) {
	s := startSample(t)
	seeds := s.Seeds()
	if len(seeds) != 3 || len(s.AllowHosts()) != 3 {
		t.Fatalf("seeds %v, hosts %v", seeds, s.AllowHosts())
	}
	for i, seed := range seeds {
		u, err := url.Parse(seed)
		if err != nil || u.Host != s.AllowHosts()[i] || u.Path != "/" {
			t.Errorf("seed %q does not match host %q", seed, s.AllowHosts()[i])
		}
		if resp, _ := get(t, seed, map[string]string{"User-Agent": "ngosearch-test"}); resp.StatusCode != 200 {
			t.Errorf("seed %s: status %d", seed, resp.StatusCode)
		}
	}
	get(t, s.URL("https://www.bip.krakow.pl/?dok_id=999999"), nil)
	reqs := s.Requests()
	want := []SampleRequest{
		{Host: "www.krakow.pl", Path: "/", Method: "GET", Status: 200, UserAgent: "ngosearch-test"},
		{Host: "ngo.krakow.pl", Path: "/", Method: "GET", Status: 200, UserAgent: "ngosearch-test"},
		{Host: "www.bip.krakow.pl", Path: "/", Method: "GET", Status: 200, UserAgent: "ngosearch-test"},
		{Host: "www.bip.krakow.pl", Path: "/?dok_id=999999", Method: "GET", Status: 404, UserAgent: "Go-http-client/1.1"},
	}
	if len(reqs) != len(want) {
		t.Fatalf("requests = %+v", reqs)
	}
	for i := range want {
		if reqs[i] != want[i] {
			t.Errorf("request %d = %+v, want %+v", i, reqs[i], want[i])
		}
	}
	urlCases := []struct{ name, in, want string }{
		{"https www", "https://www.krakow.pl/a.html?x=1", strings.TrimSuffix(seeds[0], "/") + "/a.html?x=1"},
		{"bare alias", "http://krakow.pl/", seeds[0]},
		{"bip alias", "https://bip.krakow.pl/?dok_id=5", strings.TrimSuffix(seeds[2], "/") + "/?dok_id=5"},
		{"foreign kept", "https://www.gov.pl/web/gov", "https://www.gov.pl/web/gov"},
	}
	for _, tt := range urlCases {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.URL(tt.in); got != tt.want {
				t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := s.RealURL(s.URL(report2019)); got != report2019 {
		t.Errorf("RealURL round trip = %q", got)
	}
}

func TestSampleTrapGoesDeeper(t *testing.T) {
	s := startSample(t)
	u := s.URL("https://ngo.krakow.pl/pulapka/")
	for depth := 0; depth < 6; depth++ {
		resp, body := get(t, u, nil)
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`href="a/"`)) {
			t.Fatalf("depth %d (%s): status %d", depth, u, resp.StatusCode)
		}
		base, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		next := base.ResolveReference(&url.URL{Path: "a/"}).String()
		if len(next) <= len(u) {
			t.Fatalf("relative link does not go deeper: %s -> %s", u, next)
		}
		u = next
	}
	cal := s.URL("https://www.krakow.pl/kalendarz?miesiac=2020-07")
	for i := 0; i < 30; i++ {
		_, body := get(t, cal, nil)
		i := bytes.Index(body, []byte(`<a href="/kalendarz?miesiac=`))
		j := bytes.LastIndex(body, []byte(`<a href="/kalendarz?miesiac=`))
		if i < 0 || j == i {
			t.Fatalf("calendar page %s lacks two month links", cal)
		}
		href := string(body[j+9 : j+9+bytes.IndexByte(body[j+9:], '"')])
		cal = s.URL("https://www.krakow.pl" + href)
	}
	if !strings.HasSuffix(cal, "miesiac=2023-01") {
		t.Errorf("after 30 next links: %s", cal)
	}
}

// TestSampleFixtureSet checks the fixture set itself: enough HTML pages, and
// every source named in grants-truth.csv is stored.
func TestSampleFixtureSet(t *testing.T) {
	fsys := SampleSite()
	html := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".headers") || !strings.Contains(p, "/") {
			return err
		}
		hdr, status, err := sidecar(fsys, p)
		if err != nil {
			return err
		}
		ct := defaultContentType(p)
		if v, ok := hdr["Content-Type"]; ok {
			ct = strings.Join(v, "")
		}
		if status == 0 && strings.HasPrefix(ct, "text/html") {
			html++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if html < 40 {
		t.Errorf("%d HTML pages, want at least 40", html)
	}
	t.Logf("%d HTML pages", html)

	f, err := os.Open("testdata/grants-truth.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "organisation,krs,task,amount_grosze,year,source_url,page" {
		t.Fatalf("header %v, %d rows", rows[0], len(rows))
	}
	for _, r := range rows[1:] {
		u, err := url.Parse(r[5])
		if err != nil {
			t.Fatal(err)
		}
		name, ok := sampleFile(u.Host, u.EscapedPath(), u.RawQuery)
		if !ok {
			t.Fatalf("source %s does not map to a file", r[5])
		}
		if st, err := fs.Stat(fsys, name); err == nil && st.IsDir() {
			name += "/@"
		}
		if _, err := fs.Stat(fsys, name); err != nil {
			t.Errorf("source %s of %s: %v", r[5], r[0], err)
		}
	}
}

// squeeze drops every kind of space, so text wrapped in table cells or laid
// out with (narrow) no-break spaces compares equal.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
}

// letters keeps only the letters of s.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, s)
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// TestGrantsTruthMatchesDocuments reads every grant of grants-truth.csv back
// from the stored document, on the stated page or sheet, so the truth table
// cannot drift from the fixtures.
func TestGrantsTruthMatchesDocuments(t *testing.T) {
	f, err := os.Open("testdata/grants-truth.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	fsys := SampleSite()
	type source struct {
		url   string
		pages map[int]string // squeezed text per page (0 for HTML)
		xlsx  *excelize.File
	}
	sources := map[string]*source{}
	perSource := map[string]int{}
	load := func(t *testing.T, rawURL string) *source {
		if s, ok := sources[rawURL]; ok {
			return s
		}
		u, err := url.Parse(rawURL)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := sampleFile(u.Host, u.EscapedPath(), u.RawQuery)
		if st, err := fs.Stat(fsys, name); err == nil && st.IsDir() {
			name += "/@"
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		s := &source{url: rawURL, pages: map[int]string{}}
		switch {
		case bytes.HasPrefix(body, []byte("%PDF")):
			if _, err := exec.LookPath("pdftotext"); err != nil {
				t.Skip("pdftotext (poppler-utils) not installed")
			}
			cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
			cmd.Stdin = bytes.NewReader(body)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", rawURL, err)
			}
			for i, p := range strings.Split(string(out), "\f") {
				s.pages[i+1] = squeeze(p)
			}
		case bytes.HasPrefix(body, []byte("\xd0\xcf\x11\xe0")): // XLS
			if _, err := exec.LookPath("xls2csv"); err != nil {
				t.Skip("xls2csv (catdoc) not installed")
			}
			tmp := filepath.Join(t.TempDir(), "a.xls")
			if err := os.WriteFile(tmp, body, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("xls2csv", "-d", "utf-8", tmp).Output()
			if err != nil {
				t.Fatalf("xls2csv %s: %v", rawURL, err)
			}
			s.pages[1] = squeeze(strings.ReplaceAll(string(out), `""`, `"`))
		case bytes.HasPrefix(body, []byte("PK")):
			zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := zr.Open("content.xml"); err == nil { // ODS
				rc, err := zr.Open("content.xml")
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(rc)
				if err != nil {
					t.Fatal(err)
				}
				s.pages[1] = squeeze(html.UnescapeString(tagRE.ReplaceAllString(string(b), " ")))
				break
			}
			x, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			s.xlsx = x
		default: // HTML
			s.pages[0] = squeeze(html.UnescapeString(tagRE.ReplaceAllString(string(body), " ")))
		}
		sources[rawURL] = s
		return s
	}
	for _, r := range rows[1:] {
		org, krs, task, src := r[0], r[1], r[2], r[5]
		amount, err := strconv.ParseInt(r[3], 10, 64)
		if err != nil || amount <= 0 {
			t.Fatalf("amount %q of %s", r[3], org)
		}
		page, err := strconv.Atoi(r[6])
		if err != nil {
			t.Fatal(err)
		}
		perSource[src]++
		t.Run(fmt.Sprintf("%s/%d/%s", path.Base(src), page, org), func(t *testing.T) {
			s := load(t, src)
			if s.xlsx != nil {
				sheets := s.xlsx.GetSheetList()
				if page < 1 || page > len(sheets) {
					t.Fatalf("sheet %d of %d", page, len(sheets))
				}
				xrows, err := s.xlsx.GetRows(sheets[page-1], excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				want := strconv.FormatFloat(float64(amount)/100, 'f', -1, 64)
				for _, xr := range xrows {
					if len(xr) >= 5 && xr[1] == org && xr[2] == krs && xr[3] == task && xr[4] == want {
						return
					}
				}
				t.Fatalf("no row %q %q %q %s on sheet %q", org, krs, task, want, sheets[page-1])
			}
			text, ok := s.pages[page]
			if !ok {
				t.Fatalf("no page %d", page)
			}
			zl, gr := amount/100, amount%100
			amountRE := regexp.MustCompile(fmt.Sprintf(`(^|[^\d])%d,%02d([^\d]|$)`, zl, gr))
			// Names and tasks are compared by their letters only: text
			// extracted from PDF tables loses end-of-line hyphens and
			// may run a cell into its neighbour.
			for _, want := range []string{org, task} {
				if !strings.Contains(letters(text), letters(want)) {
					t.Errorf("page %d lacks %q", page, want)
				}
			}
			if !strings.Contains(text, krs) {
				t.Errorf("page %d lacks KRS %q", page, krs)
			}
			if page > 0 && !amountRE.MatchString(text) {
				t.Errorf("page %d lacks the amount %d,%02d", page, zl, gr)
			}
		})
	}
	want := map[string]int{
		"https://www.bip.krakow.pl/zalaczniki/dokumenty/n/303500": 26,
		"https://www.bip.krakow.pl/?dok_id=113460":                6,
		"https://www.bip.krakow.pl/zalaczniki/dokumenty/n/303501": 13,
		"https://www.bip.krakow.pl/zalaczniki/dokumenty/n/305200": 7,
		"https://www.bip.krakow.pl/zalaczniki/dokumenty/n/305300": 6,
	}
	for src, n := range want {
		if perSource[src] != n {
			t.Errorf("%s: %d grants in the truth table, want %d", src, perSource[src], n)
		}
	}
	if len(perSource) != len(want) {
		t.Errorf("truth table names %d sources, want %d", len(perSource), len(want))
	}
}

var hrefRE = regexp.MustCompile(`(?i)\shref\s*=\s*["']([^"']*)["']`)

// TestSampleLinkGraph walks the site from the seeds the way a polite crawler
// would (allowed hosts only, robots.txt obeyed, redirects followed, traps
// entered once) and checks that every stored page is reachable except the
// sitemap-only one and the disallowed ones, and that every page carries the
// city hall address.
func TestSampleLinkGraph(t *testing.T) {
	s := startSample(t)
	allowed := map[string]bool{}
	for _, h := range s.AllowHosts() {
		allowed[h] = true
	}
	disallow := map[string][]string{} // host:port -> path prefixes for User-agent: *
	for _, seed := range s.Seeds() {
		u, _ := url.Parse(seed)
		_, body := get(t, seed+"robots.txt", nil)
		star := false
		for _, line := range strings.Split(string(body), "\n") {
			k, v, _ := strings.Cut(line, ":")
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "user-agent":
				star = strings.TrimSpace(v) == "*"
			case "disallow":
				if star && strings.TrimSpace(v) != "" {
					disallow[u.Host] = append(disallow[u.Host], strings.TrimSpace(v))
				}
			}
		}
	}
	blocked := func(u *url.URL) bool {
		for _, p := range disallow[u.Host] {
			if strings.HasPrefix(u.RequestURI(), p) {
				return true
			}
		}
		return false
	}
	fileOf := func(u *url.URL) string {
		name, ok := sampleFile(s.hosts[u.Host], u.EscapedPath(), u.RawQuery)
		if !ok {
			return ""
		}
		if st, err := fs.Stat(SampleSite(), name); err == nil && st.IsDir() {
			name += "/@"
		}
		return name
	}

	reached, refused, foreign := map[string]bool{}, map[string]bool{}, map[string]bool{}
	seen := map[string]bool{}
	queue := slices.Clone(s.Seeds())
	trapHits := 0
	for len(queue) > 0 {
		raw := queue[0]
		queue = queue[1:]
		if seen[raw] {
			continue
		}
		seen[raw] = true
		if len(seen) > 1000 {
			t.Fatal("more than 1000 URLs: a trap was not contained")
		}
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(u.Path, "/kalendarz") || strings.HasPrefix(u.Path, "/pulapka/a/") {
			trapHits++
			continue // a crawler must stop here; the trap tests cover the rest
		}
		if blocked(u) {
			refused[fileOf(u)] = true
			continue
		}
		resp, body := get(t, raw, nil)
		switch {
		case resp.StatusCode == 301 || resp.StatusCode == 302:
			loc, err := u.Parse(resp.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			if allowed[loc.Host] {
				queue = append(queue, loc.String())
			} else {
				foreign[loc.Host] = true
			}
			reached[fileOf(u)] = true
			continue
		case resp.StatusCode == 404:
			continue
		case resp.StatusCode != 200:
			t.Errorf("%s: status %d", raw, resp.StatusCode)
			continue
		}
		reached[fileOf(u)] = true
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		if !bytes.Contains(body, []byte("pl. Wszystkich ")) || !bytes.Contains(body, []byte("31-004 Krak")) {
			t.Errorf("%s has no city hall address", raw)
		}
		for _, m := range hrefRE.FindAllSubmatch(body, -1) {
			ref, err := u.Parse(html.UnescapeString(string(m[1])))
			if err != nil || (ref.Scheme != "http" && ref.Scheme != "https") {
				continue
			}
			ref.Fragment = ""
			if !allowed[ref.Host] {
				foreign[ref.Hostname()] = true
				continue
			}
			queue = append(queue, ref.String())
		}
	}

	// Every stored body except the ones only robots.txt and sitemaps name.
	var unreached []string
	err := fs.WalkDir(SampleSite(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(p, "/") || strings.HasSuffix(p, ".headers") {
			return err
		}
		base := p[strings.LastIndex(p, "/")+1:]
		if base == "robots.txt" || strings.HasPrefix(base, "sitemap") || reached[p] || refused[p] {
			return nil
		}
		unreached = append(unreached, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantUnreached := []string{"www.krakow.pl/aktualnosci/239001,33,komunikat,archiwum_dni_organizacji_pozarzadowych_2019.html"}
	if !slices.Equal(unreached, wantUnreached) {
		t.Errorf("unreachable stored files %q, want only the sitemap-only page %q", unreached, wantUnreached)
	}
	wantRefused := []string{"ngo.krakow.pl/panel/logowanie.html", "www.bip.krakow.pl/szukaj/index.html", "www.krakow.pl/szukaj/index.html@q=ngo"}
	gotRefused := slices.Sorted(maps.Keys(refused))
	if !slices.Equal(gotRefused, wantRefused) {
		t.Errorf("refused by robots.txt %q, want %q", gotRefused, wantRefused)
	}
	for _, h := range []string{"www.facebook.com", "www.gov.pl"} {
		if !foreign[h] {
			t.Errorf("no link to the foreign host %s", h)
		}
	}
	if trapHits == 0 {
		t.Error("no trap is linked")
	}
	t.Logf("%d URLs seen, %d files reached, %d refused, foreign hosts %v", len(seen), len(reached), len(refused), slices.Sorted(maps.Keys(foreign)))
}

func ExampleStartSample() {
	s, err := StartSample(SampleSite())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	// Real URLs map to the loopback server of their host.
	resp, err := http.Get(s.URL("https://www.bip.krakow.pl/zalaczniki/dokumenty/n/303500"))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	fmt.Println(resp.Header.Get("Content-Disposition"))
	fmt.Println(len(s.Seeds()), "seeds;", len(s.Requests()), "request served")
	// Output:
	// 200 application/pdf
	// attachment; filename="wyniki_konkursu_seniorzy_2021.pdf"
	// 3 seeds; 1 request served
}

// FuzzSampleFile checks that no request path or query escapes the host's
// directory or produces an invalid fs path.
func FuzzSampleFile(f *testing.F) {
	for _, s := range [][2]string{
		{"/", "dok_id=105412"}, {"/index.php", "dok_id=%20105412%20&metka=1"}, {"/a/../../etc/passwd", ""},
		{"/aktualnosci/1%2C2.html", ""}, {"/%2e%2e/x", "a=%2F"}, {"//x", "utm_source=a&b"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, p, q string) {
		name, ok := sampleFile("www.bip.krakow.pl", p, q)
		if !ok {
			return
		}
		if !fs.ValidPath(name) || !strings.HasPrefix(name, "www.bip.krakow.pl/") || strings.Contains(name, "/../") {
			t.Fatalf("sampleFile(%q, %q) = %q", p, q, name)
		}
	})
}
