package index

import (
	"context"
	"fmt"
	"slices"

	"github.com/krakow-ngo/ngosearch/model"
)

// batchWriter writes the batches of one Put, two at a time. bleve's
// Batch analyses a batch's documents on every core, then builds its
// segment on the calling goroutine alone (a quarter of indexing's CPU):
// with one batch at a time, the second core idles through that step. So a
// batch is written on its own goroutine while the next one is deduplicated,
// encoded and handed to bleve.
//
// Two batches in flight must not decide about the same documents: the
// next batch's duplicate flags are read from the index, which does not
// hold the previous batch yet. They are independent when they share no
// document and no duplicate group (dupKey); otherwise write waits for the
// earlier batch first, so that the index it reads is complete.
type batchWriter struct {
	g       *generation
	running []*flight // oldest first, at most maxFlights
}

const maxFlights = 2

// flight is a batch being written.
type flight struct {
	ids, keys map[string]bool
	done      chan struct{}
	err       error // set before done is closed
}

// write deduplicates and encodes chunk and starts writing it. It returns
// the first error of a batch already written, or of this one's
// preparation.
func (w *batchWriter) write(ctx context.Context, chunk []*model.Document) error {
	ids := make(map[string]bool, len(chunk))
	keys := map[string]bool{}
	keyOf := make(map[string]string, len(chunk)) // dupKey reads the whole text: once
	for _, d := range chunk {
		ids[d.ID] = true
		keyOf[d.ID] = dupKey(d)
		if keyOf[d.ID] != "" {
			keys[keyOf[d.ID]] = true
		}
	}
	// Wait for what this batch's deduplication must see.
	if err := w.waitFor(func(f *flight) bool { return f.overlaps(ids, keys) }); err != nil {
		return err
	}
	var flags map[string]bool
	var reindex []model.Document
	for {
		var err error
		// keys becomes every group the decision looked at.
		if flags, reindex, keys, err = w.g.dedupe(ctx, chunk, keyOf, nil); err != nil {
			return err
		}
		for i := range reindex {
			ids[reindex[i].ID] = true
		}
		overlap := func(f *flight) bool { return f.overlaps(ids, keys) }
		if !slices.ContainsFunc(w.running, overlap) {
			break
		}
		// A replaced document's former group, or a re-flagged twin, is
		// a batch's that was running during the decision (finished or
		// not, the decision may not have seen it): decide again once it
		// is written.
		if err := w.waitFor(overlap); err != nil {
			return err
		}
	}
	b := w.g.docs.NewBatch()
	for _, d := range chunk {
		if err := w.g.indexDoc(b, d, flags[d.ID], keyOf[d.ID]); err != nil {
			return err
		}
	}
	for i := range reindex {
		if err := w.g.indexDoc(b, &reindex[i], flags[reindex[i].ID], dupKey(&reindex[i])); err != nil {
			return err
		}
	}
	if len(w.running) == maxFlights {
		if err := w.waitOldest(); err != nil {
			return err
		}
	}
	f := &flight{ids: ids, keys: keys, done: make(chan struct{})}
	w.running = append(w.running, f)
	go func() {
		defer close(f.done)
		if err := w.g.docs.Batch(b); err != nil {
			f.err = fmt.Errorf("writing batch: %w", err)
		}
	}()
	return nil
}

// overlaps says whether the batch shares a document or a duplicate group
// with ids and keys.
func (f *flight) overlaps(ids, keys map[string]bool) bool {
	for id := range ids {
		if f.ids[id] {
			return true
		}
	}
	for k := range keys {
		if f.keys[k] {
			return true
		}
	}
	return false
}

// waitFor waits for the running batches that match, and for those
// started before them (batches finish in any order, but waiting in order
// keeps running a queue).
func (w *batchWriter) waitFor(match func(*flight) bool) error {
	last := -1
	for i, f := range w.running {
		if match(f) {
			last = i
		}
	}
	for range last + 1 {
		if err := w.waitOldest(); err != nil {
			return err
		}
	}
	return nil
}

func (w *batchWriter) waitOldest() error {
	f := w.running[0]
	<-f.done
	w.running = w.running[1:]
	return f.err
}

// wait waits for every running batch and returns the first error.
func (w *batchWriter) wait() error {
	var first error
	for len(w.running) > 0 {
		if err := w.waitOldest(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
