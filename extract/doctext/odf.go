package doctext

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ODF limits from the format's own maxima (LibreOffice: 16384 columns,
// 1048576 rows): repeats beyond them describe no visible cell.
const (
	odsMaxCols = 16384
	odsMaxRows = 1 << 20
	// odfMaxSpaces caps <text:s text:c="N"/>.
	odfMaxSpaces = 1000
)

func readODT(ctx context.Context, body []byte, lim Limits) (*Text, error) {
	z, err := openZip(ctx, body, lim)
	if err != nil {
		return nil, err
	}
	if !z.has("content.xml") {
		return nil, errMalformedf("no content.xml in the archive")
	}
	b := &budget{left: lim.MaxUnpacked}
	lists := newODFLists()
	var marginal []string
	if z.has("styles.xml") {
		if marginal, err = readODFStyles(z, b, lists); err != nil {
			return nil, err
		}
	}
	flow, notes, tables, err := readODTContent(z, b, lists)
	if err != nil {
		return nil, err
	}
	t := &Text{}
	for _, tb := range tables {
		t.Tables = append(t.Tables, Table{Page: 1, Name: tb.name, Rows: tb.rows})
	}
	sections := append([]string{tidy(flow), tidy(notes)}, marginal...)
	var kept []string
	seen := map[string]bool{}
	for _, s := range sections {
		if s != "" && !seen[s] {
			seen[s] = true
			kept = append(kept, s)
		}
	}
	t.Pages = []string{strings.Join(kept, "\n\n")}
	if z.has("meta.xml") {
		if err := readMetaXML(z, "meta.xml", t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

type namedTable struct {
	name string
	rows [][]string
}

// odfInline handles the inline elements shared by every ODF text walker:
// <text:s text:c="N"/>, <text:tab/>, <text:line-break/>. It reports
// whether se was one of them.
func odfInline(se xml.StartElement, write func(string), b *budget) (bool, error) {
	switch se.Name.Local {
	case "s":
		n := 1
		if c, err := strconv.Atoi(attr(se, "c")); err == nil && c > 0 {
			n = min(c, odfMaxSpaces)
		}
		if err := b.charge(int64(n)); err != nil {
			return true, err
		}
		write(strings.Repeat(" ", n))
	case "tab":
		write("\t")
	case "line-break":
		write("\n")
	default:
		return false, nil
	}
	return true, nil
}

// odfSpace applies ODF's white-space rule to character data inside a
// paragraph: runs of space, tab, CR and LF count as one space (real
// spaces, tabs and breaks are elements).
func odfSpace(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// odfSkipped are elements whose content is not document text: comments,
// tracked deletions, note numbers, alternative descriptions, scripts.
// Read-only.
var odfSkipped = map[string]bool{
	"annotation": true, "tracked-changes": true, "note-citation": true,
	"desc": true, "title": true, "script": true, "event-listeners": true,
	"forms": true, "sequence-decls": true, "variable-decls": true, "user-field-decls": true,
}

// readODTContent walks content.xml of a text document: paragraphs and
// headings end in newlines, notes are collected apart, tables are kept
// both as rows and as tab-separated lines in the flow.
func readODTContent(z *zipDoc, b *budget, lists *odfLists) (flow, notes string, tables []namedTable, err error) {
	rc, err := z.open("content.xml")
	if err != nil {
		return "", "", nil, err
	}
	defer rc.Close()
	x := newXMLReader(z.ctx, rc, "content.xml")
	var body, noteW flowWriter
	out := []*flowWriter{&body}
	w := func() *flowWriter { return out[len(out)-1] }
	var names []string // names of open tables
	inPara := 0
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", "", nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if odfSkipped[tok.Name.Local] {
				if err := x.skip(); err != nil {
					return "", "", nil, err
				}
				continue
			}
			if ok, err := odfInline(tok, w().write, b); ok {
				if err != nil {
					return "", "", nil, err
				}
				continue
			}
			lists.styleStart(tok) // automatic list styles precede the body
			if label := lists.bodyStart(tok); label != "" {
				w().write(label)
			}
			switch tok.Name.Local {
			case "p", "h":
				inPara++
			case "note-body":
				out = append(out, &noteW)
			case "table":
				w().startTable()
				names = append(names, attr(tok, "name"))
			case "table-row":
				w().startRow()
			case "table-cell", "covered-table-cell":
				w().startCell()
			}
		case xml.EndElement:
			lists.styleEnd(tok.Name.Local)
			lists.bodyEnd(tok.Name.Local)
			switch tok.Name.Local {
			case "p", "h":
				inPara--
				w().write("\n")
			case "note-body":
				if len(out) > 1 {
					out = out[:len(out)-1]
				}
			case "table-cell", "covered-table-cell":
				w().endCell(1)
			case "table-row":
				w().endRow()
			case "table":
				fw := w()
				n := len(fw.done)
				fw.endTable()
				if len(names) > 0 {
					if fw == &body && len(fw.done) > n {
						tables = append(tables, namedTable{names[len(names)-1], fw.done[len(fw.done)-1]})
					}
					names = names[:len(names)-1]
				}
			}
		case xml.CharData:
			if inPara > 0 {
				w().write(odfSpace(string(tok)))
			}
		}
	}
	return body.flow.String(), noteW.flow.String(), tables, nil
}

// readODFStyles reads the page headers and footers of styles.xml's
// master pages (headers first) and the list styles defined there.
func readODFStyles(z *zipDoc, b *budget, lists *odfLists) ([]string, error) {
	rc, err := z.open("styles.xml")
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	x := newXMLReader(z.ctx, rc, "styles.xml")
	var headers, footers []string
	var cur strings.Builder
	kind, inPara := "", 0
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			lists.styleStart(tok)
			switch {
			case kind == "" && strings.HasPrefix(name, "header") && !strings.Contains(name, "style"):
				kind = "header"
				cur.Reset()
			case kind == "" && strings.HasPrefix(name, "footer") && !strings.Contains(name, "style"):
				kind = "footer"
				cur.Reset()
			case kind == "":
			case odfSkipped[name]:
				if err := x.skip(); err != nil {
					return nil, err
				}
			case name == "p" || name == "h":
				inPara++
			default:
				if _, err := odfInline(tok, func(s string) { cur.WriteString(s) }, b); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			name := tok.Name.Local
			lists.styleEnd(name)
			switch {
			case kind == "":
			case name == "p" || name == "h":
				inPara--
				cur.WriteString("\n")
			case strings.HasPrefix(name, kind) && !strings.Contains(name, "style"):
				if s := tidy(cur.String()); s != "" {
					if kind == "header" {
						headers = append(headers, s)
					} else {
						footers = append(footers, s)
					}
				}
				kind, inPara = "", 0
			}
		case xml.CharData:
			if kind != "" && inPara > 0 {
				cur.WriteString(odfSpace(string(tok)))
			}
		}
	}
	return append(headers, footers...), nil
}

