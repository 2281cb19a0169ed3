package doctext

import (
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

const odtNS = odfNS + ` xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"`

func TestReadODTMarkup(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"spaces, tabs, breaks and white-space collapsing",
			"<text:p>a<text:s/>b<text:s text:c=\"3\"/>c<text:tab/>d<text:line-break/>e\n   f</text:p>",
			"a b   c\td\ne f"},
		{"comments and tracked deletions skipped",
			`<text:tracked-changes><text:changed-region><text:deletion><text:p>usunięte</text:p></text:deletion></text:changed-region></text:tracked-changes><text:p>tekst<office:annotation><dc:creator>X</dc:creator><text:p>komentarz</text:p></office:annotation> dalej</text:p>`,
			"tekst dalej"},
		{"notes after the body, citation dropped",
			`<text:p>zdanie<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>przypis</text:p></text:note-body></text:note> dalej</text:p><text:p>drugi</text:p>`,
			"zdanie dalej\ndrugi\n\nprzypis"},
		{"lists, headings, frames",
			`<text:h text:outline-level="1">Nagłówek</text:h><text:list><text:list-item><text:p>punkt pierwszy</text:p></text:list-item><text:list-item><text:p>punkt drugi</text:p></text:list-item></text:list><text:p><draw:frame><draw:text-box><text:p>w ramce</text:p></draw:text-box></draw:frame></text:p><text:p>po<text:soft-page-break/>dział</text:p>`,
			"Nagłówek\npunkt pierwszy\npunkt drugi\nw ramce\n\npodział"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := odfWith(t, "application/vnd.oasis.opendocument.text",
				`<office:document-content `+odtNS+`><office:body><office:text>`+tc.body+`</office:text></office:body></office:document-content>`)
			got, err := Read(t.Context(), model.KindODT, body, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Pages[0] != tc.want {
				t.Errorf("text = %q, want %q", got.Pages[0], tc.want)
			}
		})
	}
}

func TestReadODTMarginals(t *testing.T) {
	body := zipOf(t,
		"mimetype", "application/vnd.oasis.opendocument.text",
		"content.xml", `<office:document-content `+odtNS+`><office:body><office:text><text:p>treść</text:p></office:text></office:body></office:document-content>`,
		"styles.xml", `<office:document-styles `+odtNS+`><office:styles><style:style style:name="Header"><style:header-footer-properties/></style:style></office:styles><office:master-styles>
			<style:master-page style:name="Standard"><style:header><text:p>Nagłówek <text:page-number>1</text:page-number></text:p></style:header><style:header-left><text:p>Nagłówek <text:page-number>1</text:page-number></text:p></style:header-left><style:footer><text:p>Stopka</text:p></style:footer></style:master-page>
			<style:master-page style:name="First"><style:header-first><text:p>Pierwsza strona</text:p></style:header-first></style:master-page>
		</office:master-styles></office:document-styles>`,
		"meta.xml", `<office:document-meta `+odtNS+` xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta><dc:title>Tytuł</dc:title><meta:creation-date>2021-10-07T11:29:00.123</meta:creation-date></office:meta></office:document-meta>`)
	got, err := Read(t.Context(), model.KindODT, body, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "treść\n\nNagłówek 1\n\nPierwsza strona\n\nStopka"; got.Pages[0] != want {
		t.Errorf("text = %q, want %q", got.Pages[0], want)
	}
	if got.Title != "Tytuł" || got.Created.Format("2006-01-02 15:04") != "2021-10-07 11:29" {
		t.Errorf("Title %q, Created %v", got.Title, got.Created)
	}
}

func TestReadODTNumbering(t *testing.T) {
	styles := `<office:document-styles ` + odtNS + `><office:styles>
		<text:list-style style:name="Numbering 123">
			<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
			<text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="1" text:display-levels="2"/>
		</text:list-style>
	</office:styles></office:document-styles>`
	content := `<office:document-content ` + odtNS + `>
	<office:automatic-styles>
		<text:list-style style:name="L1">
			<text:list-level-style-number text:level="1" style:num-suffix=")" style:num-format="a"><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="space"/></style:list-level-properties></text:list-level-style-number>
		</text:list-style>
		<text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>
	</office:automatic-styles>
	<office:body><office:text>
		<text:list text:style-name="Numbering 123">
			<text:list-header><text:p>Nagłówek listy</text:p></text:list-header>
			<text:list-item><text:p>pierwszy</text:p><text:p>dalszy akapit</text:p>
				<text:list><text:list-item><text:p>pod</text:p></text:list-item><text:list-item><text:p>pod dwa</text:p></text:list-item></text:list>
			</text:list-item>
			<text:list-item text:start-value="7"><text:p>siódmy</text:p></text:list-item>
		</text:list>
		<text:p>przerwa</text:p>
		<text:list text:style-name="L1"><text:list-item><text:p>litera</text:p></text:list-item></text:list>
		<text:list text:style-name="L1" text:continue-numbering="true"><text:list-item><text:p>dalej</text:p></text:list-item></text:list>
		<text:list text:style-name="L1"><text:list-item><text:p>od nowa</text:p></text:list-item></text:list>
		<text:list text:style-name="L2"><text:list-item><text:p>kropka</text:p></text:list-item></text:list>
		<text:list text:style-name="brak"><text:list-item><text:p>bez stylu</text:p></text:list-item></text:list>
	</office:text></office:body></office:document-content>`
	body := zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", content, "styles.xml", styles)
	got, err := Read(t.Context(), model.KindODT, body, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Nagłówek listy\n1.\tpierwszy\ndalszy akapit\n1.1.\tpod\n1.2.\tpod dwa\n7.\tsiódmy\nprzerwa\na) litera\nb) dalej\na) od nowa\n•\tkropka\nbez stylu"
	if got.Pages[0] != want {
		t.Errorf("text =\n%q\nwant\n%q", got.Pages[0], want)
	}
}

func TestReadODTHeadingNumbering(t *testing.T) {
	styles := `<office:document-styles ` + odtNS + `><office:styles><text:outline-style style:name="Outline">
		<text:outline-level-style text:level="1" style:num-prefix="Rozdział " style:num-format="I"><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="space"/></style:list-level-properties></text:outline-level-style>
		<text:outline-level-style text:level="2" style:num-suffix="." style:num-format="1" text:display-levels="2"><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="space"/></style:list-level-properties></text:outline-level-style>
	</text:outline-style></office:styles></office:document-styles>`
	content := `<office:document-content ` + odtNS + `><office:body><office:text>
		<text:h text:outline-level="1">Przepisy ogólne</text:h>
		<text:h text:outline-level="2">Zakres</text:h>
		<text:h text:outline-level="2">Definicje</text:h>
		<text:h text:outline-level="1" text:is-list-header="true">Bez numeru</text:h>
		<text:h text:outline-level="1">Przepisy końcowe</text:h>
		<text:h text:outline-level="2">Wejście w życie</text:h>
	</office:text></office:body></office:document-content>`
	body := zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", content, "styles.xml", styles)
	got, err := Read(t.Context(), model.KindODT, body, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Rozdział I Przepisy ogólne\nI.1. Zakres\nI.2. Definicje\nBez numeru\nRozdział II Przepisy końcowe\nII.1. Wejście w życie"
	if got.Pages[0] != want {
		t.Errorf("text =\n%q\nwant\n%q", got.Pages[0], want)
	}
}
