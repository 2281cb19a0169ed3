package doctext

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// rtfMaxDepth bounds group nesting; Word nests a few dozen levels.
const rtfMaxDepth = 1000

// Where the text of an RTF group goes.
const (
	rtfBody = iota
	rtfSkip
	rtfFontTable
	rtfInfo
	rtfTitle
	rtfDate
	rtfMarginal // headers and footers
	rtfNote     // footnotes
)

type rtfGroup struct {
	dest int
	uc   int // \ucN: fallback characters after \uN
	font int // \fN, -1 for the default font
	// intbl: inside a table paragraph (\intbl until \pard).
	intbl bool
	// upr: inside {\upr{ANSI text}{\*\ud{Unicode text}}}; the ANSI twin
	// is skipped (LibreOffice writes "?" there for ł) and the Unicode one
	// read with uprDest, the destination \upr replaced.
	upr     bool
	uprDest int
	// listtext: in {\listtext ...}, the rendered list label, until its
	// first non-space character.
	listtext bool
}

// rtfReader is a small RTF-to-text reader: control words, groups, the
// document's code page (\ansicpgN) and per-font charsets (\fcharsetN) for
// \'xx escapes, \uN with \ucN fallbacks, tables as tab-separated rows,
// \info\title and dates, headers, footers and footnotes kept apart.
type rtfReader struct {
	ctx     context.Context
	in      []byte
	pos     int
	steps   int // loop turns, for checking ctx now and then
	stack   []rtfGroup
	docCP   int         // \ansicpg, \ansi, \mac, \pc, \pca
	deff    int         // \deffN
	fontCP  map[int]int // font number -> code page
	defFont int         // font being defined in the font table

	body, notes, marginal, title strings.Builder
	skipChars                    int     // fallback characters still to skip after \uN
	highSurrogate                rune    // first half of a \uN surrogate pair
	date                         *[6]int // created or modified, while in \creatim or \revtim
	created, modified            [6]int

	// table state: byte offsets into body
	rows      [][]string
	row       []string
	cellStart int
	tables    []Table
}

func readRTF(ctx context.Context, body []byte, lim Limits) (*Text, error) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, []byte(utf8BOM)), " \t\r\n")
	if !bytes.HasPrefix(trimmed, []byte(`{\rtf`)) {
		return nil, errMalformedf("rtf: does not start with {\\rtf")
	}
	r := &rtfReader{ctx: ctx, in: trimmed, docCP: 1252, deff: -1, fontCP: map[int]int{}}
	if err := r.run(); err != nil {
		return nil, err
	}
	r.endTable()
	t := &Text{Tables: r.tables, Title: tidy(r.title.String())}
	t.Created = rtfTime(r.created)
	t.Modified = rtfTime(r.modified)
	var kept []string
	for _, s := range []string{r.body.String(), r.notes.String(), r.marginal.String()} {
		if s = tidy(s); s != "" {
			kept = append(kept, s)
		}
	}
	t.Pages = []string{strings.Join(kept, "\n\n")}
	return t, nil
}

func rtfTime(d [6]int) time.Time {
	if d[0] == 0 || d[1] < 1 || d[1] > 12 || d[2] < 1 || d[2] > 31 {
		return time.Time{}
	}
	return time.Date(d[0], time.Month(d[1]), d[2], d[3], d[4], 0, 0, time.UTC)
}

func (r *rtfReader) top() *rtfGroup { return &r.stack[len(r.stack)-1] }

