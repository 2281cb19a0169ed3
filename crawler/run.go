package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
)

// grace is how long requests already sent may finish after Run's context is
// cancelled, so what the server answered is recorded and not fetched again.
const grace = 30 * time.Second

// ctxKey is the colly Context key for the fetchState.
const ctxKey = "ngosearch.fetch"

// item is one URL in the frontier. It is persisted as JSON.
type item struct {
	URL      string `json:"url"` // canonical
	Depth    int    `json:"depth,omitempty"`
	Referrer string `json:"referrer,omitempty"`
	LinkText string `json:"link_text,omitempty"`
	Sitemap  bool   `json:"sitemap,omitempty"`
	// Guessed marks a /sitemap.xml nobody named: its absence is no failure.
	Guessed bool `json:"guessed,omitempty"`
	// Known marks a URL from the state (a stored document being rechecked).
	Known   bool `json:"known,omitempty"`
	attempt int
}

// hostState is one host's queue and robots.txt.
type hostState struct {
	key      string // scheme://host[:port]
	queue    []*item
	inflight int
	robots   *robots // nil until read
	loading  bool
}

// run is one Run's mutable state.
type run struct {
	cfg      *Config
	allow    hostRules
	sink     Sink
	log      *slog.Logger
	st       *state
	arch     *Archive        // nil unless Config.Archive
	ctx      context.Context // Run's: cancelling it stops dispatching
	fetchCtx context.Context // requests and Sink calls: outlive ctx by grace
	tr       *transport
	pace     *pacer
	client   *http.Client
	coll     *colly.Collector

	wake chan struct{}

	mu       sync.Mutex
	hosts    map[string]*hostState
	order    []*hostState
	seen     map[string]bool // queued, done or refused in this run
	done     map[string]bool
	patterns map[string]int
	bodies   map[string]int // body SHA-256 -> URLs that served it
	refused  map[string]bool
	failed   map[string]bool
	rep      *Report
	started  int // fetches dispatched: what MaxPages caps
	inflight int
	fatal    error
	// toComplete are items finished without a fetch (robots.txt refused
	// them at dispatch) waiting to be written to the state.
	toComplete []string
	progressMu sync.Mutex
}

// Run crawls until the frontier is empty, MaxPages is reached or ctx is
// cancelled. Failures of single URLs are in the Report, never an error; the
// error is for what stops the whole crawl (ErrState: crawl.db cannot be
// opened, e.g. another Run holds it, or written; ErrArchive) and for
// cancellation (wrapping ctx.Err()). The Report is filled in either way,
// and the next Run resumes what is pending. Requests already sent when ctx
// is cancelled may finish for 30 s and are recorded.
func (c *Crawler) Run(ctx context.Context) (*Report, error) {
	cfg := c.cfg
	rep := &Report{Started: time.Now().UTC(), ByHost: map[string]int{}, ByStatus: map[int]int{},
		ByKind: map[string]int{}, RefusedBy: map[string]int{}, Hosts: map[string]HostReport{}}
	st, err := openState(cfg.DataDir)
	if err != nil {
		rep.Finished = time.Now().UTC()
		return rep, err
	}
	fetchCtx, cancelFetch := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelFetch()
	stopGrace := context.AfterFunc(ctx, func() {
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancelFetch()
		case <-fetchCtx.Done():
		}
	})
	defer stopGrace()

	r := &run{
		cfg: &cfg, allow: c.allow, sink: c.sink, log: cfg.Logger, st: st, ctx: ctx, fetchCtx: fetchCtx,
		wake: make(chan struct{}, 1), hosts: map[string]*hostState{}, seen: map[string]bool{},
		done: map[string]bool{}, patterns: map[string]int{}, bodies: map[string]int{},
		refused: map[string]bool{}, failed: map[string]bool{}, rep: rep,
	}
	r.pace = newPacer(ctx, cfg.Delay)
	r.tr = &transport{pace: r.pace, maxBody: cfg.MaxBodySize, timeout: cfg.Timeout, idle: cfg.HeaderTimeout,
		fetches: map[string]*fetchState{}, robots: map[string][]byte{}}
	if r.client, err = newClient(&cfg, r.tr); err != nil {
		st.close()
		return rep, err
	}
	if r.coll, err = newCollector(fetchCtx, &cfg, c.allow, r.client, r.checkRedirect); err != nil {
		st.close()
		return rep, err
	}
	r.coll.OnHTML("a[href], area[href], link[rel~=next][href], link[rel~=prev][href]", r.onLink)
	r.coll.OnHTML(`link[rel~=alternate][type*=rss][href], link[rel~=alternate][type*=atom][href]`, r.onFeed)
	r.coll.OnHTML(`meta[name][content]`, r.onMeta)

	if cfg.Archive {
		if r.arch, err = OpenArchive(filepath.Join(cfg.DataDir, ArchiveFile)); err != nil {
			st.close()
			return rep, err
		}
	}

	err = r.start()
	if err == nil {
		r.loop()
		err = r.fatal
	}

	r.mu.Lock()
	rep.Pending = r.pendingLocked()
	r.mu.Unlock()
	if err == nil && ctx.Err() == nil && rep.Pending == 0 {
		err = st.finish()
	}
	if cerr := st.close(); err == nil {
		err = cerr
	}
	if r.arch != nil {
		if cerr := r.arch.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil && ctx.Err() != nil {
		err = fmt.Errorf("crawl interrupted: %w", ctx.Err())
	}
	rep.Finished = time.Now().UTC()
	r.log.Info("crawl finished", "fetched", rep.Fetched, "stored", rep.Stored, "unchanged", rep.Unchanged,
		"failed", rep.Failed, "refused", len(r.refused), "pending", rep.Pending, "took", rep.Finished.Sub(rep.Started))
	return rep, err
}

