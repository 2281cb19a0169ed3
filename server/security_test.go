package server_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/server"
)

const adminToken = "0123456789abcdef-admin-secret"

// securitySite is the hostile site with admin jobs enabled; jobs records
// every job the server started.
type securitySite struct {
	hostileSite
	mu   sync.Mutex
	jobs []string
}

func newSecuritySite(t *testing.T) *securitySite {
	t.Helper()
	s := &securitySite{}
	s.hostileSite = newHostileSiteWith(t, newTripwire(t), server.Config{AdminToken: adminToken,
		Admin: func(_ context.Context, job string) error {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.jobs = append(s.jobs, job)
			return nil
		}})
	return s
}

func (s *securitySite) ranJobs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.jobs...)
}

// routeExample is one request to a route, good or bad.
type routeExample struct {
	method, path string
	header       map[string]string
	status       int
}

// routeExamples has requests for every route of the router, including
// the error pages each can answer with. TestEveryResponseHasCSP fails when
// a route has none, so a new route must be added here.
func routeExamples(s *securitySite) map[string][]routeExample {
	id, key := s.doc.ID, url.PathEscape(s.grants[0].OrgKey)
	auth := map[string]string{"Authorization": "Bearer " + adminToken}
	return map[string][]routeExample{
		"GET /healthz":                       {{"GET", "/healthz", nil, 200}},
		"GET /readyz":                        {{"GET", "/readyz", nil, 200}},
		"GET /metrics":                       {{"GET", "/metrics", nil, 200}},
		"POST /admin/:job":                   {{"POST", "/admin/recrawl", nil, 401}, {"POST", "/admin/rebuild", auth, 202}, {"POST", "/admin/nie-ma", auth, 404}},
		"GET /feed.atom":                     {{"GET", "/feed.atom?q=pu%C5%82apka", nil, 200}, {"GET", "/feed.atom?size=0", nil, 400}},
		"GET /opensearch.xml":                {{"GET", "/opensearch.xml", nil, 200}},
		"GET /widget.js":                     {{"GET", "/widget.js", nil, 200}},
		"GET /api/datapackage.json":          {{"GET", "/api/datapackage.json", nil, 200}},
		"GET /api/openapi.json":              {{"GET", "/api/openapi.json", nil, 200}},
		"GET /api/search":                    {{"GET", "/api/search?q=pu%C5%82apka", nil, 200}, {"GET", "/api/search?q=x&size=0", nil, 400}, {"GET", "/api/search?q=pu%C5%82apka&format=csv", nil, 200}},
		"GET /api/grants":                    {{"GET", "/api/grants", nil, 200}, {"GET", "/api/grants?krs=1", nil, 400}, {"GET", "/api/grants?format=ndjson", nil, 200}},
		"GET /api/documents/:id":             {{"GET", "/api/documents/" + id, nil, 200}, {"GET", "/api/documents/brak", nil, 404}},
		"GET /api/documents/:id/archived":    {{"GET", "/api/documents/" + id + "/archived", nil, 200}, {"GET", "/api/documents/brak/archived", nil, 404}},
		"GET /api/suggest":                   {{"GET", "/api/suggest?q=pu", nil, 200}, {"GET", "/api/suggest?q=pu&size=99", nil, 400}},
		"GET /api/organizations/:key":        {{"GET", "/api/organizations/" + key, nil, 200}, {"GET", "/api/organizations/krs:0000000000", nil, 404}},
		"GET /api/stats":                     {{"GET", "/api/stats", nil, 200}},
		"GET /":                              {{"GET", "/", nil, 200}, {"GET", "/?q=pu%C5%82apka", nil, 200}, {"GET", "/?q=x&size=abc", nil, 400}},
		"GET /dokument/:id":                  {{"GET", "/dokument/" + id, nil, 200}, {"GET", "/dokument/brak", nil, 404}},
		"GET /granty":                        {{"GET", "/granty", nil, 200}, {"GET", "/granty?krs=1", nil, 400}},
		"GET /organizacja/:key":              {{"GET", "/organizacja/" + key, nil, 200}, {"GET", "/organizacja/krs:0000000000", nil, 404}},
		"GET /static/*filepath":              {{"GET", "/static/style.css", nil, 200}, {"GET", "/static/nie-ma.css", nil, 404}},
		"HEAD /static/*filepath":             {{"HEAD", "/static/style.css", nil, 200}},
		"unmatched (404, 405, preflight)":    {{"GET", "/nie-ma", nil, 404}, {"POST", "/api/search?q=x", nil, 405}, {"OPTIONS", "/api/search", map[string]string{"Origin": "https://www.krakow.pl", "Access-Control-Request-Method": "GET"}, 204}},
		"gzip (the same routes, compressed)": {{"GET", "/?q=pu%C5%82apka", map[string]string{"Accept-Encoding": "gzip"}, 200}, {"GET", "/dokument/brak", map[string]string{"Accept-Encoding": "gzip"}, 404}},
	}
}

