package extract

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/krakow-ngo/ngosearch/model"
)

// profile is the kind of page, which decides where its parts are.
type profile int

const (
	profGeneric profile = iota
	profArticle         // www.krakow.pl / ngo.krakow.pl article
	profPrint           // get_html.php?dok_id= print view
	profListing         // news listing with a pager
	profHome            // a site's home page
	profBIPDoc          // BIP document: #mainDiv + table.metryka
	profBIPCard         // BIP attachment card
	profFile            // a PDF, office document or spreadsheet
)

func (p profile) String() string {
	return [...]string{"generic", "article", "print", "listing", "bip-document", "bip-card", "file"}[p]
}

// pathRes are the page-level patterns, compiled once.
var pathRes = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		"card":    regexp.MustCompile(`(?i)^/zalaczniki/dokumenty/n/(\d+)/karta/?$`),
		"listing": regexp.MustCompile(`(?i),kategoria,|^/aktualnosci/1584,[^/]*$`),
		"article": regexp.MustCompile(`(?i)^/[^/]+/\d+,\d+,komunikat,`),
		"crumbs":  regexp.MustCompile(`[»›>|/]`),
		"address": regexp.MustCompile(`(?i)adres\s+strony:?\s*(https?://\S+)`),
	}
})

// detectProfile picks the profile by URL shape first (it survives the
// sample server's loopback hosts), then by markup.
func detectProfile(u *url.URL, doc *goquery.Document) profile {
	res := pathRes()
	p := u.EscapedPath()
	if dp, err := url.PathUnescape(p); err == nil {
		p = dp
	}
	switch {
	case res["card"].MatchString(p):
		return profBIPCard
	case res["listing"].MatchString(p) && !res["article"].MatchString(p):
		return profListing
	case u.RawQuery == "" && (p == "/" || strings.EqualFold(p, "/index.html") || strings.EqualFold(p, "/index.php")):
		// A site's home page: teasers of other pages, followed, not a document.
		return profHome
	case u.Query().Has("mmi") && !u.Query().Has("dok_id"):
		// A BIP menu page: a list of the documents in one section.
		return profListing
	case strings.EqualFold(p, "/get_html.php"):
		return profPrint
	case doc.Find("div.article-title h1").Length() > 0:
		return profArticle
	case doc.Find("#mainDiv").Length() > 0 && u.Query().Has("dok_id"):
		return profBIPDoc
	}
	return profGeneric
}

// htmlPage is a parsed page and what is known about it.
type htmlPage struct {
	in   Input
	u    *url.URL
	base *url.URL
	doc  *goquery.Document
	prof profile
}

func fromHTML(in Input, u *url.URL) (Result, error) {
	text, _ := decodeHTML(in.Body, in.Header.Get("Content-Type"))
	text = closeTitle(text)
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// The parser refuses markup nested more than 512 deep; read such a
		// page as its flattened paragraphs rather than not at all.
		root, err = html.Parse(strings.NewReader(flattenHTML(text)))
		if err != nil {
			return Result{}, fmt.Errorf("%w: parsing %s: %w", ErrMalformed, in.URL, err)
		}
	}
	doc := goquery.NewDocumentFromNode(root)
	pg := &htmlPage{in: in, u: u, base: u, doc: doc}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := u.Parse(strings.TrimSpace(href)); err == nil {
			pg.base = b
		}
	}
	pg.prof = detectProfile(u, doc)
	switch pg.prof {
	case profBIPCard:
		return pg.card(), nil
	case profListing:
		pg.removeBoilerplate(nil)
		return Result{Skipped: SkipListing, Links: pg.links(doc.Selection)}, nil
	case profHome:
		pg.removeBoilerplate(nil)
		return Result{Skipped: SkipHome, Links: pg.links(doc.Selection)}, nil
	}
	return pg.document()
}