// start fills the frontier: what an interrupted run left, the seeds, and the
// URLs the state knows (to see whether they changed or went away).
func (r *run) start() error {
	res, err := r.st.begin(time.Now())
	if err != nil {
		return err
	}
	r.mu.Lock()
	for _, u := range res.done {
		r.seen[u], r.done[u] = true, true
		if pu, err := url.Parse(u); err == nil {
			r.patterns[urlPattern(pu)]++
		}
	}
	for i := range res.frontier {
		it := res.frontier[i]
		if r.seen[it.URL] {
			continue
		}
		pu, err := url.Parse(it.URL)
		if err != nil {
			continue
		}
		r.seen[it.URL] = true
		r.patterns[urlPattern(pu)]++
		r.hostFor(pu).queue = append(r.hostFor(pu).queue, &it)
	}
	var added []item
	for _, s := range r.cfg.Seeds {
		if it := r.admitLocked(item{URL: s}, true); it != nil {
			added = append(added, *it)
		}
	}
	r.mu.Unlock()
	if res.active {
		r.log.Info("resuming interrupted crawl", "pending", len(res.frontier), "done", len(res.done))
	}

	known, err := r.st.known()
	if err != nil {
		return err
	}
	r.mu.Lock()
	for _, k := range known {
		if u, err := url.Parse(k.URL); err == nil && !r.allow.allows(u) {
			// Not a refusal: this crawl was not asked to look there.
			if r.rep.OutOfScope == nil {
				r.rep.OutOfScope = map[string]int{}
			}
			r.rep.OutOfScope[u.Host]++
			continue
		}
		k.Known = true
		if it := r.admitLocked(k, true); it != nil {
			added = append(added, *it)
		}
	}
	if len(r.rep.OutOfScope) > 0 {
		r.log.Info("stored documents on hosts outside this crawl are kept unchecked", "per_host", r.rep.OutOfScope)
	}
	r.mu.Unlock()
	return r.st.enqueue(added)
}

// pendingLocked counts the queued URLs not yet done (a redirect may have
// harvested one while it waited).
func (r *run) pendingLocked() int {
	n := 0
	for _, h := range r.order {
		for _, it := range h.queue {
			if !r.done[it.URL] {
				n++
			}
		}
	}
	return n
}

func (r *run) hostFor(u *url.URL) *hostState {
	key := hostKey(u)
	h := r.hosts[key]
	if h == nil {
		h = &hostState{key: key}
		r.hosts[key] = h
		r.order = append(r.order, h)
	}
	return h
}

func (r *run) signal() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// loop dispatches work until nothing runs and nothing can be started.
func (r *run) loop() {
	for {
		r.mu.Lock()
		if r.ctx.Err() == nil && r.fatal == nil {
			r.dispatchLocked()
		}
		idle := r.inflight == 0
		pendingDone := r.toComplete
		r.toComplete = nil
		r.mu.Unlock()
		for _, u := range pendingDone {
			if err := r.st.complete(u, false, nil, nil); err != nil {
				r.setFatal(err)
			}
		}
		if idle {
			return
		}
		<-r.wake
	}
}

func (r *run) setFatal(err error) {
	r.mu.Lock()
	if r.fatal == nil {
		r.fatal = err
	}
	r.mu.Unlock()
	r.signal()
}

// dispatchLocked starts what the hosts' parallelism, robots.txt and
// MaxPages allow.
func (r *run) dispatchLocked() {
	for _, h := range r.order {
		if len(h.queue) == 0 {
			continue
		}
		if h.robots == nil {
			if !h.loading {
				h.loading = true
				r.inflight++
				go r.loadRobots(h)
			}
			continue
		}
		for h.inflight < r.cfg.Parallelism && len(h.queue) > 0 {
			it := h.queue[0]
			if r.done[it.URL] {
				h.queue = h.queue[1:]
				continue
			}
			if u, err := url.Parse(it.URL); err == nil && !h.robots.allowed(u) {
				h.queue = h.queue[1:]
				if h.robots.disallowAll {
					r.refuseLocked(it.URL, fmt.Errorf("%w: %s", ErrRobots, h.robots.reason))
				} else {
					r.refuseLocked(it.URL, ErrRobots)
				}
				r.done[it.URL] = true
				r.toComplete = append(r.toComplete, it.URL)
				continue
			}
			if r.cfg.MaxPages > 0 && r.started >= r.cfg.MaxPages {
				return
			}
			h.queue = h.queue[1:]
			r.started++
			h.inflight++
			r.inflight++
			go r.work(h, it)
		}
	}
}

