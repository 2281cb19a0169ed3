package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
	"github.com/krakow-ngo/ngosearch/server"
)

// serverFlags are the flags of "serve" and "run" that configure the HTTP side.
type serverFlags struct {
	addr           string
	corsOrigins    stringList
	rateLimit      float64
	rateBurst      int
	trustedProxies stringList
	searchCache    int
	publicURL      string
}

// defaultSearchCache is how many recent search results a server keeps.
const defaultSearchCache = 512

func (f *serverFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "HOST:PORT to listen on")
	fs.Var(&f.corsOrigins, "cors-origin", "origin allowed to call the read-only API from a browser, e.g. https://www.krakow.pl (repeatable; default: any origin)")
	fs.Float64Var(&f.rateLimit, "rate-limit", 0, "requests per second one client may make to /api (0: no limit)")
	fs.IntVar(&f.rateBurst, "rate-burst", 0, "burst above --rate-limit (default: twice the rate)")
	fs.Var(&f.trustedProxies, "trusted-proxy", "address or CIDR of a reverse proxy whose X-Forwarded-For names the client (repeatable; default: none)")
	fs.IntVar(&f.searchCache, "search-cache", defaultSearchCache, "recent search results kept in memory, emptied by every index write (0: none)")
	fs.StringVar(&f.publicURL, "public-url", "", "address readers reach the service at, e.g. https://ngo.krakow.pl/szukaj, for the absolute links of feeds, OpenSearch and the data package (default: each request's scheme and Host)")
}

// adminTokenEnv names the environment variable holding the admin token (an
// environment variable, not a flag, so it does not show in ps).
const adminTokenEnv = "NGOSEARCH_ADMIN_TOKEN"

func (f *serverFlags) config(env *environ, dir string, logger *slog.Logger, admin func(context.Context, string) error) server.Config {
	cfg := server.Config{Logger: logger, RateLimit: f.rateLimit, RateBurst: f.rateBurst,
		TrustedProxies: f.trustedProxies, AdminToken: env.getenv(adminTokenEnv), Admin: admin,
		Archived: archivedReader(dir), PublicURL: f.publicURL}
	if len(f.corsOrigins) > 0 {
		cfg.CORSOrigins = f.corsOrigins
	}
	return cfg
}

// archivedReader reads archived responses from DIR's WARC archive.
func archivedReader(dir string) func(context.Context, int64) (http.Header, []byte, error) {
	path := filepath.Join(dir, crawler.ArchiveFile)
	return func(_ context.Context, off int64) (http.Header, []byte, error) {
		r, err := crawler.ReadArchived(path, off)
		if err != nil {
			return nil, nil, err
		}
		return r.Header, r.Body, nil
	}
}

// jobs runs the long jobs of a serving process, one at a time: a recrawl
// and a rebuild both write the index and the archive.
type jobs struct {
	dir    string
	ix     *index.Index
	crawl  *crawler.Config // nil: this process cannot recrawl (serve)
	logger *slog.Logger
	out    io.Writer
	mu     sync.Mutex
	busy   bool
	wg     sync.WaitGroup
}

// start runs job in the background, or says the process is busy.
func (j *jobs) start(ctx context.Context, job string) error {
	var fn func(context.Context) error
	switch job {
	case "recrawl":
		if j.crawl == nil {
			return fmt.Errorf("%w: recrawl needs \"ngosearch run\", which knows the crawl settings", errNotSupported)
		}
		fn = j.recrawl
	case "rebuild":
		fn = j.rebuild
	case "backup":
		fn = j.backup
	default:
		return fmt.Errorf("%w: unknown job %q", errNotSupported, job)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.busy {
		return server.ErrAdminBusy
	}
	j.busy = true
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		start := time.Now()
		j.logger.Info("job started", "job", job)
		if err := fn(ctx); err != nil {
			j.logger.Error("job failed", "job", job, "err", err)
		} else {
			j.logger.Info("job finished", "job", job, "took", time.Since(start).Round(time.Millisecond))
		}
		j.mu.Lock()
		j.busy = false
		j.mu.Unlock()
	}()
	return nil
}

// errNotSupported is a 400 to the admin client.
var errNotSupported = fmt.Errorf("%w: not supported here", model.ErrBadRequest)

