package server

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch/model"
)

// exportLimit bounds one CSV/NDJSON export; the client pages past it.
const exportLimit = model.MaxResultWindow

// format reads the export format of a list endpoint: json (default), csv
// or ndjson; csv takes sep=; for spreadsheets set to a Polish locale.
func format(c *gin.Context) (string, rune, error) {
	f := c.DefaultQuery("format", "json")
	switch f {
	case "json", "csv", "ndjson":
	default:
		return "", 0, badRequest("format must be json, csv or ndjson, got %q", f)
	}
	sep := ','
	switch v := c.Query("sep"); v {
	case "", ",":
	case ";":
		sep = ';'
	case "tab", "\t":
		sep = '\t'
	default:
		return "", 0, badRequest("sep must be , ; or tab, got %q", v)
	}
	return f, sep, nil
}

// writeCSV writes a CSV download that Excel opens with Polish letters intact:
// UTF-8 with a byte-order mark.
func writeCSV(c *gin.Context, name string, sep rune, header []string, rows func(emit func([]string) error) error) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	c.Status(http.StatusOK)
	bw := bufio.NewWriter(c.Writer)
	bw.WriteString("\ufeff")
	w := csv.NewWriter(bw)
	w.Comma = sep
	w.UseCRLF = true
	emit := func(r []string) error { return w.Write(r) }
	if err := emit(header); err == nil {
		err = rows(emit)
		if err != nil {
			s := "error: " + err.Error()
			w.Write([]string{s})
		}
	}
	w.Flush()
	bw.Flush()
}

// writeNDJSON writes one JSON object a line.
func writeNDJSON(c *gin.Context, name string, rows func(emit func(any) error) error) {
	c.Header("Content-Type", "application/x-ndjson; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	c.Status(http.StatusOK)
	bw := bufio.NewWriter(c.Writer)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := rows(func(v any) error { return enc.Encode(v) }); err != nil {
		enc.Encode(gin.H{"error": err.Error()})
	}
	bw.Flush()
}

var grantCSVHeader = []string{"organizacja", "krs", "zadanie", "kwota_pln", "rok", "obszar", "zrodlo_url", "strona", "klucz_organizacji"}

func grantCSVRow(g model.Grant) []string {
	return []string{g.Organization, g.KRS, g.Task, g.Amount.String(), strconv.Itoa(g.Year), g.Area, g.SourceURL, strconv.Itoa(g.Page), g.OrgKey}
}

// eachPage calls each for every item of a paged listing, up to
// exportLimit items: fetch returns page number page (1-based, MaxPageSize
// items) and the total.
func eachPage[T any](fetch func(page int) ([]T, uint64, error), each func(T) error) error {
	const size = model.MaxPageSize
	for page := 1; (page-1)*size < exportLimit; page++ {
		items, total, err := fetch(page)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := each(it); err != nil {
				return err
			}
		}
		if len(items) < size || uint64(page*size) >= total {
			return nil
		}
	}
	return nil
}

// exportGrants streams every grant matching r (up to exportLimit) in pages.
func (s *Server) exportGrants(c *gin.Context, r model.GrantRequest, each func(model.Grant) error) error {
	r.Size = model.MaxPageSize
	return eachPage(func(page int) ([]model.Grant, uint64, error) {
		r.Page = page
		res, err := s.ix.Grants(c.Request.Context(), r)
		return res.Grants, res.Total, err
	}, each)
}

func (s *Server) grantsExport(c *gin.Context, f string, sep rune, r model.GrantRequest) {
	name := "granty-ngo-krakow." + f
	if f == "csv" {
		writeCSV(c, name, sep, grantCSVHeader, func(emit func([]string) error) error {
			return s.exportGrants(c, r, func(g model.Grant) error { return emit(grantCSVRow(g)) })
		})
		return
	}
	writeNDJSON(c, name, func(emit func(any) error) error {
		return s.exportGrants(c, r, func(g model.Grant) error { return emit(grantJSON(g)) })
	})
}

func (s *Server) searchExport(c *gin.Context, f string, sep rune, r model.SearchRequest) {
	r.Size, r.NoFacets = model.MaxPageSize, true
	each := func(fn func(model.Hit) error) error {
		return eachPage(func(page int) ([]model.Hit, uint64, error) {
			r.Page = page
			res, err := s.ix.Search(c.Request.Context(), r)
			return res.Hits, res.Total, err
		}, fn)
	}
	name := "wyniki-wyszukiwania." + f
	if f == "csv" {
		writeCSV(c, name, sep, []string{"tytul", "data", "url", "strona", "rodzaj", "typ", "id"}, func(emit func([]string) error) error {
			return each(func(h model.Hit) error {
				return emit([]string{h.Title, formatDate(h.Date), h.URL, strconv.Itoa(h.Page), string(h.Kind), string(h.Type), h.ID})
			})
		})
		return
	}
	writeNDJSON(c, name, func(emit func(any) error) error {
		return each(func(h model.Hit) error {
			return emit(hitJSON{ID: h.ID, URL: h.URL, Title: h.Title, Date: formatDate(h.Date), Snippet: safeSnippet(h.Snippet),
				Page: h.Page, Kind: string(h.Kind), Type: string(h.Type), Host: h.Host, Score: h.Score})
		})
	})
}

