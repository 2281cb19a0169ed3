package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/krakow-ngo/ngosearch/model"
)

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrNotFound: no document with that ID. It is model.ErrNotFound, so
	// the server maps it without importing this package.
	ErrNotFound = model.ErrNotFound
	// ErrBadRequest: the query or its parameters are not acceptable; the
	// wrapping message says what is wrong. It is model.ErrBadRequest.
	ErrBadRequest = model.ErrBadRequest
	// ErrVersion: the index on disk was built with another mapping version
	// and must be rebuilt; the message says how.
	ErrVersion = errors.New("index mapping version mismatch")
)

// BatchSize is how many documents Put sends to bleve at a time: large
// enough to amortise segment creation, small enough to bound memory
// (upstream reports memory growing with batch size and "too many open
// files" with tiny batches).
const BatchSize = 500

// BatchBytes bounds the text of one batch.
const BatchBytes = 32 << 20

func docSize(d *model.Document) int {
	n := len(d.Title) + len(d.Lead) + len(d.Body)
	for _, p := range d.Pages {
		n += len(p)
	}
	return n
}

const (
	metaFile       = "meta.json"
	docsDir        = "docs.bleve"
	grantsDir      = "grants.bleve"
	versionKey     = "ngosearch_mapping_version"
	generationBase = "gen-"
)

// meta is the small file beside the indexes that says which generation
// directory is live and which mapping version built it. It is replaced by
// an atomic rename, which is what makes Swap atomic on disk.
type meta struct {
	Version    int `json:"mapping_version"`
	Generation int `json:"generation"`
}

// Index is the search index: documents and grants, each in its own bleve
// index (scorch, on disk) inside one generation directory. Grants live in a
// separate index because they have nothing in common with documents but
// their source ID: separate mappings keep both small, a grant search never
// has to filter out documents, and counts and facets stay exact.
//
// All methods are safe for concurrent use.
type Index struct {
	dir    string
	logger *slog.Logger

	mu  sync.RWMutex
	gen *generation // nil once closed

	// pending is true for an index made by OpenNew that has not been swapped
	// in: its generation is not in meta.json yet.
	pending bool

	syn *synonyms

	cache searchCache
	// searching admits this many searches at once; the others wait. A
	// search holds its candidates, scores and facet counts in memory:
	// queueing bounds the heap under load and costs no throughput once
	// the cores are busy.
	searching chan struct{}
}

