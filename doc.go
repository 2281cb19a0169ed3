// Package ngosearch is a search engine for the city of Kraków's cooperation
// with non-governmental organisations: it crawls www.krakow.pl, ngo.krakow.pl
// and www.bip.krakow.pl, extracts news, legal documents and the grants named
// in competition results, and serves them through an API and a small UI.
//
// The pipeline lives in the stage packages (crawler, extract, index, server)
// wired together by cmd/ngosearch. This root package holds only the bundled
// sample site: a realistic, offline mirror of the three city sites (see
// testdata/site/README.md) and StartSample, which serves it on loopback so
// tests and demos can run a real crawl without the internet. It does not
// crawl, extract or index anything itself.
package ngosearch
