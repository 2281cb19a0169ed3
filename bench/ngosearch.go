package bench

// This file is the only one that knows the index package's API: when the
// index changes, only the adapter below changes with it.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
	"github.com/krakow-ngo/ngosearch/server"
)

// ngoEngine runs ngosearch's own index (bleve, Polish analysis) in process.
type ngoEngine struct {
	dir string
	ix  *index.Index
	log *slog.Logger
	// writers > 1 splits each batch over that many concurrent Put calls.
	writers int
}

func newNgosearch(dir string, logger *slog.Logger) (*ngoEngine, error) {
	ix, err := index.Open(dir, logger)
	if err != nil {
		return nil, fmt.Errorf("opening ngosearch index: %w", err)
	}
	return &ngoEngine{dir: dir, ix: ix, log: logger, writers: 1}, nil
}

func (e *ngoEngine) Name() string { return "ngosearch" }

func (e *ngoEngine) Index(ctx context.Context, items []Item) error {
	if e.writers > 1 {
		errs := make([]error, e.writers)
		var wg sync.WaitGroup
		for w := range e.writers {
			lo, hi := w*len(items)/e.writers, (w+1)*len(items)/e.writers
			wg.Go(func() { errs[w] = e.put(ctx, items[lo:hi]) })
		}
		wg.Wait()
		return errors.Join(errs...)
	}
	return e.put(ctx, items)
}

func (e *ngoEngine) put(ctx context.Context, items []Item) error {
	docs := make([]model.Document, len(items))
	for i := range items {
		docs[i] = items[i].Doc
	}
	if err := e.ix.Put(ctx, docs); err != nil {
		return err
	}
	grants := make(map[string][]model.Grant, len(items))
	for i := range items {
		grants[items[i].Doc.ID] = items[i].Grants
	}
	return e.ix.PutGrantsBatch(ctx, grants)
}

func (e *ngoEngine) Flush(context.Context) error {
	err := e.ix.Close()
	e.ix = nil
	return err
}

func (e *ngoEngine) Reopen(context.Context) error {
	ix, err := index.Open(e.dir, e.log)
	if err != nil {
		return fmt.Errorf("reopening ngosearch index: %w", err)
	}
	e.ix = ix
	return nil
}

func (e *ngoEngine) request(q Query) model.SearchRequest {
	// Facets only where the peers count them too: the filtered class.
	r := model.SearchRequest{Query: q.Text(), Page: 1, Size: 10, NoFacets: q.Class != QFiltered}
	if q.Class == QFiltered {
		r.Types = []model.DocType{q.Type}
		r.Years = q.Years()
	}
	return r
}

func (e *ngoEngine) Search(ctx context.Context, q Query) (int, error) {
	res, err := e.ix.Search(ctx, e.request(q))
	if err != nil {
		return 0, err
	}
	return int(res.Total), nil
}

func (e *ngoEngine) Suggest(ctx context.Context, prefix string) (int, error) {
	s, err := e.ix.Suggest(ctx, prefix, 8)
	return len(s), err
}

func (e *ngoEngine) Size(context.Context) (int64, error) { return dirSize(e.dir) }

func (e *ngoEngine) Count(ctx context.Context) (int, error) {
	st, err := e.ix.Stats(ctx)
	return int(st.Documents), err
}

func (e *ngoEngine) PIDs() []int { return []int{0} }

func (e *ngoEngine) Close() error {
	if e.ix == nil {
		return nil
	}
	err := e.ix.Close()
	e.ix = nil
	return err
}

// handler is ngosearch's real HTTP server over the open index.
func (e *ngoEngine) handler(logger *slog.Logger) (http.Handler, error) {
	return server.New(server.Config{Logger: logger}, e.ix)
}
