package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/server"
)

func runDemo(ctx context.Context, env *environ, args []string) error {
	fs := newFlagSet(env, "demo", "", `Needs no network. Serves the bundled sample of www.krakow.pl, ngo.krakow.pl
and www.bip.krakow.pl (testdata/site) on loopback, crawls it through the real
crawler into a data directory, then serves the search page and the API and
prints the URL to open. Try: sprawozdanie współpraca 2019`)
	addr := fs.String("addr", "127.0.0.1:8080", "HOST:PORT for the search page and API")
	data := fs.String("data", "", "data directory to crawl into and keep (default: a temporary one, removed on exit)")
	logLevel := fs.String("log-level", "warn", "log detail: debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	logger, err := newLogger(env.stderr, *logLevel)
	if err != nil {
		return err
	}
	sample, err := ngosearch.StartSample(ngosearch.SampleSite())
	if err != nil {
		return fmt.Errorf("starting the sample site: %w", err)
	}
	defer sample.Close()
	dir := *data
	if dir == "" {
		if dir, err = os.MkdirTemp("", "ngosearch-demo-"); err != nil {
			return fmt.Errorf("creating a temporary data directory: %w", err)
		}
		defer os.RemoveAll(dir)
	}
	fmt.Fprintf(env.stdout, "sample site: %v\ncrawling it into %s ...\n", sample.Seeds(), dir)
	cf := crawlFlags{seeds: sample.Seeds(), allowHosts: sample.AllowHosts(), delay: time.Millisecond,
		maxBodyMiB: 200, timeout: time.Minute, parallelism: 2, patternBudget: 2000}
	cfg, err := cf.config(dir, logger)
	if err != nil {
		return err
	}
	rep, err := crawlInto(ctx, dir, cfg, logger, nil)
	if err != nil {
		return err
	}
	printReport(env.stdout, rep)
	ix, err := openIndex(dir, logger)
	if err != nil {
		return err
	}
	defer ix.Close()
	ix.SetSearchCache(defaultSearchCache)
	return serve(ctx, env.stdout, *addr, ix, server.Config{Logger: logger, Archived: archivedReader(dir)}, logger, nil)
}
