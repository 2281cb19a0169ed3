package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// route is what a test site answers for one path+query.
type route struct {
	status int
	ctype  string
	body   string
	header map[string]string
	fn     http.HandlerFunc // overrides everything else
}

type hit struct {
	URI    string // path?query
	At     time.Time
	Header http.Header
	Status int
}

// testSite is a real HTTP server on 127.0.0.1 with a request log.
type testSite struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]route
	hits   []hit
	// fallback answers URIs without a route (404 when nil).
	fallback http.HandlerFunc
}

func newSite(t *testing.T) *testSite {
	t.Helper()
	s := &testSite{t: t, routes: map[string]route{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *testSite) serve(w http.ResponseWriter, r *http.Request) {
	arrived := time.Now()
	s.mu.Lock()
	rt, ok := s.routes[r.URL.RequestURI()]
	fallback := s.fallback
	s.mu.Unlock()
	rec := &statusRecorder{ResponseWriter: w, status: 200}
	switch {
	case !ok && fallback != nil:
		fallback(rec, r)
	case !ok:
		http.NotFound(rec, r)
	case rt.fn != nil:
		rt.fn(rec, r)
	default:
		for k, v := range rt.header {
			rec.Header().Set(k, v)
		}
		switch ct := rt.ctype; ct {
		case "none": // no Content-Type at all (net/http would sniff one)
			rec.Header()["Content-Type"] = nil
		case "":
			rec.Header().Set("Content-Type", "text/html; charset=utf-8")
		default:
			rec.Header().Set("Content-Type", ct)
		}
		st := rt.status
		if st == 0 {
			st = 200
		}
		rec.WriteHeader(st)
		fmt.Fprint(rec, rt.body)
	}
	s.mu.Lock()
	s.hits = append(s.hits, hit{URI: r.URL.RequestURI(), At: arrived, Header: r.Header.Clone(), Status: rec.status})
	s.mu.Unlock()
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) Flush() { r.ResponseWriter.(http.Flusher).Flush() }

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// set installs routes ("/path?query" -> route).
func (s *testSite) set(routes map[string]route) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range routes {
		s.routes[k] = v
	}
}

func (s *testSite) html(uri, body string) { s.set(map[string]route{uri: {body: body}}) }

// url is the absolute URL of uri on this site.
func (s *testSite) url(uri string) string { return s.srv.URL + uri }

// host is "127.0.0.1:PORT".
func (s *testSite) host() string { return strings.TrimPrefix(s.srv.URL, "http://") }

// requests lists the URIs served, robots.txt excluded unless all is set.
func (s *testSite) requests(all bool) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, h := range s.hits {
		if all || h.URI != "/robots.txt" {
			out = append(out, h.URI)
		}
	}
	return out
}

func (s *testSite) hitsFor(uri string) []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []hit
	for _, h := range s.allHitsLocked() {
		if h.URI == uri {
			out = append(out, h)
		}
	}
	return out
}

func (s *testSite) allHitsLocked() []hit {
	out := slices.Clone(s.hits)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// allHits lists the requests in order of arrival.
func (s *testSite) allHits() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.hits)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// collect is a Sink that keeps everything.
type collect struct {
	mu       sync.Mutex
	got      map[string]*Response
	order    []string
	removed  []string
	storeErr func(*Response) error
	onStore  func(*Response)
}

func newCollect() *collect { return &collect{got: map[string]*Response{}} }

func (c *collect) Store(_ context.Context, r *Response) error {
	if c.onStore != nil {
		c.onStore(r)
	}
	if c.storeErr != nil {
		if err := c.storeErr(r); err != nil {
			return err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got[r.URL] = r
	c.order = append(c.order, r.URL)
	return nil
}

func (c *collect) Remove(_ context.Context, u string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removed = append(c.removed, u)
	return nil
}

func (c *collect) urls() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := slices.Clone(c.order)
	sort.Strings(out)
	return out
}

func (c *collect) get(u string) *Response {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.got[u]
}

// testConfig is a fast config for seeds on test sites.
func testConfig(seeds ...string) Config {
	return Config{
		Seeds:    seeds,
		Delay:    -1,
		URLRules: model.DefaultURLRules(),
		Timeout:  10 * time.Second,
	}
}

func runCrawl(t *testing.T, cfg Config, sink Sink) *Report {
	t.Helper()
	c, err := New(cfg, sink)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep, err := c.Run(ctx)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

// refusedFor finds the refusal of a URL.
func refusedFor(rep *Report, u string) (Failure, bool) {
	for _, f := range rep.Refused {
		if f.URL == u {
			return f, true
		}
	}
	return Failure{}, false
}

func failureFor(rep *Report, u string) (Failure, bool) {
	for _, f := range rep.Failures {
		if f.URL == u {
			return f, true
		}
	}
	return Failure{}, false
}
