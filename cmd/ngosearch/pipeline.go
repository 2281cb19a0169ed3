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
// Concurrent Stores share their index writes (see groupCommit).
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
	pending      []entry
	pendingBytes int

	commit groupCommit
}

// entry is one document and the grants read from it: they are written
// together.
type entry struct {
	doc    model.Document
	grants []model.Grant
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
	// Checked here, not only by the index, so that a bad record fails
	// alone rather than the whole batch it would be written with.
	if err := validate(res.Document, res.Grants); err != nil {
		return fmt.Errorf("indexing %s: %w", r.URL, err)
	}
	if err := p.put(ctx, entry{doc: *res.Document, grants: res.Grants}); err != nil {
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

// put writes e: in a crawl before it returns (with the entries of the
// Stores running at the same time), in an import when the batch is full.
func (p *pipeline) put(ctx context.Context, e entry) error {
	if p.batch <= 0 {
		return p.commit.do(e, func(es []entry) error { return p.write(ctx, es) })
	}
	p.mu.Lock()
	p.pending = append(p.pending, e)
	p.pendingBytes += textSize(&e.doc)
	full := len(p.pending) >= p.batch || p.pendingBytes >= index.BatchBytes
	p.mu.Unlock()
	if full {
		return p.flush(ctx)
	}
	return nil
}

// flush indexes the buffered entries of an import.
func (p *pipeline) flush(ctx context.Context) error {
	p.mu.Lock()
	es := p.pending
	p.pending, p.pendingBytes = nil, 0
	p.mu.Unlock()
	return p.write(ctx, es)
}

// write indexes the documents of es, then their grants: one Put and one
// PutGrantsBatch for all of them. A document given twice (two URLs that
// redirect to one) is written once, as given last.
func (p *pipeline) write(ctx context.Context, es []entry) error {
	if len(es) == 0 {
		return nil
	}
	docs := make([]model.Document, 0, len(es))
	at := make(map[string]int, len(es))
	grants := make(map[string][]model.Grant, len(es))
	for _, e := range es {
		if i, ok := at[e.doc.ID]; ok {
			docs[i] = e.doc
		} else {
			at[e.doc.ID] = len(docs)
			docs = append(docs, e.doc)
		}
		grants[e.doc.ID] = e.grants
	}
	if err := p.ix.Put(ctx, docs); err != nil {
		return fmt.Errorf("indexing a batch of %d documents: %w", len(docs), err)
	}
	if err := p.ix.PutGrantsBatch(ctx, grants); err != nil {
		return fmt.Errorf("indexing the grants of %d documents: %w", len(docs), err)
	}
	return nil
}

// Bounds of one group commit.
const (
	maxCommitDocs  = 64
	maxCommitBytes = 8 << 20
)

// groupCommit writes the entries of concurrent callers together. A caller
// queues its entry; the first one to find no write running takes the
// queue (up to maxCommitDocs entries or maxCommitBytes of text) and writes
// it while the others wait, and entries queued meanwhile go into the next
// write, taken by one of their callers. Every caller returns only once its
// own entry is written (or failed), so the crawl state never records a URL
// whose document is still in memory, and nothing is left to flush when
// the crawl ends or is interrupted. There is no timer: a lone caller
// writes at once; under load a write holds what queued during the last one.
type groupCommit struct {
	mu      sync.Mutex
	cond    sync.Cond
	queue   []*queued
	writing bool
	writes  int // writes done, for tests and logs
}

type queued struct {
	entry
	done bool
	err  error
}

// do queues e and returns once a write that holds it has ended.
func (c *groupCommit) do(e entry, write func([]entry) error) error {
	q := &queued{entry: e}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cond.L == nil {
		c.cond.L = &c.mu
	}
	c.queue = append(c.queue, q)
	for !q.done {
		if c.writing {
			c.cond.Wait()
			continue
		}
		n, size := 0, 0
		for n < len(c.queue) && n < maxCommitDocs && (n == 0 || size < maxCommitBytes) {
			size += textSize(&c.queue[n].doc)
			n++
		}
		taken := c.queue[:n:n]
		c.queue = c.queue[n:]
		c.writing = true
		c.writes++
		c.mu.Unlock()
		es := make([]entry, len(taken))
		for i, t := range taken {
			es[i] = t.entry
		}
		err := write(es)
		c.mu.Lock()
		for _, t := range taken {
			t.done, t.err = true, err
		}
		c.writing = false
		c.cond.Broadcast()
	}
	return q.err
}

// textSize is about what a document weighs in memory and in a batch.
func textSize(d *model.Document) int {
	n := len(d.Title) + len(d.Lead) + len(d.Body)
	for _, p := range d.Pages {
		n += len(p)
	}
	return n
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
