package bench_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/bench"
)

// postgresInstalled mirrors the engine's own lookup, for the test's
// expectation only.
func postgresInstalled() bool {
	if _, err := exec.LookPath("pg_ctl"); err == nil {
		return true
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	return len(m) > 0
}

// TestSmoke runs the benchmark command's entry point at the smoke size, so
// the benchmark cannot rot: every engine indexes, answers the whole mix
// without errors, and the report is written.
func TestSmoke(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	out := t.TempDir()
	cfg := bench.Config{Out: out, Site: ngosearch.SampleSite(), HTTP: true, RequirePostgres: os.Getenv("CI") == "true"}
	bench.Smoke(&cfg)
	rep, err := bench.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Corpus.Docs != 300 || rep.Corpus.ByClass[bench.ClassReport] != 30 || rep.Corpus.Grants == 0 {
		t.Errorf("corpus = %+v", rep.Corpus)
	}
	if len(rep.Engines) != 3 {
		t.Fatalf("%d engines reported, want 3", len(rep.Engines))
	}
	for _, e := range rep.Engines {
		t.Run(e.Name, func(t *testing.T) {
			if e.Skipped != "" {
				if e.Name != bench.EnginePostgres || postgresInstalled() {
					t.Fatalf("skipped: %s", e.Skipped)
				}
				if !strings.Contains(e.Skipped, "apt-get install postgresql") {
					t.Errorf("skip reason %q does not say what to install", e.Skipped)
				}
				t.Skipf("PostgreSQL is not installed: %s", e.Skipped)
			}
			if e.Index.DocsPerSec <= 0 || e.Index.SizeBytes <= 0 || e.Index.PeakRSSMB <= 0 {
				t.Errorf("index figures = %+v", e.Index)
			}
			wantPhases := 2
			if e.Name == bench.EngineNgosearch {
				wantPhases = 5 // + http c=1, c=4 and the fixed-rate phase
			}
			if len(e.Phases) != wantPhases {
				t.Fatalf("%d phases, want %d", len(e.Phases), wantPhases)
			}
			for _, p := range e.Phases {
				if p.Queries == 0 || p.Errors != 0 {
					t.Errorf("%s c=%d: %d queries, %d errors (%s)", p.Mode, p.Concurrency, p.Queries, p.Errors, p.FirstError)
				}
			}
			single := e.Phases[0].ByClass[bench.QSingle]
			if single.Hits == 0 {
				t.Errorf("single-word queries found nothing: %+v", single)
			}
		})
	}
	if rep.Crawl == nil || len(rep.Crawl.Runs) != 3 {
		t.Fatalf("crawl report = %+v", rep.Crawl)
	}
	// 40 documents: 28 news and 8 BIP pages, 4 reports and their 4 cards.
	if c := rep.Crawl.Runs[0]; c.Stored != 44 || c.PagesPerS <= 0 {
		t.Errorf("crawler alone: %+v, want 44 stored", c)
	}
	if c := rep.Crawl.Runs[1]; c.Documents != 40 {
		t.Errorf("crawler with the pipeline indexed %d documents, want 40 (%+v)", c.Documents, c)
	}
	if c := rep.Crawl.Runs[2]; c.Skipped == "" && c.Fetched == 0 {
		t.Errorf("wget fetched nothing: %+v", c)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back bench.Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("report.json: %v", err)
	}
	if back.Corpus.Fingerprint != rep.Corpus.Fingerprint || len(back.Engines) != 3 {
		t.Errorf("report.json does not match the run")
	}
	txt, err := os.ReadFile(filepath.Join(out, "report.txt"))
	if err != nil || !strings.Contains(string(txt), "docs/s") {
		t.Errorf("report.txt missing or without the table: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "work")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("work directory left behind: %v", err)
	}
}
