package doctext

import (
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

// BenchmarkRead measures one document per format; PDF includes the two
// pdftotext runs and pdfinfo (process start dominates small files).
func BenchmarkRead(b *testing.B) {
	for _, bc := range []struct {
		name string
		kind model.Kind
		file string
	}{
		{"pdf", model.KindPDF, "sprawozdanie.pdf"},
		{"docx", model.KindDOCX, "sprawozdanie.docx"},
		{"odt", model.KindODT, "sprawozdanie.odt"},
		{"xlsx", model.KindXLSX, "wyniki.xlsx"},
		{"rtf", model.KindRTF, "uchwala-cp1250.rtf"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			body := fixture(b, bc.file)
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := read(b, bc.kind, body, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
