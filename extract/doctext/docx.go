package doctext

import (
	"context"
	"encoding/xml"
	"io"
	"slices"
	"strings"
)

// docxParts lists the parts to read, in output order: the main document,
// footnotes, endnotes, then headers and footers. They are found through
// [Content_Types].xml (Word, LibreOffice and Strict OOXML all declare
// them there), falling back to the usual names.
type docxParts struct {
	main              string
	notes, marginal   []string
	numbering, styles string
}

func findDOCXParts(z *zipDoc) (docxParts, error) {
	var p docxParts
	listed := map[string]bool{}
	if z.has("[Content_Types].xml") {
		rc, err := z.open("[Content_Types].xml")
		if err != nil {
			return p, err
		}
		defer rc.Close()
		x := newXMLReader(z.ctx, rc, "[Content_Types].xml")
		for {
			tok, err := x.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return p, err
			}
			se, ok := tok.(xml.StartElement)
			if !ok || se.Name.Local != "Override" {
				continue
			}
			name := strings.TrimPrefix(attr(se, "PartName"), "/")
			ct := attr(se, "ContentType")
			if !z.has(name) || listed[name] {
				continue // a part listed twice is read once
			}
			listed[name] = true
			switch {
			case strings.Contains(ct, "word") && strings.HasSuffix(ct, ".main+xml") && p.main == "":
				p.main = name
			case strings.HasSuffix(ct, "wordprocessingml.footnotes+xml"), strings.HasSuffix(ct, "wordprocessingml.endnotes+xml"):
				p.notes = append(p.notes, name)
			case strings.HasSuffix(ct, "wordprocessingml.header+xml"), strings.HasSuffix(ct, "wordprocessingml.footer+xml"):
				p.marginal = append(p.marginal, name)
			case strings.HasSuffix(ct, "wordprocessingml.numbering+xml"):
				p.numbering = name
			case strings.HasSuffix(ct, "wordprocessingml.styles+xml"):
				p.styles = name
			}
		}
	}
	if p.main == "" {
		if !z.has("word/document.xml") {
			return p, errMalformedf("no main document part (word/document.xml)")
		}
		p.main = "word/document.xml"
		for _, f := range z.r.File {
			switch {
			case f.Name == "word/footnotes.xml", f.Name == "word/endnotes.xml":
				p.notes = append(p.notes, f.Name)
			case strings.HasPrefix(f.Name, "word/header"), strings.HasPrefix(f.Name, "word/footer"):
				p.marginal = append(p.marginal, f.Name)
			}
		}
	}
	if p.numbering == "" && z.has("word/numbering.xml") {
		p.numbering = "word/numbering.xml"
	}
	if p.styles == "" && z.has("word/styles.xml") {
		p.styles = "word/styles.xml"
	}
	byName := func(a, b string) int { // headers, then footers; header2 before header10
		if fa, fb := strings.Contains(a, "footer"), strings.Contains(b, "footer"); fa != fb {
			if fa {
				return 1
			}
			return -1
		}
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	}
	slices.SortFunc(p.notes, func(a, b string) int { return -strings.Compare(a, b) }) // footnotes, endnotes
	slices.SortFunc(p.marginal, byName)
	return p, nil
}

