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
	starts  []int
	hasLp   bool
	hasKRS  bool
	lpEnd   int // the Lp. number must start left of this column
	orgX    int
}

func (h *layoutHeader) center(r colRole) (float64, bool) {
	for i, role := range h.roles {
		if role == r {
			return h.centers[i], true
		}
	}
	return 0, false
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

// parseLayoutHeader reads a header from one or two lines.
func parseLayoutHeader(lines []string) (*layoutHeader, bool) {
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
	if len(segs) < 2 {
		return nil, false
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].start < segs[j].start })
	cells := make([]string, len(segs))
	for i, s := range segs {
		cells[i] = s.text
	}
	roles, ok := headerRoles(cells)
	if !ok {
		return nil, false
	}
	h := &layoutHeader{roles: roles}
	for i, s := range segs {
		h.centers = append(h.centers, s.center())
		h.starts = append(h.starts, s.start)
		switch roles[i] {
		case roleLp:
			h.hasLp = true
			h.lpEnd = s.end + 3
		case roleKRS:
			h.hasKRS = true
		case roleOrg:
			h.orgX = s.start
		}
	}
	return h, true
}

var layoutRes = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		"lp":       regexp.MustCompile(`^(\s*)(\d{1,4})\.?(?:\s|$)`),
		"krs":      regexp.MustCompile(`(?:^|\s)(?:KRS:?\s*)?(\d{10})(?:\s|$)`),
		"blankKRS": regexp.MustCompile(`^(?i)(–|-|—|brak|b\.d\.|nie dotyczy)$`),
		"number":   regexp.MustCompile(`^\d+(?:[.,]\d+)?$`),
	}
})

// layoutRow is a table row being read.
type layoutRow struct {
	page      int
	org, task []string
	krs       string
	amount    string
	taskStart int // column where the task text starts, -1 unknown
}

// layoutGrants reads the grant tables of a PDF's layout pages.
func layoutGrants(pages []string, gc grantContext) []model.Grant {
	var (
		out        []model.Grant
		hdr        *layoutHeader
		cur        *layoutRow
		taskStarts []int
	)
	res := layoutRes()
	flush := func() {
		if cur == nil || hdr == nil {
			cur = nil
			return
		}
		cells := []string{joinWrapped(cur.org), cur.krs, joinWrapped(cur.task), cur.amount}
		roles := []colRole{roleOrg, roleKRS, roleTask, roleAmount}
		if g, ok := grantFromRow(gridRow{cells: cells, page: cur.page}, roles, gc); ok {
			out = append(out, g)
		}
		cur = nil
	}
	medianTask := func() int {
		if len(taskStarts) == 0 {
			return -1
		}
		s := append([]int(nil), taskStarts...)
		sort.Ints(s)
		return s[len(s)/2]
	}
	for pi, page := range pages {
		lines := strings.Split(page, "\n")
		waiting := true // after a page break or a blank line only an anchor or a header goes on
		for li := 0; li < len(lines); li++ {
			line := lines[li]
			if strings.TrimSpace(line) == "" {
				flush()
				waiting = true
				continue
			}
			if h, ok := parseLayoutHeader([]string{line}); ok {
				flush()
				hdr, waiting, taskStarts = h, false, nil
				continue
			}
			if li+1 < len(lines) {
				if h, ok := parseLayoutHeader(lines[li : li+2]); ok && len(lineSegments(line)) >= 2 {
					flush()
					hdr, waiting, taskStarts = h, false, nil
					li++
					continue
				}
			}
			if hdr == nil {
				continue
			}
			trimmed := strings.TrimSpace(line)
			if totalRowRe().MatchString(trimmed) {
				flush()
				waiting = true
				continue
			}
			if isAnchor(hdr, line) {
				flush()
				cur = &layoutRow{page: pi + 1, taskStart: -1}
				addLayoutLine(hdr, cur, line, true, medianTask())
				if cur.taskStart >= 0 {
					taskStarts = append(taskStarts, cur.taskStart)
				}
				waiting = false
				continue
			}
			if waiting || cur == nil {
				continue
			}
			addLayoutLine(hdr, cur, line, false, medianTask())
		}
		flush()
		_ = res
	}
	return out
}

// isAnchor reports the first line of a row.
func isAnchor(h *layoutHeader, line string) bool {
	res := layoutRes()
	if h.hasLp {
		m := res["lp"].FindStringSubmatch(line)
		return m != nil && len([]rune(m[1])) <= h.lpEnd
	}
	// No Lp. column: a line with an amount in the amount column and text
	// at the organisation column.
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
func addLayoutLine(h *layoutHeader, row *layoutRow, line string, anchor bool, tableTaskStart int) {
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
					if !anchor && row.page == 0 {
						row.page = 0
					}
				}
				continue
			}
		}
		// A KRS placeholder in the KRS column.
		if h.hasKRS && res["blankKRS"].MatchString(s.text) {
			continue
		}
		// A KRS number, alone or glued to the end of the name.
		if m := res["krs"].FindStringSubmatchIndex(s.text); m != nil && h.hasKRS || m != nil && strings.Contains(strings.ToUpper(s.text), "KRS") {
			if row.krs == "" {
				row.krs = s.text[m[2]:m[3]]
			}
			before := strings.TrimSpace(s.text[:m[0]])
			after := strings.TrimSpace(s.text[m[1]:])
			before = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(before), "KRS:"))
			before = strings.TrimSpace(strings.TrimSuffix(before, "KRS"))
			if before != "" {
				text = append(text, lseg{start: s.start, end: s.start + len([]rune(before)), text: before})
			}
			if after != "" {
				e := s.end - len([]rune(after))
				text = append(text, lseg{start: e, end: s.end, text: after})
			}
			continue
		}
		text = append(text, s)
	}
	if len(text) == 0 {
		return
	}
	taskStart := row.taskStart
	if anchor && len(text) >= 2 {
		taskStart = text[1].start
		row.taskStart = taskStart
	}
	if taskStart < 0 {
		taskStart = tableTaskStart
	}
	for _, s := range text {
		switch {
		case taskStart < 0:
			if anchor && len(row.org) == 0 {
				row.org = append(row.org, s.text)
			} else {
				row.task = append(row.task, s.text)
			}
		case s.start >= taskStart-2:
			row.task = append(row.task, s.text)
		case s.end > taskStart+2:
			// One fragment over both columns: cut at the space nearest the
			// task column.
			r := []rune(s.text)
			cut := -1
			for i := range r {
				if r[i] == ' ' && (cut < 0 || abs(s.start+i-taskStart) < abs(s.start+cut-taskStart)) {
					cut = i
				}
			}
			if cut <= 0 {
				row.org = append(row.org, s.text)
				continue
			}
			row.org = append(row.org, strings.TrimSpace(string(r[:cut])))
			row.task = append(row.task, strings.TrimSpace(string(r[cut:])))
		default:
			row.org = append(row.org, s.text)
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
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
