// Package bench measures ngosearch against the engines a city would pick
// instead (SQLite FTS5 and PostgreSQL full-text search) on one deterministic,
// generated Polish corpus: indexing speed, index size, peak memory, and query
// latency and throughput in process and over HTTP.
//
// The corpus is recombined from real Polish sentences of the bundled sample
// site (and any seed texts), so term statistics look like Polish. Run it
// with cmd/ngobench; BENCHMARKS.md records the results.
//
// It does not crawl the network, and it is not part of the search engine:
// nothing in ngosearch imports it.
package bench
