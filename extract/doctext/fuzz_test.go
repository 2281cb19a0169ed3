package doctext

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"unicode/utf8"

	"github.com/krakow-ngo/ngosearch/model"
)

// fuzzLimits keep a fuzz iteration cheap.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxUnpacked: 4 << 20, MaxPages: 50}.withDefaults()

// storedZip packs entries without compression, so the fuzzer's mutations
// land in the XML instead of breaking the deflate stream.
func storedZip(t testing.TB, entries ...[]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: string(entries[i]), Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(entries[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// entry returns one entry of a zip fixture.
func entry(t testing.TB, file, name string) []byte {
	t.Helper()
	b := fixture(t, file)
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := r.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	out, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkText fails on the invariants every successful read keeps, and on
// errors outside the package's sentinels.
func checkText(t *testing.T, what string, got *Text, err error) {
	t.Helper()
	if err != nil {
		if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrEncrypted) {
			t.Fatalf("%s: error outside the sentinels: %v", what, err)
		}
		return
	}
	if got == nil || len(got.Pages) == 0 && len(got.Tables) == 0 && what != "ods" {
		t.Fatalf("%s: nil text without error", what)
	}
	for i, p := range got.Pages {
		if !utf8.ValidString(p) {
			t.Fatalf("%s: page %d is not UTF-8: %q", what, i+1, p)
		}
	}
	if !utf8.ValidString(got.Title) {
		t.Fatalf("%s: title is not UTF-8: %q", what, got.Title)
	}
}

// FuzzReadZipFormats feeds DOCX, ODT and ODS readers. Input that is a zip
// is read as each format; anything else is wrapped as each format's main
// XML part, which is where the parsers do their work. The readers are
// called directly: Read's recover would hide a panic from the fuzzer.
func FuzzReadZipFormats(f *testing.F) {
	for _, file := range []string{"sprawozdanie.docx", "sprawozdanie.odt", "wyniki.ods"} {
		f.Add(fixture(f, file))
	}
	f.Add(entry(f, "sprawozdanie.docx", "word/document.xml"))
	f.Add(entry(f, "sprawozdanie.docx", "word/footnotes.xml"))
	f.Add(entry(f, "sprawozdanie.docx", "word/numbering.xml"))
	f.Add(entry(f, "sprawozdanie.odt", "content.xml"))
	f.Add(entry(f, "sprawozdanie.odt", "styles.xml"))
	f.Add(entry(f, "wyniki.ods", "content.xml"))
	f.Add([]byte(billionLaughs + `<a>&lol9;</a>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		docx, odt, ods := data, data, data
		if !isZip(data) {
			docx = storedZip(t, []byte("word/document.xml"), data, []byte("word/header1.xml"), data,
				[]byte("word/numbering.xml"), data, []byte("word/styles.xml"), data, []byte("docProps/core.xml"), data)
			odt = storedZip(t, []byte("content.xml"), data, []byte("styles.xml"), data, []byte("meta.xml"), data)
			ods = storedZip(t, []byte("content.xml"), data)
		}
		got, err := readDOCX(context.Background(), docx, fuzzLimits)
		checkText(t, "docx", got, err)
		got, err = readODT(context.Background(), odt, fuzzLimits)
		checkText(t, "odt", got, err)
		got, err = readODS(context.Background(), ods, fuzzLimits)
		checkText(t, "ods", got, err)
	})
}

func FuzzRTF(f *testing.F) {
	f.Add(fixture(f, "sprawozdanie.rtf"))
	f.Add(fixture(f, "uchwala-cp1250.rtf"))
	f.Add([]byte(`{\rtf1\ansi\uc2\u-10179??\u-8704??{\*\ud x}\bin3 abc\'zz}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := readRTF(context.Background(), data, fuzzLimits)
		checkText(t, "rtf", got, err)
		if err == nil && len(got.Pages) != 1 {
			t.Fatalf("rtf: %d pages, want 1", len(got.Pages))
		}
	})
}

func FuzzSniff(f *testing.F) {
	for _, file := range []string{"sprawozdanie.pdf", "sprawozdanie.docx", "sprawozdanie.odt", "sprawozdanie.doc", "sprawozdanie.rtf", "wyniki.xls", "wyniki.xlsx", "wyniki.ods"} {
		b := fixture(f, file)
		f.Add(b[:min(len(b), 4096)], "application/octet-stream", `attachment; filename="`+file+`"`)
	}
	f.Add([]byte("<html>"), "text/html; charset=utf-8", "")
	f.Fuzz(func(t *testing.T, body []byte, contentType, filename string) {
		k := Sniff(body, contentType, filename)
		if k != "" && (!k.Valid() || k == model.KindHTML) {
			t.Fatalf("Sniff = %q", k)
		}
	})
}

// FuzzOLESummary feeds the compound-file and property-set reader behind
// DOC and XLS metadata, encryption checks and OLE2 sniffing.
func FuzzOLESummary(f *testing.F) {
	f.Add(fixture(f, "sprawozdanie.doc"))
	f.Add(fixture(f, "wyniki.xls"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got Text
		oleSummary(data, &got)
		xlsEncrypted(data)
		scanOLE(data)
		if !utf8.ValidString(got.Title) {
			t.Fatalf("title is not UTF-8: %q", got.Title)
		}
	})
}
