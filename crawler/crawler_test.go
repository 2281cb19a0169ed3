package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCrawlSite crawls two allowed hosts and one foreign one and checks
// what was harvested, what each Response says, and the Report.
func TestCrawlSite(t *testing.T) {
	a, b, foreign := newSite(t), newSite(t), newSite(t)
	pdf := "%PDF-1.4\n\x00\x01\x02\xff binary \xc4\x85 not utf-8\n%%EOF"
	a.set(map[string]route{
		"/": {body: `<html><body>
			<a href="/news/1.html">Pierwsza  wiadomość</a>
			<a href="news/2.html?utm_source=x#top"><img alt="Druga"></a>
			<a href="mailto:ngo@um.krakow.pl">mail</a>
			<a href="javascript:void(0)">js</a>
			<a href="tel:+48126161200">tel</a>
			<a href="` + foreign.url("/elsewhere") + `">obca</a>
			<a href="` + b.url("/?dok_id=7") + `">BIP</a>
			<a href="/missing">brak</a>
			<a href="/logo.png">logo</a>
			<a href="/bare">bez nagłówka</a>
		</body></html>`},
		"/news/1.html": {body: `<p>one <a href="/">home</a>`},
		"/news/2.html": {body: `<p>two`, ctype: "text/html; charset=iso-8859-2"},
		"/bare":        {body: `<!DOCTYPE html><p>no Content-Type <a href="/bare-child">child</a>`, ctype: "none"},
		"/bare-child":  {body: `child`},
	})
	b.set(map[string]route{
		"/?dok_id=7": {body: `<div id="mainDiv"><h1>Uchwała</h1><a href="/zalaczniki/dokumenty/n/9">Wyniki konkursu</a></div>`},
		"/zalaczniki/dokumenty/n/9": {ctype: "application/octet-stream", body: pdf,
			header: map[string]string{"Content-Disposition": `attachment; filename="wyniki_konkursu_2020.pdf"`}},
	})

	sink := newCollect()
	cfg := testConfig(a.url("/"))
	cfg.AllowHosts = []string{a.host(), b.host()}
	rep := runCrawl(t, cfg, sink)

	want := []string{
		a.url("/"), a.url("/news/1.html"), a.url("/news/2.html"), a.url("/bare"), a.url("/bare-child"),
		b.url("/?dok_id=7"), b.url("/zalaczniki/dokumenty/n/9"),
	}
	slices.Sort(want)
	if got := sink.urls(); !slices.Equal(got, want) {
		t.Fatalf("stored\n got %q\nwant %q", got, want)
	}
	if got := foreign.requests(true); len(got) != 0 {
		t.Errorf("foreign host was contacted: %q", got)
	}
	if got := a.requests(false); slices.Contains(got, "/logo.png") {
		t.Errorf("image fetched: %q", got)
	}

	tests := []struct {
		name, url, referrer, linkText string
		body                          string
	}{
		{"seed", a.url("/"), "", "", ""},
		{"collapsed link text", a.url("/news/1.html"), a.url("/"), "Pierwsza wiadomość", "<p>one <a href=\"/\">home</a>"},
		{"img alt as link text, utm dropped", a.url("/news/2.html"), a.url("/"), "Druga", "<p>two"},
		{"other host", b.url("/?dok_id=7"), a.url("/"), "BIP", ""},
		{"attachment whole", b.url("/zalaczniki/dokumenty/n/9"), b.url("/?dok_id=7"), "Wyniki konkursu", pdf},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := sink.get(tc.url)
			if r == nil {
				t.Fatalf("%s not stored", tc.url)
			}
			if r.Referrer != tc.referrer || r.LinkText != tc.linkText {
				t.Errorf("referrer %q link text %q, want %q %q", r.Referrer, r.LinkText, tc.referrer, tc.linkText)
			}
			if tc.body != "" && !bytes.Equal(r.Body, []byte(tc.body)) {
				t.Errorf("body %q, want %q", r.Body, tc.body)
			}
			if r.Status != 200 || r.FinalURL != tc.url || r.FetchedAt.IsZero() {
				t.Errorf("status %d final %q fetched %v", r.Status, r.FinalURL, r.FetchedAt)
			}
		})
	}
	if got := sink.get(b.url("/zalaczniki/dokumenty/n/9")).Header.Get("Content-Disposition"); !strings.Contains(got, "wyniki_konkursu_2020.pdf") {
		t.Errorf("Content-Disposition %q", got)
	}

	// Eight pages and files plus the /sitemap.xml tried on each host (404:
	// counted as fetched, not as a failure).
	if rep.Fetched != 10 || rep.Stored != 7 || rep.Failed != 1 {
		t.Errorf("fetched %d stored %d failed %d, want 10 7 1", rep.Fetched, rep.Stored, rep.Failed)
	}
	if rep.ByStatus[200] != 7 || rep.ByStatus[404] != 3 {
		t.Errorf("by status %v", rep.ByStatus)
	}
	if rep.ByHost[a.host()] != 7 || rep.ByHost[b.host()] != 3 {
		t.Errorf("by host %v", rep.ByHost)
	}
	if rep.ByKind["html"] != 6 || rep.ByKind["pdf"] != 1 {
		t.Errorf("by kind %v", rep.ByKind)
	}
	if f, ok := failureFor(rep, a.url("/missing")); !ok || !errors.Is(f.Err, ErrStatus) || !strings.Contains(f.Reason, "404") {
		t.Errorf("404 failure: %+v %v", f, ok)
	}
	if f, ok := refusedFor(rep, foreign.url("/elsewhere")); !ok || !errors.Is(f.Err, ErrForeignHost) {
		t.Errorf("foreign refusal: %+v %v", f, ok)
	}
	if h := rep.Hosts[a.srv.URL]; h.Robots != "none (HTTP 404)" || h.Delay != 0 || len(rep.Hosts) != 2 {
		t.Errorf("hosts %+v", rep.Hosts)
	}
	if len(rep.RefusedBy) != 1 || rep.RefusedBy["foreign_host"] != 1 {
		t.Errorf("RefusedBy %v, want foreign_host:1", rep.RefusedBy)
	}
	if rep.Pending != 0 || rep.Finished.Before(rep.Started) {
		t.Errorf("pending %d, started %v finished %v", rep.Pending, rep.Started, rep.Finished)
	}
}

