package index

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// rerankCorpus is n news items that all mention "świetlica", published a
// week apart, newest last; every tenth also has the words "świetlica
// środowiskowa" side by side, the others have them apart. 2n other news
// items follow.
func rerankCorpus(t *testing.T, n int) *Index {
	t.Helper()
	ix, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	start := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -7*n)
	docs := make([]model.Document, n)
	for i := range docs {
		u := fmt.Sprintf("https://www.krakow.pl/aktualnosci/%d,33,komunikat,swietlica.html", 260000+i)
		body := fmt.Sprintf("Świetlica numer %d zaprasza dzieci. Zajęcia prowadzi organizacja środowiskowa z dzielnicy %d.", i, i%18)
		if i%10 == 0 {
			// As long as the others: without proximity, only recency
			// would order them, and these are older.
			body = fmt.Sprintf("Świetlica środowiskowa numer %d zaprasza dzieci. Zajęcia prowadzi organizacja pozarządowa z dzielnicy %d.", i, i%18)
		}
		docs[i] = model.Document{ID: model.DocID(u), URL: u, Host: "www.krakow.pl", Kind: model.KindHTML, Type: model.TypeNews,
			Title: fmt.Sprintf("Komunikat %d", i), Body: body, Published: start.AddDate(0, 0, 7*i),
			SHA256: fmt.Sprintf("%064x", i)}
	}
	// Other news, so that the words are not in every document (their
	// idf would be nil).
	for i := range 2 * n {
		u := fmt.Sprintf("https://www.krakow.pl/aktualnosci/%d,33,komunikat,konkurs.html", 270000+i)
		docs = append(docs, model.Document{ID: model.DocID(u), URL: u, Host: "www.krakow.pl", Kind: model.KindHTML, Type: model.TypeNews,
			Title: fmt.Sprintf("Ogłoszenie %d", i), Body: fmt.Sprintf("Konkurs ofert numer %d na zadania z zakresu kultury.", i),
			Published: start, SHA256: fmt.Sprintf("%064x", 100000+i)})
	}
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestPagingAcrossRerankWindow pages through more hits than the re-ranked
// window with a page size that straddles its edge: every hit comes exactly
// once, and the pages agree with one big page.
func TestPagingAcrossRerankWindow(t *testing.T) {
	const n = 230
	ix := rerankCorpus(t, n)
	all := doSearch(t, ix, model.SearchRequest{Query: "świetlica", Size: 100, NoFacets: true})
	if all.Total != n {
		t.Fatalf("total %d, want %d", all.Total, n)
	}
	seen := map[string]int{}
	var order []string
	for page := 1; ; page++ {
		res := doSearch(t, ix, model.SearchRequest{Query: "świetlica", Page: page, Size: 30, NoFacets: true})
		if len(res.Hits) == 0 {
			break
		}
		for _, h := range res.Hits {
			seen[h.ID]++
			order = append(order, h.ID)
		}
	}
	if len(seen) != n || len(order) != n {
		t.Fatalf("paging gave %d hits, %d distinct; want %d once each", len(order), len(seen), n)
	}
	for i, h := range all.Hits {
		if order[i] != h.ID {
			t.Fatalf("hit %d: page of 30 has %s, one page of 100 has %s", i, order[i], h.ID)
		}
	}
}

// TestRerankRecencyAndProximity: among equally good matches the newest
// come first, and documents with the words side by side come before those
// with the words apart.
func TestRerankRecencyAndProximity(t *testing.T) {
	ix := rerankCorpus(t, 60)
	// The bodies of one template are equally long: their BM25 scores tie
	// and only recency orders them, newest first.
	res := doSearch(t, ix, model.SearchRequest{Query: "świetlica", Size: 60, NoFacets: true})
	var prev time.Time
	n := 0
	for _, h := range res.Hits {
		d, err := ix.Document(context.Background(), h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(d.Body, "Świetlica środowiskowa") {
			continue
		}
		if n++; n > 1 && h.Date.After(prev) {
			t.Errorf("%s ranks below %s although equally relevant and newer", h.Date.Format(time.DateOnly), prev.Format(time.DateOnly))
		}
		prev = h.Date
	}
	if n != 54 {
		t.Errorf("%d hits of the template, want 54", n)
	}

	res = doSearch(t, ix, model.SearchRequest{Query: "świetlica środowiskowa", Size: 6, NoFacets: true})
	for i, h := range res.Hits {
		d, err := ix.Document(context.Background(), h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d.Body, "Świetlica środowiskowa") {
			t.Errorf("hit %d has the words apart (%q) above documents that have them together", i+1, d.Body)
		}
	}
}

func TestNoFacets(t *testing.T) {
	ix := rerankCorpus(t, 12)
	with := doSearch(t, ix, model.SearchRequest{Query: "świetlica"})
	without := doSearch(t, ix, model.SearchRequest{Query: "świetlica", NoFacets: true})
	if len(with.Facets["type"]) == 0 || with.Facets["type"][0].Count != 12 {
		t.Errorf("facets = %v, want type news: 12", with.Facets)
	}
	if len(without.Facets) != 0 {
		t.Errorf("NoFacets: facets = %v", without.Facets)
	}
	if with.Total != without.Total || len(with.Hits) != len(without.Hits) || with.Hits[0].ID != without.Hits[0].ID {
		t.Errorf("NoFacets changed the hits: %d/%d vs %d/%d", with.Total, len(with.Hits), without.Total, len(without.Hits))
	}
}
