package bench

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A minimal PDF writer: enough for pdftotext to read the pages back as the
// Polish text they were written from. The standard Helvetica font with
// WinAnsiEncoding plus a /Differences array for the Polish letters
// WinAnsi lacks (mapped onto codes of letters Polish does not use), so no
// font has to be embedded.

// pdfPolish maps the Polish letters WinAnsi lacks to codes 0xC0-0xCF.
var pdfPolish = []struct {
	r     rune
	glyph string
}{
	{'ą', "aogonek"}, {'ć', "cacute"}, {'ę', "eogonek"}, {'ł', "lslash"}, {'ń', "nacute"}, {'ś', "sacute"}, {'ź', "zacute"}, {'ż', "zdotaccent"},
	{'Ą', "Aogonek"}, {'Ć', "Cacute"}, {'Ę', "Eogonek"}, {'Ł', "Lslash"}, {'Ń', "Nacute"}, {'Ś', "Sacute"}, {'Ź', "Zacute"}, {'Ż', "Zdotaccent"},
}

// winAnsiExtra are the non-Latin-1 runes WinAnsi places at 0x80-0x9F.
var winAnsiExtra = map[rune]byte{'€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97}

func pdfByte(r rune) (byte, bool) {
	for i, p := range pdfPolish {
		if p.r == r {
			return byte(0xC0 + i), true
		}
	}
	if b, ok := winAnsiExtra[r]; ok {
		return b, true
	}
	switch {
	case r >= 0x20 && r < 0x7F:
		return byte(r), true
	case r >= 0xA0 && r <= 0xFF && (r < 0xC0 || r > 0xCF):
		return byte(r), true
	case r == '\u00a0':
		return ' ', true
	}
	return '?', false
}

// pdfString encodes s as a PDF literal string in the font's encoding.
func pdfString(s string) string {
	var b strings.Builder
	b.WriteByte('(')
	for _, r := range s {
		c, _ := pdfByte(r)
		switch c {
		case '(', ')', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			if c < 0x20 || c >= 0x7F {
				fmt.Fprintf(&b, "\\%03o", c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte(')')
	return b.String()
}

// wrap breaks text into lines of at most width runes at spaces; paragraph
// breaks (blank lines) are kept.
func wrap(text string, width int) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		line := ""
		for _, w := range words {
			if line != "" && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width {
				lines = append(lines, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		lines = append(lines, line)
	}
	return lines
}

// PDF renders pages of text as a PDF document, one PDF page per entry
// (long entries continue on further PDF pages only if they overflow: the
// generator keeps pages short enough not to), with a title in the info
// dictionary.
func PDF(title string, pages []string) []byte {
	var buf bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	var diff strings.Builder
	diff.WriteString("192")
	for _, p := range pdfPolish {
		diff.WriteString(" /" + p.glyph)
	}
	// 1 catalog, 2 pages, 3 font, 4 info, then content+page pairs.
	n := len(pages)
	kids := make([]string, n)
	for i := range n {
		kids[i] = fmt.Sprintf("%d 0 R", 6+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [" + diff.String() + "] >> >>")
	obj("<< /Title " + pdfUTF16(title) + " /Producer (ngobench) >>")
	for _, text := range pages {
		var cs strings.Builder
		cs.WriteString("BT /F1 8 Tf 9 TL 40 810 Td\n")
		for _, line := range wrap(text, 130) {
			cs.WriteString(pdfString(line) + " Tj T*\n")
		}
		cs.WriteString("ET")
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", cs.Len(), cs.String()))
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", len(offsets)))
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}

// pdfUTF16 encodes s as a PDF text string in UTF-16BE with a byte order
// mark, as the info dictionary needs for letters outside PDFDocEncoding.
func pdfUTF16(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
