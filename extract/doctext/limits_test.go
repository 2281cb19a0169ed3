package doctext

import (
	"archive/zip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/krakow-ngo/ngosearch/model"
)

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"`

// odfWith builds an ODF zip with the given mimetype and content.xml.
func odfWith(t testing.TB, mimetype, content string) []byte {
	t.Helper()
	return zipOf(t, "mimetype", mimetype, "content.xml", content)
}

func odsWith(t testing.TB, tables string) []byte {
	return odfWith(t, "application/vnd.oasis.opendocument.spreadsheet",
		`<office:document-content `+odfNS+`><office:body><office:spreadsheet>`+tables+`</office:spreadsheet></office:body></office:document-content>`)
}

func TestReadODSRepeats(t *testing.T) {
	tests := []struct {
		name   string
		tables string
		lim    Limits
		want   [][]string
		err    error
	}{
		{
			name: "empty repeats before content are kept, trailing ones dropped",
			tables: `<table:table table:name="A">
				<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>c</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16381"/></table:table-row>
				<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
				<table:table-row><table:table-cell office:value-type="float" office:value="7"/><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell></table:table-row>
				<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
			</table:table>`,
			want: [][]string{{"", "", "c"}, {}, {}, {"7", "x", "x"}},
		},
		{
			name:   "text with spaces, tabs and two paragraphs",
			tables: `<table:table><table:table-row><table:table-cell><text:p>a<text:s text:c="3"/>b<text:tab/>c</text:p><text:p>d</text:p></table:table-cell></table:table-row></table:table>`,
			want:   [][]string{{"a   b\tc\nd"}},
		},
		{
			name: "nested table and shapes do not lose later cells",
			tables: `<table:table><table:shapes><draw:frame xmlns:draw="d"><draw:text-box><text:p>podpis</text:p></draw:text-box></draw:frame></table:shapes>
				<table:table-row><table:table-cell><text:p>a</text:p><table:table><table:table-row><table:table-cell><text:p>w</text:p></table:table-cell></table:table-row></table:table></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row>
				<table:table-row><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row></table:table>`,
			want: [][]string{{"a\nw", "b"}, {"c"}},
		},
		{
			name:   "columns beyond the format maximum are ignored",
			tables: `<table:table><table:table-row><table:table-cell table:number-columns-repeated="16384"/><table:table-cell><text:p>poza</text:p></table:table-cell></table:table-row></table:table>`,
			want:   [][]string{},
		},
		{
			name:   "repeated content over the budget",
			tables: `<table:table><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"><text:p>bomba</text:p></table:table-cell></table:table-row></table:table>`,
			err:    ErrTooLarge,
		},
		{
			name:   "text:s count over the budget",
			tables: `<table:table><table:table-row><table:table-cell><text:p>` + strings.Repeat(`<text:s text:c="1000000000"/>`, 200) + `</text:p></table:table-cell></table:table-row></table:table>`,
			lim:    Limits{MaxUnpacked: 100000},
			err:    ErrTooLarge,
		},
		{
			name:   "too many sheets",
			tables: `<table:table/><table:table/><table:table/>`,
			lim:    Limits{MaxPages: 2},
			err:    ErrTooLarge,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := odsWith(t, tc.tables)
			start := time.Now()
			got, err := Read(t.Context(), model.KindODS, body, tc.lim)
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tablesEqual([]Table{got.Tables[0]}, []Table{{Page: 1, Name: got.Tables[0].Name, Rows: tc.want}}) {
				t.Errorf("rows = %q, want %q", got.Tables[0].Rows, tc.want)
			}
		})
	}
}

