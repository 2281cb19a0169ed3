package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// etagRoute serves body with an ETag and answers If-None-Match with 304.
func etagRoute(body func() string, notModified *atomic.Int32) route {
	return route{fn: func(w http.ResponseWriter, r *http.Request) {
		b := body()
		tag := fmt.Sprintf(`"%x"`, len(b)*7919+int(b[len(b)-1]))
		w.Header().Set("ETag", tag)
		if r.Header.Get("If-None-Match") == tag {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, b)
	}}
}

// TestRecrawlConditional: a second Run with the same DataDir sends
// If-None-Match / If-Modified-Since; 304s and unchanged bodies are not
// handed to the Sink; a changed page is; a page only reachable through a
// 304 listing is still checked.
func TestRecrawlConditional(t *testing.T) {
	s := newSite(t)
	var notModified atomic.Int32
	var mu sync.Mutex
	changing := "version 1"
	s.set(map[string]route{
		"/":       etagRoute(func() string { return `<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a>` }, &notModified),
		"/a":      etagRoute(func() string { return `<a href="/a/deep">deep</a>` }, &notModified),
		"/a/deep": etagRoute(func() string { return "deep" }, &notModified),
		"/b": {fn: func(w http.ResponseWriter, r *http.Request) { // no validators at all
			fmt.Fprint(w, "always the same")
		}},
		"/c": {fn: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Last-Modified", "Tue, 10 Jun 2020 10:00:00 GMT")
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprint(w, changing)
		}},
		"/sitemap.xml": {status: 404},
	})
	dir := t.TempDir()
	cfg := testConfig(s.url("/"))
	cfg.DataDir = dir

	first := newCollect()
	rep1 := runCrawl(t, cfg, first)
	if rep1.Stored != 5 || rep1.Unchanged != 0 {
		t.Fatalf("first run stored %d unchanged %d, want 5 0", rep1.Stored, rep1.Unchanged)
	}
	if _, err := os.Stat(filepath.Join(dir, StateFile)); err != nil {
		t.Fatalf("state file: %v", err)
	}

	mu.Lock()
	changing = "version 2"
	mu.Unlock()
	t.Logf("first run: stored %d, pending %d", len(first.urls()), rep1.Pending)
	second := newCollect()
	rep2 := runCrawl(t, cfg, second)
	t.Logf("second run: stored %d", len(second.urls()))
	if got := notModified.Load(); got != 3 {
		t.Errorf("server answered %d 304s, want 3 (/, /a, /a/deep)", got)
	}
	if got := second.urls(); !slices.Equal(got, []string{s.url("/c")}) {
		t.Errorf("second run stored %q, want only the changed /c", got)
	}
	if rep2.Unchanged != 4 || rep2.Stored != 1 {
		t.Errorf("second run unchanged %d stored %d, want 4 1", rep2.Unchanged, rep2.Stored)
	}
	if h := s.hitsFor("/c"); len(h) != 2 || h[1].Header.Get("If-Modified-Since") != "Tue, 10 Jun 2020 10:00:00 GMT" {
		t.Errorf("/c not asked conditionally: %d hits", len(h))
	}
	if h := s.hitsFor("/a/deep"); len(h) != 2 {
		t.Errorf("/a/deep (behind a 304 page) checked %d times, want 2", len(h))
	}

	cfg.Full = true
	third := newCollect()
	runCrawl(t, cfg, third)
	if n := len(third.urls()); n != 5 {
		t.Errorf("Full run stored %d, want 5", n)
	}
}

// TestRemoval: a stored page that answers 404 on two consecutive crawls is
// removed from the Sink; one that answers 503 (or times out) never is.
func TestRemoval(t *testing.T) {
	s := newSite(t)
	var mu sync.Mutex
	status := map[string]int{"/gone": 200, "/busy": 200}
	page := func(p string) route {
		return route{fn: func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			st := status[p]
			mu.Unlock()
			w.WriteHeader(st)
			fmt.Fprint(w, "content of "+p)
		}}
	}
	s.set(map[string]route{
		"/":            {body: `<a href="/gone">g</a><a href="/busy">b</a>`},
		"/gone":        page("/gone"),
		"/busy":        page("/busy"),
		"/sitemap.xml": {status: 404},
	})
	cfg := testConfig(s.url("/"))
	cfg.DataDir = t.TempDir()
	cfg.MaxRetries = -1
	sink := newCollect()
	runCrawl(t, cfg, sink)

	mu.Lock()
	status["/gone"], status["/busy"] = 404, 503
	mu.Unlock()
	// The home page stops linking them: the state still knows them.
	s.html("/", `<p>nothing here</p>`)

	rep := runCrawl(t, cfg, sink)
	if len(sink.removed) != 0 || rep.Removed != 0 {
		t.Fatalf("removed after one 404: %q", sink.removed)
	}
	if _, ok := failureFor(rep, s.url("/gone")); !ok {
		t.Errorf("404 not reported as failure")
	}
	rep = runCrawl(t, cfg, sink)
	if !slices.Equal(sink.removed, []string{s.url("/gone")}) || rep.Removed != 1 {
		t.Errorf("removed %q (Removed %d), want only /gone", sink.removed, rep.Removed)
	}
	runCrawl(t, cfg, sink)
	if len(sink.removed) != 1 {
		t.Errorf("removed again: %q", sink.removed)
	}
	if n := len(s.hitsFor("/busy")); n != 4 {
		t.Errorf("/busy checked %d times, want 4", n)
	}
}

