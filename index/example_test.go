package index_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
)

func ExampleParseQuery() {
	q := index.ParseQuery(`„Centrum Aktywności” seniorzy -zima typ:uchwały rok:2019-2020 zrodlo:bip Uwaga:`)
	fmt.Println("words:", q.Words)
	fmt.Println("phrases:", q.Phrases)
	fmt.Println("exclude:", q.Exclude)
	fmt.Println("types:", q.Types, "years:", q.Years, "hosts:", q.Hosts)
	// Output:
	// words: [seniorzy Uwaga]
	// phrases: [[Centrum Aktywności]]
	// exclude: [zima]
	// types: [resolution] years: [2019 2020] hosts: [bip]
}

func ExampleIndex_Search() {
	dir, err := os.MkdirTemp("", "ngosearch-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ix, err := index.Open(dir, nil)
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	u := "https://www.krakow.pl/aktualnosci/1,33,komunikat,lodz.html"
	doc := model.Document{
		ID: model.DocID(u), URL: u, Host: "www.krakow.pl", Kind: model.KindHTML, Type: model.TypeNews,
		Title:     "Wizyta studyjna w Łodzi",
		Body:      "Przedstawiciele krakowskich <NGO> odwiedzili Łódź.",
		Published: time.Date(2023, 4, 18, 0, 0, 0, 0, time.UTC),
	}
	ctx := context.Background()
	if err := ix.Put(ctx, []model.Document{doc}); err != nil {
		panic(err)
	}
	res, err := ix.Search(ctx, model.SearchRequest{Query: "lodz"})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Total, res.Hits[0].Title)
	fmt.Println(res.Hits[0].Snippet)
	// Output:
	// 1 Wizyta studyjna w Łodzi
	// Przedstawiciele krakowskich &lt;NGO&gt; odwiedzili <mark>Łódź</mark>.
}
