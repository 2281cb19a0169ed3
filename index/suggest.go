package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/krakow-ngo/ngosearch/model"
)

// didYouMean rewrites the query with each word the index does not know
// replaced by the closest frequent word it does, or returns "" when it
// has nothing better to offer. It runs whatever the hit count: typo
// tolerance may have found something, and the user still deserves to see
// the spelling it assumed. Candidates come from the titles' and leads'
// term dictionaries and from the words of hits, the documents typo
// tolerance found (the long text keeps no dictionary of whole words).
func (g *generation) didYouMean(ctx context.Context, raw string, q *Query, hits []model.Document) string {
	changed := false
	out := raw
	tries := 0
	for _, w := range q.Words {
		t := g.wordTerms(w)
		if t.stem == "" || utf8.RuneCountInString(t.exact) < 3 || g.knownWord(t) {
			continue
		}
		if tries++; tries > 8 {
			break
		}
		if fix := g.closestTerm(ctx, t, hits); fix != "" && fix != t.exact {
			out = replaceWord(out, w, fix)
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return out
}

// knownWord reports whether the word occurs in the index in any family.
func (g *generation) knownWord(t terms) bool {
	for _, f := range []struct{ field, term string }{
		{fTitle + sufExact, t.exact}, {fLead + sufExact, t.exact},
		{fTitle + sufLight, t.light}, {fText + sufLight, t.light},
	} {
		d, err := g.docs.FieldDictPrefix(f.field, []byte(f.term))
		if err != nil {
			continue
		}
		e, err := d.Next()
		_ = d.Close()
		if err == nil && e != nil && e.Term == f.term {
			return true
		}
	}
	return false
}

// closestTerm finds the most frequent word within edit distance 2 (1 for
// short words) of the word's exact form: in the exact term dictionaries,
// walked with a Levenshtein automaton, and in the text of hits.
func (g *generation) closestTerm(ctx context.Context, t terms, hits []model.Document) string {
	d := 1
	if utf8.RuneCountInString(t.exact) >= 6 {
		d = 2
	}
	freq := map[string]uint64{}
	for _, f := range []string{fTitle, fLead} {
		if ctx.Err() != nil {
			return ""
		}
		for _, e := range g.fuzzyTerms(f+sufExact, t.exact, d, "", maxFuzzyCandidates) {
			freq[e.term] += e.count
		}
	}
	// The hits' own words, up to maxScanText bytes of each, unless the
	// dictionaries already hold a word one edit away.
	const maxScanText = 16 << 10
	for term := range freq {
		if editDistance(term, t.exact, 1) <= 1 {
			hits = nil
			break
		}
	}
	for i := range hits {
		if ctx.Err() != nil {
			return ""
		}
		text := hits[i].Title + "\n" + hits[i].Text()
		if len(text) > maxScanText {
			text = text[:maxScanText]
		}
		for _, tok := range g.an.exact.Analyze([]byte(text)) {
			if w := string(tok.Term); editDistance(w, t.exact, d) <= d {
				freq[w]++
			}
		}
	}
	best, bestD, bestF := "", d+1, uint64(0)
	for term, f := range freq {
		dist := editDistance(term, t.exact, d)
		if dist < bestD || (dist == bestD && (f > bestF || f == bestF && term < best)) {
			best, bestD, bestF = term, dist, f
		}
	}
	return best
}

// replaceWord replaces the first whole-word, case-insensitive occurrence
// of w in s.
func replaceWord(s, w, with string) string {
	ls, lw := strings.ToLower(s), strings.ToLower(w)
	if len(ls) != len(s) || len(lw) != len(w) {
		// Lower-casing changed byte lengths (İ, invalid UTF-8): offsets in
		// ls would not be offsets in s; match case-sensitively instead.
		ls, lw = s, w
	}
	for from := 0; from < len(ls); {
		i := strings.Index(ls[from:], lw)
		if i < 0 {
			break
		}
		i += from
		end := i + len(lw)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (i == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return s[:i] + with + s[end:]
		}
		from = end
	}
	return s
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && !isSpace(r) && !strings.ContainsRune(`"„”“«»-:;,.!?()[]{}/&`, r)
}

// Suggest completes what a user is typing: the last word of prefix is
// completed from the words of titles (weighted 3) and leads, most
// frequent first, with or without its diacritics ("lod" -> "łodzi"); the
// words before it are kept as typed. It reads term dictionaries only.
func (ix *Index) Suggest(ctx context.Context, prefix string, n int) ([]string, error) {
	if n <= 0 {
		n = 10
	}
	if n > 50 {
		return nil, fmt.Errorf("%w: at most 50 suggestions", ErrBadRequest)
	}
	if len(prefix) > 200 {
		return nil, fmt.Errorf("%w: prefix is %d bytes, the limit is 200", ErrBadRequest, len(prefix))
	}
	prefix = strings.ToValidUTF8(prefix, "")
	head, last := "", strings.TrimLeft(prefix, " ")
	if i := strings.LastIndexFunc(prefix, isSpace); i >= 0 {
		head, last = prefix[:i+1], prefix[i+1:]
	}
	last = strings.ToLower(last)
	if utf8.RuneCountInString(last) < 2 {
		return []string{}, nil
	}
	folded := foldString(last)
	g, err := ix.acquire()
	if err != nil {
		return nil, err
	}
	defer ix.release()

	score := map[string]float64{}
	for _, f := range []struct {
		field string
		w     float64
	}{{fSuggestT, 3}, {fSuggestL, 1}} {
		d, err := g.docs.FieldDictPrefix(f.field, []byte(folded))
		if err != nil {
			return nil, fmt.Errorf("reading terms of %s: %w", f.field, err)
		}
		for i := 0; i < 10000; i++ {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("reading terms of %s: %w", f.field, err)
			}
			if e == nil {
				break
			}
			_, word, ok := strings.Cut(e.Term, "|")
			// A prefix typed with diacritics only completes to words that
			// have them there too ("łó" is not "lo").
			if ok && strings.HasPrefix(word, last) || ok && folded == last {
				score[word] += f.w * float64(e.Count)
			}
		}
		if err := d.Close(); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	words := make([]string, 0, len(score))
	for w := range score {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if score[words[i]] != score[words[j]] {
			return score[words[i]] > score[words[j]]
		}
		return words[i] < words[j]
	})
	if len(words) > n {
		words = words[:n]
	}
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = head + w
	}
	return out, nil
}
