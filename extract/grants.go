package extract

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/krakow-ngo/ngosearch/model"
)

// grid is a table as rows of cell texts, from HTML, a spreadsheet, a
// DOCX/ODT table or a PDF page's layout.
type grid struct {
	name string
	rows []gridRow
}

type gridRow struct {
	cells []string
	page  int // 1-based page (sheet) the row is on, 0 for HTML
}

// column roles in a grant table.
type colRole int

const (
	roleNone colRole = iota
	roleLp
	roleOrg
	roleKRS
	roleTask
	roleAmount     // the granted amount
	roleOtherMoney // requested amount, total cost, own contribution: never a grant
	rolePoints
	roleArea
)

var headerRes = sync.OnceValue(func() map[colRole]*regexp.Regexp {
	return map[colRole]*regexp.Regexp{
		roleLp:         regexp.MustCompile(`(?i)^\s*(lp|l\.\s*p|nr|nr\s+oferty|numer\s+oferty|id)\.?\s*$`),
		roleKRS:        regexp.MustCompile(`(?i)\bkrs\b`),
		roleOtherMoney: regexp.MustCompile(`(?i)wnioskowan|koszt|ca[łl]kowit|wk[łl]ad|warto[śs][ćc]\s+(zadania|projektu|oferty)|rekomendowan|proponowan`),
		roleAmount:     regexp.MustCompile(`(?i)kwot|dotacj|przyznan|dofinansowani|wysoko[śs][ćc]|[śs]rodk|\bz[łl]\b|\bpln\b`),
		roleTask:       regexp.MustCompile(`(?i)tytu[łl]|nazwa\s+zadania|zadani[ea]|nazwa\s+projektu|projekt|przedmiot`),
		roleOrg:        regexp.MustCompile(`(?i)organizacj|oferent|wnioskodawc|podmiot|beneficjent|dotacjobiorc|nazwa\s+(klubu|stowarzyszenia|fundacji)|\bklub\b|realizator|^\s*nazwa\s*$|^\s*nazwa\s+i\s+adres`),
		rolePoints:     regexp.MustCompile(`(?i)punkt|ocena|liczba\s+pkt`),
		roleArea:       regexp.MustCompile(`(?i)obszar|dziedzin|zakres|rodzaj\s+zadania`),
	}
})

// headerRoles assigns a role to each cell of a candidate header row; ok
// when the row names at least an organisation and a granted amount.
func headerRoles(cells []string) ([]colRole, bool) {
	if !maybeHeader(cells) {
		return nil, false
	}
	res := headerRes()
	roles := make([]colRole, len(cells))
	var org, amount int
	for i, c := range cells {
		c = normSpace(c)
		if c == "" || len(c) > 120 {
			continue
		}
		switch {
		case res[roleLp].MatchString(c):
			roles[i] = roleLp
		case res[roleKRS].MatchString(c) && !res[roleOrg].MatchString(c):
			roles[i] = roleKRS
		case res[roleOtherMoney].MatchString(c):
			roles[i] = roleOtherMoney
		case res[roleAmount].MatchString(c) && !res[roleTask].MatchString(strings.ReplaceAll(strings.ToLower(c), "zadania", "")) && !res[roleOrg].MatchString(c):
			roles[i] = roleAmount
			amount++
		case res[roleOrg].MatchString(c) && !strings.Contains(strings.ToLower(c), "zadani"):
			roles[i] = roleOrg
			org++
		case res[roleTask].MatchString(c):
			roles[i] = roleTask
		case res[rolePoints].MatchString(c):
			roles[i] = rolePoints
		case res[roleArea].MatchString(c):
			roles[i] = roleArea
		}
	}
	if org == 0 || amount == 0 {
		return roles, false
	}
	if amount > 1 {
		// Several money columns: the granted one says so.
		best := -1
		for i, r := range roles {
			if r != roleAmount {
				continue
			}
			l := strings.ToLower(cells[i])
			if strings.Contains(l, "przyzna") || strings.Contains(l, "dotacj") || strings.Contains(l, "dofinans") {
				if best < 0 {
					best = i
				}
			}
		}
		if best < 0 {
			for i := len(roles) - 1; i >= 0; i-- {
				if roles[i] == roleAmount {
					best = i
					break
				}
			}
		}
		for i, r := range roles {
			if r == roleAmount && i != best {
				roles[i] = roleOtherMoney
			}
		}
	}
	if org > 1 {
		seen := false
		for i, r := range roles {
			if r == roleOrg {
				if seen {
					roles[i] = roleNone
				}
				seen = true
			}
		}
	}
	return roles, true
}

