package index

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	bleveunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/krakow-ngo/ngosearch/model"
)

// Query is a parsed search-box query. The syntax is small on purpose, so
// that anything a resident types or pastes is a valid query:
//
//	konkurs ofert seniorzy     words: all should match, ranked by how well
//	"Centrum Aktywności"       a phrase, also „Polish quotes”, «guillemets»
//	-bezdomność, -"III sektor" exclusions (a minus at the start of a word)
//	typ:uchwała typ:"Wyniki konkursu" typ:resolution
//	                           document type, by taxonomy value or Polish label
//	rok:2019 rok:2019-2021     publication year(s)
//	źródło:bip zrodlo:ngo.krakow.pl
//	                           site (host, or a part of it)
//	org:"Fundacja Nowe Miasto" organisation (as a phrase in the text or unit)
//	sprawozd*                  words starting so (3 letters at least)
//
// Everything else is text: an unknown "word:" prefix, a filter with a value
// it cannot use (typ:blog, rok:abc), brackets, slashes, dashes, ampersands.
// Words are tokenised exactly as the index tokenises text.
type Query struct {
	Words          []string   `json:"words,omitempty"`
	Prefixes       []string   `json:"prefixes,omitempty"`
	Phrases        [][]string `json:"phrases,omitempty"`
	Exclude        []string   `json:"exclude,omitempty"`
	ExcludePhrases [][]string `json:"exclude_phrases,omitempty"`
	Types          []model.DocType
	Years          []int
	Hosts          []string
	Orgs           [][]string
}

// Empty reports whether q asks for nothing at all.
func (q *Query) Empty() bool {
	return len(q.Words) == 0 && len(q.Prefixes) == 0 && len(q.Phrases) == 0 && len(q.Exclude) == 0 &&
		len(q.ExcludePhrases) == 0 && len(q.Types) == 0 && len(q.Years) == 0 &&
		len(q.Hosts) == 0 && len(q.Orgs) == 0
}

func isOpenQuote(r rune) bool {
	switch r {
	case '"', '„', '“', '”', '«', '»', '‟', '〝':
		return true
	}
	return false
}

func isCloseQuote(r rune) bool {
	switch r {
	case '"', '”', '“', '»', '«', '‟', '〞', '〟':
		return true
	}
	return false
}

// ParseQuery parses what a user typed into the search box. It never fails:
// invalid UTF-8 is replaced, and anything it does not understand is text.
func ParseQuery(s string) Query {
	s = strings.ToValidUTF8(s, " ")
	var q Query
	p := parser{s: s}
	for {
		p.skipSpace()
		if p.eof() {
			break
		}
		r := p.peek()
		switch {
		case isOpenQuote(r):
			p.next()
			if ws := tokens(p.quoted()); len(ws) > 0 {
				q.Phrases = append(q.Phrases, ws)
			}
		case r == '-' && p.pos+1 < len(p.s) && !isSpace(p.peekAt(p.pos+1)) && p.peekAt(p.pos+1) != '-':
			p.next()
			if isOpenQuote(p.peek()) {
				p.next()
				if ws := tokens(p.quoted()); len(ws) > 0 {
					q.ExcludePhrases = append(q.ExcludePhrases, ws)
				}
			} else {
				q.Exclude = append(q.Exclude, tokens(p.word())...)
			}
		default:
			start := p.pos
			w := p.word()
			key, val, ok := strings.Cut(w, ":")
			if !ok || key == "" {
				ws := tokens(w)
				if n := len(ws); n > 0 && strings.HasSuffix(w, "*") && utf8.RuneCountInString(ws[n-1]) >= 3 &&
					strings.HasSuffix(strings.TrimRight(w, "*"), ws[n-1]) {
					q.Prefixes = append(q.Prefixes, ws[n-1])
					ws = ws[:n-1]
				}
				q.Words = append(q.Words, ws...)
				continue
			}
			kind := filterKey(key)
			if kind == "" {
				q.Words = append(q.Words, tokens(w)...)
				continue
			}
			if val == "" && isOpenQuote(p.peek()) {
				p.next()
				val = p.quoted()
			}
			if !q.addFilter(kind, val) {
				q.Words = append(q.Words, tokens(p.s[start:p.pos])...)
			}
		}
	}
	return q
}

type parser struct {
	s   string
	pos int
}

func (p *parser) eof() bool { return p.pos >= len(p.s) }

func (p *parser) peek() rune { return p.peekAt(p.pos) }

func (p *parser) peekAt(i int) rune {
	if i >= len(p.s) {
		return utf8.RuneError
	}
	r, _ := utf8.DecodeRuneInString(p.s[i:])
	return r
}

