package server

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch/model"
)

//go:embed templates static
var assets embed.FS

func parseTemplates() (*template.Template, error) {
	t, err := template.New("").Funcs(template.FuncMap{
		"date":     formatDate,
		"typeName": func(t model.DocType) string { return t.Label() },
		"snippet":  func(s string) template.HTML { return template.HTML(safeSnippet(s)) }, // safeSnippet re-escapes all but <mark>
		"pageURL":  pageURL,
		"add":      func(a, b int) int { return a + b },
		"pln":      func(a model.Amount) string { return a.Polish() },
	}).ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parsing templates: %w", err)
	}
	return t, nil
}

// safeSnippet makes a highlighted snippet safe to embed as HTML whatever the
// index sent: the text is unescaped and escaped again, so text that was
// escaped stays as it was and anything that was not is escaped now; only
// <mark> and </mark> survive as markup.
func safeSnippet(s string) string {
	s = strings.NewReplacer("\x00", "", "\x01", "", "<mark>", "\x00", "</mark>", "\x01").Replace(s)
	s = html.EscapeString(html.UnescapeString(s))
	return strings.NewReplacer("\x00", "<mark>", "\x01", "</mark>").Replace(s)
}

func safeSnippets(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = safeSnippet(s)
	}
	return out
}

// pageURL links a hit: a PDF opens at the page that matched.
func pageURL(h model.Hit) string {
	if h.Kind == model.KindPDF && h.Page > 0 {
		return h.URL + "#page=" + strconv.Itoa(h.Page)
	}
	return h.URL
}

type searchPage struct {
	Site    string
	Title   string
	Query   string
	Err     string
	Result  *model.SearchResult
	Page    int
	Pages   []pageLink
	Prev    string
	Next    string
	Types   []typeOption
	Type    string
	Year    string
	Showing string
	Facets  []facetGroup
	// SortURL switches between relevance and date; SortLabel names it.
	SortURL, SortLabel string
	// FeedQuery is the query string of the Atom feed for this search.
	FeedQuery string
}

// facetGroup is one facet shown as filter links.
type facetGroup struct {
	Name, Label string
	Values      []facetLink
}

type facetLink struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

// facetLabels names the facets in Polish, in display order.
var facetLabels = []struct{ name, label string }{
	{"type", "Rodzaj dokumentu"}, {"year", "Rok"}, {"org", "Organizacja"}, {"host", "Serwis"}, {"kind", "Format"},
}

// facetGroups turns the result's facets into links that add (or, when
// active, remove) a filter, keeping the rest of the query.
func facetGroups(q url.Values, facets map[string][]model.FacetCount) []facetGroup {
	var out []facetGroup
	for _, f := range facetLabels {
		values := facets[f.name]
		if len(values) == 0 {
			continue
		}
		g := facetGroup{Name: f.name, Label: f.label}
		active := map[string]bool{}
		vals := list(q, f.name)
		if f.name == "org" {
			vals = q["org"] // names contain commas: never split
		}
		for _, v := range vals {
			active[v] = true
		}
		for _, v := range values {
			label := v.Value
			if f.name == "type" {
				if l := model.DocType(v.Value).Label(); l != "" {
					label = l
				}
			}
			u := cloneValues(q)
			u.Del("page")
			if active[v.Value] {
				u.Del(f.name)
				for a := range active {
					if a != v.Value {
						u.Add(f.name, a)
					}
				}
			} else {
				u.Add(f.name, v.Value)
			}
			g.Values = append(g.Values, facetLink{Label: label, Count: v.Count, URL: "/?" + u.Encode(), Active: active[v.Value]})
		}
		out = append(out, g)
	}
	return out
}

type pageLink struct {
	N       int
	URL     string
	Current bool
}

type typeOption struct {
	Value, Label string
	Selected     bool
}

