package crawler

import "testing"

func TestHTMLCharset(t *testing.T) {
	tests := []struct {
		name, ct, body, want string
	}{
		{"declared in header", "text/html; charset=iso-8859-2", "\xb1", ""},
		{"not html", "application/pdf", "%PDF", ""},
		{"meta", "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=windows-1250"><p>\xb9`, "windows-1250"},
		{"meta charset iso", "text/html", `<meta charset="ISO-8859-2"><p>\xb1`, "iso-8859-2"},
		{"utf-8 bytes", "text/html", "<p>Zażółć gęślą jaźń", "utf-8"},
		{"ascii", "text/html", "<p>plain", "utf-8"},
		{"cp1250 undeclared", "text/html", "<p>Urz\xb9d Miasta Krakowa, \x9cwietlica, \x8cl\xb9sk", "windows-1250"},
		{"iso-8859-2 undeclared", "text/html", "<p>Urz\xb1d Miasta Krakowa, \xb6wietlica, \xa6l\xb1sk", "iso-8859-2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := htmlCharset(tc.ct, []byte(tc.body)); got != tc.want {
				t.Errorf("htmlCharset = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		name, ct, disposition, body, path, want string
	}{
		{"html", "text/html; charset=utf-8", "", "", "/", "html"},
		{"pdf by type", "application/pdf", "", "", "/x", "pdf"},
		{"octet-stream with filename", "application/octet-stream", `attachment; filename="wyniki.XLSX"`, "", "/zalaczniki/1", "xlsx"},
		{"octet-stream by path", "application/octet-stream", "", "", "/files/a.odt", "odt"},
		{"sloppy disposition", "application/octet-stream", `attachment; filename=plik z spacją.doc`, "", "/z", "doc"},
		{"no type, sniffed pdf", "", "", "%PDF-1.4 ...", "/z", "pdf"},
		{"no type, sniffed html", "", "", "<!DOCTYPE html><p>x", "/z", "html"},
		{"image", "image/png", "", "", "/a.png", "media"},
		{"docx type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "", "", "/d", "docx"},
		{"rtf", "text/rtf", "", "", "/d", "rtf"},
		{"sitemap", "application/xml", "", "", "/sitemap.xml", "xml"},
		{"unknown", "application/x-whatever", "", "", "/d", "other"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string][]string{}
			if tc.ct != "" {
				h["Content-Type"] = []string{tc.ct}
			}
			if tc.disposition != "" {
				h["Content-Disposition"] = []string{tc.disposition}
			}
			if got := kindOf(h, []byte(tc.body), tc.path); got != tc.want {
				t.Errorf("kindOf = %q, want %q", got, tc.want)
			}
		})
	}
}
