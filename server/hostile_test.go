package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/extract"
	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
	"github.com/krakow-ngo/ngosearch/server"
)

// hostileURL is where the hostile fixture claims to come from: a city
// news page, so it takes the article profile like the real ones.
const hostileURL = "https://ngo.krakow.pl/aktualnosci/270001,1785,komunikat,wyniki_konkursu_aktywny_senior_2024.html"

// tripwire is an HTTP server that stands in for the attacker's host
// (https://evil.example in the fixture): it counts every request it gets.
// Anything from crawled markup that runs, loads or navigates in a browser
// ends up here.
type tripwire struct {
	*httptest.Server
	mu   sync.Mutex
	hits []string
}

func newTripwire(t *testing.T) *tripwire {
	t.Helper()
	tw := &tripwire{}
	tw.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw.mu.Lock()
		tw.hits = append(tw.hits, r.Method+" "+r.URL.RequestURI())
		tw.mu.Unlock()
		if strings.HasSuffix(r.URL.Path, ".js") {
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, "window.__pwned = 'external-script';")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(tw.Close)
	return tw
}

// Hits is what the tripwire has seen so far.
func (tw *tripwire) Hits() []string {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	return append([]string(nil), tw.hits...)
}

func (tw *tripwire) reset() {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	tw.hits = nil
}

// hostileFixture is the hostile page as the crawler would fetch it, with
// the attacker's host pointed at the tripwire.
func hostileFixture(t *testing.T, tw *tripwire) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hostile", "wyniki_konkursu.html"))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte("https://evil.example"), []byte(tw.URL))
}

// hostileSite is the production router over a real on-disk index and a real
// WARC archive holding the hostile page, taken through the real path: the
// crawler's archive, extract.From, the index, the server.
type hostileSite struct {
	srv    *server.Server
	doc    model.Document
	grants []model.Grant
	raw    []byte
}

func newHostileSite(t *testing.T, tw *tripwire) hostileSite {
	t.Helper()
	return newHostileSiteWith(t, tw, server.Config{})
}

// newHostileSiteWith is newHostileSite with cfg; its Logger and Archived
// are filled in when unset.
func newHostileSiteWith(t *testing.T, tw *tripwire, cfg server.Config) hostileSite {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	ix, err := index.Open(filepath.Join(dir, "index"), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	arch, err := crawler.OpenArchive(filepath.Join(dir, crawler.ArchiveFile))
	if err != nil {
		t.Fatal(err)
	}
	raw := hostileFixture(t, tw)
	resp := &crawler.Response{URL: hostileURL, FinalURL: hostileURL, Status: http.StatusOK,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: raw,
		Referrer: "https://ngo.krakow.pl/konkursy.html", FetchedAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)}
	off, err := arch.AppendOffset(resp)
	if err != nil {
		t.Fatal(err)
	}
	if err := arch.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := extract.From(ctx, extract.Input{URL: resp.URL, Header: resp.Header, Body: resp.Body,
		LinkedFrom: resp.Referrer, FetchedAt: resp.FetchedAt})
	if err != nil {
		t.Fatal(err)
	}
	if res.Document == nil {
		t.Fatalf("the hostile page was not read as a document: %q", res.Skipped)
	}
	d := *res.Document
	d.ArchiveOffset = off
	for _, g := range res.Grants {
		d.Organizations = append(d.Organizations, g.Organization)
	}
	if err := ix.Put(ctx, []model.Document{d}); err != nil {
		t.Fatal(err)
	}
	if err := ix.PutGrants(ctx, d.ID, res.Grants); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(dir, crawler.ArchiveFile)
	if cfg.Logger == nil {
		cfg.Logger = logger
	}
	if cfg.Archived == nil {
		cfg.Archived = func(_ context.Context, off int64) (http.Header, []byte, error) {
			r, err := crawler.ReadArchived(archive, off)
			if err != nil {
				return nil, nil, err
			}
			return r.Header, r.Body, nil
		}
	}
	srv, err := server.New(cfg, ix)
	if err != nil {
		t.Fatal(err)
	}
	return hostileSite{srv: srv, doc: d, grants: res.Grants, raw: raw}
}

// TestHostilePageRecords pins what the index keeps of the hostile page: text
// the markup hides is not searchable, text only a stylesheet hides is (the
// decision in extract's package doc), CSS generated text and form fields
// never are, and every link kept is http(s).
func TestHostilePageRecords(t *testing.T) {
	site := newHostileSite(t, newTripwire(t))
	for _, tt := range []struct {
		q    string
		want int
		why  string
	}{
		{"pułapka", 1, "visible text"},
		{"stylukryty", 0, `style="display:none"`},
		{"atrybutukryty", 0, "the hidden attribute"},
		{"arkuszukryty", 1, "hidden only by the page's stylesheet: indexed, as accordions are"},
		{"drobnytekst", 1, "1px text: indexed"},
		{"pesel", 0, "CSS ::after text and form fields"},
	} {
		t.Run(tt.q, func(t *testing.T) {
			b := decode[searchBody](t, get(t, site.srv, "/api/search?q="+url.QueryEscape(tt.q)))
			if int(b.Total) != tt.want {
				t.Errorf("%s (%s): %d hits, want %d", tt.q, tt.why, b.Total, tt.want)
			}
		})
	}
	d := site.doc
	links := append([]string{d.URL, d.LinkedFrom}, d.AltURLs...)
	for _, a := range d.Attachments {
		links = append(links, a.URL)
	}
	for _, l := range links {
		if u, err := url.Parse(l); l != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https")) {
			t.Errorf("a link that is not http(s) was kept: %q", l)
		}
	}
	if len(d.Attachments) != 1 {
		t.Errorf("attachments %+v, want the one PDF", d.Attachments)
	}
	if len(site.grants) != 2 {
		t.Errorf("grants %+v, want the two of the table", site.grants)
	}
}
