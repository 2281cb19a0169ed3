package extract

import (
	"context"
	"io/fs"
	"net/http"
	"testing"

	"github.com/krakow-ngo/ngosearch"
)

// TestHomePagesAreNotDocuments: a home page is teasers of other pages; it is
// followed (its links come back) but not indexed, while a BIP document at
// "/?dok_id=N" on the same path is.
func TestHomePagesAreNotDocuments(t *testing.T) {
	site := ngosearch.SampleSite()
	tests := []struct {
		file, url string
		wantDoc   bool
	}{
		{"www.krakow.pl/index.html", "https://www.krakow.pl/", false},
		{"ngo.krakow.pl/index.html", "https://ngo.krakow.pl/", false},
		{"www.bip.krakow.pl/index.html", "https://www.bip.krakow.pl/", false},
		{"www.bip.krakow.pl/index.html@dok_id=105412", "https://www.bip.krakow.pl/?dok_id=105412", true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			body, err := fs.ReadFile(site, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
			res, err := From(context.Background(), Input{URL: tt.url, Header: h, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Document != nil; got != tt.wantDoc {
				t.Fatalf("document = %v (skipped %q), want %v", got, res.Skipped, tt.wantDoc)
			}
			if !tt.wantDoc && (res.Skipped != SkipHome || len(res.Links) == 0) {
				t.Errorf("skipped %q with %d links; want %q and the page's links", res.Skipped, len(res.Links), SkipHome)
			}
		})
	}
}
