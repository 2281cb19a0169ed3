package server_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/server"
)

func request(t *testing.T, h http.Handler, method, path string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestGrantsCSV(t *testing.T) {
	srv, _ := newServer(t)
	for _, tt := range []struct {
		query string
		sep   rune
	}{{"format=csv", ','}, {"format=csv&sep=%3B", ';'}} {
		t.Run(tt.query, func(t *testing.T) {
			rec := get(t, srv, "/api/grants?sort=-amount&"+tt.query)
			if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
				t.Fatalf("status %d type %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			body := rec.Body.String()
			if !strings.HasPrefix(body, "\ufeff") {
				t.Error("CSV has no UTF-8 byte-order mark: Excel would garble Polish letters")
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
			r.Comma = tt.sep
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 3 || rows[0][0] != "organizacja" || rows[1][0] != "Stowarzyszenie Pomocy Bezdomnym" || rows[1][3] != "45000.50" || rows[2][0] != "Fundacja „Nowe Miasto”" {
				t.Errorf("rows = %q", rows)
			}
		})
	}
	if rec := get(t, srv, "/api/grants?format=xls"); rec.Code != http.StatusBadRequest {
		t.Errorf("format=xls: %d", rec.Code)
	}
}

func TestNDJSONExport(t *testing.T) {
	srv, _ := newServer(t)
	rec := get(t, srv, "/api/search?q=bezdomno%C5%9B%C4%87&format=ndjson")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	sc := bufio.NewScanner(rec.Body)
	n := 0
	for sc.Scan() {
		var h struct{ ID, URL, Title string }
		if err := json.Unmarshal(sc.Bytes(), &h); err != nil || h.ID == "" || h.URL == "" {
			t.Errorf("line %d %q: %v", n+1, sc.Text(), err)
		}
		n++
	}
	if n < 2 {
		t.Errorf("%d lines, want every hit (at least 2)", n)
	}
}

func TestFeedAndOpenSearch(t *testing.T) {
	srv, docs := newServer(t)
	rec := get(t, srv, "/feed.atom?q=sprawozdanie")
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title string `xml:"title"`
			Links []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil || rec.Code != 200 {
		t.Fatalf("feed %d: %v: %s", rec.Code, err, rec.Body.String())
	}
	if len(feed.Entries) < 2 || !strings.Contains(feed.Title, "sprawozdanie") {
		t.Fatalf("feed = %+v", feed)
	}
	if feed.Entries[0].Updated < feed.Entries[1].Updated {
		t.Errorf("feed not newest first: %s before %s", feed.Entries[0].Updated, feed.Entries[1].Updated)
	}
	if feed.Entries[0].Links[0].Href != docs[0].URL {
		t.Errorf("newest entry links %q, want %q", feed.Entries[0].Links[0].Href, docs[0].URL)
	}
	os := get(t, srv, "/opensearch.xml")
	if os.Code != 200 || !strings.Contains(os.Body.String(), `template="http://example.com/?q={searchTerms}`) {
		t.Errorf("opensearch: %d %s", os.Code, os.Body.String())
	}
	var dp struct {
		Licenses  []struct{ Name string }
		Resources []struct{ Path, Format string }
	}
	if err := json.Unmarshal(get(t, srv, "/api/datapackage.json").Body.Bytes(), &dp); err != nil || len(dp.Licenses) == 0 || len(dp.Resources) == 0 || dp.Resources[0].Format != "csv" {
		t.Errorf("datapackage = %+v, %v", dp, err)
	}
}

func TestCORS(t *testing.T) {
	srv, _ := newServer(t)
	rec := request(t, srv, "GET", "/api/search?q=sprawozdanie", map[string]string{"Origin": "https://www.krakow.pl"})
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("API answer lacks CORS: %v", rec.Header())
	}
	pre := request(t, srv, "OPTIONS", "/api/search?q=x", map[string]string{"Origin": "https://www.krakow.pl", "Access-Control-Request-Method": "GET"})
	if pre.Code != http.StatusNoContent || !strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "GET") || strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight %d %v", pre.Code, pre.Header())
	}
	if request(t, srv, "GET", "/?q=x", map[string]string{"Origin": "https://evil.example"}).Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("the HTML UI must not be CORS-readable")
	}

	ix, logger := openIndex(t)
	strict, err := server.New(server.Config{Logger: logger, CORSOrigins: []string{"https://www.krakow.pl"}}, ix)
	if err != nil {
		t.Fatal(err)
	}
	if got := request(t, strict, "GET", "/api/suggest?q=x", map[string]string{"Origin": "https://www.krakow.pl"}).Header().Get("Access-Control-Allow-Origin"); got != "https://www.krakow.pl" {
		t.Errorf("allowed origin got %q", got)
	}
	if got := request(t, strict, "GET", "/api/suggest?q=x", map[string]string{"Origin": "https://evil.example"}).Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("foreign origin got %q", got)
	}
}

