package index

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/krakow-ngo/ngosearch/model"
)

// PutGrants replaces all grants read from the document sourceID with gs
// (none: the source's grants are removed). Every grant must name sourceID
// and validate, or nothing changes. Many sources at once: PutGrantsBatch.
func (ix *Index) PutGrants(ctx context.Context, sourceID string, gs []model.Grant) error {
	return ix.PutGrantsBatch(ctx, map[string][]model.Grant{sourceID: gs})
}

// PutGrantsBatch replaces the grants of many source documents: each
// source ID's grants become exactly the given ones (none: removed). It
// costs one search for the old grants and one bleve batch (more past
// maxGrantOps changes) for all the sources, where PutGrants per source
// costs one of each per source; a source with no grants, old or new,
// costs no write. Every grant must name its source and validate, or
// nothing changes. A source is replaced whole within one bleve batch.
func (ix *Index) PutGrantsBatch(ctx context.Context, bySource map[string][]model.Grant) error {
	sources := slices.Sorted(maps.Keys(bySource))
	for _, src := range sources {
		if src == "" {
			return fmt.Errorf("%w: grants need a source document ID", ErrBadRequest)
		}
		gs := bySource[src]
		for i := range gs {
			if gs[i].SourceID != src {
				return fmt.Errorf("%w: grant %d names source %q, not %q", ErrBadRequest, i, gs[i].SourceID, src)
			}
			if gs[i].OrgKey == "" {
				gs[i].OrgKey = model.GrantOrgKey(gs[i].Organization, gs[i].KRS)
			}
			if err := gs[i].Validate(); err != nil {
				return fmt.Errorf("grant %d of %s: %w", i, src, err)
			}
		}
	}
	if len(sources) == 0 {
		return nil
	}
	g, err := ix.acquire()
	if err != nil {
		return err
	}
	defer ix.release()
	return g.replaceGrants(ctx, sources, bySource)
}

// maxGrantOps bounds the deletions and additions of one grant batch; a
// source is never split across batches, so one with more goes alone.
const maxGrantOps = BatchSize * 4

// replaceGrants deletes the grants of the sources (sorted, no repeats) and
// indexes bySource's instead (nil: only deletes). A source's deletions and
// additions share a bleve batch, so readers never see it half replaced.
func (g *generation) replaceGrants(ctx context.Context, sources []string, bySource map[string][]model.Grant) error {
	old, err := g.grantIDs(ctx, sources)
	if err != nil {
		return err
	}
	b := g.grants.NewBatch()
	write := func() error {
		if b.Size() == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := g.grants.Batch(b); err != nil {
			return fmt.Errorf("writing grants: %w", err)
		}
		// A new batch, not b.Reset(): scorch's Batch returns while its
		// feeder goroutine may still be ranging over b's operations
		// (the race detector caught Reset clearing them under it).
		b = g.grants.NewBatch()
		return nil
	}
	for _, src := range sources {
		gs, ids := bySource[src], old[src]
		if len(gs) == 0 && len(ids) == 0 {
			continue
		}
		if b.Size() > 0 && b.Size()+len(ids)+len(gs) > maxGrantOps {
			if err := write(); err != nil {
				return err
			}
		}
		for _, id := range ids {
			b.Delete(id)
		}
		for i := range gs {
			if err := indexGrant(b, &gs[i]); err != nil {
				return err
			}
		}
	}
	return write()
}

func indexGrant(b *bleve.Batch, gr *model.Grant) error {
	js, err := json.Marshal(gr)
	if err != nil {
		return fmt.Errorf("encoding grant: %w", err)
	}
	data := map[string]any{
		gOrg:      gr.Organization,
		gOrgKey:   gr.OrgKey,
		gOrgSort:  model.OrgNameKey(gr.Organization),
		gTask:     gr.Task,
		gAmount:   float64(gr.Amount), // exact: grosze stay far below 2^53
		gSourceID: gr.SourceID,
		gGrant:    string(js),
	}
	if gr.KRS != "" {
		data[gKRS] = gr.KRS
	}
	if gr.Area != "" {
		data[gArea] = gr.Area
	}
	if gr.Year != 0 {
		data[gYear] = float64(gr.Year)
	}
	if err := b.Index(gr.ID(), data); err != nil {
		return fmt.Errorf("indexing grant: %w", err)
	}
	return nil
}

