package extract

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Warsaw must resolve on hosts without zoneinfo
)

// Precision says how much of a date the source wrote.
type Precision int

// The precisions ParseDateDetail reports.
const (
	// PrecisionNone: no date.
	PrecisionNone Precision = iota
	// PrecisionYear: only a year ("2018r."), 1 January midnight UTC; or a
	// month and a year ("czerwiec 2020"), the 1st of that month.
	PrecisionYear
	// PrecisionDay: a calendar date; the time is midnight UTC of that day.
	PrecisionDay
	// PrecisionMinute: a date and a wall-clock time, in Europe/Warsaw.
	PrecisionMinute
)

func (p Precision) String() string {
	switch p {
	case PrecisionYear:
		return "year"
	case PrecisionDay:
		return "day"
	case PrecisionMinute:
		return "minute"
	}
	return "none"
}

// warsaw is the city's time zone; loaded once, read-only after.
var warsaw = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		// time/tzdata is linked in, so this cannot happen; a fixed CET
		// offset is the least wrong answer if it ever does.
		return time.FixedZone("CET", 3600)
	}
	return loc
})

// ParseDate reads a date written the way the city's sites write one:
//
//	2020-06-10            10.06.2020 r.        10.06.2020
//	10 czerwca 2020 r.    10 Czerwca 2020      10 wrzesnia 2020 (no diacritics)
//	dodano: 7.10.2021, 11:29                   2018r. (year only)
//	2020-06-10 14:05      10.VI.2020           10 VI 2020
//
// The whole of s must be one date, optionally after a label ending in ":"
// ("Data publikacji:", "dodano:") and followed by "r." or "roku".
//
// Date-only values are midnight UTC of that calendar day, so the day does
// not shift when formatted. A value with a time is that wall-clock time in
// Europe/Warsaw. A year alone ("2018r.", "2018") is 1 January of that year,
// midnight UTC; use ParseDateDetail to tell it from a real 1 January.
func ParseDate(s string) (time.Time, bool) {
	t, p := ParseDateDetail(s)
	return t, p != PrecisionNone
}

// ParseDateDetail is ParseDate that also says how precise the date is.
func ParseDateDetail(s string) (time.Time, Precision) {
	s = normSpace(s)
	if i := strings.IndexByte(s, ':'); i >= 0 && !strings.ContainsAny(s[:i], "0123456789") {
		s = strings.TrimSpace(s[i+1:]) // drop a label
	}
	if s == "" || len(s) > 80 {
		return time.Time{}, PrecisionNone
	}
	for _, m := range findDates(s) {
		if m.start == 0 && m.end == len(s) {
			return m.t, m.prec
		}
	}
	return time.Time{}, PrecisionNone
}

// dateMatch is a date found in a text, with its byte span.
type dateMatch struct {
	t          time.Time
	prec       Precision
	start, end int
}

const (
	monthsGen = `stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze[sś]nia|pa[zź]dziernika|listopada|grudnia`
	monthsNom = `stycze[nń]|luty|marzec|kwiecie[nń]|maj|czerwiec|lipiec|sierpie[nń]|wrzesie[nń]|pa[zź]dziernik|listopad|grudzie[nń]`
	roman     = `XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I`
	yearSfx   = `(?:\s*(?:r\.|r\b|roku\b))?`
	timeSfx   = `(?:\s*,?\s*(?:godz\.?|godzina|o\s+godz\.?)?\s*(\d{1,2})[:.](\d{2})(?::(\d{2}))?\b)?`
)

