package doctext

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

func TestReadRTF(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string // Pages[0]
		title string
	}{
		{"cp1250 escapes", `{\rtf1\ansi\ansicpg1250 Za\'bf\'f3\'b3\'e6 g\'ea\'9cl\'b9 ja\'9f\'f1\par}`, "Zażółć gęślą jaźń", ""},
		{"iso-8859-2 code page", `{\rtf1\ansi\ansicpg28592 \'a3\'f3d\'bc\par}`, "Łódź", ""},
		{"font charset 238 beats a western code page", `{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset238 Arial CE;}{\f1\fswiss\fcharset0 Arial;}}\f0 \'a3\'b9ka {\f1 caf\'e9}\par}`, "Łąka café", ""},
		{"default font charset", `{\rtf1\ansi\deff1{\fonttbl{\f0\fcharset0 A;}{\f1\fcharset238 B;}}\'9cwi\'eat\'f3\par}`, "świętó", ""},
		{"unicode with fallback", `{\rtf1\ansi\uc1\u321?\u243?d\u378?\par}`, "Łódź", ""},
		{"uc2 fallback of two escapes", `{\rtf1\ansi\uc2\u321\'4c\'4cx\par}`, "Łx", ""},
		{"uc0 no fallback", `{\rtf1\ansi\uc0\u321 \u243 d\par}`, "Łód", ""},
		{"uc scoped to group", `{\rtf1\ansi{\uc2\u321??}\u243?\par}`, "Łó", ""},
		{"negative unicode", `{\rtf1\ansi\u-3913?\par}`, "\uf0b7", ""},
		{"surrogate pair", `{\rtf1\ansi\u-10179?\u-8704?\par}`, "😀", ""},
		{"escaped braces and backslash", `{\rtf1\ansi a\{b\}c\\d\par}`, `a{b}c\d`, ""},
		{"skipped destinations", `{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\colortbl;\red0;}{\stylesheet{\s0 Normal;}}{\*\generator X;}{\pict 0123}{\*\unknowndest zzz}tekst\par}`, "tekst", ""},
		{"field result kept, instruction dropped", `{\rtf1\ansi{\field{\*\fldinst HYPERLINK "x"}{\fldrslt link}}\par}`, "link", ""},
		{"bin data skipped", "{\\rtf1\\ansi a\\bin4 }{\\x b\\par}", "a b", ""},
		{"soft and hard hyphens, nbsp", `{\rtf1\ansi mi\-dzy\_sektor\~x\par}`, "midzy-sektor x", ""},
		{"table rows", `{\rtf1\ansi\pard\intbl A\cell B\cell\row\pard\intbl C\cell D\cell\row\pard po\par}`, "A\tB\nC\tD\npo", ""},
		{"title and info", `{\rtf1\ansi\ansicpg1250{\info{\title Uchwa\'b3a}{\author X}}tre\'9c\'e6\par}`, "treść", "Uchwała"},
		{"upr keeps the unicode twin", `{\rtf1\ansi{\info{\upr{\title Wsp\'3f}{\*\ud{\title Wsp\u322?}}}}x\par}`, "x", "Wspł"},
		{"list labels without padding, empty labels dropped", `{\rtf1\ansi{\listtext\pard\plain  \u167\'a7 1.\tab}A\par{\listtext\pard\plain \tab}B\par}`, "§ 1.\tA\nB", ""},
		{"truncated: unclosed groups", `{\rtf1\ansi{\b pogrubione i nie domkni`, "pogrubione i nie domkni", ""},
		{"text after the end ignored", `{\rtf1\ansi koniec}} śmieci`, "koniec", ""},
		{"line break at backslash newline", "{\\rtf1\\ansi a\\\nb}", "a\nb", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Read(t.Context(), model.KindRTF, []byte(tc.in), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Pages) != 1 || got.Pages[0] != tc.want {
				t.Errorf("Pages = %q, want [%q]", got.Pages, tc.want)
			}
			if got.Title != tc.title {
				t.Errorf("Title = %q, want %q", got.Title, tc.title)
			}
		})
	}
}

func TestReadRTFMetadataAndErrors(t *testing.T) {
	got, err := Read(t.Context(), model.KindRTF, fixture(t, "uchwala-cp1250.rtf"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2020, 6, 10, 9, 30, 0, 0, time.UTC); !got.Created.Equal(want) {
		t.Errorf("Created = %v, want %v", got.Created, want)
	}
	if want := time.Date(2020, 6, 12, 14, 5, 0, 0, time.UTC); !got.Modified.Equal(want) {
		t.Errorf("Modified = %v, want %v", got.Modified, want)
	}
	want := []Table{{Page: 1, Rows: [][]string{{"Organizacja", "Kwota"}, {"Fundacja Łąka", "12 500,00 zł"}}}}
	if !tablesEqual(got.Tables, want) {
		t.Errorf("Tables = %+v, want %+v", got.Tables, want)
	}

	for name, in := range map[string]string{
		"not rtf":      "zwykły tekst",
		"deep nesting": `{\rtf1` + strings.Repeat("{", 5000),
	} {
		if _, err := Read(t.Context(), model.KindRTF, []byte(in), Limits{}); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}
