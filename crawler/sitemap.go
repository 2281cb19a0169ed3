package crawler

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Sitemap limits: the protocol allows 50,000 URLs and 50 MB uncompressed per
// file; a little slack, then the rest is ignored.
const (
	maxSitemapURLs  = 60000
	maxSitemapBytes = 64 << 20
)

// errSitemap is wrapped by parseSitemap errors.
var errSitemap = errors.New("malformed sitemap")

// parseSitemap reads a sitemap (urlset), a sitemap index, either gzipped, a
// plain-text sitemap (one URL per line), or an RSS or Atom feed (its items'
// links). It returns the page URLs and the nested sitemap URLs as written
// (not yet resolved or canonical).
func parseSitemap(body []byte) (pages, sitemaps []string, err error) {
	return parseSitemapMax(body, maxSitemapBytes)
}

// parseSitemapMax is parseSitemap with the unpacked size limit as a
// parameter (tests use a small one).
func parseSitemapMax(body []byte, maxBytes int64) (pages, sitemaps []string, err error) {
	if len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", errSitemap, err)
		}
		raw, err := io.ReadAll(io.LimitReader(zr, maxBytes+1))
		if err != nil {
			return nil, nil, fmt.Errorf("%w: gzip: %v", errSitemap, err)
		}
		if int64(len(raw)) > maxBytes {
			return nil, nil, fmt.Errorf("%w: more than %d bytes unpacked", errSitemap, maxBytes)
		}
		body = raw
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 {
		return nil, nil, nil
	}
	if trimmed[0] != '<' {
		return parseTextSitemap(trimmed), nil, nil
	}

	dec := xml.NewDecoder(bytes.NewReader(trimmed))
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	var (
		inURL, inSitemap, inLoc bool
		loc                     strings.Builder
		sawRoot                 bool
	)
	for len(pages)+len(sitemaps) < maxSitemapURLs {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(pages)+len(sitemaps) > 0 {
				// A truncated or sloppy tail: keep what was read.
				break
			}
			return nil, nil, fmt.Errorf("%w: %v", errSitemap, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch strings.ToLower(t.Name.Local) {
			case "urlset", "sitemapindex", "rss", "feed", "rdf":
				sawRoot = true
			case "url", "item", "entry":
				inURL = true
			case "sitemap":
				inSitemap = true
			case "loc":
				if ns := strings.ToLower(t.Name.Space); strings.Contains(ns, "image") || strings.Contains(ns, "video") {
					break // <image:loc>: a picture on the page, not a page
				}
				inLoc = true
				loc.Reset()
			case "link":
				if !inURL {
					break
				}
				// Atom: <link href="..." rel="alternate"/>; RSS: <link>URL</link>.
				href, rel := "", "alternate"
				for _, a := range t.Attr {
					switch strings.ToLower(a.Name.Local) {
					case "href":
						href = strings.TrimSpace(a.Value)
					case "rel":
						rel = strings.ToLower(strings.TrimSpace(a.Value))
					}
				}
				if href != "" {
					if rel == "alternate" {
						pages = append(pages, href)
					}
					break
				}
				inLoc = true
				loc.Reset()
			}
		case xml.CharData:
			if inLoc && loc.Len() < 4096 {
				loc.Write(t)
			}
		case xml.EndElement:
			switch strings.ToLower(t.Name.Local) {
			case "url", "item", "entry":
				inURL = false
			case "sitemap":
				inSitemap = false
			case "loc", "link":
				if !inLoc {
					break
				}
				inLoc = false
				v := strings.TrimSpace(loc.String())
				switch {
				case v == "":
				case inSitemap:
					sitemaps = append(sitemaps, v)
				case inURL:
					pages = append(pages, v)
				}
			}
		}
	}
	if !sawRoot && len(pages)+len(sitemaps) == 0 {
		return nil, nil, fmt.Errorf("%w: no urlset, sitemapindex or feed", errSitemap)
	}
	return pages, sitemaps, nil
}

func parseTextSitemap(body []byte) []string {
	var pages []string
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() && len(pages) < maxSitemapURLs {
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
			pages = append(pages, l)
		}
	}
	return pages
}
