package doctext

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/krakow-ngo/ngosearch/model"
)

// TestReadXLSXLargeMode: above the exact-check limit only grouped numbers
// are converted; dates and text keep their dots and commas.
func TestReadXLSXLargeMode(t *testing.T) {
	got, err := readXLSXWith(t.Context(), fixture(t, "wyniki.xlsx"), Limits{}.withDefaults(), 0)
	if err != nil {
		t.Fatal(err)
	}
	rows := got.Tables[0].Rows
	if rows[1][2] != "12 500,00 zł" || rows[3][2] != "19 800,50 zł" {
		t.Errorf("grouped amounts = %q, %q", rows[1][2], rows[3][2])
	}
	last := got.Tables[1].Rows[len(got.Tables[1].Rows)-1]
	if last[1] != "10.06.2020" || last[2] != "0.5" {
		t.Errorf("date and plain decimal = %q, %q; want them untouched", last[1], last[2])
	}
}

func TestDateFormatCode(t *testing.T) {
	for code, want := range map[string]bool{
		`dd.mm.yyyy`:                 true,
		`[$-415]d mmmm yyyy`:         true,
		`[h]:mm:ss`:                  true,
		`#,##0.00\ [$zł-415]`:        false,
		`#,##0.00\ "zł";[Red]-#,##0`: false,
		`0.00%`:                      false,
		`"dni: "0`:                   false,
		`General`:                    false,
		`#,##0.00_);\(#,##0.00\)`:    false,
	} {
		if got := dateFormatCode(code); got != want {
			t.Errorf("dateFormatCode(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestPolishNumber(t *testing.T) {
	for in, want := range map[string]string{
		"12,500.00 zł": "12 500,00 zł",
		"1,234,567":    "1 234 567",
		"7300.5":       "7300,5",
		"-0.25%":       "-0,25%",
		"42":           "42",
		"1.25E+05":     "1,25E+05",
	} {
		if got := polishNumber(in); got != want {
			t.Errorf("polishNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReadXLSXTextBudget: a small sheet whose shared string is repeated
// in every cell unpacks small but would print a lot; the budget stops it.
func TestReadXLSXTextBudget(t *testing.T) {
	f := excelize.NewFile()
	long := strings.Repeat("Stowarzyszenie Łączy Nas ", 40) // 1 KB
	for r := 1; r <= 5000; r++ {
		cell, err := excelize.CoordinatesToCellName(1+r%5, 1+r/5)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("Sheet1", cell, long); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(t.Context(), model.KindXLSX, buf.Bytes(), Limits{}); err != nil {
		t.Fatalf("default limits: %v", err)
	}
	_, err := Read(t.Context(), model.KindXLSX, buf.Bytes(), Limits{MaxUnpacked: 1 << 20})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}
