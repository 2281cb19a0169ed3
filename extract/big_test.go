package extract

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLargePage guards against quadratic work on big or deeply nested
// pages: a 2 MB BIP page and a page nested 2,000 levels deep must extract
// in well under a few seconds even on a loaded machine.
func TestLargePage(t *testing.T) {
	var wide strings.Builder
	wide.WriteString(`<html><body><div id="mainDiv"><h1>Zarządzenie nr 1/2020</h1>`)
	for i := range 8000 {
		fmt.Fprintf(&wide, `<div class="p"><p>Akapit %d: <b>Kraków</b> i <span>organizacje</span> pozarządowe, <a href="/x%d">link</a>.</p></div>`, i, i)
	}
	wide.WriteString(`<table>`)
	wide.WriteString(`<tr><th>Nazwa organizacji</th><th>Kwota dotacji</th></tr>`)
	for i := range 2000 {
		fmt.Fprintf(&wide, `<tr><td>Fundacja %d</td><td>%d zł</td></tr>`, i, 1000+i)
	}
	wide.WriteString(`</table></div></body></html>`)
	var deep strings.Builder
	deep.WriteString(`<html><body>`)
	for range 2000 {
		deep.WriteString(`<div><p>Poziom</p>`)
	}
	deep.WriteString(`<p>tekst</p>`)
	for range 2000 {
		deep.WriteString(`</div>`)
	}
	deep.WriteString(`</body></html>`)
	for _, c := range []struct {
		name, url, body string
		grants          int
	}{
		{"wide", "https://www.bip.krakow.pl/?dok_id=1", wide.String(), 2000},
		{"deep", "https://ngo.krakow.pl/x.html", deep.String(), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			res, err := From(context.Background(), Input{URL: c.url, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(c.body)})
			if err != nil {
				t.Fatal(err)
			}
			if res.Document == nil || !strings.Contains(res.Document.Body, "tekst") && !strings.Contains(res.Document.Body, "Akapit 7999") {
				t.Errorf("text lost: %+v", res.Document)
			}
			if len(res.Grants) != c.grants {
				t.Errorf("%d grants, want %d", len(res.Grants), c.grants)
			}
			limit := 10 * time.Second
			if raceEnabled {
				limit *= 10
			}
			if d := time.Since(start); d > limit {
				t.Errorf("%d bytes took %v", len(c.body), d)
			} else {
				t.Logf("%d bytes in %v", len(c.body), d)
			}
		})
	}
}