func readDOCX(ctx context.Context, body []byte, lim Limits) (*Text, error) {
	z, err := openZip(ctx, body, lim)
	if err != nil {
		return nil, err
	}
	parts, err := findDOCXParts(z)
	if err != nil {
		return nil, err
	}
	num, err := readWordNumbering(z, parts)
	if err != nil {
		return nil, err
	}
	t := &Text{}
	var sections []string
	seen := map[string]bool{}
	for i, name := range slices.Concat([]string{parts.main}, parts.notes, parts.marginal) {
		text, tables, err := readWordXML(z, name, num)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			for _, tb := range tables {
				t.Tables = append(t.Tables, Table{Page: 1, Rows: tb})
			}
		}
		// A header repeated for first/odd/even pages is said once.
		if text = tidy(text); text != "" && !seen[text] {
			seen[text] = true
			sections = append(sections, text)
		}
	}
	t.Pages = []string{strings.Join(sections, "\n\n")}
	if z.has("docProps/core.xml") {
		if err := readMetaXML(z, "docProps/core.xml", t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// tableBuilder collects one table while its XML is read. Flow text of a
// row is its cells joined by tabs.
type tableBuilder struct {
	rows [][]string
	row  []string
	cell *strings.Builder
}

// flowWriter is the shared output of the DOCX and ODT walkers: text goes
// to the innermost open table cell, else to the flow.
type flowWriter struct {
	flow   strings.Builder
	tables []*tableBuilder
	done   [][][]string // finished tables, in the order they end
}

func (w *flowWriter) cur() *strings.Builder {
	// A nested table's finished rows go to the cell that holds it.
	for i := len(w.tables) - 1; i >= 0; i-- {
		if w.tables[i].cell != nil {
			return w.tables[i].cell
		}
	}
	return &w.flow
}

func (w *flowWriter) write(s string) { w.cur().WriteString(s) }

func (w *flowWriter) startTable() { w.tables = append(w.tables, &tableBuilder{}) }

func (w *flowWriter) startRow() {
	if n := len(w.tables); n > 0 {
		w.tables[n-1].row = nil
	}
}

func (w *flowWriter) startCell() {
	if n := len(w.tables); n > 0 {
		w.tables[n-1].cell = &strings.Builder{}
	}
}

func (w *flowWriter) endCell(repeat int) {
	n := len(w.tables)
	if n == 0 || w.tables[n-1].cell == nil {
		return
	}
	tb := w.tables[n-1]
	text := tidy(tb.cell.String())
	for range repeat {
		tb.row = append(tb.row, text)
	}
	tb.cell = nil
}

func (w *flowWriter) endRow() {
	n := len(w.tables)
	if n == 0 {
		return
	}
	tb := w.tables[n-1]
	tb.cell = nil
	for len(tb.row) > 0 && tb.row[len(tb.row)-1] == "" {
		tb.row = tb.row[:len(tb.row)-1]
	}
	if tb.row == nil {
		tb.row = []string{}
	}
	tb.rows = append(tb.rows, tb.row)
	flat := make([]string, len(tb.row))
	for i, c := range tb.row {
		flat[i] = strings.Join(strings.Fields(c), " ")
	}
	tb.row = nil
	w.write(strings.Join(flat, "\t") + "\n")
}

func (w *flowWriter) endTable() {
	n := len(w.tables)
	if n == 0 {
		return
	}
	tb := w.tables[n-1]
	w.tables = w.tables[:n-1]
	for len(tb.rows) > 0 && len(tb.rows[len(tb.rows)-1]) == 0 {
		tb.rows = tb.rows[:len(tb.rows)-1]
	}
	if len(tb.rows) > 0 {
		w.done = append(w.done, tb.rows)
	}
	w.write("\n")
}

// readWordXML reads one WordprocessingML part: the text of w:t runs,
// w:tab and w:br inside runs, paragraphs ending in newlines, tables into
// rows of cells. mc:Fallback (a copy of the mc:Choice content for old
// readers), deleted text and field instructions are skipped.
func readWordXML(z *zipDoc, name string, num *wordNumbering) (string, [][][]string, error) {
	rc, err := z.open(name)
	if err != nil {
		return "", nil, err
	}
	defer rc.Close()
	x := newXMLReader(z.ctx, rc, name)
	var w flowWriter
	inText, inRun := 0, 0
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "pPr":
				ref, err := num.readPPr(x)
				if err != nil {
					return "", nil, err
				}
				w.write(num.label(ref))
			case "Fallback", "rPr", "sectPr", "tblPr", "tcPr", "trPr", "delText", "instrText", "del", "moveFrom":
				if err := x.skip(); err != nil {
					return "", nil, err
				}
			case "t":
				inText++
			case "r":
				inRun++
			case "tab", "ptab":
				if inRun > 0 {
					w.write("\t")
				}
			case "br", "cr":
				if inRun > 0 {
					w.write("\n")
				}
			case "noBreakHyphen":
				w.write("-")
			case "tbl":
				w.startTable()
			case "tr":
				w.startRow()
			case "tc":
				w.startCell()
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "t":
				inText--
			case "r":
				inRun--
			case "p":
				w.write("\n")
			case "tc":
				w.endCell(1)
			case "tr":
				w.endRow()
			case "tbl":
				w.endTable()
			}
		case xml.CharData:
			if inText > 0 {
				w.cur().Write(tok)
			}
		}
	}
	return w.flow.String(), w.done, nil
}

// readWordNumbering loads the list definitions and the numbered paragraph
// styles, nil when the document has neither.
func readWordNumbering(z *zipDoc, parts docxParts) (*wordNumbering, error) {
	if parts.numbering == "" {
		return nil, nil
	}
	num := newWordNumbering()
	for _, p := range []struct {
		name string
		read func(*xmlReader) error
	}{{parts.numbering, num.readNumberingXML}, {parts.styles, num.readStylesXML}} {
		if p.name == "" {
			continue
		}
		rc, err := z.open(p.name)
		if err != nil {
			return nil, err
		}
		err = p.read(newXMLReader(z.ctx, rc, p.name))
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	return num, nil
}
