package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/krakow-ngo/ngosearch/model"
)

func doSearch(t *testing.T, ix *Index, r model.SearchRequest) model.SearchResult {
	t.Helper()
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("Search(%+v): %v", r, err)
	}
	return res
}

func hitKeys(res model.SearchResult, keys map[string]string) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, keys[h.ID])
	}
	return out
}

func TestSearchFinds(t *testing.T) {
	ix, byKey := openCorpus(t)
	keys := keyOf(byKey)
	_, seedBody := seedText(t)
	pasted := strings.ToValidUTF8(seedBody[:strings.LastIndex(seedBody[:990], " ")], "")
	tests := []struct {
		name  string
		query string
		top   string   // expected first hit
		also  []string // must be among the hits
		not   []string // must not be among the hits
	}{
		{"inflection sprawozdaniu", "sprawozdaniu", "", []string{"seed", "report2019", "mcd"}, nil},
		{"inflection seniorzy finds seniorów", "seniorzy", "", []string{"cas2022", "senior2023", "report2019"}, nil},
		{"genitive plural without accent", "seniorow", "", []string{"cas2022", "senior2023", "report2019", "kdo"}, nil},
		{"no diacritics bezdomnosc", "bezdomnosc", "", []string{"zima", "mieszkania", "report2019", "wyniki2021"}, nil},
		{"lodz finds Łódź", "lodz", "lodz", nil, nil},
		{"zrodlo finds źródło", "zrodlo finansowania", "zrodlo", nil, nil},
		{"acronym KDO", "KDO", "kdo", nil, []string{"opp"}},
		{"acronym lower case krdpp", "krdpp", "krdpp", nil, nil},
		{"synonym KDO finds the full name", "KDO", "", []string{"mcd", "program2023"}, nil},
		{"synonym MOPS", "MOPS", "", []string{"zima", "konkurs2021"}, nil},
		{"synonym CAS", "CAS", "", []string{"cas2022", "report2019", "senior2023"}, nil},
		{"synonym trzeci sektor finds III sektor", "trzeci sektor", "sektor", []string{"lodz"}, nil},
		{"phrase", `"mieszkania chronione"`, "mieszkania", []string{"report2019"}, []string{"zima"}},
		{"exclusion", "bezdomności -zimowa", "", []string{"mieszkania"}, []string{"zima"}},
		{"type filter", "typ:uchwała program współpracy", "uchwala2019", nil, []string{"program2023"}},
		{"year filter", "rok:2021 konkurs", "", []string{"konkurs2021"}, []string{"senior2023"}},
		{"host filter", "zrodlo:ngo seniorzy", "", []string{"cas2022", "kdo"}, []string{"report2019"}},
		{"typo fuzzy", "sprawozdnie", "", []string{"report2019"}, nil},
		{"duplicates collapsed", "Nowe Centrum Aktywności Seniora Nowej Hucie", "cas2022", nil, []string{"cas2022print"}},
		{"hostile paste", `Zarządzenie nr 1234/2020 (KRDPP) & „Rada” <b>`, "krdpp", nil, nil},
		{"fallback to any word", "seniorzy kosmonauci", "", []string{"cas2022"}, nil},
		{"pasted paragraph", pasted, "seed", nil, nil},
		{"prefix", "sprawozd*", "", []string{"seed", "report2019", "mcd", "forum2015"}, []string{"krdpp"}},
		{"prefix without diacritics", "zrodl* finansowania", "zrodlo", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doSearch(t, ix, model.SearchRequest{Query: tt.query, Size: 30})
			got := hitKeys(res, keys)
			if slices.Contains(got, "cas2022print") {
				t.Errorf("print view not collapsed into its article: %v", got)
			}
			if tt.top != "" && (len(got) == 0 || got[0] != tt.top) {
				t.Errorf("top hit = %v, want %s", got, tt.top)
			}
			for _, k := range tt.also {
				if !slices.Contains(got, k) {
					t.Errorf("hits %v lack %s", got, k)
				}
			}
			for _, k := range tt.not {
				if slices.Contains(got, k) {
					t.Errorf("hits %v include %s", got, k)
				}
			}
		})
	}
}

