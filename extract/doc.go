// Package extract turns fetched pages and documents into records: it decodes
// the character set, picks a page profile (krakow.pl article, print view,
// listing, BIP document, BIP attachment card, or a generic main-content
// fallback), cleans away boilerplate, reads dates, units, attachments and
// the document type, hands document formats to extract/doctext, and reads
// grant records from competition results.
//
// It does no network I/O and never touches the index: it is a pure function
// of the bytes, headers and URL it is given.
package extract