// document extracts an article, print view, BIP document or generic page.
func (pg *htmlPage) document() (Result, error) {
	doc := pg.doc
	d := newDocument(pg.in, pg.u, model.KindHTML)

	// Metadata first: breadcrumbs, metka and metryka are boilerplate that
	// the cleaning below removes.
	meta := pg.metadata()
	section := pg.section()
	canon := pg.canonicalLink()

	var titleSel, leadSel, bodySel *goquery.Selection
	switch pg.prof {
	case profArticle, profPrint:
		titleSel = first(doc, "div.article-title h1", ".article-title", "h1")
		leadSel = first(doc, "div.article-lead", ".article-lead", ".lead")
		bodySel = first(doc, "div.article-body", ".article-body", ".article-content", "article", "main", "#content")
	case profBIPDoc:
		main := doc.Find("#mainDiv").First()
		titleSel = firstIn(main, "h1", "h2")
		if titleSel == nil {
			titleSel = first(doc, "h1")
		}
		leadSel = firstIn(main, ".lead", ".wstep")
		bodySel = main
	}
	if bodySel == nil {
		bodySel = pg.mainContent()
	}
	if titleSel == nil {
		titleSel = firstIn(bodySel, "h1")
		if titleSel == nil && pg.metaTitle() == "" {
			// An <h1> outside the main content is often the site's logo:
			// only without a <title> does it name the page.
			titleSel = first(doc, "h1")
		}
	}

	// The content root must survive boilerplate removal even when a class
	// name looks like a menu's.
	keep := []*html.Node{}
	for _, s := range []*goquery.Selection{titleSel, leadSel, bodySel} {
		if s != nil {
			keep = append(keep, s.Nodes...)
		}
	}
	pg.removeBoilerplate(keep)

	title := ""
	if titleSel != nil {
		title = normSpace(nodeText(titleSel.Nodes...))
	}
	if title == "" {
		title = pg.metaTitle()
	}
	lead := ""
	if leadSel != nil {
		lead = nodeText(leadSel.Nodes...)
		leadSel.Remove()
	}
	// The title and the metadata are not body text.
	if titleSel != nil && bodySel != nil && contains(bodySel, titleSel) {
		titleSel.Remove()
		bodySel.Find("div.article-title").Remove()
	}
	body := nodeText(bodySel.Nodes...)
	if pg.prof == profPrint || pg.prof == profGeneric {
		body = dropLeadingDateLine(body)
	}
	if title != "" {
		// A generic page's heading is inside its main block.
		if line, rest, _ := strings.Cut(body, "\n"); normSpace(line) == title {
			body = strings.TrimLeft(rest, "\n")
		}
	}
	if title == "" {
		title = firstLine(body)
	}
	if strings.TrimSpace(title) == "" && strings.TrimSpace(body) == "" && lead == "" {
		return Result{Skipped: SkipEmpty}, nil
	}
	if title == "" {
		title = titleFromURL(pg.u)
	}

	d.Title = capTitle(title)
	d.Lead = lead
	d.Body = body
	d.Section = section
	d.Published, d.Modified, d.Unit = meta.published, meta.modified, meta.unit
	if pg.prof == profPrint && d.Published.IsZero() {
		d.Published = dateNearTitle(bodySel)
	}
	if canon == "" && pg.prof == profPrint {
		canon = pg.printedAddress()
	}
	if canon != "" && canon != d.URL {
		d.AltURLs = []string{canon}
		if d.Section == "" {
			// A print view is in its article's section.
			d.Section = sectionFromPath(mustPath(canon))
		}
	}
	links := pg.links(contentScope(titleSel, bodySel))
	for _, l := range links {
		if l.Kind != "" || isAttachmentURL(l.URL) {
			d.Attachments = append(d.Attachments, l)
		}
	}
	d.Type = classify(pg.prof, d.Title, d.Lead+"\n"+headOf(d.Body, 600))
	res := Result{Document: d, Links: links}
	res.Grants = htmlGrants(pg, d)
	return res, nil
}

