package crawler

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Response is one harvested page or file, whole.
type Response struct {
	// URL is the canonical URL that was requested.
	URL string
	// FinalURL is the canonical URL after redirects (== URL without any).
	FinalURL string
	Status   int
	Header   http.Header
	// Body is the entity exactly as sent (after transfer decoding such as
	// gzip Content-Encoding), never converted to another charset, never
	// truncated.
	Body []byte
	// ArchiveOffset is where this response's record starts in the crawl's
	// WARC archive (ReadArchived), 0 when it was not archived.
	ArchiveOffset int64
	// Referrer is the canonical URL of the page whose link led here, "" for
	// seeds and sitemap entries.
	Referrer string
	// LinkText is the text of that link (or its title, or an image's alt).
	LinkText  string
	FetchedAt time.Time
}

// Sink receives what the crawl harvests. Its methods may be called from
// several goroutines at once.
type Sink interface {
	// Store is called with every 2xx response that is new or changed. An
	// error counts the URL as failed; it is stored again on the next Run.
	Store(ctx context.Context, r *Response) error
	// Remove is called for a stored URL that answered 404 or 410 on two
	// consecutive crawls.
	Remove(ctx context.Context, canonicalURL string) error
}

// Failure is a URL the crawl could not harvest or would not fetch, and why.
type Failure struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
	// Err is the cause, for errors.Is against this package's sentinels
	// (ErrRobots, ErrForeignHost, ErrTrap, ErrTooLarge, ErrStatus, ...).
	Err error `json:"-"`
}

// Report sums up one Run.
type Report struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Fetched counts HTTP responses to page, file and sitemap requests,
	// retries included (robots.txt is not counted): what MaxPages caps.
	Fetched int `json:"fetched"`
	// Stored counts responses the Sink accepted.
	Stored int `json:"stored"`
	// Unchanged counts 304s and 2xx bodies identical to the stored ones: not
	// handed to the Sink.
	Unchanged int `json:"unchanged"`
	// Failed counts the URLs that failed (Failures lists the first
	// MaxListedFailures of them).
	Failed int `json:"failed"`
	// Skipped counts 2xx responses deliberately not stored: media types we
	// do not index, and bodies already seen under MaxDuplicates other URLs.
	Skipped int `json:"skipped"`
	// Removed counts Sink.Remove calls that succeeded.
	Removed int `json:"removed"`
	// Sitemaps counts sitemap files read.
	Sitemaps int `json:"sitemaps"`
	// Bytes is the sum of body sizes received.
	Bytes int64 `json:"bytes"`
	// Pending is the number of URLs left in the frontier (stopped by
	// MaxPages or cancellation): the next Run with the same DataDir starts
	// with them.
	Pending int `json:"pending"`
	// ByHost counts Fetched per host ("host:port" when the port is not the
	// default).
	ByHost map[string]int `json:"by_host"`
	// ByStatus counts Fetched per HTTP status.
	ByStatus map[int]int `json:"by_status"`
	// ByKind counts 2xx responses per kind read from Content-Type (and,
	// for octet-stream, the file name): html, pdf, doc, docx, odt, rtf, xls,
	// xlsx, ods, xml, text, other.
	ByKind map[string]int `json:"by_kind"`
	// Failures are URLs that failed after their retries: network errors,
	// timeouts, 4xx/5xx, Sink errors. Each URL appears once, at most
	// MaxListedFailures of them.
	Failures []Failure `json:"failures"`
	// Refused are URLs not fetched or not followed on purpose: robots.txt,
	// foreign hosts and redirects to them, private addresses, traps,
	// duplicate content, bodies over MaxBodySize. Each URL appears once; at
	// most MaxListedRefusals per class are listed (share links alone can
	// make thousands), RefusedBy counts them all.
	Refused []Failure `json:"refused"`
	// RefusedBy counts refusals per class: robots, foreign_host,
	// private_address, trap, duplicate, too_large, redirects.
	RefusedBy map[string]int `json:"refused_by"`
	// OutOfScope counts, per host, the stored documents of an earlier
	// crawl of the same DataDir on hosts this crawl may not visit (other
	// seeds or allowed hosts): they are neither rechecked nor removed.
	OutOfScope map[string]int `json:"out_of_scope,omitempty"`
	// Hosts says, per scheme://host contacted, what its robots.txt said
	// and how fast it was crawled.
	Hosts map[string]HostReport `json:"hosts"`
}

// HostReport is what the crawl learnt about one host.
type HostReport struct {
	// Robots is "ok" (read and obeyed), "none (HTTP 404)" (no rules), or
	// "unavailable, host skipped: ..." (5xx or unreachable after retries).
	Robots     string        `json:"robots"`
	CrawlDelay time.Duration `json:"crawl_delay,omitempty"`
	// Delay is the spacing used: Config.Delay, or Crawl-delay when larger.
	Delay    time.Duration `json:"delay"`
	Sitemaps []string      `json:"sitemaps,omitempty"` // named by robots.txt
}

// MaxListedRefusals is how many refusals of one class Report.Refused lists.
const MaxListedRefusals = 1000

// MaxListedFailures is how many failures Report.Failures lists (a host
// that is down fails every URL queued for it).
const MaxListedFailures = 5000

// refusalClass names the class of a refusal for Report.RefusedBy.
func refusalClass(err error) string {
	for _, c := range []struct {
		err  error
		name string
	}{
		{ErrRobots, "robots"}, {ErrForeignHost, "foreign_host"}, {ErrPrivateAddress, "private_address"},
		{ErrDuplicate, "duplicate"}, {ErrTrap, "trap"}, {ErrTooLarge, "too_large"}, {ErrRedirects, "redirects"},
	} {
		if errors.Is(err, c.err) {
			return c.name
		}
	}
	return "other"
}

// Progress is a running total, passed to Config.Progress.
type Progress struct {
	Fetched  int
	Stored   int
	Queued   int // URLs waiting in the frontier
	InFlight int
	Errors   int // URLs failed so far (Report.Failed)
	Refused  int // URLs refused so far (all classes)
	Bytes    int64
}

// Errors a Failure wraps; use errors.Is.
var (
	ErrRobots         = errors.New("disallowed by robots.txt")
	ErrForeignHost    = errors.New("host not allowed")
	ErrPrivateAddress = errors.New("loopback or private address not allowed")
	ErrTrap           = errors.New("crawler trap")
	ErrDuplicate      = errors.New("duplicate content")
	ErrTooLarge       = errors.New("body larger than MaxBodySize")
	ErrRedirects      = errors.New("too many redirects")
	ErrStatus         = errors.New("HTTP error status")
	ErrRetryAfter     = errors.New("server asks to wait longer than MaxRetryAfter")
	ErrSink           = errors.New("sink failed")
	// ErrState is wrapped by Run's error when the state store in DataDir
	// cannot be opened, read or written.
	ErrState = errors.New("crawl state")
)

// Crawler runs crawls with one Config and one Sink.
type Crawler struct {
	cfg   Config // with defaults applied
	allow hostRules
	sink  Sink
}

// New checks cfg and returns a Crawler handing responses to sink.
func New(cfg Config, sink Sink) (*Crawler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if sink == nil {
		return nil, configErr("nil sink")
	}
	allow, err := allowRules(cfg)
	if err != nil {
		return nil, err
	}
	return &Crawler{cfg: cfg.withDefaults(), allow: allow, sink: sink}, nil
}