// maybeHeader is a cheap test that a row could be a grant table's header:
// some cell names an organisation and some cell names money. It spares the
// regular expressions of headerRoles on every data row.
func maybeHeader(cells []string) bool {
	var org, money bool
	for _, c := range cells {
		if len(c) > 120 {
			continue
		}
		l := strings.ToLower(c)
		org = org || containsAny(l, "organizac", "oferent", "wnioskod", "podmiot", "beneficj", "dotacjobior", "klub", "realizator", "nazwa stowarzysz", "nazwa fundac") ||
			strings.TrimSpace(l) == "nazwa" || strings.HasPrefix(strings.TrimSpace(l), "nazwa i adres")
		money = money || containsAny(l, "kwot", "dotacj", "przyzna", "dofinans", "wysoko", "środk", "srodk", "zł", "zl", "pln")
	}
	return org && money
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// isHeaderContinuation reports a row of header words with no numbers: the
// second line of a two-row header.
func isHeaderContinuation(cells []string) bool {
	words := 0
	for _, c := range cells {
		if strings.ContainsAny(c, "0123456789") {
			return false
		}
		if strings.TrimSpace(c) != "" {
			words++
		}
	}
	return words > 0
}

var totalRowRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(razem|suma|og[óo][łl]em|[łl][ąa]cznie|[łl][ąa]czna\s+kwota|kwota\s+[łl][ąa]czna|podsumowanie|total)\b`)
})

var krsRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\(?\s*\bKRS\b\s*(?:nr|numer)?\s*:?\s*(\d[\d ]{0,12}\d|\d)\s*\)?`)
})

// grantContext is what a table's rows share.
type grantContext struct {
	sourceID, sourceURL string
	year                int
	area                string
}

// grantsFromGrid reads the grants of one table. A table may repeat its
// header (a PDF table running over pages); rows before the first header
// are ignored.
func grantsFromGrid(g grid, gc grantContext) []model.Grant {
	var out []model.Grant
	var roles []colRole
	for i := 0; i < len(g.rows); i++ {
		row := g.rows[i]
		if r, ok := headerRoles(row.cells); ok {
			roles = r
			// A second header row under the first: "Kwota" over
			// "wnioskowana | przyznana".
			if i+1 < len(g.rows) && isHeaderContinuation(g.rows[i+1].cells) {
				merged := make([]string, max(len(row.cells), len(g.rows[i+1].cells)))
				for k := range merged {
					if k < len(row.cells) {
						merged[k] = row.cells[k]
					}
					if k < len(g.rows[i+1].cells) && (k >= len(row.cells) || g.rows[i+1].cells[k] != row.cells[k]) {
						merged[k] += " " + g.rows[i+1].cells[k]
					}
				}
				if r2, ok := headerRoles(merged); ok {
					roles = r2
					i++
				}
			}
			continue
		}
		if roles == nil {
			continue
		}
		// A table read line by line (a DOC through antiword) gives a
		// wrapped cell's further lines as rows of their own: fold them in.
		for i+1 < len(g.rows) && isContinuationRow(g.rows[i+1].cells, roles) {
			row = mergeRows(row, g.rows[i+1])
			i++
		}
		if gr, ok := grantFromRow(row, roles, gc); ok {
			out = append(out, gr)
		}
	}
	return out
}

// isContinuationRow reports a row that only continues the text of the row
// above: no Lp. number and no amount, some text; in a table without an Lp.
// column, also no organisation (a rejected offer may lack an amount).
func isContinuationRow(cells []string, roles []colRole) bool {
	hasLp, text := false, false
	for i, r := range roles {
		c := ""
		if i < len(cells) {
			c = strings.TrimSpace(cells[i])
		}
		switch r {
		case roleLp:
			hasLp = true
			if c != "" {
				return false
			}
		case roleAmount:
			if c != "" {
				return false
			}
		}
		if c != "" {
			text = true
		}
	}
	if !text || totalRowRe().MatchString(strings.Join(cells, " ")) {
		return false
	}
	if !hasLp {
		for i, r := range roles {
			if r == roleOrg && i < len(cells) && strings.TrimSpace(cells[i]) != "" {
				return false
			}
		}
	}
	return true
}

