package extract

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/krakow-ngo/ngosearch/extract/doctext"
	"github.com/krakow-ngo/ngosearch/model"
)

// documentKind names the document format of a response, "" for anything
// that is not a file doctext reads. The bytes decide first; then the
// Content-Type; then the Content-Disposition filename or the URL's path.
func documentKind(in Input, u *url.URL) (model.Kind, string) {
	filename := dispositionFilename(in.Header.Get("Content-Disposition"))
	hint := filename
	if hint == "" {
		hint = u.Path
	}
	return doctext.Sniff(in.Body, in.Header.Get("Content-Type"), hint), filename
}

// readErr wraps a doctext error so that both extract's and doctext's
// sentinel errors match it with errors.Is, without repeating the sentinel's
// text in the message.
func readErr(u string, err error) error {
	for _, p := range []struct{ theirs, ours error }{
		{doctext.ErrUnsupported, ErrUnsupported},
		{doctext.ErrMalformed, ErrMalformed},
		{doctext.ErrEncrypted, ErrEncrypted},
		{doctext.ErrTooLarge, ErrTooLarge},
		{doctext.ErrToolMissing, ErrToolMissing},
	} {
		if errors.Is(err, p.theirs) {
			return &docError{url: u, sentinel: p.ours, err: err}
		}
	}
	return fmt.Errorf("reading %s: %w", u, err)
}

// docError is a doctext error seen through extract's sentinels.
type docError struct {
	url      string
	sentinel error
	err      error
}

func (e *docError) Error() string   { return "reading " + e.url + ": " + e.err.Error() }
func (e *docError) Unwrap() []error { return []error{e.sentinel, e.err} }

// fromDocument reads a PDF, office document or spreadsheet.
func fromDocument(ctx context.Context, in Input, u *url.URL, kind model.Kind, filename string) (Result, error) {
	text, err := doctext.Read(ctx, kind, in.Body, doctext.Limits{})
	if err != nil {
		return Result{}, readErr(in.URL, err)
	}
	d := newDocument(in, u, kind)
	d.Filename = filename
	d.Pages = make([]string, len(text.Pages))
	for i, p := range text.Pages {
		d.Pages[i] = cleanPage(p)
	}
	d.Title = capTitle(documentTitle(in, u, text, d.Pages, filename))
	d.Unit = documentUnit(d.Pages)
	if kind == model.KindPDF {
		// After the unit: a running footer often names it.
		d.Pages = stripRunningLines(d.Pages)
	}
	d.Published = in.LinkPublished
	if d.Published.IsZero() {
		d.Published = text.Created
	}
	d.Modified = text.Modified
	opening := ""
	if len(d.Pages) > 0 {
		opening = headOf(d.Pages[0], 1500)
	}
	d.Type = classify(profFile, d.Title, opening)

	gc := grantContext{
		sourceID:  d.ID,
		sourceURL: d.URL,
		year:      grantYear(d.Title, opening, d.Published),
	}
	var grants []model.Grant
	for _, t := range text.Tables {
		g := grid{name: t.Name}
		for _, r := range t.Rows {
			g.rows = append(g.rows, gridRow{cells: r, page: t.Page})
		}
		tc := gc
		if len(text.Tables) > 1 && kind != model.KindDOCX && kind != model.KindODT && !genericSheetName(t.Name) {
			tc.area = t.Name // the sheet of a multi-sheet workbook names the task area
		}
		grants = append(grants, grantsFromGrid(g, tc)...)
	}
	if len(text.Layout) > 0 {
		grants = append(grants, layoutGrants(text.Layout, gc)...)
	}
	return Result{Document: d, Grants: grants}, nil
}

// cleanPage trims trailing space from lines and collapses runs of blank
// lines, keeping paragraph breaks.
func cleanPage(p string) string {
	lines := strings.Split(strings.ReplaceAll(p, "\r\n", "\n"), "\n")
	var b strings.Builder
	blank := 0
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if strings.TrimSpace(l) == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = 0
		b.WriteString(l)
	}
	return b.String()
}

