// Package crawler harvests the city's sites with colly: it keeps a polite,
// resumable frontier per host (robots.txt, Crawl-delay, Retry-After), finds
// links, sitemaps and attached files, refuses foreign hosts and crawler traps,
// remembers what it fetched in a bbolt file so a recrawl only hands changed
// documents on, and hands every harvested response whole to a Sink.
//
// It does not parse documents or index anything: what a response means is
// the Sink's business (in ngosearch, extract and index behind cmd).
package crawler
