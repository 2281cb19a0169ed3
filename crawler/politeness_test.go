package crawler

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRobotsDisallowAndCrawlDelay: our group of robots.txt is obeyed (not
// the "*" one), a disallowed page is never requested and is reported, and
// the Crawl-delay spaces every request to the host although Delay is tiny
// and Parallelism 3.
func TestRobotsDisallowAndCrawlDelay(t *testing.T) {
	s := newSite(t)
	s.set(map[string]route{
		"/robots.txt": {ctype: "text/plain", body: "User-agent: *\nDisallow: /\n\n" +
			"User-agent: ngosearch\nDisallow: /secret\nAllow: /secret/open\nCrawl-delay: 0.15\n"},
		"/":            {body: `<a href="/a">a</a><a href="/b">b</a><a href="/secret/x">x</a><a href="/secret/open">o</a><a href="/c">c</a>`},
		"/a":           {body: "a"},
		"/b":           {body: "b"},
		"/c":           {body: "c"},
		"/secret/x":    {body: "secret"},
		"/secret/open": {body: "open"},
		"/sitemap.xml": {status: 404},
	})
	cfg := testConfig(s.url("/"))
	cfg.Delay = 10 * time.Millisecond
	cfg.Parallelism = 3
	sink := newCollect()
	rep := runCrawl(t, cfg, sink)

	if slices.Contains(s.requests(false), "/secret/x") {
		t.Errorf("disallowed /secret/x was requested")
	}
	if f, ok := refusedFor(rep, s.url("/secret/x")); !ok || !errors.Is(f.Err, ErrRobots) {
		t.Errorf("refusal of /secret/x: %+v %v", f, ok)
	}
	if sink.get(s.url("/secret/open")) == nil {
		t.Errorf("/secret/open (longer Allow) not harvested")
	}
	hits := s.allHits()
	if len(hits) != 7 { // robots, /, sitemap.xml, a, b, c, secret/open
		t.Errorf("%d requests, want 7: %q", len(hits), s.requests(true))
	}
	if n := len(s.hitsFor("/robots.txt")); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1 (colly's check must not refetch it)", n)
	}
	if h := rep.Hosts[s.srv.URL]; h.Robots != "ok" || h.CrawlDelay != 150*time.Millisecond || h.Delay != 150*time.Millisecond {
		t.Errorf("host report %+v", h)
	}
	for i := 1; i < len(hits); i++ {
		if gap := hits[i].At.Sub(hits[i-1].At); gap < 150*time.Millisecond {
			t.Errorf("gap %v between %s and %s, want >= Crawl-delay 150ms", gap, hits[i-1].URI, hits[i].URI)
		}
	}
}

// TestDelaySpacesRequests: with no Crawl-delay, Delay itself spaces them.
func TestDelaySpacesRequests(t *testing.T) {
	s := newSite(t)
	s.set(map[string]route{
		"/":  {body: `<a href="/a">a</a><a href="/b">b</a>`},
		"/a": {body: "a"}, "/b": {body: "b"},
	})
	cfg := testConfig(s.url("/"))
	cfg.Delay = 60 * time.Millisecond
	cfg.Parallelism = 2
	runCrawl(t, cfg, newCollect())
	hits := s.allHits()
	for i := 1; i < len(hits); i++ {
		if gap := hits[i].At.Sub(hits[i-1].At); gap < 60*time.Millisecond {
			t.Errorf("gap %v between %s and %s, want >= 60ms", gap, hits[i-1].URI, hits[i].URI)
		}
	}
}

// TestRobotsUnavailable: a robots.txt answering 5xx closes the host.
func TestRobotsUnavailable(t *testing.T) {
	s := newSite(t)
	s.set(map[string]route{
		"/robots.txt": {status: 503, body: "busy"},
		"/":           {body: `<a href="/a">a</a>`},
	})
	cfg := testConfig(s.url("/"))
	cfg.MaxRetries = 1
	rep := runCrawl(t, cfg, newCollect())
	if got := s.requests(false); len(got) != 0 {
		t.Errorf("requests despite robots.txt 503: %q", got)
	}
	if n := len(s.hitsFor("/robots.txt")); n != 2 {
		t.Errorf("robots.txt tried %d times, want 2 (one retry)", n)
	}
	if f, ok := refusedFor(rep, s.url("/")); !ok || !errors.Is(f.Err, ErrRobots) || !strings.Contains(f.Reason, "503") {
		t.Errorf("seed refusal %+v %v", f, ok)
	}
	if h := rep.Hosts[s.srv.URL]; !strings.HasPrefix(h.Robots, "unavailable") {
		t.Errorf("host report %+v", h)
	}
}

// TestRetries: 503 with Retry-After is retried after the wait; a Retry-After
// beyond MaxRetryAfter fails at once; a 500 without one is retried
// MaxRetries times and then reported.
func TestRetries(t *testing.T) {
	s := newSite(t)
	var flaky atomic.Int32
	s.set(map[string]route{
		"/": {body: `<a href="/flaky">f</a><a href="/slow">s</a><a href="/broken">b</a>`},
		"/flaky": {fn: func(w http.ResponseWriter, r *http.Request) {
			if flaky.Add(1) == 1 {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.Write([]byte("finally"))
		}},
		"/slow": {fn: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		}},
		"/broken":      {status: 500},
		"/sitemap.xml": {status: 404},
	})
	cfg := testConfig(s.url("/"))
	cfg.MaxRetries = 2
	cfg.MaxRetryAfter = 10 * time.Second
	sink := newCollect()
	rep := runCrawl(t, cfg, sink)

	if r := sink.get(s.url("/flaky")); r == nil || string(r.Body) != "finally" {
		t.Errorf("/flaky not stored after retry")
	}
	if h := s.hitsFor("/flaky"); len(h) != 2 {
		t.Errorf("/flaky requested %d times, want 2", len(h))
	} else if gap := h[1].At.Sub(h[0].At); gap < time.Second {
		t.Errorf("retry after %v, want >= Retry-After 1s", gap)
	}
	if h := s.hitsFor("/slow"); len(h) != 1 {
		t.Errorf("/slow requested %d times, want 1", len(h))
	}
	if f, ok := failureFor(rep, s.url("/slow")); !ok || !errors.Is(f.Err, ErrRetryAfter) {
		t.Errorf("/slow failure %+v %v", f, ok)
	}
	if h := s.hitsFor("/broken"); len(h) != 3 {
		t.Errorf("/broken requested %d times, want 3", len(h))
	}
	if f, ok := failureFor(rep, s.url("/broken")); !ok || !errors.Is(f.Err, ErrStatus) {
		t.Errorf("/broken failure %+v %v", f, ok)
	}
}

// TestRedirects: inside the site a redirect is followed and its target not
// fetched again; to a foreign host, or to a loopback address that is not
// itself allowed, it is refused before the target is contacted.
func TestRedirects(t *testing.T) {
	s, other, b := newSite(t), newSite(t), newSite(t)
	b.set(map[string]route{
		"/robots.txt": {ctype: "text/plain", body: "User-agent: *\nDisallow: /private\n"},
		"/page":       {body: "page on b"},
		"/private/x":  {body: "private"},
	})
	otherPort := other.srv.Listener.Addr().(interface{ String() string }).String()
	_, port, _ := strings.Cut(otherPort, ":")
	redirect := func(to string) route {
		return route{fn: func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) }}
	}
	s.set(map[string]route{
		"/": {body: `<a href="/moved">m</a><a href="/target">t</a><a href="/foreign">f</a>` +
			`<a href="/local">l</a><a href="/loop">o</a><a href="/to-b">b</a><a href="/to-b-private">bp</a>`},
		"/to-b":         redirect(b.url("/page")),
		"/to-b-private": redirect(b.url("/private/x")),
		"/moved":        redirect("/target"),
		"/target":       {body: "target"},
		"/foreign":      redirect(other.url("/x")),
		"/local":        redirect("http://localhost:" + port + "/x"),
		"/loop":         redirect("/loop2"),
		"/loop2":        redirect("/loop"),
	})
	other.html("/x", "should never be served")

	cfg := testConfig(s.url("/"))
	cfg.AllowHosts = []string{s.host(), "localhost", b.host()}
	sink := newCollect()
	rep := runCrawl(t, cfg, sink)

	if got := other.requests(true); len(got) != 0 {
		t.Errorf("redirect target host contacted: %q", got)
	}
	tests := []struct {
		uri  string
		want error
	}{
		{"/foreign", ErrForeignHost},
		{"/local", ErrPrivateAddress},
		{"/loop", ErrRedirects},
	}
	for _, tc := range tests {
		t.Run(tc.uri, func(t *testing.T) {
			f, ok := refusedFor(rep, s.url(tc.uri))
			if !ok || !errors.Is(f.Err, tc.want) {
				t.Errorf("refusal %+v %v, want %v", f, ok, tc.want)
			}
		})
	}
	// A redirect to another allowed host waits for that host's robots.txt.
	if got := b.requests(true); len(got) == 0 || got[0] != "/robots.txt" || slices.Contains(got, "/private/x") {
		t.Errorf("host b saw %q: robots.txt first, never /private/x", got)
	}
	// Refused either at the redirect (b's robots.txt already read) or when
	// its turn on b came.
	f, ok := refusedFor(rep, b.url("/private/x"))
	if !ok {
		f, ok = refusedFor(rep, s.url("/to-b-private"))
	}
	if !ok || !errors.Is(f.Err, ErrRobots) {
		t.Errorf("/private/x via redirect: %+v %v", f, ok)
	}
	if r := sink.get(b.url("/page")); r == nil || r.Referrer != s.url("/") || r.LinkText != "b" {
		t.Errorf("redirect target on host b: %+v", r)
	}
	moved := sink.get(s.url("/moved"))
	if moved == nil || moved.FinalURL != s.url("/target") || string(moved.Body) != "target" {
		t.Fatalf("/moved: %+v", moved)
	}
	if n := len(s.hitsFor("/target")); n != 1 {
		t.Errorf("/target fetched %d times, want 1", n)
	}
}