func (j *jobs) recrawl(ctx context.Context) error {
	p := newPipeline(j.ix, j.logger)
	rep, err := crawlWith(ctx, *j.crawl, p)
	if err != nil {
		return err
	}
	out := &crawlReport{Report: rep, Pipeline: p.counts()}
	printReport(j.out, out)
	return writeJSON(filepath.Join(j.dir, "crawl-report.json"), out)
}

func (j *jobs) rebuild(ctx context.Context) error {
	next, err := index.OpenNew(filepath.Join(j.dir, "index"), j.logger)
	if err != nil {
		return err
	}
	if _, err := fillFromArchive(ctx, j.dir, next, j.logger); err != nil {
		next.Close()
		return err
	}
	return j.ix.Swap(next)
}

// backup writes a complete, servable copy of the data directory to
// DIR/backups/TIME while serving: the index through bleve's online copy, and
// the crawl state, archive and report as files (no crawl runs meanwhile:
// jobs run one at a time). Restore: serve the backup directory, or copy it
// over DIR with the server stopped.
func (j *jobs) backup(ctx context.Context) error {
	dst := filepath.Join(j.dir, "backups", time.Now().UTC().Format("20060102T150405Z"))
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return fmt.Errorf("creating backup directory: %w", err)
	}
	if err := j.ix.Backup(filepath.Join(dst, "index")); err != nil {
		return err
	}
	for _, name := range []string{crawler.StateFile, crawler.ArchiveFile, "crawl-report.json"} {
		if err := copyFile(filepath.Join(j.dir, name), filepath.Join(dst, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("backing up %s: %w", name, err)
		}
	}
	fmt.Fprintf(j.out, "backup written to %s\n", dst)
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func runRun(ctx context.Context, env *environ, args []string) error {
	fs := newFlagSet(env, "run", "", `Serves the API and search page from DIR and keeps the index current: it
crawls once at start (unless --no-initial-crawl) and then every --every.
With NGOSEARCH_ADMIN_TOKEN set in the environment (16+ characters),
POST /admin/recrawl, /admin/rebuild and /admin/backup (header
"Authorization: Bearer TOKEN") start a recrawl, a rebuild from the archive,
or an online backup to DIR/backups/TIME (a complete data directory: serve it,
or copy it over DIR with the server stopped, to restore) while serving.
Takes every flag of "crawl" and "serve".`)
	var cf crawlFlags
	cf.register(fs)
	var sf serverFlags
	sf.register(fs)
	data := fs.String("data", "", "data directory (required; created if missing)")
	every := fs.Duration("every", 6*time.Hour, "time between two crawls (0: only at start and on /admin/recrawl)")
	noInitial := fs.Bool("no-initial-crawl", false, "do not crawl at start; serve what DIR holds")
	logLevel := fs.String("log-level", "info", "log detail: debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *data == "" {
		fmt.Fprintln(env.stderr, "ngosearch run: --data is required")
		fs.Usage()
		return errUsage
	}
	if *every < 0 || (*every > 0 && *every < time.Minute) {
		fmt.Fprintln(env.stderr, "ngosearch run: --every must be 0 or at least 1m")
		return errUsage
	}
	logger, err := newLogger(env.stderr, *logLevel)
	if err != nil {
		return err
	}
	ix, err := createIndex(*data, logger)
	if err != nil {
		return err
	}
	defer ix.Close()
	ccfg, err := cf.config(*data, logger)
	if err != nil {
		return err
	}
	j := &jobs{dir: *data, ix: ix, crawl: &ccfg, logger: logger, out: env.stdout}
	defer j.wg.Wait()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		if !*noInitial {
			if err := j.start(ctx, "recrawl"); err != nil {
				logger.Error("initial crawl", "err", err)
			}
		}
		if *every == 0 {
			return
		}
		t := time.NewTicker(*every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := j.start(ctx, "recrawl"); errors.Is(err, server.ErrAdminBusy) {
					logger.Warn("scheduled crawl skipped: the previous job still runs")
				}
			}
		}
	}()
	ix.SetSearchCache(sf.searchCache)
	return serve(ctx, env.stdout, sf.addr, ix, sf.config(env, *data, logger, j.start), logger, nil)
}