func (r *rtfReader) run() error {
	for r.pos < len(r.in) {
		if r.steps++; r.steps%(1<<14) == 0 {
			if err := r.ctx.Err(); err != nil {
				return fmt.Errorf("reading rtf: %w", err)
			}
		}
		c := r.in[r.pos]
		r.pos++
		switch c {
		case '{':
			if len(r.stack) >= rtfMaxDepth {
				return errMalformedf("rtf: groups nested deeper than %d", rtfMaxDepth)
			}
			g := rtfGroup{dest: rtfBody, uc: 1, font: -1}
			if len(r.stack) > 0 {
				g = *r.top()
				if g.dest == rtfFontTable {
					r.defFont = -1
				}
			}
			r.stack = append(r.stack, g)
			r.skipChars = 0
		case '}':
			if len(r.stack) == 0 {
				return nil // text after the document's closing brace
			}
			r.stack = r.stack[:len(r.stack)-1]
			r.skipChars = 0
			if len(r.stack) == 0 {
				return nil
			}
		case '\\':
			r.control()
		case '\r', '\n':
		default:
			if len(r.stack) == 0 {
				continue
			}
			if r.skipChars > 0 {
				r.skipChars--
				continue
			}
			if c == '\t' {
				r.emit("\t")
				continue
			}
			r.emitByte(c)
		}
	}
	return nil // unclosed groups: keep what was read (truncated files)
}

// control reads the control word or symbol after a backslash.
func (r *rtfReader) control() {
	if r.pos >= len(r.in) || len(r.stack) == 0 {
		return
	}
	c := r.in[r.pos]
	if !isASCIILetter(c) {
		r.pos++
		r.symbol(c)
		return
	}
	start := r.pos
	for r.pos < len(r.in) && isASCIILetter(r.in[r.pos]) && r.pos-start < 32 {
		r.pos++
	}
	word := string(r.in[start:r.pos])
	param, hasParam := 0, false
	if r.pos < len(r.in) && (r.in[r.pos] == '-' || isDigit(r.in[r.pos])) {
		ps := r.pos
		r.pos++
		for r.pos < len(r.in) && isDigit(r.in[r.pos]) && r.pos-ps < 11 {
			r.pos++
		}
		if n, err := strconv.Atoi(string(r.in[ps:r.pos])); err == nil {
			param, hasParam = n, true
		}
	}
	if r.pos < len(r.in) && r.in[r.pos] == ' ' {
		r.pos++
	}
	if word == "bin" {
		// Binary data follows: skip it without reading it as RTF.
		r.pos = min(len(r.in), r.pos+max(param, 0))
		return
	}
	if r.skipChars > 0 && word != "u" {
		r.skipChars--
		return
	}
	r.word(word, param, hasParam)
}

func (r *rtfReader) symbol(c byte) {
	switch c {
	case '\'':
		if r.pos+2 > len(r.in) {
			r.pos = len(r.in)
			return
		}
		b, err := strconv.ParseUint(string(r.in[r.pos:r.pos+2]), 16, 8)
		r.pos += 2
		if err != nil {
			return
		}
		if r.skipChars > 0 {
			r.skipChars--
			return
		}
		r.emitByte(byte(b))
		return
	case '*':
		// An ignorable destination: nothing we read is marked with \*
		// ({\*\shpinst} has a plain {\shprslt} twin, {\*\ud} an \upr one).
		r.top().dest = rtfSkip
		return
	}
	if r.skipChars > 0 {
		r.skipChars--
		return
	}
	switch c {
	case '\\', '{', '}':
		r.emit(string(c))
	case '~':
		r.emit(" ")
	case '_':
		r.emit("-")
	case '\r', '\n':
		r.paragraph()
	case '\t':
		r.emit("\t")
	}
}

// rtfSkipped are destinations whose content is not document text.
// This and the other rtf tables are read-only.
var rtfSkipped = map[string]bool{
	"colortbl": true, "stylesheet": true, "listtable": true, "listoverridetable": true,
	"revtbl": true, "rsidtbl": true, "generator": true, "pict": true, "themedata": true,
	"colorschememapping": true, "datastore": true, "latentstyles": true, "xmlnstbl": true,
	"filetbl": true, "pgdsctbl": true, "objdata": true, "fldinst": true, "bkmkstart": true,
	"bkmkend": true, "datafield": true, "private": true, "nonshppict": true, "xe": true,
	"tc": true, "txe": true, "annotation": true, "atnid": true, "atnauthor": true,
	"pn": true, "mmath": true, "passwordhash": true, "wgrffmtfilter": true, "userprops": true,
	"docvar": true, "fontemb": true, "fontfile": true, "falt": true, "panose": true,
	"blipuid": true, "template": true, "operator": true, "author": true, "keywords": true,
	"comment": true, "doccomm": true, "subject": true, "company": true, "category": true,
	"manager": true, "hlinkbase": true, "printim": true, "buptim": true, "sp": true,
	"oldcprops": true, "oldpprops": true, "oldsprops": true, "oldtprops": true,
}