func TestAllowHosts(t *testing.T) {
	tests := []struct {
		name    string
		entries []string
		url     string
		want    bool
	}{
		{"host any port", []string{"127.0.0.1"}, "http://127.0.0.1:8123/x", true},
		{"host default port", []string{"www.krakow.pl"}, "https://www.krakow.pl/x", true},
		{"host:port exact", []string{"127.0.0.1:8123"}, "http://127.0.0.1:8123/", true},
		{"host:port other port", []string{"127.0.0.1:8123"}, "http://127.0.0.1:8124/", false},
		{"host:443 matches https default", []string{"www.krakow.pl:443"}, "https://www.krakow.pl/", true},
		{"host:443 not http", []string{"www.krakow.pl:443"}, "http://www.krakow.pl/", false},
		{"case folded", []string{"WWW.Krakow.PL"}, "https://www.krakow.pl/", true},
		{"subdomain is another host", []string{"krakow.pl"}, "https://evil.krakow.pl/", false},
		{"alias of an allowed host", []string{"bip.krakow.pl"}, "https://www.bip.krakow.pl/", true},
		{"suffix is another host", []string{"krakow.pl"}, "https://notkrakow.pl/", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig("http://seed.test/")
			cfg.AllowHosts = tc.entries
			rules, err := allowRules(cfg)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tc.url)
			if got := rules.allows(u); got != tc.want {
				t.Errorf("allows(%s) with %q = %v", tc.url, tc.entries, got)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		ok   bool
	}{
		{"minimal", func(*Config) {}, true},
		{"no seeds", func(c *Config) { c.Seeds = nil }, false},
		{"relative seed", func(c *Config) { c.Seeds = []string{"/x"} }, false},
		{"ftp seed", func(c *Config) { c.Seeds = []string{"ftp://x/"} }, false},
		{"bad host entry", func(c *Config) { c.AllowHosts = []string{"http://x/"} }, false},
		{"negative MaxPages", func(c *Config) { c.MaxPages = -1 }, false},
		{"negative body size", func(c *Config) { c.MaxBodySize = -1 }, false},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, false},
		{"archive without dir", func(c *Config) { c.Archive = true }, false},
		{"UA with newline", func(c *Config) { c.UserAgent = "a\r\nX: y" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig("https://www.krakow.pl/")
			tc.edit(&cfg)
			err := cfg.Validate()
			if (err == nil) != tc.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrConfig) {
				t.Errorf("error %v does not wrap ErrConfig", err)
			}
		})
	}
}

