package extract

import (
	"context"
	"testing"
)

func BenchmarkFromHTML(b *testing.B) {
	for _, name := range []string{"article", "bip_doc", "generic"} {
		b.Run(name, func(b *testing.B) {
			in := goldenInput(b, name, goldenURL(b, name))
			b.ReportAllocs()
			b.SetBytes(int64(len(in.Body)))
			for b.Loop() {
				if _, err := From(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ParseDate("dodano: 7.10.2021, 11:29")
	}
}

func BenchmarkParseAmount(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseAmount("12 500,00 zł"); err != nil {
			b.Fatal(err)
		}
	}
}
