package extract

import (
	"math/big"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/krakow-ngo/ngosearch/model"
)

var fileInfoRes = sync.OnceValue(func() [3]*regexp.Regexp {
	return [3]*regexp.Regexp{
		// "PDF, 245.3 KB", "(docx; 1,2 MB)", "xlsx 12 kB"
		regexp.MustCompile(`(?i)\b(pdf|docx|doc|xlsx|xls|odt|ods|rtf|zip|7z|rar|pptx|ppt|odp|txt|csv|jpe?g|png)\b[\s,;:/|-]{0,4}(?:rozmiar:?\s*)?(\d+(?:[.,]\d+)?)\s*(B|bajt[óoy]w?|KB|kB|KiB|MB|MiB|GB)\b`),
		// a size on its own: "(245.3 KB)", "rozmiar: 1,2 MB"
		regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)?)\s*(B|bajt[óoy]w?|KB|kB|KiB|MB|MiB|GB)\b`),
		// a trailing "(PDF, 245.3 KB)" / "[pdf]" / "- pobierz" in a link text
		regexp.MustCompile(`(?i)\s*(?:[(\[]\s*(?:pdf|docx?|xlsx?|odt|ods|rtf|zip)?[\s,;:]*(?:\d+(?:[.,]\d+)?\s*(?:B|KB|kB|KiB|MB|MiB|GB))?\s*[)\]]|[-–,]?\s*pobierz(?:\s+plik)?)\s*$`),
	}
})

// kindOf maps a file type word or extension to a model.Kind ("" if not a
// format we index).
func kindOf(word string) model.Kind {
	k := model.Kind(strings.ToLower(strings.TrimPrefix(word, ".")))
	if k.Valid() && k != model.KindHTML {
		return k
	}
	return ""
}

// parseSize reads "245.3 KB" as bytes (binary units: 1 KB = 1024 B, the
// way the city's CMS computes them), exactly, rounding to the nearest byte.
func parseSize(num, unit string) int64 {
	r, ok := new(big.Rat).SetString(strings.ReplaceAll(num, ",", "."))
	if !ok {
		return 0
	}
	mult := int64(1)
	switch strings.ToLower(unit) {
	case "kb", "kib":
		mult = 1 << 10
	case "mb", "mib":
		mult = 1 << 20
	case "gb":
		mult = 1 << 30
	}
	r.Mul(r, new(big.Rat).SetInt64(mult))
	r.Add(r, big.NewRat(1, 2))
	n := new(big.Int).Quo(r.Num(), r.Denom())
	if !n.IsInt64() {
		return 0
	}
	return n.Int64()
}

// fileInfo finds a stated type and size in s.
func fileInfo(s string) (model.Kind, int64) {
	res := fileInfoRes()
	if m := res[0].FindStringSubmatch(s); m != nil {
		return kindOf(m[1]), parseSize(m[2], m[3])
	}
	var size int64
	if m := res[1].FindStringSubmatch(s); m != nil {
		size = parseSize(m[1], m[2])
	}
	var kind model.Kind
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !('a' <= r && r <= 'z') }) {
		if k := kindOf(w); k != "" {
			kind = k
			break
		}
	}
	return kind, size
}

// isAttachmentURL reports a link to a file rather than a page: a known
// extension, or the BIP's /zalaczniki/ paths (files and their cards).
func isAttachmentURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if strings.Contains(strings.ToLower(u.Path), "/zalaczniki/") {
		return true
	}
	return extKind(u.Path) != "" || fileExt(u.Path) == "zip"
}

func fileExt(p string) string {
	e := path.Ext(p)
	return strings.ToLower(strings.TrimPrefix(e, "."))
}

func extKind(p string) model.Kind { return kindOf(fileExt(p)) }

// links lists the content links of scope: absolute canonical URLs with
// the anchor text as title and the file type and size the page states.
func (pg *htmlPage) links(scope *goquery.Selection) []model.Attachment {
	var out []model.Attachment
	seen := map[string]int{}
	self := pg.in.URL
	scope.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u := pg.absolute(href)
		if u == "" || u == self {
			return
		}
		text := normSpace(nodeText(a.Nodes...))
		if text == "" {
			text = normSpace(a.AttrOr("title", ""))
		}
		if text == "" {
			text = normSpace(a.Find("img[alt]").AttrOr("alt", ""))
		}
		// The type and size are in the link text or right after it.
		context := text + " " + normSpace(a.AttrOr("title", "")) + " " + textAfter(a.Nodes[0])
		kind, size := fileInfo(context)
		if k := extKind(mustPath(u)); k != "" {
			kind = k
		}
		if !isAttachmentURL(u) && kind != "" && !strings.Contains(strings.ToLower(text), strings.ToLower(string(kind))) {
			// A page link whose paragraph mentions a PDF is still a page.
			kind, size = "", 0
		}
		if !isAttachmentURL(u) && kind == "" {
			size = 0
		}
		title := strings.TrimSpace(fileInfoRes()[2].ReplaceAllString(text, ""))
		if title == "" {
			title = text
		}
		if title == "" {
			title = path.Base(mustPath(u))
		}
		att := model.Attachment{Title: title, URL: u, Kind: kind, Size: size}
		if i, ok := seen[u]; ok {
			if out[i].Kind == "" {
				out[i].Kind = att.Kind
			}
			if out[i].Size == 0 {
				out[i].Size = att.Size
			}
			if len(out[i].Title) < 3 && len(att.Title) > len(out[i].Title) {
				out[i].Title = att.Title
			}
			return
		}
		seen[u] = len(out)
		out = append(out, att)
	})
	return out
}

// textAfter is the text that follows a link up to the next link, where a
// page writes "(PDF, 245.3 KB)"; when the link is alone in its element
// (<span><a>..</a></span> <span>xlsx, 18 KB</span>) it looks one level up.
func textAfter(a *html.Node) string {
	for n, level := a, 0; n != nil && level < 2; n, level = n.Parent, level+1 {
		var b strings.Builder
		for sib := n.NextSibling; sib != nil && b.Len() < 200; sib = sib.NextSibling {
			if sib.Type == html.ElementNode && (sib.DataAtom == atom.A || goquery.NewDocumentFromNode(sib).Find("a").Length() > 0) {
				break
			}
			if sib.Type == html.ElementNode && blockElement(sib) {
				break
			}
			b.WriteString(" " + nodeText(sib))
		}
		if t := normSpace(b.String()); t != "" {
			return t
		}
		if n.Parent == nil || n.Parent.Type != html.ElementNode || blockElement(n.Parent) && level > 0 {
			break
		}
	}
	return ""
}

// blockElement reports elements that start a new paragraph or list item.
func blockElement(n *html.Node) bool {
	before, _ := blockBreak(n)
	return before == 2 || before == 1
}

func mustPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Path
}

// card reads a BIP attachment card: it is not a document itself, but it
// names its file's title, type, size and publication date, which the file
// (often served as application/octet-stream with a bare filename) lacks.
func (pg *htmlPage) card() Result {
	doc := pg.doc
	meta := pg.metadata()
	pg.removeBoilerplate(nil)
	filePath := strings.TrimSuffix(strings.TrimSuffix(pg.u.Path, "/"), "/karta")
	fileURL := ""
	var fileLink *goquery.Selection
	doc.Find("a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		u := pg.absolute(a.AttrOr("href", ""))
		if u != "" && mustPath(u) == filePath {
			fileURL, fileLink = u, a
			return false
		}
		return true
	})
	if fileURL == "" {
		fileURL = pg.absolute(filePath)
	}
	scope := doc.Find("#mainDiv").First()
	if scope.Length() == 0 {
		scope = doc.Find("main, article, body").First()
	}
	title := ""
	if h := firstIn(scope, "h1", "h2"); h != nil {
		title = normSpace(h.Text())
	}
	// Rows such as "Nazwa pliku:" / "Tytuł:" beat a generic heading.
	scope.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		cells := tr.Find("th, td")
		if cells.Length() < 2 {
			return
		}
		l := strings.ToLower(normSpace(cells.Eq(0).Text()))
		if strings.HasPrefix(l, "tytuł") || strings.HasPrefix(l, "nazwa załącznika") || strings.HasPrefix(l, "opis") {
			if v := normSpace(cells.Eq(1).Text()); v != "" {
				title = v
			}
		}
	})
	if (title == "" || strings.EqualFold(title, "karta załącznika")) && fileLink != nil {
		title = strings.TrimSpace(fileInfoRes()[2].ReplaceAllString(normSpace(fileLink.Text()), ""))
	}
	kind, size := fileInfo(normSpace(scope.Text()))
	if k := extKind(fileURL); k != "" {
		kind = k
	}
	if title == "" {
		title = path.Base(filePath)
	}
	published := meta.published
	if published.IsZero() {
		published = firstLabelledDate(scope.Text())
	}
	return Result{
		Skipped:       SkipCard,
		Links:         []model.Attachment{{Title: title, URL: fileURL, Kind: kind, Size: size}},
		LinkPublished: published,
	}
}

func firstLabelledDate(s string) time.Time {
	for _, p := range splitLabels(s) {
		if labelKind(p[0]) == fieldPublished {
			return firstDate(p[1])
		}
	}
	return time.Time{}
}