// contentScope is where a page's own links are: the smallest element
// holding both the title and the body (an article's box with its
// attachment list), or the body alone when that element would be the whole
// page.
func contentScope(title, body *goquery.Selection) *goquery.Selection {
	if body == nil || body.Length() == 0 {
		return title
	}
	if title == nil || title.Length() == 0 || title.Nodes[0].Parent == nil {
		return body
	}
	anc := map[*html.Node]bool{}
	for n := body.Nodes[0]; n != nil; n = n.Parent {
		anc[n] = true
	}
	for n := title.Nodes[0]; n != nil; n = n.Parent {
		if anc[n] {
			if n.Type != html.ElementNode || n.Data == "body" || n.Data == "html" {
				return body
			}
			return goquery.NewDocumentFromNode(n).Selection
		}
	}
	return body
}

// first returns the first selector that matches in doc, or nil.
// flattenHTML rewrites a page as a flat list of paragraphs (plus its
// <title> and first <h1>), using the tokenizer, which has no depth limit.
func flattenHTML(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var paras, para strings.Builder
	var title, h1 string
	var inside atom.Atom // <title> or <h1> being read
	skip := 0            // depth inside script, style and the like
	endPara := func() {
		if t := normSpace(para.String()); t != "" {
			paras.WriteString("<p>" + html.EscapeString(t) + "</p>")
		}
		para.Reset()
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.EndTagToken:
			start := tt == html.StartTagToken
			switch tok.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				if start {
					skip++
				} else if skip > 0 {
					skip--
				}
				continue
			case atom.Title, atom.H1:
				inside = 0
				if start {
					inside = tok.DataAtom
				}
			}
			if _, after := blockBreak(&html.Node{Type: html.ElementNode, DataAtom: tok.DataAtom}); after > 0 || tok.DataAtom == atom.Br {
				endPara()
			}
		case html.TextToken:
			switch {
			case skip > 0:
			case inside == atom.Title && title == "":
				title = normSpace(tok.Data)
			case inside == atom.H1 && h1 == "":
				h1 = normSpace(tok.Data)
			default:
				para.WriteString(tok.Data + " ")
			}
		}
	}
	endPara()
	var out strings.Builder
	out.WriteString("<html><head><title>" + html.EscapeString(title) + "</title></head><body>")
	if h1 != "" {
		out.WriteString("<h1>" + html.EscapeString(h1) + "</h1>")
	}
	out.WriteString(paras.String())
	out.WriteString("</body></html>")
	return out.String()
}

// closeTitle repairs a <title> that is never closed: the HTML parser
// would read the whole page as the title's text, as browsers do. The title
// is taken to end at the end of its line or at the next tag.
func closeTitle(s string) string {
	lower := asciiLower(s) // same length as s: its indexes are s's

	i := strings.Index(lower, "<title")
	if i < 0 || strings.Contains(lower, "</title") {
		return s
	}
	j := strings.IndexByte(s[i:], '>')
	if j < 0 {
		return s
	}
	start := i + j + 1
	end := strings.IndexAny(s[start:], "<\n")
	if end < 0 {
		end = len(s) - start
	}
	return s[:start+end] + "</title>" + s[start+end:]
}

func first(doc *goquery.Document, sels ...string) *goquery.Selection {
	return firstIn(doc.Selection, sels...)
}

func firstIn(s *goquery.Selection, sels ...string) *goquery.Selection {
	if s == nil {
		return nil
	}
	for _, sel := range sels {
		if f := s.Find(sel).First(); f.Length() > 0 && strings.TrimSpace(f.Text()) != "" {
			return f
		}
	}
	return nil
}

func contains(outer, inner *goquery.Selection) bool {
	for _, n := range inner.Nodes {
		for p := n; p != nil; p = p.Parent {
			for _, o := range outer.Nodes {
				if p == o {
					return true
				}
			}
		}
	}
	return false
}

