package doctext

import (
	"archive/zip"
	"strings"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"`

func TestReadDOCXMarkup(t *testing.T) {
	tests := []struct {
		name   string
		body   string // inside <w:body>
		want   string
		tables []Table
	}{
		{"tab stops in paragraph properties are not tabs",
			`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>`,
			"a\tb", nil},
		{"text box read once, not its fallback copy",
			`<w:p><w:r><w:t>przed </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>w ramce</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>w ramce</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>po</w:t></w:r></w:p>`,
			"przed w ramce\npo", nil},
		{"tracked deletion dropped, insertion kept",
			`<w:p><w:del><w:r><w:delText>stare </w:delText></w:r></w:del><w:ins><w:r><w:t>nowe</w:t></w:r></w:ins></w:p>`,
			"nowe", nil},
		{"field instruction dropped, result kept",
			`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://www.bip.krakow.pl" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>BIP</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
			"BIP", nil},
		{"hyperlinks, content controls, hyphens",
			`<w:p><w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink><w:sdt><w:sdtContent><w:r><w:t xml:space="preserve"> pole </w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>3</w:t><w:noBreakHyphen/><w:t>4 mię</w:t><w:softHyphen/><w:t>dzy&#xAD;sektorowy</w:t></w:r></w:p>`,
			"link pole 3-4 międzysektorowy", nil},
		{"line and page breaks",
			`<w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:br w:type="page"/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r></w:p>`,
			"a\nb\nc\nd", nil},
		{"nested table",
			`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>zewn</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>wewn</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc><w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p><w:p><w:r><w:t>B2</w:t></w:r></w:p></w:tc><w:tc/></w:tr></w:tbl><w:p><w:r><w:t>koniec</w:t></w:r></w:p>`,
			"zewn wewn\tB B2\n\nkoniec", // a blank line ends a table
			[]Table{{Page: 1, Rows: [][]string{{"wewn"}}}, {Page: 1, Rows: [][]string{{"zewn\nwewn", "B\nB2"}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := docxWith(t, func(zw *zip.Writer) error {
				return writeEntry(zw, "word/document.xml", `<w:document `+wordNS+`><w:body>`+tc.body+`</w:body></w:document>`)
			})
			got, err := Read(t.Context(), model.KindDOCX, body, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Pages[0] != tc.want {
				t.Errorf("text = %q, want %q", got.Pages[0], tc.want)
			}
			if tc.tables != nil && !tablesEqual(got.Tables, tc.tables) {
				t.Errorf("tables = %+v, want %+v", got.Tables, tc.tables)
			}
		})
	}
}

func TestReadDOCXPartsByName(t *testing.T) {
	hdr := func(s string) string {
		return `<w:hdr ` + wordNS + `><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:hdr>`
	}
	// No [Content_Types].xml: parts are found by their usual names; the
	// first-page and default headers say the same and are kept once.
	body := zipOf(t,
		"word/document.xml", `<w:document `+wordNS+`><w:body><w:p><w:r><w:t>treść</w:t></w:r></w:p></w:body></w:document>`,
		"word/footer1.xml", hdr("stopka"),
		"word/header10.xml", hdr("nagłówek dziesiąty"),
		"word/header1.xml", hdr("nagłówek"),
		"word/header2.xml", hdr("nagłówek"),
		"word/endnotes.xml", `<w:endnotes `+wordNS+`><w:endnote><w:p><w:r><w:t>przypis końcowy</w:t></w:r></w:p></w:endnote></w:endnotes>`,
		"word/footnotes.xml", `<w:footnotes `+wordNS+`><w:footnote><w:p><w:r><w:t>przypis</w:t></w:r></w:p></w:footnote></w:footnotes>`)
	got, err := Read(t.Context(), model.KindDOCX, body, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "treść\n\nprzypis\n\nprzypis końcowy\n\nnagłówek\n\nnagłówek dziesiąty\n\nstopka"; got.Pages[0] != want {
		t.Errorf("text = %q, want %q", got.Pages[0], want)
	}
}

func TestReadDOCXNumbering(t *testing.T) {
	numbering := `<w:numbering ` + wordNS + `>
		<w:abstractNum w:abstractNumId="0">
			<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="§ %1."/><w:suff w:val="space"/></w:lvl>
			<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2)"/><w:suff w:val="space"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="720"/></w:tabs></w:pPr></w:lvl>
			<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
		</w:abstractNum>
		<w:abstractNum w:abstractNumId="1">
			<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Rozdział %1"/><w:suff w:val="nothing"/></w:lvl>
		</w:abstractNum>
		<w:abstractNum w:abstractNumId="2">
			<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="` + "\uf0b7" + `"/></w:lvl>
		</w:abstractNum>
		<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
		<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
		<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
	</w:numbering>`
	styles := `<w:styles ` + wordNS + `><w:style w:type="paragraph" w:styleId="Rozdzial"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style></w:styles>`
	p := func(ppr, text string) string {
		return `<w:p><w:pPr>` + ppr + `</w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	num := func(id, lvl string) string {
		return `<w:numPr><w:ilvl w:val="` + lvl + `"/><w:numId w:val="` + id + `"/></w:numPr>`
	}
	doc := `<w:document ` + wordNS + `><w:body>` +
		p(`<w:pStyle w:val="Rozdzial"/>`, ": Przepisy ogólne") +
		p(num("1", "0"), "Przyjmuje się program.") +
		p(num("1", "1"), "część pierwsza,") +
		p(num("1", "2"), "lit. a,") +
		p(num("1", "2"), "lit. b,") +
		p(num("1", "1"), "część druga.") +
		p(num("1", "0"), "Wykonanie powierza się Prezydentowi.") +
		p(num("1", "1"), "po restarcie.") +
		p(`<w:pStyle w:val="Rozdzial"/><w:numPr><w:numId w:val="0"/></w:numPr>`, "Bez numeru mimo stylu.") +
		p(`<w:pStyle w:val="Rozdzial"/>`, ": Przepisy końcowe") +
		p(num("3", "0"), "punkt") +
		p(num("9", "0"), "lista, której nie ma") +
		`</w:body></w:document>`
	body := zipOf(t, "word/document.xml", doc, "word/numbering.xml", numbering, "word/styles.xml", styles)
	got, err := Read(t.Context(), model.KindDOCX, body, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"Rozdział III: Przepisy ogólne",
		"§ 1. Przyjmuje się program.",
		"1) część pierwsza,",
		"a)\tlit. a,",
		"b)\tlit. b,",
		"2) część druga.",
		"§ 2. Wykonanie powierza się Prezydentowi.",
		"1) po restarcie.",
		"Bez numeru mimo stylu.",
		"Rozdział IV: Przepisy końcowe",
		"•\tpunkt",
		"lista, której nie ma",
	}, "\n")
	if got.Pages[0] != want {
		t.Errorf("text =\n%s\nwant\n%s", got.Pages[0], want)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		n      int
		format string
		want   string
	}{
		{3, "decimal", "3"}, {3, "decimalZero", "03"}, {12, "decimalZero", "12"},
		{1, "lowerLetter", "a"}, {27, "lowerLetter", "aa"}, {28, "upperLetter", "BB"},
		{1999, "upperRoman", "MCMXCIX"}, {4, "lowerRoman", "iv"}, {5000, "upperRoman", "5000"},
		{2000000000, "lowerLetter", "2000000000"}, {7, "ordinalText", "7"},
	} {
		if got := formatNumber(tc.n, tc.format); got != tc.want {
			t.Errorf("formatNumber(%d, %s) = %q, want %q", tc.n, tc.format, got, tc.want)
		}
	}
}
