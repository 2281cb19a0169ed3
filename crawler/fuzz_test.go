package crawler

import (
	"net/url"
	"testing"

	"github.com/temoto/robotstxt"
)

// FuzzParseRobots: any robots.txt parses; what we hand colly is accepted by
// colly's parser (temoto/robotstxt), and reading it back decides every path
// as the original did.
func FuzzParseRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /private\nAllow: /private/ok\nCrawl-delay: 2\nSitemap: /s.xml\n"), "/private/x?y=1")
	f.Add([]byte("Disallow: /x\nUser-agent: ngosearch\nDisallow: /*.pdf$\n"), "/a.pdf")
	f.Add([]byte("User-agent: *\nDisallow: /zażółć\tx\nDisallow: /%c5%bc\n"), "/%C5%BCa")
	f.Add([]byte("\xef\xbb\xbfuser-agent:*\r\ndisallow:/\r\ncrawl-delay: 1e308\n"), "/")
	f.Add([]byte("User-agent: *\nDisallow: /a$b\nDisallow: ***\n"), "/a$b")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		r := parseRobots(body, DefaultUserAgent)
		u, err := url.Parse("https://www.krakow.pl/" + path)
		if err != nil {
			return
		}
		got := r.allowed(u)
		rendered := r.render()
		if _, err := robotstxt.FromBytes(rendered); err != nil {
			t.Fatalf("colly's parser rejects what we render: %v\n%s", err, rendered)
		}
		if again := parseRobots(rendered, DefaultUserAgent).allowed(u); again != got {
			t.Fatalf("rendered rules decide %s as %v, original %v\n%s", u, again, got, rendered)
		}
	})
}

// FuzzParseSitemap: any bytes parse without panicking, within the limits.
func FuzzParseSitemap(f *testing.F) {
	f.Add([]byte(urlset("https://a/1", "https://a/2")))
	f.Add([]byte(`<sitemapindex><sitemap><loc>https://a/s.xml</loc></sitemap></sitemapindex>`))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"windows-1250\"?><urlset><url><loc>\x9c</loc></url></urlset>"))
	f.Add([]byte("https://a/1\nhttps://a/2"))
	f.Add([]byte("\x1f\x8b\x08\x00garbage"))
	f.Fuzz(func(t *testing.T, body []byte) {
		pages, maps, _ := parseSitemap(body)
		if len(pages)+len(maps) > maxSitemapURLs {
			t.Fatalf("%d URLs, limit %d", len(pages)+len(maps), maxSitemapURLs)
		}
	})
}

// FuzzTrapCheck: URL checks never panic.
func FuzzTrapCheck(f *testing.F) {
	f.Add("https://www.krakow.pl/kalendarz?miesiac=2031-01")
	f.Add("https://www.krakow.pl/a/b/a/b/a")
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		cfg := testConfig("http://x/").withDefaults()
		_ = trapCheck(&cfg, u, testNow)
		_ = urlPattern(u)
	})
}