// admitLocked canonicalises it.URL and decides whether it joins the
// frontier: returns the queued item, or nil when it was seen before or
// refused (refusals are reported). force skips the trap checks (seeds,
// known URLs).
func (r *run) admitLocked(it item, force bool) *item {
	canon, err := r.cfg.URLRules.Canonical(it.URL)
	if err != nil {
		return nil // not an http(s) URL: nothing to fetch, nothing to report
	}
	it.URL = canon
	if r.seen[canon] {
		return nil
	}
	u, err := url.Parse(canon)
	if err != nil {
		return nil
	}
	if !it.Sitemap && skipExts[extOf(u.Path)] {
		return nil
	}
	r.seen[canon] = true
	if !r.allow.allows(u) {
		r.refuseLocked(canon, fmt.Errorf("%w: %s", ErrForeignHost, u.Host))
		return nil
	}
	if !force {
		if err := trapCheck(r.cfg, u, time.Now()); err != nil {
			r.refuseLocked(canon, err)
			return nil
		}
		if r.cfg.MaxDepth >= 0 && it.Depth > r.cfg.MaxDepth && !(it.Depth == r.cfg.MaxDepth+1 && looksLikeFile(canon)) {
			r.refuseLocked(canon, fmt.Errorf("%w: %d links from a seed (MaxDepth %d)", ErrTrap, it.Depth, r.cfg.MaxDepth))
			return nil
		}
	}
	p := urlPattern(u)
	budget := r.cfg.PatternBudget
	if _, dated := calendarYear(u); dated && (budget <= 0 || budget > calendarBudget) {
		budget = calendarBudget
	}
	if !force && budget > 0 && r.patterns[p] >= budget {
		r.refuseLocked(canon, fmt.Errorf("%w: more than %d URLs like %s", ErrTrap, budget, p))
		return nil
	}
	r.patterns[p]++
	q := &item{URL: canon, Depth: it.Depth, Referrer: it.Referrer, LinkText: it.LinkText,
		Sitemap: it.Sitemap, Guessed: it.Guessed, Known: it.Known}
	h := r.hostFor(u)
	h.queue = append(h.queue, q)
	return q
}

func (r *run) refuseLocked(u string, err error) {
	if r.refused[u] {
		return
	}
	r.refused[u] = true
	class := refusalClass(err)
	r.rep.RefusedBy[class]++
	if r.rep.RefusedBy[class] <= MaxListedRefusals {
		r.rep.Refused = append(r.rep.Refused, Failure{URL: u, Reason: err.Error(), Err: err})
	}
	r.log.Debug("refused", "url", u, "reason", err)
}

func (r *run) failLocked(u string, err error) {
	if r.failed[u] {
		return
	}
	r.failed[u] = true
	r.rep.Failed++
	if len(r.rep.Failures) < MaxListedFailures {
		r.rep.Failures = append(r.rep.Failures, Failure{URL: u, Reason: err.Error(), Err: err})
	}
	r.log.Warn("failed", "url", u, "err", err)
}

// checkRedirect is colly's redirect handler: a redirect may lead only to an
// allowed host, to a loopback or private address only when that address is
// itself allowed, and not to a path robots.txt closes.
func (r *run) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return fmt.Errorf("%w: %d hops to %s", ErrRedirects, len(via), req.URL)
	}
	target := req.URL.String()
	if c, err := r.cfg.URLRules.Canonical(target); err == nil {
		target = c
	}
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("%w: unparseable redirect %q", ErrForeignHost, req.URL)
	}
	if !r.allow.allows(u) {
		return fmt.Errorf("%w: redirect to %s", ErrForeignHost, target)
	}
	port := u.Port()
	if port == "" {
		port = defaultPort(u.Scheme)
	}
	var ips []net.IP
	if ip := net.ParseIP(u.Hostname()); ip != nil {
		ips = []net.IP{ip}
	} else if addrs, err := net.DefaultResolver.LookupIPAddr(req.Context(), u.Hostname()); err == nil {
		for _, a := range addrs {
			ips = append(ips, a.IP)
		}
	}
	for _, ip := range ips {
		if isPrivate(ip) && !r.allow.allowsAddr(ip, port) {
			return fmt.Errorf("%w: redirect to %s (%s)", ErrPrivateAddress, target, ip)
		}
	}
	r.mu.Lock()
	h := r.hosts[hostKey(u)]
	unread := h == nil || h.robots == nil
	blocked := !unread && !h.robots.allowed(u)
	r.mu.Unlock()
	switch {
	case blocked:
		return fmt.Errorf("%w: redirect to %s", ErrRobots, target)
	case unread && u.Path != "/robots.txt":
		// Another allowed host whose robots.txt we have not read: queue the
		// target instead of fetching it unchecked and unpaced.
		return &redirectLater{target: target}
	}
	return nil
}