// mergeRows appends a continuation row's cells to a row's.
func mergeRows(a, b gridRow) gridRow {
	n := max(len(a.cells), len(b.cells))
	cells := make([]string, n)
	for i := range n {
		var x, y string
		if i < len(a.cells) {
			x = a.cells[i]
		}
		if i < len(b.cells) {
			y = b.cells[i]
		}
		cells[i] = joinWrapped([]string{x, y})
	}
	return gridRow{cells: cells, page: a.page}
}

func grantFromRow(row gridRow, roles []colRole, gc grantContext) (model.Grant, bool) {
	var org, krs, task, amountText, area string
	krsColumn := false
	firstText := true
	for i, c := range row.cells {
		if i >= len(roles) {
			break
		}
		c = normSpace(c)
		// "Razem" in the first filled cell or the name's column is a total
		// row; a task may well start with the word ("Razem raźniej").
		if c != "" && (firstText || roles[i] == roleOrg || roles[i] == roleLp) && totalRowRe().MatchString(c) {
			return model.Grant{}, false
		}
		if c != "" {
			firstText = false
		}
		switch roles[i] {
		case roleOrg:
			org = c
		case roleKRS:
			krs, krsColumn = c, true
		case roleTask:
			task = c
		case roleAmount:
			amountText = c
		case roleArea:
			area = c
		}
	}
	if org == "" || amountText == "" {
		return model.Grant{}, false
	}
	amount, err := ParseAmount(amountText)
	if err != nil || amount <= 0 {
		return model.Grant{}, false
	}
	// "Fundacja X (KRS 0000123456)" in the organisation cell.
	if m := krsRe().FindStringSubmatchIndex(org); m != nil {
		if krs == "" {
			krs = org[m[2]:m[3]]
		}
		org = strings.TrimSpace(strings.Trim(strings.TrimSpace(org[:m[0]]+" "+org[m[1]:]), ",;-–"))
		krsColumn = true
	}
	krs = normalizeKRS(krs, krsColumn)
	org = cleanOrgName(org)
	if org == "" || notGrantRe().MatchString(org) {
		return model.Grant{}, false
	}
	if area == "" {
		area = gc.area
	}
	gr := model.Grant{
		Organization: org,
		KRS:          krs,
		OrgKey:       model.GrantOrgKey(org, krs),
		Task:         task,
		Amount:       amount,
		Year:         gc.year,
		Area:         area,
		SourceID:     gc.sourceID,
		SourceURL:    gc.sourceURL,
		Page:         row.page,
	}
	if gr.Validate() != nil {
		return model.Grant{}, false
	}
	return gr, true
}

// notGrantRe spots a pool or a limit written where an organisation's name
// should be (totals are totalRowRe's; "Razem" alone may be part of a name,
// as in "Stowarzyszenie Razem dla Krakowa").
var notGrantRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)nie\s+mo[żz]e\s+przekr|nie\s+wi[ęe]cej\s+ni[żz]|maksymaln|minimaln|[łl][ąa]czn[aey]\s+kwot|kwota\s+[łl][ąa]czna|^\s*pula\b|[śs]rodki\s+przeznaczone|^\s*w\s+tym\b`)
})

var addressRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:,\s*|\s+)(?:(?:ul|al|os)\.\s*\S|\d{2}-\d{3}\s)`)
})

// cleanOrgName drops an address written after the name in the same cell
// ("Fundacja X, ul. Długa 1, 31-000 Kraków") and stray punctuation.
func cleanOrgName(s string) string {
	s = normSpace(s)
	if loc := addressRe().FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = s[:loc[0]]
	}
	return strings.TrimSpace(strings.Trim(s, " ,;–-"))
}