// uiCSP are the directives every HTML page of ours must carry.
var uiCSP = []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"}

// TestEveryResponseHasCSP walks every route of the router (the list comes
// from the router itself) with good and bad requests: every answer has a
// Content-Security-Policy; HTML pages have the UI's strict one (no inline
// script or style, no framing, no <base>), and the archived copy of a
// crawled page is sandboxed.
func TestEveryResponseHasCSP(t *testing.T) {
	s := newSecuritySite(t)
	examples := routeExamples(s)
	for _, r := range s.srv.Routes() {
		if _, ok := examples[r]; !ok {
			t.Errorf("route %s has no example in routeExamples: add one", r)
		}
	}
	for route, exs := range examples {
		for _, ex := range exs {
			t.Run(ex.method+" "+ex.path, func(t *testing.T) {
				rec := request(t, s.srv, ex.method, ex.path, ex.header)
				if rec.Code != ex.status {
					t.Errorf("%s: status %d, want %d: %.200s", route, rec.Code, ex.status, rec.Body.String())
				}
				csp := rec.Header().Get("Content-Security-Policy")
				if csp == "" {
					t.Fatalf("%s: no Content-Security-Policy", route)
				}
				for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "*"} {
					if slices.Contains(strings.Fields(strings.ReplaceAll(csp, ";", " ")), bad) {
						t.Errorf("%s: CSP %q allows %s", route, csp, bad)
					}
				}
				switch {
				case route == "GET /api/documents/:id/archived" && rec.Code == http.StatusOK:
					for _, d := range []string{"sandbox", "default-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"} {
						if !strings.Contains(csp, d) {
							t.Errorf("archived copy: CSP %q lacks %s", csp, d)
						}
					}
				case strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html"):
					for _, d := range uiCSP {
						if !strings.Contains(csp, d) {
							t.Errorf("%s: HTML page's CSP %q lacks %s", route, csp, d)
						}
					}
					if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
						t.Errorf("%s: no X-Content-Type-Options: nosniff", route)
					}
				}
			})
		}
	}
	if jobs := s.ranJobs(); !slices.Equal(jobs, []string{"rebuild"}) {
		t.Errorf("admin jobs run: %q, want only the one with the token", jobs)
	}
}

// TestAdminRefusesWithoutToken: the admin jobs run only with exactly the
// configured bearer token in the Authorization header, never with a token
// elsewhere in the request, a prefix of it, another scheme or another
// method, and a refusal is not CORS-readable.
func TestAdminRefusesWithoutToken(t *testing.T) {
	s := newSecuritySite(t)
	for _, job := range []string{"recrawl", "rebuild", "backup"} {
		for _, tt := range []struct {
			name, method, query string
			header              map[string]string
			want                int
		}{
			{"no header", "POST", "", nil, 401},
			{"empty bearer", "POST", "", map[string]string{"Authorization": "Bearer "}, 401},
			{"wrong token", "POST", "", map[string]string{"Authorization": "Bearer " + strings.Repeat("x", len(adminToken))}, 401},
			{"prefix of the token", "POST", "", map[string]string{"Authorization": "Bearer " + adminToken[:16]}, 401},
			{"token and more", "POST", "", map[string]string{"Authorization": "Bearer " + adminToken + "x"}, 401},
			{"token without scheme", "POST", "", map[string]string{"Authorization": adminToken}, 401},
			{"basic scheme", "POST", "", map[string]string{"Authorization": "Basic " + adminToken}, 401},
			{"token in the query", "POST", "?token=" + adminToken + "&access_token=" + adminToken, nil, 401},
			{"token in a cookie", "POST", "", map[string]string{"Cookie": "token=" + adminToken}, 401},
			{"token in another header", "POST", "", map[string]string{"X-Admin-Token": adminToken, "X-Api-Key": adminToken}, 401},
			{"GET with the token", "GET", "", map[string]string{"Authorization": "Bearer " + adminToken}, 405},
			{"cross-site, no token", "POST", "", map[string]string{"Origin": "https://evil.example", "Content-Type": "text/plain"}, 401},
		} {
			t.Run(job+"/"+tt.name, func(t *testing.T) {
				rec := request(t, s.srv, tt.method, "/admin/"+job+tt.query, tt.header)
				if rec.Code != tt.want {
					t.Errorf("%d, want %d: %s", rec.Code, tt.want, rec.Body.String())
				}
				if tt.want == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("401 without WWW-Authenticate: %v", rec.Header())
				}
				if acao := rec.Header().Get("Access-Control-Allow-Origin"); acao != "" {
					t.Errorf("admin answer is CORS-readable: %q", acao)
				}
			})
		}
	}
	if jobs := s.ranJobs(); len(jobs) > 0 {
		t.Fatalf("jobs ran without the token: %q", jobs)
	}
	if rec := request(t, s.srv, "POST", "/admin/backup", map[string]string{"Authorization": "Bearer " + adminToken}); rec.Code != http.StatusAccepted {
		t.Errorf("the right token: %d %s", rec.Code, rec.Body.String())
	}
	if jobs := s.ranJobs(); !slices.Equal(jobs, []string{"backup"}) {
		t.Errorf("jobs = %q, want [backup]", jobs)
	}
}

