package bench

// Micro-benchmarks of the paths the end-to-end benchmark exercises, on the
// generated corpus. Compare runs with benchstat:
//
//	go test ./bench -run '^$' -bench . -count 6 > new.txt && benchstat old.txt new.txt

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/extract"
	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
)

var benchSizes = []int{1000, 10000}

func items(b *testing.B, c *Corpus, n int) ([]Item, int64) {
	b.Helper()
	out := make([]Item, n)
	var text int64
	for i := range n {
		out[i] = c.Item(i)
		text += int64(len(out[i].Doc.Title) + len(docText(&out[i])))
	}
	return out, text
}

func BenchmarkCorpusItem(b *testing.B) {
	c := NewCorpus(100000, 1, testPool(b))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = c.Item(i % c.Len())
		i++
	}
}

// BenchmarkIndexPut indexes a batch of BatchSize documents (with their
// grants) into a fresh on-disk index per iteration: analysis, segment
// building and the grant index.
func BenchmarkIndexPut(b *testing.B) {
	c := NewCorpus(1000, 1, testPool(b))
	its, text := items(b, c, index.BatchSize)
	docs := make([]model.Document, len(its))
	for i := range its {
		docs[i] = its[i].Doc
	}
	ctx := context.Background()
	b.SetBytes(text)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		ix, err := index.Open(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := ix.Put(ctx, docs); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkIndexPutGrants(b *testing.B) {
	c := NewCorpus(1000, 1, testPool(b))
	var withGrants []Item
	for i := 0; len(withGrants) < 20 && i < c.Len(); i++ {
		if it := c.Item(i); len(it.Grants) > 0 {
			withGrants = append(withGrants, it)
		}
	}
	ix, err := index.Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		it := withGrants[i%len(withGrants)]
		if err := ix.PutGrants(ctx, it.Doc.ID, it.Grants); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkIndexPutGrantsBatch replaces the grants of many sources in one
// call: sources with grants (as in a results table), and the first
// documents of the corpus as a crawl meets them (most have none, and their
// call only clears stale grants), each also with one PutGrants call per
// source to compare: ns/source and cpu-ns/source.
func BenchmarkIndexPutGrantsBatch(b *testing.B) {
	c := NewCorpus(2000, 1, testPool(b))
	var withGrants []Item
	for i := 0; len(withGrants) < 64 && i < c.Len(); i++ {
		if it := c.Item(i); len(it.Grants) > 0 {
			withGrants = append(withGrants, it)
		}
	}
	var asMet []Item
	for i := range 64 {
		asMet = append(asMet, c.Item(i))
	}
	// oneByOne: a PutGrants call per source, as before the batch API.
	cases := []struct {
		name     string
		items    []Item
		oneByOne bool
	}{
		{"sources=1", withGrants[:1], false},
		{"sources=16", withGrants[:16], false},
		{"sources=64", withGrants[:64], false},
		{"sources=64/one-by-one", withGrants[:64], true},
		{"sources=64/as-crawled", asMet, false},
		{"sources=64/as-crawled/one-by-one", asMet, true},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			ix, err := index.Open(b.TempDir(), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			ctx := context.Background()
			grants := 0
			for _, it := range tc.items {
				grants += len(it.Grants)
			}
			b.ReportAllocs()
			cpu0 := cpuTime([]int{0})
			for b.Loop() {
				if tc.oneByOne {
					for _, it := range tc.items {
						if err := ix.PutGrants(ctx, it.Doc.ID, it.Grants); err != nil {
							b.Fatal(err)
						}
					}
					continue
				}
				bySource := make(map[string][]model.Grant, len(tc.items))
				for _, it := range tc.items {
					bySource[it.Doc.ID] = it.Grants
				}
				if err := ix.PutGrantsBatch(ctx, bySource); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(tc.items)), "ns/source")
			// CPU time (merges included) is steadier than wall time on a
			// shared machine.
			b.ReportMetric(float64((cpuTime([]int{0})-cpu0).Nanoseconds())/float64(b.N*len(tc.items)), "cpu-ns/source")
			b.ReportMetric(float64(grants)/float64(len(tc.items)), "grants/source")
		})
	}
}

// openIndexed builds an on-disk index of the first n documents.
func openIndexed(b *testing.B, n int) (*ngoEngine, []Query) {
	b.Helper()
	p := testPool(b)
	c := NewCorpus(n, 1, p)
	e, err := newNgosearch(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	fill(b, e, c, n)
	if err := e.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	if err := e.Reopen(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	return e, Queries(c, 25)
}

// fill indexes the first n documents of c in batches of index.BatchSize.
func fill(tb testing.TB, e Engine, c *Corpus, n int) {
	tb.Helper()
	for lo := 0; lo < n; lo += index.BatchSize {
		its := make([]Item, 0, index.BatchSize)
		for i := lo; i < min(n, lo+index.BatchSize); i++ {
			its = append(its, c.Item(i))
		}
		if err := e.Index(context.Background(), its); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkSearch runs each query class of the mix against an index of
// the first docs documents.
func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			e, qs := openIndexed(b, n)
			benchClasses(b, e, qs)
		})
	}
}

// benchClasses runs each query class of qs against e as a sub-benchmark.
func benchClasses(b *testing.B, e *ngoEngine, qs []Query) {
	ctx := context.Background()
	for _, cl := range QueryClasses {
		var mine []Query
		for _, q := range qs {
			if q.Class == cl {
				mine = append(mine, q)
			}
		}
		b.Run("class="+string(cl), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				q := mine[i%len(mine)]
				var err error
				if cl == QPrefix {
					_, err = e.Suggest(ctx, q.Words[0])
				} else {
					_, err = e.Search(ctx, q)
				}
				if err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkExtract runs the extraction stage on generated pages: a news
// article, a BIP page and a multi-page PDF report.
func BenchmarkExtract(b *testing.B) {
	c := NewCorpus(100, 1, testPool(b))
	news, bip, rep := c.Item(0), c.Item(8), c.Item(9)
	cases := []struct {
		name, url, ctype string
		body             []byte
	}{
		{"news-html", news.Doc.URL, "text/html; charset=utf-8", []byte(newsHTML(&news.Doc))},
		{"bip-html", bip.Doc.URL, "text/html; charset=utf-8", []byte(bipHTML(&bip.Doc))},
		{fmt.Sprintf("report-pdf-%dp", len(rep.Doc.Pages)), rep.Doc.URL, "application/pdf", PDF(rep.Doc.Title, rep.Doc.Pages)},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			if tc.ctype == "application/pdf" {
				if _, err := exec.LookPath("pdftotext"); err != nil {
					b.Skip("pdftotext not installed")
				}
			}
			in := extract.Input{URL: tc.url, Header: http.Header{"Content-Type": {tc.ctype}}, Body: tc.body, FetchedAt: time.Now()}
			b.SetBytes(int64(len(tc.body)))
			b.ReportAllocs()
			for b.Loop() {
				res, err := extract.From(context.Background(), in)
				if err != nil {
					b.Fatal(err)
				}
				if res.Document == nil {
					b.Fatalf("no document: %s", res.Skipped)
				}
			}
		})
	}
}

// BenchmarkSQLiteSearch and BenchmarkMirrorPDF give the peers' and the
// generator's costs a benchstat baseline too.
func BenchmarkSQLiteSearch(b *testing.B) {
	p := testPool(b)
	c := NewCorpus(1000, 1, p)
	e, err := newSQLite(b.TempDir(), 1)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	its, _ := items(b, c, 1000)
	if err := e.Index(ctx, its); err != nil {
		b.Fatal(err)
	}
	if err := e.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	if err := e.Reopen(ctx); err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	qs := Queries(c, 25)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		if q.Class == QPrefix {
			_, err = e.Suggest(ctx, q.Words[0])
		} else {
			_, err = e.Search(ctx, q)
		}
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkMirrorPDF(b *testing.B) {
	rep := NewCorpus(100, 1, testPool(b)).Item(9)
	b.ReportAllocs()
	for b.Loop() {
		_ = PDF(rep.Doc.Title, rep.Doc.Pages)
	}
}
