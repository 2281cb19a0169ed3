package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Engine names accepted in Config.Engines.
const (
	EngineNgosearch = "ngosearch"
	EngineSQLite    = "sqlite-fts5"
	EnginePostgres  = "postgres-fts"
	// EnginesNone alone runs no engine: the crawl comparison only.
	EnginesNone = "none"
)

// Config configures a benchmark run. The zero value plus Docs and Out is
// usable; Validate fills in defaults.
type Config struct {
	// Docs is the corpus size.
	Docs int
	// Seed makes the corpus and the query mix; same seed, same pool, same corpus.
	Seed int64
	// Out receives report.json, report.txt and the engines' work
	// directories (removed after the run unless KeepIndexes).
	Out         string
	KeepIndexes bool
	// Reuse serves the indexes an earlier run with KeepIndexes left in
	// Out/work instead of indexing the corpus again: the query phases of a
	// 1M-document run without its hours of indexing. Each kept index must
	// hold Docs documents; its indexing figures are copied from that run's
	// report (Out/report.json, moved to Out/report.kept.json), else left
	// out, and a report of another corpus is an error. Implies KeepIndexes.
	Reuse bool
	// Site and SeedDir are the text sources of the corpus (see LoadPool).
	Site    fs.FS
	SeedDir string
	// Engines to run, in order; default all three.
	Engines []string
	// Concurrency levels of the query phases; default 1, 8, 32.
	Concurrency []int
	// Duration of each query phase; MaxQueries caps a phase's queries
	// (0: no cap). Default 8 s.
	Duration   time.Duration
	MaxQueries int
	// QueriesPerClass is the size of the fixed mix per class; default 25.
	QueriesPerClass int
	// HTTP runs ngosearch's real server on loopback too.
	HTTP bool
	// RateRPS and RateDuration: an open-loop HTTP phase at a fixed request
	// rate (default 200/s for 10 s); 0 RateRPS with HTTP: default.
	RateRPS      int
	RateDuration time.Duration
	// CrawlDocs, when > 0, adds the crawl benchmark: a mirror of that many
	// documents served on loopback, harvested by the crawler alone, by the
	// crawler with extraction and indexing, and by wget --mirror.
	CrawlDocs int
	// NgoWriters is the number of concurrent Put calls ngosearch indexes
	// with (default 1, as the crawl pipeline does).
	NgoWriters int
	// Batch is the number of documents per indexing call; default 500.
	Batch int
	// RequirePostgres makes a missing PostgreSQL an error instead of a skip
	// (CI, where it is installed).
	RequirePostgres bool
	// Profile writes CPU and heap profiles of the in-process engines to
	// Out/profiles: ENGINE-index.cpu.pprof (indexing), ENGINE-index.heap.pprof
	// (after indexing, before Flush) and ENGINE-query.cpu.pprof (the
	// one-client query phase).
	Profile bool
	Logger  *slog.Logger
	// Progress, if set, receives one line per phase.
	Progress io.Writer
}

