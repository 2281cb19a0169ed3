package extract

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/krakow-ngo/ngosearch/model"
)

// Reading grant tables from PDF pages laid out by pdftotext -layout.
//
// A table starts at a header line (or two) naming an organisation column
// and an amount column. Every row starts at an anchor line: the line whose
// "Lp." number sits in the first column (or, in a table without one, whose
// amount sits in the amount column). The lines after an anchor, up to the
// next anchor, a blank line, a "Razem" line or the end of the page, are the
// row's wrapped cell text: a fragment left of the task column continues the
// organisation's name, one right of it continues the task. KRS numbers are
// found by their shape (ten digits, or a dash or "brak" in the KRS column),
// not by position, because a long name pushes the columns to the right.
// A table may run over pages: the header repeats, or the rows go on after
// the page's running header.

// lseg is a run of text on a layout line, with rune columns [start, end).
type lseg struct {
	start, end int
	text       string
}

func (s lseg) center() float64 { return float64(s.start+s.end) / 2 }

// lineSegments splits a layout line at runs of two or more spaces.
func lineSegments(line string) []lseg {
	r := []rune(strings.ReplaceAll(line, "\t", "    "))
	var out []lseg
	i := 0
	for i < len(r) {
		for i < len(r) && isSpace(r[i]) {
			i++
		}
		if i >= len(r) {
			break
		}
		start := i
		end := i
		for i < len(r) {
			if isSpace(r[i]) {
				j := i
				for j < len(r) && isSpace(r[j]) {
					j++
				}
				if j-i >= 2 || j >= len(r) {
					break
				}
				i = j
				continue
			}
			i++
			end = i
		}
		out = append(out, lseg{start: start, end: end, text: string(r[start:end])})
	}
	return out
}

// layoutHeader is a table header: the role and centre of each column.
type layoutHeader struct {
	roles   []colRole
	centers []float64
	segs    []lseg
	hasLp   bool
	hasKRS  bool
	lpEnd   int // the Lp. number must start left of this column
	orgX    int
	// boundary is the column that parts organisation text (left) from
	// task text (right): the KRS column's centre, or halfway between the
	// organisation and task headers.
	boundary float64
	// krsFrom, krsTo bound the KRS column.
	krsFrom, krsTo float64
	// taskFirst: the task column is left of the organisation's.
	taskFirst bool
}

// numericRole is the money or points column whose header is nearest to
// seg, or roleNone when a text column is nearer.
func (h *layoutHeader) numericRole(seg lseg) colRole {
	best, bestDist := roleNone, 1e9
	for i, r := range h.roles {
		d := seg.center() - h.centers[i]
		if d < 0 {
			d = -d
		}
		if d < bestDist {
			best, bestDist = r, d
		}
	}
	switch best {
	case roleAmount, roleOtherMoney, rolePoints:
		return best
	}
	return roleNone
}

func (h *layoutHeader) inKRS(s lseg) bool {
	return h.hasKRS && s.center() >= h.krsFrom && s.center() <= h.krsTo
}

// mergeHeaderLines lays the segments of header lines over each other:
// "Kwota" above "przyznana" is one cell.
func mergeHeaderLines(lines []string) []lseg {
	var segs []lseg
	for _, l := range lines {
		for _, s := range lineSegments(l) {
			merged := false
			for i := range segs {
				if s.start < segs[i].end+2 && s.end > segs[i].start-2 {
					segs[i].text += " " + s.text
					segs[i].start, segs[i].end = min(segs[i].start, s.start), max(segs[i].end, s.end)
					merged = true
					break
				}
			}
			if !merged {
				segs = append(segs, s)
			}
		}
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].start < segs[j].start })
	return segs
}

