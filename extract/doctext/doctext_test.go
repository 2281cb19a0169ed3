package doctext

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// read calls Read and turns a missing Debian tool into a failure that
// names the package, or a skip when NGOSEARCH_ALLOW_MISSING_TOOLS=1.
func read(t testing.TB, kind model.Kind, body []byte, lim Limits) (*Text, error) {
	t.Helper()
	got, err := Read(context.Background(), kind, body, lim)
	if errors.Is(err, ErrToolMissing) {
		if os.Getenv("NGOSEARCH_ALLOW_MISSING_TOOLS") == "1" {
			t.Skipf("skipping: %v", err)
		}
		t.Fatalf("%v (CI installs poppler-utils, antiword and catdoc; set NGOSEARCH_ALLOW_MISSING_TOOLS=1 to skip)", err)
	}
	return got, err
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// goldenCases are the fixtures made by testdata/make.sh, one per format.
var goldenCases = []struct {
	file string
	kind model.Kind
	// want are strings that must appear in Pages[page-1], beyond the
	// golden comparison, so a wrong golden file cannot hide a regression.
	want map[int][]string
}{
	{"sprawozdanie.pdf", model.KindPDF, map[int][]string{
		1: {"Zażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ.", "Stowarzyszenie Śląskie Źródło", "12 500,00 zł", "Przypis: dane Wydziału"},
		2: {"Strona druga: Ńuńczyk i Ósemka z Łodzi.", "§ 1. Przyjmuje się sprawozdanie.\n1) część pierwsza,\n2) część druga.\n§ 2. Uchwała"},
	}},
	{"uszkodzony.pdf", model.KindPDF, map[int][]string{1: {"Zażółć gęślą jaźń"}, 2: {"Ósemka z Łodzi"}}},
	{"zabezpieczony.pdf", model.KindPDF, map[int][]string{1: {"Zażółć gęślą jaźń"}, 2: {"Ósemka z Łodzi"}}},
	{"sprawozdanie.docx", model.KindDOCX, map[int][]string{1: {
		"Sprawozdanie ze współpracy miasta z NGO w roku 2019\nZażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ.\n",
		"Kolumna A\tKolumna B\nNowa linia po złamaniu.",
		"Wspieranie międzysektorowej współpracy.",
		"Stowarzyszenie Śląskie Źródło\tPomoc seniorom\t12 500,00 zł",
		"Strona druga: Ńuńczyk i Ósemka z Łodzi.\n§ 1. Przyjmuje się sprawozdanie.\n1) część pierwsza,\n2) część druga.\n§ 2. Uchwała",
		"Przypis: dane Wydziału Polityki Społecznej.",
		"Urząd Miasta Krakowa – Wydział Polityki Społecznej i Zdrowia",
		"Stopka: Gmina Miejska Kraków, pl. Wszystkich Świętych 3-4",
	}}},
	{"sprawozdanie.odt", model.KindODT, map[int][]string{1: {
		"Sprawozdanie ze współpracy miasta z NGO w roku 2019\nZażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ.\n",
		"Kraków współpracuje z organizacjami pozarządowymi na zasadzie współpracy finansowej.",
		"Kolumna A\tKolumna B\nNowa linia po złamaniu.",
		"Wspieranie międzysektorowej współpracy.",
		"Stowarzyszenie Śląskie Źródło\tPomoc seniorom\t12 500,00 zł",
		"Strona druga: Ńuńczyk i Ósemka z Łodzi.\n§ 1. Przyjmuje się sprawozdanie.\n1) część pierwsza,\n2) część druga.\n§ 2. Uchwała",
		"Przypis: dane Wydziału Polityki Społecznej.",
		"Urząd Miasta Krakowa – Wydział Polityki Społecznej i Zdrowia",
		"Stopka: Gmina Miejska Kraków, pl. Wszystkich Świętych 3-4",
	}}},
	{"wyniki.ods", model.KindODS, map[int][]string{
		1: {"Stowarzyszenie Śląskie Źródło\tPomoc seniorom\t12 500,00 zł", "Razem\t\t19 800,50 zł"},
		2: {"Komisja: ŻÓŁTA GĘŚ\ttak\ttak", "Data rozstrzygnięcia\t10.06.2020\t0.5"},
	}},
	{"sprawozdanie.doc", model.KindDOC, map[int][]string{1: {
		"Sprawozdanie ze współpracy miasta z NGO w roku 2019\n\nZażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ.\n",
		"Kraków współpracuje z organizacjami pozarządowymi[1] na zasadzie współpracy finansowej.",
		"Kolumna A\tKolumna B\nNowa linia po złamaniu.",
		"Wspieranie międzysektorowej współpracy.",
		"Stowarzyszenie Śląskie Źródło\tPomoc seniorom\t12 500,00 zł",
		"Strona druga: Ńuńczyk i Ósemka z Łodzi.",
		"Przypis: dane Wydziału Polityki Społecznej.",
	}}},
	{"sprawozdanie.rtf", model.KindRTF, map[int][]string{1: {
		"Sprawozdanie ze współpracy miasta z NGO w roku 2019\nZażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ.\n",
		"Kolumna A\tKolumna B\nNowa linia po złamaniu.",
		"Wspieranie międzysektorowej współpracy.",
		"Stowarzyszenie Śląskie Źródło\tPomoc seniorom\t12 500,00 zł",
		"Strona druga: Ńuńczyk i Ósemka z Łodzi.\n§ 1.\tPrzyjmuje się sprawozdanie.\n1)\tczęść pierwsza,\n2)\tczęść druga.\n§ 2.\tUchwała",
		"Urząd Miasta Krakowa – Wydział Polityki Społecznej i Zdrowia",
	}}},
	{"uchwala-cp1250.rtf", model.KindRTF, map[int][]string{1: {
		"UCHWAŁA NR XXI/123/2020\nRady Miasta Krakowa z dnia 10 czerwca 2020 r. w sprawie programu współpracy z organizacjami pozarządowymi.\n",
		"Zażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ.",
		"Święty Łukasz i Żaneta {klamry}\tpo tabulatorze\nnowa linia, cudzysłów “cytat”, międzysektorowy.",
		"Organizacja\tKwota\nFundacja Łąka\t12 500,00 zł\nPo tabeli: koniec.\nwww.bip.krakow.pl\nEmoji 😀 i  symbol.",
		"Treść przypisu o dotacjach.",
		"Biuletyn Informacji Publicznej – Kraków",
	}}},
	{"wyniki.xls", model.KindXLS, map[int][]string{
		1: {"Stowarzyszenie Śląskie Źródło\tPomoc seniorom\t12500", "Razem\t\t19800.5"},
		2: {"Komisja: ŻÓŁTA GĘŚ\ttak\ttak", "Data rozstrzygnięcia\t43992\t0.5"},
	}},
	{"wyniki.xlsx", model.KindXLSX, map[int][]string{
		1: {"Stowarzyszenie Śląskie Źródło\tPomoc seniorom\t12 500,00 zł", "Razem\t\t19 800,50 zł"},
		2: {"Komisja: ŻÓŁTA GĘŚ\ttak\ttak", "Data rozstrzygnięcia\t10.06.2020\t0,5"},
	}},
}

func TestReadGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.file, func(t *testing.T) {
			got, err := read(t, tc.kind, fixture(t, tc.file), Limits{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			for page, wants := range tc.want {
				if page > len(got.Pages) {
					t.Fatalf("want page %d, got %d pages", page, len(got.Pages))
				}
				for _, w := range wants {
					if !strings.Contains(got.Pages[page-1], w) {
						t.Errorf("page %d lacks %q; page text:\n%s", page, w, got.Pages[page-1])
					}
				}
			}
			gotJSON, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			gotJSON = append(gotJSON, '\n')
			golden := filepath.Join("testdata", strings.TrimSuffix(tc.file, filepath.Ext(tc.file))+"."+string(tc.kind)+".golden.json")
			if *update {
				if err := os.WriteFile(golden, gotJSON, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./extract/doctext -update)", err)
			}
			if !bytes.Equal(gotJSON, want) {
				t.Errorf("Read(%s) differs from %s (-update to accept):\ngot:\n%s", tc.file, golden, gotJSON)
			}
		})
	}
}

