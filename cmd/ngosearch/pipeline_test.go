package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
)

// TestGroupCommit: concurrent callers share writes of at most
// maxCommitDocs entries, each entry is written once, a caller returns only
// after the write holding its entry, and a failed write fails exactly its
// own entries.
func TestGroupCommit(t *testing.T) {
	var c groupCommit
	var mu sync.Mutex
	written := map[string]int{}
	var sizes []int
	errBad := errors.New("disk full")
	write := func(es []entry) error {
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		sizes = append(sizes, len(es))
		failed := false
		for _, e := range es {
			written[e.doc.ID]++
			failed = failed || e.doc.ID == "bad"
		}
		if failed {
			return errBad
		}
		return nil
	}
	const callers = 200
	failedWith := map[string]bool{}
	var wg sync.WaitGroup
	for i := range callers {
		id := fmt.Sprint(i)
		if i == 150 {
			id = "bad"
		}
		wg.Go(func() {
			err := c.do(entry{doc: model.Document{ID: id}}, write)
			mu.Lock()
			defer mu.Unlock()
			if written[id] != 1 {
				t.Errorf("%s: returned with its entry written %d times", id, written[id])
			}
			if err != nil {
				if !errors.Is(err, errBad) {
					t.Errorf("%s: %v", id, err)
				}
				failedWith[id] = true
			}
		})
	}
	wg.Wait()
	if len(written) != callers {
		t.Errorf("%d entries written, want %d", len(written), callers)
	}
	for _, n := range sizes {
		if n > maxCommitDocs {
			t.Errorf("a write of %d entries, more than %d", n, maxCommitDocs)
		}
	}
	if c.writes != len(sizes) || c.writes >= callers/2 {
		t.Errorf("%d writes (sizes %v) for %d concurrent callers: not grouped", c.writes, sizes, callers)
	}
	if !failedWith["bad"] || len(failedWith) > maxCommitDocs {
		t.Errorf("failed callers: %d (bad among them: %v); want the bad one's write only", len(failedWith), failedWith["bad"])
	}
}

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
	if p.commit.writes >= got.Documents {
		t.Errorf("%d writes for %d documents stored by 8 goroutines: not grouped", p.commit.writes, got.Documents)
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
	t.Logf("%d documents, %d grants in %d writes", got.Documents, st.Grants, p.commit.writes)
}