var rtfDateParts = map[string]int{"yr": 0, "mo": 1, "dy": 2, "hr": 3, "min": 4}

var rtfChars = map[string]string{
	"tab": "\t", "cell": "\t", "nestcell": "\t", "emdash": "—", "endash": "–",
	"bullet": "•", "lquote": "‘", "rquote": "’", "ldblquote": "“", "rdblquote": "”",
	"emspace": " ", "enspace": " ", "qmspace": " ", "zwj": "", "zwnj": "",
}

func (r *rtfReader) word(w string, n int, hasParam bool) {
	g := r.top()
	switch {
	case w == "u":
		r.unicode(n)
		r.skipChars = g.uc
		return
	case w == "uc":
		g.uc = max(0, min(n, 8))
		return
	case g.dest == rtfFontTable:
		switch w {
		case "f":
			r.defFont = n
		case "fcharset":
			if cp := charsetCP(n); cp != 0 && r.defFont >= 0 {
				if _, set := r.fontCP[r.defFont]; !set {
					r.fontCP[r.defFont] = cp
				}
			}
		case "cpg":
			if r.defFont >= 0 && n > 0 {
				r.fontCP[r.defFont] = n
			}
		}
		return
	case g.dest == rtfDate:
		if i, ok := rtfDateParts[w]; ok && hasParam && r.date != nil {
			r.date[i] = n
		}
		return
	case rtfSkipped[w]:
		g.dest = rtfSkip
		return
	}
	switch w {
	case "listtext":
		g.listtext = true
	case "upr":
		g.upr, g.uprDest, g.dest = true, g.dest, rtfSkip
	case "ud":
		if g.upr {
			g.upr, g.dest = false, g.uprDest
		}
	case "fonttbl":
		g.dest = rtfFontTable
		r.defFont = -1
	case "info":
		g.dest = rtfInfo
	case "title":
		if g.dest == rtfInfo {
			g.dest = rtfTitle
		}
	case "creatim", "revtim":
		if g.dest == rtfInfo {
			g.dest = rtfDate
			r.date = &r.created
			if w == "revtim" {
				r.date = &r.modified
			}
		}
	case "header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf":
		if g.dest != rtfSkip {
			g.dest = rtfMarginal
		}
	case "footnote":
		if g.dest != rtfSkip {
			g.dest = rtfNote
		}
	case "ansicpg":
		if n > 0 {
			r.docCP = n
		}
	case "mac":
		r.docCP = 10000
	case "pc":
		r.docCP = 437
	case "pca":
		r.docCP = 850
	case "deff":
		r.deff = n
	case "f":
		g.font = n
	case "plain":
		g.font = -1
	case "pard":
		g.intbl = false
	case "intbl":
		g.intbl = true
	case "par", "line", "sect", "page":
		r.paragraph()
	case "cell", "nestcell":
		r.emit("\t")
		if g.dest == rtfBody {
			r.endCell()
		}
	case "row", "nestrow":
		r.emit("\n")
		if g.dest == rtfBody {
			r.endRow()
		}
	default:
		if s, ok := rtfChars[w]; ok {
			r.emit(s)
		}
	}
}

// paragraph ends a paragraph; one outside a table also ends the table
// before it.
func (r *rtfReader) paragraph() {
	g := r.top()
	if g.dest == rtfBody && !g.intbl {
		r.endTable()
	}
	r.emit("\n")
}