// pageMeta is what the metka, metryka and meta tags say.
type pageMeta struct {
	published, modified time.Time
	unit                string
}

var labelRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(data\s+publikacji|data\s+opublikowania|data\s+udost[eę]pnienia|data\s+wytworzenia|data\s+(?:ostatniej\s+)?modyfikacji|data\s+aktualizacji|data\s+zmiany|data\s+wprowadzenia|dodano|opublikowano|zmodyfikowano|zaktualizowano|aktualizacja|[źz]r[óo]d[łl]o|wytworzy[łl](?:\(a\)|a)?|wytworzone\s+przez|podmiot\s+udost[eę]pniaj[aą]cy|odpowiedzialn[ya]\s+za\s+tre[śs][ćc]|osoba\s+odpowiedzialna|opublikowa[łl](?:\(a\)|a)?|wprowadzi[łl](?:\(a\)|a)?|autor|liczba\s+odwiedzin|rejestr\s+zmian)\s*:`)
})

type labelField int

const (
	fieldNone labelField = iota
	fieldPublished
	fieldCreated
	fieldModified
	fieldSource
	fieldProducer
	fieldResponsible
)

func labelKind(label string) labelField {
	l := foldPolish(strings.ToLower(normSpace(label)))
	l = strings.TrimSuffix(strings.TrimSpace(l), ":")
	switch {
	case strings.HasPrefix(l, "data publikacji"), strings.HasPrefix(l, "data opublikowania"),
		strings.HasPrefix(l, "data udostepnienia"), l == "dodano", l == "opublikowano":
		return fieldPublished
	case strings.HasPrefix(l, "data wytworzenia"), strings.HasPrefix(l, "data wprowadzenia"):
		return fieldCreated
	case strings.Contains(l, "modyfikacji"), strings.HasPrefix(l, "data aktualizacji"), strings.HasPrefix(l, "data zmiany"),
		l == "zmodyfikowano", l == "zaktualizowano", l == "aktualizacja":
		return fieldModified
	case l == "zrodlo":
		return fieldSource
	case strings.HasPrefix(l, "wytworzy"), l == "wytworzone przez", l == "podmiot udostepniajacy":
		return fieldProducer
	case strings.HasPrefix(l, "odpowiedzialn"), l == "osoba odpowiedzialna":
		return fieldResponsible
	}
	return fieldNone
}

// metadata reads the publication data from the places a profile keeps it:
// div.metka (krakow.pl), table.metryka (BIP), <meta> tags, and as a last
// resort labelled lines ("Data publikacji: ...") outside the body text.
func (pg *htmlPage) metadata() pageMeta {
	var pairs [][2]string
	doc := pg.doc
	doc.Find("table.metryka tr, .metryka tr").Each(func(_ int, tr *goquery.Selection) {
		cells := tr.Find("th, td")
		if cells.Length() >= 2 {
			pairs = append(pairs, [2]string{normSpace(cells.Eq(0).Text()), normSpace(nodeText(cells.Eq(1).Nodes...))})
		}
	})
	doc.Find("dl.metryka, .metryka dl").Each(func(_ int, dl *goquery.Selection) {
		dl.Find("dt").Each(func(_ int, dt *goquery.Selection) {
			pairs = append(pairs, [2]string{normSpace(dt.Text()), normSpace(dt.NextFiltered("dd").Text())})
		})
	})
	var unlabelled time.Time // a metka that writes only the date: "31.05.2021 r."
	for _, sel := range []string{"div.metka", ".metka", ".article-meta", ".meta-info", ".data-publikacji"} {
		doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
			if goquery.NodeName(s) == "table" {
				return
			}
			text := nodeText(s.Nodes...)
			pairs = append(pairs, splitLabels(text)...)
			if unlabelled.IsZero() {
				head := text
				if loc := labelRe().FindStringIndex(text); loc != nil {
					head = text[:loc[0]]
				}
				unlabelled = firstDate(head)
			}
		})
		if len(pairs) > 0 || !unlabelled.IsZero() {
			break
		}
	}
	var m pageMeta
	var created time.Time
	var source, producer, responsible string
	for _, p := range pairs {
		switch labelKind(p[0]) {
		case fieldPublished:
			if m.published.IsZero() {
				m.published = firstDate(p[1])
			}
		case fieldCreated:
			if created.IsZero() {
				created = firstDate(p[1])
			}
		case fieldModified:
			if m.modified.IsZero() {
				m.modified = firstDate(p[1])
			}
		case fieldSource:
			source = orFirst(source, cleanUnit(p[1]))
		case fieldProducer:
			producer = orFirst(producer, cleanUnit(p[1]))
		case fieldResponsible:
			responsible = orFirst(responsible, cleanUnit(p[1]))
		}
	}
	// <meta> tags: Open Graph / article, Dublin Core, plain name="date".
	metas := map[string]string{}
	doc.Find("meta[content]").Each(func(_ int, s *goquery.Selection) {
		for _, attr := range []string{"property", "name", "itemprop"} {
			if k, ok := s.Attr(attr); ok {
				if _, dup := metas[k]; !dup {
					metas[k] = s.AttrOr("content", "")
				}
			}
		}
	})
	metaDate := func(names ...string) time.Time {
		for _, n := range names {
			if v, ok := metas[n]; ok {
				if t := firstDate(v); !t.IsZero() {
					return t
				}
			}
		}
		return time.Time{}
	}
	if m.published.IsZero() {
		m.published = unlabelled
	}
	if m.published.IsZero() {
		m.published = metaDate("article:published_time", "datePublished", "DC.date.issued", "dcterms.issued", "DC.date", "dcterms.date", "date", "pubdate")
	}
	if m.modified.IsZero() {
		m.modified = metaDate("article:modified_time", "dateModified", "DC.date.modified", "dcterms.modified", "last-modified")
	}
	if m.published.IsZero() {
		// Labelled text outside the article text, e.g. a print view's
		// "Data publikacji: ..." line.
		for _, p := range splitLabels(nodeText(doc.Find("body").Nodes...)) {
			if labelKind(p[0]) == fieldPublished {
				m.published = firstDate(p[1])
				break
			}
		}
	}
	if m.published.IsZero() {
		m.published = created
	}
	// A unit beats a person: "Odpowiedzialny za treść" is often a name.
	for _, c := range []string{source, producer, responsible} {
		if looksLikeUnit(c) {
			m.unit = c
			break
		}
	}
	if m.unit == "" {
		m.unit = orFirst(source, orFirst(producer, responsible))
	}
	return m
}

// splitLabels cuts "Data publikacji: 2020-06-10 Źródło: Wydział X" into
// label/value pairs.
func splitLabels(s string) [][2]string {
	re := labelRe()
	idx := re.FindAllStringIndex(s, -1)
	var out [][2]string
	for i, m := range idx {
		end := len(s)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		v := s[m[1]:end]
		if j := strings.Index(v, "\n\n"); j >= 0 {
			v = v[:j]
		}
		out = append(out, [2]string{s[m[0]:m[1]], normSpace(strings.Trim(normSpace(v), "|,;"))})
	}
	return out
}

func firstDate(s string) time.Time {
	if ms := findDates(s); len(ms) > 0 && ms[0].prec >= PrecisionDay {
		return ms[0].t
	}
	if ms := findDates(s); len(ms) > 0 {
		return ms[0].t
	}
	return time.Time{}
}

func orFirst(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// cleanUnit trims a unit name out of a metadata value.
func cleanUnit(s string) string {
	s = normSpace(s)
	// "Wydział X (WS)" keeps its acronym; a trailing date or "Data ..." is
	// another field run on.
	if ms := findDates(s); len(ms) > 0 && ms[0].start > 0 {
		s = strings.TrimSpace(s[:ms[0].start])
	}
	return strings.Trim(s, " ,;|-–")
}

func looksLikeUnit(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"wydział", "biuro", "urząd", "zarząd", "centrum", "ośrodek", "kancelaria", "referat", "zespół", "miejsk", "prezydent", "rada", "gmina", "departament", "oddział", "pełnomocnik"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// section reads the breadcrumb: the last crumb that is not the page itself
// or the home page. Without one, the first path segment of a krakow.pl URL
// names the section.
func (pg *htmlPage) section() string {
	doc := pg.doc
	var crumbs []string
	doc.Find(`.breadcrumb, .breadcrumbs, #breadcrumb, #breadcrumbs, nav[aria-label*="readcrumb"], .okruszki, #okruszki, .sciezka, #sciezka`).First().Each(func(_ int, s *goquery.Selection) {
		items := s.Find("li")
		if items.Length() == 0 {
			items = s.Find("a, span.current, span.active, strong")
		}
		items.Each(func(_ int, it *goquery.Selection) {
			if t := strings.Trim(normSpace(it.Text()), "»›>/| "); t != "" {
				crumbs = append(crumbs, t)
			}
		})
		if len(crumbs) == 0 {
			for _, part := range pathRes()["crumbs"].Split(s.Text(), -1) {
				if t := normSpace(part); t != "" {
					crumbs = append(crumbs, t)
				}
			}
		}
	})
	title := normSpace(doc.Find("h1").First().Text())
	for i := len(crumbs) - 1; i >= 0; i-- {
		c := crumbs[i]
		lc := strings.ToLower(c)
		if i == len(crumbs)-1 && len(crumbs) > 1 && (c == title || (title != "" && strings.HasPrefix(title, strings.TrimSuffix(c, "...")))) {
			continue
		}
		if lc == "strona główna" || lc == "start" || lc == "home" || lc == "bip" || strings.HasPrefix(lc, "jesteś tutaj") || lc == "biuletyn informacji publicznej" {
			continue
		}
		return c
	}
	if v, ok := doc.Find(`meta[property="article:section"]`).Attr("content"); ok && normSpace(v) != "" {
		return normSpace(v)
	}
	return sectionFromPath(pg.u.Path)
}

