package bench

// The crawl benchmark: the corpus written as a mirror, served on loopback by
// the sample server, harvested three ways. This file is the only one that
// knows the crawler's and extractor's APIs.

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/extract"
	"github.com/krakow-ngo/ngosearch/index"
)

// CrawlStats are the figures of one way of harvesting the mirror.
type CrawlStats struct {
	Name      string `json:"name"`
	Skipped   string `json:"skipped,omitempty"`
	Fetched   int    `json:"fetched"`
	Stored    int    `json:"stored"`
	Documents int    `json:"documents,omitempty"`
	// Batches counts the index writes the documents took (group commits).
	Batches    int     `json:"batches,omitempty"`
	Seconds    float64 `json:"seconds"`
	PagesPerS  float64 `json:"pages_per_sec"`
	CPUSeconds float64 `json:"cpu_seconds"`
}

// CrawlReport compares the crawler with wget on one mirror.
type CrawlReport struct {
	Docs  int          `json:"docs"`
	Files int          `json:"files"`
	Runs  []CrawlStats `json:"runs"`
}

// discardSink accepts everything: the crawler's own cost.
type discardSink struct{}

func (discardSink) Store(context.Context, *crawler.Response) error { return nil }
func (discardSink) Remove(context.Context, string) error           { return nil }

// indexSink is the whole pipeline: extract every response and index what it
// yields before Store returns, as `ngosearch crawl` does: concurrent Stores
// share their writes through an index.GroupWriter, the same as
// cmd/ngosearch's pipeline.
type indexSink struct {
	ix   *index.Index
	w    *index.GroupWriter
	mu   sync.Mutex
	docs int
}

func (s *indexSink) Store(ctx context.Context, r *crawler.Response) error {
	u := r.URL
	if r.FinalURL != "" {
		u = r.FinalURL
	}
	res, err := extract.From(ctx, extract.Input{URL: u, Header: r.Header, Body: r.Body, LinkedFrom: r.Referrer, FetchedAt: r.FetchedAt})
	if errors.Is(err, extract.ErrUnsupported) {
		return nil
	}
	if err != nil {
		return err
	}
	if res.Document == nil {
		return nil
	}
	if err := s.w.Write(ctx, index.Record{Doc: *res.Document, Grants: res.Grants}); err != nil {
		return err
	}
	s.mu.Lock()
	s.docs++
	s.mu.Unlock()
	return nil
}

func (s *indexSink) Remove(ctx context.Context, u string) error { return nil }

// runCrawl writes a mirror of docs documents to dir/mirror, serves it, and
// harvests it with the crawler alone, with the crawler and the whole
// pipeline, and with wget --mirror (when installed). Delays are off.
func runCrawl(ctx context.Context, dir string, c *Corpus, logger *slog.Logger) (*CrawlReport, error) {
	mirror := filepath.Join(dir, "mirror")
	st, err := WriteMirror(ctx, mirror, c)
	if err != nil {
		return nil, err
	}
	s, err := ngosearch.StartSample(os.DirFS(mirror))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	rep := &CrawlReport{Docs: c.Len(), Files: st.Files}
	cfg := func() crawler.Config {
		return crawler.Config{Seeds: s.Seeds(), AllowHosts: s.AllowHosts(), Delay: -1, Parallelism: 4,
			PatternBudget: -1, MaxDepth: -1, Logger: logger}
	}
	for _, way := range []string{"crawler", "crawler+extract+index"} {
		var sink crawler.Sink = discardSink{}
		var is *indexSink
		if way != "crawler" {
			ix, err := index.Open(filepath.Join(dir, "crawl-index"), logger)
			if err != nil {
				return nil, err
			}
			is = &indexSink{ix: ix, w: ix.NewGroupWriter()}
			sink = is
		}
		cr, err := crawler.New(cfg(), sink)
		if err != nil {
			return nil, err
		}
		cpu0, t0 := cpuTime([]int{0}), time.Now()
		r, err := cr.Run(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", way, err)
		}
		el := time.Since(t0)
		cs := CrawlStats{Name: way, Fetched: r.Fetched, Stored: r.Stored, Seconds: el.Seconds(),
			PagesPerS: float64(r.Fetched) / el.Seconds(), CPUSeconds: (cpuTime([]int{0}) - cpu0).Seconds()}
		if is != nil {
			cs.Documents, cs.Batches = is.docs, is.w.Writes()
			if err := is.ix.Close(); err != nil {
				return nil, err
			}
		}
		rep.Runs = append(rep.Runs, cs)
	}
	rep.Runs = append(rep.Runs, runWget(ctx, dir, mirror, s))
	return rep, nil
}

// runWget fetches the same URLs with wget --mirror: the sitemaps' URLs as
// its input (wget does not read sitemaps), recursion for the rest.
func runWget(ctx context.Context, dir, mirror string, s *ngosearch.Sample) CrawlStats {
	cs := CrawlStats{Name: "wget --mirror"}
	wget, err := exec.LookPath("wget")
	if err != nil {
		cs.Skipped = "wget not installed (apt-get install wget)"
		return cs
	}
	var urls []string
	maps, _ := fs.Glob(os.DirFS(mirror), "*/sitemap.xml")
	for _, m := range maps {
		b, err := os.ReadFile(filepath.Join(mirror, m))
		if err != nil {
			continue
		}
		var set struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if xml.Unmarshal(b, &set) == nil {
			for _, u := range set.URLs {
				urls = append(urls, s.URL(u.Loc))
			}
		}
	}
	list := filepath.Join(dir, "wget-urls.txt")
	if err := os.WriteFile(list, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		cs.Skipped = err.Error()
		return cs
	}
	out := filepath.Join(dir, "wget")
	cmd := exec.CommandContext(ctx, wget, "--mirror", "--no-verbose", "--no-host-directories", "-P", out, "-i", list)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		cs.Skipped = err.Error()
		return cs
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		cs.Skipped = err.Error()
		return cs
	}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), " -> ") { // one line per file saved
			cs.Fetched++
		}
	}
	err = cmd.Wait()
	el := time.Since(t0)
	cs.Seconds, cs.Stored = el.Seconds(), cs.Fetched
	cs.PagesPerS = float64(cs.Fetched) / el.Seconds()
	if st := cmd.ProcessState; st != nil {
		cs.CPUSeconds = (st.UserTime() + st.SystemTime()).Seconds()
	}
	if err != nil && cs.Fetched == 0 {
		cs.Skipped = fmt.Sprintf("wget failed: %v", err)
	}
	return cs
}
