package doctext

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads every sheet with excelize, cells formatted as the file's
// number formats say. excelize formats numbers the en-US way
// ("12,500.00 zł"); the city's sheets are made and read in Polish Excel,
// which shows "12 500,00 zł", so numeric non-date cells get Polish
// separators back. Built-in short dates become yyyy-mm-dd.
// xlsxExactLimit is the worksheet XML size up to which every cell shown
// as a number is checked against its type and style. Those checks make
// excelize unmarshal the whole sheet into memory (some 40 bytes allocated
// per byte of XML); above the limit only unmistakable en-US grouped
// numbers ("12,500.00") are converted.
const xlsxExactLimit = 8 << 20

func readXLSX(ctx context.Context, body []byte, lim Limits) (*Text, error) {
	return readXLSXWith(ctx, body, lim, xlsxExactLimit)
}

func readXLSXWith(ctx context.Context, body []byte, lim Limits, exactLimit int64) (*Text, error) {
	exact := worksheetBytes(body) <= exactLimit
	f, err := excelize.OpenReader(bytes.NewReader(body), excelize.Options{
		UnzipSizeLimit:    lim.MaxUnpacked,
		UnzipXMLSizeLimit: min(lim.MaxUnpacked, 16<<20),
		ShortDatePattern:  "yyyy-mm-dd",
	})
	if err != nil {
		return nil, excelizeError(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) > lim.MaxPages {
		return nil, fmt.Errorf("%w: %d sheets, limit %d", ErrTooLarge, len(sheets), lim.MaxPages)
	}
	t := &Text{}
	b := budget{left: lim.MaxUnpacked}
	dateStyle := map[int]bool{}
	for i, name := range sheets {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("reading xlsx: %w", err)
		}
		shown, err := sheetRows(f, name, &b)
		if err != nil {
			return nil, err
		}
		for r, row := range shown {
			for c, v := range row {
				// Only a number shown with a separator can need Polish
				// ones; checking the cell costs lookups, so filter first.
				switch {
				case !strings.ContainsAny(v, ".,") || !strings.ContainsAny(v, "0123456789"):
				case exact && shownAsNumber(f, name, c, r, dateStyle):
					v = polishNumber(v)
				case !exact && enGrouped.MatchString(v):
					v = polishNumber(v)
				}
				row[c] = spaces.Replace(v)
			}
		}
		t.Pages = append(t.Pages, sheetText(shown))
		t.Tables = append(t.Tables, Table{Page: i + 1, Name: name, Rows: trimRows(shown)})
	}
	props, err := f.GetDocProps()
	if err == nil {
		t.Title = strings.TrimSpace(props.Title)
		t.Created = parseW3CDate(props.Created)
		t.Modified = parseW3CDate(props.Modified)
	}
	return t, nil
}

// sheetRows reads a sheet's displayed cells row by row, as GetRows does,
// but charges every row to the budget as it comes, so a sheet too big to
// hold stops early.
func sheetRows(f *excelize.File, sheet string, b *budget) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, excelizeError(err)
	}
	var out [][]string
	cur, last := 0, 0
	for rows.Next() {
		cur++
		row, err := rows.Columns()
		if err == nil {
			cost := int64(24 + 16*len(row))
			for _, v := range row {
				cost += int64(len(v))
			}
			err = b.charge(cost)
		}
		if err != nil {
			rows.Close()
			return nil, excelizeError(err)
		}
		if len(row) > 0 {
			for ; last < cur-1; last++ {
				out = append(out, nil)
			}
			out = append(out, row)
			last = cur
		}
	}
	if err := rows.Close(); err != nil {
		return nil, excelizeError(err)
	}
	return out, nil
}

func excelizeError(err error) error {
	switch {
	case errors.Is(err, excelize.ErrWorkbookPassword):
		return fmt.Errorf("%w: %w", ErrEncrypted, err)
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return fmt.Errorf("%w: %w", ErrTooLarge, err)
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrMalformed):
		return err
	}
	return fmt.Errorf("%w: %w", ErrMalformed, err)
}