// TestProgress: the callback sees running totals that only grow and end at
// the Report's.
func TestProgress(t *testing.T) {
	s := newSite(t)
	s.set(map[string]route{
		"/":  {body: `<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a>`},
		"/a": {body: "aaaa"}, "/b": {body: "bb"}, "/c": {status: 500},
	})
	var seen []Progress
	cfg := testConfig(s.url("/"))
	cfg.MaxRetries = -1
	cfg.Progress = func(p Progress) { seen = append(seen, p) } // calls are serialised
	rep := runCrawl(t, cfg, newCollect())
	if len(seen) == 0 {
		t.Fatal("Progress never called")
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Fetched < seen[i-1].Fetched || seen[i].Bytes < seen[i-1].Bytes || seen[i].Stored < seen[i-1].Stored {
			t.Errorf("progress went back: %+v then %+v", seen[i-1], seen[i])
		}
	}
	last := seen[len(seen)-1]
	want := Progress{Fetched: rep.Fetched, Stored: rep.Stored, Errors: rep.Failed, Refused: len(rep.Refused), Bytes: rep.Bytes}
	if last != want {
		t.Errorf("last progress %+v, want %+v", last, want)
	}
	if last.Fetched != 5 || last.Stored != 3 || last.Errors != 1 {
		t.Errorf("last progress %+v, want 5 fetched, 3 stored, 1 error", last)
	}
}

// TestLegacyCharset: a Windows-1250 page that declares nothing reaches the
// Sink byte for byte, and its link texts are read as Windows-1250.
func TestLegacyCharset(t *testing.T) {
	s := newSite(t)
	page := "<p>Urz\xb9d Miasta Krakowa <a href=\"/zal\">Za\xb3\xb9cznik \x9cwietlicy</a>"
	s.set(map[string]route{
		"/":    {ctype: "text/html", body: page},
		"/zal": {ctype: "application/pdf", body: "%PDF"},
	})
	sink := newCollect()
	runCrawl(t, testConfig(s.url("/")), sink)
	if r := sink.get(s.url("/")); r == nil || string(r.Body) != page || r.Header.Get("Content-Type") != "text/html" {
		t.Errorf("page not handed on as sent")
	}
	if r := sink.get(s.url("/zal")); r == nil || r.LinkText != "Załącznik świetlicy" {
		t.Errorf("link text %q, want Załącznik świetlicy", func() string {
			if r == nil {
				return "<not stored>"
			}
			return r.LinkText
		}())
	}
}

// TestRefusedCap: share links to a foreign host, one per URL, are counted
// in full but listed only up to MaxListedRefusals.
func TestRefusedCap(t *testing.T) {
	s := newSite(t)
	var b strings.Builder
	for i := range MaxListedRefusals + 200 {
		fmt.Fprintf(&b, `<a href="https://www.facebook.com/sharer.php?u=%d">fb</a>`, i)
	}
	s.html("/", b.String())
	rep := runCrawl(t, testConfig(s.url("/")), newCollect())
	if len(rep.Refused) != MaxListedRefusals || rep.RefusedBy["foreign_host"] != MaxListedRefusals+200 {
		t.Errorf("listed %d, counted %v", len(rep.Refused), rep.RefusedBy)
	}
}