func TestReadPDFPages(t *testing.T) {
	got, err := read(t, model.KindPDF, fixture(t, "sprawozdanie.pdf"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pages) != 2 || len(got.Layout) != 2 {
		t.Fatalf("got %d pages, %d layout pages, want 2 and 2", len(got.Pages), len(got.Layout))
	}
	if strings.Contains(got.Pages[0], "Strona druga") || !strings.Contains(got.Pages[1], "Strona druga") {
		t.Errorf("page 2 text not on page 2:\npage 1: %q\npage 2: %q", got.Pages[0], got.Pages[1])
	}
	// -layout keeps the table's columns on one line.
	if !strings.Contains(got.Layout[0], "Stowarzyszenie Śląskie Źródło") || !containsLineWith(got.Layout[0], "Fundacja Łączy Nas Ćma", "7 300,50 zł") {
		t.Errorf("layout page 1 does not keep the table row on one line:\n%s", got.Layout[0])
	}
	if got.Title != "Sprawozdanie ze współpracy z organizacjami pozarządowymi za 2019 rok" {
		t.Errorf("Title = %q", got.Title)
	}
	if got.Created.IsZero() {
		t.Errorf("Created is zero")
	}
}

func containsLineWith(text string, parts ...string) bool {
	for line := range strings.Lines(text) {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return true
		}
	}
	return false
}

