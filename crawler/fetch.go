package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gocolly/colly/v2"
	"golang.org/x/net/html/charset"
)

// tokenHeader ties an HTTP exchange in the transport to the fetch that
// started it; the transport removes it before the request leaves.
const tokenHeader = "X-Ngosearch-Fetch"

// errInterrupted means a request was never sent because the run was
// cancelled: the URL stays pending.
var errInterrupted = errors.New("crawl interrupted before the request was sent")

// fetchState collects one fetch: the transport fills status, headers and the
// raw body; colly's callbacks add the links.
type fetchState struct {
	mu       sync.Mutex
	status   int
	header   http.Header
	finalURL *url.URL
	body     []byte
	complete bool // a final (non-redirect) response was read whole
	links    []link
	wantLink bool
	// robotsMeta are the contents of <meta name="robots"> (or our name).
	robotsMeta []string
}

// link is one outlink of a page.
type link struct {
	URL   string `json:"u"`
	Text  string `json:"t,omitempty"`
	Pager bool   `json:"p,omitempty"`
	Feed  bool   `json:"f,omitempty"` // an RSS/Atom feed: read like a sitemap
}

// transport paces requests, reads bodies whole (refusing oversized ones
// instead of truncating them), keeps the raw bytes for the Sink before colly
// converts any charset, and answers colly's own robots.txt lookups from what
// the crawl already read.
type transport struct {
	base    http.RoundTripper
	pace    *pacer
	maxBody int64
	timeout time.Duration // one exchange, from when it may leave
	idle    time.Duration // longest silence while a body arrives

	mu      sync.Mutex
	fetches map[string]*fetchState
	robots  map[string][]byte
	seq     uint64
}

func hostKey(u *url.URL) string { return u.Scheme + "://" + u.Host }

func (t *transport) register(st *fetchState) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seq++
	tok := strconv.FormatUint(t.seq, 10)
	t.fetches[tok] = st
	return tok
}

func (t *transport) unregister(tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fetches, tok)
}

func (t *transport) setRobots(key string, body []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.robots[key] = body
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	key := hostKey(req.URL)
	tok := req.Header.Get(tokenHeader)
	t.mu.Lock()
	st := t.fetches[tok]
	robots, haveRobots := t.robots[key]
	t.mu.Unlock()

	if tok == "" && req.URL.Path == "/robots.txt" && haveRobots {
		// colly's check: answer with the rules the crawl already read.
		return &http.Response{
			Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header:        http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
			Body:          io.NopCloser(bytes.NewReader(robots)),
			ContentLength: int64(len(robots)), Request: req,
		}, nil
	}
	if tok != "" {
		req = req.Clone(req.Context())
		req.Header.Del(tokenHeader)
	}
	release, err := t.pace.acquire(req.Context(), key)
	if err != nil {
		return nil, err
	}
	// The timeout starts now, not while the request waited for its turn.
	stallCtx, stalled := context.WithCancelCause(req.Context())
	ctx, cancelTimeout := context.WithTimeout(stallCtx, t.timeout)
	cancel := func() { cancelTimeout(); stalled(nil) }
	// The host's next request waits for the delay from when this one has
	// actually left, not from when it was allowed to.
	req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { release() },
	}))
	resp, err := t.base.RoundTrip(req)
	release() // when the request failed before it was written
	if err != nil {
		cancel()
		return nil, t.timeoutErr(ctx, err)
	}
	if st == nil || resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.Header.Get("Location") != "" {
		// Our robots.txt fetch, or a redirect the client follows (or
		// refuses): the caller reads and closes the body.
		resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
		if st != nil {
			st.record(resp, req.URL, nil, false)
		}
		return resp, nil
	}
	defer cancel()

	body, err := t.readBody(resp, func() { stalled(errStalled) })
	if err != nil {
		st.record(resp, req.URL, nil, false)
		return nil, fmt.Errorf("reading body of %s: %w", req.URL, t.timeoutErr(ctx, err))
	}
	st.record(resp, req.URL, body, true)

	// colly reads only what it parses (HTML, for links); everything reaches
	// the Sink from st.body, never through colly's charset conversion.
	var pass []byte
	if ct := contentType(resp.Header, body); forColly(ct) {
		pass = body
		// colly converts only what the header declares: tell it what a
		// <meta> or the bytes say, so link texts of legacy pages read right.
		// (st keeps the headers as sent.)
		if cs := htmlCharset(ct, body); cs != "" {
			resp.Header.Set("Content-Type", "text/html; charset="+cs)
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(pass))
	resp.ContentLength = int64(len(pass))
	return resp, nil
}

