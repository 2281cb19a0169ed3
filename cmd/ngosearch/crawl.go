package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/model"
)

// citySeeds are crawled when no --seed is given: the city's real sites.
var citySeeds = []string{
	"https://www.krakow.pl/",
	"https://ngo.krakow.pl/",
	"https://www.bip.krakow.pl/",
	"https://obywatelski.krakow.pl/",
}

// crawlFlags are the flags of "crawl", shared with "demo" and "run".
type crawlFlags struct {
	seeds         stringList
	allowHosts    stringList
	delay         time.Duration
	maxPages      int
	userAgent     string
	maxBodyMiB    int64
	timeout       time.Duration
	parallelism   int
	noArchive     bool
	full          bool
	patternBudget int
	hostAliases   stringList
}

func (f *crawlFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.seeds, "seed", "start URL (repeatable); default: the city's sites "+strings.Join(citySeeds, " "))
	fs.Var(&f.allowHosts, "allow-host", "host the crawler may fetch from, as HOST (any port) or HOST:PORT (repeatable); default: the seeds' hosts")
	fs.DurationVar(&f.delay, "delay", time.Second, "pause between two requests to the same host (robots.txt Crawl-delay is a floor under it)")
	fs.IntVar(&f.maxPages, "max-pages", 0, "stop after fetching this many URLs (0: no limit)")
	fs.StringVar(&f.userAgent, "user-agent", "", "User-Agent header, with a contact URL (default: ngosearch with the project URL)")
	fs.Int64Var(&f.maxBodyMiB, "max-body", 200, "largest response body in MiB; larger ones are refused and reported, never truncated")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "limit for one request, body included")
	fs.IntVar(&f.parallelism, "parallelism", 1, "simultaneous requests per host")
	fs.BoolVar(&f.noArchive, "no-archive", false, "do not keep the raw responses in DIR/archive.warc.gz (then \"index --rebuild\" cannot re-extract them)")
	fs.IntVar(&f.patternBudget, "pattern-budget", 100000, "most URLs of one shape (same path, digits and query values aside) one crawl fetches: a guard against traps; the BIP alone has tens of thousands of ?dok_id= pages")
	fs.Var(&f.hostAliases, "host-alias", "FROM=TO: treat host FROM as the same site as TO, e.g. bip.krakow.pl=www.bip.krakow.pl (repeatable; added to the built-in krakow.pl=www.krakow.pl and bip.krakow.pl=www.bip.krakow.pl)")
	fs.BoolVar(&f.full, "full", false, "refetch and re-extract everything, ignoring what the last crawl recorded (no conditional requests)")
}

// urlRules are the canonical-URL rules with the --host-alias additions.
func (f *crawlFlags) urlRules() (model.URLRules, error) {
	rules := model.DefaultURLRules()
	for _, a := range f.hostAliases {
		from, to, ok := strings.Cut(a, "=")
		from, to = strings.ToLower(strings.TrimSpace(from)), strings.ToLower(strings.TrimSpace(to))
		if !ok || from == "" || to == "" || strings.ContainsAny(from+to, "/: ") {
			return rules, fmt.Errorf("%w: --host-alias %q: want FROM=TO with two host names", errUsage, a)
		}
		rules.HostAliases[from] = to
	}
	return rules, nil
}

func (f *crawlFlags) config(dataDir string, logger *slog.Logger) (crawler.Config, error) {
	seeds := []string(f.seeds)
	if len(seeds) == 0 {
		seeds = citySeeds
	}
	rules, err := f.urlRules()
	if err != nil {
		return crawler.Config{}, err
	}
	return crawler.Config{
		Seeds:         seeds,
		AllowHosts:    f.allowHosts,
		Delay:         f.delay,
		MaxPages:      f.maxPages,
		UserAgent:     f.userAgent,
		MaxBodySize:   f.maxBodyMiB << 20,
		Timeout:       f.timeout,
		Parallelism:   f.parallelism,
		URLRules:      rules,
		DataDir:       dataDir,
		Logger:        logger,
		Archive:       !f.noArchive,
		Full:          f.full,
		PatternBudget: f.patternBudget,
	}, nil
}

