package extract

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/model"
)

// TestSampleServer extracts the sample site as the crawler sees it: over
// HTTP from the loopback server, with links rewritten to 127.0.0.1 ports,
// so profiles must be chosen by URL path and markup, never by host name.
// Grants must still match the truth table (its URLs mapped to loopback).
func TestSampleServer(t *testing.T) {
	s, err := ngosearch.StartSample(ngosearch.SampleSite())
	if err != nil {
		t.Skipf("no sample site: %v", err)
	}
	defer s.Close()
	rules := model.DefaultURLRules()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()

	type fetched struct {
		url string
		in  Input
	}
	var pages []fetched
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	for _, f := range siteFiles(t) {
		loop, err := rules.Canonical(s.URL(f.url))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Get(loop)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			continue // redirects are followed by the crawler, not extract
		}
		pages = append(pages, fetched{loop, Input{URL: loop, Header: resp.Header, Body: body, FetchedAt: fetchedAt}})
	}

	type cardInfo struct {
		link      model.Attachment
		published time.Time
		card      string
	}
	cards := map[string]cardInfo{}
	for _, p := range pages {
		if !strings.HasSuffix(p.url, "/karta") {
			continue
		}
		res, err := From(ctx, p.in)
		if err != nil || res.Skipped != SkipCard || len(res.Links) != 1 {
			t.Errorf("%s: card gave %+v, %v", p.url, res, err)
			continue
		}
		if !strings.HasPrefix(res.Links[0].URL, "http://127.0.0.1:") {
			t.Errorf("%s: card file %s is not on loopback", p.url, res.Links[0].URL)
		}
		cards[res.Links[0].URL] = cardInfo{res.Links[0], res.LinkPublished, p.url}
	}
	var grants []model.Grant
	docs, listings := 0, 0
	for _, p := range pages {
		in := p.in
		if c, ok := cards[p.url]; ok {
			in.Link, in.LinkPublished, in.LinkedFrom = &c.link, c.published, c.card
		}
		res, err := From(ctx, in)
		switch {
		case errors.Is(err, ErrMalformed), errors.Is(err, ErrToolMissing):
			continue
		case errors.Is(err, ErrUnsupported):
			if strings.Contains(in.Header.Get("Content-Type"), "html") {
				t.Errorf("%s: %v", p.url, err)
			}
			continue
		case err != nil:
			t.Errorf("%s: %v", p.url, err)
			continue
		}
		if res.Skipped == SkipListing {
			listings++
		}
		if d := res.Document; d != nil {
			docs++
			if err := d.Validate(); err != nil {
				t.Errorf("%s: %v", p.url, err)
			}
			if d.Kind == model.KindHTML && strings.Contains(p.url, ",komunikat,") && (d.Published.IsZero() || d.Unit == "" || d.Type == "") {
				t.Errorf("%s: article lost its metadata: %+v", p.url, d)
			}
			if d.Kind.Paged() && strings.Contains(p.url, "/zalaczniki/") && (d.LinkedFrom == "" || d.Published.IsZero()) {
				t.Errorf("%s: attachment without its card's link or date", p.url)
			}
		}
		grants = append(grants, res.Grants...)
	}
	if listings < 6 || docs < 40 {
		t.Errorf("%d documents, %d listings; want at least 40 and 6", docs, listings)
	}
	truth := readTruth(t, "../testdata/grants-truth.csv")
	for i := range truth {
		loop, err := rules.Canonical(s.URL(truth[i].source))
		if err != nil {
			t.Fatal(err)
		}
		truth[i].source = loop
	}
	p, r := grantScore(t, grants, truth)
	t.Logf("sample server grants: %d extracted, %d in truth, precision %.4f, recall %.4f", len(grants), len(truth), p, r)
	if p < 0.98 || r < 0.98 {
		t.Errorf("grant precision %.4f, recall %.4f over loopback; want both >= 0.98", p, r)
	}
}
