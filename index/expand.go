package index

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Caps on how many indexed words one word of a query may expand to, so
// that a short prefix ("kon*"), a typo with many neighbours or a broad
// site filter costs a bounded amount whatever the index holds. The most
// frequent words are kept: they are the likely meant ones (as a search
// engine's "max expansions").
const (
	maxPrefixTerms = 128
	maxFuzzyTerms  = 64
	maxHostTerms   = 64
)

// expansion is a term a query word expanded to, with its document count.
type expansion struct {
	term  string
	count uint64
}

// collect reads a term dictionary and keeps the max most frequent terms
// that keep accepts (nil: all).
func collect(d bleveindex.FieldDict, max int, keep func(string) bool) []expansion {
	if d == nil {
		return nil
	}
	defer d.Close()
	var out []expansion
	for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
		if keep != nil && !keep(e.Term) {
			continue
		}
		out = append(out, expansion{e.Term, e.Count})
		if len(out) >= 4*max {
			out = top(out, max) // bounded memory on a huge dictionary
		}
	}
	return top(out, max)
}

// top keeps the max most frequent expansions, ties by term.
func top(es []expansion, max int) []expansion {
	slices.SortFunc(es, func(a, b expansion) int {
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		return strings.Compare(a.term, b.term)
	})
	return es[:min(len(es), max)]
}

// termsQuery matches any of the expansions in field, each with boost; nil
// when there are none.
func termsQuery(field string, es []expansion, boost float64) query.Query {
	if len(es) == 0 {
		return nil
	}
	qs := make([]query.Query, len(es))
	for i, e := range es {
		qs[i] = termQ(field, e.term, boost)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// prefixExpansions are the most frequent words of field starting with p.
func (g *generation) prefixExpansions(field, p string) []expansion {
	d, err := g.docs.FieldDictPrefix(field, []byte(p))
	if err != nil {
		return nil
	}
	return collect(d, maxPrefixTerms, nil)
}

// fuzzyExpansions are the most frequent words of field within edit
// distance d of term that share its first letter.
func (g *generation) fuzzyExpansions(field, term string, d int) []expansion {
	if term == "" {
		return nil
	}
	return g.fuzzyTerms(field, term, d, string([]rune(term)[:1]), maxFuzzyTerms)
}

// maxFuzzyCandidates bounds the neighbours of a word that are counted.
const maxFuzzyCandidates = 1024

// fuzzyTerms are the max most frequent words of field within edit
// distance d of term that start with prefix. The fuzzy dictionary walk
// does not count documents, so each candidate's count is read from its
// postings; candidates past maxFuzzyCandidates are not considered.
func (g *generation) fuzzyTerms(field, term string, d int, prefix string, max int) []expansion {
	ai, err := g.docs.Advanced()
	if err != nil {
		return nil
	}
	r, err := ai.Reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	fr, ok := r.(bleveindex.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	dict, err := fr.FieldDictFuzzy(field, term, d, prefix)
	if err != nil {
		return nil
	}
	var cands []string
	for e, err := dict.Next(); err == nil && e != nil && len(cands) < maxFuzzyCandidates; e, err = dict.Next() {
		cands = append(cands, e.Term)
	}
	_ = dict.Close()
	out := make([]expansion, 0, len(cands))
	for _, c := range cands {
		tfr, err := r.TermFieldReader(context.Background(), []byte(c), field, false, false, false)
		if err != nil {
			continue
		}
		out = append(out, expansion{c, tfr.Count()})
		_ = tfr.Close()
	}
	return top(out, max)
}

// hostExpansions are the indexed hosts containing part ("bip",
// "ngo.krakow"): a plain substring test over the host dictionary, no
// pattern language.
func (g *generation) hostExpansions(part string) []expansion {
	d, err := g.docs.FieldDict(fHost)
	if err != nil {
		return nil
	}
	return collect(d, maxHostTerms, func(h string) bool { return strings.Contains(h, part) })
}
