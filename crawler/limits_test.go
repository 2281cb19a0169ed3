package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// TestMaxPagesHardCap: a site with 50 linked pages, MaxPages 7: the server
// sees exactly 7 requests besides robots.txt, the rest is left pending.
func TestMaxPagesHardCap(t *testing.T) {
	s := newSite(t)
	routes := map[string]route{}
	var links strings.Builder
	for i := range 50 {
		fmt.Fprintf(&links, `<a href="/p/%d">%d</a>`, i, i)
		routes[fmt.Sprintf("/p/%d", i)] = route{body: "page"}
	}
	routes["/"] = route{body: links.String()}
	routes["/sitemap.xml"] = route{status: 404}
	s.set(routes)

	cfg := testConfig(s.url("/"))
	cfg.MaxPages = 7
	cfg.Parallelism = 4
	sink := newCollect()
	rep := runCrawl(t, cfg, sink)
	if got := len(s.requests(false)); got != 7 {
		t.Errorf("server saw %d requests, want 7: %q", got, s.requests(false))
	}
	if rep.Fetched != 7 {
		t.Errorf("Fetched %d, want 7", rep.Fetched)
	}
	// The seed, the sitemap probe, and 5 pages.
	if rep.Pending != 50-5 {
		t.Errorf("Pending %d, want 45", rep.Pending)
	}
}

// TestBodySize: bodies over MaxBodySize are refused whether or not the server
// says Content-Length, never truncated; a body over colly's 10 MiB default
// arrives whole under a raised cap.
func TestBodySize(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), (10<<20)/16+4096) // 10 MiB + 64 KiB
	s := newSite(t)
	s.set(map[string]route{
		"/": {body: `<a href="/len.pdf">a</a><a href="/chunked.pdf">b</a><a href="/big.pdf">c</a><a href="/small.pdf">d</a>`},
		"/len.pdf": {fn: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Length", "3000")
			w.Write(bytes.Repeat([]byte("x"), 3000))
		}},
		"/chunked.pdf": {fn: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			for range 3 {
				w.Write(bytes.Repeat([]byte("y"), 1000))
				w.(http.Flusher).Flush()
			}
		}},
		"/small.pdf": {ctype: "application/pdf", body: strings.Repeat("z", 2000)},
	})

	t.Run("over the cap", func(t *testing.T) {
		cfg := testConfig(s.url("/"))
		cfg.MaxBodySize = 2500
		sink := newCollect()
		rep := runCrawl(t, cfg, sink)
		for _, p := range []string{"/len.pdf", "/chunked.pdf"} {
			if sink.get(s.url(p)) != nil {
				t.Errorf("%s stored despite the cap", p)
			}
			f, ok := refusedFor(rep, s.url(p))
			if !ok || !errors.Is(f.Err, ErrTooLarge) {
				t.Errorf("%s: refusal %+v %v, want ErrTooLarge", p, f, ok)
			}
		}
		if r := sink.get(s.url("/small.pdf")); r == nil || len(r.Body) != 2000 {
			t.Errorf("small.pdf not stored whole")
		}
	})

	t.Run("ten MiB whole", func(t *testing.T) {
		s.set(map[string]route{"/big.pdf": {fn: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write(big)
		}}})
		cfg := testConfig(s.url("/"))
		cfg.MaxBodySize = 11 << 20
		sink := newCollect()
		runCrawl(t, cfg, sink)
		r := sink.get(s.url("/big.pdf"))
		if r == nil {
			t.Fatal("big.pdf not stored")
		}
		if !bytes.Equal(r.Body, big) {
			t.Errorf("big.pdf: %d bytes stored, want %d", len(r.Body), len(big))
		}
	})
}

type countingTransport struct {
	n    atomic.Int32
	base http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	if r.Header.Get(tokenHeader) != "" {
		return nil, fmt.Errorf("internal header leaked to the wire")
	}
	return c.base.RoundTrip(r)
}

// TestCustomTransport: Config.Transport carries every request (robots.txt
// included), without our internal header.
func TestCustomTransport(t *testing.T) {
	s := newSite(t)
	s.set(map[string]route{"/": {body: `<a href="/a">a</a>`}, "/a": {body: "a"}})
	ct := &countingTransport{base: http.DefaultTransport}
	cfg := testConfig(s.url("/"))
	cfg.Transport = ct
	sink := newCollect()
	runCrawl(t, cfg, sink)
	if got, want := int(ct.n.Load()), len(s.requests(true)); got != want || got != 4 {
		t.Errorf("transport saw %d requests, server %d, want 4", got, want)
	}
	if len(sink.urls()) != 2 {
		t.Errorf("stored %q", sink.urls())
	}
}
