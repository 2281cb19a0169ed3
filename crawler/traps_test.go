package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func countPrefix(uris []string, prefix string) int {
	n := 0
	for _, u := range uris {
		if strings.HasPrefix(u, prefix) {
			n++
		}
	}
	return n
}

func refusedWith(rep *Report, target error) int {
	n := 0
	for _, f := range rep.Refused {
		if errors.Is(f.Err, target) {
			n++
		}
	}
	return n
}

// TestCalendarTrap: an endless calendar (every month links the next and the
// previous, and every day of it) stays within the pattern budget and the
// year window, and the crawl ends.
func TestCalendarTrap(t *testing.T) {
	s := newSite(t)
	s.html("/", `<a href="/kalendarz?miesiac=2024-06">kalendarz</a><a href="/o-nas">o nas</a>`)
	s.html("/o-nas", "about")
	s.fallback = func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/kalendarz" {
			http.NotFound(w, r)
			return
		}
		m, err := time.Parse("2006-01", r.URL.Query().Get("miesiac"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<a href="?miesiac=%s">poprzedni</a> <a href="?miesiac=%s">następny</a>`,
			m.AddDate(0, -1, 0).Format("2006-01"), m.AddDate(0, 1, 0).Format("2006-01"))
		fmt.Fprintf(w, ` <a href="/kalendarz/dzien?data=%s">dzień</a>`, m.Format("2006-01-02"))
	}
	cfg := testConfig(s.url("/"))
	cfg.PatternBudget = 15
	cfg.MaxDepth = 1000
	sink := newCollect()
	rep := runCrawl(t, cfg, sink)
	reqs := s.requests(false)
	if n := countPrefix(reqs, "/kalendarz?"); n > 15 || n < 5 {
		t.Errorf("%d calendar months fetched, want 5..15 (the budget)", n)
	}
	if refusedWith(rep, ErrTrap) == 0 {
		t.Errorf("no trap refusals reported")
	}
	if sink.get(s.url("/o-nas")) == nil {
		t.Errorf("ordinary page lost")
	}
}

// TestCalendarYearWindow: dates far in the future or past are refused by
// the URL alone; an ID that happens to be a number is not a year.
func TestCalendarYearWindow(t *testing.T) {
	now := testNow
	cfg := testConfig("http://x/").withDefaults()
	tests := []struct {
		url  string
		trap bool
	}{
		{"https://www.krakow.pl/kalendarz?miesiac=2031-01", true},
		{"https://www.krakow.pl/kalendarz?miesiac=1850-01", true},
		{"https://www.krakow.pl/kalendarz?miesiac=2025-01", false},
		{"https://www.krakow.pl/wydarzenia/2150/07/", true},
		{"https://www.krakow.pl/wydarzenia/2026/07/", false},
		{"https://www.bip.krakow.pl/?dok_id=2150", false},
		{"https://www.bip.krakow.pl/?dok_id=1500", false},
		{"https://www.bip.krakow.pl/?dok_id=105412", false},
		{"https://www.krakow.pl/get_html.php?dok_id=247310", false},
		{"https://www.krakow.pl/kalendarz?miesiac=203101", true},
		{"https://www.krakow.pl/archiwum?od=2031.01.05", true},
		{"https://www.krakow.pl/events?year=2400", true},
		{"https://www.krakow.pl/aktualnosci/2150,33,komunikat,x.html", false},
		{"https://www.krakow.pl/a/b/a/b/a/b", true},
		{"https://www.krakow.pl/" + strings.Repeat("x", 1100), true},
	}
	for _, tc := range tests {
		t.Run(tc.url[:min(len(tc.url), 60)], func(t *testing.T) {
			u, _ := url.Parse(tc.url)
			err := trapCheck(&cfg, u, now)
			if (err != nil) != tc.trap {
				t.Errorf("trapCheck = %v, want trap %v", err, tc.trap)
			}
			if err != nil && !errors.Is(err, ErrTrap) {
				t.Errorf("%v does not wrap ErrTrap", err)
			}
		})
	}
}

// TestRelativePathTrap: a page that links "docs/" relative to itself makes
// /docs/docs/docs/...; the repetition rule stops it.
func TestRelativePathTrap(t *testing.T) {
	s := newSite(t)
	s.html("/", `<a href="/docs/">docs</a>`)
	s.fallback = func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/docs/") {
			fmt.Fprint(w, `<a href="docs/">more docs</a> <a href="x.html">x</a>`+r.URL.Path)
			return
		}
		http.NotFound(w, r)
	}
	cfg := testConfig(s.url("/"))
	rep := runCrawl(t, cfg, newCollect())
	reqs := s.requests(false)
	if n := countPrefix(reqs, "/docs/"); n > 6 {
		t.Errorf("%d requests under /docs/: %q", n, reqs)
	}
	f, ok := refusedFor(rep, s.url("/docs/docs/docs/"))
	if !ok || !errors.Is(f.Err, ErrTrap) {
		t.Errorf("/docs/docs/docs/ refusal %+v %v", f, ok)
	}
}

// TestDuplicateContent: the same body under many URLs is stored
// MaxDuplicates times; later copies are refused and their links not
// followed.
func TestDuplicateContent(t *testing.T) {
	s := newSite(t)
	var links strings.Builder
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&links, `<a href="/d%d/">d%d</a>`, i, i)
	}
	s.html("/", links.String())
	s.fallback = func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/more/") {
			fmt.Fprint(w, "end "+r.URL.Path)
			return
		}
		fmt.Fprint(w, `<p>the same page</p><a href="more/">more</a>`)
	}
	cfg := testConfig(s.url("/"))
	cfg.MaxDuplicates = 2
	sink := newCollect()
	rep := runCrawl(t, cfg, sink)
	if n := countPrefix(sink.urls(), s.url("/d")); n != 4 { // d1, d2 and their more/
		t.Errorf("%d stored under /d*, want 4: %q", n, sink.urls())
	}
	if n := refusedWith(rep, ErrDuplicate); n != 3 {
		t.Errorf("%d duplicate refusals, want 3", n)
	}
	for _, p := range []string{"/d3/more/", "/d4/more/", "/d5/more/"} {
		if len(s.hitsFor(p)) != 0 {
			t.Errorf("%s followed from a duplicate", p)
		}
	}
}

// TestDepthLimit: pages more than MaxDepth links from the seed are refused.
func TestDepthLimit(t *testing.T) {
	s := newSite(t)
	s.fallback = func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/chain/%d", &n)
		fmt.Fprintf(w, `<a href="/chain/%d">dalej w głąb</a>`, n+1)
	}
	cfg := testConfig(s.url("/chain/0"))
	cfg.MaxDepth = 3
	rep := runCrawl(t, cfg, newCollect())
	if got := countPrefix(s.requests(false), "/chain/"); got != 4 {
		t.Errorf("%d chain pages fetched, want 4 (depth 0..3)", got)
	}
	if f, ok := refusedFor(rep, s.url("/chain/4")); !ok || !errors.Is(f.Err, ErrTrap) {
		t.Errorf("/chain/4 refusal %+v %v", f, ok)
	}
}
