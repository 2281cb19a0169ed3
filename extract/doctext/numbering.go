package doctext

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// Word keeps automatic numbering ("§ 1.", "1)", "a)") out of the text, in
// word/numbering.xml; legal acts are full of it and people search for
// "§ 3". wordNumbering renders it: counters per list and level, restarted
// below the level that advances, formatted by the level's numFmt and
// lvlText.

type wordLevel struct {
	start  int
	format string // numFmt: decimal, lowerLetter, upperRoman, bullet, none...
	text   string // lvlText: "§ %1.", "%1.%2)"
	suffix string // after the number: tab (default), space or nothing
}

type wordNumbering struct {
	abstract map[string]map[int]wordLevel // abstractNumId -> level -> definition
	nums     map[string]string            // numId -> abstractNumId
	starts   map[string]map[int]int       // numId -> level -> startOverride
	styles   map[string]wordNumRef        // paragraph styleId -> its numbering
	counters map[string][]int             // abstractNumId -> current value per level
	started  map[string]bool              // numIds whose overrides were applied
}

type wordNumRef struct {
	numID string
	ilvl  int
}

const wordMaxLevels = 9

func newWordNumbering() *wordNumbering {
	return &wordNumbering{
		abstract: map[string]map[int]wordLevel{}, nums: map[string]string{},
		starts: map[string]map[int]int{}, styles: map[string]wordNumRef{},
		counters: map[string][]int{}, started: map[string]bool{},
	}
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// readNumberingXML reads word/numbering.xml.
func (n *wordNumbering) readNumberingXML(x *xmlReader) error {
	var absID, numID string
	lvl, inLvl := wordLevel{}, -1
	override := -1
	return x.each(func(tok xml.Token) error {
		switch tok := tok.(type) {
		case xml.StartElement:
			v := attr(tok, "val")
			switch tok.Name.Local {
			case "abstractNum":
				absID = attr(tok, "abstractNumId")
				if len(n.abstract) < 10000 {
					n.abstract[absID] = map[int]wordLevel{}
				}
			case "lvl":
				if absID != "" {
					inLvl = atoiOr(attr(tok, "ilvl"), -1)
					lvl = wordLevel{start: 1, format: "decimal", suffix: "\t"}
				}
			case "start":
				if inLvl >= 0 {
					lvl.start = atoiOr(v, 1)
				}
			case "numFmt":
				if inLvl >= 0 {
					lvl.format = v
				}
			case "lvlText":
				if inLvl >= 0 {
					lvl.text = v
				}
			case "suff":
				if inLvl >= 0 {
					switch v {
					case "space":
						lvl.suffix = " "
					case "nothing":
						lvl.suffix = ""
					default:
						lvl.suffix = "\t"
					}
				}
			case "pPr", "rPr":
				if err := x.skip(); err != nil {
					return err
				}
			case "num":
				numID = attr(tok, "numId")
			case "abstractNumId":
				if numID != "" && len(n.nums) < 10000 {
					n.nums[numID] = v
				}
			case "lvlOverride":
				override = atoiOr(attr(tok, "ilvl"), -1)
			case "startOverride":
				if numID != "" && override >= 0 && override < wordMaxLevels {
					if n.starts[numID] == nil {
						n.starts[numID] = map[int]int{}
					}
					n.starts[numID][override] = atoiOr(v, 1)
				}
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "lvl":
				if levels := n.abstract[absID]; levels != nil && inLvl >= 0 && inLvl < wordMaxLevels {
					levels[inLvl] = lvl
				}
				inLvl = -1
			case "abstractNum":
				absID = ""
			case "num":
				numID = ""
			case "lvlOverride":
				override = -1
			}
		}
		return nil
	})
}

// readStylesXML reads the numbering of paragraph styles from
// word/styles.xml (headings numbered "Rozdział 1" through their style).
func (n *wordNumbering) readStylesXML(x *xmlReader) error {
	var style string
	ref := wordNumRef{}
	return x.each(func(tok xml.Token) error {
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "style":
				style, ref = attr(tok, "styleId"), wordNumRef{}
			case "numId":
				ref.numID = attr(tok, "val")
			case "ilvl":
				ref.ilvl = atoiOr(attr(tok, "val"), 0)
			case "rPr", "tblPr", "tcPr", "trPr":
				if err := x.skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			if tok.Name.Local == "style" {
				if style != "" && ref.numID != "" && len(n.styles) < 10000 {
					n.styles[style] = ref
				}
				style = ""
			}
		}
		return nil
	})
}

