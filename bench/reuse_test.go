package bench_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/bench"
)

// TestReuse keeps the indexes of a smoke run and runs the queries again on
// them without indexing: every engine answers the same mix with the same
// result counts, the indexing figures come from the first run's report, and
// a run of another corpus or without kept indexes is refused.
func TestReuse(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	out := t.TempDir()
	cfg := bench.Config{Out: out, Site: ngosearch.SampleSite(), RequirePostgres: os.Getenv("CI") == "true", KeepIndexes: true}
	bench.Smoke(&cfg)
	cfg.CrawlDocs = 0
	first, err := bench.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeKeptCluster(t, out) })

	again := cfg
	again.KeepIndexes, again.Reuse = false, true
	second, err := bench.Run(context.Background(), again)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Engines) != len(first.Engines) {
		t.Fatalf("%d engines reused, want %d", len(second.Engines), len(first.Engines))
	}
	for i, e := range second.Engines {
		was := first.Engines[i]
		t.Run(e.Name, func(t *testing.T) {
			if was.Skipped != "" {
				t.Skipf("not run: %s", was.Skipped)
			}
			if e.Reused == "" || !strings.Contains(e.Reused, "report.kept.json") {
				t.Errorf("reused = %q, want where the index and its figures came from", e.Reused)
			}
			if e.Index != was.Index {
				t.Errorf("indexing figures = %+v, want the kept run's %+v", e.Index, was.Index)
			}
			if len(e.Phases) != len(was.Phases) {
				t.Fatalf("%d phases, want %d", len(e.Phases), len(was.Phases))
			}
			for c, st := range e.Phases[0].ByClass {
				if w := was.Phases[0].ByClass[c]; st.Hits != w.Hits || st.ZeroHits != w.ZeroHits {
					t.Errorf("%s: mean results %.1f (%d empty), the kept run found %.1f (%d empty)", c, st.Hits, st.ZeroHits, w.Hits, w.ZeroHits)
				}
			}
			if e.Phases[0].Queries == 0 || e.Phases[0].Errors != 0 {
				t.Errorf("phase %+v", e.Phases[0])
			}
		})
	}
	// The kept run's report is moved aside, not overwritten.
	kept, err := os.ReadFile(filepath.Join(out, "report.kept.json"))
	if err != nil || !strings.Contains(string(kept), first.Started.Format("2006-01-02T15:04:05")) {
		t.Errorf("report.kept.json is not the kept run's report: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "work", bench.EngineNgosearch)); err != nil {
		t.Errorf("the reusing run removed the kept index: %v", err)
	}

	other := again
	other.Docs = 301
	if _, err := bench.Run(context.Background(), other); err == nil || !strings.Contains(err.Error(), "another corpus") {
		t.Errorf("reuse with another corpus: err = %v, want a refusal naming the corpus", err)
	}
	none := again
	none.Out = t.TempDir()
	none.Engines = []string{bench.EngineSQLite}
	if _, err := bench.Run(context.Background(), none); err == nil || !strings.Contains(err.Error(), "run with -keep first") {
		t.Errorf("reuse without kept indexes: err = %v, want one saying to keep them first", err)
	}
}

// removeKeptCluster removes the PostgreSQL cluster a kept run left in the
// temporary directory (stopped at the end of each run).
func removeKeptCluster(t *testing.T, out string) {
	b, err := os.ReadFile(filepath.Join(out, "work", bench.EnginePostgres, "cluster"))
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	if err != nil {
		t.Error(err)
		return
	}
	dir := strings.TrimSpace(string(b))
	if !strings.HasPrefix(filepath.Base(dir), "ngobench-pg-") {
		t.Errorf("cluster file names %q, not a benchmark cluster", dir)
		return
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Error(err)
	}
}

// checkpointProbe reads report.json whenever the progress line of a query
// phase is written, as a run killed in its query phases would have left it.
type checkpointProbe struct {
	out  string
	seen []*bench.Report
	err  error
}

func (p *checkpointProbe) Write(b []byte) (int, error) {
	if strings.Contains(string(b), ": in-process c=") && p.err == nil {
		var r *bench.Report
		r, p.err = bench.ReadReport(p.out)
		p.seen = append(p.seen, r)
	}
	return len(b), nil
}

// TestCheckpoint: the report is written as soon as an engine has indexed
// and after each of its query phases, so a run killed in its (hours of)
// query phases keeps the indexing figures and the phases it finished.
func TestCheckpoint(t *testing.T) {
	out := t.TempDir()
	probe := &checkpointProbe{out: out}
	cfg := bench.Config{Out: out, Site: ngosearch.SampleSite(), Engines: []string{bench.EngineSQLite}, Progress: probe}
	bench.Smoke(&cfg)
	cfg.CrawlDocs = 0
	if _, err := bench.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if probe.err != nil {
		t.Fatalf("no report during the query phases: %v", probe.err)
	}
	if len(probe.seen) != len(cfg.Concurrency) {
		t.Fatalf("%d reports read, want one per phase (%d)", len(probe.seen), len(cfg.Concurrency))
	}
	for i, r := range probe.seen {
		if len(r.Engines) != 1 {
			t.Fatalf("report %d: %d engines", i, len(r.Engines))
		}
		e := r.Engines[0]
		if e.Index.DocsPerSec <= 0 || e.Index.SizeBytes <= 0 || len(e.Phases) != i || !strings.Contains(e.Error, "not finished") {
			t.Errorf("engine in the report before phase %d: %+v, want its indexing figures, %d phases and a note that its queries go on", i+1, e, i)
		}
	}
}
