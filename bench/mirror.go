package bench

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// MirrorStats counts what WriteMirror wrote.
type MirrorStats struct {
	Files int   `json:"files"`
	Bytes int64 `json:"bytes"`
}

// MirrorPath maps a URL to its file in a mirror folder, by the convention
// of testdata/site (see its README): HOST/PATH, "index.html" for a path
// ending in "/", "@" plus the sorted query appended, and "NAME/@" for a URL
// that is also the prefix of others (a BIP attachment beside its card).
func MirrorPath(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	p := strings.TrimPrefix(u.Path, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if q := u.Query(); len(q) > 0 {
		p += "@" + q.Encode()
	}
	if strings.HasPrefix(p, "zalaczniki/dokumenty/n/") && !strings.HasSuffix(p, "/karta") {
		p += "/@"
	}
	return filepath.Join(u.Host, filepath.FromSlash(p)), nil
}

// WriteMirror writes the corpus as files a crawler or an importer reads
// like the real sites: krakow.pl articles, BIP pages with their attachment
// cards, the reports as PDF files (with Content-Disposition sidecars),
// and a sitemap and robots.txt per host, all in the layout of
// testdata/site, so ngosearch.StartSample can serve it too.
func WriteMirror(ctx context.Context, dir string, c *Corpus) (MirrorStats, error) {
	var st MirrorStats
	write := func(rawURL string, body []byte, headers ...string) error {
		p, err := MirrorPath(rawURL)
		if err != nil {
			return err
		}
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, body, 0o644); err != nil {
			return err
		}
		st.Files++
		st.Bytes += int64(len(body))
		if len(headers) > 0 {
			h := strings.Join(headers, "\n") + "\n"
			if err := os.WriteFile(full+".headers", []byte(h), 0o644); err != nil {
				return err
			}
			st.Files++
		}
		return nil
	}
	urls := map[string][]string{}
	for i := range c.Len() {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		it := c.Item(i)
		d := &it.Doc
		lm := "Last-Modified: " + d.Modified.UTC().Format(time.RFC1123)
		lm = strings.Replace(lm, "UTC", "GMT", 1)
		var err error
		switch it.Class {
		case ClassNews:
			err = write(d.URL, []byte(newsHTML(d)), lm)
		case ClassBIP:
			err = write(d.URL, []byte(bipHTML(d)), lm)
		case ClassReport:
			body := PDF(d.Title, d.Pages)
			err = write(d.URL, body, "Content-Type: application/octet-stream",
				fmt.Sprintf(`Content-Disposition: attachment; filename="%s"`, d.Filename), lm)
			if err == nil {
				err = write(d.URL+"/karta", []byte(cardHTML(d, len(body))), lm)
			}
		}
		if err != nil {
			return st, fmt.Errorf("writing %s: %w", d.URL, err)
		}
		if it.Class != ClassReport {
			urls[d.Host] = append(urls[d.Host], d.URL)
		}
	}
	for host, us := range urls {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, u := range us {
			fmt.Fprintf(&b, "<url><loc>%s</loc></url>\n", html.EscapeString(u))
		}
		b.WriteString("</urlset>\n")
		if err := write("https://"+host+"/sitemap.xml", []byte(b.String())); err != nil {
			return st, err
		}
		robots := fmt.Sprintf("User-agent: *\nDisallow: /panel/\nSitemap: https://%s/sitemap.xml\n", host)
		if err := write("https://"+host+"/robots.txt", []byte(robots)); err != nil {
			return st, err
		}
	}
	return st, nil
}