// label advances the list of a numbered paragraph and returns its label
// with the suffix ("§ 1.\t"), "" when the paragraph is not numbered.
func (n *wordNumbering) label(ref wordNumRef) string {
	if n == nil || ref.numID == "" || ref.numID == "0" || ref.ilvl < 0 || ref.ilvl >= wordMaxLevels {
		return ""
	}
	absID, ok := n.nums[ref.numID]
	if !ok {
		return ""
	}
	levels := n.abstract[absID]
	if levels == nil {
		return ""
	}
	c := n.counters[absID]
	if c == nil {
		c = make([]int, wordMaxLevels)
		for i := range c {
			c[i] = levels[i].start - 1
			if _, ok := levels[i]; !ok {
				c[i] = 0
			}
		}
	}
	if !n.started[ref.numID] {
		n.started[ref.numID] = true
		for l, v := range n.starts[ref.numID] {
			c[l] = v - 1
		}
	}
	c[ref.ilvl]++
	for i := ref.ilvl + 1; i < wordMaxLevels; i++ {
		c[i] = levels[i].start - 1
		if _, ok := levels[i]; !ok {
			c[i] = 0
		}
	}
	n.counters[absID] = c
	lvl := levels[ref.ilvl]
	if lvl.format == "none" || lvl.text == "" && lvl.format != "bullet" {
		return ""
	}
	if lvl.format == "bullet" {
		return "•" + lvl.suffix
	}
	var b strings.Builder
	for i := 0; i < len(lvl.text); i++ {
		if lvl.text[i] == '%' && i+1 < len(lvl.text) && lvl.text[i+1] >= '1' && lvl.text[i+1] <= '9' {
			l := int(lvl.text[i+1] - '1')
			b.WriteString(formatNumber(max(c[l], 0), levels[l].format))
			i++
			continue
		}
		b.WriteByte(lvl.text[i])
	}
	return b.String() + lvl.suffix
}

// formatNumber writes n in one of Word's numFmt styles; unknown styles
// fall back to decimal.
func formatNumber(n int, format string) string {
	switch format {
	case "lowerLetter", "upperLetter":
		if n < 1 || n > 26*20 {
			break // a hostile start value must not make a huge label
		}
		// a..z, then aa..zz, as Word counts.
		s := strings.Repeat(string(rune('a'+(n-1)%26)), (n-1)/26+1)
		if format == "upperLetter" {
			s = strings.ToUpper(s)
		}
		return s
	case "lowerRoman", "upperRoman":
		s := roman(n)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	case "decimalZero":
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
	}
	return strconv.Itoa(n)
}

func roman(n int) string {
	if n < 1 || n > 3999 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// readPPr consumes a w:pPr element and returns the numbering it asks for:
// its own w:numPr, else its paragraph style's.
func (n *wordNumbering) readPPr(x *xmlReader) (wordNumRef, error) {
	var style string
	ref, own := wordNumRef{}, false
	start := x.depth
	for x.depth >= start {
		tok, err := x.next()
		if err == io.EOF {
			return ref, errMalformedf("%s: unexpected end of XML", x.part)
		}
		if err != nil {
			return ref, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "pStyle":
				style = attr(se, "val")
			case "numPr":
				own = true
			case "numId":
				ref.numID = attr(se, "val")
			case "ilvl":
				ref.ilvl = atoiOr(attr(se, "val"), 0)
			}
		}
	}
	if !own && n != nil {
		ref = n.styles[style]
	}
	return ref, nil
}