func TestSearchPagesAndSnippets(t *testing.T) {
	ix, byKey := openCorpus(t)
	keys := keyOf(byKey)
	tests := []struct {
		name, query, key string
		page             int
		snippet          string // must be in the snippet
	}{
		{"seniors on page 2", "Centrów Aktywności Seniora", "report2019", 2, "<mark>Centrów</mark> <mark>Aktywności</mark> <mark>Seniora</mark>"},
		{"homelessness on page 3", "noclegownie bezdomności", "report2019", 3, "<mark>noclegownie</mark>"},
		{"without diacritics still page 3", "noclegownie bezdomnosci", "report2019", 3, "<mark>bezdomności</mark>"},
		// "organizacje" is located on pages 1-3, most often on page 1;
		// "bezdomnosc" only through the light family, on page 3.
		{"a word typed without diacritics decides the page", "organizacje bezdomnosc", "report2019", 3, "<mark>bezdomności</mark>"},
		{"html has page 0", "streetworkerzy", "zima", 0, "<mark>Streetworkerzy</mark> MOPS"},
		{"typo highlighted through its stem", "senjorzy", "kdo", 0, "ds. <mark>Seniorów</mark> spotka"},
		{"synonym phrase words only marked together", "CAS", "cas2022", 0, "<mark>Centrum</mark> <mark>Aktywności</mark> <mark>Seniora</mark> prowadzi stowarzyszenie wybrane w konkursie. W nowym <mark>CAS</mark> na os. Centrum E"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := doSearch(t, ix, model.SearchRequest{Query: tt.query})
			for _, h := range res.Hits {
				if keys[h.ID] != tt.key {
					continue
				}
				if h.Page != tt.page {
					t.Errorf("page = %d, want %d", h.Page, tt.page)
				}
				if !strings.Contains(h.Snippet, tt.snippet) {
					t.Errorf("snippet %q lacks %q", h.Snippet, tt.snippet)
				}
				return
			}
			t.Fatalf("%s not found: %v", tt.key, hitKeys(res, keys))
		})
	}
}

func TestSnippetEscapes(t *testing.T) {
	ix, byKey := openCorpus(t)
	res := doSearch(t, ix, model.SearchRequest{Query: "seniorzy opiekunowie"})
	for _, h := range res.Hits {
		if h.ID != byKey["xss"].ID {
			continue
		}
		want := "Uwaga &lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; <mark>seniorzy</mark> &amp; <mark>opiekunowie</mark>: &lt;b&gt;zmiana&lt;/b&gt;"
		if !strings.Contains(h.Snippet, want) {
			t.Errorf("snippet = %q, want it to contain %q", h.Snippet, want)
		}
		if strings.Contains(h.Snippet, "<script") || strings.Contains(h.Snippet, "<b>") {
			t.Errorf("snippet has live markup: %q", h.Snippet)
		}
		return
	}
	t.Fatal("xss document not found")
}

