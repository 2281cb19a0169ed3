// Package crawler harvests the city's sites with colly: it keeps a polite,
// resumable frontier per host (robots.txt, Crawl-delay, Retry-After), finds
// links, sitemaps, feeds and attached files, refuses foreign hosts and
// crawler traps, remembers what it fetched in a bbolt file so a recrawl only
// hands changed documents on, keeps a WARC archive of what it received, and
// hands every harvested response whole to a Sink.
//
// It does not parse documents or index anything: what a response means is
// the Sink's business (in ngosearch, extract and index behind cmd).
//
// # How a crawl runs
//
// Every URL is made canonical with Config.URLRules before anything else, so
// "?b&a&utm_source=x" and "?a&b" are one URL, fetched once and stored under
// one name. A URL joins the frontier only when its host is allowed
// (Config.AllowHosts: "host" on any port, "host:port" exactly) and it passes
// the trap checks (MaxDepth, MaxURLLength, MaxRepeat, a calendar-year
// window, PatternBudget); otherwise it is listed in Report.Refused with the
// reason.
//
// Before the first request to a host its robots.txt is read (once; colly's
// own robots check, which stays on, is answered from that copy). Our group
// (the user agent's product token) or "*" decides what may be fetched;
// Crawl-delay raises the host's delay; Sitemap lines, and /sitemap.xml when
// there are none, are queued. A robots.txt that answers 5xx or cannot be
// reached closes the host for the run. Page-level exclusions are obeyed
// too: <meta name="robots"> and X-Robots-Tag noindex keep a response from
// the Sink (and withdraw it if it was stored), nofollow keeps its links from
// the frontier.
//
// Requests to one host are spaced by its delay measured from when the
// previous one was written, with at most Parallelism in flight; 429 and 5xx
// answers and network errors are retried MaxRetries times, honouring
// Retry-After. Redirects may lead only to allowed hosts, to a loopback or
// private address only when that address is allowed itself, and to another
// allowed host only after its robots.txt (the target is queued there).
//
// Bodies are read whole by our transport, before colly sees them: a body
// over MaxBodySize is refused (by Content-Length, or by the bytes read),
// never truncated, and the Sink gets the bytes as sent (no charset
// conversion). Links (a[href], area, rel=next/prev, RSS/Atom feeds) come
// from colly's OnHTML, each request with its own colly Context.
//
// # State
//
// With a DataDir, crawl.db (bbolt) keeps per canonical URL the validators
// (ETag, Last-Modified), the SHA-256 of the body the Sink accepted, the
// status, fetch time and consecutive 404/410 count, and the page's links;
// and the frontier of the running crawl. A recrawl sends conditional
// requests and revisits every stored URL: a 304 or an unchanged body is not
// handed to the Sink (Report.Unchanged), a 304 page's stored links are still
// followed, and a stored URL that answers 404/410 on two consecutive crawls
// is passed to Sink.Remove (5xx and timeouts never remove). A crawl that is
// cancelled, killed, or stopped by MaxPages is resumed by the next Run: URLs
// done are not fetched again, pending ones are.
package crawler