// grantIDs finds the IDs of the grants read from the sources (sorted),
// by source: one search per BatchSize sources (a disjunction of terms),
// sorted by source and ID so that the sort values name each hit's source
// (the field is not stored) and page with SearchAfter.
func (g *generation) grantIDs(ctx context.Context, sources []string) (map[string][]string, error) {
	out := map[string][]string{}
	for start := 0; start < len(sources); start += BatchSize {
		chunk := sources[start:min(start+BatchSize, len(sources))]
		qs := make([]query.Query, len(chunk))
		for i, id := range chunk {
			qs[i] = termQ(gSourceID, id, 1)
		}
		q := bleve.NewDisjunctionQuery(qs...)
		var after []string
		for {
			req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
			req.SortBy([]string{gSourceID, "_id"})
			req.SearchAfter = after
			res, err := g.grants.SearchInContext(ctx, req)
			if err != nil {
				return nil, fmt.Errorf("finding the grants of %d sources: %w", len(chunk), err)
			}
			for _, h := range res.Hits {
				if len(h.Sort) != 2 {
					return nil, fmt.Errorf("finding grants: hit %s has %d sort values, want 2", h.ID, len(h.Sort))
				}
				out[h.Sort[0]] = append(out[h.Sort[0]], h.ID)
			}
			if len(res.Hits) < 1000 {
				break
			}
			after = res.Hits[len(res.Hits)-1].Sort
		}
	}
	return out, nil
}

var grantSorts = map[string][]string{
	"":             {"-" + gYear, "-" + gAmount, gOrgSort, "_id"},
	"-year":        {"-" + gYear, "-" + gAmount, gOrgSort, "_id"},
	"year":         {gYear, "-" + gAmount, gOrgSort, "_id"},
	"amount":       {gAmount, gOrgSort, "_id"},
	"-amount":      {"-" + gAmount, gOrgSort, "_id"},
	"organization": {gOrgSort, "-" + gYear, "-" + gAmount, "_id"},
}

