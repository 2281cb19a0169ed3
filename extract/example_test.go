package extract_test

import (
	"fmt"

	"github.com/krakow-ngo/ngosearch/extract"
)

func ExampleParseAmount() {
	for _, s := range []string{"12 500,00 zł", "1,5 mln zł", "150 tys. zł", "12.500,00 zł", "50 zł/godz."} {
		a, err := extract.ParseAmount(s)
		if err != nil {
			fmt.Println(s, "->", "not an amount")
			continue
		}
		fmt.Println(s, "->", a.String())
	}
	// Output:
	// 12 500,00 zł -> 12500.00
	// 1,5 mln zł -> 1500000.00
	// 150 tys. zł -> 150000.00
	// 12.500,00 zł -> 12500.00
	// 50 zł/godz. -> not an amount
}

func ExampleParseDateDetail() {
	for _, s := range []string{"10 czerwca 2020 r.", "dodano: 7.10.2021, 11:29", "2018r."} {
		t, p := extract.ParseDateDetail(s)
		fmt.Println(t.Format("2006-01-02 15:04 MST"), p)
	}
	// Output:
	// 2020-06-10 00:00 UTC day
	// 2021-10-07 11:29 CEST minute
	// 2018-01-01 00:00 UTC year
}
