package crawler

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// calendarBudget caps the URLs per pattern that carry a calendar date
// (three years of months): an event calendar links the next month forever,
// and inside the year window that is still hundreds of empty pages.
const calendarBudget = 36

// trapCheck refuses URLs that only a trap produces. It looks at the URL
// alone; the per-pattern budget and duplicate bodies are counted by the run.
func trapCheck(cfg *Config, u *url.URL, now time.Time) error {
	if cfg.MaxURLLength > 0 && len(u.String()) > cfg.MaxURLLength {
		return fmt.Errorf("%w: URL longer than %d bytes", ErrTrap, cfg.MaxURLLength)
	}
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	if len(segs) > 32 {
		return fmt.Errorf("%w: %d path segments", ErrTrap, len(segs))
	}
	count := make(map[string]int, len(segs))
	for _, s := range segs {
		if s == "" {
			continue
		}
		count[s]++
		if count[s] > cfg.MaxRepeat {
			return fmt.Errorf("%w: path segment %q repeated %d times", ErrTrap, s, count[s])
		}
	}
	if y, ok := calendarYear(u); ok && (y < 1990 || y > now.Year()+2) {
		return fmt.Errorf("%w: calendar date in %d", ErrTrap, y)
	}
	return nil
}

var (
	// dateValue is a date written as a value: 2020, 2020-06, 2020-06-10, 202006.
	dateValue = regexp.MustCompile(`^(\d{4})(?:[-./]?(?:0[1-9]|1[0-2])(?:[-./]?(?:0[1-9]|[12]\d|3[01]))?)?$`)
	dateKey   = regexp.MustCompile(`(?i)^(od|do|from|to|rok|y|m|d|day|start|end)$|date|data|year|month|miesiac|dzien|kalendarz|calendar`)
	digitRun  = regexp.MustCompile(`\d+`)
)

// calendarYear finds a year in a URL that looks like a calendar position: a
// date-like value of a date-like query key, a date-form path segment
// (2020-06), or a year segment followed by a month segment (/2020/06/).
// Bare numbers elsewhere (dok_id=2150) are IDs, not years.
func calendarYear(u *url.URL) (int, bool) {
	for k, vs := range u.Query() {
		for _, v := range vs {
			m := dateValue.FindStringSubmatch(v)
			if m == nil {
				continue
			}
			// 202006 could be an ID (dok_id=105412): without separators a
			// value is a date only under a date-like key.
			if strings.ContainsAny(v, "-./") || dateKey.MatchString(k) {
				y, _ := strconv.Atoi(m[1])
				return y, true
			}
		}
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, s := range segs {
		m := dateValue.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		isMonthNext := i+1 < len(segs) && len(segs[i+1]) <= 2 && segs[i+1] != "" && isMonth(segs[i+1])
		if len(s) > 4 && strings.ContainsAny(s, "-./") || isMonthNext {
			y, _ := strconv.Atoi(m[1])
			return y, true
		}
	}
	return 0, false
}

func isMonth(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 12
}

// urlPattern folds the URLs a trap generates into one key: host, the path
// with digit runs replaced, and the sorted query keys without values. An
// article slug keeps its letters, so real articles do not share a pattern.
func urlPattern(u *url.URL) string {
	p := digitRun.ReplaceAllString(path.Clean("/"+u.Path), "0")
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return u.Host + p + "?" + strings.Join(keys, "&")
}
