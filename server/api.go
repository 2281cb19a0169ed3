package server

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch/model"
)

// hitJSON is a search hit as the API writes it.
type hitJSON struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Date      string   `json:"date"`
	Snippet   string   `json:"snippet"`
	Fragments []string `json:"fragments,omitempty"`
	Page      int      `json:"page"`
	Kind      string   `json:"kind"`
	Type      string   `json:"type"`
	Host      string   `json:"host"`
	Score     float64  `json:"score"`
}

type searchJSON struct {
	Total      uint64                        `json:"total"`
	Page       int                           `json:"page"`
	Size       int                           `json:"size"`
	Hits       []hitJSON                     `json:"hits"`
	Facets     map[string][]model.FacetCount `json:"facets,omitempty"`
	DidYouMean string                        `json:"did_you_mean,omitempty"`
	TookMS     int64                         `json:"took_ms"`
}

type grantJSON struct {
	Organization string       `json:"organization"`
	OrgKey       string       `json:"org_key"`
	KRS          string       `json:"krs"`
	Task         string       `json:"task"`
	Amount       model.Amount `json:"amount"`
	Year         int          `json:"year"`
	Area         string       `json:"area,omitempty"`
	SourceID     string       `json:"source_id"`
	SourceURL    string       `json:"source_url"`
	Page         int          `json:"page"`
}

type grantsJSON struct {
	Total  uint64       `json:"total"`
	Page   int          `json:"page"`
	Size   int          `json:"size"`
	Sum    model.Amount `json:"sum"`
	Grants []grantJSON  `json:"grants"`
}

// formatDate writes a date as YYYY-MM-DD, or "" when unknown.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// paging reads page (1-based, default 1) and size (1..MaxPageSize, default
// DefaultPageSize) and refuses pages beyond the result window.
func paging(q url.Values) (page, size int, err error) {
	page, size = 1, model.DefaultPageSize
	if v := q.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 {
			return 0, 0, badRequest("page must be a whole number from 1, got %q", v)
		}
	}
	if v := q.Get("size"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > model.MaxPageSize {
			return 0, 0, badRequest("size must be a whole number from 1 to %d, got %q", model.MaxPageSize, v)
		}
	}
	if page > model.MaxResultWindow/size {
		return 0, 0, badRequest("page %d is too deep: page × size may be at most %d", page, model.MaxResultWindow)
	}
	return page, size, nil
}

// searchRequest reads a SearchRequest from query parameters. Filters may be
// repeated (type=news&type=rules) or comma-separated (year=2019,2020).
func searchRequest(q url.Values) (model.SearchRequest, error) {
	r := model.SearchRequest{Query: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}
	var err error
	if r.Page, r.Size, err = paging(q); err != nil {
		return r, err
	}
	if len(r.Query) > model.MaxQueryLength {
		return r, badRequest("q is %d bytes long; the limit is %d", len(r.Query), model.MaxQueryLength)
	}
	if !utf8.ValidString(r.Query) {
		return r, badRequest("q is not valid UTF-8")
	}
	switch r.Sort {
	case "", "relevance", "date":
	default:
		return r, badRequest("sort must be relevance or date, got %q", r.Sort)
	}
	switch q.Get("facets") {
	case "", "1", "true":
	case "0", "false":
		r.NoFacets = true
	default:
		return r, badRequest("facets must be true or false, got %q", q.Get("facets"))
	}
	for _, v := range list(q, "type") {
		t := model.DocType(v)
		if !t.Valid() {
			return r, badRequest("unknown type %q", v)
		}
		r.Types = append(r.Types, t)
	}
	for _, v := range list(q, "kind") {
		k := model.Kind(v)
		if !k.Valid() {
			return r, badRequest("unknown kind %q", v)
		}
		r.Kinds = append(r.Kinds, k)
	}
	for _, v := range list(q, "year") {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1990 || y > 2100 {
			return r, badRequest("year must be a year such as 2019, got %q", v)
		}
		r.Years = append(r.Years, y)
	}
	r.Hosts = list(q, "host")
	// Organisation names contain commas: only repeated, never split.
	for _, v := range q["org"] {
		if v = strings.TrimSpace(v); v != "" {
			r.Organizations = append(r.Organizations, v)
		}
	}
	for name, dst := range map[string]*time.Time{"from": &r.From, "to": &r.To} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return r, badRequest("%s must be a date YYYY-MM-DD, got %q", name, v)
			}
			*dst = t
		}
	}
	if !r.To.IsZero() {
		r.To = r.To.Add(24*time.Hour - time.Nanosecond) // "to" includes the whole day
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return r, badRequest("to is before from")
	}
	return r, nil
}

func list(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func (s *Server) apiSearch(c *gin.Context) {
	r, err := searchRequest(c.Request.URL.Query())
	if err != nil {
		s.fail(c, err)
		return
	}
	f, sep, err := format(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !r.Filtered() {
		s.fail(c, badRequest("q is required (or at least one filter)"))
		return
	}
	if f != "json" {
		s.searchExport(c, f, sep, r)
		return
	}
	start := time.Now()
	res, err := s.ix.Search(c.Request.Context(), r)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := searchJSON{Total: res.Total, Page: r.Page, Size: r.Size, Hits: make([]hitJSON, 0, len(res.Hits)),
		Facets: res.Facets, DidYouMean: res.DidYouMean, TookMS: time.Since(start).Milliseconds()}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hitJSON{ID: h.ID, URL: h.URL, Title: h.Title, Date: formatDate(h.Date),
			Snippet: safeSnippet(h.Snippet), Fragments: safeSnippets(h.Fragments), Page: h.Page,
			Kind: string(h.Kind), Type: string(h.Type), Host: h.Host, Score: math.Round(h.Score*1e6) / 1e6})
	}
	// The same answer has the same ETag however long it took and however
	// the recency boost moved the scores' last digits.
	basis := out
	basis.TookMS = 0
	basis.Hits = make([]hitJSON, len(out.Hits))
	for i, h := range out.Hits {
		h.Score = 0
		basis.Hits[i] = h
	}
	if b, err := json.Marshal(basis); err == nil {
		c.Set(etagBasisKey, b)
	}
	c.JSON(http.StatusOK, out)
}