func (p *parser) next() rune {
	r, n := utf8.DecodeRuneInString(p.s[p.pos:])
	p.pos += n
	return r
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' }

func (p *parser) skipSpace() {
	for !p.eof() && isSpace(p.peek()) {
		p.next()
	}
}

// word reads up to whitespace or an opening quote.
func (p *parser) word() string {
	start := p.pos
	for !p.eof() {
		r := p.peek()
		if isSpace(r) || (isOpenQuote(r) && p.pos > start) {
			break
		}
		p.next()
	}
	return p.s[start:p.pos]
}

// quoted reads up to a closing quote (consumed) or the end.
func (p *parser) quoted() string {
	start := p.pos
	for !p.eof() {
		if isCloseQuote(p.peek()) {
			end := p.pos
			p.next()
			return p.s[start:end]
		}
		p.next()
	}
	return p.s[start:]
}

// tokens splits text into words the way the index does.
func tokens(s string) []string {
	if s == "" {
		return nil
	}
	ts := bleveunicode.NewUnicodeTokenizer().Tokenize(colonFilter{}.Filter([]byte(s)))
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}

// foldString lower-cases and folds s to ASCII, ł included.
func foldString(s string) string {
	l := strings.ToLower(s)
	for i := 0; i < len(l); i++ {
		if l[i] >= utf8.RuneSelf {
			return string(asciifolding.New().Filter([]byte(l)))
		}
	}
	return l
}

// lightKey is the analyzerLight form of one word.
func lightKey(w string) string { return string(lightStem([]byte(foldString(w)))) }

func filterKey(key string) string {
	switch foldString(key) {
	case "typ", "type", "rodzaj":
		return "typ"
	case "rok", "year", "lata":
		return "rok"
	case "zrodlo", "host", "site", "strona", "serwis":
		return "zrodlo"
	case "org", "organizacja":
		return "org"
	}
	return ""
}

// addFilter adds a key:value filter, reporting false when the value is of
// no use for it (the caller then treats the whole thing as text).
func (q *Query) addFilter(kind, val string) bool {
	val = strings.TrimSpace(val)
	if val == "" {
		return false
	}
	switch kind {
	case "typ":
		ts := matchTypes(val)
		q.Types = append(q.Types, ts...)
		return len(ts) > 0
	case "rok":
		ys := parseYears(val)
		q.Years = append(q.Years, ys...)
		return len(ys) > 0
	case "zrodlo":
		h := hostPart(val)
		if h == "" {
			return false
		}
		q.Hosts = append(q.Hosts, h)
		return true
	case "org":
		ws := tokens(val)
		if len(ws) == 0 {
			return false
		}
		q.Orgs = append(q.Orgs, ws)
		return true
	}
	return false
}

// matchTypes finds the taxonomy types val names: the value itself
// ("resolution"), or the Polish label or its first words, in any case,
// inflection or without diacritics ("uchwały", "wyniki", "Ogloszenie
// konkursu").
func matchTypes(val string) []model.DocType {
	if t := model.DocType(strings.ToLower(val)); t.Valid() {
		return []model.DocType{t}
	}
	want := tokens(val)
	if len(want) == 0 {
		return nil
	}
	var out []model.DocType
	for _, dt := range model.DocTypes {
		label := tokens(dt.Label)
		if len(want) > len(label) {
			continue
		}
		ok := true
		for i, w := range want {
			if lightKey(w) != lightKey(label[i]) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, dt.Type)
		}
	}
	return out
}

// parseYears reads "2019", "2019-2021" (also with an en dash) or
// "2019,2020"; nil when val is not that.
func parseYears(val string) []int {
	year := func(s string) (int, bool) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		return n, err == nil && n >= 1990 && n <= 2100
	}
	val = strings.ReplaceAll(val, "–", "-")
	if a, b, ok := strings.Cut(val, "-"); ok {
		from, ok1 := year(a)
		to, ok2 := year(b)
		if !ok1 || !ok2 || to < from || to-from > 50 {
			return nil
		}
		var ys []int
		for y := from; y <= to; y++ {
			ys = append(ys, y)
		}
		return ys
	}
	var ys []int
	for _, part := range strings.Split(val, ",") {
		y, ok := year(part)
		if !ok {
			return nil
		}
		ys = append(ys, y)
	}
	return ys
}

// hostPart turns "https://www.bip.krakow.pl/?dok_id=1", "BIP" or
// "ngo.krakow.pl" into a lower-case host fragment.
func hostPart(val string) string {
	v := strings.ToLower(val)
	if _, rest, ok := strings.Cut(v, "://"); ok {
		v = rest
	}
	if i := strings.IndexAny(v, "/?#"); i >= 0 {
		v = v[:i]
	}
	v = strings.Trim(v, ".")
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':') {
			return ""
		}
	}
	return v
}