// redirectLater stops a redirect to a host whose robots.txt is not read
// yet; the target joins that host's queue.
type redirectLater struct{ target string }

func (e *redirectLater) Error() string {
	return "redirect to " + e.target + " deferred until its host's robots.txt is read"
}

// onLink collects a page's outlinks (colly's OnHTML). The links go to the
// fetchState of this very request: nothing is visited from the callback, so
// no two requests share a colly Context.
func (r *run) onLink(e *colly.HTMLElement) {
	st, ok := e.Request.Ctx.GetAny(ctxKey).(*fetchState)
	if !ok || !st.wantLink {
		return
	}
	href := strings.TrimSpace(e.Attr("href"))
	lower := strings.ToLower(href)
	for _, p := range []string{"mailto:", "javascript:", "tel:", "data:", "#", "sms:", "callto:", "ftp:"} {
		if strings.HasPrefix(lower, p) {
			return
		}
	}
	abs := e.Request.AbsoluteURL(href)
	if abs == "" {
		return
	}
	text := strings.Join(strings.Fields(e.Text), " ")
	if text == "" {
		text = strings.TrimSpace(e.Attr("title"))
	}
	if text == "" {
		text = strings.TrimSpace(e.DOM.Find("img[alt]").First().AttrOr("alt", ""))
	}
	st.mu.Lock()
	st.links = append(st.links, link{URL: abs, Text: text, Pager: isPager(e)})
	st.mu.Unlock()
}

// onMeta keeps <meta name="robots"> (or a meta named for our product
// token) for robotsDirectives.
func (r *run) onMeta(e *colly.HTMLElement) {
	st, ok := e.Request.Ctx.GetAny(ctxKey).(*fetchState)
	if !ok {
		return
	}
	name := strings.ToLower(strings.TrimSpace(e.Attr("name")))
	if name != "robots" && !slices.Contains(productTokens(r.cfg.UserAgent), name) {
		return
	}
	st.mu.Lock()
	st.robotsMeta = append(st.robotsMeta, e.Attr("content"))
	st.mu.Unlock()
}

// onFeed queues a page's RSS or Atom feed like a sitemap: news reach the
// crawl through it even when listings are deep.
func (r *run) onFeed(e *colly.HTMLElement) {
	st, ok := e.Request.Ctx.GetAny(ctxKey).(*fetchState)
	if !ok || !st.wantLink {
		return
	}
	if abs := e.Request.AbsoluteURL(strings.TrimSpace(e.Attr("href"))); abs != "" {
		st.mu.Lock()
		st.links = append(st.links, link{URL: abs, Feed: true})
		st.mu.Unlock()
	}
}

// isPager recognises pagination: rel=next/prev, a link inside a pager
// element, or a link whose text is a page number or "next".
func isPager(e *colly.HTMLElement) bool {
	rel := strings.ToLower(e.Attr("rel"))
	if strings.Contains(rel, "next") || strings.Contains(rel, "prev") {
		return true
	}
	if e.DOM.ParentsFiltered("[class*=pag], [id*=pag], [class*=stronic], [class*=pager]").Length() > 0 {
		return true
	}
	t := strings.ToLower(strings.Join(strings.Fields(e.Text), " "))
	if t == "" {
		return false
	}
	if strings.Trim(t, "0123456789") == "" {
		return true
	}
	switch t {
	case "następna", "następna strona", "następne", "dalej", "next", "»", "›", "poprzednia", "poprzednie", "«", "‹", ">", "<", ">>", "<<":
		return true
	}
	return false
}

