package crawler

import (
	"context"
	"strings"
	"sync"
	"time"
)

// paceMargin is added to every gap so that the spacing a server measures
// between two arrivals is at least the delay despite scheduling jitter. 10
// ms was too little on a loaded machine: under the race detector, at nice 19
// beside a benchmark, the test server stamped one arrival 12 ms late
// (TestRobotsDisallowAndCrawlDelay measured a 148 ms gap for a 150 ms
// Crawl-delay). 25 ms costs 2.5% of the default 1 s delay.
const paceMargin = 25 * time.Millisecond

// paceKey is what the pacer spaces requests by: the host and non-default
// port, whatever the scheme, so http:// and https:// links to one server
// share its delay. It takes a URL's Host or a hostKey ("scheme://host").
func paceKey(hostOrKey string) string {
	h := strings.ToLower(hostOrKey)
	if _, rest, ok := strings.Cut(h, "://"); ok {
		h = rest
	}
	for _, p := range []string{":80", ":443"} {
		h = strings.TrimSuffix(h, p)
	}
	return h
}

// pacer spaces the requests to one server (see paceKey): a request
// may leave only once the previous one has been written and the host's
// delay has passed since. Responses may still overlap (Parallelism), but
// starts never come closer than the delay. It also holds a host back after
// 429/503 (Retry-After) and backoffs.
type pacer struct {
	runCtx context.Context
	def    time.Duration
	mu     sync.Mutex
	hosts  map[string]*paceHost
}

type paceHost struct {
	sem   chan struct{} // one request at a time between grant and write
	delay time.Duration
	set   bool
	next  time.Time // earliest next send
	wrote time.Time // when the last request was written
}

func newPacer(runCtx context.Context, def time.Duration) *pacer {
	return &pacer{runCtx: runCtx, def: def, hosts: map[string]*paceHost{}}
}

func (p *pacer) host(key string) *paceHost {
	h := p.hosts[key]
	if h == nil {
		h = &paceHost{sem: make(chan struct{}, 1), delay: p.def}
		p.hosts[key] = h
	}
	return h
}

// acquire waits for the host's turn. The returned release (idempotent) is
// to be called once the request is written or has failed; it starts the
// delay. An error means the request must not be sent: errInterrupted when
// the run was cancelled, else the request context's error.
func (p *pacer) acquire(ctx context.Context, key string) (func(), error) {
	key = paceKey(key)
	p.mu.Lock()
	h := p.host(key)
	p.mu.Unlock()
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-p.runCtx.Done():
		return nil, errInterrupted
	}
	for {
		p.mu.Lock()
		wait := time.Until(h.next)
		p.mu.Unlock()
		if p.runCtx.Err() != nil {
			<-h.sem
			return nil, errInterrupted
		}
		if wait <= 0 {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-h.sem
			return nil, ctx.Err()
		case <-p.runCtx.Done():
			t.Stop()
			<-h.sem
			return nil, errInterrupted
		}
		// hold() may have moved next meanwhile: look again.
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			now := time.Now()
			h.wrote = now
			if h.delay > 0 {
				if n := now.Add(h.delay + paceMargin); n.After(h.next) {
					h.next = n
				}
			}
			p.mu.Unlock()
			<-h.sem
		})
	}, nil
}

// setDelay changes a host's delay (robots.txt Crawl-delay); it applies to
// the gap after the last request already.
func (p *pacer) setDelay(key string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.host(paceKey(key))
	if h.set && h.delay > d {
		d = h.delay // http:// and https:// robots.txt of one server: the larger
	}
	h.delay, h.set = d, true
	if !h.wrote.IsZero() && d > 0 {
		if n := h.wrote.Add(d + paceMargin); n.After(h.next) {
			h.next = n
		}
	}
}

func (p *pacer) delayOf(key string) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.host(paceKey(key)).delay
}

// hold keeps a host idle until t (Retry-After, backoff).
func (p *pacer) hold(key string, t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.host(paceKey(key))
	if t.After(h.next) {
		h.next = t
	}
}