// baseURL is Config.PublicURL, or else the scheme and host the client used
// to reach us.
func (s *Server) baseURL(c *gin.Context) string {
	if s.cfg.PublicURL != "" {
		return s.cfg.PublicURL
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

func (s *Server) openSearch(c *gin.Context) {
	b := s.baseURL(c)
	c.Header("Content-Type", "application/opensearchdescription+xml; charset=utf-8")
	var out strings.Builder
	out.WriteString(xml.Header)
	fmt.Fprintf(&out, `<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>NGO Kraków</ShortName>
  <Description>%s: dokumenty współpracy Krakowa z organizacjami pozarządowymi</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Language>pl</Language>
  <Url type="text/html" method="get" template="%s/?q={searchTerms}&amp;page={startPage?}"/>
  <Url type="application/atom+xml" template="%s/feed.atom?q={searchTerms}"/>
  <Url type="application/x-suggestions+json" template="%s/api/suggest?q={searchTerms}&amp;format=opensearch"/>
</OpenSearchDescription>
`, xmlText(s.cfg.SiteName), xmlText(b), xmlText(b), xmlText(b))
	c.String(http.StatusOK, out.String())
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder: cannot fail
	return b.String()
}

// Atom feed types (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Summary atomText   `xml:"summary"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// feed is an Atom feed of the newest documents matching q: an alert a
// journalist subscribes to in any feed reader.
func (s *Server) feed(c *gin.Context) {
	q := c.Request.URL.Query()
	r, err := searchRequest(q)
	if err != nil {
		s.fail(c, err)
		return
	}
	r.Sort, r.Page, r.Size, r.NoFacets = "date", 1, 50, true
	var res model.SearchResult
	if r.Filtered() {
		if res, err = s.ix.Search(c.Request.Context(), r); err != nil {
			s.fail(c, err)
			return
		}
	}
	b := s.baseURL(c)
	self := b + c.Request.URL.RequestURI()
	title := s.cfg.SiteName + ": nowe dokumenty"
	if r.Query != "" {
		title += " – " + r.Query
	}
	f := atomFeed{Lang: "pl", Title: title, ID: self, Links: []atomLink{
		{Rel: "self", Href: self, Type: "application/atom+xml"},
		{Rel: "alternate", Href: b + "/?" + q.Encode(), Type: "text/html"},
	}}
	updated := time.Time{}
	for _, h := range res.Hits {
		d := h.Date
		if d.After(updated) {
			updated = d
		}
		f.Entries = append(f.Entries, atomEntry{
			Title: h.Title, ID: "urn:ngosearch:" + h.ID, Updated: atomTime(d),
			Links:   []atomLink{{Rel: "alternate", Href: pageURL(h)}, {Rel: "related", Href: b + "/dokument/" + h.ID, Type: "text/html"}},
			Summary: atomText{Type: "html", Body: safeSnippet(h.Snippet)},
		})
	}
	f.Updated = atomTime(updated)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		s.fail(c, fmt.Errorf("encoding feed: %w", err))
		return
	}
	c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC().Format(time.RFC3339)
}

// dataPackage describes the grants dataset (Frictionless Data Package with
// DCAT-style fields) so a data portal can harvest it.
func (s *Server) dataPackage(c *gin.Context) {
	b := s.baseURL(c)
	c.JSON(http.StatusOK, gin.H{
		"profile":            "tabular-data-package",
		"name":               "granty-ngo-krakow",
		"title":              "Dotacje Gminy Miejskiej Kraków dla organizacji pozarządowych",
		"description":        "Wyniki otwartych konkursów ofert odczytane z dokumentów Biuletynu Informacji Publicznej Miasta Krakowa: organizacja, KRS, zadanie, kwota, rok i dokument źródłowy ze stroną.",
		"language":           "pl",
		"homepage":           b + "/",
		"licenses":           []gin.H{{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}},
		"sources":            []gin.H{{"title": "Biuletyn Informacji Publicznej Miasta Krakowa", "path": "https://www.bip.krakow.pl/"}, {"title": "Magiczny Kraków – organizacje pozarządowe", "path": "https://ngo.krakow.pl/"}},
		"keywords":           []string{"NGO", "organizacje pozarządowe", "dotacje", "Kraków", "konkursy ofert"},
		"publisher":          gin.H{"name": "Gmina Miejska Kraków"},
		"accrualPeriodicity": "http://purl.org/cld/freq/daily",
		"resources": []gin.H{{
			"name": "granty", "path": b + "/api/grants?format=csv", "format": "csv", "mediatype": "text/csv",
			"encoding": "utf-8-sig", "profile": "tabular-data-resource",
			"schema": gin.H{"fields": []gin.H{
				{"name": "organizacja", "type": "string", "description": "nazwa organizacji, jak w dokumencie"},
				{"name": "krs", "type": "string", "description": "numer KRS (10 cyfr) lub puste"},
				{"name": "zadanie", "type": "string"},
				{"name": "kwota_pln", "type": "number", "decimalChar": ".", "description": "kwota dotacji w złotych, dokładna do grosza"},
				{"name": "rok", "type": "integer"},
				{"name": "obszar", "type": "string"},
				{"name": "zrodlo_url", "type": "string", "format": "uri", "description": "dokument źródłowy"},
				{"name": "strona", "type": "integer", "description": "strona (arkusz) dokumentu źródłowego; 0 dla stron HTML"},
				{"name": "klucz_organizacji", "type": "string", "description": "klucz grupujący organizację: krs:NUMER lub name:znormalizowana nazwa"},
			}},
		}},
	})
}