func TestRobotsAgentGroup(t *testing.T) {
	const body = "User-agent: *\nDisallow: /all\n\nUser-agent: NGOsearch\nDisallow: /ours\n\nUser-agent: ngo\nDisallow: /prefix\n"
	tests := []struct {
		ua             string
		ours, all, pre bool // disallowed?
	}{
		{DefaultUserAgent, true, false, false},
		{"Mozilla/5.0 (compatible; ngosearch/0.2; +https://example.org/bot)", true, false, false},
		{"SomethingElse/1.0", false, true, false},
		{"ngosearchbot/1.0", false, true, false}, // another product, not a prefix match
	}
	for _, tc := range tests {
		t.Run(tc.ua, func(t *testing.T) {
			r := parseRobots([]byte(body), tc.ua)
			for path, want := range map[string]bool{"/ours": tc.ours, "/all": tc.all, "/prefix": tc.pre} {
				u, _ := url.Parse("https://x" + path)
				if got := !r.allowed(u); got != want {
					t.Errorf("%s disallowed = %v, want %v", path, got, want)
				}
			}
		})
	}
}

func TestParseRobots(t *testing.T) {
	const body = "\xef\xbb\xbfDisallow: /before-any-group\n" +
		"User-agent: Googlebot\nDisallow: /\n\n" +
		"User-agent: *\nUser-agent: other\nDisallow: /tmp/ # comment\nAllow: /tmp/public\nDisallow: /*.php$\n" +
		"Disallow: /szukaj?\nDisallow: /zażółć\nCrawl-delay: 2.5s\nSitemap: https://www.krakow.pl/sitemap.xml\n" +
		"Host: www.krakow.pl\nCrawl-delay: nonsense\n"
	r := parseRobots([]byte(body), DefaultUserAgent)
	tests := []struct {
		path string
		want bool
	}{
		{"/", true},
		{"/before-any-group", true},
		{"/tmp/x", false},
		{"/tmp/public/y", true},
		{"/index.php", false},
		{"/index.php?x=1", true},
		{"/szukaj?q=ngo", false},
		{"/szukaj", true},
		{"/za%C5%BC%C3%B3%C5%82%C4%87/a", false},
		{"/robots.txt", true},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			u, err := url.Parse("https://www.krakow.pl" + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.allowed(u); got != tc.want {
				t.Errorf("allowed(%s) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
	if r.crawlDelay != 2500*time.Millisecond {
		t.Errorf("crawl delay %v, want 2.5s", r.crawlDelay)
	}
	if !slices.Equal(r.sitemaps, []string{"https://www.krakow.pl/sitemap.xml"}) {
		t.Errorf("sitemaps %q", r.sitemaps)
	}
}

// TestCollyEnvironmentIgnored: COLLY_* variables cannot switch robots.txt
// off, truncate bodies, cache, stop redirects, cap requests, restrict
// domains or change the user agent: every option is set after NewCollector.
func TestCollyEnvironmentIgnored(t *testing.T) {
	for k, v := range map[string]string{
		"COLLY_IGNORE_ROBOTSTXT":          "yes",
		"COLLY_MAX_BODY_SIZE":             "10",
		"COLLY_DETECT_CHARSET":            "yes",
		"COLLY_CACHE_DIR":                 t.TempDir(),
		"COLLY_FOLLOW_REDIRECTS":          "no",
		"COLLY_ALLOWED_DOMAINS":           "example.com",
		"COLLY_MAX_REQUESTS":              "1",
		"COLLY_MAX_DEPTH":                 "1",
		"COLLY_USER_AGENT":                "evil",
		"COLLY_PARSE_HTTP_ERROR_RESPONSE": "no",
	} {
		t.Setenv(k, v)
	}
	s := newSite(t)
	body := strings.Repeat("Zażółć gęślą jaźń. ", 100)
	s.set(map[string]route{
		"/robots.txt": {ctype: "text/plain", body: "User-agent: *\nDisallow: /private\n"},
		"/":           {body: `<a href="/private">p</a><a href="/moved">m</a><a href="/long">l</a><a href="/gone">g</a>`},
		"/private":    {body: "private"},
		"/moved": {fn: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/long?from=moved", http.StatusMovedPermanently)
		}},
		"/long":            {ctype: "text/plain; charset=iso-8859-2", body: body},
		"/long?from=moved": {ctype: "text/plain", body: "after redirect"},
	})
	sink := newCollect()
	rep := runCrawl(t, testConfig(s.url("/")), sink)
	if slices.Contains(s.requests(false), "/private") {
		t.Errorf("robots.txt ignored")
	}
	if r := sink.get(s.url("/long")); r == nil || string(r.Body) != body {
		t.Errorf("body truncated or converted")
	}
	if r := sink.get(s.url("/moved")); r == nil || string(r.Body) != "after redirect" {
		t.Errorf("redirect not followed")
	}
	if _, ok := failureFor(rep, s.url("/gone")); !ok || rep.ByStatus[404] == 0 {
		t.Errorf("404 did not reach the crawler")
	}
	for _, h := range s.allHits() {
		if ua := h.Header.Get("User-Agent"); ua != DefaultUserAgent {
			t.Errorf("%s sent with User-Agent %q", h.URI, ua)
		}
	}
}

func TestPaceKey(t *testing.T) {
	for in, want := range map[string]string{
		"http://www.krakow.pl":  "www.krakow.pl",
		"https://www.krakow.pl": "www.krakow.pl",
		"http://127.0.0.1:8080": "127.0.0.1:8080",
		"127.0.0.1:8081":        "127.0.0.1:8081",
		"www.krakow.pl:443":     "www.krakow.pl",
		"HTTP://WWW.Krakow.PL":  "www.krakow.pl",
	} {
		if got := paceKey(in); got != want {
			t.Errorf("paceKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRobotsDirectives(t *testing.T) {
	tokens := productTokens(DefaultUserAgent)
	tests := []struct {
		name              string
		header            []string
		metas             []string
		noindex, nofollow bool
	}{
		{"nothing", nil, nil, false, false},
		{"meta noindex", nil, []string{"noindex, follow"}, true, false},
		{"meta none", nil, []string{"NONE"}, true, true},
		{"header nofollow", []string{"nofollow"}, nil, false, true},
		{"header for us", []string{"ngosearch: noindex"}, nil, true, false},
		{"header for another bot", []string{"googlebot: noindex, nofollow"}, nil, false, false},
		{"unavailable_after is no bot name", []string{"unavailable_after: 25 Jun 2010 15:00:00 PST"}, nil, false, false},
		{"all", []string{"all"}, []string{"index, follow"}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for _, v := range tc.header {
				h.Add("X-Robots-Tag", v)
			}
			ni, nf := robotsDirectives(h, tc.metas, tokens)
			if ni != tc.noindex || nf != tc.nofollow {
				t.Errorf("noindex %v nofollow %v, want %v %v", ni, nf, tc.noindex, tc.nofollow)
			}
		})
	}
}

// TestRobotsMeta: noindex pages are not stored (and withdrawn when they
// were), nofollow pages' links are not followed.
func TestRobotsMeta(t *testing.T) {
	s := newSite(t)
	s.set(map[string]route{
		"/":         {body: `<a href="/hidden">h</a><a href="/nofollow">n</a><a href="/file.pdf">f</a><a href="/other.pdf">o</a><a href="/later">l</a>`},
		"/hidden":   {body: `<meta name="robots" content="noindex"><a href="/child">c</a>`},
		"/child":    {body: "child"},
		"/nofollow": {body: `<meta name="ngosearch" content="nofollow"><a href="/never">x</a>`},
		"/never":    {body: "never"},
		"/file.pdf": {ctype: "application/pdf", body: "%PDF", header: map[string]string{"X-Robots-Tag": "noindex"}},
		"/other.pdf": {ctype: "application/pdf", body: "%PDF other",
			header: map[string]string{"X-Robots-Tag": "googlebot: noindex"}},
		"/later":       {body: "indexable for now"},
		"/sitemap.xml": {status: 404},
	})
	cfg := testConfig(s.url("/"))
	cfg.DataDir = t.TempDir()
	sink := newCollect()
	rep := runCrawl(t, cfg, sink)
	want := []string{s.url("/"), s.url("/child"), s.url("/later"), s.url("/nofollow"), s.url("/other.pdf")}
	if got := sink.urls(); !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
	if len(s.hitsFor("/never")) != 0 {
		t.Errorf("link of a nofollow page followed")
	}
	if f, ok := refusedFor(rep, s.url("/hidden")); !ok || !errors.Is(f.Err, ErrRobots) {
		t.Errorf("noindex refusal %+v %v", f, ok)
	}

	s.set(map[string]route{"/later": {body: `<meta name="robots" content="noindex">now hidden`}})
	second := newCollect()
	rep = runCrawl(t, cfg, second)
	if !slices.Equal(second.removed, []string{s.url("/later")}) || rep.Removed != 1 || second.get(s.url("/later")) != nil {
		t.Errorf("page that turned noindex: removed %q (Removed %d)", second.removed, rep.Removed)
	}
}
