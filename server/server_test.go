package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
	"github.com/krakow-ngo/ngosearch/server"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	m.Run()
}

func doc(u, title, body string, kind model.Kind, typ model.DocType, published string, pages ...string) model.Document {
	cu, err := model.DefaultURLRules().Canonical(u)
	if err != nil {
		panic(err)
	}
	p, _ := url.Parse(cu)
	d := model.Document{ID: model.DocID(cu), URL: cu, Host: p.Host, Kind: kind, Type: typ, Title: title, Body: body, Pages: pages,
		FetchedAt: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
	sum := sha256.Sum256([]byte(title + body + strings.Join(pages, "\f")))
	d.SHA256 = hex.EncodeToString(sum[:])
	if published != "" {
		t, err := time.Parse(time.DateOnly, published)
		if err != nil {
			panic(err)
		}
		d.Published = t
	}
	return d
}

// newServer builds the production router over a real on-disk index holding
// a small Polish corpus, a paged PDF and a hostile page.
func newServer(t *testing.T) (*server.Server, []model.Document) {
	t.Helper()
	ix, logger := openIndex(t)
	docs := []model.Document{
		doc("https://www.krakow.pl/aktualnosci/240123,33,komunikat,sprawozdanie_2019.html",
			"Sprawozdanie ze współpracy miasta z NGO w roku 2019",
			"Przedsięwzięcia z zakresu spraw społecznych, inicjatywy skierowane do seniorów i młodzieży, nieodpłatna pomoc prawna czy mieszkania chronione dla osób w kryzysie bezdomności.",
			model.KindHTML, model.TypeNews, "2020-06-10"),
		doc("https://www.krakow.pl/aktualnosci/250001,33,komunikat,konkurs_seniorzy.html",
			"Otwarty konkurs ofert na działania dla seniorów w 2021 roku",
			"Prezydent Miasta Krakowa ogłasza otwarty konkurs ofert na realizację zadań publicznych dla seniorów.",
			model.KindHTML, model.TypeCompetitionAnnouncement, "2021-01-15"),
		doc("https://www.bip.krakow.pl/zalaczniki/dokumenty/n/263412",
			"Sprawozdanie z realizacji Programu Współpracy za rok 2019", "", model.KindPDF, model.TypeAnnualReport, "2020-05-30",
			"Wstęp. Program współpracy Gminy Miejskiej Kraków.",
			"Rozdział 2. Bezdomność: mieszkania chronione i noclegownie prowadzone przez organizacje pozarządowe."),
		doc("https://ngo.krakow.pl/aktualnosci/1,1,komunikat,xss.html",
			`Zły <script>alert("tytuł")</script> dokument`,
			`Treść z <img src=x onerror=alert(1)> i <b>pogrubieniem</b> o bezdomności.`,
			model.KindHTML, model.TypeOther, ""),
	}
	ctx := context.Background()
	if err := ix.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	grants := []model.Grant{
		{Organization: "Fundacja „Nowe Miasto”", KRS: "0000123456", Task: "Klub seniora na Nowej Hucie", Amount: 1250000, Year: 2021, SourceID: docs[2].ID, SourceURL: docs[2].URL, Page: 2},
		{Organization: "Stowarzyszenie Pomocy Bezdomnym", Task: "Noclegownia zimowa", Amount: 4500050, Year: 2020, SourceID: docs[2].ID, SourceURL: docs[2].URL, Page: 2},
	}
	for i := range grants {
		grants[i].OrgKey = model.GrantOrgKey(grants[i].Organization, grants[i].KRS)
	}
	if err := ix.PutGrants(ctx, docs[2].ID, grants); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{Logger: logger}, ix)
	if err != nil {
		t.Fatal(err)
	}
	return srv, docs
}

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decoding %s: %v", rec.Body.String(), err)
	}
	return v
}

type searchBody struct {
	Total uint64
	Page  int
	Size  int
	Hits  []struct {
		ID, URL, Title, Date, Snippet, Kind, Type string
		Page                                      int
	}
	TookMS *int64 `json:"took_ms"`
}

type errBody struct {
	Error struct {
		Status        int
		Code, Message string
	}
}

