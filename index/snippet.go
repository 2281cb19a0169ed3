package index

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Snippet sizes, in bytes of source text.
const (
	fragmentBefore = 70
	fragmentAfter  = 170
	leadLength     = 240
)

// matcher knows which words of a text the query matched, in any family.
type matcher struct {
	exact, stem, fold, light map[string]bool
	prefix                   map[string]bool // prefix3 of the folded words
	fuzzy                    []fuzzyTerm
	starts                   []string // folded prefixes typed with *
	// free holds the forms of words that count alone; the others come from
	// phrases (quoted, multi-word synonyms, org:) and are marked only next
	// to another match, so "CAS" does not light up every "centrum".
	free map[string]bool
	// words are the terms of the words that count alone, for locating
	// the page of a paged hit.
	words []terms
}

type fuzzyTerm struct {
	light, stem string
	d, ds       int // allowed distances for light and stem
}

func (g *generation) newMatcher(q *Query, syn *synonyms, syns []synMatch) *matcher {
	m := &matcher{exact: map[string]bool{}, stem: map[string]bool{}, fold: map[string]bool{},
		light: map[string]bool{}, prefix: map[string]bool{}, free: map[string]bool{}}
	type word struct {
		w    string
		free bool
	}
	var words []word
	for _, w := range q.Words {
		words = append(words, word{w, true})
	}
	phrase := func(ws []string) {
		for _, w := range ws {
			words = append(words, word{w, len(ws) == 1})
		}
	}
	for _, p := range q.Phrases {
		phrase(p)
	}
	for _, o := range q.Orgs {
		phrase(o)
	}
	for _, sm := range syns {
		for i, v := range syn.groups[sm.group] {
			if i != sm.variant {
				phrase(v.words)
			}
		}
	}
	for _, p := range q.Prefixes {
		f := foldString(p)
		m.starts = append(m.starts, f)
		m.free[f] = true
	}
	var stop []word
	for _, w := range words {
		t := g.wordTerms(w.w)
		if t.exact == "" {
			continue
		}
		if t.stem == "" {
			stop = append(stop, w)
			continue
		}
		m.add(t, w.free)
	}
	if len(m.exact) == 0 {
		for _, w := range stop { // a query of stop words only
			m.add(g.wordTerms(w.w), w.free)
		}
	}
	return m
}

func (m *matcher) add(t terms, free bool) {
	if free {
		m.words = append(m.words, t)
		for _, k := range []string{t.exact, t.stem, t.fold, t.light} {
			m.free[k] = true
		}
	}
	m.exact[t.exact] = true
	if t.stem != "" {
		m.stem[t.stem] = true
	}
	m.fold[t.fold] = true
	m.light[t.light] = true
	m.prefix[prefix3(t.fold)] = true
	if d := fuzziness(t.runes); d > 0 && t.light != "" {
		m.fuzzy = append(m.fuzzy, fuzzyTerm{light: t.light, stem: t.stem, d: d, ds: fuzziness(utf8.RuneCountInString(t.stem))})
	}
}

// unlocated are the light forms of the free words that have no position in
// the text's term locations: typed without diacritics, or matched only
// through the light family, they are on some page that the locations do
// not name.
func (m *matcher) unlocated(text map[string]search.Locations) []string {
	var out []string
	for _, t := range m.words {
		if len(text[t.stem]) == 0 && len(t.light) >= 3 && !slices.Contains(out, t.light) {
			out = append(out, t.light)
		}
	}
	return out
}

// span is a matched word in a text: bytes [start, end), and the form that
// matched (to count distinct words).
type span struct {
	start, end int
	key        string
	pos        int  // ordinal of the token in the text
	phrase     bool // matched a phrase-only word
}

