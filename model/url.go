package model

import (
	"net/url"
	"sort"
	"strings"
)

// URLRules say how a URL is made canonical, so one document has one ID.
type URLRules struct {
	// HostAliases maps a host to the one it is the same site as
	// ("krakow.pl" -> "www.krakow.pl").
	HostAliases map[string]string
	// DropParams are query parameters that only change the display
	// (matched case-insensitively; a trailing "*" matches a prefix).
	DropParams []string
	// HTTPSHosts are served over https only: an http:// link to them is the
	// same page as the https:// one (and costs a redirect if fetched).
	HTTPSHosts []string
}

// DefaultURLRules are the rules for the city's sites.
func DefaultURLRules() URLRules {
	return URLRules{
		HostAliases: map[string]string{
			"krakow.pl":     "www.krakow.pl",
			"bip.krakow.pl": "www.bip.krakow.pl",
		},
		DropParams: []string{
			"metka", "vreg", "utm_*", "fbclid", "gclid", "phpsessid", "sid",
			"sessionid", "jsessionid", "print", "mmode",
		},
		HTTPSHosts: []string{"www.krakow.pl", "ngo.krakow.pl", "www.bip.krakow.pl", "obywatelski.krakow.pl"},
	}
}

// Canonical returns the canonical form of raw: lower-case scheme and host,
// the host alias applied, default port, fragment and display-only
// parameters dropped, needless percent-encoding (%2C) decoded, dok_id values
// trimmed, and the query sorted.
func (r URLRules) Canonical(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", invalid("URL %q: %v", raw, err)
	}
	// u.Host may hold a port and no name ("http://:"); a URL needs the name.
	if !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "", invalid("URL %q is not an absolute http(s) URL", raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if a, ok := r.HostAliases[host]; ok {
		host = a
	}
	if u.Scheme == "http" && port == "" {
		for _, h := range r.HTTPSHosts {
			if h == host {
				u.Scheme = "https"
				break
			}
		}
	}
	u.Host = host
	if port != "" {
		u.Host = host + ":" + port
	}
	u.Fragment, u.RawFragment = "", ""
	u.User = nil

	if !strings.Contains(strings.ToUpper(u.RawPath), "%2F") {
		// Path holds the decoded form; dropping RawPath lets url re-encode only
		// what must be, so "%2C" and "," become one.
		u.RawPath = ""
	}
	if u.Path == "" {
		u.Path = "/"
	}

	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		// Keep an unparseable query as it is: it may still name a page.
		return u.String(), nil
	}
	for k := range q {
		if r.drop(k) {
			delete(q, k)
		}
	}
	if ids, ok := q["dok_id"]; ok {
		for i, v := range ids {
			ids[i] = strings.TrimSpace(v)
		}
		if u.Path == "/index.php" {
			u.Path = "/"
		}
	}
	u.RawQuery = encodeSorted(q)
	u.ForceQuery = false
	return u.String(), nil
}

func (r URLRules) drop(param string) bool {
	p := strings.ToLower(param)
	for _, d := range r.DropParams {
		if pre, ok := strings.CutSuffix(d, "*"); ok && strings.HasPrefix(p, pre) || p == d {
			return true
		}
	}
	return false
}

// encodeSorted is url.Values.Encode with values kept in their order but
// keys sorted, and empty-valued keys written bare ("?a&b=1").
func encodeSorted(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if k == "" && v == "" {
				continue // a bare "&=&" or "&&" says nothing
			}
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			if v != "" {
				b.WriteByte('=')
				b.WriteString(url.QueryEscape(v))
			}
		}
	}
	return b.String()
}