// normalizeKRS returns the 10-digit KRS in s, or "". A shorter number is
// padded with leading zeros only when it is clearly a KRS (it sits in a
// KRS column or after "KRS"): the register prints them zero-padded, tables
// often drop the zeros.
func normalizeKRS(s string, clearlyKRS bool) string {
	// A spreadsheet number cell ("321456.0"); exponent forms stay refused.
	if i := strings.IndexByte(s, '.'); i > 0 && strings.Trim(s[i+1:], "0") == "" && allDigits(strings.TrimSpace(s[:i])) {
		s = s[:i]
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r == ' ' || r == '\u00a0' || r == '-' {
			return -1
		}
		return 'x'
	}, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(s), "KRS")), ":")))
	if digits == "" || strings.Contains(digits, "x") {
		return ""
	}
	switch {
	case len(digits) == 10:
		return digits
	case len(digits) < 10 && clearlyKRS:
		n, err := strconv.ParseInt(digits, 10, 64)
		if err != nil || n == 0 {
			return ""
		}
		return strings.Repeat("0", 10-len(digits)) + digits
	}
	return ""
}

var yearRes = sync.OnceValue(func() []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:na|w|za)\s+rok(?:u)?\s+((?:19|20)\d{2})\b`),
		regexp.MustCompile(`(?i)\bw\s+((?:19|20)\d{2})\s*(?:r\.|rok|roku)`),
		regexp.MustCompile(`(?i)\bw\s+latach\s+((?:19|20)\d{2})`),
		regexp.MustCompile(`\b((?:19|20)\d{2})\s*(?:r\.|rok|roku)`),
		regexp.MustCompile(`\b((?:19|20)\d{2})\b`),
	}
})

// grantYear is the year a competition's grants are for: from the title
// ("na rok 2021", "w 2021 roku", "2021"), then from the opening text, then
// the publication year.
func grantYear(title, text string, published time.Time) int {
	for _, src := range []string{title, headOf(text, 1500)} {
		for _, re := range yearRes() {
			if m := re.FindStringSubmatch(src); m != nil {
				y, err := strconv.Atoi(m[1])
				if err == nil && y >= 1990 && y <= 2100 {
					return y
				}
			}
		}
	}
	if !published.IsZero() {
		return published.Year()
	}
	return 0
}

// htmlGrants reads the grant tables of an HTML document.
func htmlGrants(pg *htmlPage, d *model.Document) []model.Grant {
	var grids []grid
	pg.doc.Find("table").Each(func(_ int, t *goquery.Selection) {
		if t.Find("table").Length() > 0 {
			return // a layout table; its inner tables are visited too
		}
		g := htmlGrid(t)
		for _, r := range g.rows {
			if maybeHeader(r.cells) {
				grids = append(grids, g)
				break
			}
		}
	})
	if len(grids) == 0 {
		return nil
	}
	gc := grantContext{
		sourceID:  d.ID,
		sourceURL: d.URL,
		year:      grantYear(d.Title, d.Lead+"\n"+d.Body, d.Published),
	}
	var out []model.Grant
	for _, g := range grids {
		out = append(out, grantsFromGrid(g, gc)...)
	}
	return out
}

// htmlGrid turns a <table> into rows of cell texts. A cell spanning
// columns or rows is repeated in each, so columns stay aligned and a
// header "Kwota" over "wnioskowana | przyznana" heads both.
func htmlGrid(t *goquery.Selection) grid {
	var g grid
	// carry[col] is a cell still spanning down from an earlier row.
	type carried struct {
		text string
		left int
	}
	carry := map[int]carried{}
	t.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		if tr.ParentsFiltered("table").First().Nodes[0] != t.Nodes[0] {
			return // a nested table's row
		}
		var cells []string
		col := 0
		fill := func() {
			for {
				c, ok := carry[col]
				if !ok {
					return
				}
				cells = append(cells, c.text)
				if c.left--; c.left == 0 {
					delete(carry, col)
				} else {
					carry[col] = c
				}
				col++
			}
		}
		tr.Children().Each(func(_ int, td *goquery.Selection) {
			n := goquery.NodeName(td)
			if n != "td" && n != "th" {
				return
			}
			fill()
			text := normSpace(nodeText(td.Nodes...))
			colspan := spanAttr(td, "colspan")
			rowspan := spanAttr(td, "rowspan")
			for i := 0; i < colspan; i++ {
				cells = append(cells, text)
				if rowspan > 1 {
					carry[col] = carried{text, rowspan - 1}
				}
				col++
			}
		})
		fill()
		g.rows = append(g.rows, gridRow{cells: cells})
	})
	return g
}

func spanAttr(td *goquery.Selection, name string) int {
	n, err := strconv.Atoi(strings.TrimSpace(td.AttrOr(name, "1")))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, 50)
}