func TestReadODFErrors(t *testing.T) {
	odt := "application/vnd.oasis.opendocument.text"
	tests := []struct {
		name string
		kind model.Kind
		body []byte
		lim  Limits
		want error
	}{
		{"odt billion laughs", model.KindODT, odfWith(t, odt, billionLaughs+`<office:document-content `+odfNS+`><office:body><office:text><text:p>&lol9;</text:p></office:text></office:body></office:document-content>`), Limits{}, ErrMalformed},
		{"ods billion laughs", model.KindODS, odfWith(t, "application/vnd.oasis.opendocument.spreadsheet", billionLaughs+`<office:document-content `+odfNS+`><office:body><office:spreadsheet><table:table><table:table-row><table:table-cell><text:p>&lol9;</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`), Limits{}, ErrMalformed},
		{"odt external entity", model.KindODT, odfWith(t, odt, `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><office:document-content `+odfNS+`><office:body><office:text><text:p>&xxe;</text:p></office:text></office:body></office:document-content>`), Limits{}, ErrMalformed},
		{"odt without content.xml", model.KindODT, zipOf(t, "mimetype", odt), Limits{}, ErrMalformed},
		{"odt truncated xml", model.KindODT, odfWith(t, odt, `<office:document-content `+odfNS+`><office:body><office:text><text:p>urwany`), Limits{}, ErrMalformed},
		{"odt over MaxUnpacked", model.KindODT, fixture(t, "sprawozdanie.odt"), Limits{MaxUnpacked: 3000}, ErrTooLarge},
		{"ods over MaxUnpacked", model.KindODS, fixture(t, "wyniki.ods"), Limits{MaxUnpacked: 3000}, ErrTooLarge},
		{"doc garbage", model.KindDOC, []byte("\xd0\xcf\x11\xe0 to nie jest dokument Worda"), Limits{}, ErrMalformed},
		{"doc truncated", model.KindDOC, fixture(t, "sprawozdanie.doc")[:3000], Limits{}, ErrMalformed},
		{"xls garbage", model.KindXLS, []byte("\xd0\xcf\x11\xe0 to nie jest arkusz"), Limits{}, ErrMalformed},
		{"xls too many sheets", model.KindXLS, fixture(t, "wyniki.xls"), Limits{MaxPages: 1}, ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := read(t, tc.kind, tc.body, tc.lim)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Read = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// TestReadTrustsBytes: a file whose bytes are another format than the
// caller said is read as what it is.
func TestReadTrustsBytes(t *testing.T) {
	got, err := read(t, model.KindDOC, fixture(t, "uchwala-cp1250.rtf"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Pages[0], "UCHWAŁA NR XXI/123/2020") {
		t.Errorf("RTF saved as .doc not read: %q", got.Pages[0])
	}
	got, err = read(t, model.KindDOC, fixture(t, "sprawozdanie.docx"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Tables) != 1 {
		t.Errorf("DOCX saved as .doc not read as DOCX: %d tables", len(got.Tables))
	}
}

func TestToolMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, tc := range []struct {
		kind model.Kind
		file string
		pkg  string
	}{
		{model.KindPDF, "sprawozdanie.pdf", "poppler-utils"},
		{model.KindDOC, "sprawozdanie.doc", "antiword"},
		{model.KindXLS, "wyniki.xls", "catdoc"},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			_, err := Read(t.Context(), tc.kind, fixture(t, tc.file), Limits{})
			if !errors.Is(err, ErrToolMissing) || !strings.Contains(err.Error(), "Debian package "+tc.pkg) {
				t.Errorf("err = %v, want ErrToolMissing naming %s", err, tc.pkg)
			}
		})
	}
}

func TestToolTimeoutAndCancel(t *testing.T) {
	body := fixture(t, "sprawozdanie.pdf")
	_, err := read(t, model.KindPDF, body, Limits{Timeout: time.Nanosecond})
	if !errors.Is(err, ErrTooLarge) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeout: err = %v, want ErrTooLarge and DeadlineExceeded", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = read(t, model.KindPDF, body, Limits{})
	if err != nil {
		t.Fatalf("uncancelled read failed: %v", err)
	}
	_, err = Read(ctx, model.KindPDF, body, Limits{})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTooLarge) {
		t.Errorf("cancelled: err = %v, want context.Canceled only", err)
	}
}

// TestTempFilesRemoved: tools read a temporary copy that must not outlive
// the call, whether the tool succeeds or fails.
func TestTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	for _, tc := range []struct {
		kind model.Kind
		body []byte
	}{
		{model.KindPDF, fixture(t, "sprawozdanie.pdf")},
		{model.KindPDF, fixture(t, "uciety.pdf")},
		{model.KindDOC, fixture(t, "sprawozdanie.doc")},
		{model.KindXLS, fixture(t, "wyniki.xls")},
	} {
		if _, err := read(t, tc.kind, tc.body, Limits{}); err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatal(err)
		}
	}
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// TestZipCounting: the running count stops an entry that inflates past
// the budget even when the limit is only reached across several entries.
func TestZipCounting(t *testing.T) {
	header := `<w:hdr xmlns:w="w"><w:p><w:r><w:t>` + strings.Repeat("nagłówek ", 1000) + `</w:t></w:r></w:p></w:hdr>`
	// No [Content_Types].xml: the parts are found by their usual names.
	body := zipOf(t,
		"word/document.xml", `<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>treść</w:t></w:r></w:p></w:body></w:document>`,
		"word/header1.xml", header, "word/header2.xml", header+" ", "word/footer1.xml", header+"  ")
	if _, err := Read(t.Context(), model.KindDOCX, body, Limits{}); err != nil {
		t.Fatalf("within the default budget: %v", err)
	}
	_, err := Read(t.Context(), model.KindDOCX, body, Limits{MaxUnpacked: 25000})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

// oleWith builds a minimal OLE2 compound file whose directory lists the
// given stream names: enough for Sniff and Read to tell what it holds.
func oleWith(names ...string) []byte {
	b := make([]byte, 512+128*(len(names)+1))
	copy(b, oleMagic)
	b[0x1E] = 9 // 512-byte sectors
	entry := func(i int, name string, typ byte) {
		e := b[512+128*i:]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			binary.LittleEndian.PutUint16(e[2*j:], c)
		}
		binary.LittleEndian.PutUint16(e[0x40:], uint16(2*(len(u)+1)))
		e[0x42] = typ
	}
	entry(0, "Root Entry", 5)
	for i, n := range names {
		entry(i+1, n, 2)
	}
	return b
}