func TestReadDOCXMetadataAndTables(t *testing.T) {
	got, err := read(t, model.KindDOCX, fixture(t, "sprawozdanie.docx"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Sprawozdanie ze współpracy z organizacjami pozarządowymi za 2019 rok" {
		t.Errorf("Title = %q", got.Title)
	}
	if want := time.Date(2020, 6, 10, 12, 0, 0, 0, time.UTC); !got.Created.Equal(want) {
		t.Errorf("Created = %v, want %v", got.Created, want)
	}
	if want := time.Date(2020, 6, 12, 8, 30, 0, 0, time.UTC); !got.Modified.Equal(want) {
		t.Errorf("Modified = %v, want %v", got.Modified, want)
	}
	want := []Table{{Page: 1, Rows: [][]string{
		{"Organizacja", "Zadanie", "Kwota"},
		{"Stowarzyszenie Śląskie Źródło", "Pomoc seniorom", "12 500,00 zł"},
		{"Fundacja Łączy Nas Ćma", "Żywność dla potrzebujących", "7 300,50 zł"},
	}}}
	if !tablesEqual(got.Tables, want) {
		t.Errorf("Tables = %+v, want %+v", got.Tables, want)
	}
	if strings.Contains(got.Pages[0], "\u00ad") {
		t.Errorf("soft hyphen left in text")
	}
}

func tablesEqual(a, b []Table) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

func TestReadXLSXTables(t *testing.T) {
	got, err := read(t, model.KindXLSX, fixture(t, "wyniki.xlsx"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Table{
		{Page: 1, Name: "Wyniki", Rows: [][]string{
			{"Organizacja", "Zadanie", "Kwota"},
			{"Stowarzyszenie Śląskie Źródło", "Pomoc seniorom", "12 500,00 zł"},
			{"Fundacja Łączy Nas Ćma", "Żywność dla potrzebujących", "7 300,50 zł"},
			{"Razem", "", "19 800,50 zł"},
		}},
		{Page: 2, Name: "Uwagi", Rows: [][]string{
			{"Liczba ofert", "42"},
			{"Komisja: ŻÓŁTA GĘŚ", "tak", "tak"},
			{}, {}, {},
			{"Data rozstrzygnięcia", "10.06.2020", "0,5"},
		}},
	}
	if !tablesEqual(got.Tables, want) {
		t.Errorf("Tables =\n%+v\nwant\n%+v", got.Tables, want)
	}
	if got.Title != "Wyniki konkursu ofert 2020" || len(got.Pages) != 2 {
		t.Errorf("Title = %q, %d pages", got.Title, len(got.Pages))
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		kind model.Kind
		body func(t *testing.T) []byte
		lim  Limits
		want error
	}{
		{"pdf user password", model.KindPDF, file("haslo.pdf"), Limits{}, ErrEncrypted},
		{"pdf truncated", model.KindPDF, file("uciety.pdf"), Limits{}, ErrMalformed},
		{"pdf not a pdf", model.KindPDF, bytesOf("to nie jest PDF, tylko tekst"), Limits{}, ErrMalformed},
		{"pdf too many pages", model.KindPDF, file("sprawozdanie.pdf"), Limits{MaxPages: 1}, ErrTooLarge},
		{"pdf output cap", model.KindPDF, file("sprawozdanie.pdf"), Limits{MaxUnpacked: 100}, ErrTooLarge},
		{"input over MaxBytes", model.KindPDF, file("sprawozdanie.pdf"), Limits{MaxBytes: 1000}, ErrTooLarge},
		{"empty docx", model.KindDOCX, bytesOf(""), Limits{}, ErrMalformed},
		{"docx not a zip", model.KindDOCX, bytesOf("PK\x03\x04 broken"), Limits{}, ErrMalformed},
		{"docx zip bomb", model.KindDOCX, zipBomb, Limits{}, ErrTooLarge},
		{"docx over MaxUnpacked", model.KindDOCX, file("sprawozdanie.docx"), Limits{MaxUnpacked: 4000}, ErrTooLarge},
		{"docx billion laughs", model.KindDOCX, billionLaughsDOCX, Limits{}, ErrMalformed},
		{"docx deep nesting", model.KindDOCX, deepDOCX, Limits{}, ErrMalformed},
		{"xlsx over MaxUnpacked", model.KindXLSX, file("wyniki.xlsx"), Limits{MaxUnpacked: 4000}, ErrTooLarge},
		{"xlsx too many sheets", model.KindXLSX, file("wyniki.xlsx"), Limits{MaxPages: 1}, ErrTooLarge},
		{"xlsx garbage", model.KindXLSX, bytesOf("PK\x03\x04 garbage"), Limits{}, ErrMalformed},
		{"html", model.KindHTML, bytesOf("<html></html>"), Limits{}, ErrUnsupported},
		{"no kind", "", bytesOf("abc"), Limits{}, ErrUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body(t)
			start := time.Now()
			got, err := read(t, tc.kind, body, tc.lim)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Read = %v, %v; want %v", got, err, tc.want)
			}
			if got != nil {
				t.Errorf("Read returned text with an error: %+v", got)
			}
			// Generous: only reading a bomb to the end takes this long.
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func file(name string) func(t *testing.T) []byte {
	return func(t *testing.T) []byte { return fixture(t, name) }
}

func bytesOf(s string) func(t *testing.T) []byte {
	return func(*testing.T) []byte { return []byte(s) }
}

// docxWith builds a minimal DOCX whose word/document.xml is written by fill.
func docxWith(t testing.TB, fill func(w *zip.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	ct, err := zw.Create("[Content_Types].xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ct.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)); err != nil {
		t.Fatal(err)
	}
	if err := fill(zw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeEntry(zw *zip.Writer, name, content string) error {
	w, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = w.Write([]byte(content))
	return err
}

// zipBomb is a 2 MB DOCX whose word/document.xml unpacks to 2 GiB of
// valid-looking XML. Built without compressing 2 GiB: once deflate's
// window is all "a", every further MiB of "a" compresses to the same
// bytes, so the stream is the first chunk, one repeated chunk, and the end.
func zipBomb(t *testing.T) []byte {
	const mib, total = 1 << 20, 2048 // MiB
	prefix := []byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`)
	chunk := bytes.Repeat([]byte("a"), mib)
	var out bytes.Buffer
	fw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	flushed := func(b ...[]byte) []byte {
		n := out.Len()
		for _, p := range b {
			if _, err := fw.Write(p); err != nil {
				t.Fatal(err)
			}
		}
		if err := fw.Flush(); err != nil {
			t.Fatal(err)
		}
		return bytes.Clone(out.Bytes()[n:])
	}
	first := flushed(prefix, chunk)
	again := flushed(chunk)
	if next := flushed(chunk); !bytes.Equal(again, next) {
		t.Fatal("deflate output of a repeated chunk is not stable")
	}
	n := out.Len()
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	end := bytes.Clone(out.Bytes()[n:])

	var raw bytes.Buffer
	crc := crc32.NewIEEE()
	raw.Write(first)
	crc.Write(prefix)
	for i := range total {
		if i > 0 {
			raw.Write(again)
		}
		crc.Write(chunk)
	}
	raw.Write(end)
	return docxWith(t, func(zw *zip.Writer) error {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: "word/document.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(raw.Len()), UncompressedSize64: uint64(len(prefix)) + total*mib,
		})
		if err != nil {
			return err
		}
		_, err = w.Write(raw.Bytes())
		return err
	})
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
`

func billionLaughsDOCX(t *testing.T) []byte {
	return docxWith(t, func(zw *zip.Writer) error {
		return writeEntry(zw, "word/document.xml", billionLaughs+`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`)
	})
}

func deepDOCX(t *testing.T) []byte {
	return docxWith(t, func(zw *zip.Writer) error {
		return writeEntry(zw, "word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+strings.Repeat("<w:p>", 100000))
	})
}