func (st *fetchState) record(resp *http.Response, u *url.URL, body []byte, complete bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.status, st.header, st.finalURL = resp.StatusCode, resp.Header.Clone(), u
	st.body, st.complete = body, complete
}

// timeoutErr names a timeout for what it is.
func (t *transport) timeoutErr(ctx context.Context, err error) error {
	switch {
	case errors.Is(context.Cause(ctx), errStalled):
		return fmt.Errorf("%w: body stalled for %v: %w", errTimeout, t.idle, err)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%w after %v: %w", errTimeout, t.timeout, err)
	}
	return err
}

// errTimeout is a request that took longer than Config.Timeout, or whose
// body stalled for HeaderTimeout.
var errTimeout = errors.New("request timed out")

var errStalled = errors.New("body stalled")

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// idleReader cancels the request when no byte arrives for idle: a stalled
// body fails in a minute, a large file that keeps flowing may take the whole
// Timeout.
type idleReader struct {
	r     io.Reader
	timer *time.Timer
	idle  time.Duration
}

func (i *idleReader) Read(p []byte) (int, error) {
	n, err := i.r.Read(p)
	if n > 0 {
		i.timer.Reset(i.idle)
	}
	return n, err
}

// readBody reads the whole body or fails; it never returns a prefix.
func (t *transport) readBody(resp *http.Response, cancel context.CancelFunc) ([]byte, error) {
	defer resp.Body.Close()
	if resp.ContentLength > t.maxBody {
		return nil, fmt.Errorf("%w: Content-Length %d > %d", ErrTooLarge, resp.ContentLength, t.maxBody)
	}
	idle := &idleReader{r: resp.Body, timer: time.AfterFunc(t.idle, cancel), idle: t.idle}
	defer idle.timer.Stop()
	var r io.Reader = idle
	expect := resp.ContentLength
	if resp.Uncompressed {
		expect = -1
	}
	if !resp.Uncompressed && strings.EqualFold(strings.TrimSpace(resp.Header.Get("Content-Encoding")), "gzip") {
		// Gzip we did not ask for: undo it, so the Sink sees the entity.
		zr, err := gzip.NewReader(idle)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		expect = -1
	}
	body, err := io.ReadAll(io.LimitReader(r, t.maxBody+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > t.maxBody {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, t.maxBody)
	}
	if expect >= 0 && int64(len(body)) != expect {
		return nil, fmt.Errorf("body is %d bytes, Content-Length said %d: %w", len(body), expect, io.ErrUnexpectedEOF)
	}
	return body, nil
}

// contentType is the declared Content-Type, or the sniffed one when the
// server sent none (colly sniffs too, so an undeclared page is parsed).
func contentType(h http.Header, body []byte) string {
	if ct := h.Get("Content-Type"); ct != "" {
		return ct
	}
	return http.DetectContentType(body)
}

// htmlCharset is the charset of an HTML body whose Content-Type names none:
// from a BOM or <meta>, else UTF-8 when the bytes are valid UTF-8, else
// Windows-1250 or ISO-8859-2 by the Polish letters that differ between them
// (x/net/html/charset would guess Windows-1252). "" when the header already
// declares one or the body is not HTML.
func htmlCharset(ct string, body []byte) string {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "text/html" || params["charset"] != "" {
		return ""
	}
	switch _, name, certain := charset.DetermineEncoding(body, "text/html"); {
	case certain, name != "windows-1252": // a BOM, a <meta>, or UTF-8 seen
		return name
	case utf8.Valid(body): // only ASCII in the first KiB
		return "utf-8"
	}
	// windows-1252 is x/net's guess for "not UTF-8", never right here.
	cp1250, iso := 0, 0
	for _, c := range body {
		switch c {
		case 0xB9, 0x9C, 0x9F, 0xA5, 0x8C, 0x8F: // ą ś ź Ą Ś Ź in Windows-1250
			cp1250++
		case 0xB1, 0xB6, 0xBC, 0xA1, 0xA6, 0xAC: // the same in ISO-8859-2
			iso++
		}
	}
	if iso > cp1250 {
		return "iso-8859-2"
	}
	return "windows-1250"
}

// forColly reports whether colly gets the body: only HTML, the one thing it
// parses for us (links). Sitemaps and feeds we read ourselves, from the raw
// bytes; colly would gunzip a .gz body without any bound on what it unpacks
// (its MaxBodySize limits the compressed bytes), and an empty body there only
// makes colly return an error we ignore because the fetch is complete.
func forColly(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// newClient builds the HTTP client: the base transport with connect and
// header timeouts, our transport around it, and a cookie jar.
func newClient(cfg *Config, t *transport) (*http.Client, error) {
	if cfg.Transport != nil {
		t.base = cfg.Transport
	} else {
		t.base = &http.Transport{
			Proxy: nil, // cmd decides about proxies by passing a Transport
			DialContext: (&net.Dialer{
				Timeout:   cfg.ConnectTimeout,
				KeepAlive: 30 * time.Second,
			}).DialContext,
			TLSHandshakeTimeout:   cfg.ConnectTimeout,
			ResponseHeaderTimeout: cfg.HeaderTimeout,
			ExpectContinueTimeout: time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   max(cfg.Parallelism, 2),
			ForceAttemptHTTP2:     true,
		}
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, fmt.Errorf("cookie jar: %w", err)
	}
	// No client-wide Timeout: it would also count the wait for the host's
	// turn. The transport times each exchange from when it may leave.
	return &http.Client{Transport: t, Jar: jar}, nil
}

// newCollector configures colly. Every option is assigned after
// NewCollector, which applies COLLY_* environment variables last: the
// environment must not switch robots off, truncate bodies, cache responses or
// convert charsets behind our back.
func newCollector(fetchCtx context.Context, cfg *Config, allow hostRules, client *http.Client, redirect func(*http.Request, []*http.Request) error) (*colly.Collector, error) {
	c := colly.NewCollector()
	c.UserAgent = cfg.UserAgent
	c.Headers = nil
	c.MaxDepth = 0    // depth is the frontier's business (pager links do not count)
	c.MaxRequests = 0 // MaxPages is enforced by the frontier, retries included
	c.AllowedDomains = nil
	c.DisallowedDomains = nil
	c.URLFilters = nil
	c.DisallowedURLFilters = nil
	// The frontier dedupes canonical URLs; colly's visited set would mark
	// URLs before fetching them, swallow retries and redirect targets.
	c.AllowURLRevisit = true
	// A backstop only: the transport refuses larger bodies before colly
	// reads them, so nothing is ever truncated.
	c.MaxBodySize = int(min(cfg.MaxBodySize+1, int64(^uint(0)>>1)))
	c.CacheDir = ""
	c.IgnoreRobotsTxt = false
	// Concurrency and politeness are the frontier's (per-host parallelism,
	// Crawl-delay, Retry-After): colly runs synchronously in our workers.
	c.Async = false
	c.ParseHTTPErrorResponse = true // 404s and 503s reach our handler
	c.DetectCharset = false         // it corrupts PDFs and misreads Polish pages
	c.CheckHead = false
	c.TraceHTTP = false
	c.Context = fetchCtx
	c.SetClient(client)
	c.SetRedirectHandler(redirect)
	// A LimitRule per allowed host caps colly's requests in flight at
	// Parallelism, as a second guard behind the frontier. Their Delay stays
	// 0: the spacing is the pacer's, because it must change while the crawl
	// runs (Crawl-delay, Retry-After) and colly's rules are fixed once
	// requests flow (Limit appends to a list requests read unlocked).
	for _, e := range allow {
		if strings.ContainsAny(e.host, "*?[]{}\\:") {
			continue // not a glob we can write safely (IPv6): the frontier still caps it
		}
		globs := []string{e.host + ":" + e.port}
		if e.port == "" {
			globs = []string{e.host, e.host + ":*"}
		}
		for _, g := range globs {
			if err := c.Limit(&colly.LimitRule{DomainGlob: g, Parallelism: cfg.Parallelism}); err != nil {
				return nil, fmt.Errorf("colly limit for %s: %w", g, err)
			}
		}
	}
	return c, nil
}

// isPrivate reports loopback, private, link-local and unspecified addresses.
func isPrivate(ip net.IP) bool {
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsUnspecified()
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