func TestSearchAPI(t *testing.T) {
	srv, docs := newServer(t)
	tests := []struct {
		name      string
		query     string
		wantTop   string
		wantDate  string
		wantPage  int
		wantTotal int
	}{
		{"inflected", "q=sprawozdaniu+m%C5%82odzie%C5%BCy", docs[0].ID, "2020-06-10", 0, 0},
		{"pdf page", "q=noclegownie+bezdomno%C5%9B%C4%87&type=annual_report", docs[2].ID, "2020-05-30", 2, 1},
		{"filter by type", "type=competition_announcement", docs[1].ID, "2021-01-15", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, srv, "/api/search?"+tt.query)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
			}
			b := decode[searchBody](t, rec)
			if len(b.Hits) == 0 {
				t.Fatalf("no hits: %s", rec.Body.String())
			}
			h := b.Hits[0]
			if h.ID != tt.wantTop || h.Date != tt.wantDate || h.Page != tt.wantPage {
				t.Errorf("top hit = %+v, want id %s date %s page %d", h, tt.wantTop, tt.wantDate, tt.wantPage)
			}
			if tt.wantTotal > 0 && b.Total != uint64(tt.wantTotal) {
				t.Errorf("total = %d, want %d", b.Total, tt.wantTotal)
			}
			if b.Page != 1 || b.Size != 10 || b.TookMS == nil {
				t.Errorf("page %d size %d took_ms %v", b.Page, b.Size, b.TookMS)
			}
		})
	}
}

// TestSearchAPIFacetsOnDemand: facets by default, none with facets=false,
// the same hits either way.
func TestSearchAPIFacetsOnDemand(t *testing.T) {
	srv, _ := newServer(t)
	type body struct {
		Total  uint64
		Hits   []struct{ ID string }
		Facets map[string][]struct{ Value string }
	}
	with := decode[body](t, get(t, srv, "/api/search?q=konkurs"))
	without := decode[body](t, get(t, srv, "/api/search?q=konkurs&facets=false"))
	if len(with.Facets["type"]) == 0 || len(without.Facets) != 0 {
		t.Errorf("facets: %v by default, %v with facets=false", with.Facets, without.Facets)
	}
	if with.Total == 0 || with.Total != without.Total || len(with.Hits) != len(without.Hits) {
		t.Errorf("hits differ: %d/%d vs %d/%d", with.Total, len(with.Hits), without.Total, len(without.Hits))
	}
}

func TestSearchAPIEscapesHostileText(t *testing.T) {
	srv, _ := newServer(t)
	rec := get(t, srv, "/api/search?q=pogrubieniem")
	b := decode[searchBody](t, rec)
	if len(b.Hits) != 1 {
		t.Fatalf("hits: %s", rec.Body.String())
	}
	s := b.Hits[0].Snippet
	if strings.Contains(s, "<img") || strings.Contains(s, "<b>") || !strings.Contains(s, "&lt;img") || !strings.Contains(s, "<mark>") {
		t.Errorf("snippet not escaped or not highlighted: %q", s)
	}
	page := get(t, srv, "/?q=pogrubieniem").Body.String()
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("search page renders crawled markup: %s", page)
	}
}

func TestBadParameters(t *testing.T) {
	srv, _ := newServer(t)
	long := strings.Repeat("a", model.MaxQueryLength+1)
	tests := []struct{ path, wantInMessage string }{
		{"/api/search", "q is required"},
		{"/api/search?q=x&size=0", "size"},
		{"/api/search?q=x&size=101", "size"},
		{"/api/search?q=x&page=0", "page"},
		{"/api/search?q=x&page=abc", "page"},
		{"/api/search?q=x&page=1001&size=10", "too deep"},
		{"/api/search?q=x&sort=popular", "sort"},
		{"/api/search?q=x&facets=maybe", "facets"},
		{"/api/search?q=x&type=blog", "type"},
		{"/api/search?q=x&year=19", "year"},
		{"/api/search?q=x&kind=exe", "kind"},
		{"/api/search?q=x&from=10.06.2020", "from"},
		{"/api/search?q=x&from=2021-01-01&to=2020-01-01", "before"},
		{"/api/search?q=" + long, "limit"},
		{"/api/grants?krs=123", "krs"},
		{"/api/grants?min=abc", "min"},
		{"/api/grants?min=100&max=10", "max"},
		{"/api/grants?sort=random", "sort"},
		{"/api/grants?size=500", "size"},
		{"/api/suggest?q=x&size=50", "size"},
	}
	for _, tt := range tests {
		t.Run(tt.path[:min(len(tt.path), 60)], func(t *testing.T) {
			rec := get(t, srv, tt.path)
			e := decode[errBody](t, rec)
			if rec.Code != http.StatusBadRequest || e.Error.Status != 400 || e.Error.Code != "bad_request" || !strings.Contains(e.Error.Message, tt.wantInMessage) {
				t.Errorf("status %d body %s; want 400 mentioning %q", rec.Code, rec.Body.String(), tt.wantInMessage)
			}
		})
	}
}