// loadRobots reads a host's robots.txt (before any other request to it),
// sets the host's delay and queues its sitemaps.
func (r *run) loadRobots(h *hostState) {
	rb := r.fetchRobots(h.key)
	delay := max(r.cfg.Delay, rb.crawlDelay)
	r.pace.setDelay(h.key, delay)
	r.tr.setRobots(h.key, rb.render())
	if rb.crawlDelay > 0 {
		r.log.Info("robots.txt Crawl-delay", "host", h.key, "crawl_delay", rb.crawlDelay, "delay", delay)
	}

	r.mu.Lock()
	h.robots, h.loading = rb, false
	r.inflight--
	hr := HostReport{Robots: rb.status, CrawlDelay: rb.crawlDelay, Delay: delay, Sitemaps: rb.sitemaps}
	if rb.disallowAll {
		hr.Robots = "unavailable, host skipped: " + rb.reason
	}
	r.rep.Hosts[h.key] = hr
	var added []item
	if !rb.disallowAll {
		base, _ := url.Parse(h.key + "/")
		named := false
		for _, s := range rb.sitemaps {
			ref, err := url.Parse(s)
			if err != nil {
				continue
			}
			abs := base.ResolveReference(ref)
			if abs.Host == base.Host {
				named = true
			}
			if it := r.admitLocked(item{URL: abs.String(), Sitemap: true}, true); it != nil {
				added = append(added, *it)
			}
		}
		if !named {
			if it := r.admitLocked(item{URL: h.key + "/sitemap.xml", Sitemap: true, Guessed: true}, true); it != nil {
				added = append(added, *it)
			}
		}
	}
	r.mu.Unlock()
	if err := r.st.enqueue(added); err != nil {
		r.setFatal(err)
	}
	r.signal()
}

// fetchRobots reads robots.txt: 2xx is parsed, a 4xx or a refused redirect
// means no rules, a 5xx or an unreachable host (after retries) closes the
// host for this run, as Google does.
func (r *run) fetchRobots(key string) *robots {
	u := key + "/robots.txt"
	var last string
	for attempt := 0; attempt <= r.cfg.MaxRetries; attempt++ {
		if attempt > 0 {
			r.pace.hold(key, time.Now().Add(r.backoff(key, attempt-1)))
		}
		req, err := http.NewRequestWithContext(r.fetchCtx, http.MethodGet, u, nil)
		if err != nil {
			return disallowAllRobots(err.Error())
		}
		req.Header.Set("User-Agent", r.cfg.UserAgent)
		resp, err := r.client.Do(req)
		if err != nil {
			if errors.Is(err, ErrForeignHost) || errors.Is(err, ErrPrivateAddress) || errors.Is(err, ErrRedirects) {
				return allowAllRobots("none (redirect not followed: " + err.Error() + ")")
			}
			if errors.Is(err, errInterrupted) || r.ctx.Err() != nil {
				return disallowAllRobots("crawl interrupted")
			}
			last = fmt.Sprintf("robots.txt unreachable: %v", err)
			continue
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsSize))
		resp.Body.Close()
		switch {
		case err != nil:
			last = fmt.Sprintf("reading robots.txt: %v", err)
			continue
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			rb := parseRobots(body, r.cfg.UserAgent)
			rb.status = "ok"
			return rb
		case resp.StatusCode >= 500:
			last = fmt.Sprintf("robots.txt answered %d", resp.StatusCode)
			continue
		default: // 3xx without Location, 4xx: no robots.txt
			return allowAllRobots(fmt.Sprintf("none (HTTP %d)", resp.StatusCode))
		}
	}
	r.log.Warn("host closed for this run", "host", key, "reason", last)
	return disallowAllRobots(last)
}

// backoff is the wait before retry attempt+1 when the server gave no
// Retry-After: the host's delay (at least 250 ms), doubled per attempt.
func (r *run) backoff(key string, attempt int) time.Duration {
	base := max(r.pace.delayOf(key), 250*time.Millisecond)
	return base << min(attempt, 6)
}

// work fetches one item and records the outcome.
func (r *run) work(h *hostState, it *item) {
	defer func() {
		// Before the item stops counting as in flight, so Run never
		// returns while a Progress call is running.
		r.progress(1)
		r.mu.Lock()
		h.inflight--
		r.inflight--
		r.mu.Unlock()
		r.signal()
	}()
	rec, err := r.st.record(it.URL)
	if err != nil {
		r.setFatal(err)
		r.requeue(h, it, 0)
		return
	}
	st, ferr := r.fetch(it, rec)
	r.outcome(h, it, rec, st, ferr)
}

// fetch runs one GET through colly.
func (r *run) fetch(it *item, rec urlRecord) (*fetchState, error) {
	st := &fetchState{wantLink: !it.Sitemap}
	tok := r.tr.register(st)
	defer r.tr.unregister(tok)
	hdr := http.Header{}
	hdr.Set(tokenHeader, tok)
	hdr.Set("User-Agent", r.cfg.UserAgent)
	hdr.Set("Accept", "*/*")
	hdr.Set("Accept-Language", "pl,en;q=0.5")
	if rec.Stored && !r.cfg.Full && !it.Sitemap {
		if rec.ETag != "" {
			hdr.Set("If-None-Match", rec.ETag)
		}
		if rec.LastModified != "" {
			hdr.Set("If-Modified-Since", rec.LastModified)
		}
	}
	cctx := colly.NewContext() // one per request: colly's Visit would share the parent's
	cctx.Put(ctxKey, st)
	err := r.coll.Request(http.MethodGet, it.URL, nil, cctx, hdr)
	return st, err
}

