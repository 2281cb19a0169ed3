package extract

import (
	"mime"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

var dispositionRes = sync.OnceValue(func() [2]*regexp.Regexp {
	return [2]*regexp.Regexp{
		regexp.MustCompile(`(?i)filename\*\s*=\s*([^';\s]*)'[^']*'("[^"]*"|[^;\s]+)`),
		regexp.MustCompile(`(?i)filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]+)`),
	}
})

// dispositionFilename returns the filename a Content-Disposition header
// names, as UTF-8, without any directory part. It prefers the RFC 6266 /
// RFC 5987 form filename*=UTF-8”..., reads quoted and bare forms, and
// repairs what servers do in practice: raw UTF-8 or Windows-1250 bytes in
// the quoted name, and percent-encoding in the plain filename parameter.
func dispositionFilename(h string) string {
	if h == "" {
		return ""
	}
	var name string
	if _, params, err := mime.ParseMediaType(h); err == nil {
		// mime merges filename* (UTF-8 and US-ASCII only) into "filename".
		name = params["filename"]
	}
	if name == "" {
		res := dispositionRes()
		if m := res[0].FindStringSubmatch(h); m != nil {
			v := strings.Trim(m[2], `"`)
			if dec, err := url.PathUnescape(v); err == nil {
				name = decodeLabelled(strings.ToLower(m[1]), dec)
			}
		}
		if name == "" {
			if m := res[1].FindStringSubmatch(h); m != nil {
				v := strings.TrimSpace(m[1])
				if strings.HasPrefix(v, `"`) {
					v = strings.TrimSuffix(strings.TrimPrefix(v, `"`), `"`)
					v = strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(v)
				}
				name = v
			}
		}
	}
	if strings.Contains(name, "%") {
		if dec, err := url.PathUnescape(name); err == nil && utf8.ValidString(dec) {
			name = dec
		}
	}
	if !utf8.ValidString(name) {
		name, _ = guessCentralEuropean([]byte(name))
	}
	name = strings.ReplaceAll(name, `\`, "/")
	name = strings.TrimSpace(path.Base(name))
	if name == "." || name == "/" {
		return ""
	}
	return name
}

// decodeLabelled decodes s from the named charset (RFC 5987 allows any).
func decodeLabelled(label, s string) string {
	if label == "" || label == "utf-8" || label == "us-ascii" {
		return s
	}
	enc, _ := charset.Lookup(label)
	if enc == nil {
		return s
	}
	out, err := enc.NewDecoder().String(s)
	if err != nil {
		return s
	}
	return out
}