func TestSearchRequestLimits(t *testing.T) {
	ix, _ := openCorpus(t)
	tests := []struct {
		name string
		r    model.SearchRequest
	}{
		{"size too big", model.SearchRequest{Query: "a", Size: model.MaxPageSize + 1}},
		{"negative page", model.SearchRequest{Query: "a", Page: -1}},
		{"window", model.SearchRequest{Query: "a", Page: model.MaxResultWindow/10 + 1, Size: 10}},
		{"query too long", model.SearchRequest{Query: strings.Repeat("a", model.MaxQueryLength+1)}},
		{"sort", model.SearchRequest{Sort: "random"}},
		{"type", model.SearchRequest{Types: []model.DocType{"blog"}}},
		{"kind", model.SearchRequest{Kinds: []model.Kind{"exe"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ix.Search(context.Background(), tt.r); !errors.Is(err, ErrBadRequest) {
				t.Errorf("err = %v, want ErrBadRequest", err)
			}
		})
	}
}

func TestDocumentDeleteReopen(t *testing.T) {
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
	want := byKey["report2019"]
	got, err := ix.Document(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != want.Title || len(got.Pages) != 3 || got.Pages[1] != want.Pages[1] || !got.Published.Equal(want.Published) || got.SHA256 != want.SHA256 {
		t.Errorf("Document = %+v, want %+v", got, want)
	}
	if _, err := ix.Document(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing document: err = %v, want ErrNotFound", err)
	}
	if err := ix.Delete(ctx, byKey["lodz"].ID); err != nil {
		t.Fatal(err)
	}
	if res := doSearch(t, ix, model.SearchRequest{Query: "lodz"}); res.Total != 0 {
		t.Errorf("deleted document still found: %d hits", res.Total)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(dir, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer ix.Close()
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != uint64(len(all)-1) || st.Duplicates != 1 || st.ByType[string(model.TypeNews)] != 11 || st.ByKind["pdf"] != 6 || st.DiskBytes < 10_000 {
		t.Errorf("stats after reopen = %+v", st)
	}
	if res := doSearch(t, ix, model.SearchRequest{Query: "seniorzy"}); res.Total == 0 {
		t.Error("nothing found after reopen")
	}
}

func TestVersionMismatch(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, metaFile), []byte(`{"mapping_version":0,"generation":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, nil)
	if !errors.Is(err, ErrVersion) {
		t.Fatalf("err = %v, want ErrVersion", err)
	}
	if !strings.Contains(err.Error(), "ngosearch index --data DIR --rebuild") {
		t.Errorf("error does not say what to run: %v", err)
	}
}

func TestGrants(t *testing.T) {
	ix := openEmpty(t)
	ctx := context.Background()
	src := "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/260002"
	srcID := model.DocID(src)
	mk := func(org, krs, task string, amount model.Amount, year int) model.Grant {
		return model.Grant{Organization: org, KRS: krs, Task: task, Amount: amount, Year: year, SourceID: srcID, SourceURL: src, Page: 2}
	}
	gs := []model.Grant{
		mk("Fundacja Wzajemnej Pomocy", "0000123456", "Noclegownia dla osób bezdomnych", 25000000, 2021),
		mk("Stowarzyszenie Nowy Dom", "", "Mieszkania treningowe", 12000050, 2021),
		mk("Fundacja „Wzajemnej Pomocy”", "0000123456", "Centrum Aktywności Seniora", 9000001, 2020),
		mk("Caritas Archidiecezji Krakowskiej", "0000198954", "Łaźnia dla osób bezdomnych", 30000000, 2019),
	}
	if err := ix.PutGrants(ctx, srcID, gs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		r     model.GrantRequest
		orgs  []string
		total uint64
		sum   model.Amount
	}{
		{"all by default newest first", model.GrantRequest{}, []string{"Fundacja Wzajemnej Pomocy", "Stowarzyszenie Nowy Dom", "Fundacja „Wzajemnej Pomocy”", "Caritas Archidiecezji Krakowskiej"}, 4, 76000051},
		{"by KRS", model.GrantRequest{KRS: "0000123456"}, []string{"Fundacja Wzajemnej Pomocy", "Fundacja „Wzajemnej Pomocy”"}, 2, 34000001},
		{"by org key", model.GrantRequest{OrgKey: "krs:0000198954"}, []string{"Caritas Archidiecezji Krakowskiej"}, 1, 30000000},
		{"by year", model.GrantRequest{Year: 2021, Sort: "amount"}, []string{"Stowarzyszenie Nowy Dom", "Fundacja Wzajemnej Pomocy"}, 2, 37000050},
		{"amount range", model.GrantRequest{MinAmount: 10000000, MaxAmount: 25000000, Sort: "-amount"}, []string{"Fundacja Wzajemnej Pomocy", "Stowarzyszenie Nowy Dom"}, 2, 37000050},
		{"KRS in the free text", model.GrantRequest{Query: "0000198954"}, []string{"Caritas Archidiecezji Krakowskiej"}, 1, 30000000},
		{"text over task, inflected", model.GrantRequest{Query: "bezdomni"}, []string{"Fundacja Wzajemnej Pomocy", "Caritas Archidiecezji Krakowskiej"}, 2, 55000000},
		{"organisation without diacritics", model.GrantRequest{Organization: "wzajemnej pomocy", Sort: "year"}, []string{"Fundacja „Wzajemnej Pomocy”", "Fundacja Wzajemnej Pomocy"}, 2, 34000001},
		{"sort by organisation", model.GrantRequest{Sort: "organization", Size: 2}, []string{"Caritas Archidiecezji Krakowskiej", "Fundacja Wzajemnej Pomocy"}, 4, 76000051},
		{"page 2", model.GrantRequest{Sort: "-amount", Size: 3, Page: 2}, []string{"Fundacja „Wzajemnej Pomocy”"}, 4, 76000051},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Grants(ctx, tt.r)
			if err != nil {
				t.Fatal(err)
			}
			var orgs []string
			for _, g := range res.Grants {
				orgs = append(orgs, g.Organization)
			}
			if !slices.Equal(orgs, tt.orgs) || res.Total != tt.total || res.Sum != tt.sum {
				t.Errorf("got %q total %d sum %s; want %q total %d sum %s", orgs, res.Total, res.Sum, tt.orgs, tt.total, tt.sum)
			}
		})
	}

	// Replacing the source's grants drops the old ones.
	if err := ix.PutGrants(ctx, srcID, gs[:1]); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Grants(ctx, model.GrantRequest{})
	if err != nil || res.Total != 1 || res.Sum != 25000000 {
		t.Errorf("after replace: total %d sum %s err %v", res.Total, res.Sum, err)
	}
	// Deleting the source document deletes its grants.
	if err := ix.Delete(ctx, srcID); err != nil {
		t.Fatal(err)
	}
	if res, err := ix.Grants(ctx, model.GrantRequest{}); err != nil || res.Total != 0 {
		t.Errorf("after delete: total %d err %v", res.Total, err)
	}
	for _, bad := range []model.GrantRequest{{Sort: "random"}, {Size: 1000}, {MinAmount: 10, MaxAmount: 5}, {KRS: "abc"}} {
		if _, err := ix.Grants(ctx, bad); !errors.Is(err, ErrBadRequest) {
			t.Errorf("Grants(%+v) err = %v, want ErrBadRequest", bad, err)
		}
	}
	if err := ix.PutGrants(ctx, "other", gs); !errors.Is(err, ErrBadRequest) {
		t.Errorf("PutGrants with foreign source: %v", err)
	}
}

// TestDuplicates checks that of one content under several URLs exactly one
// is searchable, the article rather than its print view, whatever the order
// of indexing, and that deleting it brings the twin back.
func TestDuplicates(t *testing.T) {
	byKey, _ := corpus(t)
	article, print := byKey["cas2022"], byKey["cas2022print"]
	ctx := context.Background()
	for _, order := range []struct {
		name string
		docs [][]model.Document
	}{
		{"one batch", [][]model.Document{{print, article}}},
		{"print first", [][]model.Document{{print}, {article}}},
		{"article first", [][]model.Document{{article}, {print}}},
	} {
		t.Run(order.name, func(t *testing.T) {
			ix := openEmpty(t)
			for _, docs := range order.docs {
				if err := ix.Put(ctx, docs); err != nil {
					t.Fatal(err)
				}
			}
			res := doSearch(t, ix, model.SearchRequest{Query: "Nowa Huta seniorzy"})
			if res.Total != 1 || res.Hits[0].ID != article.ID {
				t.Fatalf("hits = %+v, want only the article", res.Hits)
			}
			if f := res.Facets["host"]; len(f) != 1 || f[0].Count != 1 {
				t.Errorf("host facet = %+v, want one document", f)
			}
			// Re-putting the print view must not unseat the article.
			if err := ix.Put(ctx, []model.Document{print}); err != nil {
				t.Fatal(err)
			}
			if res := doSearch(t, ix, model.SearchRequest{Query: "Nowa Huta seniorzy"}); res.Total != 1 || res.Hits[0].ID != article.ID {
				t.Fatalf("after re-put: %+v", res.Hits)
			}
			if err := ix.Delete(ctx, article.ID); err != nil {
				t.Fatal(err)
			}
			res = doSearch(t, ix, model.SearchRequest{Query: "Nowa Huta seniorzy"})
			if res.Total != 1 || res.Hits[0].ID != print.ID {
				t.Fatalf("after deleting the article: %+v, want the print view", res.Hits)
			}
		})
	}
}

func TestDupKey(t *testing.T) {
	byKey, _ := corpus(t)
	article := byKey["cas2022"]
	tests := []struct {
		name string
		edit func(d *model.Document)
		same bool
	}{
		{"print view: other bytes, same text", func(d *model.Document) { d.SHA256 = strings.Repeat("a", 64); d.URL += "?print" }, true},
		{"white space and case differ", func(d *model.Document) { d.Body = "  " + strings.ToUpper(d.Body) + "\n" }, true},
		{"other text", func(d *model.Document) { d.Body += " Zapraszamy." }, false},
		{"other day", func(d *model.Document) { d.Published = d.Published.AddDate(0, 0, 1) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := article
			tt.edit(&d)
			if got := dupKey(&d) == dupKey(&article); got != tt.same {
				t.Errorf("same key = %v, want %v", got, tt.same)
			}
		})
	}
	// Scanned files with no text, notices that point to an attachment:
	// same title and text, different bytes, not duplicates.
	for _, text := range []string{"", "Ogłoszenie w załączeniu."} {
		a := model.Document{Title: "Załącznik nr 1", Body: text, SHA256: strings.Repeat("a", 64)}
		b := model.Document{Title: "Załącznik nr 1", Body: text, SHA256: strings.Repeat("b", 64)}
		if dupKey(&a) == dupKey(&b) || dupKey(&a) == "" {
			t.Errorf("short text %q: keys %q %q", text, dupKey(&a), dupKey(&b))
		}
	}
}

// TestSearchHostileQueries: nothing a person pastes is an error.
func TestSearchHostileQueries(t *testing.T) {
	ix, _ := openCorpus(t)
	for _, q := range []string{
		`"`, `-`, `--`, `- -"`, `typ:`, `rok:0`, `rok:2019-`, `źródło:`, `org:""`, `org:„`, `***`, `a:b:c:d`,
		"\x00\x01", strings.Repeat("a", 900), strings.Repeat("ą ", 300), "🙂 seniorzy 🙂", "مرحبا seniorzy",
		`' OR 1=1; DROP TABLE dokumenty; --`, `<script>alert(1)</script> seniorzy`, `seniorzy~2 AND (KDO OR "CAS")^3`,
		`title:seniorzy +KDO -"`, `/regexp.*/`, `\"escaped\"`, `typ:uchwała typ:zarządzenie rok:2019,2020,xx`,
	} {
		t.Run(q[:min(len(q), 30)], func(t *testing.T) {
			res, err := ix.Search(context.Background(), model.SearchRequest{Query: q})
			if err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
			for _, h := range res.Hits {
				if strings.Contains(h.Snippet, "<script") {
					t.Errorf("live markup in snippet %q", h.Snippet)
				}
			}
		})
	}
}

// TestPublishedDocValuesDirect: the publication date, whose doc values the
// re-rank reads for 100 scattered hits, is indexed one document per chunk
// and uncompressed, with its value unchanged; no other field is.
func TestPublishedDocValuesDirect(t *testing.T) {
	ix := openEmpty(t)
	pub := time.Date(2019, 5, 17, 0, 0, 0, 0, time.UTC)
	d := model.Document{ID: "d1", URL: "https://www.bip.krakow.pl/?dok_id=1", Title: "Sprawozdanie", Body: "Organizacje pozarządowe.",
		Kind: model.KindHTML, Type: model.TypeAnnualReport, Host: "www.bip.krakow.pl", Published: pub}
	doc, err := ix.gen.bleveDoc(&d, false, "")
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, f := range doc.Fields {
		o := f.Options()
		direct := o.SkipDVChunking() || o.SkipDVCompression()
		if f.Name() != fPublished {
			if direct {
				t.Errorf("field %s has the date's doc-value layout: %v", f.Name(), o)
			}
			continue
		}
		seen = true
		if !o.SkipDVChunking() || !o.SkipDVCompression() || !o.IncludeDocValues() || !o.IsIndexed() {
			t.Errorf("published options = %v, want indexed, doc values, unchunked, uncompressed", o)
		}
		dt, ok := f.(*document.DateTimeField)
		if !ok {
			t.Fatalf("published is a %T", f)
		}
		if got, _, err := dt.DateTime(); err != nil || !got.Equal(pub) {
			t.Errorf("published = %v, %v; want %v", got, err, pub)
		}
	}
	if !seen {
		t.Error("no published field in the indexed document")
	}
}

// TestPublishedMixedLayouts: an index holding dates in bleve's default
// doc-value layout (as a binary before bleveDoc wrote them) and in the
// direct one, merged into one segment, still sorts and re-ranks by them.
func TestPublishedMixedLayouts(t *testing.T) {
	ctx := context.Background()
	ix := openEmpty(t)
	const n = 60
	day0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]model.Document, n)
	for i := range docs {
		docs[i] = newsDoc(i, "www.krakow.pl", "Organizacje pozarządowe.")
		docs[i].Published = day0.AddDate(0, 0, i)
	}
	// Odd days in the default layout, even days through Put.
	b := ix.gen.docs.NewBatch()
	var direct []model.Document
	for i := range docs {
		if i%2 == 0 {
			direct = append(direct, docs[i])
			continue
		}
		if err := indexDefaultLayout(b, &docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.gen.docs.Batch(b); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(ctx, direct); err != nil {
		t.Fatal(err)
	}
	adv, err := ix.gen.docs.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		t.Fatalf("index is a %T", adv)
	}
	if err := sc.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		t.Fatal(err)
	}
	res := doSearch(t, ix, model.SearchRequest{Sort: "date", Size: n})
	if len(res.Hits) != n {
		t.Fatalf("%d hits by date, want %d", len(res.Hits), n)
	}
	for i, h := range res.Hits {
		if want := docs[n-1-i].Published; !h.Date.Equal(want) {
			t.Fatalf("hit %d by date is of %v, want %v", i, h.Date, want)
		}
	}
	ids := []string{docs[0].ID, docs[1].ID, docs[n-2].ID, docs[n-1].ID}
	boost, err := ix.gen.recency(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(boost) != len(ids) || !(boost[docs[n-1].ID] > boost[docs[1].ID] && boost[docs[1].ID] > boost[docs[0].ID]) {
		t.Errorf("recency boosts %v: want one per document, newer higher", boost)
	}
}
