package doctext

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

func zipOf(t testing.TB, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		if err := writeEntry(zw, entries[i], entries[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSniff(t *testing.T) {
	const octet = "application/octet-stream"
	pdf := fixture(t, "sprawozdanie.pdf")
	docx := fixture(t, "sprawozdanie.docx")
	xlsx := fixture(t, "wyniki.xlsx")
	tests := []struct {
		name        string
		body        []byte
		contentType string
		filename    string
		want        model.Kind
	}{
		{"pdf octet-stream", pdf, octet, `attachment; filename="wyniki_konkursu_2020.pdf"`, model.KindPDF},
		{"pdf named xls", pdf, octet, "wyniki.xls", model.KindPDF},
		{"pdf with junk before header", append([]byte("\r\n\x00junk"), pdf...), "", "", model.KindPDF},
		{"docx octet-stream no name", docx, octet, "", model.KindDOCX},
		{"docx named doc", docx, "application/msword", "stary.doc", model.KindDOCX},
		{"xlsx", xlsx, octet, "", model.KindXLSX},
		{"doc by WordDocument stream", fixture(t, "sprawozdanie.doc"), octet, "", model.KindDOC},
		{"doc named xls", fixture(t, "sprawozdanie.doc"), "application/vnd.ms-excel", "wyniki.xls", model.KindDOC},
		{"xls by Workbook stream", fixture(t, "wyniki.xls"), octet, "wyniki.doc", model.KindXLS},
		{"doc cut short, named", fixture(t, "sprawozdanie.doc")[:4096], octet, "uchwala.doc", model.KindDOC},
		{"doc cut short, unnamed", fixture(t, "sprawozdanie.doc")[:4096], octet, "", ""},
		{"odt by mimetype entry", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<x/>"), octet, "", model.KindODT},
		{"ods by mimetype entry", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet"), octet, "", model.KindODS},
		{"odp not read", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.presentation"), octet, "x.odp", ""},
		{"docx without content types", zipOf(t, "word/document.xml", "<w:document/>"), octet, "", model.KindDOCX},
		{"zip of other things", zipOf(t, "skan1.jpg", "xx", "skan2.jpg", "yy"), "application/zip", "wyniki.docx", ""},
		{"rtf", []byte(`{\rtf1\ansi\ansicpg1250 Za\'bf\'f3\'b3\'e6}`), octet, "uchwala.doc", model.KindRTF},
		{"rtf after BOM and newline", []byte("\xef\xbb\xbf\r\n{\\rtf1 x}"), octet, "", model.KindRTF},
		{"html error page named pdf", []byte("<!DOCTYPE html><html><head><title>Błąd 404</title></head><body>Nie znaleziono</body></html>"), "text/html; charset=utf-8", "wyniki.pdf", ""},
		{"html", []byte("<html><body><p>Aktualności</p></body></html>"), "text/html", "", ""},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), octet, "skan.pdf", ""},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg", "", ""},
		{"unknown bytes, content type", []byte("\x01\x02\x03binary"), "application/vnd.ms-excel", "", model.KindXLS},
		{"unknown bytes, filename", []byte("\x01\x02\x03binary"), octet, `attachment; filename="Wyniki.ODS"`, model.KindODS},
		{"unknown bytes, RFC 2231 filename", []byte("\x01\x02\x03binary"), octet, `attachment; filename*=UTF-8''sprawozdanie%20za%202019.docx`, model.KindDOCX},
		{"unknown bytes, URL path", []byte("\x01\x02\x03binary"), "", "/zalaczniki/uchwala.rtf?x=1", model.KindRTF},
		{"plain text, no hints", []byte("Zwykły tekst."), "text/plain", "", ""},
		{"empty", nil, "application/pdf", "a.pdf", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff(tc.body, tc.contentType, tc.filename); got != tc.want {
				t.Errorf("Sniff = %q, want %q", got, tc.want)
			}
		})
	}
}
