package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- { // unsorted on purpose
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	got := percentiles(ds)
	want := Latency{P50: 50, P95: 95, P99: 99, Max: 100}
	if got != want {
		t.Errorf("percentiles = %+v, want %+v", got, want)
	}
	if (percentiles(nil) != Latency{}) {
		t.Error("no samples should give zeros")
	}
}

func testReport() *Report {
	phase := func(mode string, c int, p50, p99, qps float64) PhaseStats {
		return PhaseStats{Mode: mode, Concurrency: c, Queries: 100, QPS: qps, All: Latency{P50: p50, P99: p99},
			ByClass: map[QueryClass]ClassStats{QPrefix: {Latency: Latency{P99: 4}, N: 10}}}
	}
	return &Report{
		Corpus: CorpusStats{Docs: 1000, TextBytes: 1e6},
		Engines: []EngineReport{
			{Name: EngineNgosearch, Index: IndexStats{DocsPerSec: 200, SizeBytes: 3e6, SizeOfText: 3, CPUCores: 1.8, CPUSeconds: 10, PeakRSSMB: 400},
				Phases:  []PhaseStats{phase("in-process", 1, 1, 10, 500), phase("http", 1, 2, 12, 300), {Mode: "http-rate", RateRPS: 200, All: Latency{P99: 25}}},
				Serving: &MemoryFigure{PeakRSSMB: 300}},
			{Name: EngineSQLite, Index: IndexStats{DocsPerSec: 400, SizeBytes: 2e6, CPUSeconds: 5, PeakRSSMB: 100},
				Phases: []PhaseStats{phase("in-process", 1, 4, 16, 100)}},
			{Name: EnginePostgres, Skipped: "not installed"},
		},
	}
}

func TestRatiosAndTargets(t *testing.T) {
	r := testReport()
	got := map[string]float64{}
	for _, x := range ratios(r) {
		if x.Peer != EngineSQLite {
			t.Errorf("ratio against %s, which was skipped or is ngosearch", x.Peer)
		}
		got[x.Figure] = x.Factor
	}
	for fig, want := range map[string]float64{
		"indexing docs/s":                              0.5, // half as fast
		"index size bytes":                             0.67,
		"in-process p50 ms c=1":                        4, // 4x faster
		"in-process p99 ms c=1":                        1.6,
		"in-process q/s c=1":                           5,
		"indexing CPU seconds":                         0.5,
		"indexing peak RSS MB":                         0.25,
		"ngosearch HTTP vs peer in-process p50 ms c=1": 2,
	} {
		if got[fig] != want {
			t.Errorf("factor %q = %v, want %v", fig, got[fig], want)
		}
	}

	met := map[string]bool{}
	for _, tg := range targets(r) {
		met[tg.Name] = tg.Met
	}
	for name, want := range map[string]bool{
		"in-process query p50":                     true, // 1 <= 2
		"in-process query p99":                     true,
		"suggestions p99 (in-process)":             true,
		"HTTP p50 <= SQLite FTS5 in-process p50":   true, // 2 <= 4
		"HTTP p99 <= SQLite FTS5 in-process p99":   true,
		"indexing docs/s >= SQLite FTS5 (stretch)": false,
		"HTTP p99 at 200 req/s":                    true,
		"indexing uses both cores":                 true,
		"index on disk <= 2x text":                 false,
		"serving RSS":                              true,
	} {
		if m, ok := met[name]; !ok || m != want {
			t.Errorf("target %q met = %v (present %v), want %v", name, m, ok, want)
		}
	}

	r.Ratios, r.Targets = ratios(r), targets(r)
	var buf bytes.Buffer
	WriteTable(&buf, r)
	for _, s := range []string{"postgres-fts  skipped", "MISSED", "index on disk <= 2x text", "4.00x"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, buf.String())
		}
	}
}
