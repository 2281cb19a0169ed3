package index

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// proximity scores how closely each of the documents ids holds the word
// runs: a run found with its words side by side, as the stemmed phrase
// would match (a stop word keeps its gap), adds its number of words times
// the boost of the best field it stands in. Documents holding no run are
// left out.
//
// The positions come from the term locations of these documents only. A
// phrase query on them would not do: bleve's phrase searcher, asked to
// advance to the next of these documents, checks the positions of every
// candidate on the way, and for a rare phrase of common words that is most
// of the index (the proximity step was a third of a multi-word query's
// CPU).
func (g *generation) proximity(ctx context.Context, ids []string, runs [][]string) (map[string]float64, error) {
	var seqs [][]runTerm
	var qs []query.Query
	asked := map[string]bool{}
	for _, ws := range runs {
		ts := g.an.stem.Analyze([]byte(strings.Join(ws, " ")))
		if len(ts) < 2 {
			continue
		}
		seq := make([]runTerm, len(ts))
		for i, t := range ts {
			seq[i] = runTerm{term: string(t.Term), off: uint64(t.Position - ts[0].Position)}
			if !asked[seq[i].term] {
				asked[seq[i].term] = true
				for _, f := range textFields {
					qs = append(qs, termQ(f.name, seq[i].term, 1))
				}
			}
		}
		seqs = append(seqs, seq)
	}
	if len(seqs) == 0 {
		return nil, nil
	}
	locs, err := g.locations(ctx, bleve.NewDisjunctionQuery(qs...), ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]float64, len(locs))
	for id, fl := range locs {
		s := 0.0
		for _, seq := range seqs {
			best := 0.0
			for _, f := range textFields {
				if f.boost > best && sideBySide(fl[f.name], seq) {
					best = f.boost
				}
			}
			s += best * float64(len(seq))
		}
		if s > 0 {
			out[id] = s
		}
	}
	return out, nil
}

// runTerm is a word of a run: its stemmed term and its position after the
// run's first word.
type runTerm struct {
	term string
	off  uint64
}

// sideBySide says whether the field's locations hold the run: its first
// term at some position, every other one at that position plus its
// offset, in the same array element (page).
func sideBySide(tl search.TermLocationMap, seq []runTerm) bool {
	type at struct{ elem, pos uint64 }
	elem := func(l *search.Location) uint64 {
		if len(l.ArrayPositions) == 0 {
			return 0
		}
		return l.ArrayPositions[0] + 1
	}
	rest := make([]map[at]bool, len(seq))
	for i := 1; i < len(seq); i++ {
		ls := tl[seq[i].term]
		if len(ls) == 0 {
			return false
		}
		rest[i] = make(map[at]bool, len(ls))
		for _, l := range ls {
			rest[i][at{elem(l), l.Pos}] = true
		}
	}
	for _, l := range tl[seq[0].term] {
		all := true
		for i := 1; i < len(seq) && all; i++ {
			all = rest[i][at{elem(l), l.Pos + seq[i].off}]
		}
		if all {
			return true
		}
	}
	return false
}