// newIndex is an Index over gen, with the search admission bound.
func newIndex(dir string, logger *slog.Logger, gen *generation, syn *synonyms, pending bool) *Index {
	return &Index{dir: dir, logger: logger, gen: gen, pending: pending, syn: syn,
		searching: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
}

// generation is one pair of bleve indexes in DIR/gen-N.
type generation struct {
	n      int
	path   string
	docs   bleve.Index
	grants bleve.Index
	an     analyzers
}

// analyzers are the mapping's analyzers, used to analyse query words and
// snippet text exactly as the indexed text was.
type analyzers struct {
	stem, exact, fold, light analysis.Analyzer
}

// Open opens the index in dir, creating it when dir holds none. An index
// built with another MappingVersion yields ErrVersion.
func Open(dir string, logger *slog.Logger) (*Index, error) {
	logger, syn, err := prepare(dir, logger)
	if err != nil {
		return nil, err
	}
	m, ok, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	if !ok {
		m = meta{Version: MappingVersion, Generation: 1}
		// Generations without meta.json were never live (a first Open that
		// crashed before writing it): start after them; OpenNew removes
		// them later. Nothing is deleted here, in case meta.json was lost
		// by hand.
		gens, err := generations(dir)
		if err != nil {
			return nil, err
		}
		if len(gens) > 0 {
			m.Generation = gens[len(gens)-1] + 1
			logger.Warn("index directory has generations but no meta.json; starting a new one", "dir", dir, "generations", gens)
		}
		gen, err := createGeneration(dir, m.Generation)
		if err != nil {
			return nil, err
		}
		if err := writeMeta(dir, m); err != nil {
			gen.close()
			return nil, err
		}
		logger.Info("created index", "dir", dir, "mapping_version", MappingVersion)
		return newIndex(dir, logger, gen, syn, false), nil
	}
	if m.Version != MappingVersion {
		return nil, versionError(dir, m.Version)
	}
	gen, err := openGeneration(dir, m.Generation)
	if err != nil {
		return nil, err
	}
	return newIndex(dir, logger, gen, syn, false), nil
}

// prepare is what Open and OpenNew need before touching dir: a logger,
// the analyzers registered, the synonyms loaded, the directory made.
func prepare(dir string, logger *slog.Logger) (*slog.Logger, *synonyms, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := registerAnalysis(); err != nil {
		return nil, nil, err
	}
	syn, err := loadSynonyms()
	if err != nil {
		return nil, nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("creating index directory: %w", err)
	}
	return logger, syn, nil
}

func versionError(dir string, have int) error {
	return fmt.Errorf("%w: index in %s was built with mapping version %d, this program needs %d: rebuild it with `ngosearch index --data DIR --rebuild` (DIR being the data directory that holds %s)",
		ErrVersion, dir, have, MappingVersion, dir)
}

// OpenNew builds a new, empty generation beside the live one in dir,
// for a rebuild: fill it with Put and PutGrants, then hand it to the live
// index's Swap. Searches on the live index go on meanwhile.
func OpenNew(dir string, logger *slog.Logger) (*Index, error) {
	logger, syn, err := prepare(dir, logger)
	if err != nil {
		return nil, err
	}
	m, _, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	gens, err := generations(dir)
	if err != nil {
		return nil, err
	}
	next := m.Generation + 1
	for _, g := range gens {
		if g == m.Generation {
			continue
		}
		next = max(next, g+1)
		if inUse(genPath(dir, g)) {
			continue // another rebuild is filling it
		}
		// A leftover of a rebuild that never swapped: nobody serves it.
		if err := os.RemoveAll(genPath(dir, g)); err != nil {
			return nil, fmt.Errorf("removing abandoned generation %d: %w", g, err)
		}
	}
	gen, err := createGeneration(dir, next)
	if err != nil {
		return nil, err
	}
	return newIndex(dir, logger, gen, syn, true), nil
}

// Swap makes next (from OpenNew on the same directory) the live index and
// retires the current generation. meta.json is switched by an atomic rename
// first, so a crash leaves either the old or the new generation live,
// never neither; in memory, searches already running finish on the old
// generation and new ones see the new one. next is unusable afterwards.
func (ix *Index) Swap(next *Index) error {
	if next == nil || !next.pending {
		return fmt.Errorf("%w: swap needs an index made by OpenNew", ErrBadRequest)
	}
	if filepath.Clean(next.dir) != filepath.Clean(ix.dir) {
		return fmt.Errorf("%w: swap across directories (%s, %s)", ErrBadRequest, ix.dir, next.dir)
	}
	next.mu.Lock()
	ng := next.gen
	next.gen = nil
	next.mu.Unlock()
	if ng == nil {
		return fmt.Errorf("%w: the new index is closed", ErrBadRequest)
	}
	if err := writeMeta(ix.dir, meta{Version: MappingVersion, Generation: ng.n}); err != nil {
		next.mu.Lock()
		next.gen = ng
		next.mu.Unlock()
		return err
	}
	ix.mu.Lock() // waits for running searches
	old := ix.gen
	ix.gen = ng
	ix.mu.Unlock()
	ix.cache.invalidate()
	if old == nil {
		return nil
	}
	err := old.close()
	if rerr := os.RemoveAll(old.path); rerr != nil && err == nil {
		err = fmt.Errorf("removing retired generation: %w", rerr)
	}
	ix.logger.Info("swapped index generation", "dir", ix.dir, "from", old.n, "to", ng.n)
	return err
}

func genPath(dir string, n int) string {
	return filepath.Join(dir, generationBase+strconv.Itoa(n))
}

func generations(dir string) ([]int, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	var gens []int
	for _, e := range ents {
		if s, ok := strings.CutPrefix(e.Name(), generationBase); ok && e.IsDir() {
			if n, err := strconv.Atoi(s); err == nil {
				gens = append(gens, n)
			}
		}
	}
	sort.Ints(gens)
	return gens, nil
}

func readMeta(dir string) (meta, bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if errors.Is(err, os.ErrNotExist) {
		return meta{}, false, nil
	}
	if err != nil {
		return meta{}, false, fmt.Errorf("reading index meta: %w", err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || m.Generation < 1 {
		return meta{}, false, fmt.Errorf("%w: %s in %s is unreadable (%v): rebuild it with `ngosearch index --data DIR --rebuild`", ErrVersion, metaFile, dir, err)
	}
	return m, true, nil
}

func writeMeta(dir string, m meta) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, metaFile+".*")
	if err != nil {
		return fmt.Errorf("writing index meta: %w", err)
	}
	_, werr := tmp.Write(append(b, '\n'))
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), filepath.Join(dir, metaFile))
	}
	if werr != nil {
		_ = os.Remove(tmp.Name()) // best effort; the error below is what matters
		return fmt.Errorf("writing index meta: %w", werr)
	}
	return nil
}

