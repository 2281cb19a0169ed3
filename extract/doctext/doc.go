// Package doctext turns the bytes of a document file (PDF, DOC, DOCX, ODT,
// RTF, XLS, XLSX, ODS) into plain text, per page or per sheet, with the
// tables it can see and the title and dates from the file's metadata.
//
// PDF, DOC and XLS are read by Debian command-line tools (poppler-utils,
// antiword, catdoc) run under a timeout on a private temporary file; the
// zip-and-XML formats and RTF are read in pure Go with every size limit
// enforced while reading.
//
// It does not fetch anything, guess document types or dates from the text,
// or read HTML: that is the job of package extract.
package doctext
