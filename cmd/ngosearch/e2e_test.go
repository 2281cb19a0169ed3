package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/server"
)

// crawlSample crawls the bundled sample site through the real command into
// a fresh data directory and returns the directory and the sample server.
func crawlSample(t *testing.T) (string, *ngosearch.Sample, string) {
	t.Helper()
	sample, err := ngosearch.StartSample(ngosearch.SampleSite())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sample.Close)
	dir := t.TempDir()
	args := []string{"crawl", "--data", dir, "--delay", "1ms", "--log-level", "warn"}
	for _, s := range sample.Seeds() {
		args = append(args, "--seed", s)
	}
	for _, h := range sample.AllowHosts() {
		args = append(args, "--allow-host", h)
	}
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := run(ctx, args, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatalf("crawl: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	return dir, sample, stdout.String()
}

func TestEndToEnd(t *testing.T) {
	dir, sample, out := crawlSample(t)
	t.Logf("crawl output:\n%s", out)

	var rep crawlReport
	b, err := os.ReadFile(filepath.Join(dir, "crawl-report.json"))
	if err != nil {
		t.Fatalf("crawl report not saved: %v", err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("crawl report: %v", err)
	}
	if rep.Pipeline.Documents < 40 {
		t.Errorf("indexed %d documents, want at least 40", rep.Pipeline.Documents)
	}

	ix, err := index.Open(filepath.Join(dir, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{Archived: archivedReader(dir)}, ix)
	if err != nil {
		t.Fatal(err)
	}

	get := func(t *testing.T, path string, wantStatus int, v any) []byte {
		t.Helper()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != wantStatus {
			t.Fatalf("GET %s = %d, want %d: %s", path, rec.Code, wantStatus, rec.Body.String())
		}
		if v != nil {
			if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
				t.Fatalf("GET %s: %v: %s", path, err, rec.Body.String())
			}
		}
		return rec.Body.Bytes()
	}

	type hit struct {
		ID, URL, Title, Date, Snippet, Kind string
		Page                                int
	}
	type result struct {
		Total int
		Hits  []hit
	}
	search := func(t *testing.T, q string) result {
		t.Helper()
		var r result
		get(t, "/api/search?q="+url.QueryEscape(q)+"&size=10", http.StatusOK, &r)
		return r
	}

	t.Run("healthz", func(t *testing.T) { get(t, "/healthz", http.StatusOK, nil) })

	t.Run("2019 report article among the first hits", func(t *testing.T) {
		r := search(t, "sprawozdanie współpraca 2019")
		var article *hit
		for i := range r.Hits[:min(3, len(r.Hits))] {
			if r.Hits[i].Title == "Sprawozdanie ze współpracy miasta z NGO w roku 2019" {
				article = &r.Hits[i]
				break
			}
		}
		if article == nil {
			t.Fatalf("the 2019 report article is not in the first 3 hits: %+v", r.Hits)
		}
		if article.Date != "2020-06-10" || article.Kind != "html" || article.Page != 0 {
			t.Errorf("article hit = %+v", article)
		}
		if !strings.HasPrefix(article.URL, sample.URL("https://www.krakow.pl/aktualnosci/")) {
			t.Errorf("article URL %q is not the krakow.pl article", article.URL)
		}
		if !strings.Contains(article.Snippet, "<mark>") {
			t.Errorf("snippet has no highlight: %q", article.Snippet)
		}
		seen := map[string]bool{}
		for _, h := range r.Hits {
			key := h.Title + "|" + h.Date + "|" + h.Kind
			if seen[key] {
				t.Errorf("duplicate hit %q (%s): an article and its print view must be one document", h.Title, h.URL)
			}
			seen[key] = true
		}
	})

	t.Run("inflected and without diacritics", func(t *testing.T) {
		for _, q := range []string{"sprawozdaniu wspolpracy 2019", "SPRAWOZDANIE Z WSPÓŁPRACY"} {
			r := search(t, q)
			found := false
			for _, h := range r.Hits {
				found = found || h.Title == "Sprawozdanie ze współpracy miasta z NGO w roku 2019"
			}
			if !found {
				t.Errorf("%q did not find the 2019 article: %+v", q, r.Hits)
			}
		}
	})

	t.Run("PDF hit names its page and the card's date", func(t *testing.T) {
		r := search(t, "Sprawozdanie z realizacji Programu Współpracy 2019")
		want := sample.URL("https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200")
		for _, h := range r.Hits {
			if h.URL != want {
				continue
			}
			if h.Kind != "pdf" || h.Page < 1 {
				t.Errorf("PDF hit without a page: %+v", h)
			}
			// The BIP card says "Data publikacji: 10 czerwca 2020 r."; the
			// file's own metadata date is when it was generated.
			if h.Date != "2020-06-10" {
				t.Errorf("PDF dated %q, want the card's 2020-06-10", h.Date)
			}
			if h.Title != "Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2019" {
				t.Errorf("PDF title %q, want the card's", h.Title)
			}
			return
		}
		t.Errorf("the 2019 report PDF %s is not among the hits: %+v", want, r.Hits)
	})

	t.Run("redirected article indexed at its own URL", func(t *testing.T) {
		// /aktualnosci/stare_sprawozdanie.html answers 301 to article 226880.
		want := sample.URL("https://www.krakow.pl/aktualnosci/226880,33,komunikat,miasto_podsumowalo_wspolprace_z_organizacjami_w_2017_roku.html")
		r := search(t, "podsumowało współpracę 2017")
		for _, h := range r.Hits {
			if h.URL == want {
				return
			}
		}
		t.Errorf("article %s not found under its own URL: %+v", want, r.Hits)
	})

	t.Run("report counts", func(t *testing.T) {
		if len(rep.Failures) > 2 {
			t.Errorf("%d failures, want only the deliberate 404 and the truncated PDF: %+v", len(rep.Failures), rep.Failures)
		}
		for _, f := range rep.Failures {
			if !strings.Contains(f.URL, "dok_id=87120") && !strings.Contains(f.URL, "306200") {
				t.Errorf("unexpected failure %s: %s", f.URL, f.Reason)
			}
		}
		if len(rep.Refused) == 0 {
			t.Error("nothing refused: robots.txt and foreign hosts should be")
		}
	})

	t.Run("document record", func(t *testing.T) {
		r := search(t, "sprawozdanie współpraca 2019")
		if len(r.Hits) == 0 {
			t.Fatal("no hits")
		}
		var d struct {
			ID, URL, Title, SHA256 string
			Body                   string
		}
		get(t, "/api/documents/"+r.Hits[0].ID, http.StatusOK, &d)
		if d.ID != r.Hits[0].ID || len(d.SHA256) != 64 || !strings.Contains(d.Body, "Komisje Dialogu Obywatelskiego") {
			t.Errorf("document = %+v", d)
		}
		get(t, "/api/documents/nie-ma-takiego", http.StatusNotFound, nil)
	})

	t.Run("archived copy is the fetched bytes, sandboxed", func(t *testing.T) {
		r := search(t, "Sprawozdanie z realizacji Programu Współpracy 2019")
		for _, h := range r.Hits {
			if h.Kind != "pdf" {
				continue
			}
			var d struct {
				SHA256        string
				ArchiveOffset int64 `json:"archive_offset"`
			}
			get(t, "/api/documents/"+h.ID, http.StatusOK, &d)
			if d.ArchiveOffset <= 0 {
				t.Fatalf("document %s has no archive offset", h.ID)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/documents/"+h.ID+"/archived", nil))
			sum := sha256.Sum256(rec.Body.Bytes())
			if rec.Code != 200 || hex.EncodeToString(sum[:]) != d.SHA256 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF")) {
				t.Errorf("archived copy: status %d, %d bytes, sha %x, want %s", rec.Code, rec.Body.Len(), sum, d.SHA256)
			}
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") {
				t.Errorf("archived copy served without a sandbox CSP: %q", csp)
			}
			return
		}
		t.Error("no PDF hit to check")
	})

	t.Run("grants", func(t *testing.T) {
		var g struct {
			Total  int
			Grants []struct {
				Organization, KRS, Task string
				SourceURL               string `json:"source_url"`
				Amount                  json.Number
				Year, Page              int
			}
		}
		get(t, "/api/grants?size=100", http.StatusOK, &g)
		if g.Total == 0 || len(g.Grants) == 0 {
			t.Fatal("no grants indexed")
		}
		for _, x := range g.Grants {
			if x.Organization == "" || x.SourceURL == "" || !strings.Contains(x.Amount.String(), ".") {
				t.Errorf("grant incomplete: %+v", x)
			}
		}
	})

	t.Run("organisation facet and filter from the grant tables", func(t *testing.T) {
		var r struct {
			Total  int
			Facets map[string][]struct {
				Value string
				Count int
			}
			Hits []hit
		}
		get(t, "/api/search?q="+url.QueryEscape("wyniki konkursu seniorów"), http.StatusOK, &r)
		orgs := r.Facets["org"]
		if len(orgs) == 0 {
			t.Fatalf("no organisation facet: %+v", r.Facets)
		}
		org := orgs[0].Value
		var f struct {
			Total int
			Hits  []hit
		}
		get(t, "/api/search?q="+url.QueryEscape("wyniki konkursu seniorów")+"&org="+url.QueryEscape(org), http.StatusOK, &f)
		if f.Total != orgs[0].Count || f.Total == 0 || f.Total >= r.Total {
			t.Errorf("filter org=%q: %d hits, facet said %d, unfiltered %d", org, f.Total, orgs[0].Count, r.Total)
		}
		for _, h := range f.Hits {
			var d struct{ Organizations []string }
			get(t, "/api/documents/"+h.ID, http.StatusOK, &d)
			if !contains(d.Organizations, org) {
				t.Errorf("%s does not name %q: %v", h.URL, org, d.Organizations)
			}
		}
	})

	t.Run("bad parameters", func(t *testing.T) {
		for _, p := range []string{"/api/search?q=x&size=1000", "/api/search?q=x&page=0", "/api/search", "/api/grants?year=abc"} {
			var e struct{ Error struct{ Message string } }
			get(t, p, http.StatusBadRequest, &e)
			if e.Error.Message == "" {
				t.Errorf("%s: no error message", p)
			}
		}
	})

	t.Run("resident page", func(t *testing.T) {
		body := string(get(t, "/?q="+url.QueryEscape("sprawozdanie współpraca 2019"), http.StatusOK, nil))
		for _, want := range []string{`lang="pl"`, "Sprawozdanie ze współpracy miasta z NGO w roku 2019", "<mark>"} {
			if !strings.Contains(body, want) {
				t.Errorf("search page lacks %q", want)
			}
		}
	})

	// The terminal command opens the index itself: only one process may
	// hold it, and while another does it says so instead of hanging.
	t.Run("terminal search while the index is in use", func(t *testing.T) {
		start := time.Now()
		_, _, err := runArgs("search", "--data", dir, "sprawozdanie")
		if err == nil || !errors.Is(err, index.ErrInUse) || !strings.Contains(err.Error(), "ngosearch serve") {
			t.Errorf("err = %v, want index.ErrInUse naming serve", err)
		}
		if took := time.Since(start); took > 20*time.Second {
			t.Errorf("took %s to say the index is in use", took)
		}
	})
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	t.Run("terminal search", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"search", "--data", dir, "sprawozdanie", "współpraca", "2019"}, func(string) string { return "" }, &stdout, &stderr)
		if err != nil {
			t.Fatalf("search: %v: %s", err, stderr.String())
		}
		if !strings.Contains(stdout.String(), "2020-06-10  Sprawozdanie ze współpracy miasta z NGO w roku 2019") {
			t.Errorf("search output:\n%s", stdout.String())
		}
	})
}
