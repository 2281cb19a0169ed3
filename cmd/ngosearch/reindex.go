package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
)

func runIndex(ctx context.Context, env *environ, args []string) error {
	fs := newFlagSet(env, "index", "", `Builds the index without the network.

  --rebuild     re-extracts every response kept in DIR/archive.warc.gz into a
                new index built beside the live one, then swaps it in
                atomically (searches never see a half-built index). Use it
                after an upgrade changes extraction or the index mapping.
  --from PATH   imports a WARC file (.warc or .warc.gz, e.g. from wget
                --warc-file or another crawler) or a folder written by
                "wget --mirror" (host/path files) into DIR's index.

Stop "ngosearch serve" on DIR first (one process holds an index), or use
"ngosearch run", whose admin endpoint rebuilds while it serves.`)
	data := fs.String("data", "", "data directory (required; created for --from if missing)")
	rebuild := fs.Bool("rebuild", false, "rebuild the index from DIR's archive")
	var from stringList
	fs.Var(&from, "from", "WARC file or wget mirror folder to import (repeatable)")
	scheme := fs.String("scheme", "https", "scheme of the URLs of a mirror folder (wget does not record it)")
	logLevel := fs.String("log-level", "info", "log detail: debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *data == "":
		fmt.Fprintln(env.stderr, "ngosearch index: --data is required")
	case !*rebuild && len(from) == 0:
		fmt.Fprintln(env.stderr, "ngosearch index: give --rebuild or --from PATH")
	case *rebuild && len(from) > 0:
		fmt.Fprintln(env.stderr, "ngosearch index: --rebuild and --from do not go together: rebuild first, then import")
	default:
		logger, err := newLogger(env.stderr, *logLevel)
		if err != nil {
			return err
		}
		var res *importResult
		if *rebuild {
			res, err = rebuildIndex(ctx, *data, logger)
		} else {
			res, err = importInto(ctx, *data, from, *scheme, logger)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "indexed %d documents and %d grants from %d responses in %s; %d skipped, %d failed\n",
			res.counts.Documents, res.counts.Grants, res.responses, res.took.Round(time.Millisecond), res.counts.Skipped, len(res.failures))
		printFailures(env.stdout, res.failures)
		return nil
	}
	fs.Usage()
	return errUsage
}

type importResult struct {
	responses int
	counts    pipelineCounts
	failures  []crawler.Failure
	took      time.Duration
}

func printFailures(w io.Writer, fails []crawler.Failure) {
	for i, f := range fails {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more\n", len(fails)-i)
			return
		}
		fmt.Fprintf(w, "  failed: %s: %s\n", f.URL, f.Reason)
	}
}

// feed hands every response of one source (a WARC file or a mirror folder)
// to the pipeline; a response that fails is recorded and the import goes on.
// own says src is this data directory's archive, whose record offsets the
// documents keep; an imported file's offsets mean nothing here.
func feed(ctx context.Context, src, scheme string, own bool, p *pipeline, res *importResult, logger *slog.Logger) error {
	handle := func(r *crawler.Response) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.Status < 200 || r.Status > 299 {
			return nil // kept for the record; not a document
		}
		if c, err := model.DefaultURLRules().Canonical(r.URL); err == nil {
			r.URL = c
		}
		res.responses++
		if err := p.Store(ctx, r); err != nil {
			res.failures = append(res.failures, crawler.Failure{URL: r.URL, Reason: err.Error()})
			logger.Warn("failed", "url", r.URL, "err", err)
		}
		return nil
	}
	st, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("reading %s: %w", src, err)
	}
	if st.IsDir() {
		return crawler.WalkMirror(src, crawler.MirrorOptions{Scheme: scheme, Skip: func(path string, err error) {
			logger.Info("skipped", "file", path, "reason", err)
		}}, handle)
	}
	if own {
		return crawler.WalkArchive(src, handle)
	}
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("reading %s: %w", src, err)
	}
	defer f.Close()
	if err := crawler.WalkWARC(f, handle); err != nil {
		return fmt.Errorf("reading %s: %w", src, err)
	}
	return nil
}

func importInto(ctx context.Context, dir string, sources []string, scheme string, logger *slog.Logger) (*importResult, error) {
	start := time.Now()
	ix, err := createIndex(dir, logger)
	if err != nil {
		return nil, err
	}
	p := newPipeline(ix, logger)
	p.batch = 500
	res := &importResult{}
	for _, src := range sources {
		if err = feed(ctx, src, scheme, false, p, res, logger); err != nil {
			break
		}
	}
	if ferr := p.flush(ctx); ferr != nil && err == nil {
		err = ferr
	}
	if cerr := ix.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("closing index: %w", cerr)
	}
	if err != nil {
		return nil, err
	}
	res.counts, res.took = p.counts(), time.Since(start)
	return res, nil
}

// fillFromArchive re-extracts every response in DIR's archive into next
// (an index from index.OpenNew), batch by batch. The live index is not
// touched; the caller swaps next in.
func fillFromArchive(ctx context.Context, dir string, next *index.Index, logger *slog.Logger) (*importResult, error) {
	p := newPipeline(next, logger)
	p.batch = 500
	res := &importResult{}
	err := feed(ctx, filepath.Join(dir, crawler.ArchiveFile), "", true, p, res, logger)
	if ferr := p.flush(ctx); ferr != nil && err == nil {
		err = ferr
	}
	if err != nil {
		return nil, fmt.Errorf("rebuilding (the live index is untouched): %w", err)
	}
	res.counts = p.counts()
	return res, nil
}

// rebuildIndex re-extracts the archive into a new generation and swaps it
// in. The live index keeps answering until the swap.
func rebuildIndex(ctx context.Context, dir string, logger *slog.Logger) (*importResult, error) {
	start := time.Now()
	archive := filepath.Join(dir, crawler.ArchiveFile)
	if _, err := os.Stat(archive); err != nil {
		return nil, fmt.Errorf("no archive to rebuild from (%s): crawl with the archive on (the default) first: %w", archive, err)
	}
	idxDir := filepath.Join(dir, "index")
	live, err := index.Open(idxDir, logger)
	if errors.Is(err, index.ErrVersion) {
		logger.Info("the index has an older mapping; building the new one", "err", err)
		live = nil
	} else if err != nil {
		return nil, fmt.Errorf("opening index in %s: %w", dir, err)
	}
	defer func() {
		if live != nil {
			live.Close()
		}
	}()
	next, err := index.OpenNew(idxDir, logger)
	if err != nil {
		return nil, fmt.Errorf("starting a new index: %w", err)
	}
	res, err := fillFromArchive(ctx, dir, next, logger)
	if err != nil {
		next.Close()
		return nil, err
	}
	if live != nil {
		err = live.Swap(next) // live now serves next's generation
	} else {
		err = next.Promote()
		if cerr := next.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("swapping in the rebuilt index: %w", err)
	}
	res.took = time.Since(start)
	return res, nil
}
