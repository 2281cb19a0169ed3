package doctext

import (
	"encoding/xml"
	"strings"
)

// ODF, like Word, keeps list numbers ("§ 1.", "1)") out of the text: they
// come from text:list-style definitions in styles.xml and content.xml.
// odfLists renders them as a text:list is walked.

const odfMaxListLevels = 10

type odfListLevel struct {
	format, prefix, suffix string
	follow                 string // after the label: tab (default), space or nothing
	start, display         int
	bullet                 bool
}

type odfLists struct {
	styles map[string]*[odfMaxListLevels]odfListLevel
	// while reading list styles
	cur   string
	level int
	// while reading the body
	open []odfOpenList
	last map[string]*[odfMaxListLevels]int // the last list of each style, for continue-numbering
	// outline counts headings outside lists.
	outline *[odfMaxListLevels]int
}

// odfOutline keys the heading numbering among the list styles; no list
// style can have this name.
const odfOutline = "\x00outline"

type odfOpenList struct {
	style    string
	level    int // 1-based
	counters *[odfMaxListLevels]int
	pending  bool // a list item whose first paragraph has not started
}

func newODFLists() *odfLists {
	return &odfLists{styles: map[string]*[odfMaxListLevels]odfListLevel{}, last: map[string]*[odfMaxListLevels]int{}}
}

// styleStart and styleEnd read text:list-style definitions.
func (l *odfLists) styleStart(se xml.StartElement) {
	switch se.Name.Local {
	case "list-style":
		l.cur, l.level = attr(se, "name"), 0
		if _, ok := l.styles[l.cur]; !ok && len(l.styles) < 10000 {
			l.styles[l.cur] = &[odfMaxListLevels]odfListLevel{}
		}
	case "outline-style":
		// Heading numbering ("1. Wstęp", "Rozdział II") lives here, as
		// a list style of its own.
		l.cur, l.level = odfOutline, 0
		if _, ok := l.styles[l.cur]; !ok {
			l.styles[l.cur] = &[odfMaxListLevels]odfListLevel{}
		}
	case "list-level-style-number", "list-level-style-bullet", "list-level-style-image", "outline-level-style":
		levels := l.styles[l.cur]
		n := atoiOr(attr(se, "level"), 0)
		if l.cur == "" || levels == nil || n < 1 || n > odfMaxListLevels {
			l.level = 0
			return
		}
		l.level = n
		levels[n-1] = odfListLevel{
			format: attr(se, "num-format"), prefix: attr(se, "num-prefix"), suffix: attr(se, "num-suffix"),
			start: atoiOr(attr(se, "start-value"), 1), display: atoiOr(attr(se, "display-levels"), 1),
			bullet: strings.Contains(se.Name.Local, "bullet") || strings.Contains(se.Name.Local, "image"), follow: "\t",
		}
	case "list-level-label-alignment":
		if levels := l.styles[l.cur]; levels != nil && l.level > 0 {
			switch attr(se, "label-followed-by") {
			case "space":
				levels[l.level-1].follow = " "
			case "nothing":
				levels[l.level-1].follow = ""
			}
		}
	}
}

func (l *odfLists) styleEnd(name string) {
	if name == "list-style" || name == "outline-style" {
		l.cur, l.level = "", 0
	}
}

// bodyStart follows text:list, text:list-item and text:list-header in the
// body and returns the label to write when se is the first paragraph of a
// list item.
func (l *odfLists) bodyStart(se xml.StartElement) string {
	switch se.Name.Local {
	case "list":
		ol := odfOpenList{style: attr(se, "style-name"), level: 1}
		if n := len(l.open); n > 0 {
			parent := l.open[n-1]
			if ol.style == "" {
				ol.style = parent.style
			}
			ol.level, ol.counters = parent.level+1, parent.counters
		} else {
			cont := attr(se, "continue-numbering") == "true" || attr(se, "continue-list") != ""
			if c, ok := l.last[ol.style]; ok && cont {
				ol.counters = c
			} else {
				ol.counters = &[odfMaxListLevels]int{}
				if levels := l.styles[ol.style]; levels != nil {
					for i := range ol.counters {
						ol.counters[i] = levels[i].start - 1
					}
				}
			}
			if len(l.last) < 10000 {
				l.last[ol.style] = ol.counters
			}
		}
		l.open = append(l.open, ol)
	case "list-item":
		if n := len(l.open); n > 0 {
			ol := &l.open[n-1]
			ol.pending = true
			if v := atoiOr(attr(se, "start-value"), 0); v > 0 && ol.level <= odfMaxListLevels {
				ol.counters[ol.level-1] = v - 1
			}
		}
	case "list-header":
		if n := len(l.open); n > 0 {
			l.open[n-1].pending = false
		}
	case "p", "h":
		if n := len(l.open); n > 0 && l.open[n-1].pending {
			l.open[n-1].pending = false
			return l.label(l.open[n-1])
		}
		if len(l.open) == 0 && se.Name.Local == "h" && attr(se, "is-list-header") != "true" {
			if l.outline == nil {
				l.outline = &[odfMaxListLevels]int{}
				if levels := l.styles[odfOutline]; levels != nil {
					for i := range l.outline {
						l.outline[i] = levels[i].start - 1
					}
				}
			}
			return l.label(odfOpenList{style: odfOutline, level: atoiOr(attr(se, "outline-level"), 1), counters: l.outline})
		}
	}
	return ""
}

func (l *odfLists) bodyEnd(name string) {
	if name == "list" && len(l.open) > 0 {
		l.open = l.open[:len(l.open)-1]
	}
}

func (l *odfLists) label(ol odfOpenList) string {
	if ol.level < 1 || ol.level > odfMaxListLevels {
		return ""
	}
	levels := l.styles[ol.style]
	if levels == nil {
		return ""
	}
	c := ol.counters
	c[ol.level-1]++
	for i := ol.level; i < odfMaxListLevels; i++ {
		c[i] = levels[i].start - 1
	}
	def := levels[ol.level-1]
	if def.bullet {
		return "•" + def.follow
	}
	var nums []string
	if def.format != "" {
		for j := max(1, ol.level-def.display+1); j <= ol.level; j++ {
			nums = append(nums, formatNumber(max(c[j-1], 0), odfFormat(levels[j-1].format)))
		}
	}
	s := def.prefix + strings.Join(nums, ".") + def.suffix
	if s == "" {
		return ""
	}
	return s + def.follow
}

func odfFormat(f string) string {
	switch f {
	case "a":
		return "lowerLetter"
	case "A":
		return "upperLetter"
	case "i":
		return "lowerRoman"
	case "I":
		return "upperRoman"
	}
	return "decimal"
}