// sectionFromPath names the krakow.pl section a path is in, "" when unknown.
func sectionFromPath(p string) string {
	seg := strings.Trim(p, "/")
	if i := strings.IndexByte(seg, '/'); i >= 0 {
		seg = seg[:i]
	}
	switch strings.ToLower(seg) {
	case "aktualnosci":
		return "Aktualności"
	}
	return ""
}

// boilerplate class and id words: menus, cookie banners, footers,
// breadcrumbs, sharing and "see also" boxes.
var boilerRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|[-_ ])(cookies?|cookie-?\w*|rodo|menu|mainmenu|submenu|navbar|nav|navigation|nawigacja|footer|stopka|breadcrumbs?|okruszki|sciezka|sidebar|share|sharing|social|skip|skiplinks?|banner|related|zobacz|zobacz-?takze|polecane|search|wyszukiwarka|pager|pagination|paginacja|bip-header|bipheader|naglowek|header-bip|top-bar|topbar|toolbar|metka|metryka|rejestr-zmian|print-?links?|drukuj|narzedzia|tools|header|naglowek|sidebar-right)([-_ ]|$)`)
})

var seeAlsoRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(zobacz\s+(tak[żz]e|te[żz]|r[óo]wnie[żz])|czytaj\s+(tak[żz]e|te[żz]|r[óo]wnie[żz])|powi[ąa]zane(\s+artyku[łl]y)?|podobne\s+artyku[łl]y|inne\s+aktualno[śs]ci)\b`)
})

