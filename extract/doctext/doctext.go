package doctext

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// The errors Read returns wrap one of these; test with errors.Is.
var (
	// ErrUnsupported: a kind this package does not read (HTML, images, "").
	ErrUnsupported = errors.New("unsupported document format")
	// ErrMalformed: the bytes are not a readable file of the given kind
	// (truncated, corrupt, not that format at all). The message carries
	// the parser's or tool's reason.
	ErrMalformed = errors.New("malformed document")
	// ErrEncrypted: the file needs a password to open (a PDF user
	// password, a protected Word or Excel 97-2003 file, a DOCX or XLSX in
	// an encrypted package). Owner-password PDFs ("secured" against
	// printing or copying) are read normally.
	ErrEncrypted = errors.New("encrypted document")
	// ErrTooLarge: a Limits bound was hit (input size, unpacked size,
	// page or sheet count, tool output, tool run time).
	ErrTooLarge = errors.New("document too large")
	// ErrToolMissing: the external program needed for this format is not
	// installed; the message names the Debian package to install.
	ErrToolMissing = errors.New("document tool missing")
)

// Text is what Read found in a document.
type Text struct {
	// Pages is the text per page for PDF, per sheet for spreadsheets
	// (cells separated by tabs, rows by newlines), and a single entry for
	// the flow formats DOC, DOCX, ODT and RTF.
	Pages []string
	// Layout holds, for PDF only, the same pages with the physical layout
	// kept (pdftotext -layout): columns of a table stay aligned.
	Layout []string
	// Tables are the tables of DOCX, ODT, RTF and DOC documents and the
	// sheets of spreadsheets, cell text as the reader of the file sees it.
	// PDF has none: use Layout.
	Tables []Table
	// Title is the metadata title, "" when the file has none.
	Title string
	// Created and Modified come from the file's metadata; zero if absent.
	Created, Modified time.Time
}

// Table is one table of a document or one sheet of a spreadsheet.
type Table struct {
	// Page is 1-based: the sheet number for spreadsheets, 1 for flow
	// documents.
	Page int
	// Name is the sheet or table name when the file gives one.
	Name string
	// Rows hold the cell text; rows may differ in length (trailing empty
	// cells are dropped).
	Rows [][]string
}

// Limits bound the work Read does on one document. Zero fields take the
// defaults below.
type Limits struct {
	// MaxBytes caps the input size (default 200 MiB).
	MaxBytes int64
	// MaxUnpacked caps what may be decompressed from a zip-based file, in
	// total and per entry, counted while reading; it also caps the text
	// produced (repeated spreadsheet cells) and what an external tool may
	// print (default 500 MiB).
	MaxUnpacked int64
	// MaxPages caps the pages of a PDF and the sheets of a spreadsheet
	// (default 5000).
	MaxPages int
	// Timeout bounds each external tool run (default 60 s); running over
	// it is ErrTooLarge (wrapping context.DeadlineExceeded too).
	Timeout time.Duration
}

// Defaults for a zero Limits field.
const (
	DefaultMaxBytes    = 200 << 20
	DefaultMaxUnpacked = 500 << 20
	DefaultMaxPages    = 5000
	DefaultTimeout     = 60 * time.Second
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxUnpacked <= 0 {
		l.MaxUnpacked = DefaultMaxUnpacked
	}
	if l.MaxPages <= 0 {
		l.MaxPages = DefaultMaxPages
	}
	if l.Timeout <= 0 {
		l.Timeout = DefaultTimeout
	}
	return l
}

// Read extracts the text of body, a file of the given kind.
//
// Servers and file names lie, so when the bytes unmistakably belong to
// another format Read handles (an RTF or a DOCX saved as .doc, a PDF named
// .xls), that format is read instead of kind.
//
// Cancelling ctx stops a tool run or a pure-Go reader; the error then
// wraps ctx.Err() and none of the sentinels. Read is safe for concurrent
// use.
//
// A panic inside a parser is turned into ErrMalformed: one hostile file
// must not stop a crawl.
func Read(ctx context.Context, kind model.Kind, body []byte, lim Limits) (t *Text, err error) {
	lim = lim.withDefaults()
	if int64(len(body)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(body), lim.MaxBytes)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if k := sniffMagic(body); k != "" && k != kind && kind.Paged() {
		kind = k
	}
	if isOLE(body) && scanOLE(body).encrypted {
		return nil, fmt.Errorf("%w: password-protected office file", ErrEncrypted)
	}
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("%w: %s reader panicked: %v", ErrMalformed, kind, r)
		}
	}()
	if len(body) == 0 && kind.Paged() && kind.Valid() {
		return nil, fmt.Errorf("%w: empty %s file", ErrMalformed, kind)
	}
	switch kind {
	case model.KindPDF:
		return readPDF(ctx, body, lim)
	case model.KindDOCX:
		return readDOCX(ctx, body, lim)
	case model.KindXLSX:
		return readXLSX(ctx, body, lim)
	case model.KindODT:
		return readODT(ctx, body, lim)
	case model.KindODS:
		return readODS(ctx, body, lim)
	case model.KindRTF:
		return readRTF(ctx, body, lim)
	case model.KindDOC:
		return readDOC(ctx, body, lim)
	case model.KindXLS:
		return readXLS(ctx, body, lim)
	}
	return nil, fmt.Errorf("%w: %q", ErrUnsupported, kind)
}

func errMalformedf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}
