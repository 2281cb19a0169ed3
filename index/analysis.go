package index

import (
	"bytes"
	"fmt"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/pl"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	bleveunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// The analyzers of the four field families. Every analysed text property is
// indexed once per family, so a query can prefer the exact word over its
// stem, its stem over its diacritic-free form, and all of them over a typo.
const (
	// analyzerStem is bleve's Polish analyzer (pl.AnalyzerName: lower case,
	// Polish stop words, Stempel stemmer) with short words and acronyms kept
	// away from the stemmer, which turns them into colliding junk
	// ("OPP" -> "oć", "pip" and "piwko" -> "ąć").
	analyzerStem = "ngosearch_pl_stem"
	// analyzerExact lower-cases and nothing else: the words as written.
	analyzerExact = "ngosearch_exact"
	// analyzerFold lower-cases and folds to ASCII (ł -> l included), so
	// "lodz" finds "Łódź". It never stems: folding before the Stempel
	// stemmer breaks it ("zrodlo" -> "zrodlecio").
	analyzerFold = "ngosearch_fold"
	// analyzerLight folds and then strips common Polish inflection endings
	// with a small rule list of our own, so diacritic-free inflected words
	// meet ("bezdomnosc" ~ "bezdomności", "krakowie" ~ "Kraków").
	analyzerLight = "ngosearch_light"
	// analyzerSuggest makes "folded|word" terms ("lodzi|łodzi") for
	// search-as-you-type: a prefix, folded, finds the words in the term
	// dictionary whatever diacritics were typed, and the part after the bar
	// is what to show. Stop words and one-letter words are dropped.
	analyzerSuggest = "ngosearch_suggest"

	// analyzerStemPos and analyzerExactPos are analyzerStem and
	// analyzerExact as indexed where positions are kept: the same terms
	// and positions, the byte offsets zeroed. zap stores a start and an
	// end offset beside every position; phrases and page location read
	// only positions and array positions, snippets re-analyse the stored
	// text, so the offsets were two to six bytes per word of index for
	// nothing (see TestIndexedOffsetsDropped). Queries keep using the
	// plain analyzers.
	analyzerStemPos  = "ngosearch_pl_stem_pos"
	analyzerExactPos = "ngosearch_exact_pos"
)

// noOffsets is an analyzer with the byte offsets of its tokens zeroed.
type noOffsets struct{ analysis.Analyzer }

func (a noOffsets) Analyze(in []byte) analysis.TokenStream {
	ts := a.Analyzer.Analyze(in)
	for _, t := range ts {
		t.Start, t.End = 0, 0
	}
	return ts
}

func noOffsetsConstructor(base string) registry.AnalyzerConstructor {
	return func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		a, err := cache.AnalyzerNamed(base)
		if err != nil {
			return nil, err
		}
		return noOffsets{a}, nil
	}
}

func suggestAnalyzerConstructor(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(bleveunicode.Name)
	if err != nil {
		return nil, err
	}
	lower, err := cache.TokenFilterNamed(lowercase.Name)
	if err != nil {
		return nil, err
	}
	stop, err := cache.TokenFilterNamed(pl.StopName)
	if err != nil {
		return nil, err
	}
	return &analysis.DefaultAnalyzer{
		CharFilters:  []analysis.CharFilter{colonFilter{}},
		Tokenizer:    tok,
		TokenFilters: []analysis.TokenFilter{lower, stop, suggestFilter{asciifolding.New()}},
	}, nil
}

type suggestFilter struct {
	f *asciifolding.AsciiFoldingFilter
}

func (s suggestFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		if utf8.RuneCount(t.Term) < 2 || (len(t.Term) > 0 && t.Term[0] >= '0' && t.Term[0] <= '9') {
			continue
		}
		folded := t.Term
		if !isASCII(t.Term) {
			folded = s.f.Filter(t.Term)
		}
		term := make([]byte, 0, len(folded)+1+len(t.Term))
		term = append(append(append(term, folded...), '|'), t.Term...)
		t.Term = term
		out = append(out, t)
	}
	return out
}