func (r *rtfReader) endCell() {
	s := r.body.String()
	start := min(r.cellStart, len(s))
	cell := strings.TrimSuffix(s[start:], "\t")
	r.row = append(r.row, tidy(strings.ReplaceAll(cell, "\t", " ")))
	r.cellStart = r.body.Len()
}

func (r *rtfReader) endRow() {
	if r.row != nil {
		r.rows = append(r.rows, r.row)
	}
	r.row = nil
	r.cellStart = r.body.Len()
}

func (r *rtfReader) endTable() {
	if r.row != nil {
		r.endRow()
	}
	if rows := trimRows(r.rows); len(rows) > 0 {
		r.tables = append(r.tables, Table{Page: 1, Rows: rows})
	}
	r.rows = nil
	r.cellStart = r.body.Len()
}

func (r *rtfReader) out() *strings.Builder {
	switch r.top().dest {
	case rtfBody:
		return &r.body
	case rtfTitle:
		return &r.title
	case rtfMarginal:
		return &r.marginal
	case rtfNote:
		return &r.notes
	}
	return nil
}

func (r *rtfReader) emit(s string) {
	if b := r.out(); b != nil {
		if r.top().listtext {
			// LibreOffice pads list labels: "{\listtext\pard\plain  1)\tab}".
			if strings.Trim(s, " \t") == "" {
				return
			}
			r.top().listtext = false
		}
		b.WriteString(s)
	}
}

func (r *rtfReader) emitByte(c byte) {
	if c < 0x80 {
		r.emit(string(rune(c)))
		return
	}
	g := r.top()
	cp := r.docCP
	if v, ok := r.fontCP[g.font]; ok && g.font >= 0 {
		cp = v
	} else if v, ok := r.fontCP[r.deff]; ok && g.font < 0 {
		cp = v
	}
	if cp == 42 { // symbol font: no Unicode meaning
		return
	}
	r.emit(string(codePage(cp).DecodeByte(c)))
}

// unicode writes \uN, joining UTF-16 surrogate pairs.
func (r *rtfReader) unicode(n int) {
	if n < 0 {
		n += 65536
	}
	c := rune(n)
	switch {
	case utf16.IsSurrogate(c) && c < 0xDC00:
		r.highSurrogate = c
		return
	case utf16.IsSurrogate(c) && r.highSurrogate != 0:
		c = utf16.DecodeRune(r.highSurrogate, c)
	case !utf8.ValidRune(c) || c == 0:
		c = utf8.RuneError
	}
	r.highSurrogate = 0
	r.emit(string(c))
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }

// charsetCP maps \fcharsetN to a Windows code page (0 = the document's).
func charsetCP(n int) int {
	switch n {
	case 2:
		return 42 // symbol
	case 77:
		return 10000
	case 161:
		return 1253
	case 162:
		return 1254
	case 163:
		return 1258
	case 177:
		return 1255
	case 178:
		return 1256
	case 186:
		return 1257
	case 204:
		return 1251
	case 222:
		return 874
	case 238:
		return 1250
	case 255:
		return 437
	}
	return 0
}

// codePage returns the single-byte code page; double-byte Asian code
// pages are not read and fall back to Windows-1252.
func codePage(cp int) *charmap.Charmap {
	switch cp {
	case 437:
		return charmap.CodePage437
	case 850:
		return charmap.CodePage850
	case 852:
		return charmap.CodePage852
	case 866:
		return charmap.CodePage866
	case 874:
		return charmap.Windows874
	case 1250:
		return charmap.Windows1250
	case 1251:
		return charmap.Windows1251
	case 1253:
		return charmap.Windows1253
	case 1254:
		return charmap.Windows1254
	case 1255:
		return charmap.Windows1255
	case 1256:
		return charmap.Windows1256
	case 1257:
		return charmap.Windows1257
	case 1258:
		return charmap.Windows1258
	case 10000:
		return charmap.Macintosh
	case 28591:
		return charmap.ISO8859_1
	case 28592:
		return charmap.ISO8859_2
	}
	return charmap.Windows1252
}
