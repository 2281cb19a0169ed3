package index

import (
	"context"
	"encoding/json"
	"fmt"
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
// and validate, or nothing changes.
func (ix *Index) PutGrants(ctx context.Context, sourceID string, gs []model.Grant) error {
	if sourceID == "" {
		return fmt.Errorf("%w: grants need a source document ID", ErrBadRequest)
	}
	for i := range gs {
		if gs[i].SourceID != sourceID {
			return fmt.Errorf("%w: grant %d names source %q, not %q", ErrBadRequest, i, gs[i].SourceID, sourceID)
		}
		if gs[i].OrgKey == "" {
			gs[i].OrgKey = model.GrantOrgKey(gs[i].Organization, gs[i].KRS)
		}
		if err := gs[i].Validate(); err != nil {
			return fmt.Errorf("grant %d: %w", i, err)
		}
	}
	g, err := ix.acquire()
	if err != nil {
		return err
	}
	defer ix.release()
	return g.replaceGrants(ctx, sourceID, gs)
}

// replaceGrants deletes the source's grants and indexes gs in one batch
// (several when there are many), so readers never see a source half
// replaced in the common case.
func (g *generation) replaceGrants(ctx context.Context, sourceID string, gs []model.Grant) error {
	old, err := g.grantIDs(ctx, sourceID)
	if err != nil {
		return err
	}
	b := g.grants.NewBatch()
	for _, id := range old {
		b.Delete(id)
	}
	for i := range gs {
		gr := &gs[i]
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
		if b.Size() >= BatchSize*4 {
			if err := g.grants.Batch(b); err != nil {
				return fmt.Errorf("writing grants: %w", err)
			}
			b.Reset()
		}
	}
	if b.Size() == 0 {
		return nil
	}
	if err := g.grants.Batch(b); err != nil {
		return fmt.Errorf("writing grants: %w", err)
	}
	return nil
}

func (g *generation) grantIDs(ctx context.Context, sourceID string) ([]string, error) {
	var ids []string
	for from := 0; ; from += 1000 {
		req := bleve.NewSearchRequestOptions(termQ(gSourceID, sourceID, 1), 1000, from, false)
		req.SortBy([]string{"_id"})
		res, err := g.grants.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("finding grants of %s: %w", sourceID, err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < 1000 {
			return ids, nil
		}
	}
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
	for start := 0; start < len(sourceIDs); start += BatchSize {
		var qs []query.Query
		for _, id := range sourceIDs[start:min(start+BatchSize, len(sourceIDs))] {
			qs = append(qs, termQ(gSourceID, id, 1))
		}
		b := g.grants.NewBatch()
		var after []string
		for {
			req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), 1000, 0, false)
			req.SortBy([]string{"_id"})
			req.SearchAfter = after
			res, err := g.grants.SearchInContext(ctx, req)
			if err != nil {
				return fmt.Errorf("finding grants to delete: %w", err)
			}
			for _, h := range res.Hits {
				b.Delete(h.ID)
			}
			if len(res.Hits) < 1000 {
				break
			}
			after = []string{res.Hits[len(res.Hits)-1].ID}
		}
		if b.Size() > 0 {
			if err := g.grants.Batch(b); err != nil {
				return fmt.Errorf("deleting grants: %w", err)
			}
		}
	}
	return nil
}
