package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// The errors From returns. Errors from extract/doctext are wrapped so that
// both errors.Is(err, extract.ErrX) and errors.Is(err, doctext.ErrX) hold.
var (
	// ErrUnsupported: a format extract does not read (an image, a ZIP).
	ErrUnsupported = errors.New("unsupported format")
	// ErrMalformed: the bytes are not what they claim to be.
	ErrMalformed = errors.New("malformed document")
	// ErrEncrypted: a document that needs a password to read.
	ErrEncrypted = errors.New("encrypted document")
	// ErrTooLarge: the document exceeds the size, page or unpacking limits.
	ErrTooLarge = errors.New("document too large")
	// ErrToolMissing: a Debian tool the format needs is not installed; the
	// message names the package.
	ErrToolMissing = errors.New("extraction tool missing")
	// ErrBadInput: the Input itself is unusable (no URL, not absolute).
	ErrBadInput = errors.New("bad extract input")
)

// Input is one fetched response and what is known about how it was found.
type Input struct {
	// URL is the canonical URL of the response.
	URL string
	// Header holds the response headers: Content-Type, Content-Disposition,
	// Last-Modified.
	Header http.Header
	Body   []byte
	// LinkedFrom is the canonical URL of the page that linked this URL, ""
	// for seeds.
	LinkedFrom string
	// Link is what the linking page (or attachment card) said about this
	// URL (title, kind, size), or nil.
	Link *model.Attachment
	// LinkPublished is the publication date the linking attachment card
	// gave this file (Result.LinkPublished of the card), zero if none. It
	// becomes the file's Published: the BIP publication date beats the
	// file's metadata creation date, which is used only without it.
	LinkPublished time.Time
	FetchedAt     time.Time
}

// Result is what one response yields.
type Result struct {
	// Document is nil when the response is not a document (a listing, an
	// attachment card); Skipped then says why.
	Document *model.Document `json:"document"`
	Grants   []model.Grant   `json:"grants,omitempty"`
	Skipped  string          `json:"skipped,omitempty"`
	// Links are the content links the page names (menus, footers and
	// other boilerplate excluded), with anchor text as Title and, for
	// files, Kind and Size as the page states them; URLs are absolute and
	// canonical. For an attachment card it is exactly the card's file.
	Links []model.Attachment `json:"links,omitempty"`
	// LinkPublished is the publication date an attachment card gives its
	// file (Links[0]); pass it on as Input.LinkPublished when the file is
	// fetched. Zero for every other page.
	LinkPublished time.Time `json:"link_published,omitzero"`
}

// MaxHTMLSize bounds the HTML pages From reads: the city's pages are well
// under a megabyte, and a parse tree costs many times the page's size.
const MaxHTMLSize = 32 << 20

// Skipped reasons.
const (
	SkipListing = "listing page"
	SkipHome    = "home page"
	SkipCard    = "attachment card"
	SkipEmpty   = "no text"
)

// From extracts the records in one response. It never fetches anything.
// HTML pages go through a page profile chosen by URL shape and markup;
// other responses that extract/doctext recognises (by bytes, Content-Type
// or filename) are read as documents.
func From(ctx context.Context, in Input) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	u, err := url.Parse(in.URL)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return Result{}, fmt.Errorf("%w: URL %q is not an absolute http(s) URL", ErrBadInput, in.URL)
	}
	if in.Header == nil {
		in.Header = http.Header{}
	}
	if kind, filename := documentKind(in, u); kind != "" && kind != model.KindHTML {
		return fromDocument(ctx, in, u, kind, filename)
	}
	if isHTML(in) {
		if len(in.Body) > MaxHTMLSize {
			return Result{}, fmt.Errorf("%w: %s is %d bytes of HTML, more than %d", ErrTooLarge, in.URL, len(in.Body), MaxHTMLSize)
		}
		return fromHTML(in, u)
	}
	return Result{}, fmt.Errorf("%w: %s (Content-Type %q)", ErrUnsupported, in.URL, in.Header.Get("Content-Type"))
}

// newDocument fills the fields every document shares.
func newDocument(in Input, u *url.URL, kind model.Kind) *model.Document {
	sum := sha256.Sum256(in.Body)
	return &model.Document{
		ID:         model.DocID(in.URL),
		URL:        in.URL,
		Host:       u.Host,
		Kind:       kind,
		LinkedFrom: in.LinkedFrom,
		FetchedAt:  in.FetchedAt,
		SHA256:     hex.EncodeToString(sum[:]),
	}
}

// isHTML decides whether a response is a web page: an HTML or XHTML
// Content-Type (unless the bytes are plainly a document format), or
// markup-looking bytes under an unhelpful type.
func isHTML(in Input) bool {
	ct := strings.ToLower(in.Header.Get("Content-Type"))
	if looksLikeDocumentBytes(in.Body) {
		return false
	}
	if strings.Contains(ct, "html") {
		return true
	}
	if ct != "" && !strings.HasPrefix(ct, "application/octet-stream") && !strings.HasPrefix(ct, "text/plain") && !strings.HasPrefix(ct, "binary/") {
		return false
	}
	if fn := dispositionFilename(in.Header.Get("Content-Disposition")); fn != "" {
		ext := strings.ToLower(fn[strings.LastIndexByte(fn, '.')+1:])
		if ext != "html" && ext != "htm" {
			return false
		}
	}
	return looksLikeHTML(in.Body)
}

// looksLikeDocumentBytes spots the magic numbers of the formats doctext
// reads, so a PDF sent as text/html is not parsed as a page.
func looksLikeDocumentBytes(b []byte) bool {
	switch {
	case len(b) >= 5 && string(b[:5]) == "%PDF-":
		return true
	case len(b) >= 4 && string(b[:4]) == "PK\x03\x04":
		return true
	case len(b) >= 8 && string(b[:8]) == "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1":
		return true
	case len(b) >= 5 && string(b[:5]) == `{\rtf`:
		return true
	}
	return false
}

func looksLikeHTML(b []byte) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	s := strings.ToLower(string(head))
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<div", "<p>", "<p ", "<h1", "<table", "<title", "<meta"} {
		if strings.Contains(s, tag) {
			return true
		}
	}
	return false
}
