package extract

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Charset names as decodeHTML reports them.
const (
	csUTF8    = "utf-8"
	cs1250    = "windows-1250"
	cs88592   = "iso-8859-2"
	csUTF16LE = "utf-16le"
	csUTF16BE = "utf-16be"
)

// decodeHTML returns body as UTF-8 and the name of the charset it was read
// in. The order is the HTML standard's (BOM, HTTP header, <meta>) with two
// departures for Polish sites: with no declaration, bytes that are not valid
// UTF-8 are read as Windows-1250 or ISO-8859-2, whichever their Polish
// letters fit (never windows-1252, which x/net/html/charset would assume);
// a page declared windows-1252/ISO-8859-1 or UTF-8 whose bytes plainly are
// one of the Central European code pages is read as that code page; and a
// page declared in any single-byte code page whose bytes are valid UTF-8
// spelling Polish letters is read as UTF-8.
func decodeHTML(body []byte, contentType string) (string, string) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return toValidUTF8(body[3:]), csUTF8
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), body[2:]), csUTF16LE
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), body[2:]), csUTF16BE
	}
	label := headerCharset(contentType)
	if label == "" {
		label = metaCharset(body)
	}
	name := ""
	var enc encoding.Encoding
	if label != "" {
		enc, name = charset.Lookup(label)
	}
	switch {
	case enc == nil: // nothing (usable) declared
		if utf8.Valid(body) {
			return string(body), csUTF8
		}
		return guessCentralEuropean(body)
	case name == csUTF8 || strings.HasPrefix(name, "utf-16"):
		// A meta tag claiming UTF-16 in a byte-oriented document is a lie
		// the standard says to read as UTF-8.
		if utf8.Valid(body) || hasUTF8Polish(body) {
			return toValidUTF8(body), csUTF8
		}
		return guessCentralEuropean(body)
	case utf8.Valid(body) && hasUTF8Polish(body):
		// Declared as a single-byte code page, but the bytes are UTF-8 with
		// Polish letters in it: a template changed, the header did not.
		return string(body), csUTF8
	case name == "windows-1252" || name == "iso-8859-1" || name == "us-ascii":
		if utf8.Valid(body) {
			// Pure ASCII reads the same either way; real UTF-8 under a
			// Latin-1 label is a misconfigured server.
			return string(body), csUTF8
		}
		if s, cs := guessCentralEuropean(body); polishScore(s) > polishScore(decodeWith(charmap.Windows1252, body)) {
			return s, cs
		}
	}
	return decodeWith(enc, body), name
}

// headerCharset returns the charset parameter of an HTTP Content-Type.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Servers write "text/html; charset=windows-1250;" and worse.
		// Lowercase ASCII only: strings.ToLower would turn invalid bytes into
		// 3-byte U+FFFD and shift the index off the original string.
		i := strings.Index(asciiLower(contentType), "charset=")
		if i < 0 {
			return ""
		}
		v := contentType[i+len("charset="):]
		if j := strings.IndexAny(v, "; "); j >= 0 {
			v = v[:j]
		}
		return strings.Trim(v, `"'`)
	}
	return params["charset"]
}

// asciiLower lowercases A-Z and keeps every other byte, so indexes into
// the result are indexes into s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// metaCharset finds <meta charset> or <meta http-equiv="Content-Type"
// content="...; charset=..."> in the first 4 KiB, the window the HTML
// standard's prescan uses generously.
func metaCharset(body []byte) string {
	if len(body) > 4096 {
		body = body[:4096]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var cs, httpEquiv, content string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if cs != "" {
				return strings.TrimSpace(cs)
			}
			if httpEquiv == "content-type" {
				if c := headerCharset(content); c != "" {
					return c
				}
			}
		}
	}
}

// The bytes of ą ś ź Ą Ś Ź, the Polish letters at different code points in
// the two Central European code pages (ć ę ł ń ó ż and their capitals sit at
// the same place in both). Bytes 0x80-0x9F are C1 controls in ISO-8859-2 but
// punctuation („ ” – —) in Windows-1250, so they count for 1250 too.
func only1250(c byte) bool {
	switch c {
	case 0xB9, 0xA5, 0x9C, 0x8C, 0x9F, 0x8F:
		return true
	}
	return c >= 0x80 && c <= 0x9F
}

func only88592(c byte) bool {
	switch c {
	case 0xB1, 0xA1, 0xB6, 0xA6, 0xBC, 0xAC:
		return true
	}
	return false
}

// guessCentralEuropean decodes bytes that are not UTF-8 as Windows-1250 or
// ISO-8859-2 by counting the bytes that only make Polish letters (or
// punctuation) in one of them. A tie (no distinguishing byte) is read as
// Windows-1250: the Polish letters then decode the same either way.
func guessCentralEuropean(body []byte) (string, string) {
	var w, iso int
	for _, c := range body {
		switch {
		case only1250(c):
			w++
		case only88592(c):
			iso++
		}
	}
	if iso > w {
		return decodeWith(charmap.ISO8859_2, body), cs88592
	}
	return decodeWith(charmap.Windows1250, body), cs1250
}

// polishScore counts Polish letters other than ó (which Latin-1 has too).
func polishScore(s string) int {
	n := 0
	for _, r := range s {
		if strings.ContainsRune("ąćęłńśźżĄĆĘŁŃŚŹŻ", r) {
			n++
		}
	}
	return n
}

// hasUTF8Polish reports whether body holds at least one Polish letter
// encoded as UTF-8: then stray invalid bytes are damage, not another
// charset.
func hasUTF8Polish(body []byte) bool {
	for len(body) > 0 {
		r, size := utf8.DecodeRune(body)
		if size > 1 && r != utf8.RuneError && strings.ContainsRune("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", r) {
			return true
		}
		body = body[size:]
	}
	return false
}

func decodeWith(enc encoding.Encoding, body []byte) string {
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		// Single-byte decoders never fail; UTF-16 with an odd tail may.
		return toValidUTF8(body)
	}
	return toValidUTF8(out)
}

func toValidUTF8(b []byte) string {
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