// registerOnce guards the registration of our analyzers in bleve's global
// registry. bleve offers no per-index registry: an index opened from disk
// rebuilds its analyzers by name from the global one, so the names must be
// registered before the first Open, exactly once per process (registering a
// name twice is an error, and the registry's maps are not safe for
// concurrent writes). With errRegister, its outcome, this is the package's
// only mutable package-level state.
var (
	registerOnce sync.Once
	errRegister  error
)

func registerAnalysis() error {
	registerOnce.Do(func() {
		for _, r := range []struct {
			name string
			ctor registry.AnalyzerConstructor
		}{
			{analyzerStem, stemAnalyzerConstructor},
			{analyzerExact, foldAnalyzerConstructor(false, false)},
			{analyzerFold, foldAnalyzerConstructor(true, false)},
			{analyzerLight, foldAnalyzerConstructor(true, true)},
			{analyzerSuggest, suggestAnalyzerConstructor},
			{analyzerStemPos, noOffsetsConstructor(analyzerStem)},
			{analyzerExactPos, noOffsetsConstructor(analyzerExact)},
		} {
			if err := registry.RegisterAnalyzer(r.name, r.ctor); err != nil {
				errRegister = fmt.Errorf("registering analyzer %s: %w", r.name, err)
				return
			}
		}
	})
	return errRegister
}

// stemAnalyzerConstructor builds analyzerStem from bleve's own Polish
// analyzer: the same tokenizer and filters, with a marker in front that
// flags short words and acronyms, and the stemmer wrapped so it skips them.
func stemAnalyzerConstructor(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	a, err := cache.AnalyzerNamed(pl.AnalyzerName)
	if err != nil {
		return nil, fmt.Errorf("bleve's polish analyzer: %w", err)
	}
	base, ok := a.(*analysis.DefaultAnalyzer)
	if !ok || len(base.TokenFilters) == 0 {
		return nil, fmt.Errorf("bleve's polish analyzer has an unexpected shape %T", a)
	}
	stemmer, err := cache.TokenFilterNamed(pl.SnowballStemmerName)
	if err != nil {
		return nil, fmt.Errorf("bleve's polish stemmer: %w", err)
	}
	filters := []analysis.TokenFilter{protectFilter{}}
	for _, f := range base.TokenFilters {
		if f == stemmer {
			f = protectedStemmer{inner: stemmer, cache: &stemCache{m: map[string][]byte{}}}
		}
		filters = append(filters, f)
	}
	chars := append([]analysis.CharFilter{colonFilter{}}, base.CharFilters...)
	return &analysis.DefaultAnalyzer{CharFilters: chars, Tokenizer: base.Tokenizer, TokenFilters: filters}, nil
}

func foldAnalyzerConstructor(fold, light bool) registry.AnalyzerConstructor {
	return func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(bleveunicode.Name)
		if err != nil {
			return nil, err
		}
		lower, err := cache.TokenFilterNamed(lowercase.Name)
		if err != nil {
			return nil, err
		}
		filters := []analysis.TokenFilter{lower}
		if fold {
			filters = append(filters, foldFilter{asciifolding.New()})
		}
		if light {
			filters = append(filters, lightFilter{})
		}
		return &analysis.DefaultAnalyzer{CharFilters: []analysis.CharFilter{colonFilter{}}, Tokenizer: tok, TokenFilters: filters}, nil
	}
}

// colonFilter turns colons into spaces before tokenising. The Unicode
// word rules treat a colon between letters as part of the word
// ("typ:blog", "Uwaga:zmiana" would be one token); replacing one byte by
// one byte keeps every offset valid.
type colonFilter struct{}

func (colonFilter) Filter(in []byte) []byte {
	if bytes.IndexByte(in, ':') < 0 {
		return in
	}
	out := bytes.Clone(in)
	for i, c := range out {
		if c == ':' {
			out[i] = ' '
		}
	}
	return out
}

// protectFilter marks tokens the stemmer must not touch (token.KeyWord):
// words of at most three letters, tokens with digits, and acronyms
// (2-5 capitals: OPP, KDO, MOPS, KRDPP), unless they stand in a run of
// capitalised words such as a shouted heading.
type protectFilter struct{}

