package index

import (
	"context"
	"fmt"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

func TestOrganizationFacetAndFilter(t *testing.T) {
	ctx := context.Background()
	ix := openEmpty(t)
	mk := func(i int, orgs ...string) model.Document {
		u := fmt.Sprintf("https://www.bip.krakow.pl/?dok_id=%d", 120000+i)
		return model.Document{ID: model.DocID(u), URL: u, Host: "www.bip.krakow.pl", Kind: model.KindHTML, Type: model.TypeCompetitionResults,
			Title: fmt.Sprintf("Wyniki konkursu ofert %d", i), Body: fmt.Sprintf("Rozstrzygnięcie konkursu numer %d dla seniorów.", i),
			Organizations: orgs, SHA256: fmt.Sprintf("%064x", i)}
	}
	docs := []model.Document{
		mk(1, "Fundacja „Nowe Miasto”", "Stowarzyszenie Aktywni Seniorzy, Kraków"),
		mk(2, "Fundacja „Nowe Miasto”"),
		mk(3),
	}
	if err := ix.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, model.SearchRequest{Query: "konkurs", Page: 1, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, f := range res.Facets["org"] {
		got[f.Value] = f.Count
	}
	if got["Fundacja „Nowe Miasto”"] != 2 || got["Stowarzyszenie Aktywni Seniorzy, Kraków"] != 1 || len(got) != 2 {
		t.Errorf("org facet = %v", res.Facets["org"])
	}
	for _, tt := range []struct {
		org  string
		want int
	}{{"Fundacja „Nowe Miasto”", 2}, {"Stowarzyszenie Aktywni Seniorzy, Kraków", 1}, {"Fundacja", 0}} {
		res, err := ix.Search(ctx, model.SearchRequest{Query: "konkurs", Organizations: []string{tt.org}, Page: 1, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if int(res.Total) != tt.want {
			t.Errorf("org %q: %d documents, want %d", tt.org, res.Total, tt.want)
		}
	}
}