func (s *Server) uiSearch(c *gin.Context) {
	q := c.Request.URL.Query()
	p := searchPage{Site: s.cfg.SiteName, Title: s.cfg.SiteName, Query: q.Get("q"), Type: q.Get("type"), Year: q.Get("year")}
	if p.Query != "" {
		p.Title = p.Query + " – " + s.cfg.SiteName
	}
	for _, t := range model.DocTypes {
		p.Types = append(p.Types, typeOption{string(t.Type), t.Label, string(t.Type) == p.Type})
	}
	status := http.StatusOK
	r, err := searchRequest(q)
	if err == nil && strings.TrimSpace(p.Query) != "" {
		var res model.SearchResult
		res, err = s.ix.Search(c.Request.Context(), r)
		if err == nil {
			p.Result, p.Page = &res, r.Page
			p.Prev, p.Next, p.Pages = pagerAt("/", q, r.Page, r.Size, res.Total)
			p.Facets = facetGroups(q, res.Facets)
			su := cloneValues(q)
			su.Del("page")
			if r.Sort == "date" {
				su.Del("sort")
				p.SortLabel = "Sortuj według trafności"
			} else {
				su.Set("sort", "date")
				p.SortLabel = "Sortuj od najnowszych"
			}
			p.SortURL = "/?" + su.Encode()
			fq := cloneValues(q)
			for _, k := range []string{"page", "size", "sort"} {
				fq.Del(k)
			}
			p.FeedQuery = fq.Encode()
			if res.Total > 0 {
				first := (r.Page-1)*r.Size + 1
				p.Showing = fmt.Sprintf("Wyniki %d–%d z %d", first, first+len(res.Hits)-1, res.Total)
			}
		}
	}
	if err != nil {
		status, _ = statusOf(err)
		p.Err = "Nie udało się wyszukać: " + err.Error()
		if status >= 500 {
			s.cfg.Logger.Error("search page failed", "err", err)
			p.Err = "Wyszukiwarka jest chwilowo niedostępna. Spróbuj ponownie za chwilę."
		}
	}
	s.render(c, status, "search.html", p)
}

// pagerAt builds previous/next and numbered page links to path that keep
// the query.
func pagerAt(path string, q url.Values, page, size int, total uint64) (prev, next string, pages []pageLink) {
	last := int((total + uint64(size) - 1) / uint64(size))
	if maxPage := model.MaxResultWindow / size; last > maxPage {
		last = maxPage
	}
	link := func(n int) string {
		v := cloneValues(q)
		v.Set("page", strconv.Itoa(n))
		return path + "?" + v.Encode()
	}
	if page > 1 {
		prev = link(page - 1)
	}
	if page < last {
		next = link(page + 1)
	}
	for n := max(1, page-4); n <= min(last, page+4); n++ {
		pages = append(pages, pageLink{n, link(n), n == page})
	}
	if len(pages) < 2 {
		pages = nil
	}
	return prev, next, pages
}

type documentPage struct {
	Site  string
	Query string
	Doc   model.Document
	// Pages of the document with their 1-based numbers.
	Pages []numberedPage
}

type numberedPage struct {
	N    int
	Text string
	URL  string
}

func (s *Server) uiDocument(c *gin.Context) {
	d, err := s.ix.Document(c.Request.Context(), c.Param("id"))
	if err != nil {
		status, _ := statusOf(err)
		msg := "Nie znaleziono dokumentu."
		if status >= 500 {
			s.cfg.Logger.Error("document page failed", "err", err)
			msg = "Wyszukiwarka jest chwilowo niedostępna."
		}
		s.render(c, status, "search.html", searchPage{Site: s.cfg.SiteName, Title: s.cfg.SiteName, Err: msg})
		return
	}
	p := documentPage{Site: s.cfg.SiteName, Doc: d}
	for i, t := range d.Pages {
		u := d.URL
		if d.Kind == model.KindPDF {
			u += "#page=" + strconv.Itoa(i+1)
		}
		p.Pages = append(p.Pages, numberedPage{i + 1, t, u})
	}
	s.render(c, http.StatusOK, "document.html", p)
}

// render executes a template into a buffer first, so a template error
// becomes a clean 500 rather than half a page.
func (s *Server) render(c *gin.Context, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		s.fail(c, fmt.Errorf("rendering %s: %w", name, err))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}
