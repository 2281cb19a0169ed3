package doctext_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/krakow-ngo/ngosearch/extract/doctext"
)

func Example() {
	body, err := os.ReadFile("testdata/uchwala-cp1250.rtf")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Servers send attachments as application/octet-stream: the bytes and
	// the file name decide.
	kind := doctext.Sniff(body, "application/octet-stream", `attachment; filename="uchwala.doc"`)
	text, err := doctext.Read(context.Background(), kind, body, doctext.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(kind)
	fmt.Println(text.Title)
	fmt.Println(strings.SplitN(text.Pages[0], "\n", 3)[:2])
	fmt.Println(text.Tables[0].Rows[1])
	// Output:
	// rtf
	// Uchwała nr XXI/123/2020 Rady Miasta Krakowa
	// [UCHWAŁA NR XXI/123/2020 Rady Miasta Krakowa z dnia 10 czerwca 2020 r. w sprawie programu współpracy z organizacjami pozarządowymi.]
	// [Fundacja Łąka 12 500,00 zł]
}