func TestGrantsAPI(t *testing.T) {
	srv, docs := newServer(t)
	type grants struct {
		Total  uint64
		Sum    json.Number
		Grants []struct {
			Organization, KRS, Task string
			Amount                  json.Number
			Year, Page              int
			SourceURL               string `json:"source_url"`
		}
	}
	rec := get(t, srv, "/api/grants?sort=-amount")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	g := decode[grants](t, rec)
	if g.Total != 2 || len(g.Grants) != 2 || g.Sum.String() != "57500.50" {
		t.Fatalf("grants = %s", rec.Body.String())
	}
	top := g.Grants[0]
	if top.Organization != "Stowarzyszenie Pomocy Bezdomnym" || top.Amount.String() != "45000.50" || top.SourceURL != docs[2].URL || top.Page != 2 {
		t.Errorf("top grant = %+v", top)
	}
	if !strings.Contains(rec.Body.String(), `"amount":12500.00`) {
		t.Errorf("amount not written with two decimals: %s", rec.Body.String())
	}
	for _, tt := range []struct {
		query string
		want  int
	}{
		{"krs=0000123456", 1}, {"year=2020", 1}, {"min=20000", 1}, {"max=20000", 1}, {"year=2019", 0},
	} {
		g := decode[grants](t, get(t, srv, "/api/grants?"+tt.query))
		if len(g.Grants) != tt.want {
			t.Errorf("%s: %d grants, want %d", tt.query, len(g.Grants), tt.want)
		}
	}
}

func TestDocumentAndPages(t *testing.T) {
	srv, docs := newServer(t)
	rec := get(t, srv, "/api/documents/"+docs[2].ID)
	d := decode[model.Document](t, rec)
	if rec.Code != http.StatusOK || d.URL != docs[2].URL || len(d.Pages) != 2 || d.SHA256 != docs[2].SHA256 {
		t.Errorf("document = %d %+v", rec.Code, d)
	}
	rec = get(t, srv, "/api/documents/brak")
	if e := decode[errBody](t, rec); rec.Code != http.StatusNotFound || e.Error.Code != "not_found" {
		t.Errorf("missing document: %d %s", rec.Code, rec.Body.String())
	}
	page := get(t, srv, "/dokument/"+docs[2].ID)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), docs[2].URL+"#page=2") {
		t.Errorf("document page %d lacks the page link: %s", page.Code, page.Body.String())
	}
	if get(t, srv, "/dokument/brak").Code != http.StatusNotFound {
		t.Error("missing document page is not 404")
	}
}

func TestRoutes(t *testing.T) {
	srv, _ := newServer(t)
	tests := []struct {
		method, path string
		status       int
		contains     string
	}{
		{"GET", "/healthz", 200, `"ok"`},
		{"GET", "/", 200, `lang="pl"`},
		{"GET", "/?q=sprawozdanie", 200, "Sprawozdanie ze współpracy miasta z NGO w roku 2019"},
		{"GET", "/static/style.css", 200, "mark"},
		{"GET", "/?q=bezdomno%C5%9B%C4%87", 200, `href="/?q=bezdomno%C5%9B%C4%87&amp;type=annual_report"`},
		{"GET", "/?q=bezdomno%C5%9B%C4%87&type=annual_report", 200, `aria-current="true" class="active">✓ Sprawozdanie roczne`},
		{"GET", "/granty?sort=-amount", 200, "Stowarzyszenie Pomocy Bezdomnym"},
		{"GET", "/organizacja/krs:0000123456", 200, "<svg"},
		{"GET", "/organizacja/krs:0000000000", 404, "Nie znaleziono organizacji"},
		{"GET", "/api/organizations/krs:0000123456", 200, `"by_year":[{"year":2021,"amount":12500.00,"count":1}]`},
		{"GET", "/api/suggest?q=spraw", 200, `"suggestions"`},
		{"GET", "/api/stats", 200, `"documents":4,`},
		{"GET", "/nie-ma", 404, `"not_found"`},
		{"GET", "/static/../../../../etc/passwd", 404, ""},
		{"GET", "/static/%2e%2e/%2e%2e/etc/passwd", 404, ""},
		{"GET", "/static/..%2f..%2fserver.go", 404, ""},
		{"GET", "/dokument/..%2f..%2fetc%2fpasswd", 404, `"not_found"`},
		{"GET", "/api/documents/..%2F..%2Fmeta.json", 404, `"not_found"`},
		{"POST", "/api/search?q=x", 405, `"method_not_allowed"`},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if strings.Contains(rec.Body.String(), "root:") || strings.Contains(rec.Body.String(), "package server") {
				t.Fatalf("%s served a file from outside the assets", tt.path)
			}
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("status %d body %.300s; want %d containing %q", rec.Code, rec.Body.String(), tt.status, tt.contains)
			}
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("CSP = %q", csp)
			}
		})
	}
}

// openIndex opens an empty index in a temporary directory, closed when the
// test ends, and the quiet logger it and the servers of the test log to.
func openIndex(t *testing.T) (*index.Index, *slog.Logger) {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ix, err := index.Open(t.TempDir(), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, logger
}