// removeBoilerplate deletes what is never content: scripts, menus, cookie
// banners, footers, breadcrumbs, "Zobacz także" boxes, the BIP header and
// hidden elements. Nodes in keep (and their ancestors) are never removed.
func (pg *htmlPage) removeBoilerplate(keep []*html.Node) {
	doc := pg.doc
	protected := map[*html.Node]bool{}
	for _, n := range keep {
		for p := n; p != nil; p = p.Parent {
			protected[p] = true
		}
	}
	inKeep := func(n *html.Node) bool {
		for _, k := range keep {
			for p := n; p != nil; p = p.Parent {
				if p == k {
					return true
				}
			}
		}
		return false
	}
	remove := func(s *goquery.Selection) {
		s.Each(func(_ int, e *goquery.Selection) {
			if !protected[e.Nodes[0]] {
				e.Remove()
			}
		})
	}
	remove(doc.Find("script, style, noscript, template, iframe, svg, form, button, select, textarea, input, link, object, embed"))
	remove(doc.Find(`nav, footer, aside, [role="navigation"], [role="contentinfo"], [role="search"], [role="banner"], [role="dialog"], [role="alertdialog"]`))
	remove(doc.Find("*").FilterFunction(func(_ int, s *goquery.Selection) bool {
		n := s.Nodes[0]
		return hidden(n)
	}))
	re := boilerRe()
	remove(doc.Find("[class], [id]").FilterFunction(func(_ int, s *goquery.Selection) bool {
		n := s.Nodes[0]
		switch goquery.NodeName(s) {
		case "html", "body", "main", "article", "h1":
			return false
		}
		cls, _ := s.Attr("class")
		id, _ := s.Attr("id")
		for _, tok := range append(strings.Fields(cls), id) {
			if tok != "" && re.MatchString(tok) {
				// A boilerplate word inside the kept content (an "Zobacz
				// także" box in the article body) still goes; the content
				// roots themselves are protected.
				_ = n
				return true
			}
		}
		return false
	}))
	// A page-level <header> (not the article's own) is the site header.
	remove(doc.Find("header").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.ParentsFiltered("article, main").Length() == 0 && !inKeep(s.Nodes[0])
	}))
	// "Zobacz także" / "Czytaj też" headings and what they introduce.
	see := seeAlsoRe()
	doc.Find("h2, h3, h4, h5, h6, strong, b, p, div, span, header").Each(func(_ int, h *goquery.Selection) {
		if h.Nodes[0].Parent == nil { // already removed
			return
		}
		t := normSpace(h.Text())
		if len(t) > 60 || !see.MatchString(t) {
			return
		}
		// The smallest container holding the heading and its list is the
		// box; never climb into a protected content root.
		box := h
		for p := h.Parent(); p.Length() > 0 && !protected[p.Nodes[0]]; p = p.Parent() {
			box = p
			if len(normSpace(p.Text())) > len(t)+20 {
				break
			}
		}
		if box.Length() > 0 && !protected[box.Nodes[0]] && len(normSpace(box.Text())) < 3000 && box.Nodes[0] != h.Nodes[0] {
			box.Remove()
			return
		}
		// A bare heading inside the body: drop it and the list after it.
		next := h.Next()
		h.Remove()
		if goquery.NodeName(next) == "ul" || goquery.NodeName(next) == "ol" || goquery.NodeName(next) == "div" {
			next.Remove()
		}
	})
}