// TestCORSOnlyOnReadOnlyEndpoints sends every route's examples with a
// foreign Origin: only GET answers of the read-only API and the feed are
// CORS-readable, never with credentials; the UI, the admin jobs, metrics
// and health checks are not, and no preflight lets a browser send
// anything but GET.
func TestCORSOnlyOnReadOnlyEndpoints(t *testing.T) {
	s := newSecuritySite(t)
	const origin = "https://evil.example"
	for route, exs := range routeExamples(s) {
		for _, ex := range exs {
			t.Run(ex.method+" "+ex.path, func(t *testing.T) {
				h := map[string]string{"Origin": origin}
				for k, v := range ex.header {
					h[k] = v
				}
				if ex.method == "OPTIONS" {
					h["Origin"] = origin
				}
				rec := request(t, s.srv, ex.method, ex.path, h)
				acao := rec.Header().Get("Access-Control-Allow-Origin")
				readOnly := (ex.method == "GET" || ex.method == "OPTIONS") &&
					(strings.HasPrefix(ex.path, "/api/") || strings.HasPrefix(ex.path, "/feed.atom"))
				if acao != "" && !readOnly {
					t.Errorf("%s: %s %s is CORS-readable (%q)", route, ex.method, ex.path, acao)
				}
				if readOnly && acao == "" && rec.Code != http.StatusMethodNotAllowed {
					t.Errorf("%s: the read-only %s is not CORS-readable", route, ex.path)
				}
				if c := rec.Header().Get("Access-Control-Allow-Credentials"); c != "" {
					t.Errorf("%s: Access-Control-Allow-Credentials %q", route, c)
				}
			})
		}
	}
	for _, tt := range []struct{ name, path, method, headers string }{
		{"admin POST", "/admin/recrawl", "POST", "authorization"},
		{"admin DELETE", "/admin/rebuild", "DELETE", ""},
		{"API POST", "/api/search", "POST", "content-type"},
		{"API PUT", "/api/documents/x", "PUT", ""},
		{"API DELETE", "/api/documents/x", "DELETE", ""},
		{"API with credentials header", "/api/grants", "GET", "authorization"},
		{"UI POST", "/", "POST", ""},
	} {
		t.Run("preflight "+tt.name, func(t *testing.T) {
			h := map[string]string{"Origin": origin, "Access-Control-Request-Method": tt.method}
			if tt.headers != "" {
				h["Access-Control-Request-Headers"] = tt.headers
			}
			rec := request(t, s.srv, "OPTIONS", tt.path, h)
			methods := rec.Header().Get("Access-Control-Allow-Methods")
			allowed := rec.Header().Get("Access-Control-Allow-Origin") != "" &&
				strings.Contains(methods, tt.method) &&
				(tt.headers == "" || strings.Contains(strings.ToLower(rec.Header().Get("Access-Control-Allow-Headers")), tt.headers))
			if allowed {
				t.Errorf("the preflight lets %s %s through: %d %v", tt.method, tt.path, rec.Code, rec.Header())
			}
			if acao := rec.Header().Get("Access-Control-Allow-Origin"); !strings.HasPrefix(tt.path, "/api/") && acao != "" {
				t.Errorf("the preflight of %s %s has Access-Control-Allow-Origin %q", tt.method, tt.path, acao)
			}
		})
	}
	if jobs := s.ranJobs(); !slices.Equal(jobs, []string{"rebuild"}) {
		t.Errorf("jobs run: %q, want only the one with the token", jobs)
	}
}