func createGeneration(dir string, n int) (*generation, error) {
	path := genPath(dir, n)
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	dmap, err := docMapping()
	if err != nil {
		return nil, fmt.Errorf("document mapping: %w", err)
	}
	gmap, err := grantMapping()
	if err != nil {
		return nil, fmt.Errorf("grant mapping: %w", err)
	}
	g := &generation{n: n, path: path}
	if g.docs, err = bleve.New(filepath.Join(path, docsDir), dmap); err != nil {
		return nil, fmt.Errorf("creating document index: %w", err)
	}
	if g.grants, err = bleve.New(filepath.Join(path, grantsDir), gmap); err != nil {
		g.close()
		return nil, fmt.Errorf("creating grant index: %w", err)
	}
	v := []byte(strconv.Itoa(MappingVersion))
	for _, b := range []bleve.Index{g.docs, g.grants} {
		if err := b.SetInternal([]byte(versionKey), v); err != nil {
			g.close()
			return nil, fmt.Errorf("storing mapping version: %w", err)
		}
	}
	if err := g.loadAnalyzers(); err != nil {
		g.close()
		return nil, err
	}
	return g, nil
}

func openGeneration(dir string, n int) (*generation, error) {
	path := genPath(dir, n)
	g := &generation{n: n, path: path}
	var err error
	if g.docs, err = openBleve(filepath.Join(path, docsDir)); err != nil {
		return nil, fmt.Errorf("opening document index in %s: %w", path, err)
	}
	if g.grants, err = openBleve(filepath.Join(path, grantsDir)); err != nil {
		g.close()
		return nil, fmt.Errorf("opening grant index in %s: %w", path, err)
	}
	for _, b := range []bleve.Index{g.docs, g.grants} {
		v, err := b.GetInternal([]byte(versionKey))
		if err != nil {
			g.close()
			return nil, fmt.Errorf("reading mapping version: %w", err)
		}
		if have, _ := strconv.Atoi(string(v)); have != MappingVersion {
			g.close()
			return nil, versionError(dir, have)
		}
	}
	if err := g.loadAnalyzers(); err != nil {
		g.close()
		return nil, err
	}
	return g, nil
}

func (g *generation) loadAnalyzers() error {
	m := g.docs.Mapping()
	for _, a := range []struct {
		dst  *analysis.Analyzer
		name string
	}{
		{&g.an.stem, analyzerStem}, {&g.an.exact, analyzerExact},
		{&g.an.fold, analyzerFold}, {&g.an.light, analyzerLight},
	} {
		*a.dst = m.AnalyzerNamed(a.name)
		if *a.dst == nil {
			return fmt.Errorf("analyzer %s is missing from the mapping", a.name)
		}
	}
	return nil
}