// requeue puts an item back at the front of its host's queue; the host
// waits wait first.
func (r *run) requeue(h *hostState, it *item, wait time.Duration) {
	if wait > 0 {
		r.pace.hold(h.key, time.Now().Add(wait))
	}
	r.mu.Lock()
	h.queue = append([]*item{it}, h.queue...)
	r.mu.Unlock()
}

// outcome decides what a fetch means: retry, failure, refusal, unchanged,
// removal or a response for the Sink; then records it in one transaction.
func (r *run) outcome(h *hostState, it *item, rec urlRecord, st *fetchState, ferr error) {
	st.mu.Lock()
	status, header, final, body, complete, links := st.status, st.header, st.finalURL, st.body, st.complete, st.links
	metas := st.robotsMeta
	st.mu.Unlock()
	now := time.Now().UTC()

	if !complete {
		switch {
		case ferr == nil && status == http.StatusNotModified:
			// handled below with the responses
		case ferr == nil && status != 0:
			complete = true // a 3xx the client stopped at
		case ferr == nil:
			ferr = errors.New("no response")
		}
	}
	if ferr != nil && !complete && status != http.StatusNotModified {
		r.fetchError(h, it, ferr)
		return
	}

	// A response arrived.
	u, _ := url.Parse(it.URL)
	r.mu.Lock()
	r.rep.Fetched++
	r.rep.ByHost[u.Host]++
	r.rep.ByStatus[status]++
	r.rep.Bytes += int64(len(body))
	r.mu.Unlock()
	finalCanon := it.URL
	if final != nil {
		if c, err := r.cfg.URLRules.Canonical(final.String()); err == nil {
			finalCanon = c
		}
	}
	var archiveOffset int64
	if r.arch != nil && status != http.StatusNotModified {
		var err error
		archiveOffset, err = r.arch.AppendOffset(&Response{URL: it.URL, FinalURL: finalCanon, Status: status, Header: header,
			Body: body, Referrer: it.Referrer, LinkText: it.LinkText, FetchedAt: now})
		if err != nil {
			r.setFatal(err)
			r.requeue(h, it, 0)
			return
		}
	}

	if status == http.StatusTooManyRequests || status >= 500 {
		wait, told := retryAfter(header, now)
		if told && wait > r.cfg.MaxRetryAfter {
			r.finish(it, nil, nil, fmt.Errorf("%w: HTTP %d, Retry-After %v", ErrRetryAfter, status, wait), nil)
			return
		}
		if it.attempt < r.cfg.MaxRetries {
			if !told {
				wait = r.backoff(h.key, it.attempt)
			}
			it.attempt++
			r.log.Info("retrying", "url", it.URL, "status", status, "wait", wait, "attempt", it.attempt)
			r.requeue(h, it, wait)
			return
		}
		if it.Guessed {
			r.finish(it, nil, nil, nil, nil)
			return
		}
		r.finish(it, nil, nil, fmt.Errorf("%w: HTTP %d", ErrStatus, status), nil)
		return
	}

	if it.Sitemap {
		r.sitemap(it, status, body)
		return
	}

	rec.Status, rec.FetchedAt = status, now
	rec.Depth, rec.Referrer, rec.LinkText = it.Depth, it.Referrer, it.LinkText
	switch {
	case status == http.StatusNotModified:
		if !rec.Stored {
			r.finish(it, &rec, nil, fmt.Errorf("%w: 304 to an unconditional request", ErrStatus), nil)
			return
		}
		rec.Gone = 0
		r.mu.Lock()
		r.rep.Unchanged++
		discovered := r.discoverLocked(it, rec.Links)
		r.mu.Unlock()
		r.finish(it, &rec, discovered, nil, nil)
		return
	case status == http.StatusNotFound || status == http.StatusGone:
		rec.Gone++
		if rec.Gone >= 2 && rec.Stored {
			if err := r.sink.Remove(r.fetchCtx, it.URL); err != nil {
				r.finish(it, &rec, nil, fmt.Errorf("%w: removing: %w", ErrSink, err), nil)
				return
			}
			rec.Stored, rec.SHA256, rec.ETag, rec.LastModified, rec.Links = false, "", "", "", nil
			r.mu.Lock()
			r.rep.Removed++
			r.mu.Unlock()
		}
		r.finish(it, &rec, nil, fmt.Errorf("%w: HTTP %d", ErrStatus, status), nil)
		return
	case status < 200 || status >= 300:
		r.finish(it, &rec, nil, fmt.Errorf("%w: HTTP %d", ErrStatus, status), nil)
		return
	}

	// 2xx
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	kind := kindOf(header, body, u.Path)
	rec.Gone = 0
	rec.ETag, rec.LastModified = header.Get("ETag"), header.Get("Last-Modified")

	alias := finalCanon != it.URL
	var frec urlRecord // the redirect target's own record
	if alias {
		var err error
		if frec, err = r.st.record(finalCanon); err != nil {
			r.setFatal(err)
			r.requeue(h, it, 0)
			return
		}
	}

	r.mu.Lock()
	r.rep.ByKind[kind]++
	aliasDone := alias && r.done[finalCanon]
	if alias {
		r.seen[finalCanon], r.done[finalCanon] = true, true
	}
	dup := false
	if !aliasDone {
		r.bodies[sha]++
		dup = r.bodies[sha] > r.cfg.MaxDuplicates
	}
	noindex, nofollow := robotsDirectives(header, metas, productTokens(r.cfg.UserAgent))
	if nofollow {
		links = nil
	}
	var discovered []item
	if !dup && !aliasDone && kind == "html" {
		discovered = r.discoverLocked(it, links)
	}
	r.mu.Unlock()
	if kind == "html" {
		rec.Links = normaliseLinks(r.cfg, links)
	} else {
		rec.Links = nil
	}
	// also marks the redirect target done; when the body reaches (or already
	// is in) the Sink, the target's record says so too, so the next crawl
	// knows it whichever of the two URLs it meets first.
	also := map[string]*urlRecord{}
	if alias {
		also[finalCanon] = nil
	}
	targetRec := func(stored bool) {
		if !alias {
			return
		}
		f := frec
		f.Status, f.FetchedAt, f.Gone = status, now, 0
		f.ETag, f.LastModified, f.Links = rec.ETag, rec.LastModified, rec.Links
		if f.Referrer == "" {
			f.Depth, f.Referrer, f.LinkText = it.Depth, it.Referrer, it.LinkText
		}
		if stored {
			f.Stored, f.SHA256 = true, sha
		}
		also[finalCanon] = &f
	}
	unchanged := !r.cfg.Full && (rec.Stored && rec.SHA256 == sha || alias && frec.Stored && frec.SHA256 == sha)

	switch {
	case dup:
		r.mu.Lock()
		r.rep.Skipped++
		r.refuseLocked(it.URL, fmt.Errorf("%w: body %s… served by more than %d URLs", ErrDuplicate, sha[:12], r.cfg.MaxDuplicates))
		r.mu.Unlock()
		r.finish(it, &rec, nil, nil, also)
		return
	case aliasDone:
		// Redirected to a URL this run already harvested.
		r.mu.Lock()
		r.rep.Skipped++
		r.mu.Unlock()
		r.finish(it, &rec, nil, nil, nil)
		return
	case kind == "media":
		r.mu.Lock()
		r.rep.Skipped++
		r.mu.Unlock()
		r.finish(it, &rec, discovered, nil, also)
		return
	case noindex:
		// The site asks not to index it (meta robots or X-Robots-Tag):
		// not stored, and withdrawn if it was.
		var failErr error
		if rec.Stored {
			if err := r.sink.Remove(r.fetchCtx, it.URL); err != nil {
				failErr = fmt.Errorf("%w: removing a noindex page: %w", ErrSink, err)
			} else {
				rec.Stored, rec.SHA256 = false, ""
				r.mu.Lock()
				r.rep.Removed++
				r.mu.Unlock()
			}
		}
		r.mu.Lock()
		r.rep.Skipped++
		r.refuseLocked(it.URL, fmt.Errorf("%w: noindex", ErrRobots))
		r.mu.Unlock()
		r.finish(it, &rec, discovered, failErr, also)
		return
	case unchanged:
		r.mu.Lock()
		r.rep.Unchanged++
		r.mu.Unlock()
		if rec.Stored {
			rec.SHA256 = sha
		}
		targetRec(frec.Stored)
		r.finish(it, &rec, discovered, nil, also)
		return
	}

	resp := &Response{URL: it.URL, FinalURL: finalCanon, Status: status, Header: header, Body: body,
		Referrer: it.Referrer, LinkText: it.LinkText, FetchedAt: now, ArchiveOffset: archiveOffset}
	if err := r.sink.Store(r.fetchCtx, resp); err != nil {
		rec.Stored, rec.SHA256 = false, ""
		r.finish(it, &rec, discovered, fmt.Errorf("%w: %w", ErrSink, err), also)
		return
	}
	rec.Stored, rec.SHA256 = true, sha
	targetRec(true)
	r.mu.Lock()
	r.rep.Stored++
	r.mu.Unlock()
	r.finish(it, &rec, discovered, nil, also)
}

