package doctext

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readDOC runs antiword on a Word 97-2003 file. -w 0 turns off antiword's
// wrapping at 80 columns, so a paragraph stays one line. Title and dates
// come from the file's summary information.
func readDOC(ctx context.Context, body []byte, lim Limits) (*Text, error) {
	path, cleanup, err := tempFile(body, ".doc")
	if err != nil {
		return nil, err
	}
	defer cleanup()
	res, err := toolAntiword.run(ctx, lim, "-m", "UTF-8.txt", "-w", "0", path)
	if err != nil {
		return nil, err
	}
	if res.code != 0 {
		reason := res.reason(path)
		if strings.Contains(strings.ToLower(res.stderr), "encrypt") {
			return nil, fmt.Errorf("%w: antiword: %s", ErrEncrypted, reason)
		}
		return nil, fmt.Errorf("%w: antiword: %s", ErrMalformed, reason)
	}
	// antiword marks page breaks with form feeds; a DOC is one flow.
	text, tables := antiwordTables(tidy(strings.ReplaceAll(string(res.stdout), "\f", "\n")))
	t := &Text{Pages: []string{text}, Tables: tables}
	oleSummary(body, t)
	return t, nil
}

// antiwordTables turns the tables antiword draws ("|cell   |cell   |",
// padded to the column width) into tab-separated lines like the other
// flow formats, and collects them as Tables.
func antiwordTables(text string) (string, []Table) {
	var (
		out    strings.Builder
		tables []Table
		cur    [][]string
	)
	flush := func() {
		if len(cur) > 0 {
			tables = append(tables, Table{Page: 1, Rows: trimRows(cur)})
			cur = nil
		}
	}
	for line := range strings.Lines(text) {
		body := strings.TrimSuffix(line, "\n")
		if len(body) < 2 || body[0] != '|' || body[len(body)-1] != '|' {
			flush()
			out.WriteString(line)
			continue
		}
		cells := strings.Split(body[1:len(body)-1], "|")
		for i, c := range cells {
			cells[i] = strings.TrimSpace(c)
		}
		cur = append(cur, cells)
		out.WriteString(strings.Join(cells, "\t"))
		out.WriteString("\n")
	}
	flush()
	return strings.TrimSuffix(out.String(), "\n"), tables
}

// readXLS runs catdoc's xls2csv: UTF-8 out, cells separated by tabs,
// strings quoted CSV-style, sheets separated by form feeds. xls2csv prints
// the numbers stored in the file, not their displayed format, and no
// sheet names. Title and dates come from the summary information.
func readXLS(ctx context.Context, body []byte, lim Limits) (*Text, error) {
	// xls2csv says "File is encrypted" (exit 69) when it sees FILEPASS;
	// checking first costs nothing and does not depend on its wording.
	if xlsEncrypted(body) {
		return nil, fmt.Errorf("%w: password-protected Excel workbook", ErrEncrypted)
	}
	path, cleanup, err := tempFile(body, ".xls")
	if err != nil {
		return nil, err
	}
	defer cleanup()
	res, err := toolXls2csv.run(ctx, lim, "-d", "utf-8", "-c", "\t", "-b", "\f", path)
	if err != nil {
		return nil, err
	}
	if res.code != 0 || (len(bytes.TrimSpace(res.stdout)) == 0 && strings.TrimSpace(res.stderr) != "") {
		if strings.Contains(strings.ToLower(res.stderr), "encrypt") {
			return nil, fmt.Errorf("%w: xls2csv: %s", ErrEncrypted, res.reason(path))
		}
		return nil, fmt.Errorf("%w: xls2csv: %s", ErrMalformed, res.reason(path))
	}
	sheets := bytes.Split(res.stdout, []byte{'\f'})
	if n := len(sheets); n > 0 && len(bytes.TrimSpace(sheets[n-1])) == 0 {
		sheets = sheets[:n-1]
	}
	if len(sheets) > lim.MaxPages {
		return nil, fmt.Errorf("%w: %d sheets, limit %d", ErrTooLarge, len(sheets), lim.MaxPages)
	}
	t := &Text{}
	oleSummary(body, t)
	for i, sheet := range sheets {
		rows, err := parseTSV(sheet)
		if err != nil {
			return nil, fmt.Errorf("%w: xls2csv output of sheet %d: %w", ErrMalformed, i+1, err)
		}
		rows = trimRows(rows)
		t.Pages = append(t.Pages, sheetText(rows))
		t.Tables = append(t.Tables, Table{Page: i + 1, Rows: rows})
	}
	return t, nil
}

func parseTSV(b []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimLeft(b, "\n")))
	r.Comma = '\t'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		for i, c := range rec {
			rec[i] = spaces.Replace(c)
		}
		rows = append(rows, rec)
	}
}