func (g *generation) close() error {
	var errs []error
	for _, b := range []bleve.Index{g.docs, g.grants} {
		if b != nil {
			if err := b.Close(); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Close closes the index. Further calls return an error.
func (ix *Index) Close() error {
	ix.mu.Lock()
	g := ix.gen
	ix.gen = nil
	ix.mu.Unlock()
	if g == nil {
		return nil
	}
	if ix.pending {
		// Never swapped in: nothing will ever open it.
		err := g.close()
		if rerr := os.RemoveAll(g.path); err == nil {
			err = rerr
		}
		return err
	}
	return g.close()
}

var errClosed = errors.New("index is closed")

// acquire returns the live generation, read-locked; call release after.
func (ix *Index) acquire() (*generation, error) {
	ix.mu.RLock()
	if ix.gen == nil {
		ix.mu.RUnlock()
		return nil, errClosed
	}
	return ix.gen, nil
}

func (ix *Index) release() { ix.mu.RUnlock() }

// Put adds or replaces documents, in batches of at most BatchSize. A
// document that does not validate stops Put with an error wrapping
// model.ErrInvalid before anything is written; a failed batch stops it
// too, and earlier batches stay indexed. Put returns once every batch is
// written.
//
// Two batches are written at once (see batchWriter): while bleve turns
// one into a segment, on one core, the next is prepared and analysed on
// the other.
func (ix *Index) Put(ctx context.Context, docs []model.Document) error {
	g, err := ix.acquire()
	if err != nil {
		return err
	}
	defer ix.release()
	defer ix.cache.invalidate()
	for i := range docs {
		if err := docs[i].Validate(); err != nil {
			return fmt.Errorf("document %d (%s): %w", i, docs[i].URL, err)
		}
	}
	w := &batchWriter{g: g}
	for _, chunk := range chunks(docs) {
		if err := ctx.Err(); err != nil {
			return errors.Join(err, w.wait())
		}
		if err := w.write(ctx, chunk); err != nil {
			return errors.Join(err, w.wait())
		}
	}
	return w.wait()
}

// chunks splits docs into batches of at most BatchSize documents, as
// even as that allows. A batch also ends before it would pass BatchBytes
// of text (500 long PDFs would not fit in memory); a single larger
// document is a batch of its own. Smaller batches would give the
// batchWriter more to overlap, but segments half as large cost more in
// merging than the overlap gains (100k documents: 314 docs/s on 1.75 cores
// with calls of 500 split in two, against 367 on 1.49 unsplit).
func chunks(docs []model.Document) [][]*model.Document {
	n := max((len(docs)+BatchSize-1)/BatchSize, 1)
	per := (len(docs) + n - 1) / n
	var out [][]*model.Document
	for start := 0; start < len(docs); {
		chunk := make([]*model.Document, 0, per)
		size := 0
		for ; start < len(docs) && len(chunk) < per; start++ {
			ds := docSize(&docs[start])
			if len(chunk) > 0 && size+ds > BatchBytes {
				break
			}
			chunk = append(chunk, &docs[start])
			size += ds
		}
		out = append(out, chunk)
	}
	return out
}

// indexDoc adds d to b with its duplicate flag and dupKey.
func (g *generation) indexDoc(b *bleve.Batch, d *model.Document, dup bool, key string) error {
	doc, err := g.bleveDoc(d, dup, key)
	if err == nil {
		err = b.IndexAdvanced(doc)
	}
	if err != nil {
		return fmt.Errorf("indexing %s: %w", d.URL, err)
	}
	return nil
}

// bleveDoc is d as the mapping indexes it, except that the publication
// date keeps its doc values one document per chunk and uncompressed.
// Re-ranking reads the dates of the top 100 hits (recency), documents
// scattered over the index: in bleve's default layout each of those reads
// decompresses a chunk of 1,024 documents' dates, 8% of a query's CPU at
// 100k documents. Segments written before keep the default layout; a
// merge with one of them falls back to it (zap keeps an option only when
// every merged segment has it), so an index built by a binary before this
// one answers the same, only without the saving until it is rebuilt.
func (g *generation) bleveDoc(d *model.Document, dup bool, key string) (*document.Document, error) {
	data, err := docData(d, dup, key)
	if err != nil {
		return nil, err
	}
	doc := document.NewDocument(d.ID)
	if err := g.docs.Mapping().MapDocument(doc, data); err != nil {
		return nil, err
	}
	for i, f := range doc.Fields {
		dt, ok := f.(*document.DateTimeField)
		if !ok || dt.Name() != fPublished {
			continue
		}
		t, layout, err := dt.DateTime()
		if err != nil {
			return nil, fmt.Errorf("publication date: %w", err)
		}
		opts := dt.Options() | index.SkipDVChunking | index.SkipDVCompression
		if doc.Fields[i], err = document.NewDateTimeFieldWithIndexingOptions(dt.Name(), dt.ArrayPositions(), t, layout, opts); err != nil {
			return nil, fmt.Errorf("publication date: %w", err)
		}
	}
	return doc, nil
}

// docData is what bleve indexes for d: the analysed properties and the
// whole record as stored JSON.
func docData(d *model.Document, dup bool, key string) (map[string]any, error) {
	stored, err := encodeDoc(d)
	if err != nil {
		return nil, err
	}
	m := map[string]any{
		fTitle: d.Title,
		fKind:  string(d.Kind),
		fHost:  d.Host,
		fURL:   d.URL,
		fDoc:   stored,
	}
	if dup {
		m[fDup] = "1"
	}
	if len(d.Organizations) > 0 {
		m[fOrg] = d.Organizations
	}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set(fLead, d.Lead)
	set(fUnit, d.Unit)
	set(fType, string(d.Type))
	set(fDupKey, key)
	text := make([]string, textPage0, textPage0+len(d.Pages))
	text[0], text[1] = d.Lead, d.Body
	m[fText] = append(text, d.Pages...)
	if len(d.Attachments) > 0 {
		t := make([]string, 0, len(d.Attachments))
		for _, a := range d.Attachments {
			if a.Title != "" {
				t = append(t, a.Title)
			}
		}
		m[fAtt] = t
	}
	if !d.Published.IsZero() {
		m[fPublished] = d.Published.UTC()
		m[fYear] = strconv.Itoa(d.Published.Year())
	}
	return m, nil
}

// Delete removes documents and the grants read from them. Unknown IDs are
// not an error.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	g, err := ix.acquire()
	if err != nil {
		return err
	}
	defer ix.release()
	defer ix.cache.invalidate()
	flags, reindex, _, err := g.dedupe(ctx, nil, nil, ids)
	if err != nil {
		return err
	}
	b := g.docs.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	for i := range reindex {
		if err := g.indexDoc(b, &reindex[i], flags[reindex[i].ID], dupKey(&reindex[i])); err != nil {
			return err
		}
	}
	if err := g.docs.Batch(b); err != nil {
		return fmt.Errorf("deleting documents: %w", err)
	}
	return g.deleteGrantsOf(ctx, ids)
}

// Document returns the stored record with that ID, or ErrNotFound.
func (ix *Index) Document(ctx context.Context, id string) (model.Document, error) {
	g, err := ix.acquire()
	if err != nil {
		return model.Document{}, err
	}
	defer ix.release()
	return g.document(id)
}

func (g *generation) document(id string) (model.Document, error) {
	js, err := storedField(g.docs, id, fDoc)
	if err != nil {
		return model.Document{}, err
	}
	var d model.Document
	if err := decodeDoc(js, &d); err != nil {
		return model.Document{}, fmt.Errorf("decoding stored document %s: %w", id, err)
	}
	return d, nil
}

func storedField(b bleve.Index, id, field string) ([]byte, error) {
	doc, err := b.Document(id)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", id, err)
	}
	if doc == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	var val []byte
	doc.VisitFields(func(f index.Field) {
		if f.Name() == field {
			val = f.Value()
		}
	})
	if val == nil {
		return nil, fmt.Errorf("%w: %s has no stored record", ErrNotFound, id)
	}
	return val, nil
}

// Stats is what the index holds; the shape lives in model so the server
// can serve it without importing this package.
type Stats = model.IndexStats

// Stats counts documents and grants, by type, host and kind.
func (ix *Index) Stats(ctx context.Context) (Stats, error) {
	g, err := ix.acquire()
	if err != nil {
		return Stats{}, err
	}
	defer ix.release()
	// Counts by type, host and kind leave duplicates out, like searches.
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewMatchAllQuery())
	bq.AddMustNot(termQ(fDup, "1", 1))
	req := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	for _, f := range []string{fType, fHost, fKind} {
		req.AddFacet(f, bleve.NewFacetRequest(f, 1000))
	}
	res, err := g.docs.SearchInContext(ctx, req)
	if err != nil {
		return Stats{}, fmt.Errorf("counting documents: %w", err)
	}
	gc, err := g.grants.DocCount()
	if err != nil {
		return Stats{}, fmt.Errorf("counting grants: %w", err)
	}
	all, err := g.docs.DocCount()
	if err != nil {
		return Stats{}, fmt.Errorf("counting documents: %w", err)
	}
	st := Stats{Documents: all, Duplicates: all - res.Total, Grants: gc, MappingVersion: MappingVersion, Generation: g.n}
	counts := func(name string) map[string]int {
		m := map[string]int{}
		if fr := res.Facets[name]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				m[t.Term] = t.Count
			}
		}
		return m
	}
	st.ByType, st.ByHost, st.ByKind = counts(fType), counts(fHost), counts(fKind)
	err = filepath.WalkDir(g.path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a segment merged away meanwhile
		}
		if info, ierr := d.Info(); ierr == nil && !d.IsDir() {
			st.DiskBytes += info.Size()
		}
		return nil
	})
	return st, err
}
