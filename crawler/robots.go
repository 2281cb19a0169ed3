package crawler

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxRobotsSize is what is read of a robots.txt; Google reads 500 KiB.
const maxRobotsSize = 500 << 10

// robots is the part of a robots.txt that applies to our user agent. It is
// our own lenient reading of Google's rules (RFC 9309): temoto/robotstxt,
// which colly uses, rejects a whole file for one rule before the first
// User-agent line or one malformed Crawl-delay, and colly then fails every
// request to that host.
type robots struct {
	rules      []robotsRule
	crawlDelay time.Duration
	sitemaps   []string
	// disallowAll is set when robots.txt could not be read (5xx, network
	// error): the host is treated as closed for this run.
	disallowAll bool
	reason      string // why disallowAll
	status      string // for the Report: "ok", "none (HTTP 404)", ...
}

type robotsRule struct {
	allow   bool
	pattern string // normalised: non-ASCII percent-encoded, %xx upper case
}

// allowAllRobots applies when robots.txt is missing (4xx).
func allowAllRobots(status string) *robots { return &robots{status: status} }

func disallowAllRobots(reason string) *robots {
	return &robots{disallowAll: true, reason: reason}
}

// robotsGroup collects the lines under one run of User-agent lines.
type robotsGroup struct {
	agents     []string
	rules      []robotsRule
	crawlDelay time.Duration
	hasDelay   bool
}

// productTokens are the names in a User-Agent that robots.txt groups may
// use: "ngosearch/0.1 (+https://...)" -> ngosearch; "Mozilla/5.0
// (compatible; ngosearch/0.1; +https://...)" -> ngosearch too.
func productTokens(ua string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(ua), func(r rune) bool {
		return r == ' ' || r == '(' || r == ')' || r == ';' || r == ','
	}) {
		name, _, _ := strings.Cut(f, "/")
		switch {
		case name == "", name == "mozilla", name == "compatible", strings.HasPrefix(name, "+"),
			strings.Contains(name, ":"), strings.Contains(name, "."):
			continue
		}
		out = append(out, name)
	}
	return out
}

// parseRobots reads body for the agent named by productTokens(userAgent).
// It never fails: unknown or malformed lines are skipped, as Google does.
func parseRobots(body []byte, userAgent string) *robots {
	if len(body) > maxRobotsSize {
		body = body[:maxRobotsSize]
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	tokens := productTokens(userAgent)

	var groups []*robotsGroup
	var cur *robotsGroup
	inAgents := false // the last meaningful line was User-agent
	r := &robots{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsSize+1)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent", "useragent", "user agent":
			if !inAgents || cur == nil {
				cur = &robotsGroup{}
				groups = append(groups, cur)
			}
			inAgents = true
			a := strings.ToLower(val)
			if i := strings.IndexAny(a, "/ "); i > 0 {
				a = a[:i]
			}
			cur.agents = append(cur.agents, a)
		case "allow", "disallow":
			inAgents = false
			if cur == nil || val == "" {
				// A rule outside any group, or an empty Disallow (allow all).
				continue
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: normalisePattern(val)})
		case "crawl-delay", "crawldelay":
			inAgents = false
			if cur == nil {
				continue
			}
			if d, ok := parseDelay(val); ok {
				cur.crawlDelay, cur.hasDelay = d, true
			}
		case "sitemap", "site-map":
			if val != "" {
				r.sitemaps = append(r.sitemaps, val)
			}
		default:
			// Host, Clean-param, unknown keys: not ours. They do not end a
			// group of User-agent lines either.
		}
	}

	// The most specific group wins: one naming our product token, else "*".
	// Groups naming the same agent are merged, as Google does.
	var chosen []*robotsGroup
	for _, want := range append(tokens, "*") {
		for _, g := range groups {
			for _, a := range g.agents {
				if a == want {
					chosen = append(chosen, g)
					break
				}
			}
		}
		if len(chosen) > 0 {
			break
		}
	}
	for _, g := range chosen {
		r.rules = append(r.rules, g.rules...)
		if g.hasDelay && g.crawlDelay > r.crawlDelay {
			r.crawlDelay = g.crawlDelay
		}
	}
	return r
}

// parseDelay reads "5", "0.5" or a sloppy "5s"; at most a day.
func parseDelay(s string) (time.Duration, bool) {
	s = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "s")
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 0 || f != f || f > 86400 {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}

// normalisePattern percent-encodes non-ASCII bytes and upper-cases escapes,
// so a pattern and an escaped URL path compare byte for byte.
func normalisePattern(p string) string {
	if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "*") {
		p = "/" + p
	}
	return normaliseEscapes(p)
}

func normaliseEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(s[i+1 : i+3]))
			i += 2
		case c >= 0x80 || c < 0x20 || c == ' ':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// allowed reports whether robots.txt lets us fetch u. The longest matching
// pattern decides; on a tie Allow wins. /robots.txt itself is always allowed.
func (r *robots) allowed(u *url.URL) bool {
	if r.disallowAll {
		return false
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	path = normaliseEscapes(path)
	best, allow := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, path) {
			continue
		}
		n := utf8.RuneCountInString(rule.pattern)
		if n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches a robots.txt path pattern: "*" is any run of
// characters, a final "$" anchors the end, otherwise the pattern is a prefix.
func robotsMatch(pat, s string) bool {
	if p, ok := strings.CutSuffix(pat, "$"); ok {
		pat = p
	} else {
		pat += "*"
	}
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(pat) && pat[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(pat) && pat[pi] == s[si]:
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pat) && pat[pi] == '*' {
		pi++
	}
	return pi == len(pat)
}

// render writes the rules that apply to us as a robots.txt colly's parser
// reads without complaint, so colly's own check (IgnoreRobotsTxt = false)
// agrees with ours and never fetches robots.txt a second time.
func (r *robots) render() []byte {
	var b bytes.Buffer
	b.WriteString("User-agent: *\n")
	if r.disallowAll {
		b.WriteString("Disallow: /\n")
		return b.Bytes()
	}
	for _, rule := range r.rules {
		if strings.ContainsAny(rule.pattern, "\r\n\t ") {
			continue
		}
		if rule.allow {
			b.WriteString("Allow: ")
		} else {
			b.WriteString("Disallow: ")
		}
		b.WriteString(rule.pattern)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// robotsDirectives reads the page-level exclusions: X-Robots-Tag headers
// (plain, or "name: ..." for one crawler) and <meta name="robots"> contents.
// "none" is both.
func robotsDirectives(h http.Header, metas []string, tokens []string) (noindex, nofollow bool) {
	apply := func(list string) {
		for _, d := range strings.Split(strings.ToLower(list), ",") {
			switch strings.TrimSpace(d) {
			case "noindex":
				noindex = true
			case "nofollow":
				nofollow = true
			case "none":
				noindex, nofollow = true, true
			}
		}
	}
	for _, v := range h.Values("X-Robots-Tag") {
		v = strings.TrimSpace(v)
		if name, rest, ok := strings.Cut(v, ":"); ok && !strings.Contains(name, ",") &&
			!strings.EqualFold(strings.TrimSpace(name), "unavailable_after") {
			if !slices.Contains(tokens, strings.ToLower(strings.TrimSpace(name))) {
				continue // for another crawler
			}
			v = rest
		}
		apply(v)
	}
	for _, m := range metas {
		apply(m)
	}
	return noindex, nofollow
}
