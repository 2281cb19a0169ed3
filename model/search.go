package model

import (
	"errors"
	"time"
)

// Search limits shared by the index and the server.
const (
	DefaultPageSize = 10
	// MaxPageSize is the largest size a request may ask for.
	MaxPageSize = 100
	// MaxResultWindow bounds paging depth: (page-1)*size+size beyond it is refused.
	MaxResultWindow = 10000
	// MaxQueryLength is the longest query, in bytes.
	MaxQueryLength = 1000
)

// SearchRequest is a query for documents.
type SearchRequest struct {
	// Query is what the user typed; see index's query syntax.
	Query string
	// Page is 1-based.
	Page int
	Size int
	// Sort is "relevance" (default) or "date" (newest first).
	Sort string
	// Filters; zero values do not filter.
	Types []DocType
	Years []int
	Hosts []string
	Kinds []Kind
	// Organizations keeps documents naming one of these organisations
	// (exact names, as in a facet).
	Organizations []string
	From          time.Time
	To            time.Time
	// NoFacets skips counting the facets, which costs a visit of every
	// hit: for callers that do not show them (the widget, exports, feeds).
	NoFacets bool
}

// Filtered reports whether r has a query or any filter: a request with
// neither would ask for the whole index.
func (r *SearchRequest) Filtered() bool {
	return r.Query != "" || len(r.Types)+len(r.Years)+len(r.Hosts)+len(r.Kinds)+len(r.Organizations) > 0 ||
		!r.From.IsZero() || !r.To.IsZero()
}

// FacetCount is one value of a facet and how many hits have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchResult answers a SearchRequest.
type SearchResult struct {
	Total uint64        `json:"total"`
	Hits  []Hit         `json:"hits"`
	Took  time.Duration `json:"-"`
	// Facets by name: "type", "year", "host", "kind", "org".
	Facets map[string][]FacetCount `json:"facets,omitempty"`
	// DidYouMean is a corrected query when this one found nothing.
	DidYouMean string `json:"did_you_mean,omitempty"`
}

// Hit is one document in a SearchResult.
type Hit struct {
	ID    string    `json:"id"`
	URL   string    `json:"url"`
	Title string    `json:"title"`
	Date  time.Time `json:"-"`
	// Snippet is HTML: the document text escaped, with matches in <mark>.
	Snippet string `json:"snippet"`
	// Fragments are further highlighted snippets (HTML, escaped).
	Fragments []string `json:"fragments,omitempty"`
	// Page is the 1-based page of the best match in a paged document, 0 for HTML.
	Page  int     `json:"page"`
	Kind  Kind    `json:"kind"`
	Type  DocType `json:"type"`
	Host  string  `json:"host"`
	Score float64 `json:"score"`
}

// GrantRequest is a query for grants.
type GrantRequest struct {
	Page int
	Size int
	// Query is free text over organisation and task.
	Query        string
	Organization string
	OrgKey       string
	KRS          string
	Year         int
	MinAmount    Amount
	MaxAmount    Amount
	// Sort is "amount", "-amount", "year", "-year", "organization"; default "-year".
	Sort string
}

// GrantResult answers a GrantRequest.
type GrantResult struct {
	Total  uint64  `json:"total"`
	Sum    Amount  `json:"sum"`
	Grants []Grant `json:"grants"`
}

// The shared error vocabulary: stages wrap these so the server can map an
// error to an HTTP status without importing the stage that raised it.
var (
	// ErrNotFound: the requested record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrBadRequest: the request's parameters or query are invalid; the
	// wrapping message says what is wrong.
	ErrBadRequest = errors.New("bad request")
)

// IndexStats counts what an index holds.
type IndexStats struct {
	// Documents counts every stored record; Duplicates of them are other
	// URLs of content already counted, and are left out of the maps.
	Documents      uint64         `json:"documents"`
	Duplicates     uint64         `json:"duplicates"`
	Grants         uint64         `json:"grants"`
	ByType         map[string]int `json:"by_type"`
	ByHost         map[string]int `json:"by_host"`
	ByKind         map[string]int `json:"by_kind"`
	MappingVersion int            `json:"mapping_version"`
	Generation     int            `json:"generation"`
	// DiskBytes is the size of the live generation's files.
	DiskBytes int64 `json:"disk_bytes"`
}
