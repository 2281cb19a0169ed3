package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
)

// topTitles opens the index in dir and returns the titles of the first hits.
func topTitles(t *testing.T, dir, q string) (uint64, []string) {
	t.Helper()
	ix, err := index.Open(filepath.Join(dir, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), model.SearchRequest{Query: q, Page: 1, Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, h := range res.Hits {
		titles = append(titles, h.Title)
	}
	return res.Total, titles
}

func docCount(t *testing.T, dir string) uint64 {
	t.Helper()
	ix, err := index.Open(filepath.Join(dir, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Documents
}

func TestRebuildAndImport(t *testing.T) {
	dir, _, _ := crawlSample(t)
	before := docCount(t, dir)
	if before < 40 {
		t.Fatalf("crawl indexed %d documents", before)
	}
	archive := filepath.Join(dir, crawler.ArchiveFile)
	if st, err := os.Stat(archive); err != nil || st.Size() == 0 {
		t.Fatalf("no WARC archive after the crawl: %v", err)
	}

	t.Run("rebuild", func(t *testing.T) {
		out, errOut, err := runArgs("index", "--data", dir, "--rebuild", "--log-level", "warn")
		if err != nil {
			t.Fatalf("rebuild: %v\n%s", err, errOut)
		}
		if got := docCount(t, dir); got != before {
			t.Errorf("after rebuild %d documents, before %d\n%s", got, before, out)
		}
		if _, titles := topTitles(t, dir, "sprawozdanie współpraca 2019"); !contains(titles, "Sprawozdanie ze współpracy miasta z NGO w roku 2019") {
			t.Errorf("rebuilt index lost the 2019 article: %q", titles)
		}
		ix, err := index.Open(filepath.Join(dir, "index"), nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(context.Background(), model.SearchRequest{Query: "sprawozdanie", Page: 1, Size: 5})
		if err == nil && len(res.Hits) > 0 {
			d, derr := ix.Document(context.Background(), res.Hits[0].ID)
			if derr != nil || d.ArchiveOffset <= 0 {
				t.Errorf("rebuilt document lost its archive offset: %+v, %v", d.ArchiveOffset, derr)
			}
		}
		ix.Close()
		gens, err := filepath.Glob(filepath.Join(dir, "index", "gen-*"))
		if err == nil && len(gens) > 1 {
			t.Errorf("old generations left behind: %v", gens)
		}
	})

	t.Run("import WARC", func(t *testing.T) {
		other := t.TempDir()
		out, errOut, err := runArgs("index", "--data", other, "--from", archive, "--log-level", "warn")
		if err != nil {
			t.Fatalf("import: %v\n%s", err, errOut)
		}
		if got := docCount(t, other); got != before {
			t.Errorf("imported %d documents, the crawl had %d\n%s", got, before, out)
		}
	})

	t.Run("import wget mirror", func(t *testing.T) {
		mirror := t.TempDir()
		site := ngosearch.SampleSite()
		// A wget --mirror of two pages: the seed article and a BIP page.
		for src, dst := range map[string]string{
			"www.krakow.pl/aktualnosci/240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html": "www.krakow.pl/aktualnosci/240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html",
			"www.bip.krakow.pl/index.html@dok_id=105412":                                                             "www.bip.krakow.pl/index.html?dok_id=105412",
		} {
			b, err := fs.ReadFile(site, src)
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(mirror, filepath.FromSlash(dst))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		other := t.TempDir()
		out, errOut, err := runArgs("index", "--data", other, "--from", mirror, "--log-level", "warn")
		if err != nil {
			t.Fatalf("import: %v\n%s", err, errOut)
		}
		if !strings.Contains(out, "indexed 2 documents") {
			t.Errorf("output: %s", out)
		}
		total, titles := topTitles(t, other, "sprawozdanie współpraca 2019")
		if total != 2 || !contains(titles, "Sprawozdanie ze współpracy miasta z NGO w roku 2019") {
			t.Errorf("mirror import found %d: %q", total, titles)
		}
	})

	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{"index", "--data", dir}, {"index", "--rebuild"}, {"index", "--data", dir, "--rebuild", "--from", "x"}} {
			if _, _, err := runArgs(args...); err == nil {
				t.Errorf("%v accepted", args)
			}
		}
		if _, _, err := runArgs("index", "--data", t.TempDir(), "--rebuild"); err == nil || !strings.Contains(err.Error(), "no archive") {
			t.Errorf("rebuild without archive: %v", err)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
