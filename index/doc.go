// Package index stores documents and grants in bleve indexes on disk and
// answers searches over them with Polish-aware analysis: stemmed, exact,
// diacritic-free and lightly stemmed forms of every word, synonyms from
// synonyms.txt, a forgiving query syntax (see Query), facets, highlighted
// snippets and the best page of paged documents.
//
// It does not crawl, fetch or extract anything: it indexes the records it
// is given and answers queries; HTTP and rendering belong to server.
//
// # Layout on disk
//
//	DIR/meta.json             {"mapping_version": N, "generation": G}
//	DIR/gen-G/docs.bleve      documents (scorch)
//	DIR/gen-G/grants.bleve    grants (scorch)
//
// A rebuild fills gen-G+1 beside the live generation and switches
// meta.json by an atomic rename, so searches never see a missing index:
// OpenNew + Put + Swap with a live index in the same process; OpenNew +
// Put + Promote from a command (re-extracting from an archive); or Rebuild,
// which copies the records the index itself stores. The mapping
// version is also kept inside each bleve index (internal key); Open refuses
// another version with ErrVersion, and Rebuild upgrades from the records
// the index stores.
//
// # Fields of a document
//
// The long text is one array property, text: the lead, the body, then one
// element per page (page n at array position n+1, so term locations name
// the page of a hit). It is indexed in two families, the short properties
// (title, att = attachments' titles, unit, and the lead again, for its
// boost) in up to four:
//
//	P          bleve's Polish analyzer (pl.AnalyzerName), short words and
//	           acronyms kept from the stemmer; positions kept (phrases,
//	           best page)
//	P_exact    lower case only (not text); positions in title, att, unit
//	P_fold     lower case, ASCII-folded, ł -> l (title, att, unit)
//	P_light    folded, then common endings cut by our own rules (not lead);
//	           on text without frequencies and norms (a recall net: it
//	           only has to match)
//
// Where positions are kept, the byte offsets are not (analyzerStemPos,
// analyzerExactPos): phrases and page location read positions and array
// positions; snippets analyse the stored text again.
//
// type, kind, host, year, org, dupkey, url and dup are keywords with doc
// values (filters, facets, duplicates); published is a datetime (sort,
// range, recency); sg_title and sg_lead hold "folded|word" terms for
// Suggest; _doc stores the whole model.Document as DEFLATE-compressed JSON
// (see stored.go) and is not indexed. Nothing else is stored.
//
// # Ranking
//
// Each query word becomes a disjunction over fields and families, boosted
// title 6 > attachments 2 > lead 1.5 (+1 as text) > text 1 > unit 0.5, and
// exact 3 > stem 2 > folded 1.5 > light 1 > fuzzy 0.3 (fuzzy only for words
// the index does not know). All words must match; when nothing has them
// all, all but one; then any. BM25 scores. The best 100 hits are then
// re-ranked (see rerank): typed words standing side by side, or a
// multi-word synonym as typed, gain up to 60%, and a new document up to 15%
// (halving every two years). Facets are counted unless the request says
// NoFacets; the last results can be cached (SetSearchCache).
package index