// fetchError handles a fetch that got no usable response.
func (r *run) fetchError(h *hostState, it *item, err error) {
	switch {
	case errors.Is(err, errInterrupted), r.ctx.Err() != nil && (errors.Is(err, context.Canceled) || r.fetchCtx.Err() != nil):
		// Never sent, or cut off by the end of the grace period: pending.
		r.requeue(h, it, 0)
		return
	case errors.As(err, new(*redirectLater)):
		var later *redirectLater
		errors.As(err, &later)
		r.mu.Lock()
		var queued []item
		if q := r.admitLocked(item{URL: later.target, Depth: it.Depth, Referrer: it.Referrer,
			LinkText: it.LinkText, Sitemap: it.Sitemap}, false); q != nil {
			queued = append(queued, *q)
		}
		r.mu.Unlock()
		r.finish(it, nil, queued, nil, nil)
		return
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		err = fmt.Errorf("%w (colly)", ErrRobots)
		r.refuseAndFinish(it, err)
		return
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrForeignHost), errors.Is(err, ErrPrivateAddress),
		errors.Is(err, ErrRedirects), errors.Is(err, ErrRobots):
		r.refuseAndFinish(it, err)
		return
	}
	if it.attempt < r.cfg.MaxRetries {
		wait := r.backoff(h.key, it.attempt)
		it.attempt++
		r.log.Info("retrying", "url", it.URL, "err", err, "wait", wait, "attempt", it.attempt)
		r.requeue(h, it, wait)
		return
	}
	if it.Guessed {
		r.finish(it, nil, nil, nil, nil)
		return
	}
	r.finish(it, nil, nil, err, nil)
}