// marks finds the words of text the matcher matches, in order. It
// tokenises once; the folded and light forms are cheap to derive per
// token, and the stemmer only runs on words that share their first three
// letters with a query word.
func (g *generation) marks(text string, m *matcher) []span {
	if (len(m.exact) == 0 && len(m.starts) == 0) || text == "" {
		return nil
	}
	var out []span
	for i, t := range g.an.exact.Analyze([]byte(text)) {
		e := string(t.Term)
		key := ""
		f := foldString(e)
		l := string(lightStem([]byte(f)))
		switch {
		case m.exact[e]:
			key = e
		case m.fold[f]:
			key = f
		case m.light[l]:
			key = l
		case m.prefix[prefix3(f)]:
			st := first(g.an.stem, text[t.Start:t.End])
			if st != "" && m.stem[st] {
				key = st
				break
			}
			for _, fz := range m.fuzzy { // "senjorzy" -> "senjor" ~ "senior" <- "Seniorów"
				if st != "" && fz.ds > 0 && editDistance(st, fz.stem, fz.ds) <= fz.ds {
					key = fz.light
					break
				}
			}
		}
		for _, p := range m.starts {
			if key == "" && strings.HasPrefix(f, p) {
				key = p
			}
		}
		if key == "" && l != "" {
			for _, fz := range m.fuzzy {
				if l[0] == fz.light[0] && editDistance(l, fz.light, fz.d) <= fz.d {
					key = fz.light
					break
				}
			}
		}
		if key != "" {
			out = append(out, span{start: t.Start, end: t.End, key: key, pos: i, phrase: !m.free[key]})
		}
	}
	// Phrase-only words count next to another match (a stop word may
	// stand between them: "Polityki Społecznej i Zdrowia").
	kept := out[:0]
	for i, s := range out {
		near := (i > 0 && s.pos-out[i-1].pos <= 2) || (i+1 < len(out) && out[i+1].pos-s.pos <= 2)
		if !s.phrase || near {
			kept = append(kept, s)
		}
	}
	return kept
}

// prefix3 is the first three bytes of a folded word.
func prefix3(f string) string {
	if len(f) > 3 {
		return f[:3]
	}
	return f
}

// fragments returns up to n highlighted fragments of text, best first:
// windows around matches, with the most distinct matched words.
func (g *generation) fragments(text string, m *matcher, n int) []string {
	spans := g.marks(text, m)
	if len(spans) == 0 {
		return nil
	}
	type window struct {
		from, to int
		distinct int
		count    int
	}
	used := make([]bool, len(spans))
	var ws []window
	for len(ws) < n {
		best := window{distinct: -1}
		for i, s := range spans {
			if used[i] {
				continue
			}
			from := wordStart(text, s.start-fragmentBefore)
			to := wordEnd(text, s.start+fragmentAfter)
			keys := map[string]bool{}
			c := 0
			for j := i; j < len(spans) && spans[j].end <= to; j++ {
				if !used[j] {
					keys[spans[j].key] = true
					c++
				}
			}
			if len(keys) > best.distinct || (len(keys) == best.distinct && c > best.count) {
				best = window{from, to, len(keys), c}
			}
		}
		if best.distinct < 0 {
			break
		}
		for i, s := range spans {
			if s.start >= best.from && s.end <= best.to {
				used[i] = true
			}
		}
		// Keep windows apart: a later one must not overlap an earlier one.
		overlap := false
		for _, w := range ws {
			if best.from < w.to && w.from < best.to {
				overlap = true
			}
		}
		if !overlap {
			ws = append(ws, best)
		}
	}
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, render(text, w.from, w.to, spans))
	}
	return out
}

// render escapes text[from:to] and wraps the spans in <mark>. Escaping
// happens before any tag is added, piece by piece, so nothing in the
// crawled text can become markup.
func render(text string, from, to int, spans []span) string {
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, s := range spans {
		if s.start < pos || s.end > to {
			continue
		}
		b.WriteString(escapeCollapsed(text[pos:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		pos = s.end
	}
	b.WriteString(escapeCollapsed(text[pos:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// escapeCollapsed escapes s with runs of white space made one space.
func escapeCollapsed(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0' || r == '\f' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return html.EscapeString(b.String())
}

// leadSnippet is the start of text, escaped, for hits with no match in
// their text (a title match).
func leadSnippet(text string) string {
	if len(text) <= leadLength {
		return strings.TrimSpace(escapeCollapsed(text))
	}
	end := wordEnd(text, leadLength)
	return strings.TrimSpace(escapeCollapsed(text[:end])) + "…"
}

// wordStart moves i back to the start of a word (at most 20 bytes) and to
// a rune boundary.
func wordStart(text string, i int) int {
	if i <= 0 {
		return 0
	}
	for k := i; k > 0 && k > i-20; k-- {
		if text[k-1] == ' ' || text[k-1] == '\n' {
			return k
		}
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}

// wordEnd moves i forward to the end of a word (at most 20 bytes) and to a
// rune boundary.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for k := i; k < len(text) && k < i+20; k++ {
		if text[k] == ' ' || text[k] == '\n' {
			return k
		}
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// editDistance is the Levenshtein distance of a and b, or max+1 once it is
// known to exceed max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