func runCrawl(ctx context.Context, env *environ, args []string) error {
	fs := newFlagSet(env, "crawl", "", `Fetches the seeds and everything they link on the allowed hosts (pages and
PDF/DOC/DOCX/XLS/XLSX/ODT/ODS/RTF documents), extracts records and indexes them
into the data directory. Obeys robots.txt. Single URLs that fail are counted
and listed in the report (DIR/crawl-report.json); the exit status is non-zero
only when the crawl itself cannot run.`)
	var cf crawlFlags
	cf.register(fs)
	data := fs.String("data", "", "data directory for the index and crawl state (required; created if missing)")
	logLevel := fs.String("log-level", "info", "log detail: debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *data == "" {
		fmt.Fprintln(env.stderr, "ngosearch crawl: --data is required")
		fs.Usage()
		return errUsage
	}
	logger, err := newLogger(env.stderr, *logLevel)
	if err != nil {
		return err
	}
	cfg, err := cf.config(*data, logger)
	if err != nil {
		return err
	}
	rep, err := crawlInto(ctx, *data, cfg, logger, env.stderr)
	if err != nil {
		return err
	}
	printReport(env.stdout, rep)
	return nil
}

// crawlReport is what a crawl did, printed and saved as JSON.
type crawlReport struct {
	*crawler.Report
	Pipeline pipelineCounts `json:"pipeline"`
}

// crawlInto runs one crawl into the data directory dir, showing progress
// on progressW (nil: none).
func crawlInto(ctx context.Context, dir string, cfg crawler.Config, logger *slog.Logger, progressW io.Writer) (*crawlReport, error) {
	ix, err := createIndex(dir, logger)
	if err != nil {
		return nil, err
	}
	p := newPipeline(ix, logger)
	if progressW != nil {
		pr := newProgress(progressW, func() int { return p.counts().Documents })
		cfg.Progress = pr.update
		defer pr.done()
	}
	rep, err := crawlWith(ctx, cfg, p)
	if cerr := ix.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("closing index: %w", cerr)
	}
	if err != nil {
		return nil, err
	}
	out := &crawlReport{Report: rep, Pipeline: p.counts()}
	if err := writeJSON(filepath.Join(dir, "crawl-report.json"), out); err != nil {
		return nil, err
	}
	return out, nil
}

func crawlWith(ctx context.Context, cfg crawler.Config, sink crawler.Sink) (*crawler.Report, error) {
	c, err := crawler.New(cfg, sink)
	if err != nil {
		return nil, fmt.Errorf("configuring crawler: %w", err)
	}
	rep, err := c.Run(ctx)
	if err != nil {
		return nil, fmt.Errorf("crawling: %w", err)
	}
	return rep, nil
}

// writeJSON writes v to path atomically (temporary file, then rename).
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", filepath.Base(path), err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func printReport(w io.Writer, r *crawlReport) {
	fmt.Fprintf(w, "crawl finished in %s: %d fetched, %d documents indexed, %d grants, %d failed, %d refused\n",
		r.Finished.Sub(r.Started).Round(time.Millisecond), r.Fetched, r.Pipeline.Documents, r.Pipeline.Grants, r.Failed, len(r.Refused))
	if r.Unchanged > 0 || r.Removed > 0 || r.Pending > 0 {
		fmt.Fprintf(w, "  %d unchanged since the last crawl, %d removed, %d left pending (run again to resume)\n", r.Unchanged, r.Removed, r.Pending)
	}
	printCounts(w, "by host", r.ByHost)
	byStatus := map[string]int{}
	for s, n := range r.ByStatus {
		byStatus[strconv.Itoa(s)] = n
	}
	printCounts(w, "by status", byStatus)
	printCounts(w, "by kind", r.ByKind)
	printCounts(w, "kept unchecked, on hosts outside this crawl", r.OutOfScope)
	for i, f := range r.Failures {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more failures: see crawl-report.json\n", len(r.Failures)-i)
			break
		}
		fmt.Fprintf(w, "  failed: %s: %s\n", f.URL, f.Reason)
	}
}

func printCounts(w io.Writer, title string, m map[string]int) {
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "  %s:", title)
	for _, k := range keys {
		fmt.Fprintf(w, " %s %d,", k, m[k])
	}
	fmt.Fprintln(w)
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, errors.Join(errUsage, fmt.Errorf("--log-level %q: use debug, info, warn or error", level))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}
