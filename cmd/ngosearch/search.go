package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"strings"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

func runSearch(ctx context.Context, env *environ, args []string) error {
	fs := newFlagSet(env, "search", "QUERY...", `Prints the best hits for QUERY: title, date, URL (with the page for PDFs)
and a snippet. Polish inflections, missing diacritics and small typos are
forgiven; "quoted phrases" and -excluded words work as in the search box.`)
	data := fs.String("data", "", "data directory written by \"ngosearch crawl\" (required)")
	size := fs.Int("size", 10, fmt.Sprintf("number of hits to print (1-%d)", model.MaxPageSize))
	page := fs.Int("page", 1, "page of results (1-based)")
	if err := parse(fs, args); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	switch {
	case *data == "":
		fmt.Fprintln(env.stderr, "ngosearch search: --data is required")
	case strings.TrimSpace(query) == "":
		fmt.Fprintln(env.stderr, "ngosearch search: give a query")
	case *size < 1 || *size > model.MaxPageSize:
		fmt.Fprintf(env.stderr, "ngosearch search: --size must be from 1 to %d\n", model.MaxPageSize)
	case *page < 1:
		fmt.Fprintln(env.stderr, "ngosearch search: --page must be 1 or more")
	default:
		logger, err := newLogger(env.stderr, "warn")
		if err != nil {
			return err
		}
		ix, err := openIndex(*data, logger)
		if err != nil {
			return err
		}
		defer ix.Close()
		res, err := ix.Search(ctx, model.SearchRequest{Query: query, Page: *page, Size: *size})
		if err != nil {
			return fmt.Errorf("searching: %w", err)
		}
		printHits(env.stdout, query, res, (*page-1)**size)
		return nil
	}
	fs.Usage()
	return errUsage
}

func printHits(w io.Writer, query string, res model.SearchResult, offset int) {
	if res.Total == 0 {
		fmt.Fprintf(w, "no hits for %q\n", query)
		if res.DidYouMean != "" {
			fmt.Fprintf(w, "did you mean: %s\n", res.DidYouMean)
		}
		return
	}
	fmt.Fprintf(w, "%d hits for %q\n\n", res.Total, query)
	for i, h := range res.Hits {
		date := formatDate(h.Date)
		if date == "" {
			date = "----------"
		}
		u := h.URL
		if h.Page > 0 {
			u += fmt.Sprintf("  (page %d)", h.Page)
		}
		fmt.Fprintf(w, "%2d. %s  %s\n    %s\n    %s\n\n", offset+i+1, date, h.Title, u, plainSnippet(h.Snippet))
	}
}

// plainSnippet turns an HTML snippet into terminal text, matches in [brackets].
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "[", "</mark>", "]").Replace(s)
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
