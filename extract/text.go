package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nodeText renders the text of n with paragraph structure: block elements
// are separated by a blank line, <br> and list items start a new line, table
// cells are separated by a tab and rows by a new line. Whitespace inside a
// paragraph is collapsed; scripts, styles and hidden elements are skipped.
func nodeText(nodes ...*html.Node) string {
	var w textWriter
	for _, n := range nodes {
		w.walk(n)
	}
	return w.String()
}

type textWriter struct {
	b       strings.Builder
	pending int  // 0: nothing, 1: newline, 2: blank line, 3: tab (cell)
	space   bool // a space is due before the next word
}

func (w *textWriter) String() string { return strings.TrimSpace(w.b.String()) }

func (w *textWriter) brk(n int) {
	switch {
	case n == 3:
		// A cell separator never overrides a line or paragraph break.
		if w.pending == 0 {
			w.pending = 3
		}
	case n > w.pending || w.pending == 3:
		w.pending = n
	}
	w.space = false
}

func (w *textWriter) text(s string) {
	if s == "" {
		return
	}
	if isSpace(firstRune(s)) && w.b.Len() > 0 {
		w.space = true
	}
	words := strings.FieldsFunc(s, isSpace)
	for i, word := range words {
		word = strings.Map(dropInvisible, word)
		if word == "" {
			continue
		}
		switch {
		case w.b.Len() == 0:
		case w.pending == 3:
			w.b.WriteByte('\t')
		case w.pending == 2:
			w.b.WriteString("\n\n")
		case w.pending == 1:
			w.b.WriteByte('\n')
		case w.space || i > 0:
			w.b.WriteByte(' ')
		}
		w.pending, w.space = 0, false
		w.b.WriteString(word)
	}
	// A word glued to the next element ("<b>10</b>,5") stays glued.
	w.space = isSpace(lastRune(s)) && w.b.Len() > 0
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func lastRune(s string) rune {
	r := rune(0)
	for _, c := range s {
		r = c
	}
	return r
}

// dropInvisible removes soft hyphens and zero-width characters.
func dropInvisible(r rune) rune {
	switch r {
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return -1
	}
	return r
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		if skipElement(n) {
			return
		}
	case html.DocumentNode:
	default:
		return
	}
	before, after := blockBreak(n)
	if before > 0 {
		w.brk(before)
	}
	if n.DataAtom == atom.Br {
		w.brk(1)
		return
	}
	if n.DataAtom == atom.Img {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if after > 0 {
		w.brk(after)
	}
}

// blockBreak returns the break to make before and after an element.
func blockBreak(n *html.Node) (int, int) {
	if n.Type != html.ElementNode {
		return 0, 0
	}
	switch n.DataAtom {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Ul, atom.Ol, atom.Dl, atom.Table, atom.Blockquote, atom.Pre,
		atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer, atom.Aside,
		atom.Nav, atom.Form, atom.Fieldset, atom.Figure, atom.Figcaption, atom.Address,
		atom.Hr, atom.Details, atom.Summary, atom.Caption, atom.Center:
		return 2, 2
	case atom.Li, atom.Dt, atom.Dd, atom.Tr, atom.Option:
		return 1, 1
	case atom.Td, atom.Th:
		return 3, 0
	}
	return 0, 0
}

// skipElement reports elements whose text is never content.
func skipElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe,
		atom.Svg, atom.Math, atom.Head, atom.Title, atom.Meta, atom.Link,
		atom.Button, atom.Select, atom.Input, atom.Textarea, atom.Object, atom.Embed,
		atom.Canvas, atom.Video, atom.Audio, atom.Map:
		return true
	}
	return hidden(n)
}

// hidden reports an element the page hides from everyone.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			st := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
				return true
			}
		case "class":
			for _, c := range strings.Fields(strings.ToLower(a.Val)) {
				switch c {
				case "hidden", "d-none", "sr-only", "visually-hidden", "screen-reader-text", "element-invisible", "hide", "invisible":
					return true
				}
			}
		case "type":
			if n.DataAtom == atom.Input && strings.EqualFold(a.Val, "hidden") {
				return true
			}
		}
	}
	return false
}

// maxTitle bounds a title, in runes: BIP titles run to 250, a longer one is
// a paragraph marked up as a heading.
const maxTitle = 300

// capTitle cuts a title longer than maxTitle at a word boundary and marks
// the cut with an ellipsis.
func capTitle(s string) string {
	r := []rune(s)
	if len(r) <= maxTitle {
		return s
	}
	cut := maxTitle
	for i := maxTitle; i > maxTitle*2/3; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimSpace(string(r[:cut])) + "…"
}