// TestResumeAfterCancel: a crawl cancelled midway and run again fetches
// every page exactly once across both runs.
func TestResumeAfterCancel(t *testing.T) {
	s := newSite(t)
	const pages = 40
	routes := map[string]route{"/sitemap.xml": {status: 404}}
	var links strings.Builder
	for i := range pages {
		fmt.Fprintf(&links, `<a href="/p/%d">%d</a>`, i, i)
		routes[fmt.Sprintf("/p/%d", i)] = route{body: fmt.Sprintf(`page %d <a href="/q/%d">q</a>`, i, i)}
		routes[fmt.Sprintf("/q/%d", i)] = route{body: fmt.Sprintf(`leaf %d`, i)}
	}
	routes["/"] = route{body: links.String()}
	s.set(routes)

	cfg := testConfig(s.url("/"))
	cfg.DataDir = t.TempDir()
	cfg.Delay = 2 * time.Millisecond
	cfg.Parallelism = 2

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := newCollect()
	var stored atomic.Int32
	first.onStore = func(*Response) {
		if stored.Add(1) == 25 {
			cancel()
		}
	}
	c, err := New(cfg, first)
	if err != nil {
		t.Fatal(err)
	}
	rep1, err := c.Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Run: err %v, want context.Canceled", err)
	}
	if rep1.Pending == 0 || len(first.urls()) >= 2*pages+1 {
		t.Fatalf("cancel came too late: pending %d, stored %d", rep1.Pending, len(first.urls()))
	}

	t.Logf("first run: stored %d, pending %d", len(first.urls()), rep1.Pending)
	second := newCollect()
	rep2 := runCrawl(t, cfg, second)
	t.Logf("second run: stored %d", len(second.urls()))
	if rep2.Pending != 0 {
		t.Errorf("second run left %d pending", rep2.Pending)
	}
	all := append(first.urls(), second.urls()...)
	slices.Sort(all)
	if len(all) != 2*pages+1 || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Errorf("stored %d URLs over both runs (%d distinct), want %d each once", len(all), len(slices.Compact(slices.Clone(all))), 2*pages+1)
	}
	counts := map[string]int{}
	for _, u := range s.requests(false) {
		counts[u]++
	}
	for u, n := range counts {
		if n != 1 {
			t.Errorf("%s fetched %d times", u, n)
		}
	}
	if len(counts) != 2*pages+2 { // pages, leaves, home, sitemap.xml
		t.Errorf("%d distinct URLs fetched, want %d", len(counts), 2*pages+2)
	}

	// A third run starts afresh: the home page is checked again.
	runCrawl(t, cfg, newCollect())
	if n := len(s.hitsFor("/")); n != 2 {
		t.Errorf("home fetched %d times after a completed run, want 2", n)
	}
}

