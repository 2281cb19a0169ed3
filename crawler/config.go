package crawler

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// Defaults for the zero values of Config.
const (
	DefaultDelay          = time.Second
	DefaultUserAgent      = "ngosearch/0.1 (+https://github.com/krakow-ngo/ngosearch)"
	DefaultMaxBodySize    = 200 << 20
	DefaultTimeout        = 10 * time.Minute
	DefaultConnectTimeout = 15 * time.Second
	DefaultHeaderTimeout  = time.Minute
	DefaultParallelism    = 1
	DefaultMaxDepth       = 25
	DefaultMaxURLLength   = 1024
	DefaultMaxRepeat      = 2
	DefaultPatternBudget  = 2000
	DefaultMaxDuplicates  = 3
	DefaultMaxRetries     = 2
	DefaultMaxRetryAfter  = 5 * time.Minute
)

// Config says what to crawl and how politely. The zero value of every field
// but Seeds means its default.
type Config struct {
	// Seeds are the start URLs.
	Seeds []string
	// AllowHosts are the only hosts fetched: "host" matches the host on any
	// port, "host:port" only that port. Default: the seeds' hosts (with their
	// port when it is not the scheme's default). Redirects are held to the
	// same list.
	AllowHosts []string
	// Delay is the least time between two requests to one host, from when
	// one has been sent to when the next leaves. A robots.txt Crawl-delay
	// larger than Delay replaces it for that host. Default 1s; negative means
	// no delay (tests only).
	Delay time.Duration
	// MaxPages is a hard cap on fetches in one Run: pages, files, sitemaps
	// and retries each count one (the hops of one redirect chain count as
	// that one fetch; robots.txt is not counted). 0 means unlimited. A Run
	// stopped by the cap leaves its frontier for the next Run.
	MaxPages int
	// UserAgent is sent with every request and matched against robots.txt.
	UserAgent string
	// MaxBodySize is the largest body accepted, in bytes (default 200 MiB).
	// Larger bodies are refused and reported, never truncated.
	MaxBodySize int64
	// Timeout bounds one HTTP exchange, body included, from when the host's
	// pacing lets it leave (default 10 min, so a large file on a slow line
	// still arrives).
	Timeout time.Duration
	// ConnectTimeout bounds dialling and the TLS handshake (default 15 s).
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for response headers once the request is
	// sent, and any silence while the body arrives (default 1 min).
	HeaderTimeout time.Duration
	// Parallelism is the number of requests in flight to one host (default 1).
	Parallelism int
	// URLRules make every URL canonical before it is compared, stored or
	// fetched.
	URLRules model.URLRules
	// DataDir holds crawl.db (per-URL validators and the resumable frontier).
	// "" keeps everything in memory: nothing is conditional, nothing resumes.
	DataDir string
	// Logger receives progress and problems; nil discards them.
	Logger *slog.Logger

	// MaxDepth is the number of link hops from a seed to a page (default 25;
	// negative: unlimited). Pager links do not add a hop, and a document file
	// one hop past the limit is still fetched.
	MaxDepth int
	// MaxURLLength refuses longer canonical URLs (default 1024 bytes).
	MaxURLLength int
	// MaxRepeat is how often one path segment may occur in a URL path
	// (default 2): /a/b/a/b/a is a relative-link trap.
	MaxRepeat int
	// PatternBudget caps the URLs admitted per pattern, where a pattern is the
	// host and path with digit runs folded and the query's values dropped
	// (default 2000; negative: unlimited). It contains calendars and
	// parameter explosions without a list of their names.
	PatternBudget int
	// MaxDuplicates is how many different URLs may serve the same body before
	// further copies are neither stored nor followed (default 3).
	MaxDuplicates int
	// MaxRetries is how often a request that failed transiently (429, 5xx,
	// network error, timeout) is tried again (default 2; negative: never).
	MaxRetries int
	// MaxRetryAfter is the longest Retry-After honoured; a server asking for
	// more makes the request fail (default 5 min).
	MaxRetryAfter time.Duration
	// Full hands every 2xx response to the Sink, even when the state says it
	// has not changed, and sends no conditional requests.
	Full bool
	// Transport is the base round tripper (default: an http.Transport with
	// ConnectTimeout and HeaderTimeout and no proxy). The crawler wraps it.
	Transport http.RoundTripper
	// Progress, if set, is called from the crawl loop after every fetch with
	// running totals; it must return quickly.
	Progress func(Progress)
	// Archive, if true, appends every response received (but 304s) to
	// DataDir/archive.warc.gz, for re-extraction without the network.
	Archive bool
}

// ErrConfig is wrapped by every error Validate returns.
var ErrConfig = errors.New("invalid crawler config")

func configErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
}