// parseLayoutHeader reads a header from one or more lines.
func parseLayoutHeader(lines []string) (*layoutHeader, bool) {
	segs := mergeHeaderLines(lines)
	if len(segs) < 2 {
		return nil, false
	}
	cells := make([]string, len(segs))
	for i, s := range segs {
		cells[i] = s.text
	}
	roles, ok := headerRoles(cells)
	if !ok {
		return nil, false
	}
	h := &layoutHeader{roles: roles, segs: segs}
	var orgC, krsC, taskC float64 = -1, -1, -1
	for i, s := range segs {
		h.centers = append(h.centers, s.center())
		switch roles[i] {
		case roleLp:
			h.hasLp = true
			h.lpEnd = s.end + 3
		case roleKRS:
			h.hasKRS = true
			krsC = s.center()
		case roleOrg:
			h.orgX = s.start
			orgC = s.center()
		case roleTask:
			if taskC < 0 {
				taskC = s.center()
			}
		}
	}
	h.taskFirst = taskC >= 0 && taskC < orgC
	left, right := orgC, taskC
	if h.taskFirst {
		left, right = taskC, orgC
	}
	switch {
	case h.hasKRS && right > krsC && krsC > left:
		h.boundary = krsC
		h.krsFrom, h.krsTo = (left+krsC)/2, (krsC+right)/2
	case h.hasKRS:
		// KRS elsewhere (first or last): it takes its own column only.
		h.krsFrom, h.krsTo = krsC-8, krsC+8
		h.boundary = (orgC + taskC) / 2
	case taskC >= 0:
		h.boundary = (orgC + taskC) / 2
	default:
		h.boundary = 1e9 // no task column: all text is the organisation's
	}
	return h, true
}

var layoutRes = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		"lp":       regexp.MustCompile(`^(\s*)(\d{1,4})\.?(?:\s|$)`),
		"krs":      regexp.MustCompile(`(?:^|\s)(?:KRS:?\s*)?(\d{10})(?:\s|$)`),
		"shortKRS": regexp.MustCompile(`(?:^|\s)(\d{1,10}|–|-|—|brak)$`),
		"blankKRS": regexp.MustCompile(`^(?i)(–|-|—|brak|b\.d\.|nie dotyczy)$`),
		"number":   regexp.MustCompile(`^\d+(?:[.,]\d+)?$`),
		"tailAmt":  regexp.MustCompile(`^(.*?\S)\s+(\d{1,3}(?:[ \x{00a0}\x{202f}]\d{3})*(?:,\d{2})?\s*zł|\d+(?:,\d{2})?\s*zł|\d{1,3}(?:[ \x{00a0}\x{202f}]\d{3})*,\d{2})$`),
	}
})

// layoutRow is a table row being read.
type layoutRow struct {
	page      int
	org, task []string
	krs       string
	amount    string
}

// layoutGrants reads the grant tables of a PDF's layout pages.
func layoutGrants(pages []string, gc grantContext) []model.Grant {
	var (
		out     []model.Grant
		hdr     *layoutHeader
		cur     *layoutRow
		pending []string // lines of a block before its anchor (a vertically centred row)
	)
	flush := func() {
		if cur != nil && hdr != nil {
			cells := []string{joinWrapped(cur.org), cur.krs, joinWrapped(cur.task), cur.amount}
			roles := []colRole{roleOrg, roleKRS, roleTask, roleAmount}
			if g, ok := grantFromRow(gridRow{cells: cells, page: cur.page}, roles, gc); ok {
				out = append(out, g)
			}
		}
		cur, pending = nil, nil
	}
	for pi, page := range pages {
		lines := strings.Split(page, "\n")
		for li := 0; li < len(lines); li++ {
			line := lines[li]
			if strings.TrimSpace(line) == "" {
				// A blank line ends a block: the row, or the lines that
				// turned out to be no row (a page header, a paragraph).
				flush()
				continue
			}
			if h, n, ok := findHeader(lines, li); ok {
				flush()
				hdr = h
				li += n - 1
				continue
			}
			if hdr == nil {
				continue
			}
			if segs := lineSegments(line); len(segs) > 0 && segs[0].center() < hdr.boundary && totalRowRe().MatchString(segs[0].text) {
				// "Razem" in the name's column ends the rows; at the
				// task column it is a task's word.
				flush()
				continue
			}
			if isAnchor(hdr, line) {
				pre := pending
				flush()
				// Lines above the anchor belong to its row (a vertically
				// centred cell) and come first in reading order.
				cur = &layoutRow{page: pi + 1}
				for _, p := range pre {
					addLayoutLine(hdr, cur, p, false)
				}
				addLayoutLine(hdr, cur, line, true)
				continue
			}
			if cur != nil {
				addLayoutLine(hdr, cur, line, false)
			} else if len(pending) < 12 {
				pending = append(pending, line)
			}
		}
		flush()
	}
	return out
}

