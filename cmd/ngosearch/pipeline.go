package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/extract"
	"github.com/krakow-ngo/ngosearch/index"
	"github.com/krakow-ngo/ngosearch/model"
)

// pipeline is the crawler's sink: every response is extracted and what it
// yields is indexed before Store returns, so a URL the crawler records as
// done is never a document lost in a buffer when the process dies.
type pipeline struct {
	ix     *index.Index
	logger *slog.Logger

	mu sync.Mutex
	// links remembers what pages said about the files they link (title,
	// kind, size, the card's publication date), so a file fetched later
	// gets the card's title and date.
	links map[string]linkInfo
	// counts of what the pipeline did, for the report.
	docs, grants, skipped int

	// batch > 0 buffers documents and indexes them batch at a time: for
	// rebuilds and imports, where a crash simply means running again. A
	// crawl indexes each document before Store returns (batch 0), so a URL
	// the crawler records as done is never lost in a buffer.
	batch   int
	pending []model.Document
}

// maxRememberedLinks bounds the memory spent on link metadata; past it the
// oldest half is forgotten (a file is normally fetched soon after its card).
const maxRememberedLinks = 100_000

// linkInfo is what a linking page said about a URL.
type linkInfo struct {
	att       model.Attachment
	published time.Time
	// card: an attachment card said it, which beats a page's anchor text.
	card bool
}

func newPipeline(ix *index.Index, logger *slog.Logger) *pipeline {
	return &pipeline{ix: ix, logger: logger, links: make(map[string]linkInfo)}
}

// Store implements crawler.Sink.
func (p *pipeline) Store(ctx context.Context, r *crawler.Response) error {
	// After a redirect the document lives at the URL that answered; the
	// crawler never fetches that one again under its own name.
	u := r.URL
	if r.FinalURL != "" {
		u = r.FinalURL
	}
	p.mu.Lock()
	link, ok := p.links[u]
	if !ok {
		link, ok = p.links[r.URL]
	}
	p.mu.Unlock()
	in := extract.Input{URL: u, Header: r.Header, Body: r.Body, LinkedFrom: r.Referrer, FetchedAt: r.FetchedAt}
	if ok {
		in.Link = &link.att
		in.LinkPublished = link.published
	} else if r.LinkText != "" {
		in.Link = &model.Attachment{Title: r.LinkText, URL: u}
	}
	res, err := extract.From(ctx, in)
	if errors.Is(err, extract.ErrUnsupported) {
		// An image or another format we do not read is not a failure of
		// the crawl: it is simply not a document.
		res, err = extract.Result{Skipped: err.Error()}, nil
	}
	if err != nil {
		return fmt.Errorf("extracting %s: %w", r.URL, err)
	}
	p.remember(res)
	if res.Document == nil {
		p.mu.Lock()
		p.skipped++
		p.mu.Unlock()
		p.logger.Debug("not a document", "url", r.URL, "reason", res.Skipped)
		return nil
	}
	res.Document.ArchiveOffset = r.ArchiveOffset
	res.Document.Organizations = organizations(res.Grants)
	if err := p.put(ctx, *res.Document); err != nil {
		return fmt.Errorf("indexing %s: %w", r.URL, err)
	}
	if err := p.ix.PutGrants(ctx, res.Document.ID, res.Grants); err != nil {
		return fmt.Errorf("indexing grants of %s: %w", r.URL, err)
	}
	p.mu.Lock()
	p.docs++
	p.grants += len(res.Grants)
	p.mu.Unlock()
	return nil
}

func (p *pipeline) put(ctx context.Context, d model.Document) error {
	if p.batch <= 0 {
		return p.ix.Put(ctx, []model.Document{d})
	}
	p.mu.Lock()
	p.pending = append(p.pending, d)
	full := len(p.pending) >= p.batch
	p.mu.Unlock()
	if full {
		return p.flush(ctx)
	}
	return nil
}

// flush indexes the buffered documents.
func (p *pipeline) flush(ctx context.Context) error {
	p.mu.Lock()
	docs := p.pending
	p.pending = nil
	p.mu.Unlock()
	if len(docs) == 0 {
		return nil
	}
	if err := p.ix.Put(ctx, docs); err != nil {
		return fmt.Errorf("indexing a batch of %d documents: %w", len(docs), err)
	}
	return nil
}

// Remove implements crawler.Sink: the document at url is gone.
func (p *pipeline) Remove(ctx context.Context, url string) error {
	return p.ix.Delete(ctx, model.DocID(url))
}

func (p *pipeline) remember(res extract.Result) {
	links := res.Links
	if len(links) == 0 {
		return
	}
	card := res.Skipped == extract.SkipCard
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.links)+len(links) > maxRememberedLinks {
		n := 0
		for k := range p.links {
			if n++; n > maxRememberedLinks/2 {
				break
			}
			delete(p.links, k)
		}
	}
	for i, l := range links {
		info := linkInfo{att: l, card: card}
		if card && i == 0 {
			info.published = res.LinkPublished
		}
		if old, ok := p.links[l.URL]; ok && (old.card && !card || old.att.Title != "" && l.Title == "") {
			continue // keep the better description
		}
		p.links[l.URL] = info
	}
}

type pipelineCounts struct {
	Documents int `json:"documents"`
	Grants    int `json:"grants"`
	Skipped   int `json:"not_documents"`
}

func (p *pipeline) counts() pipelineCounts {
	p.mu.Lock()
	defer p.mu.Unlock()
	return pipelineCounts{p.docs, p.grants, p.skipped}
}

// organizations lists the organisations grants name, one spelling per
// organisation (the first met), in order of appearance.
func organizations(gs []model.Grant) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range gs {
		key := g.OrgKey
		if key == "" {
			key = model.GrantOrgKey(g.Organization, g.KRS)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, strings.TrimSpace(g.Organization))
		}
	}
	return out
}