// sheetBuilder collects one ODS sheet. Empty cells and rows are counted,
// not stored, until something follows them: LibreOffice ends every row
// with ~16000 repeated empty cells and every sheet with ~1 million
// repeated empty rows.
type sheetBuilder struct {
	name       string
	rows       [][]string
	row        []string
	rowRepeat  int
	emptyCells int // empty cells pending in the current row
	emptyRows  int // empty rows pending in the sheet
	cols       int // columns used in the current row, pending included
	nrows      int // rows used, pending included
	cell       strings.Builder
	cellRepeat int
	value      string // office:value etc. of the current cell
	inCell     bool
}

func (s *sheetBuilder) endCell(b *budget) error {
	text := tidy(s.cell.String())
	if text == "" {
		text = s.value
	}
	n := min(s.cellRepeat, odsMaxCols-s.cols)
	s.cols += max(n, 0)
	s.inCell = false
	if n <= 0 {
		return nil
	}
	if text == "" {
		s.emptyCells += n
		return nil
	}
	if err := b.charge(int64(s.emptyCells+n)*16 + int64(n*len(text))); err != nil {
		return err
	}
	for range s.emptyCells {
		s.row = append(s.row, "")
	}
	s.emptyCells = 0
	for range n {
		s.row = append(s.row, text)
	}
	return nil
}