// findHeader looks for a table header starting at lines[i]: one line, or
// up to three lines whose cells stack ("Kwota" above "przyznana").
func findHeader(lines []string, i int) (*layoutHeader, int, bool) {
	if len(lineSegments(lines[i])) < 2 {
		return nil, 0, false
	}
	for n := 1; n <= 3 && i+n <= len(lines); n++ {
		if n > 1 && strings.TrimSpace(lines[i+n-1]) == "" {
			break
		}
		if h, ok := parseLayoutHeader(lines[i : i+n]); ok {
			// Absorb the header's remaining stacked lines: no digits, every
			// fragment under a header cell.
			for i+n < len(lines) && isHeaderTail(h, lines[i+n]) {
				n++
				if h2, ok := parseLayoutHeader(lines[i : i+n]); ok {
					h = h2
				}
			}
			return h, n, true
		}
	}
	return nil, 0, false
}

func isHeaderTail(h *layoutHeader, line string) bool {
	segs := lineSegments(line)
	if len(segs) == 0 || strings.ContainsAny(line, "0123456789") {
		return false
	}
	for _, s := range segs {
		under := false
		for _, hs := range h.segs {
			if s.start < hs.end+2 && s.end > hs.start-2 {
				under = true
			}
		}
		if !under {
			return false
		}
	}
	return true
}

// isAnchor reports the line that carries a row's Lp. number (or, in a
// table without one, its amount).
func isAnchor(h *layoutHeader, line string) bool {
	res := layoutRes()
	if h.hasLp {
		m := res["lp"].FindStringSubmatch(line)
		return m != nil && len([]rune(m[1])) < h.lpEnd
	}
	segs := lineSegments(line)
	if len(segs) < 2 || segs[0].start > h.orgX+4 {
		return false
	}
	last := segs[len(segs)-1]
	if h.numericRole(last) != roleAmount {
		return false
	}
	_, err := ParseAmount(last.text)
	return err == nil
}

