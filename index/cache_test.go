package index

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

func TestSearchCache(t *testing.T) {
	ctx := context.Background()
	ix := rerankCorpus(t, 10)
	ix.SetSearchCache(2)
	r := model.SearchRequest{Query: "świetlica", Size: 5}

	first := doSearch(t, ix, r)
	first.Hits[0].Title = "changed by the caller"
	second := doSearch(t, ix, r)
	if h, m := ix.CacheStats(); h != 1 || m != 1 {
		t.Fatalf("hits %d misses %d after the same search twice, want 1 and 1", h, m)
	}
	if second.Total != 10 || second.Hits[0].Title == "changed by the caller" {
		t.Errorf("cached result: total %d, first title %q", second.Total, second.Hits[0].Title)
	}

	// A write empties the cache: the new document is found at once.
	u := "https://www.krakow.pl/aktualnosci/280000,33,komunikat,swietlica.html"
	if err := ix.Put(ctx, []model.Document{{ID: model.DocID(u), URL: u, Host: "www.krakow.pl", Kind: model.KindHTML,
		Type: model.TypeNews, Title: "Nowa świetlica w Podgórzu", Body: "Otwarto świetlicę.", SHA256: fmt.Sprintf("%064x", 999)}}); err != nil {
		t.Fatal(err)
	}
	if got := doSearch(t, ix, r); got.Total != 11 {
		t.Errorf("after Put: total %d, want 11 (a stale cached result?)", got.Total)
	}

	// Least recently used out first; pages over maxCachedPageSize are not
	// kept.
	doSearch(t, ix, model.SearchRequest{Query: "konkurs", Size: 5})
	doSearch(t, ix, model.SearchRequest{Query: "kultury", Size: 5})
	h0, _ := ix.CacheStats()
	doSearch(t, ix, r) // evicted by the two above
	doSearch(t, ix, model.SearchRequest{Query: "świetlica", Size: 100})
	doSearch(t, ix, model.SearchRequest{Query: "świetlica", Size: 100})
	if h, _ := ix.CacheStats(); h != h0 {
		t.Errorf("%d cache hits for an evicted and an uncacheable search", h-h0)
	}

	// A result computed before a write is not stored after it.
	c := &ix.cache
	_, v, _ := c.get("k")
	c.invalidate()
	c.put("k", v, model.SearchResult{Total: 1})
	if _, _, ok := c.get("k"); ok {
		t.Error("a result from before a write was cached")
	}

	ix.SetSearchCache(0)
	doSearch(t, ix, r)
	doSearch(t, ix, r)
	if h, _ := ix.CacheStats(); h != h0 {
		t.Error("a disabled cache answered")
	}
}

// TestSearchAdmission: with every search slot taken, a search waits, and
// gives up with its context.
func TestSearchAdmission(t *testing.T) {
	ix := rerankCorpus(t, 5)
	for range cap(ix.searching) {
		ix.searching <- struct{}{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := ix.Search(ctx, model.SearchRequest{Query: "świetlica"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("search with all slots taken: %v, want the context's deadline", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := ix.Search(context.Background(), model.SearchRequest{Query: "świetlica"})
		done <- err
	}()
	<-ix.searching // one slot frees
	if err := <-done; err != nil {
		t.Fatalf("search after a slot freed: %v", err)
	}
}
