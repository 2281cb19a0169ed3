package index

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/krakow-ngo/ngosearch/model"
)

// synthDocs makes n realistic documents by recombining the corpus'
// sentences: ~3 KB of Polish text each, a third of them paged.
func synthDocs(tb testing.TB, n int) []model.Document {
	tb.Helper()
	_, base := corpus(tb)
	var sentences []string
	for _, d := range base {
		for _, s := range strings.Split(d.Text(), ". ") {
			if len(s) > 20 {
				sentences = append(sentences, s)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	text := func(bytes int) string {
		var b strings.Builder
		for b.Len() < bytes {
			b.WriteString(sentences[r.IntN(len(sentences))])
			b.WriteString(". ")
		}
		return b.String()
	}
	types := model.DocTypes
	docs := make([]model.Document, n)
	for i := range docs {
		u := fmt.Sprintf("https://www.bip.krakow.pl/?dok_id=%d", 500000+i)
		d := model.Document{
			ID: model.DocID(u), URL: u, Host: "www.bip.krakow.pl", Kind: model.KindHTML,
			Type:      types[i%len(types)].Type,
			Title:     text(60),
			Lead:      text(200),
			Published: time.Date(2015+i%10, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC),
			SHA256:    fmt.Sprintf("%064x", i),
		}
		if i%3 == 0 {
			d.Kind = model.KindPDF
			d.Pages = []string{text(1000), text(1000), text(1000)}
		} else {
			d.Body = text(3000)
		}
		docs[i] = d
	}
	return docs
}

func BenchmarkAnalyze(b *testing.B) {
	ix, err := Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	text := []byte(synthDocs(b, 1)[0].Text())
	for _, a := range []struct {
		name string
		fn   func([]byte) int
	}{
		{"stem", func(t []byte) int { return len(ix.gen.an.stem.Analyze(t)) }},
		{"exact", func(t []byte) int { return len(ix.gen.an.exact.Analyze(t)) }},
		{"fold", func(t []byte) int { return len(ix.gen.an.fold.Analyze(t)) }},
		{"light", func(t []byte) int { return len(ix.gen.an.light.Analyze(t)) }},
	} {
		b.Run(a.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				a.fn(text)
			}
		})
	}
}

func BenchmarkPut(b *testing.B) {
	for _, n := range []int{100, 500} {
		docs := synthDocs(b, n)
		size := 0
		for _, d := range docs {
			size += len(d.Text()) + len(d.Title)
		}
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			var onDisk int64
			b.ReportAllocs()
			b.SetBytes(int64(size))
			for b.Loop() {
				b.StopTimer()
				ix, err := Open(b.TempDir(), nil)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := ix.Put(context.Background(), docs); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if err := ix.Close(); err != nil {
					b.Fatal(err)
				}
				onDisk = dirSize(b, ix.dir)
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(onDisk)/float64(size), "disk/text")
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	const n = 2000
	ix, err := Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(context.Background(), synthDocs(b, n)); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		"seniorzy",
		"konkurs ofert pomoc społeczna",
		"bezdomnosc",
		`"Centrum Aktywności Seniora"`,
		"KDO typ:uchwała rok:2019-2021",
		"senjorzy sprawozdnie",
	} {
		b.Run(fmt.Sprintf("docs=%d/%s", n, q), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ix.Search(context.Background(), model.SearchRequest{Query: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, p := range []string{"se", "konkurs of", "lod"} {
		b.Run(fmt.Sprintf("docs=%d/suggest=%s", n, p), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ix.Suggest(context.Background(), p, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func dirSize(tb testing.TB, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// BenchmarkRecency reads the publication dates of 100 hits scattered over
// 50,000 documents, as the re-rank does, from the date's doc values in
// bleve's default layout (chunks of 1,024 documents, compressed: what
// Batch.Index writes) and in the layout bleveDoc writes (one document per
// chunk, uncompressed).
func BenchmarkRecency(b *testing.B) {
	const n = 50000
	docs := make([]model.Document, n)
	for i := range docs {
		docs[i] = newsDoc(i, "www.krakow.pl", "Organizacje pozarządowe.")
		docs[i].Published = time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 2 * time.Hour)
	}
	r := rand.New(rand.NewPCG(3, 4))
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = docs[r.IntN(n)].ID
	}
	for _, layout := range []string{"chunked", "direct"} {
		b.Run("layout="+layout, func(b *testing.B) {
			dir := b.TempDir()
			ix, err := Open(dir, nil)
			if err != nil {
				b.Fatal(err)
			}
			g := ix.gen
			for start := 0; start < n; start += 1000 {
				batch := g.docs.NewBatch()
				for i := start; i < start+1000; i++ {
					d := &docs[i]
					if layout == "direct" {
						err = g.indexDoc(batch, d, false, "")
					} else {
						err = indexDefaultLayout(batch, d)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				if err := g.docs.Batch(batch); err != nil {
					b.Fatal(err)
				}
			}
			if err := ix.Close(); err != nil {
				b.Fatal(err)
			}
			size := dirSize(b, dir)
			if ix, err = Open(dir, nil); err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			g = ix.gen
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				boost, err := g.recency(ctx, ids)
				if err != nil || len(boost) == 0 {
					b.Fatalf("recency: %d dates, %v", len(boost), err)
				}
			}
			b.ReportMetric(float64(size)/n, "disk-B/doc") // after b.Loop, which resets metrics
		})
	}
}

// indexDefaultLayout adds d to b as bleve's mapping alone indexes it, the
// way indexDoc did before bleveDoc: every doc value in chunks of 1,024
// documents, compressed.
func indexDefaultLayout(b *bleve.Batch, d *model.Document) error {
	data, err := docData(d, false, "")
	if err != nil {
		return err
	}
	return b.Index(d.ID, data)
}