func (r *run) refuseAndFinish(it *item, err error) {
	r.mu.Lock()
	r.refuseLocked(it.URL, err)
	r.mu.Unlock()
	r.finish(it, nil, nil, nil, nil)
}

// sitemap queues what a sitemap lists.
func (r *run) sitemap(it *item, status int, body []byte) {
	if status < 200 || status >= 300 {
		var err error
		if !it.Guessed {
			err = fmt.Errorf("%w: sitemap answered HTTP %d", ErrStatus, status)
		}
		r.finish(it, nil, nil, err, nil)
		return
	}
	pages, maps, err := parseSitemap(body)
	if err != nil {
		if it.Guessed {
			err = nil
		}
		r.finish(it, nil, nil, err, nil)
		return
	}
	base, _ := url.Parse(it.URL)
	var discovered []item
	r.mu.Lock()
	r.rep.Sitemaps++
	for _, m := range maps {
		if ref, err := url.Parse(m); err == nil {
			if q := r.admitLocked(item{URL: base.ResolveReference(ref).String(), Sitemap: true}, false); q != nil {
				discovered = append(discovered, *q)
			}
		}
	}
	for _, p := range pages {
		if ref, err := url.Parse(p); err == nil {
			if q := r.admitLocked(item{URL: base.ResolveReference(ref).String(), Depth: 1}, false); q != nil {
				discovered = append(discovered, *q)
			}
		}
	}
	r.mu.Unlock()
	r.finish(it, nil, discovered, nil, nil)
}

// discoverLocked admits a page's links one hop further (pager links: the
// same depth).
func (r *run) discoverLocked(from *item, links []link) []item {
	var out []item
	for _, l := range links {
		d := from.Depth + 1
		if l.Pager {
			d = from.Depth
		}
		it := item{URL: l.URL, Depth: d, Referrer: from.URL, LinkText: l.Text}
		if l.Feed {
			it = item{URL: l.URL, Sitemap: true}
		}
		if q := r.admitLocked(it, false); q != nil {
			out = append(out, *q)
		}
	}
	return out
}

// maxStoredLinks bounds the links a page's state record keeps (to follow
// them after a 304): a page with more is a link farm, not a listing.
const maxStoredLinks = 5000

// normaliseLinks keeps the canonical form of links for the state.
func normaliseLinks(cfg *Config, links []link) []link {
	out := make([]link, 0, len(links))
	seen := map[string]bool{}
	for _, l := range links {
		c, err := cfg.URLRules.Canonical(l.URL)
		if err != nil || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, link{URL: c, Text: l.Text, Pager: l.Pager, Feed: l.Feed})
		if len(out) == maxStoredLinks {
			break
		}
	}
	return out
}

// finish records an item's end: failure (if failErr), state record,
// discovered items, and redirect targets (also) marked done, with their
// record when not nil.
func (r *run) finish(it *item, rec *urlRecord, discovered []item, failErr error, also map[string]*urlRecord) {
	r.mu.Lock()
	r.done[it.URL] = true
	if failErr != nil {
		r.failLocked(it.URL, failErr)
	}
	r.mu.Unlock()
	if err := r.st.complete(it.URL, false, rec, discovered); err != nil {
		r.setFatal(err)
		return
	}
	for a, arec := range also {
		if err := r.st.complete(a, false, arec, nil); err != nil {
			r.setFatal(err)
			return
		}
	}
}

// progress reports totals; finishing items are no longer counted in flight.
func (r *run) progress(finishing int) {
	if r.cfg.Progress == nil {
		return
	}
	r.mu.Lock()
	p := Progress{Fetched: r.rep.Fetched, Stored: r.rep.Stored, InFlight: r.inflight - finishing,
		Errors: r.rep.Failed, Refused: len(r.refused), Bytes: r.rep.Bytes}
	p.Queued = r.pendingLocked()
	r.mu.Unlock()
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.cfg.Progress(p)
}
