package model

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Kind is the format a document was published in.
type Kind string

// The formats the city publishes in.
const (
	KindHTML Kind = "html"
	KindPDF  Kind = "pdf"
	KindDOC  Kind = "doc"
	KindDOCX Kind = "docx"
	KindODT  Kind = "odt"
	KindRTF  Kind = "rtf"
	KindXLS  Kind = "xls"
	KindXLSX Kind = "xlsx"
	KindODS  Kind = "ods"
)

// Kinds lists every Kind, HTML first.
var Kinds = []Kind{KindHTML, KindPDF, KindDOC, KindDOCX, KindODT, KindRTF, KindXLS, KindXLSX, KindODS}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// Paged reports whether documents of this kind carry text per page
// (or per sheet, for spreadsheets).
func (k Kind) Paged() bool { return k != KindHTML && k != "" }

// DocType is the place of a document in the city's fixed taxonomy.
type DocType string

// The taxonomy of the city's NGO documents.
const (
	TypeNews                    DocType = "news"
	TypeCompetitionAnnouncement DocType = "competition_announcement"
	TypeCompetitionResults      DocType = "competition_results"
	TypeAnnualReport            DocType = "annual_report"
	TypeCooperationProgramme    DocType = "cooperation_programme"
	TypeResolution              DocType = "resolution"
	TypeOrder                   DocType = "order"
	TypeConsultationReport      DocType = "consultation_report"
	TypeRules                   DocType = "rules"
	TypeOther                   DocType = "other"
)

// DocTypes lists every DocType with its Polish label, in display order.
var DocTypes = []struct {
	Type  DocType
	Label string
}{
	{TypeNews, "Aktualność"},
	{TypeCompetitionAnnouncement, "Ogłoszenie konkursu"},
	{TypeCompetitionResults, "Wyniki konkursu"},
	{TypeAnnualReport, "Sprawozdanie roczne"},
	{TypeCooperationProgramme, "Program współpracy"},
	{TypeResolution, "Uchwała"},
	{TypeOrder, "Zarządzenie"},
	{TypeConsultationReport, "Raport z konsultacji"},
	{TypeRules, "Regulamin"},
	{TypeOther, "Inne"},
}

// Valid reports whether t is in the taxonomy.
func (t DocType) Valid() bool { return t.Label() != "" }

// Label is the Polish name of t, or "" when t is not in the taxonomy.
func (t DocType) Label() string {
	for _, v := range DocTypes {
		if v.Type == t {
			return v.Label
		}
	}
	return ""
}

// Attachment is a file a page links to.
type Attachment struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	// Kind is the file's format when the link or card says it, else "".
	Kind Kind `json:"kind,omitempty"`
	// Size in bytes as the page states it, 0 when unknown.
	Size int64 `json:"size,omitempty"`
}

// Document is one page or file harvested from the city's sites.
type Document struct {
	// ID is DocID(URL): stable across crawls.
	ID string `json:"id"`
	// URL is the canonical URL; for an attachment, the file's URL.
	URL string `json:"url"`
	// AltURLs are other canonical URLs that served the same content
	// (a print view, the same file under another path).
	AltURLs []string `json:"alt_urls,omitempty"`
	Host    string   `json:"host"`
	Kind    Kind     `json:"kind"`
	Type    DocType  `json:"type"`
	Title   string   `json:"title"`
	// Published is the page's publication date; zero when unknown.
	Published time.Time `json:"published,omitzero"`
	Modified  time.Time `json:"modified,omitzero"`
	Lead      string    `json:"lead,omitempty"`
	// Body is the main text. For paged kinds it is empty and the text is in
	// Pages, so nothing is indexed twice.
	Body string `json:"body,omitempty"`
	// Pages holds the text of page i+1 (sheet i+1 for spreadsheets).
	Pages []string `json:"pages,omitempty"`
	// Section is the site section ("Aktualności", "Organizacje pozarządowe").
	Section string `json:"section,omitempty"`
	// Unit is the publishing unit ("Wydział Polityki Społecznej i Zdrowia").
	Unit string `json:"unit,omitempty"`
	// Organizations are the organisations the document's grant tables
	// name, one spelling each (for the organisation facet).
	Organizations []string     `json:"organizations,omitempty"`
	Attachments   []Attachment `json:"attachments,omitempty"`
	// LinkedFrom is the canonical URL of the page that links this file.
	LinkedFrom string `json:"linked_from,omitempty"`
	// Filename is the Content-Disposition filename, when the server sent one.
	Filename  string    `json:"filename,omitempty"`
	FetchedAt time.Time `json:"fetched_at"`
	// SHA256 is the hex SHA-256 of the raw fetched bytes.
	SHA256 string `json:"sha256"`
	// ArchiveOffset is where the fetched response starts in the data
	// directory's WARC archive, 0 when it was not archived.
	ArchiveOffset int64 `json:"archive_offset,omitempty"`
}

// ErrInvalid is wrapped by every validation error in this package.
var ErrInvalid = errors.New("invalid record")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// DocID derives the stable document ID from a canonical URL: the first 16
// bytes of its SHA-256, in hex.
func DocID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:16])
}

// Text is the document's whole text: lead, body and pages.
func (d *Document) Text() string {
	parts := make([]string, 0, 2+len(d.Pages))
	for _, s := range append([]string{d.Lead, d.Body}, d.Pages...) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}

// Validate checks what every stage relies on.
func (d *Document) Validate() error {
	u, err := url.Parse(d.URL)
	switch {
	case d.URL == "":
		return invalid("document has no URL")
	case err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https"):
		return invalid("document URL %q is not an absolute http(s) URL", d.URL)
	case d.ID != DocID(d.URL):
		return invalid("document ID %q does not match URL %q", d.ID, d.URL)
	case d.Host != u.Host:
		return invalid("document host %q does not match URL %q", d.Host, d.URL)
	case !d.Kind.Valid():
		return invalid("document %s has unknown kind %q", d.URL, d.Kind)
	case d.Type != "" && !d.Type.Valid():
		return invalid("document %s has unknown type %q", d.URL, d.Type)
	case strings.TrimSpace(d.Title) == "":
		return invalid("document %s has no title", d.URL)
	case d.Kind.Paged() && d.Body != "":
		return invalid("paged document %s has text in Body, not Pages", d.URL)
	case d.SHA256 != "" && !isHex(d.SHA256, 64):
		return invalid("document %s has a malformed SHA-256 %q", d.URL, d.SHA256)
	}
	for i, a := range d.Attachments {
		if a.URL == "" {
			return invalid("document %s: attachment %d has no URL", d.URL, i+1)
		}
	}
	return nil
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
