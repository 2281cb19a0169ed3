package crawler

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func gzipped(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func urlset(urls ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range urls {
		fmt.Fprintf(&b, "<url><loc>%s</loc><lastmod>2024-01-01</lastmod></url>", u)
	}
	return b.String() + "</urlset>"
}

// TestSitemapOnlyPages: a page no link leads to is harvested when a sitemap
// lists it: through robots.txt's Sitemap: line, a sitemap index and a
// gzipped child; and through /sitemap.xml when robots.txt names none.
func TestSitemapOnlyPages(t *testing.T) {
	t.Run("robots Sitemap line, index, gzip", func(t *testing.T) {
		s := newSite(t)
		s.set(map[string]route{
			"/robots.txt": {ctype: "text/plain", body: "User-agent: *\nDisallow: /private\nSitemap: " + s.url("/sm/index.xml") + "\n"},
			"/":           {body: `<p>home, no links</p>`},
			"/sm/index.xml": {ctype: "application/xml", body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
				`<sitemap><loc>` + s.url("/sm/pages.xml.gz") + `</loc></sitemap></sitemapindex>`},
			"/sm/pages.xml.gz": {ctype: "application/x-gzip", body: gzipped(t, urlset(
				s.url("/only-in-sitemap.html"), s.url("/private/x"), "http://foreign.invalid/x"))},
			"/only-in-sitemap.html": {body: "hidden page"},
		})
		sink := newCollect()
		rep := runCrawl(t, testConfig(s.url("/")), sink)
		r := sink.get(s.url("/only-in-sitemap.html"))
		if r == nil {
			t.Fatalf("sitemap-only page not harvested; stored %q", sink.urls())
		}
		if r.Referrer != "" || string(r.Body) != "hidden page" {
			t.Errorf("referrer %q body %q", r.Referrer, r.Body)
		}
		if rep.Sitemaps != 2 {
			t.Errorf("Sitemaps %d, want 2", rep.Sitemaps)
		}
		if slices.Contains(s.requests(false), "/sitemap.xml") {
			t.Errorf("/sitemap.xml guessed although robots.txt names a sitemap")
		}
		if f, ok := refusedFor(rep, s.url("/private/x")); !ok || !errors.Is(f.Err, ErrRobots) {
			t.Errorf("robots-disallowed sitemap entry: %+v %v", f, ok)
		}
		if f, ok := refusedFor(rep, "http://foreign.invalid/x"); !ok || !errors.Is(f.Err, ErrForeignHost) {
			t.Errorf("foreign sitemap entry: %+v %v", f, ok)
		}
	})
	t.Run("RSS feed named by a page", func(t *testing.T) {
		s := newSite(t)
		s.set(map[string]route{
			"/": {body: `<head><link rel="alternate" type="application/rss+xml" title="Aktualności" href="/rss.xml"></head><p>home</p>`},
			"/rss.xml": {ctype: "application/rss+xml", body: `<rss><channel><link>` + s.url("/") + `</link>` +
				`<item><link>` + s.url("/only-in-feed") + `</link></item></channel></rss>`},
			"/only-in-feed": {body: "fresh news"},
		})
		sink := newCollect()
		rep := runCrawl(t, testConfig(s.url("/")), sink)
		if sink.get(s.url("/only-in-feed")) == nil {
			t.Errorf("page listed only in the feed not harvested; stored %q", sink.urls())
		}
		if sink.get(s.url("/rss.xml")) != nil || rep.Sitemaps != 1 {
			t.Errorf("feed stored as a page, or not read as a sitemap (Sitemaps %d)", rep.Sitemaps)
		}
	})
	t.Run("guessed /sitemap.xml", func(t *testing.T) {
		s := newSite(t)
		s.set(map[string]route{
			"/":            {body: `<p>home</p>`},
			"/sitemap.xml": {ctype: "text/xml", body: urlset(s.url("/hidden"))},
			"/hidden":      {body: "hidden"},
		})
		sink := newCollect()
		runCrawl(t, testConfig(s.url("/")), sink)
		if sink.get(s.url("/hidden")) == nil {
			t.Errorf("page listed in /sitemap.xml not harvested; stored %q", sink.urls())
		}
	})
}

// TestPaginationAndAttachments: a pager chain longer than MaxDepth is
// followed to its end (pager links add no depth); BIP documents lead to
// attachment cards and the cards to the files, which are fetched whole even
// one hop past MaxDepth.
func TestPaginationAndAttachments(t *testing.T) {
	s := newSite(t)
	routes := map[string]route{}
	for n := 1; n <= 8; n++ {
		next := ""
		if n < 8 {
			next = fmt.Sprintf(`<div class="pager"><a href="/lista/%d">%d</a> <a href="/lista/%d">następna</a></div>`, n+1, n+1, n+1)
		}
		routes[fmt.Sprintf("/lista/%d", n)] = route{body: fmt.Sprintf(`<ul><li><a href="/?dok_id=%d">Dokument %d</a></li></ul>%s`, n, n, next)}
		routes[fmt.Sprintf("/?dok_id=%d", n)] = route{body: fmt.Sprintf(`<div id="mainDiv"><a href="/zalaczniki/dokumenty/n/%d/karta">Załącznik</a></div>`, n)}
		routes[fmt.Sprintf("/zalaczniki/dokumenty/n/%d/karta", n)] = route{body: fmt.Sprintf(`<p>PDF, 1 KB</p><a href="/zalaczniki/dokumenty/n/%d">Pobierz plik</a>`, n)}
		routes[fmt.Sprintf("/zalaczniki/dokumenty/n/%d", n)] = route{ctype: "application/octet-stream", body: fmt.Sprintf("%%PDF-1.4 file %d", n),
			header: map[string]string{"Content-Disposition": fmt.Sprintf(`attachment; filename="plik_%d.pdf"`, n)}}
	}
	s.set(routes)
	cfg := testConfig(s.url("/lista/1"))
	cfg.MaxDepth = 2 // listing 0, document 1, card 2, file 3 (one past: a file)
	sink := newCollect()
	rep := runCrawl(t, cfg, sink)
	for n := 1; n <= 8; n++ {
		for _, p := range []string{"/lista/%d", "/?dok_id=%d", "/zalaczniki/dokumenty/n/%d/karta", "/zalaczniki/dokumenty/n/%d"} {
			u := s.url(fmt.Sprintf(p, n))
			if sink.get(u) == nil {
				t.Errorf("%s not harvested", u)
			}
		}
	}
	if f := sink.get(s.url("/zalaczniki/dokumenty/n/3")); f == nil || f.LinkText != "Pobierz plik" || f.Referrer != s.url("/zalaczniki/dokumenty/n/3/karta") {
		t.Errorf("file response %+v", f)
	}
	if rep.ByKind["pdf"] != 8 {
		t.Errorf("ByKind %v, want 8 pdf", rep.ByKind)
	}
}

func TestParseSitemap(t *testing.T) {
	tests := []struct {
		name            string
		body            string
		pages, sitemaps []string
		err             bool
	}{
		{"urlset", urlset("https://a/1", " https://a/2 "), []string{"https://a/1", "https://a/2"}, nil, false},
		{"index", `<sitemapindex><sitemap><loc>https://a/s1.xml</loc></sitemap></sitemapindex>`, nil, []string{"https://a/s1.xml"}, false},
		{"no namespace, upper case", `<URLSET><URL><LOC>https://a/x</LOC></URL></URLSET>`, []string{"https://a/x"}, nil, false},
		{"iso-8859-2", "<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><urlset><url><loc>https://a/\xb1</loc></url></urlset>", []string{"https://a/ą"}, nil, false},
		{"text", "https://a/1\n\nnot a url\nhttps://a/2\n", []string{"https://a/1", "https://a/2"}, nil, false},
		{"html soft 404", `<html><body>Nie znaleziono</body></html>`, nil, nil, true},
		{"truncated keeps what was read", `<urlset><url><loc>https://a/1</loc></url><url><loc>https://a/2`, []string{"https://a/1"}, nil, false},
		{"empty", "", nil, nil, false},
		{"image loc ignored", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">` +
			`<url><loc>https://a/p</loc><image:image><image:loc>https://a/i</image:loc></image:image></url></urlset>`, []string{"https://a/p"}, nil, false},
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel><title>Aktualności</title><link>https://a/</link>` +
			`<item><title>Konkurs</title><link>https://a/news/1</link></item><item><link> https://a/news/2 </link></item></channel></rss>`,
			[]string{"https://a/news/1", "https://a/news/2"}, nil, false},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://a/"/><entry><link rel="self" href="https://a/self"/>` +
			`<link href="https://a/news/3"/></entry><entry><link rel="alternate" href="https://a/news/4"/></entry></feed>`,
			[]string{"https://a/news/3", "https://a/news/4"}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pages, maps, err := parseSitemap([]byte(tc.body))
			if (err != nil) != tc.err {
				t.Fatalf("err %v, want error %v", err, tc.err)
			}
			if !slices.Equal(pages, tc.pages) || !slices.Equal(maps, tc.sitemaps) {
				t.Errorf("pages %q sitemaps %q, want %q %q", pages, maps, tc.pages, tc.sitemaps)
			}
		})
	}
	t.Run("gzip bomb", func(t *testing.T) {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
		zw.Write([]byte("<urlset>"))
		zw.Write(make([]byte, 3<<20)) // 3 MiB unpacked, a few KiB packed
		zw.Close()
		if _, _, err := parseSitemapMax(b.Bytes(), 1<<20); err == nil {
			t.Errorf("a sitemap unpacking past the limit was accepted")
		}
	})
	t.Run("gzip", func(t *testing.T) {
		pages, _, err := parseSitemap([]byte(gzipped(t, urlset("https://a/z"))))
		if err != nil || !slices.Equal(pages, []string{"https://a/z"}) {
			t.Errorf("pages %q err %v", pages, err)
		}
	})
}