func (protectFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for i, t := range in {
		n := utf8.RuneCount(t.Term)
		switch {
		case n <= 3 || hasDigit(t.Term):
			t.KeyWord = true
		case n <= 5 && isCaps(t.Term):
			heading := (i > 0 && isCaps(in[i-1].Term) && utf8.RuneCount(in[i-1].Term) > 5) ||
				(i+1 < len(in) && isCaps(in[i+1].Term) && utf8.RuneCount(in[i+1].Term) > 5)
			t.KeyWord = !heading
		}
	}
	return in
}

func hasDigit(b []byte) bool {
	for _, c := range b {
		if c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}

func isCaps(b []byte) bool {
	letters := 0
	for _, r := range string(b) {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// protectedStemmer runs the wrapped stemmer on the tokens protectFilter did
// not mark, through a cache: the Stempel trie walk costs ~1 µs and a few
// allocations per word, and word frequencies are so skewed that most
// lookups hit. The cache belongs to the analyzer instance (one per index
// mapping), is safe for the concurrent analysis workers, and is emptied
// when it reaches stemCacheSize words.
type protectedStemmer struct {
	inner analysis.TokenFilter
	cache *stemCache
}

const stemCacheSize = 200_000

type stemCache struct {
	mu sync.RWMutex
	m  map[string][]byte
}

func (p protectedStemmer) Filter(in analysis.TokenStream) analysis.TokenStream {
	var miss analysis.TokenStream
	var keys []string
	p.cache.mu.RLock()
	for _, t := range in {
		if t.KeyWord {
			continue
		}
		if s, ok := p.cache.m[string(t.Term)]; ok {
			t.Term = s // shared and read-only: the stemmer is the last filter
			continue
		}
		miss = append(miss, t)
	}
	p.cache.mu.RUnlock()
	if len(miss) == 0 {
		return in
	}
	keys = make([]string, len(miss))
	for i, t := range miss {
		keys[i] = string(t.Term)
	}
	p.inner.Filter(miss) // stems in place
	p.cache.mu.Lock()
	if len(p.cache.m)+len(miss) > stemCacheSize {
		p.cache.m = make(map[string][]byte, stemCacheSize/4)
	}
	for i, t := range miss {
		p.cache.m[keys[i]] = t.Term
	}
	p.cache.mu.Unlock()
	return in
}

// foldFilter folds each token to ASCII with bleve's asciifolding table,
// which maps ł to l (NFD decomposition would not). It works on tokens, not
// on the input like the asciifolding char filter, so term offsets stay
// offsets into the original text and highlights land on the right bytes.
type foldFilter struct {
	f *asciifolding.AsciiFoldingFilter
}

func (f foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if !isASCII(t.Term) {
			t.Term = f.f.Filter(t.Term)
		}
	}
	return in
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lightFilter strips inflection endings from folded tokens.
type lightFilter struct{}

func (lightFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Term = lightStem(t.Term)
	}
	return in
}

// lightSuffixes are folded Polish inflection endings, longest first. "ow"
// (-ów) is missing on purpose: it would turn "krakow" into "krak" while
// "krakowie" becomes "krakow".
var lightSuffixes = [][]byte{
	[]byte("iego"), []byte("iemu"),
	[]byte("ami"), []byte("ach"), []byte("ych"), []byte("ich"), []byte("ymi"), []byte("imi"),
	[]byte("ego"), []byte("emu"), []byte("iej"), []byte("iom"),
	[]byte("om"), []byte("em"), []byte("ej"), []byte("ie"), []byte("ia"), []byte("iu"),
	[]byte("ii"), []byte("ym"), []byte("im"),
	[]byte("a"), []byte("e"), []byte("i"), []byte("o"), []byte("u"), []byte("y"),
}

// lightStem strips the longest ending of a folded, lower-case word of at
// least four letters, keeping at least three ("huty", "huta" -> "hut";
// "nowej", "nowa" -> "now"). "-orzy" becomes "-or" (seniorzy -> senior).
func lightStem(w []byte) []byte {
	if len(w) < 4 || !isASCII(w) || hasDigit(w) {
		return w
	}
	if bytes.HasSuffix(w, []byte("orzy")) && len(w) > 5 {
		return w[:len(w)-2]
	}
	for _, s := range lightSuffixes {
		if bytes.HasSuffix(w, s) && len(w)-len(s) >= 3 {
			return w[:len(w)-len(s)]
		}
	}
	return w
}
