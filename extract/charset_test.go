package extract

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func TestDecodeHTML(t *testing.T) {
	const polish = "Zażółć gęślą jaźń. ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż – „cudzysłów”"
	const plain = "Zażółć gęślą jaźń. ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż"
	enc := func(e *charmap.Charmap, s string) []byte {
		b, err := e.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	w1250 := enc(charmap.Windows1250, polish)
	iso := enc(charmap.ISO8859_2, plain)
	tests := []struct {
		name, contentType string
		body              []byte
		want, wantCS      string
	}{
		{"utf-8 undeclared", "", []byte(polish), polish, csUTF8},
		{"utf-8 BOM", "text/html; charset=windows-1250", append([]byte{0xEF, 0xBB, 0xBF}, polish...), polish, csUTF8},
		{"1250 undeclared", "text/html", w1250, polish, cs1250},
		{"8859-2 undeclared", "", iso, plain, cs88592},
		{"8859-2 in header", "text/html; charset=ISO-8859-2", iso, plain, cs88592},
		{"header charset quoted", `text/html; charset="windows-1250"`, w1250, polish, cs1250},
		{"header beats meta", "text/html; charset=iso-8859-2", append([]byte(`<meta charset="windows-1250">`), iso...), `<meta charset="windows-1250">` + plain, cs88592},
		{"meta charset", "text/html", append([]byte(`<meta charset="windows-1250">`), w1250...), `<meta charset="windows-1250">` + polish, cs1250},
		{"meta http-equiv", "", append([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">`), iso...), `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">` + plain, cs88592},
		{"declared 1252 but Polish 8859-2", "text/html; charset=windows-1252", iso, plain, cs88592},
		{"declared latin1 but 1250", "text/html; charset=iso-8859-1", w1250, polish, cs1250},
		{"declared utf-8 but 1250", "text/html; charset=utf-8", w1250, polish, cs1250},
		{"utf-8 with one bad byte", "text/html; charset=utf-8", append([]byte(polish), 0xFF), polish + "\uFFFD", csUTF8},
		{"utf-16le BOM", "", []byte{0xFF, 0xFE, 'a', 0, 0x05, 0x01}, "aą", csUTF16LE},
		{"unknown label falls back to sniffing", "text/html; charset=x-bogus", w1250, polish, cs1250},
		{"utf-8 declared 1250", "text/html; charset=windows-1250", []byte(polish), polish, csUTF8},
		{"utf-8 declared 8859-2 in meta", "", append([]byte(`<meta charset="iso-8859-2">`), polish...), `<meta charset="iso-8859-2">` + polish, csUTF8},
		{"ascii declared 1252", "text/html; charset=windows-1252", []byte("plain ASCII"), "plain ASCII", csUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs := decodeHTML(tt.body, tt.contentType)
			if got != tt.want || cs != tt.wantCS {
				t.Errorf("decodeHTML = %q (%s), want %q (%s)", got, cs, tt.want, tt.wantCS)
			}
		})
	}
}

func TestDispositionFilename(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"quoted", `attachment; filename="wyniki_konkursu_2020.pdf"`, "wyniki_konkursu_2020.pdf"},
		{"bare", `attachment; filename=wyniki.pdf`, "wyniki.pdf"},
		{"rfc 5987 utf-8", `attachment; filename*=UTF-8''sprawozdanie%20z%20realizacji%20%C5%BC%C3%B3%C5%82%C4%87.pdf`, "sprawozdanie z realizacji żółć.pdf"},
		{"both forms prefer star", `attachment; filename="sprawozdanie.pdf"; filename*=UTF-8''sprawozdanie_%C5%9Bl%C4%85sk.pdf`, "sprawozdanie_śląsk.pdf"},
		{"rfc 5987 iso-8859-2", `attachment; filename*=iso-8859-2''%B1%B6%BC.pdf`, "ąśź.pdf"},
		{"raw utf-8 in quotes", "attachment; filename=\"wyniki_świąteczne.xlsx\"", "wyniki_świąteczne.xlsx"},
		{"raw 1250 bytes in quotes", "attachment; filename=\"wyniki_\xb9\x9c.doc\"", "wyniki_ąś.doc"},
		{"percent in plain filename", `attachment; filename="og%C5%82oszenie.pdf"`, "ogłoszenie.pdf"},
		{"path stripped", `attachment; filename="C:\dokumenty\plik.pdf"`, "plik.pdf"},
		{"unix path stripped", `attachment; filename="../../etc/passwd"`, "passwd"},
		{"inline", `inline; filename="a.pdf"`, "a.pdf"},
		{"malformed trailing semicolon", `attachment; filename="x.pdf";;`, "x.pdf"},
		{"none", `attachment`, ""},
		{"empty", ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dispositionFilename(tt.in); got != tt.want {
				t.Errorf("dispositionFilename(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCaseFoldingKeepsIndexes: lowercasing that changes byte length (the
// Kelvin sign, invalid bytes) must not shift indexes used on the original.
func TestCaseFoldingKeepsIndexes(t *testing.T) {
	if got := headerCharset("\x80ChArset="); got != "" {
		t.Errorf("headerCharset = %q", got)
	}
	if got := headerCharset("text/html; \u212a\u212aCHARSET=windows-1250;;"); got != "windows-1250" {
		t.Errorf("headerCharset = %q, want windows-1250", got)
	}
	in := "\u212a\u212a\u212a<TITLE>Sprawozdanie\n<p>treść"
	if got := closeTitle(in); got != "\u212a\u212a\u212a<TITLE>Sprawozdanie</title>\n<p>treść" {
		t.Errorf("closeTitle = %q", got)
	}
}