// addLayoutLine distributes a line's fragments over the row's cells.
func addLayoutLine(h *layoutHeader, row *layoutRow, line string, anchor bool) {
	res := layoutRes()
	if anchor && h.hasLp {
		if m := res["lp"].FindStringSubmatchIndex(line); m != nil {
			// Blank the number out, keeping the columns.
			line = line[:m[4]] + strings.Repeat(" ", m[1]-m[4]) + line[m[1]:]
		}
	}
	var text []lseg
	for _, s := range lineSegments(line) {
		// A money or points column.
		if role := h.numericRole(s); role != roleNone {
			if _, err := ParseAmount(s.text); err == nil || res["number"].MatchString(s.text) || res["blankKRS"].MatchString(s.text) {
				if role == roleAmount && row.amount == "" {
					row.amount = s.text
				}
				continue
			}
		}
		// Text glued to an amount by a single space ("... sąsiedzkie 9 000,00 zł").
		if m := res["tailAmt"].FindStringSubmatch(s.text); m != nil {
			n := len([]rune(m[2]))
			amt := lseg{start: s.end - n, end: s.end, text: m[2]}
			if role := h.numericRole(amt); role != roleNone {
				if role == roleAmount && row.amount == "" {
					row.amount = amt.text
				}
				s = lseg{start: s.start, end: s.start + len([]rune(m[1])), text: m[1]}
			}
		}
		// A KRS placeholder or number alone in the KRS column.
		if h.inKRS(s) && (res["blankKRS"].MatchString(s.text) || res["number"].MatchString(s.text) && len(s.text) <= 10) {
			if row.krs == "" && res["number"].MatchString(s.text) {
				row.krs = s.text
			}
			continue
		}
		// A ten-digit KRS, alone or glued to the name.
		if m := res["krs"].FindStringSubmatchIndex(s.text); m != nil && (h.hasKRS || strings.Contains(strings.ToUpper(s.text), "KRS")) {
			if row.krs == "" {
				row.krs = s.text[m[2]:m[3]]
			}
			before := strings.TrimSpace(s.text[:m[0]])
			before = strings.TrimSpace(strings.TrimSuffix(before, "KRS:"))
			before = strings.TrimSpace(strings.TrimSuffix(before, "KRS"))
			after := strings.TrimSpace(s.text[m[1]:])
			if before != "" {
				text = append(text, lseg{start: s.start, end: s.start + len([]rune(before)), text: before})
			}
			if after != "" {
				e := s.end - len([]rune(after))
				text = append(text, lseg{start: e, end: s.end, text: after})
			}
			continue
		}
		// A short KRS or a dash at the end of the name, inside the KRS
		// column ("Parku Jordana w Krakowie 123456", "pw. –").
		if m := res["shortKRS"].FindStringSubmatchIndex(s.text); m != nil && h.hasKRS && m[2] > 0 {
			tok := s.text[m[2]:m[3]]
			tokSeg := lseg{start: s.start + len([]rune(s.text[:m[2]])), end: s.end, text: tok}
			if h.inKRS(tokSeg) {
				if row.krs == "" && res["number"].MatchString(tok) {
					row.krs = tok
				}
				rest := strings.TrimSpace(s.text[:m[2]])
				s = lseg{start: s.start, end: s.start + len([]rune(rest)), text: rest}
			}
		}
		if s.text != "" {
			text = append(text, s)
		}
	}
	// Text left of the boundary is the organisation's, unless the task
	// column comes first.
	left, right := &row.org, &row.task
	if h.taskFirst {
		left, right = right, left
	}
	for _, s := range text {
		b := h.boundary
		switch {
		case float64(s.start) < b-3 && float64(s.end) > b+3 && !h.hasKRS:
			// One fragment over both columns: cut at the space nearest the
			// boundary, if there is one close to it.
			r := []rune(s.text)
			cut := -1
			for i := range r {
				if r[i] == ' ' && (cut < 0 || absf(float64(s.start+i)-b) < absf(float64(s.start+cut)-b)) {
					cut = i
				}
			}
			if cut <= 0 || absf(float64(s.start+cut)-b) > 6 {
				if s.center() < b {
					*left = append(*left, s.text)
				} else {
					*right = append(*right, s.text)
				}
				continue
			}
			*left = append(*left, strings.TrimSpace(string(r[:cut])))
			*right = append(*right, strings.TrimSpace(string(r[cut:])))
		case s.center() < b:
			*left = append(*left, s.text)
		default:
			*right = append(*right, s.text)
		}
	}
}

func absf(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// joinWrapped joins a cell's wrapped lines: with a space, except after a
// hyphen glued to a word ("Kraków-" + "Krowodrza"), which was a compound
// the line broke at.
func joinWrapped(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		p = normSpace(p)
		if p == "" {
			continue
		}
		s := b.String()
		if b.Len() > 0 && !(strings.HasSuffix(s, "-") && len(s) > 1 && s[len(s)-2] != ' ') {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}
