package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/krakow-ngo/ngosearch/model"
)

// Weights of the field families relative to each other, and of the rest.
const (
	wExact = 3.0
	wStem  = 2.0
	wFold  = 1.5
	wLight = 1.0
	wFuzzy = 0.3
	// wSynonym scales the variants a synonym brings in, below the words the
	// user typed.
	wSynonym = 0.6
	// recencyBoost is the most a brand-new document gains over an old one
	// (15%); it halves every recencyHalfLife.
	recencyBoost    = 0.15
	recencyHalfLife = 2 * 365 * 24 * time.Hour
)

// owStem is the light form without "-ow" (-ów typed without its accent:
// "seniorow"), which the index-time rules keep so as not to cut "krakow"
// down to "krak"; at query time it is one more, weaker, alternative.
func owStem(light string) string {
	if len(light) >= 7 && strings.HasSuffix(light, "ow") {
		return light[:len(light)-2]
	}
	return ""
}

// slowSearch is the time beyond which a search is logged.
const slowSearch = time.Second

// fuzziness is the edit distance allowed for a word of n letters.
func fuzziness(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// terms are the forms of one query word, one per field family.
type terms struct {
	exact, stem, fold, light string
	runes                    int
}

func (g *generation) wordTerms(w string) terms {
	t := terms{
		exact: first(g.an.exact, w),
		stem:  first(g.an.stem, w),
		fold:  first(g.an.fold, w),
		light: first(g.an.light, w),
	}
	// Fuzzy matching runs on the light form: its length decides the
	// allowed distance.
	t.runes = utf8.RuneCountInString(t.light)
	return t
}

func first(a analysis.Analyzer, w string) string {
	ts := a.Analyze([]byte(w))
	if len(ts) == 0 {
		return ""
	}
	return string(ts[0].Term)
}

func termQ(field, term string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// wordClause matches one word in any text field and family; scale
// multiplies every boost (bleve ignores boosts on compound queries).
func (g *generation) wordClause(w string, scale float64, fuzzy bool) query.Query {
	t := g.wordTerms(w)
	if t.exact == "" {
		return nil
	}
	var qs []query.Query
	for _, f := range textFields {
		b := f.boost * scale
		if !f.noExact {
			qs = append(qs, termQ(f.name+sufExact, t.exact, wExact*b))
		}
		if t.stem != "" {
			qs = append(qs, termQ(f.name, t.stem, wStem*b))
		}
		if t.stem != t.exact && utf8.RuneCountInString(t.exact) <= 5 {
			// The document may hold it as a protected acronym ("KRDPP")
			// that the query, typed in lower case, did not look like.
			qs = append(qs, termQ(f.name, t.exact, wStem*b))
		}
		if f.fold {
			qs = append(qs, termQ(f.name+sufFold, t.fold, wFold*b))
		}
		if !f.noLight {
			qs = append(qs, termQ(f.name+sufLight, t.light, wLight*b))
			if alt := owStem(t.light); alt != "" {
				qs = append(qs, termQ(f.name+sufLight, alt, wLight*0.8*b))
			}
		}
		if fuzzy && (f.name == fTitle || f.name == fText) {
			// Two nets for typos: the light form (folded, endings cut)
			// and the stem, which also reaches forms the light rules do
			// not ("senjorzy" -> "senjor" ~ "senior" <- "seniorów").
			for _, fz := range []struct{ field, term string }{{f.name + sufLight, t.light}, {f.name, t.stem}} {
				d := fuzziness(utf8.RuneCountInString(fz.term))
				if d == 0 || fz.term == "" {
					continue
				}
				if fq := termsQuery(fz.field, g.fuzzyExpansions(fz.field, fz.term, d), wFuzzy*b); fq != nil {
					qs = append(qs, fq)
				}
			}
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// phraseClause matches words as a phrase: exactly, or stemmed. With
// folded, a phrase typed without diacritics also matches its words
// anywhere in a folded field, since folded fields keep no positions.
func (g *generation) phraseClause(ws []string, scale float64, fields []string, folded bool) query.Query {
	text := strings.Join(ws, " ")
	var qs []query.Query
	for _, f := range textFields {
		if fields != nil && !slices.Contains(fields, f.name) {
			continue
		}
		b := f.boost * scale
		for _, fam := range []struct {
			suffix, analyzer string
			w                float64
		}{{sufExact, analyzerExact, wExact}, {"", analyzerStem, wStem}} {
			if fam.suffix == sufExact && !f.exactVectors {
				continue
			}
			mp := bleve.NewMatchPhraseQuery(text)
			mp.SetField(f.name + fam.suffix)
			mp.Analyzer = fam.analyzer
			mp.SetBoost(fam.w * b)
			qs = append(qs, mp)
		}
	}
	if folded && isASCII([]byte(text)) && len(ws) > 1 {
		var all []query.Query
		for _, w := range ws {
			if c := g.wordClause(w, scale*0.3, false); c != nil {
				all = append(all, c)
			}
		}
		if len(all) > 0 {
			qs = append(qs, bleve.NewConjunctionQuery(all...))
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// prefixClause matches words starting with p, as written or folded.
func (g *generation) prefixClause(p string) query.Query {
	exact, fold := first(g.an.exact, p), first(g.an.fold, p)
	var qs []query.Query
	for _, f := range textFields {
		for _, v := range []struct {
			field, term string
			w           float64
		}{{f.name + sufExact, exact, wStem}, {f.name + sufLight, fold, wLight}} {
			if v.term == "" || (f.noLight && strings.HasSuffix(v.field, sufLight)) || (f.noExact && strings.HasSuffix(v.field, sufExact)) {
				continue
			}
			if pq := termsQuery(v.field, g.prefixExpansions(v.field, v.term), v.w*f.boost); pq != nil {
				qs = append(qs, pq)
			}
		}
	}
	if len(qs) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// fuzzBudget says whether to look for typos of a word: only when the
// index does not know it, since a known word's neighbours ("krakowski" ~
// "krakow") are other words, and for the first maxFuzzyWords such words
// of a query, since each costs a walk of the term dictionaries.
type fuzzBudget struct{ left int }

const maxFuzzyWords = 4

func (f *fuzzBudget) allow(g *generation, w string) bool {
	if f.left <= 0 || g.knownWord(g.wordTerms(w)) {
		return false
	}
	f.left--
	return true
}

// excludeClause matches a word in its exact or stemmed form (all its
// inflections), in any text field.
func (g *generation) excludeClause(w string) query.Query {
	t := g.wordTerms(w)
	if t.exact == "" {
		return nil
	}
	var qs []query.Query
	for _, f := range textFields {
		if !f.noExact {
			qs = append(qs, termQ(f.name+sufExact, t.exact, 1))
		}
		if t.stem != "" {
			qs = append(qs, termQ(f.name, t.stem, 1))
		}
		if f.fold {
			qs = append(qs, termQ(f.name+sufFold, t.fold, 1))
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// units are the scoring parts of a query: a word, a phrase, or a word run
// with its synonyms. required is false for stop words.
type unit struct {
	q        query.Query
	required bool
	// near, instead of q, is a run of words that ranks the best hits
	// higher where they stand side by side (see rerank): as a phrase
	// over the whole index, common words would cost more than the rest
	// of the query.
	near []string
}

// Caps on what one query may ask, so that a pasted page of text costs a
// bounded amount: words after maxWords, phrases after maxPhrases and
// exclusions after maxExcluded are ignored.
const (
	maxWords    = 32
	maxPhrases  = 8
	maxExcluded = 16
)

// capQuery applies the caps.
func capQuery(q *Query) {
	if len(q.Words) > maxWords {
		q.Words = q.Words[:maxWords]
	}
	if len(q.Phrases) > maxPhrases {
		q.Phrases = q.Phrases[:maxPhrases]
	}
	if len(q.Prefixes) > maxPhrases {
		q.Prefixes = q.Prefixes[:maxPhrases]
	}
	if len(q.Exclude) > maxExcluded {
		q.Exclude = q.Exclude[:maxExcluded]
	}
	if len(q.ExcludePhrases) > maxPhrases {
		q.ExcludePhrases = q.ExcludePhrases[:maxPhrases]
	}
	if len(q.Orgs) > maxPhrases {
		q.Orgs = q.Orgs[:maxPhrases]
	}
}

// stemOf is the stemmed form of one word ("" for a stop word).
func (g *generation) stemOf(w string) string { return first(g.an.stem, w) }

// units builds the scoring parts of q; folded adds to quoted phrases typed
// without diacritics their words anywhere (see phraseClause).
func (g *generation) units(q *Query, syn *synonyms, matches []synMatch, folded bool) []unit {
	var us []unit
	fz := &fuzzBudget{left: maxFuzzyWords}
	mi := 0
	for i := 0; i < len(q.Words); {
		if mi < len(matches) && matches[mi].start == i {
			m := matches[mi]
			mi++
			ws := q.Words[m.start:m.end]
			us = append(us, unit{q: g.synonymClause(ws, syn.groups[m.group], m.variant, fz), required: true})
			if len(ws) > 1 {
				// The words as typed, together, rank first; the clause
				// above matches them anywhere.
				us = append(us, unit{near: ws})
			}
			i = m.end
			continue
		}
		w := q.Words[i]
		i++
		c := g.wordClause(w, 1, fz.allow(g, w))
		if c == nil {
			continue
		}
		us = append(us, unit{q: c, required: g.wordTerms(w).stem != ""})
	}
	for _, p := range q.Phrases {
		us = append(us, unit{q: g.phraseClause(p, 1.5, nil, folded), required: true})
	}
	for _, p := range q.Prefixes {
		us = append(us, unit{q: g.prefixClause(p), required: true})
	}
	if n := len(q.Words); n >= 2 && n <= 6 {
		// Proximity: documents where the words stand together, as typed,
		// rank above those where they are scattered. Optional.
		us = append(us, unit{near: q.Words})
	}
	if !slices.ContainsFunc(us, func(u unit) bool { return u.required }) {
		for i := range us {
			us[i].required = true // only stop words: they are what was asked
		}
	}
	return us
}

func (g *generation) synonymClause(ws []string, group []variant, matched int, fz *fuzzBudget) query.Query {
	var qs []query.Query
	if len(ws) == 1 {
		qs = append(qs, g.wordClause(ws[0], 1, fz.allow(g, ws[0])))
	} else {
		var all []query.Query
		for _, w := range ws {
			if c := g.wordClause(w, 1, fz.allow(g, w)); c != nil {
				all = append(all, c)
			}
		}
		qs = append(qs, bleve.NewConjunctionQuery(all...))
	}
	for i, v := range group {
		if i == matched {
			continue
		}
		// Scores add up over a clause's words: scale each variant to the
		// length of what was typed, so a five-word name does not outweigh
		// the one acronym the user asked for.
		scale := wSynonym * float64(len(ws)) / float64(len(v.words))
		if len(v.words) == 1 {
			qs = append(qs, g.wordClause(v.words[0], scale, false))
		} else {
			qs = append(qs, g.phraseClause(v.words, scale, nil, false))
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// filters are the non-scoring restrictions: the request's and the query's.
func (g *generation) filters(r *model.SearchRequest, q *Query) []query.Query {
	var fs []query.Query
	anyOf := func(field string, vals []string) {
		if len(vals) == 0 {
			return
		}
		var qs []query.Query
		for _, v := range vals {
			qs = append(qs, termQ(field, v, 1))
		}
		fs = append(fs, bleve.NewDisjunctionQuery(qs...))
	}
	strs := func(n int, f func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	anyOf(fType, strs(len(r.Types), func(i int) string { return string(r.Types[i]) }))
	anyOf(fType, strs(len(q.Types), func(i int) string { return string(q.Types[i]) }))
	anyOf(fYear, strs(len(r.Years), func(i int) string { return strconv.Itoa(r.Years[i]) }))
	anyOf(fYear, strs(len(q.Years), func(i int) string { return strconv.Itoa(q.Years[i]) }))
	anyOf(fHost, strs(len(r.Hosts), func(i int) string { return strings.ToLower(r.Hosts[i]) }))
	anyOf(fKind, strs(len(r.Kinds), func(i int) string { return string(r.Kinds[i]) }))
	anyOf(fOrg, r.Organizations)
	if len(q.Hosts) > 0 {
		var es []expansion
		for _, h := range q.Hosts {
			es = append(es, g.hostExpansions(h)...)
		}
		if hq := termsQuery(fHost, es, 1); hq != nil {
			fs = append(fs, hq)
		} else {
			fs = append(fs, bleve.NewMatchNoneQuery())
		}
	}
	if !r.From.IsZero() || !r.To.IsZero() {
		t := true
		dq := bleve.NewDateRangeInclusiveQuery(r.From, r.To, &t, &t)
		dq.SetField(fPublished)
		fs = append(fs, dq)
	}
	for _, o := range q.Orgs {
		fs = append(fs, g.phraseClause(o, 1, []string{fUnit, fTitle, fText, fAtt}, true))
	}
	return fs
}

// validate checks r against the model's limits and fills in defaults.
func validate(r *model.SearchRequest) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadRequest, fmt.Sprintf(format, args...))
	}
	switch {
	case len(r.Query) > model.MaxQueryLength:
		return bad("query is %d bytes long, the limit is %d", len(r.Query), model.MaxQueryLength)
	case r.Page < 0:
		return bad("page %d: pages start at 1", r.Page)
	case r.Size < 0 || r.Size > model.MaxPageSize:
		return bad("page size %d is outside 1..%d", r.Size, model.MaxPageSize)
	case r.Sort != "" && r.Sort != "relevance" && r.Sort != "date":
		return bad("sort %q: use \"relevance\" or \"date\"", r.Sort)
	case !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From):
		return bad("date range ends (%s) before it starts (%s)", r.To.Format(time.DateOnly), r.From.Format(time.DateOnly))
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Size == 0 {
		r.Size = model.DefaultPageSize
	}
	if r.Page > model.MaxResultWindow || (r.Page-1)*r.Size+r.Size > model.MaxResultWindow {
		return bad("page %d of size %d reaches past result %d, the deepest we page", r.Page, r.Size, model.MaxResultWindow)
	}
	for _, t := range r.Types {
		if !t.Valid() {
			return bad("unknown document type %q", t)
		}
	}
	for _, k := range r.Kinds {
		if !k.Valid() {
			return bad("unknown document kind %q", k)
		}
	}
	for _, y := range r.Years {
		if y < 1990 || y > 2100 {
			return bad("year %d is outside 1990..2100", y)
		}
	}
	return nil
}

// Search answers a search-box query with its filters, facets and
// highlighted hits. Bad parameters yield ErrBadRequest; the query text
// itself never does (see Query).
func (ix *Index) Search(ctx context.Context, r model.SearchRequest) (model.SearchResult, error) {
	start := time.Now()
	if err := validate(&r); err != nil {
		return model.SearchResult{}, err
	}
	key, cacheable := cacheKey(&r)
	var version uint64
	if cacheable {
		var res model.SearchResult
		var ok bool
		if res, version, ok = ix.cache.get(key); ok {
			res.Took = time.Since(start)
			return res, nil
		}
	}
	select {
	case ix.searching <- struct{}{}:
		defer func() { <-ix.searching }()
	case <-ctx.Done():
		return model.SearchResult{}, ctx.Err()
	}
	g, err := ix.acquire()
	if err != nil {
		return model.SearchResult{}, err
	}
	defer ix.release()

	r.Query = strings.ToValidUTF8(r.Query, " ")
	q := ParseQuery(r.Query)
	capQuery(&q)
	syns := ix.syn.find(q.Words, g.stemOf)
	us := g.units(&q, ix.syn, syns, false)
	fs := g.filters(&r, &q)
	var not []query.Query
	for _, w := range q.Exclude {
		if c := g.excludeClause(w); c != nil {
			not = append(not, c)
		}
	}
	for _, p := range q.ExcludePhrases {
		not = append(not, g.phraseClause(p, 1, nil, true))
	}

	res, bq, err := g.relaxed(ctx, &r, us, fs, not)
	if err == nil && res.Total == 0 && slices.ContainsFunc(q.Phrases, func(p []string) bool { return len(p) > 1 && isASCII([]byte(strings.Join(p, ""))) }) {
		// A phrase typed without diacritics ("zrodla finansowania")
		// matched nothing as typed: its words anywhere, folded. Only
		// then, since for common words that costs more than the phrase.
		res, bq, err = g.relaxed(ctx, &r, g.units(&q, ix.syn, syns, true), fs, not)
	}
	if err != nil {
		return model.SearchResult{}, err
	}
	docs := make([]model.Document, len(res.Hits))
	var paged []string
	for i, h := range res.Hits {
		stored, _ := h.Fields[fDoc].(string)
		if err := decodeDoc([]byte(stored), &docs[i]); err != nil {
			return model.SearchResult{}, fmt.Errorf("decoding stored document %s: %w", h.ID, err)
		}
		if docs[i].Kind.Paged() && len(docs[i].Pages) > 1 {
			paged = append(paged, h.ID)
		}
	}
	var locs map[string]search.FieldTermLocationMap
	if len(paged) > 0 {
		if locs, err = g.locations(ctx, bq, paged); err != nil {
			return model.SearchResult{}, err
		}
	}
	out := model.SearchResult{Total: res.Total, Facets: facets(res), Hits: []model.Hit{}}
	m := g.newMatcher(&q, ix.syn, syns)
	for i, h := range res.Hits {
		out.Hits = append(out.Hits, g.hit(h, &docs[i], locs[h.ID], m))
	}
	if len(q.Words) > 0 {
		out.DidYouMean = g.didYouMean(ctx, r.Query, &q, docs)
	}
	out.Took = time.Since(start)
	if out.Took > slowSearch {
		ix.logger.Warn("slow search", "query", r.Query, "took", out.Took, "total", out.Total)
	}
	if cacheable {
		kept := out
		kept.Hits = slices.Clone(out.Hits)
		ix.cache.put(key, version, kept)
	}
	return out, nil
}

// relaxed runs the search with all required units matching; when nothing
// has them all, all but one; then any: ranked by how many and how well.
func (g *generation) relaxed(ctx context.Context, r *model.SearchRequest, us []unit, fs, not []query.Query) (*bleve.SearchResult, query.Query, error) {
	required := 0
	for _, u := range us {
		if u.required {
			required++
		}
	}
	res, bq, err := g.run(ctx, r, us, fs, not, required)
	for _, min := range []int{required - 1, 1} {
		if err != nil || res.Total > 0 || min < 1 || min >= required {
			continue
		}
		res, bq, err = g.run(ctx, r, us, fs, not, min)
	}
	return res, bq, err
}

// run searches with at least min of the required units matching (all of
// them when min is their number); the other units only add to the score.
func (g *generation) run(ctx context.Context, r *model.SearchRequest, us []unit, fs, not []query.Query, min int) (*bleve.SearchResult, query.Query, error) {
	var must, opt []query.Query
	var near [][]string
	for _, u := range us {
		switch {
		case u.near != nil:
			near = append(near, u.near)
		case u.required:
			must = append(must, u.q)
		default:
			opt = append(opt, u.q)
		}
	}
	bq := bleve.NewBooleanQuery()
	switch {
	case len(must) == 0:
		bq.AddMust(bleve.NewMatchAllQuery())
	case min >= len(must):
		bq.AddMust(must...)
	default:
		d := bleve.NewDisjunctionQuery(must...)
		d.SetMin(float64(min))
		bq.AddMust(d)
	}
	if len(opt) > 0 {
		bq.AddShould(opt...)
	}
	if len(fs) > 0 {
		// AddFilter keeps one query: the filters go in as one conjunction.
		bq.AddFilter(bleve.NewConjunctionQuery(fs...))
	}
	// Duplicates are marked when indexed (see dedupe.go).
	bq.AddMustNot(append(not, termQ(fDup, "1", 1))...)

	first := (r.Page - 1) * r.Size // the page's first hit
	byScore := r.Sort != "date"
	rerank := byScore && first < rerankWindow
	size, from := r.Size, first
	if rerank {
		// The recency boost re-ranks the best rerankWindow hits (a
		// boost over every hit would read every hit's date): fetch them
		// all, from the first.
		size, from = max(rerankWindow, first+r.Size), 0
	}
	req := bleve.NewSearchRequestOptions(bq, size, from, false)
	if !rerank {
		req.Fields = []string{fDoc}
	}
	if !r.NoFacets {
		for name, size := range map[string]int{fType: 20, fYear: 50, fHost: 20, fKind: 20, fOrg: 20} {
			req.AddFacet(name, bleve.NewFacetRequest(name, size))
		}
	}
	if !byScore {
		req.SortBy([]string{"-" + fPublished, "-_score", "_id"})
	}
	res, err := g.docs.SearchInContext(ctx, req)
	if err != nil {
		return nil, nil, fmt.Errorf("searching: %w", err)
	}
	if rerank {
		if err := g.rerank(ctx, res, near, first, r.Size); err != nil {
			return nil, nil, err
		}
	}
	return res, bq, nil
}

// rerankWindow is how many of the best hits rerank re-ranks.
const rerankWindow = 100

// proximityBoost is what the best word-proximity match gains (60%).
const proximityBoost = 0.6

// rerank re-ranks res's first rerankWindow hits: a hit that holds runs
// of near side by side (nil: none asked) gains up to proximityBoost, in
// proportion to its proximity score over the best one's, and the recency
// boost multiplies; then they are sorted again and the page [from,
// from+size) kept with the stored documents. Each step reads just those
// hits: term locations for proximity, dates from doc values.
func (g *generation) rerank(ctx context.Context, res *bleve.SearchResult, near [][]string, from, size int) error {
	hits := res.Hits[:min(len(res.Hits), rerankWindow)]
	if len(hits) > 0 {
		ids := hitIDs(hits)
		if len(near) > 0 {
			scores, err := g.proximity(ctx, ids, near)
			if err != nil {
				return err
			}
			best := 0.0
			for _, s := range scores {
				best = max(best, s)
			}
			if best > 0 {
				for _, h := range hits {
					h.Score *= 1 + proximityBoost*scores[h.ID]/best
				}
			}
		}
		boost, err := g.recency(ctx, ids)
		if err != nil {
			return err
		}
		for _, h := range hits {
			if b, ok := boost[h.ID]; ok {
				h.Score *= b
			}
		}
		slices.SortStableFunc(hits, func(a, b *search.DocumentMatch) int {
			return cmp.Compare(b.Score, a.Score)
		})
	}
	page := res.Hits[min(from, len(res.Hits)):min(from+size, len(res.Hits))]
	res.Hits = page
	if len(page) == 0 {
		return nil
	}
	fq := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(hitIDs(page)), len(page), 0, false)
	fq.Score = "none"
	fq.Fields = []string{fDoc}
	fres, err := g.docs.SearchInContext(ctx, fq)
	if err != nil {
		return fmt.Errorf("loading hits: %w", err)
	}
	stored := make(map[string]map[string]any, len(fres.Hits))
	for _, h := range fres.Hits {
		stored[h.ID] = h.Fields
	}
	for _, h := range page {
		h.Fields = stored[h.ID]
	}
	return nil
}

// recency is the recency boost of each of the documents ids that has a
// date, read from the doc values by a sort over just those documents.
func (g *generation) recency(ctx context.Context, ids []string) (map[string]float64, error) {
	dq := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	dq.Score = "none"
	dq.SortByCustom(search.SortOrder{&search.SortField{Field: fPublished, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast}})
	dres, err := g.docs.SearchInContext(ctx, dq)
	if err != nil {
		return nil, fmt.Errorf("dating hits: %w", err)
	}
	now := time.Now()
	boost := make(map[string]float64, len(dres.Hits))
	for _, h := range dres.Hits {
		if len(h.Sort) == 0 {
			continue
		}
		ns, err := numeric.PrefixCoded(h.Sort[0]).Int64()
		if err != nil {
			continue
		}
		age := max(now.Sub(time.Unix(0, ns)), 0)
		boost[h.ID] = 1 + recencyBoost*math.Exp2(-float64(age)/float64(recencyHalfLife))
	}
	return boost, nil
}

func hitIDs(hits []*search.DocumentMatch) []string {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// onDocs is q on the documents ids only. A conjunction, not a filter:
// the ID list leads, so q is checked on these documents only, not run
// over the index and filtered. The ID list adds nothing to the score.
func onDocs(ids []string, q query.Query) query.Query {
	only := bleve.NewDocIDQuery(ids)
	only.SetBoost(0)
	return bleve.NewConjunctionQuery(only, q)
}

// locations runs q again on the given documents only, with term locations,
// which name the pages of paged documents. Asking for locations in the
// main search would decode them for every match, not just the page shown
// (about a fifth of its CPU).
func (g *generation) locations(ctx context.Context, q query.Query, ids []string) (map[string]search.FieldTermLocationMap, error) {
	req := bleve.NewSearchRequestOptions(onDocs(ids, q), len(ids), 0, false)
	req.IncludeLocations = true
	res, err := g.docs.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("locating matches: %w", err)
	}
	out := make(map[string]search.FieldTermLocationMap, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Locations
	}
	return out, nil
}

func facets(res *bleve.SearchResult) map[string][]model.FacetCount {
	out := map[string][]model.FacetCount{}
	for name, fr := range res.Facets {
		fc := []model.FacetCount{}
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				fc = append(fc, model.FacetCount{Value: t.Term, Count: t.Count})
			}
		}
		out[name] = fc
	}
	return out
}

func (g *generation) hit(h *search.DocumentMatch, d *model.Document, locs search.FieldTermLocationMap, m *matcher) model.Hit {
	hit := model.Hit{
		ID: d.ID, URL: d.URL, Title: d.Title, Date: d.Published,
		Kind: d.Kind, Type: d.Type, Host: d.Host, Score: h.Score,
	}
	text := d.Text() // lead and body
	if d.Kind.Paged() {
		text = ""
		hit.Page = bestPage(locs, d.Pages, m.unlocated(locs[fText]))
		if hit.Page == 0 {
			hit.Page = g.scanPages(d.Pages, m)
		}
		if hit.Page > 0 && hit.Page <= len(d.Pages) {
			text = d.Pages[hit.Page-1]
		}
	}
	frags := g.fragments(text, m, 3)
	if len(frags) == 0 && d.Kind.Paged() && d.Lead != "" {
		frags = g.fragments(d.Lead, m, 1)
	}
	if len(frags) == 0 {
		frags = []string{leadSnippet(firstNonEmpty(d.Lead, text))}
	}
	hit.Snippet = frags[0]
	if len(frags) > 1 {
		hit.Fragments = frags[1:]
	}
	return hit
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// bestPage is the 1-based page with the most distinct matched terms (then
// the most matches) in the paged fields' term locations, where a page
// whose folded text contains one of the unlocated forms counts it as one
// more term; 0 when neither names a page.
func bestPage(locs search.FieldTermLocationMap, pages []string, unlocated []string) int {
	type score struct{ distinct, total int }
	per := map[int]*score{}
	at := func(p int) *score {
		s := per[p]
		if s == nil {
			s = &score{}
			per[p] = s
		}
		return s
	}
	for _, ls := range locs[fText] {
		seen := map[int]bool{}
		for _, l := range ls {
			if len(l.ArrayPositions) == 0 {
				continue
			}
			p := int(l.ArrayPositions[0]) - textPage0 + 1
			if p < 1 || p > len(pages) {
				continue
			}
			s := at(p)
			s.total++
			if !seen[p] {
				seen[p] = true
				s.distinct++
			}
		}
	}
	if len(unlocated) > 0 {
		for i, text := range pages[:min(len(pages), maxScanPages)] {
			f := foldString(text)
			for _, u := range unlocated {
				if n := strings.Count(f, u); n > 0 {
					s := at(i + 1)
					s.distinct++
					s.total += n
				}
			}
		}
	}
	best, bs := 0, score{}
	for p, s := range per {
		if s.distinct > bs.distinct || (s.distinct == bs.distinct && s.total > bs.total) ||
			(s.distinct == bs.distinct && s.total == bs.total && p < best) {
			best, bs = p, *s
		}
	}
	return best
}

// maxScanPages bounds how many pages of one hit are read to locate words
// the term locations do not name.
const maxScanPages = 300

// scanPages finds the page with the most matches by analysing the pages
// themselves, for hits that matched through fields without positions
// (diacritic-free or fuzzy). It gives up after maxScanPages; page 1 then.
func (g *generation) scanPages(pages []string, m *matcher) int {
	best, bestN := 1, 0
	for i, p := range pages {
		if i >= maxScanPages {
			break
		}
		if n := len(g.marks(p, m)); n > bestN {
			best, bestN = i+1, n
		}
	}
	if len(pages) == 0 {
		return 0
	}
	return best
}
