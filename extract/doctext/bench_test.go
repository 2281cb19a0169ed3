package doctext

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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

// BenchmarkReadLarge measures throughput on generated files of a size
// the city publishes now and then (a year of grants in one sheet).
func BenchmarkReadLarge(b *testing.B) {
	b.Run("xlsx/cells=250000", func(b *testing.B) {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		for r := 1; r <= 50000; r++ {
			cell, err := excelize.CoordinatesToCellName(1, r)
			if err != nil {
				b.Fatal(err)
			}
			if err := sw.SetRow(cell, []any{"Fundacja Łąka", 12500.5 + float64(r), r, "Kraków", 0.25}); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			b.Fatal(err)
		}
		benchRead(b, model.KindXLSX, buf.Bytes())
	})
	b.Run("docx/paragraphs=20000", func(b *testing.B) {
		body := docxWith(b, func(zw *zip.Writer) error {
			para := `<w:p><w:r><w:t>Zażółć gęślą jaźń – sprawozdanie z realizacji zadania publicznego.</w:t></w:r></w:p>`
			return writeEntry(zw, "word/document.xml", `<w:document `+wordNS+`><w:body>`+strings.Repeat(para, 20000)+`</w:body></w:document>`)
		})
		benchRead(b, model.KindDOCX, body)
	})
}

func benchRead(b *testing.B, kind model.Kind, body []byte) {
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Read(b.Context(), kind, body, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