// grantRequest reads a GrantRequest from query parameters.
func grantRequest(q url.Values) (model.GrantRequest, error) {
	r := model.GrantRequest{Query: strings.TrimSpace(q.Get("q")), Organization: strings.TrimSpace(q.Get("org")),
		OrgKey: q.Get("org_key"), KRS: strings.TrimSpace(q.Get("krs")), Sort: q.Get("sort")}
	var err error
	if r.Page, r.Size, err = paging(q); err != nil {
		return r, err
	}
	if len(r.Query)+len(r.Organization) > model.MaxQueryLength {
		return r, badRequest("q and org together may be at most %d bytes", model.MaxQueryLength)
	}
	if r.KRS != "" && (len(r.KRS) != 10 || strings.Trim(r.KRS, "0123456789") != "") {
		return r, badRequest("krs must be 10 digits, got %q", r.KRS)
	}
	if v := q.Get("year"); v != "" {
		if r.Year, err = strconv.Atoi(v); err != nil || r.Year < 1990 || r.Year > 2100 {
			return r, badRequest("year must be a year such as 2019, got %q", v)
		}
	}
	for name, dst := range map[string]*model.Amount{"min": &r.MinAmount, "max": &r.MaxAmount} {
		if v := q.Get(name); v != "" {
			a, err := model.ParseAmountDecimal(strings.Replace(v, ",", ".", 1))
			if err != nil || a < 0 {
				return r, badRequest("%s must be an amount in PLN such as 12500 or 12500.50, got %q", name, v)
			}
			*dst = a
		}
	}
	if r.MaxAmount != 0 && r.MaxAmount < r.MinAmount {
		return r, badRequest("max is below min")
	}
	switch r.Sort {
	case "", "amount", "-amount", "year", "-year", "organization":
	default:
		return r, badRequest("sort must be one of amount, -amount, year, -year, organization; got %q", r.Sort)
	}
	return r, nil
}

func (s *Server) apiGrants(c *gin.Context) {
	r, err := grantRequest(c.Request.URL.Query())
	if err != nil {
		s.fail(c, err)
		return
	}
	f, sep, err := format(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if f != "json" {
		s.grantsExport(c, f, sep, r)
		return
	}
	res, err := s.ix.Grants(c.Request.Context(), r)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := grantsJSON{Total: res.Total, Page: r.Page, Size: r.Size, Sum: res.Sum, Grants: make([]grantJSON, 0, len(res.Grants))}
	for _, g := range res.Grants {
		out.Grants = append(out.Grants, grantJSON(g))
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) apiDocument(c *gin.Context) {
	d, err := s.ix.Document(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

func (s *Server) apiSuggest(c *gin.Context) {
	q := c.Query("q")
	if len(q) > 100 {
		s.fail(c, badRequest("q may be at most 100 bytes for suggestions"))
		return
	}
	n := 8
	if v := c.Query("size"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 20 {
			s.fail(c, badRequest("size must be a whole number from 1 to 20, got %q", v))
			return
		}
	}
	out := []string{}
	if strings.TrimSpace(q) != "" {
		got, err := s.ix.Suggest(c.Request.Context(), q, n)
		if err != nil {
			s.fail(c, err)
			return
		}
		out = append(out, got...)
	}
	if c.Query("format") == "opensearch" {
		c.JSON(http.StatusOK, []any{q, out})
		return
	}
	c.JSON(http.StatusOK, gin.H{"q": q, "suggestions": out})
}

// archived serves the response exactly as the crawler received it, the
// provenance of every figure. It is content from elsewhere on our origin, so
// it is sandboxed: no script runs, no form posts, no same-origin access,
// and nothing loads from elsewhere. Its CSS does not apply either: inline
// styles alone could lay a full-screen "log in again" box over a page that
// the address bar says is ours; the text and tables read fine unstyled.
func (s *Server) archived(c *gin.Context) {
	d, err := s.ix.Document(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if d.ArchiveOffset <= 0 || s.cfg.Archived == nil {
		s.fail(c, notFound("no archived copy of document "+d.ID))
		return
	}
	h, body, err := s.cfg.Archived(c.Request.Context(), d.ArchiveOffset)
	if err != nil {
		s.fail(c, fmt.Errorf("reading the archived copy of %s: %w", d.ID, err))
		return
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	out := c.Writer.Header()
	out.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	out.Set("X-Archived-URL", d.URL)
	out.Set("X-Archived-At", d.FetchedAt.UTC().Format(time.RFC3339))
	out.Set("Cache-Control", "public, max-age=86400")
	if cd := h.Get("Content-Disposition"); cd != "" {
		out.Set("Content-Disposition", cd)
	}
	c.Data(http.StatusOK, ct, body)
}

// apiStats says what the index holds: documents by type, host and kind,
// grants, duplicates collapsed, mapping version and size on disk.
func (s *Server) apiStats(c *gin.Context) {
	st, err := s.ix.Stats(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}
