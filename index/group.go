package index

import (
	"context"
	"fmt"
	"sync"

	"github.com/krakow-ngo/ngosearch/model"
)

// Record is a document and the grants read from it: they are written
// together.
type Record struct {
	Doc    model.Document
	Grants []model.Grant
}

// Size is about what r weighs in memory and in a batch: the length of its
// document's text.
func (r *Record) Size() int { return docSize(&r.Doc) }

// PutRecords indexes the documents of rs, then their grants: one Put and
// one PutGrantsBatch for all of them. A document given twice (two URLs
// that redirect to one) is written once, as given last, with the grants
// given last. If the documents fail, no grant is written.
func (ix *Index) PutRecords(ctx context.Context, rs []Record) error {
	if len(rs) == 0 {
		return nil
	}
	docs := make([]model.Document, 0, len(rs))
	at := make(map[string]int, len(rs))
	grants := make(map[string][]model.Grant, len(rs))
	for _, r := range rs {
		if i, ok := at[r.Doc.ID]; ok {
			docs[i] = r.Doc
		} else {
			at[r.Doc.ID] = len(docs)
			docs = append(docs, r.Doc)
		}
		grants[r.Doc.ID] = r.Grants
	}
	if err := ix.Put(ctx, docs); err != nil {
		return fmt.Errorf("indexing a batch of %d documents: %w", len(docs), err)
	}
	if err := ix.PutGrantsBatch(ctx, grants); err != nil {
		return fmt.Errorf("indexing the grants of %d documents: %w", len(docs), err)
	}
	return nil
}

// Bounds of one GroupWriter write, by default.
const (
	GroupDocs  = 64
	GroupBytes = 8 << 20
)

// GroupWriter writes the records of concurrent callers together (a group
// commit). A caller queues its record; the first one to find no write
// running takes the queue (up to MaxDocs records, or until it holds
// MaxBytes of text) and writes it with PutRecords while the others wait,
// and records queued meanwhile go into the next write, taken by one of
// their callers. Every caller returns only once its own record is written
// (or failed), so a crawl that records a URL as done when Write returns
// never records one whose document is still in memory, and nothing is left
// to flush when the crawl ends or is interrupted. There is no timer: a lone
// caller writes at once; under load a write holds what queued during the
// last one.
//
// A write fails as a whole (see PutRecords), failing exactly the records
// it held: a caller that wants its bad record to fail alone validates it
// before Write. A write runs with the context of the caller that took it.
type GroupWriter struct {
	// MaxDocs bounds the records of one write (GroupDocs when not
	// positive); MaxBytes their text (GroupBytes when not positive): a
	// write stops taking records once it holds that much, and always
	// takes at least one. Set them before the first Write.
	MaxDocs, MaxBytes int

	// write is ix.PutRecords; tests wrap it to watch the writes.
	write func(context.Context, []Record) error

	mu      sync.Mutex
	cond    sync.Cond
	queue   []*queued
	writing bool
	writes  int
}

// queued is one caller's record, waiting for a write.
type queued struct {
	Record
	done bool
	err  error
}

// NewGroupWriter returns a GroupWriter into ix with the default bounds.
func (ix *Index) NewGroupWriter() *GroupWriter {
	w := &GroupWriter{MaxDocs: GroupDocs, MaxBytes: GroupBytes, write: ix.PutRecords}
	w.cond.L = &w.mu
	return w
}

// Write queues r and returns once a write that holds it has ended, with
// that write's error.
func (w *GroupWriter) Write(ctx context.Context, r Record) error {
	maxDocs, maxBytes := w.MaxDocs, w.MaxBytes
	if maxDocs <= 0 {
		maxDocs = GroupDocs
	}
	if maxBytes <= 0 {
		maxBytes = GroupBytes
	}
	q := &queued{Record: r}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.queue = append(w.queue, q)
	for !q.done {
		if w.writing {
			w.cond.Wait()
			continue
		}
		n, size := 0, 0
		for n < len(w.queue) && n < maxDocs && (n == 0 || size < maxBytes) {
			size += w.queue[n].Size()
			n++
		}
		taken := w.queue[:n:n]
		w.queue = w.queue[n:]
		w.writing = true
		w.writes++
		w.mu.Unlock()
		rs := make([]Record, len(taken))
		for i, t := range taken {
			rs[i] = t.Record
		}
		err := w.write(ctx, rs)
		w.mu.Lock()
		for _, t := range taken {
			t.done, t.err = true, err
		}
		w.writing = false
		w.cond.Broadcast()
	}
	return q.err
}

// Writes is the number of writes begun so far.
func (w *GroupWriter) Writes() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writes
}
