package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
)

// TestPipelineConcurrentStores stores the sample site from many goroutines
// at once, as a crawl with parallelism does: each document is in the index
// when its Store returns, the Stores share writes, and the documents and
// grants are those of an import of the same files.
func TestPipelineConcurrentStores(t *testing.T) {
	var rs []*crawler.Response
	err := crawler.WalkMirror(filepath.Join("..", "..", "testdata", "site"), crawler.MirrorOptions{}, func(r *crawler.Response) error {
		if c, err := model.DefaultURLRules().Canonical(r.URL); err == nil {
			r.URL, r.FinalURL = c, c
		}
		rs = append(rs, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	logger := slog.New(slog.DiscardHandler)

	// The reference: one goroutine, import batches.
	ref, err := index.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	rp := newPipeline(ref, logger)
	rp.batch = 500
	failed := map[string]bool{} // the sample's broken files
	for _, r := range rs {
		if err := rp.Store(ctx, r); err != nil {
			failed[r.URL] = true
		}
	}
	if err := rp.flush(ctx); err != nil {
		t.Fatal(err)
	}
	isDoc := map[string]bool{}
	for _, r := range rs {
		if _, err := ref.Document(ctx, model.DocID(r.URL)); err == nil {
			isDoc[r.URL] = true
		}
	}
	if rp.counts().Grants == 0 || len(isDoc) < 10 {
		t.Fatalf("the sample yields %d documents and %d grants: too few to test", len(isDoc), rp.counts().Grants)
	}

	ix, err := index.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	p := newPipeline(ix, logger)
	work := make(chan *crawler.Response)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for r := range work {
				if err := p.Store(ctx, r); err != nil || failed[r.URL] {
					if err == nil || !failed[r.URL] {
						t.Errorf("%s: %v (an import: failed %v)", r.URL, err, failed[r.URL])
					}
					continue
				}
				if _, err := ix.Document(ctx, model.DocID(r.URL)); isDoc[r.URL] && err != nil {
					t.Errorf("%s: Store returned before its document was indexed: %v", r.URL, err)
				}
			}
		})
	}
	for _, r := range rs {
		work <- r
	}
	close(work)
	wg.Wait()

	got, want := p.counts(), rp.counts()
	if got != want {
		t.Errorf("counts %+v, an import %+v", got, want)
	}
	if p.commit.Writes() >= got.Documents {
		t.Errorf("%d writes for %d documents stored by 8 goroutines: not grouped", p.commit.Writes(), got.Documents)
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rst, err := ref.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != rst.Documents || st.Grants != rst.Grants || st.Grants == 0 {
		t.Errorf("index holds %d documents, %d grants; an import %d, %d", st.Documents, st.Grants, rst.Documents, rst.Grants)
	}
	t.Logf("%d documents, %d grants in %d writes", got.Documents, st.Grants, p.commit.Writes())
}
