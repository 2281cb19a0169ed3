// Command ngobench benchmarks ngosearch against SQLite FTS5 and PostgreSQL
// full-text search on one generated Polish corpus, prints a table and
// writes report.json; see BENCHMARKS.md.
//
//	go run ./cmd/ngobench -docs 10000 -out bench-out/
//	go run ./cmd/ngobench -smoke -out /tmp/smoke
//	go run ./cmd/ngobench -mirror /tmp/mirror -docs 1000   # write the corpus as files
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "ngobench:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage error")

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	gin.SetMode(gin.ReleaseMode)
	fs := flag.NewFlagSet("ngobench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: ngobench [flags]

Generates a deterministic Polish corpus, indexes it with ngosearch, SQLite FTS5
and PostgreSQL full-text search (a throwaway cluster; skipped when PostgreSQL
is not installed, an error under CI=true), runs the same query mix in process
and over HTTP, prints a table and writes OUT/report.json and OUT/report.txt.

Flags:
`)
		fs.PrintDefaults()
	}
	var (
		docs    = fs.Int("docs", 10000, "corpus size in documents")
		smoke   = fs.Bool("smoke", false, "a tiny run of a few seconds (300 docs, short phases), as the tests run it")
		out     = fs.String("out", "bench-out", "output directory for report.json, report.txt and the work indexes")
		seed    = fs.Int64("seed", 2026, "corpus and query seed")
		engines = fs.String("engines", "ngosearch,sqlite-fts5,postgres-fts", "engines to run, comma-separated (none: only the crawl comparison of -crawl)")
		conc    = fs.String("c", "1,8,32", "client concurrency levels, comma-separated")
		dur     = fs.Duration("duration", 8*time.Second, "length of each query phase")
		noHTTP  = fs.Bool("no-http", false, "skip the HTTP phases")
		rate    = fs.Int("rate", 200, "requests per second of the open-loop HTTP phase")
		seedDir = fs.String("seed-texts", "/work/shared/seed", "directory of extra *.txt source texts (missing: none)")
		keep    = fs.Bool("keep", false, "keep the engines' indexes in OUT/work (PostgreSQL's cluster stays in its temporary directory, named in OUT/work/postgres-fts/cluster)")
		reuse   = fs.Bool("reuse", false, "serve the indexes an earlier -keep run left in OUT/work instead of indexing again (same -docs and -seed; implies -keep): the query phases without the indexing; indexing figures are copied from that run's report, moved to OUT/report.kept.json")
		mirror  = fs.String("mirror", "", "write the corpus as a mirror folder (host/path files) to this directory and exit")
		verbose = fs.Bool("v", false, "log engine messages to stderr")
		crawl   = fs.Int("crawl", 1000, "documents in the crawl benchmark's mirror (0: no crawl benchmark)")
		writers = fs.Int("ngo-writers", 1, "concurrent Put calls for ngosearch's indexing (the crawl pipeline uses 1)")
		profile = fs.Bool("profile", false, "write CPU and heap profiles of the in-process engines to OUT/profiles")
		batch   = fs.Int("batch", 500, "documents per indexing call, for every engine")
		md      = fs.String("markdown", "", "print the Markdown tables of an earlier run's DIR/report.json and exit")
		growth  = fs.String("growth", "", "print how the figures grow across earlier runs' DIR/report.json (comma-separated DIRs, e.g. of 10k, 100k and 1M documents; runs of one size are combined, a later run's engine replacing an earlier's) and exit")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ngobench: unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	if *md != "" || *growth != "" {
		return rerender(stdout, *md, *growth)
	}
	logger := slog.New(slog.DiscardHandler)
	if *verbose {
		logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	if _, err := os.Stat(*seedDir); err != nil {
		*seedDir = ""
	}
	if *mirror != "" {
		pool, err := bench.LoadPool(ngosearch.SampleSite(), *seedDir)
		if err != nil {
			return err
		}
		st, err := bench.WriteMirror(ctx, *mirror, bench.NewCorpus(*docs, *seed, pool))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "mirror: %d files, %.1f MB in %s\n", st.Files, float64(st.Bytes)/1e6, *mirror)
		return nil
	}
	cfg := bench.Config{Docs: *docs, Seed: *seed, Out: *out, KeepIndexes: *keep, Reuse: *reuse, Site: ngosearch.SampleSite(), SeedDir: *seedDir,
		Duration: *dur, HTTP: !*noHTTP, RateRPS: *rate, Logger: logger, Progress: stderr,
		RequirePostgres: getenv("CI") == "true", Profile: *profile, CrawlDocs: *crawl, NgoWriters: *writers, Batch: *batch}
	for _, e := range strings.Split(*engines, ",") {
		if e = strings.TrimSpace(e); e != "" {
			cfg.Engines = append(cfg.Engines, e)
		}
	}
	for _, c := range strings.Split(*conc, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil {
			fmt.Fprintf(stderr, "ngobench: -c: %q is not a number\n", c)
			return errUsage
		}
		cfg.Concurrency = append(cfg.Concurrency, n)
	}
	if *smoke {
		bench.Smoke(&cfg)
	}
	rep, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	bench.WriteTable(stdout, rep)
	return nil
}

// rerender prints the Markdown of an earlier run (dir) and the growth table
// of several (dirs, comma-separated).
func rerender(stdout io.Writer, dir, dirs string) error {
	if dir != "" {
		r, err := bench.ReadReport(dir)
		if err != nil {
			return err
		}
		bench.WriteMarkdown(stdout, r)
	}
	if dirs == "" {
		return nil
	}
	var rs []*bench.Report
	for _, d := range strings.Split(dirs, ",") {
		r, err := bench.ReadReport(strings.TrimSpace(d))
		if err != nil {
			return err
		}
		rs = append(rs, r)
	}
	rs, err := bench.Combine(rs)
	if err != nil {
		return err
	}
	bench.WriteGrowth(stdout, rs)
	return nil
}