// stripRunningLines removes a PDF's running headers and footers: a line
// among the first or last three of a page that recurs, numbers aside
// ("strona 2 z 5"), on at least half of the pages (and on two or more).
func stripRunningLines(pages []string) []string {
	if len(pages) < 2 {
		return pages
	}
	key := func(l string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '#'
			}
			return r
		}, normSpace(l))
	}
	edges := func(p string) []int {
		lines := strings.Split(p, "\n")
		var idx []int
		for i, n := 0, 0; i < len(lines) && n < 3; i++ {
			if strings.TrimSpace(lines[i]) != "" {
				idx = append(idx, i)
				n++
			}
		}
		for i, n := len(lines)-1, 0; i >= 0 && n < 3; i-- {
			if strings.TrimSpace(lines[i]) != "" {
				idx = append(idx, i)
				n++
			}
		}
		return idx
	}
	count := map[string]int{}
	for _, p := range pages {
		lines := strings.Split(p, "\n")
		seen := map[string]bool{}
		for _, i := range edges(p) {
			if k := key(lines[i]); k != "" && !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	need := max(2, (len(pages)+1)/2)
	out := make([]string, len(pages))
	for pi, p := range pages {
		lines := strings.Split(p, "\n")
		drop := map[int]bool{}
		for _, i := range edges(p) {
			if count[key(lines[i])] >= need {
				drop[i] = true
			}
		}
		var kept []string
		for i, l := range lines {
			if !drop[i] {
				kept = append(kept, l)
			}
		}
		out[pi] = cleanPage(strings.Join(kept, "\n"))
	}
	return out
}

var junkTitleRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(microsoft\s+(word|excel)\s*-|untitled|bez\s+tytu[łl]u|dokument\s*\d*$|document\s*\d*$|arkusz\s*\d*$|sheet\s*\d*$|zeszyt\s*\d*$|book\s*\d*$|pobierz(\s+plik)?$|plik$|za[łl][ąa]cznik(\s+nr\s*\d+)?$|karta\s+za[łl][ąa]cznika$|tutaj$|tu$|link$|wi[ęe]cej$|czytaj\s+wi[ęe]cej$|kliknij(\s+tutaj)?$|szczeg[óo][łl]y$|zobacz$|otw[óo]rz$|(pdf|docx?|xlsx?|odt|ods|rtf)$|\S+\.(pdf|docx?|xlsx?|odt|ods|rtf)$)`)
})

// documentTitle picks the best title a file has: what the linking page or
// attachment card called it, its metadata title, its first heading-like
// line, its filename, the last segment of its URL.
func documentTitle(in Input, u *url.URL, text *doctext.Text, pages []string, filename string) string {
	usable := func(s string) string {
		// A link text may carry the card's "(PDF, 245.3 KB)".
		s = strings.TrimSpace(fileInfoRes()[2].ReplaceAllString(normSpace(s), ""))
		if len([]rune(s)) < 3 || junkTitleRe().MatchString(s) {
			return ""
		}
		return s
	}
	if in.Link != nil {
		if t := usable(in.Link.Title); t != "" {
			return t
		}
	}
	if t := usable(text.Title); t != "" {
		return t
	}
	if len(pages) > 0 {
		if t := headingLine(pages[0]); t != "" {
			return t
		}
	}
	if filename != "" {
		return filename
	}
	if b := path.Base(u.Path); b != "/" && b != "." {
		return b
	}
	return u.Host
}

// headingLine is the first line of a page that reads like a title: not a
// page header ("Załącznik do ..."), not a number, at least a few words.
func headingLine(page string) string {
	for i, line := range strings.Split(page, "\n") {
		if i > 15 {
			break
		}
		l := normSpace(line)
		low := strings.ToLower(l)
		switch {
		case len([]rune(l)) < 8, strings.HasPrefix(low, "załącznik"), strings.HasPrefix(low, "strona "),
			strings.Count(l, " ") < 1, !unicode.IsUpper([]rune(l)[0]):
			continue
		}
		if len([]rune(l)) > 200 {
			l = string([]rune(l)[:200])
		}
		return l
	}
	return ""
}

func genericSheetName(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return n == "" || junkTitleRe().MatchString(n)
}

var unitLineRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|, |– |- )((?:Wydzia[łl]|Biuro|Kancelaria|Miejski\s+O[śs]rodek|Miejskie\s+Centrum|Zarz[ąa]d)\s[^,–\n]{3,90}?)\s*(?:–|,|$)`)
})

// documentUnit finds the publishing unit on a short line of its own (a
// letterhead, a running footer "Wydział X – strona 1 z 2", a signature)
// on the first or the last page.
func documentUnit(pages []string) string {
	if len(pages) == 0 {
		return ""
	}
	candidates := strings.Split(pages[0], "\n")
	if len(pages) > 1 {
		candidates = append(candidates, strings.Split(pages[len(pages)-1], "\n")...)
	}
	for _, line := range candidates {
		l := normSpace(line)
		if l == "" || len([]rune(l)) > 110 {
			continue
		}
		if m := unitLineRe().FindStringSubmatch(l); m != nil {
			return strings.TrimRight(normSpace(m[1]), " .,;")
		}
	}
	return ""
}
