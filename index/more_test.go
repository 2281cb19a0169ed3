package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

func TestDidYouMean(t *testing.T) {
	ix, _ := openCorpus(t)
	tests := []struct{ query, want string }{
		{"zzzzz qqqqq", ""}, // nothing close to either word
		{"sprawozdnaie zzzzz", "sprawozdanie zzzzz"},
		{"Noclegownje zzzzz", "noclegownie zzzzz"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := doSearch(t, ix, model.SearchRequest{Query: tt.query})
			if res.DidYouMean != tt.want && !(tt.want == "" && res.Total > 0) {
				t.Errorf("DidYouMean = %q (total %d), want %q", res.DidYouMean, res.Total, tt.want)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	ix, _ := openCorpus(t)
	ctx := context.Background()
	tests := []struct {
		prefix string
		want   []string // must be among the suggestions, in this order
	}{
		{"sprawo", []string{"sprawozdanie"}},
		{"Senio", []string{"seniora"}},
		{"konkurs of", []string{"konkurs ofert"}},
		{"łod", []string{"łodzi"}},
		{"lodz", []string{"łodzi"}},
		{"zrodl", []string{"źródła"}},
		{"Organizacje poza", []string{"Organizacje pozarządowymi", "Organizacje pozarządowych"}},
		{"x", nil},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			got, err := ix.Suggest(ctx, tt.prefix, 5)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Suggest(%q) = %q, want %q among them", tt.prefix, got, w)
				}
			}
			if tt.want == nil && len(got) != 0 {
				t.Errorf("Suggest(%q) = %q, want none", tt.prefix, got)
			}
		})
	}
	if _, err := ix.Suggest(ctx, "a", 500); !errors.Is(err, ErrBadRequest) {
		t.Errorf("n=500: %v", err)
	}
}

func TestSearchFiltersFacetsSort(t *testing.T) {
	ix, byKey := openCorpus(t)
	keys := keyOf(byKey)
	d := func(s string) time.Time {
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		r    model.SearchRequest
		want []string // exact hit order
	}{
		{"type and year filters", model.SearchRequest{Query: "seniorzy", Types: []model.DocType{model.TypeCompetitionAnnouncement}, Years: []int{2023}}, []string{"senior2023"}},
		{"kind filter", model.SearchRequest{Query: "sprawozdanie", Kinds: []model.Kind{model.KindPDF}, Sort: "date"}, []string{"mcd", "report2019"}},
		{"host filter", model.SearchRequest{Query: "bezdomności", Hosts: []string{"www.krakow.pl"}, Sort: "date"}, []string{"zima", "mieszkania", "seed"}},
		{"date range", model.SearchRequest{Query: "organizacje", From: d("2023-01-01"), To: d("2023-12-31"), Sort: "date"}, []string{"lodz", "opp", "senior2023", "xss"}},
		{"browse by date", model.SearchRequest{Sort: "date", Size: 3}, []string{"zrodlo", "lodz", "opp"}},
		{"page 2 by date", model.SearchRequest{Sort: "date", Size: 3, Page: 2}, []string{"senior2023", "xss", "zima"}},
		{"only exclusion", model.SearchRequest{Query: "-seniorzy", Types: []model.DocType{model.TypeNews}, Sort: "date", Size: 4}, []string{"zrodlo", "lodz", "opp", "zima"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doSearch(t, ix, tt.r)
			if got := hitKeys(res, keys); !slices.Equal(got, tt.want) {
				t.Errorf("hits = %v, want %v", got, tt.want)
			}
		})
	}

	res := doSearch(t, ix, model.SearchRequest{Query: "bezdomności"})
	want := map[string][]model.FacetCount{
		"kind": {{Value: "html", Count: 3}, {Value: "pdf", Count: 2}},
		"host": {{Value: "www.krakow.pl", Count: 3}, {Value: "www.bip.krakow.pl", Count: 2}},
		"year": {{Value: "2020", Count: 3}, {Value: "2021", Count: 1}, {Value: "2022", Count: 1}},
		"type": {{Value: "news", Count: 3}, {Value: "annual_report", Count: 1}, {Value: "competition_results", Count: 1}},
	}
	for name, fc := range want {
		got := res.Facets[name]
		slices.SortFunc(got, func(a, b model.FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			if a.Value < b.Value {
				return -1
			}
			return 1
		})
		if !slices.Equal(got, fc) {
			t.Errorf("facet %s = %v, want %v", name, got, fc)
		}
	}
	if res.Total != 5 {
		t.Errorf("total = %d, want 5", res.Total)
	}
}

