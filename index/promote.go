package index

import (
	"fmt"
	"os"
)

// Promote makes an index built with OpenNew the live one in its directory
// when there is no live index to Swap with (the old one has another
// mapping version and cannot be opened): meta.json is switched to it by an
// atomic rename, then the other generations are removed. The index stays
// open and usable.
func (ix *Index) Promote() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.pending || ix.gen == nil {
		return fmt.Errorf("%w: promote needs an open index made by OpenNew", ErrBadRequest)
	}
	if err := writeMeta(ix.dir, meta{Version: MappingVersion, Generation: ix.gen.n}); err != nil {
		return err
	}
	ix.pending = false
	gens, err := generations(ix.dir)
	if err != nil {
		return err
	}
	for _, g := range gens {
		if g != ix.gen.n {
			if err := os.RemoveAll(genPath(ix.dir, g)); err != nil {
				return fmt.Errorf("removing retired generation %d: %w", g, err)
			}
		}
	}
	ix.logger.Info("promoted rebuilt index", "dir", ix.dir, "generation", ix.gen.n)
	return nil
}