// Validate checks c without changing it.
func (c Config) Validate() error {
	if len(c.Seeds) == 0 {
		return configErr("no seeds")
	}
	for _, s := range c.Seeds {
		if _, err := c.URLRules.Canonical(s); err != nil {
			return configErr("seed %q: %v", s, err)
		}
	}
	for _, h := range c.AllowHosts {
		if _, err := parseHostEntry(h); err != nil {
			return configErr("allowed host %q: %v", h, err)
		}
	}
	switch {
	case c.MaxPages < 0:
		return configErr("MaxPages %d is negative", c.MaxPages)
	case c.MaxBodySize < 0:
		return configErr("MaxBodySize %d is negative", c.MaxBodySize)
	case c.MaxBodySize > 1<<40:
		return configErr("MaxBodySize %d is beyond reason", c.MaxBodySize)
	case c.Timeout < 0 || c.ConnectTimeout < 0 || c.HeaderTimeout < 0:
		return configErr("negative timeout")
	case c.Parallelism < 0:
		return configErr("Parallelism %d is negative", c.Parallelism)
	case c.MaxURLLength < 0 || c.MaxRepeat < 0 || c.MaxDuplicates < 0:
		return configErr("negative trap limit")
	case c.MaxRetryAfter < 0:
		return configErr("MaxRetryAfter %v is negative", c.MaxRetryAfter)
	case c.Archive && c.DataDir == "":
		return configErr("Archive needs a DataDir")
	}
	if c.UserAgent != "" && strings.ContainsAny(c.UserAgent, "\r\n") {
		return configErr("UserAgent contains a line break")
	}
	return nil
}

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	if c.Delay == 0 {
		c.Delay = DefaultDelay
	} else if c.Delay < 0 {
		c.Delay = 0
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.MaxBodySize == 0 {
		c.MaxBodySize = DefaultMaxBodySize
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = min(DefaultConnectTimeout, c.Timeout)
	}
	if c.HeaderTimeout == 0 {
		c.HeaderTimeout = min(DefaultHeaderTimeout, c.Timeout)
	}
	if c.Parallelism == 0 {
		c.Parallelism = DefaultParallelism
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.MaxURLLength == 0 {
		c.MaxURLLength = DefaultMaxURLLength
	}
	if c.MaxRepeat == 0 {
		c.MaxRepeat = DefaultMaxRepeat
	}
	if c.PatternBudget == 0 {
		c.PatternBudget = DefaultPatternBudget
	}
	if c.MaxDuplicates == 0 {
		c.MaxDuplicates = DefaultMaxDuplicates
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = DefaultMaxRetries
	} else if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.MaxRetryAfter == 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// hostEntry is one parsed AllowHosts entry.
type hostEntry struct {
	host string // lower case, no brackets
	port string // "" = any port
}

func parseHostEntry(s string) (hostEntry, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || strings.ContainsAny(s, "/?#@ ") {
		return hostEntry{}, errors.New("not a host or host:port")
	}
	if h, p, err := net.SplitHostPort(s); err == nil {
		if h == "" || p == "" {
			return hostEntry{}, errors.New("empty host or port")
		}
		return hostEntry{host: h, port: p}, nil
	}
	if strings.Count(s, ":") == 1 {
		return hostEntry{}, errors.New("malformed port")
	}
	return hostEntry{host: strings.Trim(s, "[]")}, nil
}

// hostRules decide which hosts may be fetched.
type hostRules []hostEntry

// allows reports whether the absolute URL u is on an allowed host. The port
// compared is the explicit one or the scheme's default.
func (r hostRules) allows(u *url.URL) bool {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" {
		port = defaultPort(u.Scheme)
	}
	for _, e := range r {
		if e.host == host && (e.port == "" || e.port == port) {
			return true
		}
	}
	return false
}

// allowsAddr reports whether an entry names this very address: a loopback or
// private address is reachable by redirect only when it was allowed as such.
func (r hostRules) allowsAddr(ip net.IP, port string) bool {
	for _, e := range r {
		if eip := net.ParseIP(e.host); eip != nil && eip.Equal(ip) && (e.port == "" || e.port == port) {
			return true
		}
	}
	return false
}

func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// allowRules parses AllowHosts, or derives them from the canonical seeds.
func allowRules(cfg Config) (hostRules, error) {
	var r hostRules
	if len(cfg.AllowHosts) == 0 {
		for _, s := range cfg.Seeds {
			c, err := cfg.URLRules.Canonical(s)
			if err != nil {
				return nil, configErr("seed %q: %v", s, err)
			}
			u, err := url.Parse(c)
			if err != nil {
				return nil, configErr("seed %q: %v", s, err)
			}
			e := hostEntry{host: strings.ToLower(u.Hostname()), port: u.Port()}
			r = append(r, e)
		}
		return r, nil
	}
	for _, h := range cfg.AllowHosts {
		e, err := parseHostEntry(h)
		if err != nil {
			return nil, configErr("allowed host %q: %v", h, err)
		}
		r = append(r, e)
		// Canonical URLs carry the alias target, so allowing "krakow.pl"
		// means allowing what its URLs become.
		if a, ok := cfg.URLRules.HostAliases[e.host]; ok {
			r = append(r, hostEntry{host: strings.ToLower(a), port: e.port})
		}
	}
	return r, nil
}