func TestSwap(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	byKey, all := corpus(t)
	live, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if err := live.Put(ctx, all[:3]); err != nil {
		t.Fatal(err)
	}
	next, err := OpenNew(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := next.Put(ctx, all); err != nil {
		t.Fatal(err)
	}
	// The live index still answers from the old generation.
	if res := doSearch(t, live, model.SearchRequest{Query: "lodz"}); res.Total != 0 {
		t.Fatalf("live index sees the new generation before the swap")
	}
	if err := live.Swap(next); err != nil {
		t.Fatal(err)
	}
	if res := doSearch(t, live, model.SearchRequest{Query: "lodz"}); res.Total != 1 || res.Hits[0].ID != byKey["lodz"].ID {
		t.Fatalf("after swap: %+v", res)
	}
	if _, err := next.Search(ctx, model.SearchRequest{Query: "lodz"}); err == nil {
		t.Error("the swapped-in handle still answers")
	}
	gens, err := generations(dir)
	if err != nil || !slices.Equal(gens, []int{2}) {
		t.Errorf("generations on disk = %v, %v; want [2]", gens, err)
	}
	if err := live.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if st, err := again.Stats(ctx); err != nil || st.Documents != uint64(len(all)) || st.Generation != 2 {
		t.Errorf("reopened after swap: %+v, %v", st, err)
	}
}

func TestRebuild(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	byKey, all := corpus(t)
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(ctx, all); err != nil {
		t.Fatal(err)
	}
	src := byKey["wyniki2021"]
	g := model.Grant{Organization: "Fundacja Wzajemnej Pomocy", Task: "Noclegownia", Amount: 25000000, Year: 2021, SourceID: src.ID, SourceURL: src.URL, Page: 2}
	if err := ix.PutGrants(ctx, src.ID, []model.Grant{g}); err != nil {
		t.Fatal(err)
	}
	before, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// Pretend an older program built it.
	if err := writeMeta(dir, meta{Version: MappingVersion - 1, Generation: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, nil); !errors.Is(err, ErrVersion) {
		t.Fatalf("Open on the old version: %v, want ErrVersion", err)
	}
	st, err := Rebuild(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != before.Documents || st.Duplicates != before.Duplicates || st.Grants != 1 || st.Generation != 2 {
		t.Errorf("rebuilt stats %+v, before %+v", st, before)
	}
	ix, err = Open(dir, nil)
	if err != nil {
		t.Fatalf("Open after rebuild: %v", err)
	}
	defer ix.Close()
	if res := doSearch(t, ix, model.SearchRequest{Query: "lodz"}); res.Total != 1 {
		t.Errorf("search after rebuild: %d hits", res.Total)
	}
	if res, err := ix.Grants(ctx, model.GrantRequest{}); err != nil || res.Sum != 25000000 {
		t.Errorf("grants after rebuild: %+v, %v", res, err)
	}
	if gens, err := generations(dir); err != nil || !slices.Equal(gens, []int{2}) {
		t.Errorf("generations = %v, %v", gens, err)
	}
}

func TestOpenInUse(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := Rebuild(context.Background(), dir, nil); !errors.Is(err, ErrInUse) {
		t.Errorf("Rebuild while open: %v, want ErrInUse", err)
	}
}

func TestPutManyBatches(t *testing.T) {
	ix := openEmpty(t)
	ctx := context.Background()
	n := 2*BatchSize + 100
	docs := make([]model.Document, n)
	ids := make([]string, n)
	for i := range docs {
		u := "https://www.bip.krakow.pl/?dok_id=" + strconv.Itoa(900000+i)
		docs[i] = model.Document{ID: model.DocID(u), URL: u, Host: "www.bip.krakow.pl", Kind: model.KindHTML,
			Title: "Komunikat nr " + strconv.Itoa(i), Body: "Treść komunikatu " + strconv.Itoa(i)}
		ids[i] = docs[i].ID
	}
	if err := ix.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats(ctx)
	if err != nil || st.Documents != uint64(n) || st.Duplicates != 0 {
		t.Fatalf("stats %+v, %v; want %d documents", st, err, n)
	}
	if res := doSearch(t, ix, model.SearchRequest{Query: "komunikat 1034"}); res.Total != 1 {
		t.Errorf("komunikat 1034: %d hits", res.Total)
	}
	if err := ix.Delete(ctx, ids...); err != nil {
		t.Fatal(err)
	}
	if st, err := ix.Stats(ctx); err != nil || st.Documents != 0 {
		t.Errorf("after delete: %+v, %v", st, err)
	}
	bad := docs[0]
	bad.ID = "wrong"
	if err := ix.Put(ctx, []model.Document{bad}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("invalid document: %v, want model.ErrInvalid", err)
	}
}

// TestRecency: of two equally good answers the newer ranks first, but an
// old exact answer still beats a new weak one.
func TestRecency(t *testing.T) {
	ix := openEmpty(t)
	mk := func(id int, title, body string, year int) model.Document {
		u := "https://www.krakow.pl/aktualnosci/" + strconv.Itoa(id) + ",33,komunikat,x.html"
		return model.Document{ID: model.DocID(u), URL: u, Host: "www.krakow.pl", Kind: model.KindHTML, Type: model.TypeNews,
			Title: title, Body: body, Published: time.Date(year, 5, 1, 0, 0, 0, 0, time.UTC)}
	}
	old := mk(1, "Nabór do Rady Seniorów", "Trwa nabór do Rady Seniorów.", 2016)
	recent := mk(2, "Nabór do Rady Seniorów", "Trwa nabór do Rady Seniorów.", time.Now().Year())
	weak := mk(3, "Komunikat", "W programie także spotkanie z seniorami i nabór wolontariuszy do rady osiedla.", time.Now().Year())
	if err := ix.Put(context.Background(), []model.Document{old, weak, recent}); err != nil {
		t.Fatal(err)
	}
	res := doSearch(t, ix, model.SearchRequest{Query: "nabór do rady seniorów"})
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	if want := []string{recent.ID, old.ID, weak.ID}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want recent, old, weak (%v)", got, want)
	}
}

// TestConcurrent runs searches, suggestions, grant queries and writes at
// once (meant for -race).
func TestConcurrent(t *testing.T) {
	ix, byKey := openCorpus(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				q := []string{"seniorzy", "bezdomnosc", "KDO", "senjorzy", `"mieszkania chronione"`}[(w+i)%5]
				if _, err := ix.Search(ctx, model.SearchRequest{Query: q}); err != nil {
					errs <- err
				}
				if _, err := ix.Suggest(ctx, "se", 5); err != nil {
					errs <- err
				}
				if _, err := ix.Grants(ctx, model.GrantRequest{Query: "pomoc"}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		d := byKey["zima"]
		for i := range 10 {
			d.Body += " Aktualizacja " + strconv.Itoa(i) + "."
			if err := ix.Put(ctx, []model.Document{d}); err != nil {
				errs <- err
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestPromoteAfterVersionMismatch is the re-extracting rebuild: Open fails
// with ErrVersion, a new generation is filled from elsewhere and promoted.
func TestPromoteAfterVersionMismatch(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	_, all := corpus(t)
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := writeMeta(dir, meta{Version: MappingVersion - 1, Generation: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, nil); !errors.Is(err, ErrVersion) {
		t.Fatalf("Open: %v, want ErrVersion", err)
	}
	next, err := OpenNew(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := next.Put(ctx, all); err != nil {
		t.Fatal(err)
	}
	if err := next.Promote(); err != nil {
		t.Fatal(err)
	}
	if res := doSearch(t, next, model.SearchRequest{Query: "lodz"}); res.Total != 1 {
		t.Errorf("promoted index: %d hits", res.Total)
	}
	if err := next.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, nil)
	if err != nil {
		t.Fatalf("Open after promote: %v", err)
	}
	defer ix.Close()
	if st, err := ix.Stats(ctx); err != nil || st.Documents != uint64(len(all)) || st.Generation != 2 {
		t.Errorf("stats %+v, %v", st, err)
	}
	if gens, _ := generations(dir); !slices.Equal(gens, []int{2}) {
		t.Errorf("generations %v", gens)
	}
	if err := ix.Promote(); !errors.Is(err, ErrBadRequest) {
		t.Errorf("Promote on a live index: %v", err)
	}
}

func TestReplaceWord(t *testing.T) {
	tests := []struct{ s, w, with, want string }{
		{"Sprawozdnaie 2019", "Sprawozdnaie", "sprawozdanie", "sprawozdanie 2019"},
		{"rok sprawozdnaie-2019", "sprawozdnaie", "sprawozdanie", "rok sprawozdanie-2019"},
		{"abcx abc", "abc", "xyz", "abcx xyz"}, // whole words only
		{"\x93001", "001", "002", "\x93002"},   // invalid UTF-8 (fuzz crasher)
		{"İstanbul zzz", "zzz", "yyy", "İstanbul yyy"},
	}
	for _, tt := range tests {
		if got := replaceWord(tt.s, tt.w, tt.with); got != tt.want {
			t.Errorf("replaceWord(%q, %q, %q) = %q, want %q", tt.s, tt.w, tt.with, got, tt.want)
		}
	}
}

// TestDuplicateLeavesGroup: when the primary of a duplicate group changes
// its text, its former twin must come back.
func TestDuplicateLeavesGroup(t *testing.T) {
	byKey, _ := corpus(t)
	article, print := byKey["cas2022"], byKey["cas2022print"]
	ix := openEmpty(t)
	ctx := context.Background()
	if err := ix.Put(ctx, []model.Document{article, print}); err != nil {
		t.Fatal(err)
	}
	if res := doSearch(t, ix, model.SearchRequest{Query: "Nowa Huta"}); res.Total != 1 {
		t.Fatalf("before: %d hits, want 1", res.Total)
	}
	article.Body += " Aktualizacja: zajęcia także w soboty."
	if err := ix.Put(ctx, []model.Document{article}); err != nil {
		t.Fatal(err)
	}
	res := doSearch(t, ix, model.SearchRequest{Query: "Nowa Huta"})
	ids := []string{}
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	want := []string{article.ID, print.ID}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("after the article changed: %v, want both %v", ids, want)
	}
}

// TestOpenAfterCrashedCreate: a generation left without meta.json (a first
// Open that died half-way) does not lock the directory up.
func TestOpenAfterCrashedCreate(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "gen-1", "docs.bleve"), 0o755); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	if st, err := ix.Stats(context.Background()); err != nil || st.Generation != 2 {
		t.Errorf("stats %+v, %v; want generation 2", st, err)
	}
}

// TestOpenNewTwice: a second rebuild does not delete the generation a
// first, unfinished one is filling.
func TestOpenNewTwice(t *testing.T) {
	dir := t.TempDir()
	live, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	a, err := OpenNew(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := OpenNew(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if a.gen.n == b.gen.n {
		t.Fatalf("both rebuilds use generation %d", a.gen.n)
	}
	_, all := corpus(t)
	if err := a.Put(context.Background(), all[:2]); err != nil {
		t.Fatalf("first rebuild broken by the second: %v", err)
	}
	if err := live.Swap(a); err != nil {
		t.Fatal(err)
	}
}
