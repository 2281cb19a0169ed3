package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/krakow-ngo/ngosearch/model"
)

// ErrInUse: another process has the index open (bleve keeps a lock on it).
var ErrInUse = errors.New("index is in use by another process")

// openBleve opens an existing bleve index, giving up after a few seconds
// when another process holds it instead of blocking for ever.
func openBleve(path string) (bleve.Index, error) {
	b, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": "3s"})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s (is `ngosearch serve` running on it?)", ErrInUse, path)
	}
	return b, err
}

// inUse reports whether a process (this one included) holds the bleve
// index of a generation open: bleve keeps a file lock on it.
func inUse(genDir string) bool {
	b, err := bleve.OpenUsing(filepath.Join(genDir, docsDir), map[string]any{"bolt_timeout": "100ms"})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return true
	}
	if err == nil {
		_ = b.Close() // only opened to test the lock
	}
	return false
}

// Rebuild re-indexes the index in dir with this program's mapping, from
// the records the index itself stores: no re-crawl. It is what `ngosearch
// index --data DIR --rebuild` runs after Open reported ErrVersion, and it
// also works on an index of the current version (to apply new synonyms'
// effects on stored fields, or to compact it). The new generation is built
// beside the old one and switched in by meta.json's atomic rename; the
// old one is removed afterwards. It returns the new index's Stats.
func Rebuild(ctx context.Context, dir string, logger *slog.Logger) (Stats, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := registerAnalysis(); err != nil {
		return Stats{}, err
	}
	m, ok, err := readMetaAnyVersion(dir)
	if err != nil {
		return Stats{}, err
	}
	if !ok {
		return Stats{}, fmt.Errorf("%w: no index in %s to rebuild", ErrNotFound, dir)
	}
	oldPath := genPath(dir, m.Generation)
	oldDocs, err := openBleve(filepath.Join(oldPath, docsDir))
	if err != nil {
		return Stats{}, fmt.Errorf("opening the old index: %w", err)
	}
	old := &generation{n: m.Generation, path: oldPath, docs: oldDocs}
	defer func() {
		if old != nil {
			old.close() // a failed rebuild leaves the old index as it was
		}
	}()
	if old.grants, err = openBleve(filepath.Join(oldPath, grantsDir)); err != nil {
		return Stats{}, fmt.Errorf("opening the old grant index: %w", err)
	}

	next, err := OpenNew(dir, logger)
	if err != nil {
		return Stats{}, err
	}
	keep := false
	defer func() {
		if !keep {
			next.Close() // removes the half-built generation
		}
	}()

	// Two batches per Put, so that its batch writer overlaps them (both
	// cores: 1.78 against 1.49 at 10k documents, +21% documents/s), and
	// never more text in memory than those two batches may hold.
	var docs []model.Document
	size := 0
	err = each(ctx, oldDocs, fDoc, func(stored []byte) error {
		var d model.Document
		if err := decodeDoc(stored, &d); err != nil {
			return fmt.Errorf("decoding a stored document: %w", err)
		}
		docs = append(docs, d)
		size += docSize(&d)
		if len(docs) == 2*BatchSize || size >= 2*BatchBytes {
			err := next.Put(ctx, docs)
			docs, size = docs[:0], 0
			return err
		}
		return nil
	})
	if err == nil && len(docs) > 0 {
		err = next.Put(ctx, docs)
	}
	if err != nil {
		return Stats{}, fmt.Errorf("copying documents: %w", err)
	}
	bySource := map[string][]model.Grant{}
	err = each(ctx, old.grants, gGrant, func(js []byte) error {
		var g model.Grant
		if err := json.Unmarshal(js, &g); err != nil {
			return fmt.Errorf("decoding a stored grant: %w", err)
		}
		bySource[g.SourceID] = append(bySource[g.SourceID], g)
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("copying grants: %w", err)
	}
	if err := next.PutGrantsBatch(ctx, bySource); err != nil {
		return Stats{}, fmt.Errorf("copying grants: %w", err)
	}
	st, err := next.Stats(ctx)
	if err != nil {
		return Stats{}, err
	}

	// Switch: meta.json first (atomic), then the old generation goes.
	next.mu.Lock()
	ng := next.gen
	next.gen = nil
	next.mu.Unlock()
	keep = true
	if err := ng.close(); err != nil {
		return Stats{}, err
	}
	if err := writeMeta(dir, meta{Version: MappingVersion, Generation: ng.n}); err != nil {
		return Stats{}, err
	}
	cerr := old.close()
	old = nil
	if cerr != nil {
		logger.Warn("closing the old generation", "err", cerr)
	}
	if err := os.RemoveAll(oldPath); err != nil {
		return st, fmt.Errorf("removing the old generation: %w", err)
	}
	logger.Info("rebuilt index", "dir", dir, "from_version", m.Version, "to_version", MappingVersion,
		"documents", st.Documents, "grants", st.Grants)
	return st, nil
}

// readMetaAnyVersion reads meta.json without judging its version.
func readMetaAnyVersion(dir string) (meta, bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if errors.Is(err, os.ErrNotExist) {
		return meta{}, false, nil
	}
	if err != nil {
		return meta{}, false, fmt.Errorf("reading index meta: %w", err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || m.Generation < 1 {
		return meta{}, false, fmt.Errorf("%s in %s is unreadable (%v): delete %s and crawl again", metaFile, dir, err, dir)
	}
	return m, true, nil
}

// each calls fn with the stored field of every document of b, in ID order,
// a page at a time.
func each(ctx context.Context, b bleve.Index, field string, fn func([]byte) error) error {
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 500, 0, false)
		req.Fields = []string{field}
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := b.SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			js, _ := h.Fields[field].(string)
			if js == "" {
				continue
			}
			if err := fn([]byte(js)); err != nil {
				return err
			}
		}
		if len(res.Hits) < 500 {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