// shownAsNumber reports whether the cell at column c, row r (0-based)
// holds a number displayed with a non-date format.
func shownAsNumber(f *excelize.File, sheet string, c, r int, dateStyle map[int]bool) bool {
	cell, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return false
	}
	typ, err := f.GetCellType(sheet, cell)
	if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset && typ != excelize.CellTypeFormula) {
		return false
	}
	raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil || !numeric(raw) {
		return false
	}
	isDate, err := isDateStyle(f, sheet, cell, dateStyle)
	return err == nil && !isDate
}

func numeric(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// isDateStyle reports whether the cell's number format shows a date or
// time, caching by style ID.
func isDateStyle(f *excelize.File, sheet, cell string, cache map[int]bool) (bool, error) {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		return false, err
	}
	if v, ok := cache[id]; ok {
		return v, nil
	}
	st, err := f.GetStyle(id)
	if err != nil {
		return false, err
	}
	isDate := false
	switch {
	case st.CustomNumFmt != nil:
		isDate = dateFormatCode(*st.CustomNumFmt)
	case st.NumFmt >= 14 && st.NumFmt <= 22, st.NumFmt >= 27 && st.NumFmt <= 36, st.NumFmt >= 45 && st.NumFmt <= 47, st.NumFmt >= 50 && st.NumFmt <= 58:
		isDate = true
	}
	cache[id] = isDate
	return isDate, nil
}

// dateFormatCode reports whether an Excel format code has date or time
// parts once quoted text, escapes and [..] sections (colours, locales,
// currency symbols) are removed.
func dateFormatCode(code string) bool {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++
		case '[':
			if j := strings.IndexByte(code[i+1:], ']'); j >= 0 {
				// [h], [mm], [ss] are elapsed-time formats.
				inner := strings.ToLower(code[i+1 : i+1+j])
				if strings.Trim(inner, "hms") == "" && inner != "" {
					return true
				}
				i += j + 1
			} else {
				i = len(code)
			}
		default:
			b.WriteByte(c)
		}
	}
	return strings.ContainsAny(strings.ToLower(b.String()), "ymdhs")
}

// enGrouped is a cell that can only be a number excelize formatted with
// thousands grouping: one number with comma groups, text around it.
var enGrouped = regexp.MustCompile(`^\D*\d{1,3}(?:,\d{3})+(?:\.\d+)?\D*$`)

// worksheetBytes is the unpacked size of all worksheets, from the zip
// directory (archive/zip holds entries to their declared size).
func worksheetBytes(body []byte) int64 {
	r, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil && r == nil {
		return 0
	}
	var n int64
	for _, f := range r.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			n += int64(min(f.UncompressedSize64, 1<<62))
		}
	}
	return n
}

var enNumber = regexp.MustCompile(`\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+`)

// polishNumber turns the en-US separators excelize prints into Polish
// ones: "12,500.00 zł" -> "12 500,00 zł".
func polishNumber(s string) string {
	return enNumber.ReplaceAllStringFunc(s, func(n string) string {
		return strings.Map(func(r rune) rune {
			switch r {
			case ',':
				return ' '
			case '.':
				return ','
			}
			return r
		}, n)
	})
}

// sheetText lays a sheet out as text: cells separated by tabs, rows by
// newlines; tabs and newlines inside a cell become spaces.
func sheetText(rows [][]string) string {
	var b strings.Builder
	for _, row := range trimRows(rows) {
		for i, c := range row {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(strings.Join(strings.Fields(c), " "))
		}
		b.WriteByte('\n')
	}
	return tidy(b.String())
}

// trimRows drops trailing empty cells of every row and trailing empty
// rows, in place.
func trimRows(rows [][]string) [][]string {
	for i, row := range rows {
		for len(row) > 0 && strings.TrimSpace(row[len(row)-1]) == "" {
			row = row[:len(row)-1]
		}
		if row == nil {
			row = []string{} // JSON [] rather than null
		}
		rows[i] = row
	}
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	if rows == nil {
		rows = [][]string{}
	}
	return rows
}
