// Package extract turns fetched pages and documents into records: it decodes
// the character set, picks a page profile, cleans away boilerplate, reads
// dates, units, attachments and the document type, hands document formats to
// extract/doctext, and reads grant records from competition results.
//
// It does no network I/O and never touches the index: From is a function of
// the bytes, headers and URL it is given.
//
// # Page profiles
//
// The profile is chosen by the URL's path and query first, so it works the
// same behind the sample server's loopback hosts, then by markup:
//
//   - /zalaczniki/dokumenty/n/<id>/karta: a BIP attachment card. Not a
//     document (Skipped "attachment card"); Result.Links is its file with
//     title, kind and size, Result.LinkPublished its date. Pass both on when
//     the file is fetched (Input.Link, Input.LinkPublished).
//   - a path with ",kategoria," and BIP menu pages (?mmi= without dok_id):
//     listings (Skipped "listing page"); Result.Links are the items.
//   - /get_html.php: a print view; AltURLs gets the article's address.
//   - div.article-title h1: a www.krakow.pl / ngo.krakow.pl article, with
//     div.metka (date, "Źródło:"), div.article-lead and div.article-body.
//   - #mainDiv with a dok_id: a BIP document with table.metryka.
//   - anything else: <main>, <article>, or the largest block of text, titled
//     by its <h1> or its <title> without the site's name.
//
// Menus, cookie banners, "Zobacz także" boxes, footers, the BIP header,
// scripts and hidden elements never reach Body; Links only come from the
// page's content box.
//
// # Hostile markup
//
// Records are text: no markup, style or script survives extraction, so
// what a page says is shown as text wherever it goes. Links are kept only
// when they resolve to http(s) (javascript:, data: and the like, however
// spelled, are dropped). Text hidden in the markup itself (the hidden
// attribute, aria-hidden="true", an inline display:none or
// visibility:hidden, hiding classes such as "hidden" or "sr-only") is not
// indexed, so keywords stuffed there do not match. Text hidden by the
// page's stylesheet is indexed: CSS is not evaluated, and the city's
// accordions and tabs hide real content that their scripts reveal. Tiny or
// page-coloured text is indexed too, and CSS generated content (::after)
// never is.
//
// # Character sets
//
// BOM, then the HTTP charset, then <meta>. Undeclared bytes that are not
// UTF-8 are Windows-1250 or ISO-8859-2, told apart by the bytes of ą ś ź Ą Ś
// Ź; never windows-1252. A declaration the bytes plainly contradict (Polish
// text under windows-1252, UTF-8 under a single-byte label) is overruled.
//
// # Dates
//
// ParseDate reads the city's date styles. Dates without a time are midnight
// UTC of that day; dates with a time are Europe/Warsaw wall-clock times; a
// year alone is 1 January (ParseDateDetail says which). Published is the
// page's own publication date (metka, metryka, meta tags), never the first
// date in the text.
//
// # Grants
//
// Grant tables are found by their header (an organisation column and a
// granted-amount column) in HTML tables, spreadsheet sheets, DOCX/ODT tables
// and PDF pages as laid out by pdftotext -layout. Requested amounts, totals
// ("Razem", "Suma"), pools and unit prices are not grants. ParseAmount is
// exact to the grosz.
package extract
