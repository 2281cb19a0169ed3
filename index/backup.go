package index

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
)

// Backup copies the live generation into dst, which must not exist, as a
// complete index directory (meta.json and gen-N with both bleve indexes)
// that Open can open. It runs online: bleve copies a consistent snapshot
// while searches and writes go on.
func (ix *Index) Backup(dst string) error {
	g, err := ix.acquire()
	if err != nil {
		return err
	}
	defer ix.release()
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("%w: backup target %s already exists", ErrBadRequest, dst)
	}
	gp := genPath(dst, g.n)
	for name, b := range map[string]bleve.Index{docsDir: g.docs, grantsDir: g.grants} {
		c, ok := b.(bleve.IndexCopyable)
		if !ok {
			return fmt.Errorf("backing up %s: the index cannot be copied online", name)
		}
		if err := c.CopyTo(bleve.FileSystemDirectory(filepath.Join(gp, name))); err != nil {
			return fmt.Errorf("backing up %s: %w", name, err)
		}
	}
	if err := writeMeta(dst, meta{Version: MappingVersion, Generation: g.n}); err != nil {
		return fmt.Errorf("backing up: %w", err)
	}
	ix.logger.Info("index backed up", "to", dst, "generation", g.n)
	return nil
}