// dateRegexps are compiled per call through datePatterns: regexp values are
// safe to share, but the package keeps no mutable globals, so they live
// behind a sync.OnceValue like warsaw.
var datePatterns = sync.OnceValue(func() []datePattern {
	return []datePattern{
		{regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})` + `(?:(?:T|\s+|\s*,\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?` + `(Z|[+-]\d{2}:?\d{2})?` + yearSfx), layoutISO},
		{regexp.MustCompile(`\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})` + yearSfx + timeSfx), layoutDMY},
		{regexp.MustCompile(`(?i)\b(\d{1,2})\s*(?:\.\s*)?(` + monthsGen + `)\s*(\d{4})` + yearSfx + timeSfx), layoutDMonY},
		{regexp.MustCompile(`\b(\d{1,2})\s*[. ]\s*(` + roman + `)\s*[. ]\s*(\d{4})` + yearSfx), layoutRoman},
		{regexp.MustCompile(`(?i)\b(` + monthsNom + `)\s+(\d{4})` + yearSfx), layoutMonY},
		{regexp.MustCompile(`(?i)(?:^|\b(?:rok|roku|w|na|za)\s+)(\d{4})(?:\s*(?:r\.|r\b|roku\b))?`), layoutYear},
	}
})

type dateLayout int

const (
	layoutISO dateLayout = iota
	layoutDMY
	layoutDMonY
	layoutRoman
	layoutMonY
	layoutYear
)

type datePattern struct {
	re     *regexp.Regexp
	layout dateLayout
}

// findDates returns every date in s, earliest first; where two matches
// overlap the one found by the more specific pattern wins.
func findDates(s string) []dateMatch {
	var out []dateMatch
	taken := make([]bool, len(s)+1)
	for _, p := range datePatterns() {
		for _, idx := range p.re.FindAllStringSubmatchIndex(s, -1) {
			if overlaps(taken, idx[0], idx[1]) {
				continue
			}
			g := func(i int) string {
				if 2*i+1 >= len(idx) || idx[2*i] < 0 {
					return ""
				}
				return s[idx[2*i]:idx[2*i+1]]
			}
			t, prec, ok := p.build(g)
			if !ok {
				continue
			}
			end := idx[1]
			for end > idx[0] && s[end-1] == ' ' {
				end--
			}
			for i := idx[0]; i < end; i++ {
				taken[i] = true
			}
			out = append(out, dateMatch{t: t, prec: prec, start: idx[0], end: end})
		}
	}
	// Insertion sort by position: a handful of matches at most.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func overlaps(taken []bool, a, b int) bool {
	for i := a; i < b && i < len(taken); i++ {
		if taken[i] {
			return true
		}
	}
	return false
}

func (p datePattern) build(g func(int) string) (time.Time, Precision, bool) {
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			return -1
		}
		return n
	}
	var y, m, d int
	hh, mm, ss := g(4), g(5), g(6)
	switch p.layout {
	case layoutISO:
		y, m, d = atoi(g(1)), atoi(g(2)), atoi(g(3))
		if zone := g(7); zone != "" && hh != "" {
			t, ok := civil(y, m, d)
			if !ok || y < 1900 || y > 2100 {
				return time.Time{}, 0, false
			}
			loc := time.UTC
			if zone != "Z" {
				z := strings.ReplaceAll(zone[1:], ":", "")
				off := (atoi(z[:2])*60 + atoi(z[2:])) * 60
				if zone[0] == '-' {
					off = -off
				}
				loc = time.FixedZone("", off)
			}
			h, mi, se := atoi(hh), atoi(mm), atoi(orZero(ss))
			if h > 23 || mi > 59 || se > 59 {
				return time.Time{}, 0, false
			}
			return time.Date(t.Year(), t.Month(), t.Day(), h, mi, se, 0, loc).In(warsaw()), PrecisionMinute, true
		}
	case layoutDMY:
		d, m, y = atoi(g(1)), atoi(g(2)), atoi(g(3))
	case layoutDMonY:
		d, m, y = atoi(g(1)), monthNumber(g(2)), atoi(g(3))
	case layoutRoman:
		d, m, y = atoi(g(1)), romanMonth(g(2)), atoi(g(3))
		hh = ""
	case layoutMonY:
		m, y, d = monthNumber(g(1)), atoi(g(2)), 1
		hh = ""
		if y < 1900 || y > 2100 {
			return time.Time{}, 0, false
		}
		// A month and year is as precise as the city ever gets without a
		// day; treat it like a year-only date but keep the month.
		t, ok := civil(y, m, d)
		return t, PrecisionYear, ok
	case layoutYear:
		y = atoi(g(1))
		if y < 1900 || y > 2100 {
			return time.Time{}, 0, false
		}
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), PrecisionYear, true
	}
	if y < 1900 || y > 2100 {
		return time.Time{}, 0, false
	}
	t, ok := civil(y, m, d)
	if !ok {
		return time.Time{}, 0, false
	}
	if hh == "" {
		return t, PrecisionDay, true
	}
	h, mi, se := atoi(hh), atoi(mm), atoi(orZero(ss))
	if h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 {
		// "10.06.2020, 25:99" is a date followed by junk, not a time.
		return t, PrecisionDay, true
	}
	return time.Date(y, time.Month(m), d, h, mi, se, 0, warsaw()), PrecisionMinute, true
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// civil builds midnight UTC of y-m-d, refusing dates that do not exist
// (31.02, 00.13) rather than letting time.Date normalise them.
func civil(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false
	}
	return t, true
}

// monthNumber maps a Polish month name (genitive or nominative, any case,
// with or without diacritics) to 1-12, or -1.
func monthNumber(name string) int {
	n := foldPolish(strings.ToLower(name))
	prefixes := []string{"stycz", "lut", "mar", "kwie", "maj", "czerw", "lip", "sierp", "wrze", "pazdz", "listop", "grud"}
	for i, p := range prefixes {
		if strings.HasPrefix(n, p) {
			return i + 1
		}
	}
	return -1
}

func romanMonth(r string) int {
	for i, v := range []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"} {
		if r == v {
			return i + 1
		}
	}
	return -1
}

// foldPolish replaces Polish letters with their ASCII base letters.
func foldPolish(s string) string {
	return strings.NewReplacer("ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z",
		"Ą", "A", "Ć", "C", "Ę", "E", "Ł", "L", "Ń", "N", "Ó", "O", "Ś", "S", "Ź", "Z", "Ż", "Z").Replace(s)
}

// normSpace collapses every run of white space (including no-break and
// narrow no-break spaces) to one ASCII space and trims the ends.
func normSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u202f', '\u2007', '\u2009', '\u200a', '\u2002', '\u2003', '\u3000', '\u0085', '\u2028', '\u2029', '\u2008', '\u2006', '\u2005', '\u2004', '\u1680':
		return true
	}
	return false
}
