package bench

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
)

// ErrNoText means the sources held too few Polish sentences to build a corpus.
var ErrNoText = errors.New("too little Polish text to build a corpus")

// Pool is the material the generator recombines: real sentences and titles
// read from the sample site and seed texts, plus the words they contain.
type Pool struct {
	Sentences []string
	Titles    []string
	// Words are distinct lower-case words of 4+ letters, by first appearance.
	Words []string
	// Fingerprint is a hash of the pool: two runs with the same fingerprint
	// and seed generate the same corpus.
	Fingerprint string
}

// LoadPool reads the HTML and text files of site (the sample site, host
// directories at the top) and the *.txt files in seedDir ("" or a missing
// directory: none), strips markup, and splits the text into sentences.
func LoadPool(site fs.FS, seedDir string) (*Pool, error) {
	sents := map[string]bool{}
	titles := map[string]bool{}
	var order, torder []string
	addSent := func(s string) {
		s = normSpace(s)
		if !sentenceLike(s) || sents[s] {
			return
		}
		sents[s] = true
		order = append(order, s)
	}
	addTitle := func(s string) {
		s = normSpace(s)
		n := len(strings.Fields(s))
		if n < 3 || n > 16 || titles[s] || !hasPolishLetter(s) {
			return
		}
		titles[s] = true
		torder = append(torder, s)
	}
	if site != nil {
		err := fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasSuffix(p, ".headers") || strings.HasSuffix(p, ".md") {
				return nil
			}
			b, err := fs.ReadFile(site, p)
			if err != nil {
				return fmt.Errorf("reading %s: %w", p, err)
			}
			if !utf8.Valid(b) {
				dec, err := charmap.Windows1250.NewDecoder().Bytes(b)
				if err != nil {
					return nil // not text we can read
				}
				b = dec
			}
			switch {
			case bytes.Contains(b[:min(len(b), 512)], []byte("<html")) || bytes.Contains(b[:min(len(b), 512)], []byte("<!DOCTYPE")):
				text, heads := htmlText(b)
				for _, h := range heads {
					addTitle(h)
				}
				for _, s := range splitSentences(text) {
					addSent(s)
				}
			case path.Ext(p) == ".txt" && !strings.HasSuffix(p, "robots.txt"):
				for _, s := range splitSentences(string(b)) {
					addSent(s)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading sample site: %w", err)
		}
	}
	if seedDir != "" {
		files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
		if err != nil {
			return nil, fmt.Errorf("listing seed texts: %w", err)
		}
		slices.Sort(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("reading seed text: %w", err)
			}
			for _, line := range strings.Split(string(b), "\n") {
				line = strings.Trim(line, "#* \t")
				if strings.HasPrefix(string(b), "#") && len(strings.Fields(line)) <= 14 && !strings.ContainsAny(line, ".") {
					addTitle(line)
				}
				for _, s := range splitSentences(stripMarkdown(line)) {
					addSent(s)
				}
			}
		}
	}
	if len(order) < 50 || len(torder) < 10 {
		return nil, fmt.Errorf("%w: %d sentences and %d titles", ErrNoText, len(order), len(torder))
	}
	p := &Pool{Sentences: order, Titles: torder}
	seen := map[string]bool{}
	h := sha256.New()
	for _, s := range order {
		io.WriteString(h, s+"\n")
		for _, w := range strings.FieldsFunc(strings.ToLower(s), notLetter) {
			if utf8.RuneCountInString(w) >= 4 && !seen[w] {
				seen[w] = true
				p.Words = append(p.Words, w)
			}
		}
	}
	for _, t := range torder {
		io.WriteString(h, "T"+t+"\n")
	}
	p.Fingerprint = hex.EncodeToString(h.Sum(nil)[:8])
	return p, nil
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func hasPolishLetter(s string) bool {
	return strings.ContainsAny(s, "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
}

// sentenceLike keeps sentences of 6 to 60 words that read as Polish prose:
// no navigation crumbs, cookie banners or tables.
func sentenceLike(s string) bool {
	n := len(strings.Fields(s))
	if n < 6 || n > 60 || !hasPolishLetter(s) {
		return false
	}
	if strings.ContainsAny(s, "|\t{}<>") || strings.Contains(s, "cookies") || strings.Contains(s, "http") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '„'
}

func stripMarkdown(s string) string {
	s = strings.NewReplacer("**", "", "__", "").Replace(s)
	// [text](link) -> text
	for {
		i := strings.Index(s, "](")
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], ')')
		k := strings.LastIndexByte(s[:i], '[')
		if j < 0 || k < 0 {
			return s
		}
		s = s[:k] + s[k+1:i] + s[i+j+1:]
	}
}

// htmlText returns the visible text of an HTML page, block elements on
// their own lines, and the texts of its h1-h3 and title elements.
func htmlText(b []byte) (string, []string) {
	z := html.NewTokenizer(bytes.NewReader(b))
	var text strings.Builder
	var heads []string
	skip := 0
	var head *strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return text.String(), heads
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "noscript":
				skip++
			case "h1", "h2", "h3", "a":
				head = &strings.Builder{}
			case "p", "div", "li", "br", "tr", "td", "table", "ul":
				text.WriteString("\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "noscript":
				skip = max(0, skip-1)
			case "h1", "h2", "h3", "a":
				if head != nil {
					heads = append(heads, head.String())
					head = nil
				}
				text.WriteString("\n")
			case "p", "div", "li", "td":
				text.WriteString("\n")
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := string(z.Text())
			text.WriteString(t)
			if head != nil {
				head.WriteString(t)
			}
		}
	}
}

// splitSentences cuts text into sentences at ". ", "! ", "? " followed by
// an upper-case letter, a digit or a quote, and at line ends.
func splitSentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = normSpace(line)
		start := 0
		rs := []rune(line)
		for i := 0; i < len(rs); i++ {
			if (rs[i] == '.' || rs[i] == '!' || rs[i] == '?') && i+2 < len(rs) && rs[i+1] == ' ' &&
				(unicode.IsUpper(rs[i+2]) || rs[i+2] == '„') && !abbrev(rs[start:i]) {
				out = append(out, string(rs[start:i+1]))
				start = i + 2
			}
		}
		if start < len(rs) {
			out = append(out, string(rs[start:]))
		}
	}
	return out
}

// abbrev reports whether a sentence candidate ends in an abbreviation that
// Polish writes with a dot ("ul.", "pl.", "r.", "art.", "ust.", "nr.").
func abbrev(rs []rune) bool {
	s := string(rs)
	i := strings.LastIndexByte(s, ' ')
	last := strings.ToLower(s[i+1:])
	switch last {
	case "ul", "pl", "r", "art", "ust", "nr", "tel", "al", "os", "tzw", "m.in", "godz", "pkt", "poz", "im", "św", "dr", "prof", "inż", "mgr", "ok", "tj", "tys", "mln", "zł", "ww", "lit":
		return true
	}
	return len([]rune(last)) == 1 && unicode.IsUpper([]rune(last)[0])
}