// rawGET sends path exactly as written over a real connection, so no
// client cleans or re-encodes it, and reads the answer.
func rawGET(t *testing.T, addr, path string) (int, http.Header, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// TestNoPathTraversal sends dot-dot paths, encoded and double-encoded
// slashes and dots, backslashes and NUL bytes to every route that takes a
// path or an ID (the static files, documents, their archived copies,
// organisations) over a real socket: none reads anything but what the
// route serves, and none redirects off the site.
func TestNoPathTraversal(t *testing.T) {
	s := newSecuritySite(t)
	ts := httptest.NewServer(s.srv)
	defer ts.Close()
	addr := strings.TrimPrefix(ts.URL, "http://")
	// What a file outside the served assets would show.
	secrets := []string{"root:x:0:0", "module github.com/krakow-ngo", "package server", "{{define", "WARC/1.1", "WARC-Type", "\"index_type\"", "nakladka-wroga"}
	var paths []string
	for _, prefix := range []string{"/static/", "/dokument/", "/api/documents/", "/organizacja/", "/api/organizations/", "/", "/widget.js/", "/feed.atom/"} {
		for _, up := range []string{"../", "..%2f", "..%2F", "%2e%2e/", "%2e%2e%2f", ".%2e/", "%252e%252e%252f", "..%5c", "..\\", "....//", "..;/", "%c0%ae%c0%ae/"} {
			for _, target := range []string{"etc/passwd", "go.mod", "server/server.go", "templates/layout.html", "archive.warc.gz", "index/meta.json"} {
				paths = append(paths, prefix+strings.Repeat(up, 4)+target)
			}
		}
	}
	paths = append(paths,
		"/static/../templates/layout.html", "/static/%2e%2e/templates/layout.html", "/static//etc/passwd",
		"/static/style.css%00.html", "/static/style.css/..%2f..%2fgo.mod", "//etc/passwd", "/%2fetc%2fpasswd",
		"/api/documents/"+s.doc.ID+"%2f..%2f..%2farchive.warc.gz/archived",
		"/api/documents/..%2f..%2farchive.warc.gz/archived", "/api/documents/%2e%2e/archived",
		"/api/documents/"+s.doc.ID+"/archived/..%2f..%2f..%2fgo.mod", "/dokument/"+s.doc.ID+"/../../go.mod",
		"/api/documents/"+s.doc.ID+"%00/archived",
	)
	codes := map[int]int{}
	for _, p := range paths {
		code, h, body := rawGET(t, addr, p)
		codes[code]++
		for _, sec := range secrets {
			if strings.Contains(body, sec) {
				t.Errorf("GET %s (%d) shows %q: a file outside what the route serves", p, code, sec)
			}
		}
		if code == http.StatusOK && !strings.HasPrefix(p, "/static/") {
			t.Errorf("GET %s: 200 %s", p, h.Get("Content-Type"))
		}
		if loc := h.Get("Location"); loc != "" {
			u, err := url.Parse(loc)
			if err != nil || u.Host != "" || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
				t.Errorf("GET %s redirects off the site: %q", p, loc)
			}
		}
	}
	// The archived copy of the real document still reads.
	if code, _, body := rawGET(t, addr, "/api/documents/"+s.doc.ID+"/archived"); code != 200 || !strings.Contains(body, "nakladka-wroga") {
		t.Errorf("the archived copy: %d", code)
	}
	t.Logf("%d traversal paths sent; answers by status: %v", len(paths), codes)
}

// TestReflectedInputIsEscaped: what a visitor types (or a link makes them
// send) comes back in the UI's forms, titles and error messages as text,
// never as markup.
func TestReflectedInputIsEscaped(t *testing.T) {
	s := newSecuritySite(t)
	const payload = `"><img src=x onerror=alert(1)><script>alert(2)</script>`
	p := url.QueryEscape(payload)
	for _, path := range []string{
		"/?q=" + p, "/?q=" + p + "&type=news", "/?q=x&size=" + p, "/?q=x&sort=" + p, "/?q=x&org=" + p, "/?q=x&host=" + p,
		"/granty?q=" + p, "/granty?org=" + p, "/granty?krs=" + p, "/granty?min=" + p, "/granty?year=" + p + "&sort=" + p,
		"/dokument/" + url.PathEscape(payload), "/organizacja/" + url.PathEscape(payload),
	} {
		rec := get(t, s.srv, path)
		body := rec.Body.String()
		if strings.Contains(body, "<img src=x") || strings.Contains(body, "<script>alert") {
			t.Errorf("%s (%d) reflects the input as markup: %.300s", path, rec.Code, body[max(0, strings.Index(body, "<img src=x")-100):])
		}
	}
}
