package crawler

import (
	"mime"
	"net/http"
	"path"
	"strings"
)

// docExts are the file formats the city publishes documents in.
var docExts = map[string]string{
	".pdf": "pdf", ".doc": "doc", ".docx": "docx", ".odt": "odt", ".rtf": "rtf",
	".xls": "xls", ".xlsx": "xlsx", ".ods": "ods",
}

// skipExts are files no stage reads: never fetched.
var skipExts = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".svg": true, ".webp": true,
	".ico": true, ".bmp": true, ".tif": true, ".tiff": true, ".mp3": true, ".mp4": true,
	".avi": true, ".mov": true, ".wmv": true, ".webm": true, ".ogg": true, ".wav": true,
	".css": true, ".js": true, ".zip": true, ".rar": true, ".7z": true, ".exe": true,
	".iso": true, ".woff": true, ".woff2": true, ".ttf": true, ".eot": true,
}

var mediaKinds = map[string]string{
	"text/html":             "html",
	"application/xhtml+xml": "html",
	"application/pdf":       "pdf",
	"application/x-pdf":     "pdf",
	"application/msword":    "doc",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
	"application/vnd.ms-excel": "xls",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
	"application/vnd.oasis.opendocument.text":                           "odt",
	"application/vnd.oasis.opendocument.spreadsheet":                    "ods",
	"application/rtf":  "rtf",
	"text/rtf":         "rtf",
	"application/xml":  "xml",
	"text/xml":         "xml",
	"text/plain":       "text",
	"application/json": "other",
}

// extOf is the lower-case extension of a URL path or file name.
func extOf(p string) string { return strings.ToLower(path.Ext(p)) }

// filename is the Content-Disposition file name, or "".
func filename(h http.Header) string {
	cd := h.Get("Content-Disposition")
	if cd == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(cd); err == nil {
		return params["filename"]
	}
	// A sloppy header: take what follows filename=.
	if _, v, ok := strings.Cut(cd, "filename="); ok {
		return strings.Trim(strings.TrimSpace(strings.Split(v, ";")[0]), `"'`)
	}
	return ""
}

// kindOf classifies a response for the report and for link discovery:
// Content-Type first (sniffed when the server sent none); for octet-stream
// and friends the file name, then the URL's extension.
func kindOf(h http.Header, body []byte, urlPath string) string {
	ct := contentType(h, body)
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	if k, ok := mediaKinds[mt]; ok {
		return k
	}
	if strings.HasSuffix(mt, "+xml") {
		return "xml"
	}
	switch {
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "video/"),
		strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "font/"),
		mt == "text/css", mt == "text/javascript", mt == "application/javascript":
		return "media"
	}
	for _, name := range []string{filename(h), urlPath} {
		if k, ok := docExts[extOf(name)]; ok {
			return k
		}
	}
	return "other"
}

// looksLikeFile guesses from a link alone that it leads to a document file,
// so a file one hop past MaxDepth is still fetched: a document extension,
// or a BIP attachment path (/zalaczniki/dokumenty/n/123, without "karta").
func looksLikeFile(u string) bool {
	p := u
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if _, ok := docExts[extOf(p)]; ok {
		return true
	}
	return strings.Contains(p, "/zalaczniki/") && !strings.HasSuffix(p, "/karta")
}
