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
// Concurrent Stores share their index writes (see index.GroupWriter).
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

	// batch > 0 buffers documents and indexes them batch at a time (the
	// caller flushes at the end): for rebuilds and imports, where a crash
	// simply means running again. A crawl (batch 0) indexes each document
	// before Store returns, so a URL the crawler records as done is never
	// lost in a buffer.
	batch        int
	pending      []index.Record
	pendingBytes int

	// commit writes a crawl's documents: each Store waits for the
	// write that holds its document, shared with the concurrent Stores.
	commit *index.GroupWriter
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
	return &pipeline{ix: ix, logger: logger, links: make(map[string]linkInfo), commit: ix.NewGroupWriter()}
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
	// Checked here, not only by the index, so that a bad record fails
	// alone rather than the whole batch it would be written with.
	if err := validate(res.Document, res.Grants); err != nil {
		return fmt.Errorf("indexing %s: %w", r.URL, err)
	}
	if err := p.put(ctx, index.Record{Doc: *res.Document, Grants: res.Grants}); err != nil {
		return fmt.Errorf("indexing %s: %w", r.URL, err)
	}
	p.mu.Lock()
	p.docs++
	p.grants += len(res.Grants)
	p.mu.Unlock()
	return nil
}

func validate(d *model.Document, gs []model.Grant) error {
	if err := d.Validate(); err != nil {
		return err
	}
	for i := range gs {
		if gs[i].SourceID != d.ID {
			return fmt.Errorf("%w: grant %d names source %q, not %q", model.ErrInvalid, i, gs[i].SourceID, d.ID)
		}
		if err := gs[i].Validate(); err != nil {
			return fmt.Errorf("grant %d: %w", i, err)
		}
	}
	return nil
}

// put writes r: in a crawl before it returns (with the records of the
// Stores running at the same time), in an import when the batch is full.
func (p *pipeline) put(ctx context.Context, r index.Record) error {
	if p.batch <= 0 {
		return p.commit.Write(ctx, r)
	}
	p.mu.Lock()
	p.pending = append(p.pending, r)
	p.pendingBytes += r.Size()
	full := len(p.pending) >= p.batch || p.pendingBytes >= index.BatchBytes
	p.mu.Unlock()
	if full {
		return p.flush(ctx)
	}
	return nil
}

// flush indexes the buffered records of an import.
func (p *pipeline) flush(ctx context.Context) error {
	p.mu.Lock()
	rs := p.pending
	p.pending, p.pendingBytes = nil, 0
	p.mu.Unlock()
	return p.ix.PutRecords(ctx, rs)
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
