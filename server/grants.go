package server

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch/model"
)

// yearTotal is an organisation's funding in one year.
type yearTotal struct {
	Year   int          `json:"year"`
	Amount model.Amount `json:"amount"`
	Count  int          `json:"count"`
}

// organization is one organisation's grants, grouped by year.
type organization struct {
	Key    string       `json:"key"`
	Names  []string     `json:"names"`
	KRS    string       `json:"krs"`
	Total  model.Amount `json:"total"`
	Count  int          `json:"count"`
	ByYear []yearTotal  `json:"by_year"`
	Grants []grantJSON  `json:"grants"`
}

// organizationOf collects every grant with the given OrgKey.
func (s *Server) organizationOf(c *gin.Context, key string) (*organization, error) {
	if key == "" || len(key) > 300 {
		return nil, badRequest("organisation key must be 1 to 300 bytes")
	}
	o := &organization{Key: key}
	names := map[string]bool{}
	years := map[int]*yearTotal{}
	err := s.exportGrants(c, model.GrantRequest{OrgKey: key, Sort: "-year"}, func(g model.Grant) error {
		o.Grants = append(o.Grants, grantJSON(g))
		o.Total += g.Amount
		o.Count++
		if g.KRS != "" {
			o.KRS = g.KRS
		}
		if !names[g.Organization] {
			names[g.Organization] = true
			o.Names = append(o.Names, g.Organization)
		}
		y := years[g.Year]
		if y == nil {
			y = &yearTotal{Year: g.Year}
			years[g.Year] = y
		}
		y.Amount += g.Amount
		y.Count++
		return nil
	})
	if err != nil {
		return nil, err
	}
	if o.Count == 0 {
		return nil, notFound("no grants for organisation " + key)
	}
	for _, y := range years {
		o.ByYear = append(o.ByYear, *y)
	}
	sort.Slice(o.ByYear, func(i, j int) bool { return o.ByYear[i].Year < o.ByYear[j].Year })
	return o, nil
}

func (s *Server) apiOrganization(c *gin.Context) {
	o, err := s.organizationOf(c, c.Param("key"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, o)
}

type grantsPage struct {
	Site, Title, Query string
	Err                string
	Form               url.Values
	Result             *model.GrantResult
	Sort               string
	Columns            []sortColumn
	Prev, Next         string
	Showing            string
	CSV, CSVSemicolon  string
}

type sortColumn struct {
	Label, URL, Aria string
	Numeric          bool
}

// uiGrants is the journalists' grants explorer: filters, a table sortable
// by its column headers, the total of what matches, CSV downloads.
func (s *Server) uiGrants(c *gin.Context) {
	q := c.Request.URL.Query()
	p := grantsPage{Site: s.cfg.SiteName, Title: "Dotacje dla organizacji – " + s.cfg.SiteName, Form: q, Sort: q.Get("sort")}
	if p.Sort == "" {
		p.Sort = "-year"
	}
	status := http.StatusOK
	r, err := grantRequest(q)
	if err == nil {
		var res model.GrantResult
		if res, err = s.ix.Grants(c.Request.Context(), r); err == nil {
			p.Result = &res
			p.Prev, p.Next, _ = pagerAt("/granty", q, r.Page, r.Size, res.Total)
			if res.Total > 0 {
				first := (r.Page-1)*r.Size + 1
				p.Showing = fmt.Sprintf("Dotacje %d–%d z %d, razem %s", first, first+len(res.Grants)-1, res.Total, res.Sum.Polish())
			}
		}
	}
	if err != nil {
		status, _ = statusOf(err)
		p.Err = "Nie udało się wyszukać: " + err.Error()
		if status >= 500 {
			s.cfg.Logger.Error("grants page failed", "err", err)
			p.Err = "Wyszukiwarka jest chwilowo niedostępna."
		}
	}
	for _, col := range []struct {
		label, key string
		numeric    bool
	}{{"Organizacja", "organization", false}, {"Rok", "year", true}, {"Kwota", "amount", true}} {
		sc := sortColumn{Label: col.label, Numeric: col.numeric}
		next := col.key
		switch p.Sort {
		case col.key:
			sc.Aria = "ascending"
			if col.numeric {
				next = "-" + col.key
			}
		case "-" + col.key:
			sc.Aria = "descending"
		default:
			if col.numeric {
				next = "-" + col.key
			}
		}
		v := cloneValues(q)
		v.Set("sort", next)
		v.Del("page")
		sc.URL = "/granty?" + v.Encode()
		p.Columns = append(p.Columns, sc)
	}
	csv := cloneValues(q)
	csv.Del("page")
	csv.Del("size")
	csv.Set("format", "csv")
	p.CSV = "/api/grants?" + csv.Encode()
	csv.Set("sep", ";")
	p.CSVSemicolon = "/api/grants?" + csv.Encode()
	s.render(c, status, "grants.html", p)
}

func cloneValues(q url.Values) url.Values {
	v := url.Values{}
	for k, vs := range q {
		v[k] = append([]string(nil), vs...)
	}
	return v
}

type orgPage struct {
	Site, Title, Query string
	Org                *organization
	Chart              chart
}

// chart is a bar chart of funding by year, drawn as SVG by the template.
type chart struct {
	Width, Height, Baseline int
	Bars                    []bar
	Label                   string
}

type bar struct {
	X, Y, W, H   int
	LabelX       int
	Year, Amount string
}

func yearChart(years []yearTotal) chart {
	const barW, gap, height, top, bottom = 56, 16, 260, 30, 40
	ch := chart{Width: max(len(years)*(barW+gap)+gap, 200), Height: height, Baseline: height - bottom}
	var most model.Amount
	for _, y := range years {
		most = max(most, y.Amount)
	}
	parts := make([]string, 0, len(years))
	for i, y := range years {
		h := 0
		if most > 0 {
			h = int(int64(y.Amount) * int64(height-top-bottom) / int64(most))
		}
		x := gap + i*(barW+gap)
		ch.Bars = append(ch.Bars, bar{X: x, Y: ch.Baseline - h, W: barW, H: h, LabelX: x + barW/2,
			Year: fmt.Sprint(y.Year), Amount: shortPLN(y.Amount)})
		parts = append(parts, fmt.Sprintf("%d: %s", y.Year, y.Amount.Polish()))
	}
	ch.Label = "Dotacje według lat: " + strings.Join(parts, "; ")
	return ch
}

// shortPLN writes an amount for a chart label: "12,5 tys." or "1,2 mln".
func shortPLN(a model.Amount) string {
	zl := float64(a) / 100
	switch {
	case zl >= 1e6:
		return strings.Replace(fmt.Sprintf("%.1f mln", zl/1e6), ".", ",", 1)
	case zl >= 1e3:
		return strings.Replace(fmt.Sprintf("%.1f tys.", zl/1e3), ".", ",", 1)
	default:
		return strings.Replace(fmt.Sprintf("%.0f zł", zl), ".", ",", 1)
	}
}

func (s *Server) uiOrganization(c *gin.Context) {
	o, err := s.organizationOf(c, c.Param("key"))
	if err != nil {
		status, _ := statusOf(err)
		if status >= 500 {
			s.cfg.Logger.Error("organisation page failed", "err", err)
		}
		s.render(c, status, "search.html", searchPage{Site: s.cfg.SiteName, Title: s.cfg.SiteName, Err: "Nie znaleziono organizacji."})
		return
	}
	s.render(c, http.StatusOK, "organization.html", orgPage{Site: s.cfg.SiteName, Title: o.Names[0] + " – " + s.cfg.SiteName, Org: o, Chart: yearChart(o.ByYear)})
}
