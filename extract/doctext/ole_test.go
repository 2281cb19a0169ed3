package doctext

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

func TestOLESummary(t *testing.T) {
	tests := []struct {
		file              string
		title             string
		created, modified time.Time
	}{
		{"sprawozdanie.doc", "Sprawozdanie ze współpracy z organizacjami pozarządowymi za 2019 rok",
			time.Date(2020, 6, 10, 12, 0, 0, 0, time.UTC), time.Date(2020, 6, 12, 8, 30, 0, 0, time.UTC)},
		{"wyniki.xls", "Wyniki konkursu ofert 2020", time.Date(2020, 6, 10, 12, 0, 0, 0, time.UTC), time.Time{}},
		{"sprawozdanie.pdf", "", time.Time{}, time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var got Text
			oleSummary(fixture(t, tc.file), &got)
			if got.Title != tc.title || !got.Created.Equal(tc.created) || !got.Modified.Equal(tc.modified) {
				t.Errorf("got %q %v %v, want %q %v %v", got.Title, got.Created, got.Modified, tc.title, tc.created, tc.modified)
			}
		})
	}
	// Broken files give nothing, without panicking.
	doc := fixture(t, "sprawozdanie.doc")
	for _, n := range []int{0, 100, 512, 600, 2048, len(doc) / 2} {
		var got Text
		oleSummary(doc[:n], &got)
	}
	looped := append([]byte(nil), doc...)
	binary.LittleEndian.PutUint32(looped[0x30:], 0) // directory starts at sector 0...
	var got Text
	oleSummary(looped, &got) // ...whatever the FAT says, the walk ends
}

func TestPropString(t *testing.T) {
	lpstr := func(b []byte) []byte {
		v := make([]byte, 8, 8+len(b))
		binary.LittleEndian.PutUint16(v, 30)
		binary.LittleEndian.PutUint32(v[4:], uint32(len(b)))
		return append(v, b...)
	}
	if got := propString(lpstr([]byte("Uchwa\xb3a \xbf\xf3\xb3ta\x00")), 1250); got != "Uchwała żółta" {
		t.Errorf("cp1250 = %q", got)
	}
	if got := propString(lpstr([]byte("Uchwała\x00")), 65001); got != "Uchwała" {
		t.Errorf("utf-8 = %q", got)
	}
	if got := propString(lpstr([]byte("x"))[:9], 1250); got != "x" {
		t.Errorf("short = %q", got)
	}
	bad := lpstr([]byte("abc"))
	binary.LittleEndian.PutUint32(bad[4:], 1<<30)
	if got := propString(bad, 1250); got != "" {
		t.Errorf("oversized = %q", got)
	}
}

func TestParseTSV(t *testing.T) {
	// What xls2csv -c '\t' prints for quotes and a two-line cell.
	out := "\"Fundacja \"\"Razem\"\", Kraków\"\t\"linia 1\nlinia 2\"\t\"po\"\n\"druga\"\t12500\t\n"
	got, err := parseTSV([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{`Fundacja "Razem", Kraków`, "linia 1\nlinia 2", "po"}, {"druga", "12500", ""}}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, got[i], want[i])
		}
	}
	if s := sheetText(got); s != "Fundacja \"Razem\", Kraków\tlinia 1 linia 2\tpo\ndruga\t12500" {
		t.Errorf("sheetText = %q", s)
	}
}

// encryptedDOC is the Word fixture with the FIB's fEncrypted flag (bit 8
// of the flags at 0x0A of the WordDocument stream) set, as a
// password-protected Word 97 file has it.
func encryptedDOC(t testing.TB) []byte {
	t.Helper()
	b := bytes.Clone(fixture(t, "sprawozdanie.doc"))
	c := openCFB(b)
	if c == nil {
		t.Fatal("fixture is not a readable compound file")
	}
	off := -1
	c.walkRoot(func(e []byte) bool {
		if entryName(e) == "WordDocument" {
			off = (int(binary.LittleEndian.Uint32(e[0x74:])) + 1) * c.secSize
			return true
		}
		return false
	})
	if off < 0 || off+12 > len(b) || binary.LittleEndian.Uint16(b[off:]) != 0xA5EC {
		t.Fatal("no Word FIB found")
	}
	flags := binary.LittleEndian.Uint16(b[off+0x0A:])
	binary.LittleEndian.PutUint16(b[off+0x0A:], flags|0x0100)
	return b
}

func TestReadEncryptedDOC(t *testing.T) {
	_, err := read(t, model.KindDOC, encryptedDOC(t), Limits{})
	if !errors.Is(err, ErrEncrypted) {
		t.Errorf("err = %v, want ErrEncrypted", err)
	}
}

// encryptedXLS is the Excel fixture with the record after BOF turned into
// a FILEPASS record, where a password-protected workbook has it.
func encryptedXLS(t testing.TB) []byte {
	t.Helper()
	b := bytes.Clone(fixture(t, "wyniki.xls"))
	// The workbook globals' BOF: type 0x0809, 16 bytes, BIFF8, globals.
	// (The stream may sit in the mini stream, so search rather than map.)
	off := bytes.Index(b, []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00})
	if off < 0 {
		t.Fatal("no workbook BOF found")
	}
	next := off + 4 + int(binary.LittleEndian.Uint16(b[off+2:]))
	binary.LittleEndian.PutUint16(b[next:], 0x002F)
	return b
}

func TestReadEncryptedXLS(t *testing.T) {
	if xlsEncrypted(fixture(t, "wyniki.xls")) {
		t.Fatal("plain fixture seen as encrypted")
	}
	_, err := read(t, model.KindXLS, encryptedXLS(t), Limits{})
	if !errors.Is(err, ErrEncrypted) {
		t.Errorf("err = %v, want ErrEncrypted", err)
	}
}
