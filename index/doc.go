// Package index stores documents and grants in bleve indexes on disk and
// answers searches over them with Polish-aware analysis: stemmed, exact,
// diacritic-free and lightly stemmed forms of every word, synonyms from
// synonyms.txt, a forgiving query syntax (see Query), facets, highlighted
// snippets and the best page of paged documents.
//
// It does not crawl, fetch or extract anything: it indexes the records it
// is given and answers queries; HTTP and rendering belong to server.
package index