func (s *sheetBuilder) endRow(b *budget) error {
	n := min(s.rowRepeat, odsMaxRows-s.nrows)
	s.nrows += max(n, 0)
	row := s.row
	s.row, s.emptyCells, s.cols = nil, 0, 0
	if n <= 0 {
		return nil
	}
	if len(row) == 0 {
		s.emptyRows += n
		return nil
	}
	if err := b.charge(int64(s.emptyRows+n)*24 + int64(n)*int64(len(row))*16); err != nil {
		return err
	}
	for range s.emptyRows {
		s.rows = append(s.rows, []string{})
	}
	s.emptyRows = 0
	for i := range n {
		if i == 0 {
			s.rows = append(s.rows, row)
		} else {
			s.rows = append(s.rows, append([]string(nil), row...))
		}
	}
	return nil
}

func repeatAttr(se xml.StartElement, name string) int {
	n, err := strconv.Atoi(attr(se, name))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func readODS(ctx context.Context, body []byte, lim Limits) (*Text, error) {
	z, err := openZip(ctx, body, lim)
	if err != nil {
		return nil, err
	}
	if !z.has("content.xml") {
		return nil, errMalformedf("no content.xml in the archive")
	}
	rc, err := z.open("content.xml")
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	x := newXMLReader(z.ctx, rc, "content.xml")
	b := &budget{left: lim.MaxUnpacked}
	t := &Text{}
	var sh *sheetBuilder
	tableDepth, inPara := 0, 0
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			if odfSkipped[name] {
				if err := x.skip(); err != nil {
					return nil, err
				}
				continue
			}
			if sh != nil && sh.inCell {
				if _, err := odfInline(tok, func(s string) { sh.cell.WriteString(s) }, b); err != nil {
					return nil, err
				}
			}
			if name == "p" || name == "h" {
				// Counted everywhere (shapes, nested tables) so the
				// matching end always balances.
				if sh != nil && sh.inCell && sh.cell.Len() > 0 {
					sh.cell.WriteString("\n")
				}
				inPara++
			}
			switch {
			case name == "table":
				tableDepth++
				if tableDepth == 1 {
					if len(t.Tables) >= lim.MaxPages {
						return nil, fmt.Errorf("%w: more than %d sheets", ErrTooLarge, lim.MaxPages)
					}
					sh = &sheetBuilder{name: attr(tok, "name")}
				}
			case sh == nil || tableDepth != 1:
			case name == "table-row":
				sh.rowRepeat = repeatAttr(tok, "number-rows-repeated")
			case name == "table-cell" || name == "covered-table-cell":
				sh.inCell = true
				sh.cell.Reset()
				sh.cellRepeat = repeatAttr(tok, "number-columns-repeated")
				sh.value = cellValue(tok)
			}
		case xml.EndElement:
			name := tok.Name.Local
			if name == "p" || name == "h" {
				inPara--
			}
			switch {
			case name == "table":
				tableDepth--
				if tableDepth == 0 && sh != nil {
					rows := trimRows(sh.rows)
					t.Pages = append(t.Pages, sheetText(rows))
					t.Tables = append(t.Tables, Table{Page: len(t.Tables) + 1, Name: sh.name, Rows: rows})
					sh = nil
				}
			case sh == nil || tableDepth != 1:
			case name == "table-cell" || name == "covered-table-cell":
				if err := sh.endCell(b); err != nil {
					return nil, err
				}
			case name == "table-row":
				if err := sh.endRow(b); err != nil {
					return nil, err
				}
			}
		case xml.CharData:
			if sh != nil && sh.inCell && inPara > 0 {
				sh.cell.WriteString(odfSpace(string(tok)))
			}
		}
	}
	if z.has("meta.xml") {
		if err := readMetaXML(z, "meta.xml", t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// cellValue is the typed value of a cell, used when the cell has no
// displayed text of its own.
func cellValue(se xml.StartElement) string {
	switch attr(se, "value-type") {
	case "float", "percentage", "currency":
		return attr(se, "value")
	case "date":
		return attr(se, "date-value")
	case "time":
		return attr(se, "time-value")
	case "boolean":
		return attr(se, "boolean-value")
	case "string":
		return attr(se, "string-value")
	}
	return ""
}
