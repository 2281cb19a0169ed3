package index

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/krakow-ngo/ngosearch/model"
)

// FuzzSearch: whatever is typed, Search answers without error (or with
// ErrBadRequest for an over-long query), and its snippets are valid UTF-8
// whose only tags are <mark> and </mark>.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"seniorzy", `"mieszkania chronione" -zima`, "typ:uchwała rok:2019-2021 zrodlo:bip org:„KRDPP”",
		"sprawozd* lodz", "<script>", "&amp; &lt;", "ą", "\xff", `"""`, "-", "senjorzy sprawozdnie",
	} {
		f.Add(s)
	}
	ix, _ := openCorpus(f)
	f.Fuzz(func(t *testing.T, q string) {
		res, err := ix.Search(context.Background(), model.SearchRequest{Query: q})
		if err != nil {
			if errors.Is(err, ErrBadRequest) && len(q) > model.MaxQueryLength {
				return
			}
			t.Fatalf("Search(%q): %v", q, err)
		}
		for _, h := range res.Hits {
			for _, s := range append([]string{h.Snippet}, h.Fragments...) {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 snippet %q for %q", s, q)
				}
				rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
				if strings.ContainsAny(rest, "<>") {
					t.Fatalf("snippet %q for %q has markup besides <mark>", s, q)
				}
			}
		}
	})
}
