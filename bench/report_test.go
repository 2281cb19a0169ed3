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

func TestWriteMarkdown(t *testing.T) {
	r := testReport()
	r.Ratios = ratios(r)
	var buf bytes.Buffer
	WriteMarkdown(&buf, r)
	md := buf.String()
	contains(t, "markdown", md,
		"| ngosearch | 0 | 200 | 0 | 1.80 | 10.0 | 3.00 | 3.00 | 400 (0) | 300 (0) |", // CPU s / 1k docs: 10 s / 1,000 docs
		"| SQLite FTS5 | in-process | 1 | 100 | 4.00 | 0 | 16.0 | 0 | 0 |",
		"| PostgreSQL FTS | skipped: not installed |",
		"| ngosearch | HTTP, open loop 200 req/s | - |",
		"| in-process p50 ms c=1 | 4.00x |",
	)
	// Every table row has as many cells as its header.
	cells := 0
	for _, line := range strings.Split(md, "\n") {
		switch {
		case !strings.HasPrefix(line, "|"):
			cells = 0
		case cells == 0:
			cells = strings.Count(line, "|")
		case strings.Count(line, "|") != cells && !strings.Contains(line, "skipped"):
			t.Errorf("row %q has %d separators, its header %d", line, strings.Count(line, "|"), cells)
		}
	}
}

func TestWriteGrowth(t *testing.T) {
	small, big := testReport(), testReport()
	big.Corpus.Docs = 10000
	big.Engines[0].Index.SizeBytes = 27e6
	big.Engines[0].Phases[0].All.P99 = 95
	var buf bytes.Buffer
	WriteGrowth(&buf, []*Report{big, small}) // sorted by size
	md := buf.String()
	contains(t, "growth", md,
		"| ngosearch | 1,000 docs | 10,000 docs | growth |",
		"| size on disk MB | 3.00 | 27.0 | x9.00 |",
		"| 1 client p99 ms | 10.0 | 95.0 | x9.50 |",
		"| SQLite FTS5 | 1,000 docs | 10,000 docs | growth |",
	)
	if strings.Contains(md, "PostgreSQL") {
		t.Errorf("a skipped engine has a growth table:\n%s", md)
	}
	if i := strings.Index(md, "| SQLite FTS5 |"); strings.Contains(md[i:], "HTTP 1 client") {
		t.Errorf("SQLite, never served over HTTP, has an HTTP row:\n%s", md[i:])
	}
}

func TestCombine(t *testing.T) {
	small, big, bigPeer := testReport(), testReport(), testReport()
	big.Corpus.Docs, bigPeer.Corpus.Docs = 10000, 10000
	big.Engines[1].Error = "interrupted"
	big.Engines[1].Phases[0].All.P99 = 999
	big.Ratios = []Ratio{{Peer: EngineSQLite}}
	bigPeer.Engines = []EngineReport{
		{Name: EngineNgosearch, Skipped: "not asked for"},
		{Name: EngineSQLite, Index: IndexStats{DocsPerSec: 300}, Phases: []PhaseStats{{Mode: "in-process", Concurrency: 1, Queries: 150, All: Latency{P99: 160}}}},
		{Name: EnginePostgres, Index: IndexStats{DocsPerSec: 50}, Phases: []PhaseStats{{Mode: "in-process", Concurrency: 1, Queries: 150, All: Latency{P99: 400}}}},
	}
	rs, err := Combine([]*Report{small, big, bigPeer})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[1].Corpus.Docs != 10000 {
		t.Fatalf("Combine gave %d reports, want one per size (2)", len(rs))
	}
	c := rs[1]
	if e := c.engine(EngineNgosearch); e == nil || e.Index.DocsPerSec != 200 {
		t.Errorf("ngosearch, skipped in the later run, should keep the earlier run's figures: %+v", e)
	}
	if e := c.engine(EngineSQLite); e == nil || e.Error != "" || e.Phases[0].All.P99 != 160 {
		t.Errorf("SQLite should be the later, complete run's: %+v", e)
	}
	if e := c.engine(EnginePostgres); e == nil || e.Index.DocsPerSec != 50 {
		t.Errorf("PostgreSQL, skipped in the first run, should come from the second: %+v", e)
	}
	if c.Ratios != nil {
		t.Error("a combined report kept one run's ratios")
	}
	if big.Engines[1].Phases[0].All.P99 != 999 {
		t.Error("Combine changed the report it was given")
	}
	var buf bytes.Buffer
	WriteGrowth(&buf, rs)
	contains(t, "growth of combined runs", buf.String(),
		"| PostgreSQL FTS | 1,000 docs | 10,000 docs | growth |",
		"| 1 client p99 ms | 16.0 | 160 | x10.0 |")

	other := testReport()
	other.Corpus.Docs, other.Corpus.Seed = 10000, 7
	if _, err := Combine([]*Report{big, other}); err == nil || !strings.Contains(err.Error(), "different corpora") {
		t.Errorf("runs of one size with different seeds: err = %v", err)
	}
}

func TestNum(t *testing.T) {
	for f, want := range map[float64]string{0: "0", 0.0123: "0.012", 1.234: "1.23", 12.34: "12.3", 123.4: "123", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := num(f); got != want {
			t.Errorf("num(%v) = %q, want %q", f, got, want)
		}
	}
}

// contains reports each of subs that text lacks.
func contains(t *testing.T, what, text string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(text, s) {
			t.Errorf("%s lacks %q:\n%s", what, s, text)
		}
	}
}

// TestReusedUnmeasured: an engine served from a kept index whose indexing
// was never reported shows its size, "-" for the indexing figures (not
// zeros) and where the index came from.
func TestReusedUnmeasured(t *testing.T) {
	r := testReport()
	sq := &r.Engines[1]
	sq.Index = IndexStats{SizeBytes: 2e6, SizeOfText: 2}
	sq.Reused = "index kept by an earlier run whose report was not written"
	var md, txt, growth bytes.Buffer
	WriteMarkdown(&md, r)
	contains(t, "markdown", md.String(),
		"| SQLite FTS5 | - | - | - | - | - | 2.00 | 2.00 | - (-) |",
		"SQLite FTS5: index kept by an earlier run whose report was not written.",
	)
	WriteTable(&txt, r)
	contains(t, "table", txt.String(), "sqlite-fts5 reused: index kept by an earlier run")
	if strings.Contains(txt.String(), "NaN") {
		t.Errorf("table prints NaN:\n%s", txt.String())
	}
	before := testReport()
	before.Corpus.Docs = 100
	WriteGrowth(&growth, []*Report{before, r})
	contains(t, "growth", growth.String(),
		"| size on disk MB | 2.00 | 2.00 | x1.00 |",
		"| indexing docs/s | 400 | - | - |",
		"| peak RSS MB indexing | 100 | - | - |",
	)
}