// Grants finds grants by organisation, key, KRS, year, amount range and
// free text over organisation and task. Total counts every match and Sum
// adds all their amounts exactly, not just the page's.
func (ix *Index) Grants(ctx context.Context, r model.GrantRequest) (model.GrantResult, error) {
	bad := func(format string, args ...any) (model.GrantResult, error) {
		return model.GrantResult{}, fmt.Errorf("%w: %s", ErrBadRequest, fmt.Sprintf(format, args...))
	}
	sortBy, ok := grantSorts[r.Sort]
	switch {
	case !ok:
		return bad("sort %q: use amount, -amount, year, -year or organization", r.Sort)
	case r.Page < 0:
		return bad("page %d: pages start at 1", r.Page)
	case r.Size < 0 || r.Size > model.MaxPageSize:
		return bad("page size %d is outside 1..%d", r.Size, model.MaxPageSize)
	case len(r.Query) > model.MaxQueryLength || len(r.Organization) > model.MaxQueryLength:
		return bad("query is longer than %d bytes", model.MaxQueryLength)
	case r.MinAmount < 0 || r.MaxAmount < 0:
		return bad("amounts cannot be negative")
	case r.MaxAmount != 0 && r.MaxAmount < r.MinAmount:
		return bad("amount range ends (%s) below its start (%s)", r.MaxAmount, r.MinAmount)
	case r.KRS != "" && !isDigits(r.KRS):
		return bad("KRS %q is not a number", r.KRS)
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Size == 0 {
		r.Size = model.DefaultPageSize
	}
	if (r.Page-1)*r.Size+r.Size > model.MaxResultWindow {
		return bad("page %d of size %d reaches past result %d, the deepest we page", r.Page, r.Size, model.MaxResultWindow)
	}
	g, err := ix.acquire()
	if err != nil {
		return model.GrantResult{}, err
	}
	defer ix.release()

	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewMatchAllQuery())
	var filters []query.Query
	if r.Organization != "" {
		if c := g.grantText(r.Organization, []string{gOrg}); c != nil {
			bq.AddMust(c)
		}
	}
	if r.Query != "" {
		if c := g.grantText(r.Query, []string{gOrg, gTask, gArea}); c != nil {
			bq.AddMust(c)
		}
	}
	if r.OrgKey != "" {
		filters = append(filters, termQ(gOrgKey, r.OrgKey, 1))
	}
	if r.KRS != "" {
		filters = append(filters, termQ(gKRS, r.KRS, 1))
	}
	if r.Year != 0 {
		y := float64(r.Year)
		t := true
		nq := bleve.NewNumericRangeInclusiveQuery(&y, &y, &t, &t)
		nq.SetField(gYear)
		filters = append(filters, nq)
	}
	if r.MinAmount > 0 || r.MaxAmount > 0 {
		var lo, hi *float64
		if r.MinAmount > 0 {
			v := float64(r.MinAmount)
			lo = &v
		}
		if r.MaxAmount > 0 {
			v := float64(r.MaxAmount)
			hi = &v
		}
		t := true
		nq := bleve.NewNumericRangeInclusiveQuery(lo, hi, &t, &t)
		nq.SetField(gAmount)
		filters = append(filters, nq)
	}
	if len(filters) > 0 {
		// AddFilter keeps one query: the filters go in as one conjunction.
		bq.AddFilter(bleve.NewConjunctionQuery(filters...))
	}

	// The sum is taken over every match as the collector walks them: the
	// score callback sees each matching grant's amount from doc values.
	var sum atomic.Int64
	summing := func(_ context.Context, d *search.DocumentMatch) (float64, error) {
		if a, ok := d.Fields[gAmount].(float64); ok {
			sum.Add(int64(math.Round(a)))
		}
		return d.Score, nil
	}
	top := query.NewCustomScoreQueryWithScorer(bq, summing, []string{gAmount}, nil)
	req := bleve.NewSearchRequestOptions(top, r.Size, (r.Page-1)*r.Size, false)
	req.Fields = []string{gGrant}
	req.SortBy(sortBy)
	res, err := g.grants.SearchInContext(ctx, req)
	if err != nil {
		return model.GrantResult{}, fmt.Errorf("searching grants: %w", err)
	}
	out := model.GrantResult{Total: res.Total, Sum: model.Amount(sum.Load()), Grants: []model.Grant{}}
	for _, h := range res.Hits {
		js, _ := h.Fields[gGrant].(string)
		var gr model.Grant
		if err := json.Unmarshal([]byte(js), &gr); err != nil {
			return model.GrantResult{}, fmt.Errorf("decoding grant %s: %w", h.ID, err)
		}
		out.Grants = append(out.Grants, gr)
	}
	return out, nil
}

// grantText matches every word of text in the given grant fields, in any
// family (exact, stemmed, folded, light).
func (g *generation) grantText(text string, fields []string) query.Query {
	var all []query.Query
	for _, w := range tokens(text) {
		if len(w) == 10 && isDigits(w) && slices.Contains(fields, gTask) {
			// A KRS number typed into the free text.
			all = append(all, termQ(gKRS, w, wExact))
			continue
		}
		t := g.wordTerms(w)
		if t.exact == "" || t.stem == "" {
			continue
		}
		var qs []query.Query
		for _, f := range fields {
			qs = append(qs,
				termQ(f+sufExact, t.exact, wExact),
				termQ(f, t.stem, wStem),
				termQ(f+sufFold, t.fold, wFold),
				termQ(f+sufLight, t.light, wLight))
		}
		all = append(all, bleve.NewDisjunctionQuery(qs...))
	}
	if len(all) == 0 {
		return nil
	}
	return bleve.NewConjunctionQuery(all...)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// deleteGrantsOf removes the grants read from any of the source documents.
func (g *generation) deleteGrantsOf(ctx context.Context, sourceIDs []string) error {
	sources := slices.Clone(sourceIDs)
	slices.Sort(sources)
	return g.replaceGrants(ctx, slices.Compact(sources), nil)
}
