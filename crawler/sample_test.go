package crawler_test

import (
	"context"
	"errors"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/model"
)

type sampleSink struct {
	mu    sync.Mutex
	final map[string]*crawler.Response // by FinalURL
}

func (s *sampleSink) Store(_ context.Context, r *crawler.Response) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.final[r.FinalURL] = r
	return nil
}

func (s *sampleSink) Remove(context.Context, string) error { return nil }

// sampleURLs maps the sample site's files back to the real URLs they serve
// (testdata/site/README.md), leaving out robots.txt, sitemaps and redirects.
func sampleURLs(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(p, "/") {
			return err
		}
		host, name, _ := strings.Cut(p, "/")
		if strings.HasSuffix(name, ".headers") || name == "robots.txt" || strings.HasPrefix(name, "sitemap") {
			return nil
		}
		if side, err := fs.ReadFile(fsys, p+".headers"); err == nil && strings.Contains(string(side), "Status: 30") {
			return nil
		}
		var query string
		if strings.HasSuffix(name, "/@") {
			name = strings.TrimSuffix(strings.TrimSuffix(name, "@"), "/")
		} else if n, q, ok := strings.Cut(name, "@"); ok {
			name, query = n, q
		}
		name = strings.TrimSuffix(name, "index.html")
		u := url.URL{Scheme: "https", Host: host, Path: "/" + name, RawQuery: query}
		out = append(out, u.String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestSampleSite crawls the bundled mirror of the three city sites through
// ngosearch.StartSample: everything reachable is harvested (the page only a
// gzipped sitemap lists included), robots.txt and foreign hosts are obeyed,
// the two traps are contained; a recrawl hands nothing on.
func TestSampleSite(t *testing.T) {
	fsys := ngosearch.SampleSite()
	s, err := ngosearch.StartSample(fsys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	sink := &sampleSink{final: map[string]*crawler.Response{}}
	cfg := crawler.Config{
		Seeds:      s.Seeds(),
		AllowHosts: s.AllowHosts(),
		Delay:      time.Millisecond,
		URLRules:   model.DefaultURLRules(),
		DataDir:    t.TempDir(),
		Timeout:    20 * time.Second,
	}
	c, err := crawler.New(cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	rep, err := c.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fetched %d, stored %d, failed %d, refused %d, kinds %v, took %v",
		rep.Fetched, rep.Stored, rep.Failed, len(rep.Refused), rep.ByKind, rep.Finished.Sub(rep.Started))

	rules := model.DefaultURLRules()
	var missing []string
	for _, real := range sampleURLs(t, fsys) {
		if strings.Contains(real, "/szukaj") || strings.Contains(real, "/panel/") {
			continue // robots.txt: checked below
		}
		want, err := rules.Canonical(s.URL(real))
		if err != nil {
			t.Fatal(err)
		}
		if sink.final[want] == nil {
			missing = append(missing, real)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d sample URLs not harvested:\n%s", len(missing), strings.Join(missing, "\n"))
	}

	only, _ := rules.Canonical(s.URL("https://www.krakow.pl/aktualnosci/239001,33,komunikat,archiwum_dni_organizacji_pozarzadowych_2019.html"))
	if r := sink.final[only]; r == nil || r.Referrer != "" {
		t.Errorf("sitemap-only article: %+v", r)
	}
	file, _ := rules.Canonical(s.URL("https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200"))
	card, _ := rules.Canonical(s.URL("https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200/karta"))
	if r := sink.final[file]; r == nil || r.Referrer != card || !strings.HasPrefix(string(r.Body), "%PDF") {
		t.Errorf("BIP attachment not harvested whole from its card")
	}

	for _, tc := range []struct {
		name, real string
		want       error
	}{
		{"robots www", "https://www.krakow.pl/szukaj/?q=ngo", crawler.ErrRobots},
		{"robots ngo", "https://ngo.krakow.pl/panel/logowanie.html", crawler.ErrRobots},
		{"redirect to facebook", "https://ngo.krakow.pl/facebook.html", crawler.ErrForeignHost},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, _ := rules.Canonical(s.URL(tc.real))
			for _, f := range rep.Refused {
				if f.URL == u {
					if !errors.Is(f.Err, tc.want) {
						t.Errorf("refused for %v, want %v", f.Err, tc.want)
					}
					return
				}
			}
			t.Errorf("%s not refused; refusals: %d", u, len(rep.Refused))
		})
	}
	foreign := 0
	for _, f := range rep.Refused {
		if errors.Is(f.Err, crawler.ErrForeignHost) && strings.Contains(f.URL, "facebook.com") {
			foreign++
		}
	}
	if foreign == 0 {
		t.Errorf("no foreign facebook.com link refused")
	}
	for _, f := range rep.Failures {
		// The only failures the sample has are broken links (its cookie
		// bar links a missing /?dok_id=1).
		if !errors.Is(f.Err, crawler.ErrStatus) || !strings.Contains(f.Reason, "404") {
			t.Errorf("failure %s: %s", f.URL, f.Reason)
		}
	}

	counts := map[string]int{}
	calendar, trap := 0, 0
	for _, r := range s.Requests() {
		counts[r.Host+r.Path]++
		switch {
		case strings.HasPrefix(r.Path, "/szukaj"), strings.HasPrefix(r.Path, "/panel/"):
			t.Errorf("robots-disallowed %s%s requested", r.Host, r.Path)
		case strings.HasPrefix(r.Path, "/kalendarz"):
			calendar++
		case strings.HasPrefix(r.Path, "/pulapka/"):
			trap++
		}
		if !strings.HasPrefix(r.UserAgent, "ngosearch/") {
			t.Errorf("user agent %q", r.UserAgent)
		}
	}
	if calendar == 0 || calendar > 36 {
		t.Errorf("%d calendar pages fetched, want 1..36", calendar)
	}
	if trap == 0 || trap > 4 {
		t.Errorf("%d /pulapka/ pages fetched, want 1..4", trap)
	}
	for k, n := range counts {
		if n > 1 && !strings.HasSuffix(k, "/robots.txt") {
			t.Errorf("%s requested %d times", k, n)
		}
	}

	// A recrawl with the same DataDir: the sample answers validators with
	// 304, so nothing reaches the Sink again.
	before := len(s.Requests())
	again := &sampleSink{final: map[string]*crawler.Response{}}
	c2, err := crawler.New(cfg, again)
	if err != nil {
		t.Fatal(err)
	}
	rep2, err := c2.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	static := map[string]bool{}
	for _, real := range sampleURLs(t, fsys) {
		u, _ := url.Parse(real)
		static[u.Host+u.RequestURI()] = true
	}
	notModified := 0
	for _, r := range s.Requests()[before:] {
		switch {
		case r.Status == 304:
			notModified++
		case static[r.Host+r.Path] && r.Path != "/?dok_id=1":
			t.Errorf("recrawl of static %s%s answered %d, want 304", r.Host, r.Path, r.Status)
		}
	}
	if rep2.Stored != 0 || len(again.final) != 0 || rep2.Unchanged < rep.Stored || notModified < 80 {
		t.Errorf("recrawl stored %d, unchanged %d, 304s %d; first crawl stored %d", rep2.Stored, rep2.Unchanged, notModified, rep.Stored)
	}
}
