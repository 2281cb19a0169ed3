package index

import (
	"context"
	"fmt"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

// letters spells n as a word of three letters (aaa, aab, ...): distinct
// words that the analysers keep distinct.
func letters(n int) string {
	return string([]byte{byte('a' + n/676%26), byte('a' + n/26%26), byte('a' + n%26)})
}

func expansionIndex(t *testing.T, docs []model.Document) *Index {
	t.Helper()
	ix := openEmpty(t)
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

// newsDoc is the i-th of a series of short news documents on host.
func newsDoc(i int, host, body string) model.Document {
	u := fmt.Sprintf("https://%s/aktualnosci/%d,33,komunikat,test.html", host, 290000+i)
	return model.Document{ID: model.DocID(u), URL: u, Host: host, Kind: model.KindHTML, Type: model.TypeNews,
		Title: fmt.Sprintf("Komunikat %d", i), Body: body, SHA256: fmt.Sprintf("%064x", i)}
}

// TestExpansionLimits: a prefix, a typo and a site filter each expand to a
// bounded number of indexed words, the most frequent ones, however many
// the index holds.
func TestExpansionLimits(t *testing.T) {
	var docs []model.Document
	// 400 words starting "konkurs", one document each, and one word in 20
	// documents; 700 neighbours of the typo "seniorqq"; 100 hosts.
	for i := range 400 {
		docs = append(docs, newsDoc(len(docs), "www.krakow.pl", fmt.Sprintf("Ogłoszenie o konkursx%s w dzielnicy.", letters(i))))
	}
	for range 20 {
		docs = append(docs, newsDoc(len(docs), "www.krakow.pl", "Często powtarzane słowo konkursik w treści."))
	}
	for i := range 700 {
		docs = append(docs, newsDoc(len(docs), "ngo.krakow.pl", fmt.Sprintf("Spotkanie senior%s w klubie.", letters(i)[1:])))
	}
	for i := range 100 {
		docs = append(docs, newsDoc(len(docs), fmt.Sprintf("dzielnica%03d.krakow.pl", i), "Rada dzielnicy zaprasza."))
	}
	ix := expansionIndex(t, docs)

	t.Run("prefix", func(t *testing.T) {
		g := ix.gen
		es := g.prefixExpansions(fText+sufLight, "konkurs")
		if len(es) != maxPrefixTerms || es[0].count != 20 {
			t.Errorf("konkurs expanded to %d words, the first in %d documents; want %d, the first the frequent one in 20",
				len(es), func() uint64 {
					if len(es) == 0 {
						return 0
					}
					return es[0].count
				}(), maxPrefixTerms)
		}
		res := doSearch(t, ix, model.SearchRequest{Query: "konkurs*", Size: 100, NoFacets: true})
		if res.Total == 0 || res.Total >= 420 {
			t.Errorf("konkurs* matched %d documents of 420: not bounded", res.Total)
		}
		with := doSearch(t, ix, model.SearchRequest{Query: "konkurs* powtarzane", NoFacets: true})
		if with.Total != 20 {
			t.Errorf("konkurs* powtarzane matched %d documents, want the 20 with the frequent word", with.Total)
		}
	})
	t.Run("fuzzy", func(t *testing.T) {
		g := ix.gen
		light := g.wordTerms("seniorqq").light
		if es := g.fuzzyExpansions(fText+sufLight, light, 2); len(es) != maxFuzzyTerms {
			t.Errorf("%s expanded to %d words, want %d", light, len(es), maxFuzzyTerms)
		}
		res := doSearch(t, ix, model.SearchRequest{Query: "seniorqq", Size: 100, NoFacets: true})
		// Fuzzy runs in two fields' light and stemmed families.
		if res.Total == 0 || res.Total >= 700 {
			t.Errorf("seniorqq matched %d documents of its 700 neighbours: not bounded", res.Total)
		}
	})
	t.Run("site", func(t *testing.T) {
		res := doSearch(t, ix, model.SearchRequest{Query: "rada źródło:dzielnica", Size: 100, NoFacets: true})
		if res.Total == 0 || res.Total > maxHostTerms || res.Total >= 100 {
			t.Errorf("źródło:dzielnica matched %d documents of 100 hosts, want 1..%d", res.Total, maxHostTerms)
		}
		// A value that is no part of a host name is not a filter but
		// text (see Query), and never a pattern.
		plain := doSearch(t, ix, model.SearchRequest{Query: "rada", NoFacets: true}).Total
		for _, q := range []string{"rada źródło:.*", "rada źródło:[a-z]+", `rada źródło:\`, "rada źródło:krakow.pl"} {
			res := doSearch(t, ix, model.SearchRequest{Query: q, NoFacets: true})
			if want := plain; q == "rada źródło:krakow.pl" {
				want = maxHostTerms
				if res.Total > want {
					t.Errorf("%s matched %d documents, want at most %d", q, res.Total, want)
				}
			} else if res.Total != want {
				t.Errorf("%s matched %d documents, want %d as for the text alone", q, res.Total, want)
			}
		}
	})
}