// mainContent finds the main text of a page without a known profile:
// <main>, <article>, [role=main], #content, else the element with the most
// paragraph text.
func (pg *htmlPage) mainContent() *goquery.Selection {
	doc := pg.doc
	for _, sel := range []string{"main", `[role="main"]`, "article", "#mainDiv", "#content", "#tresc", ".content", "#main", ".main"} {
		if s := doc.Find(sel).First(); s.Length() > 0 && len(normSpace(s.Text())) > 40 {
			return s
		}
	}
	// Largest text block: score each element by the text of its direct
	// paragraph-like children.
	var best *goquery.Selection
	bestScore := 0
	doc.Find("div, section, td").Each(func(_ int, s *goquery.Selection) {
		cls, _ := s.Attr("class")
		id, _ := s.Attr("id")
		if boilerRe().MatchString(cls) || boilerRe().MatchString(id) {
			return
		}
		score := 0
		s.Children().Each(func(_ int, c *goquery.Selection) {
			switch goquery.NodeName(c) {
			case "p", "h2", "h3", "h4", "ul", "ol", "table", "blockquote":
				score += len(normSpace(c.Text()))
			}
		})
		for c := s.Nodes[0].FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				score += len(strings.TrimSpace(c.Data))
			}
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	})
	if best != nil && bestScore > 0 {
		return best
	}
	return doc.Find("body")
}