// Validate checks c and fills in defaults.
func (c *Config) Validate() error {
	if c.Docs < 10 {
		return errors.New("bench: at least 10 documents")
	}
	if c.Out == "" {
		return errors.New("bench: no output directory")
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Reuse {
		c.KeepIndexes = true
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	switch {
	case slices.Equal(c.Engines, []string{EnginesNone}):
		c.Engines = []string{} // the crawl comparison only
	case len(c.Engines) == 0:
		c.Engines = []string{EngineNgosearch, EngineSQLite, EnginePostgres}
	}
	for _, e := range c.Engines {
		switch e {
		case EngineNgosearch, EngineSQLite, EnginePostgres:
		default:
			return fmt.Errorf("bench: unknown engine %q", e)
		}
	}
	if len(c.Concurrency) == 0 {
		c.Concurrency = []int{1, 8, 32}
	}
	for _, n := range c.Concurrency {
		if n < 1 || n > 256 {
			return fmt.Errorf("bench: concurrency %d out of range 1..256", n)
		}
	}
	if c.Duration == 0 {
		c.Duration = 8 * time.Second
	}
	if c.QueriesPerClass == 0 {
		c.QueriesPerClass = 25
	}
	if c.HTTP && c.RateRPS == 0 {
		c.RateRPS = 200
	}
	if c.RateDuration == 0 {
		c.RateDuration = 10 * time.Second
	}
	if c.Batch == 0 {
		c.Batch = 500
	}
	if c.Batch < 0 {
		return fmt.Errorf("bench: batch %d: want a positive number of documents", c.Batch)
	}
	if c.Seed == 0 {
		c.Seed = 2026
	}
	return nil
}

// Report is the outcome of a run; report.json is this, encoded.
type Report struct {
	Started  time.Time      `json:"started"`
	Seconds  float64        `json:"seconds"`
	Machine  Machine        `json:"machine"`
	Corpus   CorpusStats    `json:"corpus"`
	Queries  []Query        `json:"queries"`
	Engines  []EngineReport `json:"engines"`
	Ratios   []Ratio        `json:"ratios"`
	Crawl    *CrawlReport   `json:"crawl,omitempty"`
	Targets  []Target       `json:"targets"`
	Settings map[string]any `json:"settings"`
}

// CorpusStats describes the generated corpus.
type CorpusStats struct {
	Docs        int           `json:"docs"`
	Seed        int64         `json:"seed"`
	TextBytes   int64         `json:"text_bytes"`
	Pages       int           `json:"pages"`
	Grants      int           `json:"grants"`
	ByClass     map[Class]int `json:"by_class"`
	Sentences   int           `json:"pool_sentences"`
	Fingerprint string        `json:"pool_fingerprint"`
}

// EngineReport holds one engine's figures.
type EngineReport struct {
	Name    string        `json:"name"`
	Version string        `json:"version,omitempty"`
	Setup   string        `json:"setup,omitempty"`
	Skipped string        `json:"skipped,omitempty"`
	Index   IndexStats    `json:"index"`
	Phases  []PhaseStats  `json:"phases"`
	Serving *MemoryFigure `json:"serving_memory,omitempty"`
	// Reused says where a reused index came from and where its indexing
	// figures did (Config.Reuse); empty when this run indexed.
	Reused string `json:"reused,omitempty"`
	// HTTPWarmUpErrors counts the warm-up requests over HTTP that failed
	// (a query beyond the server's request timeout is answered 503); the
	// phases count their own errors.
	HTTPWarmUpErrors int `json:"http_warmup_errors,omitempty"`
	// Error is why the engine's run stopped early; the figures above are
	// what it measured until then.
	Error string `json:"error,omitempty"`
}

// IndexStats are the indexing figures.
type IndexStats struct {
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"docs_per_sec"`
	MBPerSec   float64 `json:"mb_per_sec"`
	SizeBytes  int64   `json:"size_bytes"`
	SizeOfText float64 `json:"size_of_text"` // SizeBytes / corpus text bytes
	CPUCores   float64 `json:"cpu_cores"`    // CPU time / wall time while indexing
	CPUSeconds float64 `json:"cpu_seconds"`  // CPU time of the engine's processes while indexing
	// LoadAvg is the machine's 1-minute load average before and after
	// indexing: other work on a shared machine slows every figure.
	LoadAvg     [2]float64 `json:"load_avg"`
	BaseRSSMB   float64    `json:"base_rss_mb"`
	PeakRSSMB   float64    `json:"peak_rss_mb"`
	PeakAnonMB  float64    `json:"peak_anon_mb"` // without mapped files
	ReopenMS    float64    `json:"reopen_ms"`
	FlushSecond float64    `json:"flush_seconds"`
}

// indexed reports whether the figures are of an indexing run: a reused
// index whose indexing was not recorded has only its size.
func (ix IndexStats) indexed() bool { return ix.DocsPerSec > 0 }

// measured is v, or NaN (printed "-") when !ix.indexed().
func (ix IndexStats) measured(v float64) float64 {
	if !ix.indexed() {
		return math.NaN()
	}
	return v
}

// MemoryFigure is the resident memory over a phase.
type MemoryFigure struct {
	BaseRSSMB  float64 `json:"base_rss_mb"`
	PeakRSSMB  float64 `json:"peak_rss_mb"`
	PeakAnonMB float64 `json:"peak_anon_mb"` // without mapped files
}

// PhaseStats are the latencies of one query phase.
type PhaseStats struct {
	Mode        string  `json:"mode"`     // "in-process", "http", "http-rate"
	LoadAvg     float64 `json:"load_avg"` // 1-minute load average at the end
	Concurrency int     `json:"concurrency"`
	RateRPS     int     `json:"rate_rps,omitempty"`
	Queries     int     `json:"queries"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"first_error,omitempty"`
	QPS         float64 `json:"qps"`
	// CPUPerQueryMS is the CPU time the engine's processes (and, in
	// process, the harness) spent per query: unlike latency it does not
	// grow when other work competes for the cores.
	CPUPerQueryMS float64                   `json:"cpu_per_query_ms"`
	All           Latency                   `json:"all"`
	ByClass       map[QueryClass]ClassStats `json:"by_class"`
}

// Latency percentiles in milliseconds.
type Latency struct {
	P50 float64 `json:"p50_ms"`
	P95 float64 `json:"p95_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

// ClassStats are one query class's figures in a phase; Hits is the mean
// result count of the class's queries (counted once, in the warm-up).
type ClassStats struct {
	Latency
	N        int     `json:"n"`
	Hits     float64 `json:"mean_hits"`
	ZeroHits int     `json:"zero_hit_queries"`
}

// Run generates the corpus, runs every engine in turn and writes
// report.json and report.txt to cfg.Out.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, fmt.Errorf("creating output directory: %w", err)
	}
	pool, err := LoadPool(cfg.Site, cfg.SeedDir)
	if err != nil {
		return nil, err
	}
	corpus := NewCorpus(cfg.Docs, cfg.Seed, pool)
	rep := &Report{Started: time.Now().UTC(), Machine: machine(), Queries: Queries(corpus, cfg.QueriesPerClass),
		Settings: map[string]any{"concurrency": cfg.Concurrency, "phase_seconds": cfg.Duration.Seconds(), "max_queries": cfg.MaxQueries,
			"batch": cfg.Batch, "http": cfg.HTTP, "rate_rps": cfg.RateRPS, "rate_seconds": cfg.RateDuration.Seconds()}}
	rep.Corpus = corpusStats(corpus, pool, cfg.Seed)
	fmt.Fprintf(cfg.Progress, "corpus: %d docs, %.1f MB text, %d pages, %d grants (pool %s, %d sentences)\n",
		rep.Corpus.Docs, float64(rep.Corpus.TextBytes)/1e6, rep.Corpus.Pages, rep.Corpus.Grants, pool.Fingerprint, len(pool.Sentences))
	var kept *Report // the report of the run whose indexes are reused
	if cfg.Reuse {
		if kept, err = keptReport(cfg.Out, rep.Corpus); err != nil {
			return nil, err
		}
	}
	work := filepath.Join(cfg.Out, "work")
	if !cfg.KeepIndexes {
		defer os.RemoveAll(work)
	}
	// checkpoint writes the report with an engine whose queries are still
	// to run, after its indexing and after each in-process phase: a run
	// killed in its query phases (a 1M run outlasting its session) still
	// leaves its indexing figures, which -reuse takes, and the phases it
	// finished.
	checkpoint := func(er EngineReport) error {
		er.Error = "the run had not finished this engine's query phases when this report was written"
		r := *rep
		r.Engines = append(slices.Clone(rep.Engines), er)
		return finishReport(cfg.Out, &r)
	}
	for _, name := range cfg.Engines {
		er, err := runEngine(ctx, &cfg, name, corpus, rep, kept, filepath.Join(work, name), checkpoint)
		if err != nil {
			// Keep what was measured before the failure (an hour of
			// indexing at 1M documents).
			er.Error = err.Error()
			rep.Engines = append(rep.Engines, *er)
			if werr := finishReport(cfg.Out, rep); werr != nil {
				err = errors.Join(err, werr)
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rep.Engines = append(rep.Engines, *er)
		// A long run (1M documents takes hours) keeps what it has
		// measured so far: the report is rewritten after every engine.
		if err := finishReport(cfg.Out, rep); err != nil {
			return nil, err
		}
	}
	if cfg.CrawlDocs > 0 {
		fmt.Fprintf(cfg.Progress, "crawl: mirror of %d documents\n", cfg.CrawlDocs)
		cr, err := runCrawl(ctx, filepath.Join(work, "crawl"), NewCorpus(cfg.CrawlDocs, cfg.Seed, pool), cfg.Logger)
		if err != nil {
			return nil, fmt.Errorf("crawl: %w", err)
		}
		for _, r := range cr.Runs {
			fmt.Fprintf(cfg.Progress, "crawl: %s: %d fetched in %.1fs (%.0f pages/s, %.1f CPU s) %s\n", r.Name, r.Fetched, r.Seconds, r.PagesPerS, r.CPUSeconds, r.Skipped)
		}
		rep.Crawl = cr
	}
	if err := finishReport(cfg.Out, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// finishReport computes the ratios and targets of what rep holds and
// writes it.
func finishReport(dir string, rep *Report) error {
	rep.Ratios = ratios(rep)
	rep.Targets = targets(rep)
	rep.Seconds = time.Since(rep.Started).Seconds()
	return writeReport(dir, rep)
}

// corpusStats walks the corpus once; the figures divide index sizes and
// speeds.
func corpusStats(c *Corpus, p *Pool, seed int64) CorpusStats {
	st := CorpusStats{Docs: c.Len(), Seed: seed, ByClass: map[Class]int{}, Sentences: len(p.Sentences), Fingerprint: p.Fingerprint}
	for i := range c.Len() {
		it := c.Item(i)
		st.TextBytes += int64(len(it.Doc.Title) + len(docText(&it)))
		st.Pages += len(it.Doc.Pages)
		st.Grants += len(it.Grants)
		st.ByClass[it.Class]++
	}
	return st
}

// openEngine opens a new engine in dir, or with cfg.Reuse the index kept
// there, unopened until Reopen.
func openEngine(ctx context.Context, cfg *Config, name, dir string) (Engine, string, string, error) {
	maxConc := slices.Max(cfg.Concurrency)
	if cfg.Reuse && name != EnginePostgres {
		if _, err := os.Stat(dir); err != nil {
			return nil, "", "", fmt.Errorf("no kept index (run with -keep first): %w", err)
		}
	}
	switch name {
	case EngineNgosearch:
		e := &ngoEngine{dir: dir, log: cfg.Logger}
		if !cfg.Reuse {
			var err error
			if e, err = newNgosearch(dir, cfg.Logger); err != nil {
				return nil, "", "", err
			}
		}
		e.writers = max(1, cfg.NgoWriters)
		return e, fmt.Sprintf("bleve scorch, Polish analysis (index package), %d writer(s)", e.writers), "", nil
	case EngineSQLite:
		e := &sqliteEngine{path: filepath.Join(dir, "fts.db"), conc: maxConc}
		var err error
		if !cfg.Reuse {
			e, err = newSQLite(dir, maxConc)
		}
		var v string
		if err == nil {
			v, err = sqliteVersion(ctx)
		}
		return e, "FTS5 external content, unicode61 remove_diacritics 2, bm25(title 6, body 1), prefix 3-5", "SQLite " + v + " (modernc.org/sqlite)", err
	case EnginePostgres:
		var e *pgEngine
		var err error
		if cfg.Reuse {
			e, err = reusePostgres(ctx, maxConc, cfg.Logger, dir)
		} else {
			e, err = newPostgres(ctx, maxConc, cfg.Logger, dir, cfg.KeepIndexes)
		}
		if err != nil {
			return nil, "", "", err
		}
		return e, "GIN on stored tsvector (title A, text D), config " + e.cfg + ", websearch_to_tsquery, ts_rank_cd, ts_headline; " + strconv.Itoa(pgLoaders) + " COPY loaders", e.cl.version, nil
	}
	return nil, "", "", fmt.Errorf("unknown engine %q", name)
}

func runEngine(ctx context.Context, cfg *Config, name string, corpus *Corpus, rep, kept *Report, dir string, checkpoint func(EngineReport) error) (*EngineReport, error) {
	er := &EngineReport{Name: name}
	if !cfg.Reuse {
		if err := os.RemoveAll(dir); err != nil {
			return er, err
		}
	}
	e, setup, version, err := openEngine(ctx, cfg, name, dir)
	if errors.Is(err, ErrSkipped) && !cfg.RequirePostgres {
		er.Skipped = err.Error()
		fmt.Fprintf(cfg.Progress, "%s: skipped: %v\n", name, err)
		return er, nil
	}
	if err != nil {
		return er, err
	}
	defer e.Close()
	er.Setup, er.Version = setup, version

	pids := e.PIDs
	inProc := slices.Equal(pids(), []int{0})
	if cfg.Reuse {
		err = reuseIndex(ctx, cfg, e, corpus, rep, kept, er)
	} else if err = indexCorpus(ctx, cfg, e, corpus, rep, er); err == nil {
		err = checkpoint(*er)
	}
	if err != nil {
		return er, err
	}

	serve := startSampler(pids)
	defer serve.finish() // on error paths; idempotent
	exec := func(ctx context.Context, q Query) (int, error) {
		if q.Class == QPrefix {
			return e.Suggest(ctx, q.Words[0])
		}
		return e.Search(ctx, q)
	}
	counted, stopTick := tick(cfg.Progress, name+": warm-up", len(rep.Queries), exec)
	w, err := warmUp(ctx, rep.Queries, counted)
	stopTick()
	if err == nil {
		err = w.err()
	}
	if err != nil {
		return er, fmt.Errorf("warm-up: %w", err)
	}
	hits := w.hits
	for _, c := range cfg.Concurrency {
		stopProf := func() error { return nil }
		if cfg.Profile && inProc && c == cfg.Concurrency[0] {
			if stopProf, err = startCPUProfile(cfg.Out, fmt.Sprintf("%s-query-c%d", name, c)); err != nil {
				return er, err
			}
		}
		counted, stopTick := tick(cfg.Progress, fmt.Sprintf("%s: in-process c=%d", name, c), len(rep.Queries), exec)
		ph := runPhase(ctx, "in-process", c, cfg.Duration, cfg.MaxQueries, rep.Queries, hits, counted, func() time.Duration { return cpuTime(pids()) })
		stopTick()
		if err := stopProf(); err != nil {
			return er, err
		}
		er.Phases = append(er.Phases, ph)
		fmt.Fprintf(cfg.Progress, "%s: in-process c=%d: %d queries, %.0f q/s, p50 %.2f ms, p99 %.2f ms, %.2f CPU ms/query, errors %d (load %.1f)\n",
			name, c, ph.Queries, ph.QPS, ph.All.P50, ph.All.P99, ph.CPUPerQueryMS, ph.Errors, ph.LoadAvg)
		if err := checkpoint(*er); err != nil {
			return er, err
		}
	}
	if ng, ok := e.(*ngoEngine); ok && cfg.HTTP {
		phs, w, err := runHTTP(ctx, cfg, ng, rep.Queries, hits)
		er.HTTPWarmUpErrors = w.failed
		if w.failed > 0 {
			fmt.Fprintf(cfg.Progress, "%s: http warm-up: %v (counted; the phases count theirs)\n", name, w.err())
		}
		if err != nil {
			return er, fmt.Errorf("http: %w", err)
		}
		for _, ph := range phs {
			fmt.Fprintf(cfg.Progress, "%s: %s c=%d rate=%d: %d queries, %.0f q/s, p50 %.2f ms, p99 %.2f ms, %.2f CPU ms/query, errors %d (load %.1f)\n",
				name, ph.Mode, ph.Concurrency, ph.RateRPS, ph.Queries, ph.QPS, ph.All.P50, ph.All.P99, ph.CPUPerQueryMS, ph.Errors, ph.LoadAvg)
		}
		er.Phases = append(er.Phases, phs...)
	}
	sb, sp := serve.finish()
	er.Serving = &MemoryFigure{BaseRSSMB: mb(sb), PeakRSSMB: mb(sp), PeakAnonMB: mb(serve.peakAnon())}
	return er, nil
}

// indexCorpus indexes the corpus into e, flushes and reopens it, and
// records the indexing figures in er.
func indexCorpus(ctx context.Context, cfg *Config, e Engine, corpus *Corpus, rep *Report, er *EngineReport) error {
	name := e.Name()
	pids := e.PIDs
	inProc := slices.Equal(pids(), []int{0})
	var err error
	// Indexing: only the engine's calls are timed; generating the next
	// batch is not.
	stopProf := func() error { return nil }
	if cfg.Profile && inProc {
		if stopProf, err = startCPUProfile(cfg.Out, name+"-index"); err != nil {
			return err
		}
	}
	smp := startSampler(pids)
	defer smp.finish() // on error paths; idempotent
	load0 := loadAvg()
	var wall, cpu time.Duration
	lastNote := time.Now()
	for lo := 0; lo < corpus.Len(); lo += cfg.Batch {
		if time.Since(lastNote) >= time.Minute {
			lastNote = time.Now()
			fmt.Fprintf(cfg.Progress, "%s: indexing: %d of %d docs after %.0fs (%.0f docs/s, %.2f cores)\n",
				name, lo, corpus.Len(), wall.Seconds(), float64(lo)/wall.Seconds(), cpu.Seconds()/wall.Seconds())
		}
		hi := min(lo+cfg.Batch, corpus.Len())
		items := make([]Item, 0, hi-lo)
		for i := lo; i < hi; i++ {
			items = append(items, corpus.Item(i))
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		ps := pids()
		c0, t0 := cpuTime(ps), time.Now()
		if err := e.Index(ctx, items); err != nil {
			return fmt.Errorf("indexing documents %d-%d: %w", lo, hi, err)
		}
		wall += time.Since(t0)
		cpu += cpuTime(ps) - c0
	}
	if err := stopProf(); err != nil {
		return err
	}
	if cfg.Profile && inProc {
		if err := writeHeapProfile(cfg.Out, name+"-index"); err != nil {
			return err
		}
	}
	ps := pids()
	c0, t0 := cpuTime(ps), time.Now()
	if err := e.Flush(ctx); err != nil {
		return fmt.Errorf("flushing: %w", err)
	}
	flush := time.Since(t0)
	wall += flush
	cpu += cpuTime(ps) - c0
	base, peak := smp.finish()
	size, err := e.Size(ctx)
	if err != nil {
		return fmt.Errorf("measuring size: %w", err)
	}
	er.Index = IndexStats{Seconds: wall.Seconds(), DocsPerSec: float64(corpus.Len()) / wall.Seconds(),
		MBPerSec: float64(rep.Corpus.TextBytes) / 1e6 / wall.Seconds(), SizeBytes: size,
		SizeOfText: float64(size) / float64(rep.Corpus.TextBytes), CPUCores: cpu.Seconds() / wall.Seconds(),
		BaseRSSMB: mb(base), PeakRSSMB: mb(peak), PeakAnonMB: mb(smp.peakAnon()), FlushSecond: flush.Seconds(), CPUSeconds: cpu.Seconds(), LoadAvg: [2]float64{load0, loadAvg()}}
	fmt.Fprintf(cfg.Progress, "%s: indexed %d docs in %.1fs (%.0f docs/s, %.2f MB/s, %.2f cores), %.1f MB on disk, peak RSS %.0f MB\n",
		name, corpus.Len(), wall.Seconds(), er.Index.DocsPerSec, er.Index.MBPerSec, er.Index.CPUCores, float64(size)/1e6, mb(peak))

	t0 = time.Now()
	if err := e.Reopen(ctx); err != nil {
		return fmt.Errorf("reopening: %w", err)
	}
	er.Index.ReopenMS = float64(time.Since(t0).Microseconds()) / 1000

	return nil
}

// reuseIndex opens the index an earlier run kept, checks that it holds the
// corpus, and takes that run's indexing figures when its report is of this
// corpus.
func reuseIndex(ctx context.Context, cfg *Config, e Engine, corpus *Corpus, rep, kept *Report, er *EngineReport) error {
	size, err := e.Size(ctx)
	if err != nil {
		return fmt.Errorf("measuring size: %w", err)
	}
	t0 := time.Now()
	if err := e.Reopen(ctx); err != nil {
		return fmt.Errorf("opening the kept index: %w", err)
	}
	reopen := time.Since(t0)
	n, err := e.Count(ctx)
	if err != nil {
		return fmt.Errorf("counting the kept index's documents: %w", err)
	}
	if n != corpus.Len() {
		return fmt.Errorf("the kept index holds %d documents, the corpus %d: reuse it with the -docs and -seed of the run that kept it", n, corpus.Len())
	}
	var prev *EngineReport
	if kept != nil {
		prev = kept.engine(e.Name())
	}
	if prev != nil && prev.Index.indexed() {
		er.Index = prev.Index
		er.Reused = "index kept by the run of " + kept.Started.Format(time.RFC3339) + "; indexing figures from its report (" + keptReportFile + ")"
	} else {
		er.Index = IndexStats{SizeBytes: size, SizeOfText: float64(size) / float64(rep.Corpus.TextBytes), ReopenMS: float64(reopen.Microseconds()) / 1000}
		er.Reused = "index kept by an earlier run whose report was not written (indexing not measured here)"
	}
	fmt.Fprintf(cfg.Progress, "%s: reusing the kept index of %d docs, %.1f MB on disk: %s\n", e.Name(), n, float64(size)/1e6, er.Reused)
	return nil
}

func mb(b int64) float64 { return math.Round(float64(b)/1e6*10) / 10 }

type execFunc func(ctx context.Context, q Query) (int, error)

// tickEvery is how often a long query phase reports its progress.
var tickEvery = time.Minute

// tick wraps exec to count the queries answered and reports the count to w
// every tickEvery until stop: a pass of the mix at 1M documents takes half
// an hour, which a run must not spend silent.
func tick(w io.Writer, label string, mix int, exec execFunc) (counted execFunc, stop func()) {
	var done atomic.Int64
	quit := make(chan struct{})
	finished := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(finished)
		t := time.NewTicker(tickEvery)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				fmt.Fprintf(w, "%s: %d queries after %.0fs (the mix has %d)\n", label, done.Load(), time.Since(start).Seconds(), mix)
			}
		}
	}()
	counted = func(ctx context.Context, q Query) (int, error) {
		defer done.Add(1)
		return exec(ctx, q)
	}
	return counted, func() { close(quit); <-finished }
}

// warmed is what the warm-up pass learnt: each query's number of results
// (the report's "results counted"; 0 for a failed query), how many
// queries failed and the first failure, naming its query.
type warmed struct {
	hits   []int
	failed int
	first  error
}

// warmUp runs the mix once, in order. Failures are counted, not fatal:
// the caller decides (in process every query must answer; over HTTP one
// past the server's request timeout is a figure of the run). err is the
// context's error only.
func warmUp(ctx context.Context, qs []Query, exec execFunc) (warmed, error) {
	w := warmed{hits: make([]int, len(qs))}
	for i, q := range qs {
		if err := ctx.Err(); err != nil {
			return w, err
		}
		n, err := exec(ctx, q)
		if err != nil {
			w.failed++
			if w.first == nil {
				w.first = fmt.Errorf("query %q (%s): %w", q.Text(), q.Class, err)
			}
			continue
		}
		w.hits[i] = n
	}
	return w, nil
}

// err is nil when every query answered, else how many failed and the first.
func (w warmed) err() error {
	if w.failed == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d queries failed, the first: %w", w.failed, len(w.hits), w.first)
}

// mixIndex is the n-th query (from 1) of the walk through a mix of size
// m: a stride of 7, prime to the 150 queries of the default mix and to its
// 6 interleaved classes, so consecutive queries change class and each pass
// of m queries visits every query once (when m is not a multiple of 7).
func mixIndex(n int64, m int) int { return int(n*7) % m }

type sample struct {
	class QueryClass
	d     time.Duration
}

// runPhase runs the mix with c concurrent clients for d (or max queries),
// and at least once through.
func runPhase(ctx context.Context, mode string, c int, d time.Duration, maxQ int, qs []Query, hits []int, exec execFunc, cpu func() time.Duration) PhaseStats {
	// The deadline is checked between queries, never passed into one: a
	// query cut short would count as neither done nor failed, and
	// cancelling a pgx query closes its connection.
	deadline := time.Now().Add(d)
	var next, errs atomic.Int64
	var firstErr atomic.Value
	per := make([][]sample, c)
	var wg sync.WaitGroup
	cpu0 := cpu()
	start := time.Now()
	for w := range c {
		wg.Go(func() {
			for ctx.Err() == nil {
				n := next.Add(1)
				// The clients share one walk of the mix, and a phase runs
				// at least one whole pass of it at any concurrency: every
				// engine's figures are then of the same queries, even
				// when queries take seconds and the phase's time is short.
				if time.Now().After(deadline) && n > int64(len(qs)) {
					return
				}
				if maxQ > 0 && n > int64(maxQ) {
					return
				}
				q := qs[mixIndex(n, len(qs))]
				t0 := time.Now()
				_, err := exec(ctx, q)
				el := time.Since(t0)
				if err != nil {
					if ctx.Err() != nil {
						return // interrupted: not the engine's error
					}
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				per[w] = append(per[w], sample{q.Class, el})
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	used := cpu() - cpu0
	ph := summarize(mode, c, per, qs, hits)
	if ph.Queries > 0 {
		ph.CPUPerQueryMS = round2(used.Seconds() * 1000 / float64(ph.Queries))
	}
	ph.Errors = int(errs.Load())
	if s, ok := firstErr.Load().(string); ok {
		ph.FirstError = s
	}
	ph.QPS = float64(ph.Queries) / elapsed.Seconds()
	ph.LoadAvg = loadAvg()
	return ph
}

func summarize(mode string, c int, per [][]sample, qs []Query, hits []int) PhaseStats {
	ph := PhaseStats{Mode: mode, Concurrency: c, ByClass: map[QueryClass]ClassStats{}}
	var all []time.Duration
	by := map[QueryClass][]time.Duration{}
	for _, ss := range per {
		for _, s := range ss {
			all = append(all, s.d)
			by[s.class] = append(by[s.class], s.d)
		}
	}
	ph.Queries = len(all)
	ph.All = percentiles(all)
	for _, cl := range QueryClasses {
		cs := ClassStats{Latency: percentiles(by[cl]), N: len(by[cl])}
		var sum, n int
		for i, q := range qs {
			if q.Class == cl && i < len(hits) {
				sum += hits[i]
				n++
				if hits[i] == 0 {
					cs.ZeroHits++
				}
			}
		}
		if n > 0 {
			cs.Hits = float64(sum) / float64(n)
		}
		ph.ByClass[cl] = cs
	}
	return ph
}

func percentiles(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	slices.Sort(ds)
	at := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(ds)))) - 1
		i = max(0, min(i, len(ds)-1))
		return float64(ds[i].Microseconds()) / 1000
	}
	return Latency{P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: at(1)}
}

// runHTTP serves ngosearch's real router on loopback and runs the mix
// against its API: closed-loop phases at each concurrency, then an
// open-loop phase at a fixed request rate.
func runHTTP(ctx context.Context, cfg *Config, e *ngoEngine, qs []Query, hits []int) ([]PhaseStats, warmed, error) {
	h, err := e.handler(cfg.Logger)
	if err != nil {
		return nil, warmed{}, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, warmed{}, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Shutdown below
	defer srv.Shutdown(context.Background())
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute}, Timeout: 15 * time.Second}
	defer client.CloseIdleConnections()
	exec := func(ctx context.Context, q Query) (int, error) { return httpQuery(ctx, client, base, q) }
	self := func() time.Duration { return cpuTime([]int{0}) }
	counted, stopTick := tick(cfg.Progress, "ngosearch: http warm-up", len(qs), exec)
	w, err := warmUp(ctx, qs, counted)
	stopTick()
	if err == nil && w.failed == len(qs) {
		err = fmt.Errorf("the server answered none of the warm-up: %w", w.err())
	}
	if err != nil {
		return nil, w, err
	}
	var out []PhaseStats
	for _, c := range cfg.Concurrency {
		counted, stopTick := tick(cfg.Progress, fmt.Sprintf("ngosearch: http c=%d", c), len(qs), exec)
		out = append(out, runPhase(ctx, "http", c, cfg.Duration, cfg.MaxQueries, qs, hits, counted, self))
		stopTick()
	}
	if cfg.RateRPS > 0 {
		out = append(out, runRate(ctx, cfg.RateRPS, cfg.RateDuration, cfg.MaxQueries, qs, hits, exec, self))
	}
	return out, w, nil
}

func httpQuery(ctx context.Context, client *http.Client, base string, q Query) (int, error) {
	v := url.Values{}
	path := "/api/search"
	if q.Class == QPrefix {
		path = "/api/suggest"
		v.Set("q", q.Words[0])
		v.Set("size", "8")
	} else {
		v.Set("q", q.Text())
		v.Set("size", "10")
		if q.Class == QFiltered {
			v.Set("type", string(q.Type))
			var ys []string
			for _, y := range q.Years() {
				ys = append(ys, strconv.Itoa(y))
			}
			v.Set("year", strings.Join(ys, ","))
		} else {
			v.Set("facets", "false") // as in process: facets where the peers count them
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path+"?"+v.Encode(), nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: status %d: %.200s", req.URL, resp.StatusCode, body)
	}
	var out struct {
		Total       int      `json:"total"`
		Suggestions []string `json:"suggestions"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return 0, fmt.Errorf("decoding %s: %w", req.URL, err)
	}
	if q.Class == QPrefix {
		return len(out.Suggestions), nil
	}
	return out.Total, nil
}

// maxInflight bounds the open-loop phase's outstanding requests.
const maxInflight = 256

// runRate sends rps requests per second for d, each at its scheduled time
// whatever the previous ones did (open loop), and measures latency from
// the scheduled time, so a stall is not hidden by waiting for it.
func runRate(ctx context.Context, rps int, d time.Duration, maxQ int, qs []Query, hits []int, exec execFunc, cpu func() time.Duration) PhaseStats {
	n := int(d.Seconds() * float64(rps))
	if maxQ > 0 {
		n = min(n, maxQ)
	}
	interval := time.Second / time.Duration(rps)
	samples := make([]sample, n)
	ok := make([]bool, n)
	var errs atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	var inflight atomic.Int64
	cpu0 := cpu()
	start := time.Now()
	for i := range n {
		at := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(at))
		if ctx.Err() != nil {
			break
		}
		// A server that cannot keep up would gather an unbounded queue of
		// clients; beyond maxInflight a request counts as dropped.
		if inflight.Load() >= maxInflight {
			errs.Add(1)
			firstErr.CompareAndSwap(nil, fmt.Sprintf("overloaded: more than %d requests in flight, request dropped", maxInflight))
			continue
		}
		inflight.Add(1)
		wg.Go(func() {
			defer inflight.Add(-1)
			q := qs[(i*7)%len(qs)]
			if _, err := exec(ctx, q); err != nil {
				errs.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
				return
			}
			samples[i], ok[i] = sample{q.Class, time.Since(at)}, true
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	var got []sample
	for i := range samples {
		if ok[i] {
			got = append(got, samples[i])
		}
	}
	ph := summarize("http-rate", 0, [][]sample{got}, qs, hits)
	if ph.Queries > 0 {
		ph.CPUPerQueryMS = round2((cpu() - cpu0).Seconds() * 1000 / float64(ph.Queries))
	}
	ph.RateRPS = rps
	ph.Errors = int(errs.Load())
	if s, ok := firstErr.Load().(string); ok {
		ph.FirstError = s
	}
	ph.QPS = float64(ph.Queries) / elapsed.Seconds()
	ph.LoadAvg = loadAvg()
	return ph
}

func writeReport(dir string, rep *Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json"), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, "report.txt"))
	if err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	WriteTable(f, rep)
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	var md bytes.Buffer
	WriteMarkdown(&md, rep)
	if err := os.WriteFile(filepath.Join(dir, "report.md"), md.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}

// ReadReport reads the report.json of an earlier run from dir.
func ReadReport(dir string) (*Report, error) {
	return readReportFile(filepath.Join(dir, "report.json"))
}

func readReportFile(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// keptReportFile holds the report of the run that kept the indexes in
// Out/work, so that the runs reusing them do not overwrite its indexing
// figures with their own report.json.
const keptReportFile = "report.kept.json"

// keptReport is the report of the run that kept the indexes in dir/work:
// dir/report.kept.json, or dir/report.json, then moved there. It is nil when
// that run wrote no report (it was killed); an error when it is of another
// corpus than c.
func keptReport(dir string, c CorpusStats) (*Report, error) {
	path := filepath.Join(dir, keptReportFile)
	r, err := readReportFile(path)
	if errors.Is(err, os.ErrNotExist) {
		path = filepath.Join(dir, "report.json")
		r, err = readReportFile(path)
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if r.Corpus.Docs != c.Docs || r.Corpus.Seed != c.Seed || r.Corpus.Fingerprint != c.Fingerprint {
		return nil, fmt.Errorf("the kept indexes in %s are of another corpus (%d docs, seed %d, pool %s; this run's: %d docs, seed %d, pool %s): reuse them with that run's -docs and -seed",
			dir, r.Corpus.Docs, r.Corpus.Seed, r.Corpus.Fingerprint, c.Docs, c.Seed, c.Fingerprint)
	}
	if filepath.Base(path) != keptReportFile {
		if err := os.Rename(path, filepath.Join(dir, keptReportFile)); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Smoke shrinks cfg to the smoke size: a few hundred documents and short
// phases, so the whole benchmark runs in seconds (the tests run it).
func Smoke(cfg *Config) {
	cfg.Docs = 300
	cfg.Concurrency = []int{1, 4}
	cfg.Duration = 300 * time.Millisecond
	cfg.MaxQueries = 100
	cfg.QueriesPerClass = 5
	cfg.RateDuration = 500 * time.Millisecond
	cfg.Batch = 100
	cfg.CrawlDocs = 40
}

func startCPUProfile(out, name string) (func() error, error) {
	dir := filepath.Join(out, "profiles")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(dir, name+".cpu.pprof"))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting CPU profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}

func writeHeapProfile(out, name string) error {
	f, err := os.Create(filepath.Join(out, "profiles", name+".heap.pprof"))
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("writing heap profile: %w", err)
	}
	return f.Close()
}
