package crawler

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestTimeouts: headers that never come, a body that stalls, and a host
// that does not answer at all each fail the URL after the configured time
// (retried first), without stopping the crawl, and never count as gone.
func TestTimeouts(t *testing.T) {
	s := newSite(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	// A listener that accepts nothing: connections hang in the backlog.
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dead.Close() })
	s.set(map[string]route{
		"/": {body: `<a href="/no-headers">a</a><a href="/stall">b</a><a href="/ok">c</a><a href="/flowing">d</a>`},
		"/no-headers": {fn: func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}},
		"/stall": {fn: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte(strings.Repeat("x", 100)))
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}},
		// Slower than HeaderTimeout overall, but never silent that long.
		"/flowing": {fn: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			for range 10 {
				w.Write([]byte(strings.Repeat("y", 100)))
				w.(http.Flusher).Flush()
				time.Sleep(60 * time.Millisecond)
			}
		}},
		"/ok":          {body: "fine"},
		"/sitemap.xml": {status: 404},
	})
	cfg := testConfig(s.url("/"))
	cfg.HeaderTimeout = 400 * time.Millisecond
	cfg.Timeout = 3 * time.Second
	cfg.MaxRetries = 1
	cfg.DataDir = t.TempDir()
	sink := newCollect()
	start := time.Now()
	rep := runCrawl(t, cfg, sink)
	if took := time.Since(start); took > 8*time.Second {
		t.Errorf("crawl took %v", took)
	}
	for _, p := range []string{"/no-headers", "/stall"} {
		f, ok := failureFor(rep, s.url(p))
		if !ok {
			t.Errorf("%s: no failure", p)
			continue
		}
		if n := len(s.hitsFor(p)); n != 2 {
			t.Errorf("%s tried %d times, want 2", p, n)
		}
		if !strings.Contains(f.Reason, "timeout") && !errors.Is(f.Err, errTimeout) {
			t.Errorf("%s: %s, want a timeout", p, f.Reason)
		}
	}
	if r := sink.get(s.url("/flowing")); r == nil || len(r.Body) != 1000 {
		f, _ := failureFor(rep, s.url("/flowing"))
		t.Errorf("slow but flowing body not harvested whole: %v %+v", r != nil, f)
	}
	if sink.get(s.url("/ok")) == nil {
		t.Errorf("/ok lost")
	}

	t.Run("connect", func(t *testing.T) {
		cfg := testConfig("http://" + dead.Addr().String() + "/")
		cfg.ConnectTimeout = 200 * time.Millisecond
		cfg.HeaderTimeout = 200 * time.Millisecond
		cfg.MaxRetries = -1
		rep := runCrawl(t, cfg, newCollect())
		if f, ok := refusedFor(rep, cfg.Seeds[0]); !ok || !errors.Is(f.Err, ErrRobots) || !strings.Contains(f.Reason, "unreachable") {
			t.Errorf("unreachable host: %+v %v", f, ok)
		}
	})
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name, value string
		want        time.Duration
		ok          bool
	}{
		{"seconds", "120", 2 * time.Minute, true},
		{"zero", "0", 0, true},
		{"http date", "Thu, 26 Nov 2026 08:00:30 GMT", 30 * time.Second, true},
		{"date in the past", "Thu, 26 Nov 2026 07:00:00 GMT", 0, true},
		{"absent", "", 0, false},
		{"garbage", "soon", 0, false},
		{"negative", "-5", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.value != "" {
				h.Set("Retry-After", tc.value)
			}
			got, ok := retryAfter(h, now)
			if got != tc.want || ok != tc.ok {
				t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tc.value, got, ok, tc.want, tc.ok)
			}
		})
	}
}