func TestETagAndGzip(t *testing.T) {
	srv, _ := newServer(t)
	first := get(t, srv, "/api/search?q=sprawozdanie")
	etag := first.Header().Get("ETag")
	if etag == "" || !strings.Contains(first.Header().Get("Cache-Control"), "max-age") {
		t.Fatalf("no ETag/Cache-Control: %v", first.Header())
	}
	again := request(t, srv, "GET", "/api/search?q=sprawozdanie", map[string]string{"If-None-Match": etag})
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("conditional GET = %d with %d bytes", again.Code, again.Body.Len())
	}
	gz := request(t, srv, "GET", "/api/search?q=sprawozdanie", map[string]string{"Accept-Encoding": "gzip"})
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("not gzipped: %v", gz.Header())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	noTime := regexp.MustCompile(`"took_ms":\d+|"score":[0-9.e-]+`)
	if err != nil || noTime.ReplaceAllString(string(plain), "") != noTime.ReplaceAllString(first.Body.String(), "") {
		t.Errorf("gunzipped body differs (%v)", err)
	}
}

func TestWidgetScript(t *testing.T) {
	srv, _ := newServer(t)
	rec := get(t, srv, "/widget.js")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") {
		t.Fatalf("widget.js %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	js := rec.Body.String()
	for _, want := range []string{`role: "combobox"`, "aria-activedescendant", "attachShadow", `credentials: "omit"`} {
		if !strings.Contains(js, want) {
			t.Errorf("widget lacks %s", want)
		}
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(rec.Body.Bytes())
	zw.Close()
	if buf.Len() > 15*1024 {
		t.Errorf("widget is %d bytes gzipped, the budget is 15 KB", buf.Len())
	}
	if strings.Contains(js, "innerHTML = ") && !strings.Contains(js, `tmp.innerHTML = parts[i].replace(/</g, "&lt;")`) {
		t.Error("widget writes innerHTML other than through its entity decoder")
	}
}

func TestRateLimitAndAdmin(t *testing.T) {
	ix, logger := openIndex(t)
	var mu sync.Mutex
	var jobs []string
	token := "0123456789abcdef-secret"
	srv, err := server.New(server.Config{Logger: logger, RateLimit: 1, RateBurst: 3, AdminToken: token,
		Admin: func(_ context.Context, job string) error {
			mu.Lock()
			defer mu.Unlock()
			if len(jobs) > 0 && jobs[len(jobs)-1] == job {
				return server.ErrAdminBusy
			}
			jobs = append(jobs, job)
			return nil
		}}, ix)
	if err != nil {
		t.Fatal(err)
	}
	codes := []int{}
	for range 5 {
		codes = append(codes, get(t, srv, "/api/suggest?q=kra").Code)
	}
	if codes[0] != 200 || codes[2] != 200 || codes[4] != http.StatusTooManyRequests {
		t.Errorf("codes with burst 3 = %v", codes)
	}
	if rec := get(t, srv, "/healthz"); rec.Code != 200 {
		t.Errorf("health checks must not be rate limited: %d", rec.Code)
	}

	for _, tt := range []struct {
		name, auth, job string
		want            int
	}{
		{"no token", "", "recrawl", http.StatusUnauthorized},
		{"wrong token", "Bearer nope", "recrawl", http.StatusUnauthorized},
		{"recrawl", "Bearer " + token, "recrawl", http.StatusAccepted},
		{"busy", "Bearer " + token, "recrawl", http.StatusConflict},
		{"rebuild", "Bearer " + token, "rebuild", http.StatusAccepted},
		{"unknown job", "Bearer " + token, "format-disk", http.StatusNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := request(t, srv, "POST", "/admin/"+tt.job, map[string]string{"Authorization": tt.auth})
			if rec.Code != tt.want {
				t.Errorf("%d, want %d: %s", rec.Code, tt.want, rec.Body.String())
			}
		})
	}
	if len(jobs) != 2 || jobs[0] != "recrawl" || jobs[1] != "rebuild" {
		t.Errorf("jobs run = %v", jobs)
	}

	plain, _ := newServer(t)
	if rec := request(t, plain, "POST", "/admin/recrawl", map[string]string{"Authorization": "Bearer " + token}); rec.Code != http.StatusNotFound {
		t.Errorf("admin without a configured token = %d, want 404", rec.Code)
	}
	if _, err := server.New(server.Config{AdminToken: "short"}, ix); err == nil {
		t.Error("a short admin token was accepted")
	}
	if _, err := server.New(server.Config{}, nil); err == nil || errors.Is(err, nil) {
		t.Error("a server without an index was accepted")
	}
}

func TestMetrics(t *testing.T) {
	srv, _ := newServer(t)
	get(t, srv, "/api/search?q=sprawozdanie")
	rec := get(t, srv, "/metrics")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `ngosearch_http_requests_total{route="/api/search",status="200"} 1`) {
		t.Errorf("metrics: %d %.500s", rec.Code, rec.Body.String())
	}
}

