package bench

import (
	"context"
	"errors"
	"strings"

	"github.com/krakow-ngo/ngosearch/model"
)

// ErrSkipped means an engine cannot run on this machine (its programs are
// not installed); the message says what is missing.
var ErrSkipped = errors.New("engine skipped")

// Engine is one search engine under test. Index is called with batches in
// order, then Flush once; after Reopen the engine serves queries from what
// it wrote to disk, concurrently. An engine opened on a kept index
// (Config.Reuse) is never written: Size and Reopen come first.
type Engine interface {
	Name() string
	Index(ctx context.Context, items []Item) error
	// Flush makes everything indexed durable and searchable and closes the
	// write side, so Size is final.
	Flush(ctx context.Context) error
	// Reopen opens the index for serving, as a restarted server would.
	Reopen(ctx context.Context) error
	Search(ctx context.Context, q Query) (int, error)
	Suggest(ctx context.Context, prefix string) (int, error)
	// Size is the index's size on disk in bytes.
	Size(ctx context.Context) (int64, error)
	// Count is the number of documents the open index serves.
	Count(ctx context.Context) (int, error)
	// PIDs are the processes whose memory is the engine's (0: this process).
	PIDs() []int
	Close() error
}

// QueryClass names a kind of query in the mix.
type QueryClass string

// The query mix of issue 7.
const (
	QSingle   QueryClass = "single"   // one word
	QWords    QueryClass = "words"    // two or three words
	QPhrase   QueryClass = "phrase"   // a quoted phrase
	QTypo     QueryClass = "typo"     // one word with a typing error
	QPrefix   QueryClass = "prefix"   // suggestions for a prefix
	QFiltered QueryClass = "filtered" // a word, a type and years, with facets
)

// QueryClasses lists the mix in report order.
var QueryClasses = []QueryClass{QSingle, QWords, QPhrase, QTypo, QPrefix, QFiltered}

// Query is one query of the mix, engine-neutral.
type Query struct {
	Class QueryClass `json:"class"`
	// Words are the words typed; for QPhrase they form the phrase, for
	// QPrefix Words[0] is the prefix.
	Words []string `json:"words"`
	// Filters of QFiltered.
	Type     model.DocType `json:"type,omitempty"`
	FromYear int           `json:"from_year,omitempty"`
	ToYear   int           `json:"to_year,omitempty"`
}

// Text is the query as a user types it into ngosearch's search box.
func (q Query) Text() string {
	if q.Class == QPhrase {
		return `"` + strings.Join(q.Words, " ") + `"`
	}
	return strings.Join(q.Words, " ")
}

// Years lists FromYear..ToYear.
func (q Query) Years() []int {
	var ys []int
	for y := q.FromYear; y != 0 && y <= q.ToYear; y++ {
		ys = append(ys, y)
	}
	return ys
}

// stopish are frequent Polish function words that make poor queries.
var stopish = map[string]bool{"oraz": true, "jest": true, "przez": true, "które": true, "który": true, "która": true, "także": true, "roku": true, "dla": true, "się": true, "tych": true, "było": true, "była": true, "były": true, "może": true, "mogą": true, "jako": true, "tego": true, "przy": true, "jego": true, "będzie": true, "zostały": true, "została": true, "został": true, "tylko": true, "więcej": true, "również": true, "informacji": true}

// Queries derives a fixed mix of n queries per class from the corpus:
// words that occur in it, single words taken in turn from rare (in at
// most 5% of documents), middling (5-30%) and common ones, as measured on
// the first 400 documents.
func Queries(c *Corpus, n int) []Query {
	p := c.pool
	r := c.rng(-7)
	sample := min(c.Len(), 400)
	df := map[string]int{}
	for i := range sample {
		it := c.Item(i)
		seen := map[string]bool{}
		for _, w := range splitWords(it.Doc.Title + " " + it.Doc.Text()) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	var content []string
	bands := make([][]string, 3)
	for _, w := range p.Words {
		if len([]rune(w)) < 6 || stopish[w] || df[w] == 0 {
			continue
		}
		content = append(content, w)
		f := float64(df[w]) / float64(sample)
		switch {
		case f <= 0.05:
			bands[0] = append(bands[0], w)
		case f <= 0.30:
			bands[1] = append(bands[1], w)
		default:
			bands[2] = append(bands[2], w)
		}
	}
	if len(content) == 0 {
		content = p.Words
	}
	word := func(i int) string {
		if b := bands[i%3]; len(b) > 0 {
			return pick(r, b)
		}
		return pick(r, content)
	}
	var out []Query
	sentenceWords := func() []string {
		for {
			var ws []string
			for _, w := range splitWords(pick(r, p.Sentences)) {
				if len([]rune(w)) >= 4 && !stopish[w] {
					ws = append(ws, w)
				}
			}
			if len(ws) >= 3 {
				return ws
			}
		}
	}
	for i := range n {
		out = append(out, Query{Class: QSingle, Words: []string{word(i)}})
	}
	for range n {
		ws := sentenceWords()
		k := 2 + r.IntN(2)
		j := r.IntN(len(ws) - k + 1)
		out = append(out, Query{Class: QWords, Words: ws[j : j+k]})
	}
	for range n {
		// Consecutive words of a real sentence, function words included.
		var ws []string
		for len(ws) < 3 {
			ws = splitWords(pick(r, p.Sentences))
		}
		k := 2 + r.IntN(2)
		j := r.IntN(len(ws) - k + 1)
		out = append(out, Query{Class: QPhrase, Words: ws[j : j+k]})
	}
	for i := range n {
		w := []rune(word(i))
		k := 1 + r.IntN(len(w)-2)
		switch r.IntN(3) {
		case 0: // swap two letters
			w[k], w[k+1] = w[k+1], w[k]
		case 1: // drop one
			w = append(w[:k], w[k+1:]...)
		default: // double one
			w = append(w[:k+1], w[k:]...)
		}
		out = append(out, Query{Class: QTypo, Words: []string{string(w)}})
	}
	for range n {
		w := []rune(pick(r, content))
		out = append(out, Query{Class: QPrefix, Words: []string{string(w[:3+r.IntN(3)])}})
	}
	for i := range n {
		from := 2013 + r.IntN(10)
		out = append(out, Query{Class: QFiltered, Words: []string{word(i)},
			Type:     pick(r, []model.DocType{model.TypeNews, model.TypeResolution, model.TypeCompetitionResults, model.TypeAnnualReport, model.TypeOrder}),
			FromYear: from, ToYear: from + r.IntN(4)})
	}
	// Interleave the classes (single, words, ..., filtered, single, ...),
	// so any run of consecutive queries samples every class.
	k := len(QueryClasses)
	mixed := make([]Query, 0, len(out))
	for i := range n {
		for c := range k {
			mixed = append(mixed, out[c*n+i])
		}
	}
	return mixed
}