const pageHead = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="pl" xml:lang="pl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>%s - Magiczny Kraków</title>
</head>
<body>
<div id="cookie-info">Serwis krakow.pl wykorzystuje pliki cookies. <a href="https://www.krakow.pl/polityka_cookies.html">Więcej informacji</a></div>
<div id="header"><ul id="menu"><li><a href="https://www.krakow.pl/">Strona główna</a><li><a href="https://ngo.krakow.pl/">Organizacje pozarządowe</a><li><a href="https://www.bip.krakow.pl/">BIP</a></ul></div>
`

const pageFoot = `<div id="footer" class="stopka">
<p><b>Urząd Miasta Krakowa</b>, pl. Wszystkich Świętych 3-4, 31-004 Kraków<br>
tel. 12 616 12 00, e-mail: <a href="mailto:bip@um.krakow.pl">bip@um.krakow.pl</a></p>
</div>
</body>
</html>
`

func paragraphs(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if strings.Contains(p, "\n") && strings.Contains(p, "   ") {
			b.WriteString(tableHTML(p))
			continue
		}
		b.WriteString("<p>" + html.EscapeString(p) + "\n")
	}
	return b.String()
}

// tableHTML turns a generated grant table (cells separated by three
// spaces, one row per line) back into an HTML table.
func tableHTML(p string) string {
	var b strings.Builder
	b.WriteString(`<table class="wyniki" border="1">` + "\n")
	for i, line := range strings.Split(p, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		cell := "td"
		if i == 0 {
			cell = "th"
		}
		b.WriteString("<tr>")
		for _, c := range strings.Split(line, "   ") {
			fmt.Fprintf(&b, "<%s>%s</%s>", cell, html.EscapeString(strings.TrimSpace(c)), cell)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>\n")
	return b.String()
}

func newsHTML(d *model.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, pageHead, html.EscapeString(d.Title))
	fmt.Fprintf(&b, `<div id="content"><div id="left">
<div class="article">
<div class="article-title"><h1>%s</h1></div>
<div class="metka">Data publikacji: %s | Źródło: %s</div>
<div class="article-lead"><strong>%s</strong></div>
<div class="article-body">
%s</div>
</div>
</div></div>
`, html.EscapeString(d.Title), d.Published.Format("2006-01-02 15:04"), html.EscapeString(d.Unit), html.EscapeString(d.Lead), paragraphs(d.Body))
	b.WriteString(pageFoot)
	return b.String()
}

func bipHTML(d *model.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, pageHead, html.EscapeString(d.Title))
	fmt.Fprintf(&b, "<div id=\"mainDiv\">\n<h1>%s</h1>\n<div class=\"tresc\">\n%s</div>\n", html.EscapeString(d.Title), paragraphs(d.Body))
	if len(d.Attachments) > 0 {
		b.WriteString("<div class=\"zalaczniki\"><h3>Załączniki:</h3>\n<ul>\n")
		for _, a := range d.Attachments {
			u, _ := url.Parse(a.URL)
			fmt.Fprintf(&b, "<li><a href=\"%s/karta\">%s</a> [PDF]</li>\n", u.Path, html.EscapeString(a.Title))
		}
		b.WriteString("</ul></div>\n")
	}
	fmt.Fprintf(&b, `<table class="metryka" border="0" cellpadding="2">
<tr><td class="label">Data publikacji:</td><td>%s</td></tr>
<tr><td class="label">Wytworzył:</td><td>%s</td></tr>
<tr><td class="label">Odpowiedzialny za treść:</td><td>Redakcja BIP</td></tr>
<tr><td class="label">Data wytworzenia:</td><td>%s</td></tr>
</table>
</div>
`, polishDate(d.Published), html.EscapeString(d.Unit), polishDate(d.Published.AddDate(0, 0, -3)))
	b.WriteString(pageFoot)
	return b.String()
}

func cardHTML(d *model.Document, size int) string {
	var b strings.Builder
	fmt.Fprintf(&b, pageHead, "Karta załącznika")
	parent, _ := url.Parse(d.LinkedFrom)
	u, _ := url.Parse(d.URL)
	fmt.Fprintf(&b, `<div id="mainDiv">
<h1>Karta załącznika</h1>
<table class="karta">
<tr><td>Nazwa załącznika:</td><td>%s</td></tr>
<tr><td>Nazwa pliku:</td><td>%s</td></tr>
<tr><td>Typ i rozmiar:</td><td>PDF, %.1f KB</td></tr>
<tr><td>Data publikacji:</td><td>%s</td></tr>
<tr><td>Dokument:</td><td><a href="/?%s">dokument źródłowy</a></td></tr>
</table>
<p><a href="%s" class="pobierz">Pobierz plik</a></p>
</div>
`, html.EscapeString(d.Title), html.EscapeString(d.Filename), float64(size)/1024, polishDate(d.Published), parent.RawQuery, u.Path)
	b.WriteString(pageFoot)
	return b.String()
}