// TestRequestTimeout: a search that outlives the per-request deadline is
// cancelled through its context and answered 503 "timeout".
func TestRequestTimeout(t *testing.T) {
	ix, logger := openIndex(t)
	srv, err := server.New(server.Config{Logger: logger, RequestTimeout: time.Nanosecond}, ix)
	if err != nil {
		t.Fatal(err)
	}
	rec := get(t, srv, "/api/search?q=sprawozdanie")
	e := decode[errBody](t, rec)
	if rec.Code != http.StatusServiceUnavailable || e.Error.Code != "timeout" {
		t.Errorf("status %d body %s; want 503 timeout", rec.Code, rec.Body.String())
	}
}

// TestPublicURL: the absolute links of the OpenSearch description, the
// feed and the data package use Config.PublicURL when it is set, whatever
// Host a client sends; without it they follow the request, escaped.
func TestPublicURL(t *testing.T) {
	ix, logger := openIndex(t)
	tests := []struct {
		name, public, host string
		want               []string // in every answer
	}{
		{"public URL wins over Host", "https://ngo.krakow.pl/szukaj/", "evil.example", []string{"https://ngo.krakow.pl/szukaj/"}},
		{"request's host", "", "search.krakow.pl:8080", []string{"http://search.krakow.pl:8080/"}},
		{"ampersand in Host escaped", "", "a&b", []string{"http://a&amp;b/", `http://a\u0026b/`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := server.New(server.Config{Logger: logger, PublicURL: tt.public}, ix)
			if err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{"/opensearch.xml", "/feed.atom?q=sprawozdanie", "/api/datapackage.json"} {
				req := httptest.NewRequest("GET", path, nil)
				req.Host = tt.host
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				body := rec.Body.String()
				if rec.Code != http.StatusOK {
					t.Fatalf("%s: %d %s", path, rec.Code, body)
				}
				if strings.Contains(body, "evil.example") {
					t.Errorf("%s links to the client's Host: %s", path, body)
				}
				if !slices.ContainsFunc(tt.want, func(w string) bool { return strings.Contains(body, w) }) {
					t.Errorf("%s has none of %q: %s", path, tt.want, body)
				}
				if strings.HasSuffix(path, ".xml") || strings.Contains(path, ".atom") {
					if err := xml.Unmarshal(rec.Body.Bytes(), new(struct{})); err != nil {
						t.Errorf("%s is not well-formed XML: %v", path, err)
					}
				}
			}
		})
	}
	for _, bad := range []string{"ngo.krakow.pl", "ftp://ngo.krakow.pl", "https://ngo.krakow.pl/?q=1", "https://user@ngo.krakow.pl", "https://"} {
		if _, err := server.New(server.Config{PublicURL: bad}, ix); err == nil {
			t.Errorf("public URL %q accepted", bad)
		}
	}
}
