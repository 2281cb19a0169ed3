package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/server"
)

func runServe(ctx context.Context, env *environ, args []string) error {
	fs := newFlagSet(env, "serve", "", `Serves the JSON API (/api/search, /api/grants, /api/documents/ID,
/api/suggest, /healthz) and the residents' search page (/) from the index in
the data directory, until interrupted (Ctrl-C or SIGTERM shut it down
gracefully). With NGOSEARCH_ADMIN_TOKEN set in the environment (16+
characters), POST /admin/rebuild and /admin/backup (header "Authorization:
Bearer TOKEN") rebuild the index from the archive, or write an online backup
to DIR/backups/TIME, while serving.`)
	data := fs.String("data", "", "data directory written by \"ngosearch crawl\" (required)")
	var sf serverFlags
	sf.register(fs)
	logLevel := fs.String("log-level", "info", "log detail: debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *data == "" {
		fmt.Fprintln(env.stderr, "ngosearch serve: --data is required")
		fs.Usage()
		return errUsage
	}
	logger, err := newLogger(env.stderr, *logLevel)
	if err != nil {
		return err
	}
	ix, err := openIndex(*data, logger)
	if err != nil {
		return err
	}
	defer ix.Close()
	j := &jobs{dir: *data, ix: ix, logger: logger, out: env.stdout}
	defer j.wg.Wait()
	ix.SetSearchCache(sf.searchCache)
	return serve(ctx, env.stdout, sf.addr, ix, sf.config(env, *data, logger, j.start), logger, nil)
}

// openIndex opens the index of an existing data directory.
func openIndex(dir string, logger *slog.Logger) (*index.Index, error) {
	path := filepath.Join(dir, "index")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no index in %s (run \"ngosearch crawl --data %s\" first): %w", dir, dir, err)
	}
	ix, err := index.Open(path, logger)
	if err != nil {
		return nil, fmt.Errorf("opening index in %s: %w", dir, err)
	}
	return ix, nil
}

// createIndex opens the index of data directory dir for writing, creating
// the directory and the index when they are missing.
func createIndex(dir string, logger *slog.Logger) (*index.Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	ix, err := index.Open(filepath.Join(dir, "index"), logger)
	if err != nil {
		return nil, fmt.Errorf("opening index in %s: %w", dir, err)
	}
	return ix, nil
}

// serve listens on addr and serves ix until ctx ends, then shuts down
// gracefully. ready, when not nil, receives the URL once the listener is up.
func serve(ctx context.Context, stdout io.Writer, addr string, ix server.Index, cfg server.Config, logger *slog.Logger, ready chan<- string) error {
	h, err := server.New(cfg, ix)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "serving on %s (Ctrl-C to stop)\n", url)
	if ready != nil {
		ready <- url
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}