// TestStateLocked: two Runs on one DataDir at once: the second fails with
// ErrState instead of corrupting the first.
func TestStateLocked(t *testing.T) {
	dir := t.TempDir()
	st, err := openState(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	cfg := testConfig("http://127.0.0.1:1/")
	cfg.DataDir = dir
	c, err := New(cfg, newCollect())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Run(context.Background())
	if !errors.Is(err, ErrState) {
		t.Errorf("Run on a locked DataDir: %v, want ErrState", err)
	}
}

// TestKilledCrawlChild is the crawl TestResumeAfterKill kills: it runs only
// as that test's child process.
func TestKilledCrawlChild(t *testing.T) {
	seed := os.Getenv("NGOSEARCH_KILL_SEED")
	if seed == "" {
		t.Skip("helper process for TestResumeAfterKill")
	}
	cfg := testConfig(seed)
	cfg.DataDir = os.Getenv("NGOSEARCH_KILL_DIR")
	cfg.Delay = 2 * time.Millisecond
	sink := newCollect()
	var n atomic.Int32
	sink.onStore = func(*Response) {
		if n.Add(1) == 15 {
			os.Exit(7) // mid-Store: no cleanup, bbolt not closed
		}
	}
	c, err := New(cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	c.Run(context.Background())
	t.Fatal("the crawl was not killed")
}

// TestResumeAfterKill: a crawl process killed midway leaves a state the
// next Run resumes from: nothing is lost, and only the URL in flight at the
// kill is fetched again.
func TestResumeAfterKill(t *testing.T) {
	s := newSite(t)
	routes := map[string]route{"/sitemap.xml": {status: 404}}
	var links strings.Builder
	for i := range 30 {
		fmt.Fprintf(&links, `<a href="/p/%d">%d</a>`, i, i)
		routes[fmt.Sprintf("/p/%d", i)] = route{body: fmt.Sprintf("page %d", i)}
	}
	routes["/"] = route{body: links.String()}
	s.set(routes)
	dir := t.TempDir()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledCrawlChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "NGOSEARCH_KILL_SEED="+s.url("/"), "NGOSEARCH_KILL_DIR="+dir)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 7 {
		t.Fatalf("child: %v\n%s", err, out)
	}
	before := len(s.requests(false))

	sink := newCollect()
	cfg := testConfig(s.url("/"))
	cfg.DataDir = dir
	rep := runCrawl(t, cfg, sink)
	if rep.Pending != 0 {
		t.Errorf("pending %d after the resumed run", rep.Pending)
	}
	counts := map[string]int{}
	twice := 0
	for _, u := range s.requests(false) {
		if counts[u]++; counts[u] == 2 {
			twice++
		}
	}
	if len(counts) != 32 { // home, sitemap.xml, 30 pages
		t.Errorf("%d distinct URLs fetched over both processes, want 32", len(counts))
	}
	if twice > 1 {
		t.Errorf("%d URLs fetched twice, want at most the one in flight at the kill: %v", twice, counts)
	}
	if resumed := len(s.requests(false)) - before; resumed == 0 || resumed != len(sink.urls()) {
		t.Errorf("resumed run fetched %d and stored %d", resumed, len(sink.urls()))
	}
}

// TestSinkErrorStoredNextRun: a response the Sink refused is handed on
// again by the next crawl, although it did not change.
func TestSinkErrorStoredNextRun(t *testing.T) {
	s := newSite(t)
	s.set(map[string]route{
		"/":            {body: `<a href="/a">a</a>`},
		"/a":           {body: "a", header: map[string]string{"ETag": `"a1"`}},
		"/sitemap.xml": {status: 404},
	})
	cfg := testConfig(s.url("/"))
	cfg.DataDir = t.TempDir()
	failing := newCollect()
	failing.storeErr = func(r *Response) error {
		if r.URL == s.url("/a") {
			return errors.New("extractor broke")
		}
		return nil
	}
	rep := runCrawl(t, cfg, failing)
	if f, ok := failureFor(rep, s.url("/a")); !ok || !errors.Is(f.Err, ErrSink) {
		t.Fatalf("sink failure not reported: %+v %v", f, ok)
	}
	fixed := newCollect()
	rep = runCrawl(t, cfg, fixed)
	if fixed.get(s.url("/a")) == nil || rep.Stored != 1 || rep.Unchanged != 1 {
		t.Errorf("second run stored %q (Stored %d, Unchanged %d), want /a again and / unchanged", fixed.urls(), rep.Stored, rep.Unchanged)
	}
	if h := s.hitsFor("/a"); len(h) != 2 || h[1].Header.Get("If-None-Match") != "" {
		t.Errorf("/a asked conditionally although the Sink never took it")
	}
}

// TestRecrawlOtherSite: a data directory crawled from one site and then
// from another keeps the first site's documents without rechecking them,
// removing them or reporting each as a refused foreign URL.
func TestRecrawlOtherSite(t *testing.T) {
	a, b := newSite(t), newSite(t)
	a.set(map[string]route{"/": {body: `<a href="/x">x</a><a href="/y">y</a>`}, "/x": {body: "x"}, "/y": {body: "y"}})
	b.set(map[string]route{"/": {body: `<a href="/z">z</a>`}, "/z": {body: "z"}})
	dir := t.TempDir()
	cfg := testConfig(a.url("/"))
	cfg.DataDir = dir
	if rep := runCrawl(t, cfg, newCollect()); rep.Stored != 3 {
		t.Fatalf("first site: stored %d, want 3", rep.Stored)
	}
	before := len(a.allHits())

	cfg = testConfig(b.url("/"))
	cfg.DataDir = dir
	sink := newCollect()
	rep := runCrawl(t, cfg, sink)
	if rep.Stored != 2 || rep.Removed != 0 || len(sink.removed) != 0 {
		t.Errorf("second site: stored %d, removed %d %v; want 2, 0", rep.Stored, rep.Removed, sink.removed)
	}
	if got := rep.OutOfScope[a.host()]; got != 3 {
		t.Errorf("out of scope %v, want 3 for %s", rep.OutOfScope, a.host())
	}
	if n := rep.RefusedBy[refusalClass(ErrForeignHost)]; n != 0 {
		t.Errorf("%d stored URLs of the first site refused as foreign: %v", n, rep.Refused)
	}
	if after := len(a.allHits()); after != before {
		t.Errorf("the first site was contacted again: %d requests, %d before", after, before)
	}
}
