// Package doctext turns the bytes of a document file (PDF, DOC, DOCX, ODT,
// RTF, XLS, XLSX, ODS) into plain text, per page or per sheet, with the
// tables it can see and the title and dates from the file's metadata.
//
// Per format:
//
//   - PDF: pdftotext -enc UTF-8 (Debian poppler-utils) twice, in reading
//     order for Pages and with -layout for Layout, one entry per page (form
//     feeds split pages; Pages has exactly pdfinfo's page count).
//     pdfinfo gives Title, CreationDate and ModDate. Owner-password
//     ("secured") PDFs are read; a user password is ErrEncrypted.
//   - DOCX: the main document, footnotes, endnotes, then headers and
//     footers, found through [Content_Types].xml; tables into Tables and
//     into the text as tab-separated rows; automatic numbering ("§ 1.",
//     "1)", "a)") written out from numbering.xml. docProps/core.xml gives
//     the title and dates.
//   - ODT: content.xml (notes after the body), headers and footers from
//     styles.xml, list and heading numbering from the list and outline
//     styles, meta.xml for title and dates.
//   - XLSX: excelize, every sheet, cells as displayed, with Polish number
//     separators ("12 500,00 zł"; in sheets over 8 MiB of XML only for
//     grouped numbers); built-in short dates as yyyy-mm-dd.
//   - ODS: content.xml, the text LibreOffice stored for each cell (the
//     typed value when there is none); repeated empty cells and rows are
//     counted, not stored.
//   - DOC: antiword -m UTF-8.txt (Debian antiword); its drawn tables become
//     tab-separated rows and Tables; title and dates from the OLE2 summary
//     information. antiword drops automatic list numbers.
//   - XLS: xls2csv (Debian catdoc); stored numbers, not displayed formats,
//     and no sheet names; title and dates as for DOC.
//   - RTF: a pure-Go reader (code pages, font charsets, \uN, tables,
//     \info title and dates, headers, footers and footnotes).
//
// Text is tidied the same way everywhere: soft hyphens removed,
// non-breaking spaces made plain, trailing blanks cut, runs of blank lines
// collapsed.
//
// The external tools run under a timeout on a private temporary file that
// is always removed, with their output capped; the zip-based formats are
// read with every entry's unpacked size counted against a budget, and XML
// entities cannot expand.
//
// It does not fetch anything, guess document types or dates from the text,
// or read HTML: that is the job of package extract.
package doctext