func TestEncryptedOOXML(t *testing.T) {
	body := oleWith("EncryptionInfo", "EncryptedPackage")
	if k := Sniff(body, "application/octet-stream", "wyniki.xlsx"); k != model.KindXLSX {
		t.Errorf("Sniff = %q, want xlsx", k)
	}
	if k := Sniff(body, "application/octet-stream", ""); k != "" {
		t.Errorf("Sniff without a name = %q, want \"\"", k)
	}
	for _, kind := range []model.Kind{model.KindDOCX, model.KindXLSX} {
		if _, err := Read(t.Context(), kind, body, Limits{}); !errors.Is(err, ErrEncrypted) {
			t.Errorf("Read(%s) err = %v, want ErrEncrypted", kind, err)
		}
	}
	if k := Sniff(oleWith("WordDocument", "1Table"), "", ""); k != model.KindDOC {
		t.Errorf("Sniff(Word streams) = %q, want doc", k)
	}
	if k := Sniff(oleWith("Book"), "", ""); k != model.KindXLS {
		t.Errorf("Sniff(Excel 5 streams) = %q, want xls", k)
	}
	if k := Sniff(oleWith("PowerPoint Document"), "", "prezentacja.ppt"); k != "" {
		t.Errorf("Sniff(PowerPoint) = %q, want \"\"", k)
	}
}

// cancelAfter is a context whose Err turns to Canceled after n calls, to
// cancel a read in the middle deterministically.
type cancelAfter struct {
	context.Context
	n int
}

func (c *cancelAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

func TestPureGoReadersHonourCancel(t *testing.T) {
	para := `<w:p><w:r><w:t>Zażółć gęślą jaźń.</w:t></w:r></w:p>`
	docx := docxWith(t, func(zw *zip.Writer) error {
		return writeEntry(zw, "word/document.xml", `<w:document `+wordNS+`><w:body>`+strings.Repeat(para, 50000)+`</w:body></w:document>`)
	})
	rtf := []byte(`{\rtf1\ansi ` + strings.Repeat(`Za\'bf\'f3\'b3\'e6 g\'ea\'9cl\'b9 ja\'9f\'f1.\par `, 20000) + `}`)
	for _, tc := range []struct {
		kind model.Kind
		body []byte
	}{{model.KindDOCX, docx}, {model.KindRTF, rtf}} {
		t.Run(string(tc.kind), func(t *testing.T) {
			if _, err := Read(t.Context(), tc.kind, tc.body, Limits{}); err != nil {
				t.Fatalf("uncancelled: %v", err)
			}
			_, err := Read(&cancelAfter{Context: t.Context(), n: 3}, tc.kind, tc.body, Limits{})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
		})
	}
}

// TestReadConcurrent backs the claim that Read is safe for concurrent
// use (run with -race): every fixture read by several goroutines at once
// gives the same text as a lone read.
func TestReadConcurrent(t *testing.T) {
	type job struct {
		kind model.Kind
		body []byte
		want string
	}
	var jobs []job
	for _, tc := range goldenCases {
		body := fixture(t, tc.file)
		got, err := read(t, tc.kind, body, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, job{tc.kind, body, strings.Join(got.Pages, "\f")})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(jobs))
	for range 4 {
		for _, j := range jobs {
			wg.Go(func() {
				got, err := Read(t.Context(), j.kind, j.body, Limits{})
				switch {
				case err != nil:
					errs <- err
				case strings.Join(got.Pages, "\f") != j.want:
					errs <- fmt.Errorf("%s: text differs under concurrency", j.kind)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