// metaTitle is the <title> (or og:title) without the site's suffix.
func (pg *htmlPage) metaTitle() string {
	t := normSpace(pg.doc.Find("title").First().Text())
	if t == "" {
		if v, ok := pg.doc.Find(`meta[property="og:title"]`).Attr("content"); ok {
			t = normSpace(v)
		}
	}
	return stripSiteSuffix(t)
}

// stripSiteSuffix removes " - Magiczny Kraków", " | BIP Kraków" and the like.
func stripSiteSuffix(t string) string {
	for {
		i := strings.LastIndexAny(t, "-|–—:")
		if i <= 0 {
			return t
		}
		suffix := strings.ToLower(t[i+1:])
		if len(suffix) > 60 {
			return t
		}
		site := false
		for _, w := range []string{"kraków", "krakow", "krakowa", "bip", "biuletyn", "serwis", "portal", "ngo.krakow", "urząd miasta"} {
			if strings.Contains(suffix, w) {
				site = true
			}
		}
		if !site || (t[i] == '-' && i > 0 && t[i-1] != ' ') {
			return t
		}
		t = strings.TrimSpace(t[:i])
	}
}

// printedAddress is the article URL a print view prints at its foot
// ("Adres strony: https://...").
func (pg *htmlPage) printedAddress() string {
	m := pathRes()["address"].FindStringSubmatch(pg.doc.Text())
	if m == nil {
		return ""
	}
	return pg.absolute(strings.TrimRight(m[1], ".,;)"))
}

func (pg *htmlPage) canonicalLink() string {
	href, ok := pg.doc.Find(`link[rel="canonical"]`).First().Attr("href")
	if !ok {
		return ""
	}
	return pg.absolute(href)
}

// absolute resolves href against the page and canonicalises it; "" when it
// is not an http(s) link.
func (pg *htmlPage) absolute(href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	r, err := pg.base.Parse(href)
	if err != nil || (r.Scheme != "http" && r.Scheme != "https") {
		return ""
	}
	c, err := model.DefaultURLRules().Canonical(r.String())
	if err != nil {
		return ""
	}
	return c
}

// dropLeadingDateLine removes a first paragraph that is only a date (a
// print view writes the date under the title).
func dropLeadingDateLine(body string) string {
	line, rest, _ := strings.Cut(body, "\n")
	if _, ok := ParseDate(line); ok {
		return strings.TrimLeft(rest, "\n")
	}
	return body
}

// dateNearTitle is the date written right under the title of a print view.
func dateNearTitle(body *goquery.Selection) time.Time {
	if body == nil {
		return time.Time{}
	}
	t := nodeText(body.Nodes...)
	line, _, _ := strings.Cut(t, "\n")
	d, _ := ParseDate(line)
	return d
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	line = normSpace(line)
	if len([]rune(line)) > 200 {
		line = string([]rune(line)[:200])
	}
	return line
}

func headOf(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func titleFromURL(u *url.URL) string {
	p := strings.Trim(u.Path, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	if p == "" {
		return u.Host
	}
	return p
}
