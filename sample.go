package ngosearch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed testdata/site
var sampleFS embed.FS

// sampleHosts returns the real hosts the sample site mirrors, in seed
// order. Each has a directory of the same name under testdata/site.
func sampleHosts() []string {
	return []string{"www.krakow.pl", "ngo.krakow.pl", "www.bip.krakow.pl"}
}

// hostAliases returns the other names the city uses for a mirrored host.
func hostAliases(host string) []string {
	switch host {
	case "www.krakow.pl":
		return []string{"krakow.pl"}
	case "www.bip.krakow.pl":
		return []string{"bip.krakow.pl"}
	}
	return nil
}

// mirroredHost maps a host name, alias or not, to the mirrored host.
func mirroredHost(host string) string {
	host = strings.ToLower(host)
	for _, h := range sampleHosts() {
		if slices.Contains(hostAliases(h), host) {
			return h
		}
	}
	return host
}

// sampleDefaultModified is the Last-Modified of files whose sidecar names none.
var sampleDefaultModified = time.Date(2024, time.January, 15, 8, 0, 0, 0, time.UTC)

// ErrSampleHost is returned by StartSample when the file system lacks a
// directory for one of the mirrored hosts.
var ErrSampleHost = errors.New("sample site has no directory for host")

// SampleSite returns the bundled mirror of the city's sites (testdata/site),
// rooted so that its top-level directories are the host names.
func SampleSite() fs.FS {
	sub, err := fs.Sub(sampleFS, "testdata/site")
	if err != nil {
		// fs.Sub fails only on an invalid literal path.
		panic(err)
	}
	return sub
}

// SampleRequest is one request the sample servers answered.
type SampleRequest struct {
	// Host is the real host the request was addressed to ("www.bip.krakow.pl").
	Host string
	// Path is the request URI: path and query ("/?dok_id=105412").
	Path      string
	Method    string
	Status    int
	UserAgent string
}

// Sample serves a sample site: one loopback HTTP listener per real host.
type Sample struct {
	fsys     fs.FS
	bases    map[string]string // real host -> "http://127.0.0.1:PORT"
	hosts    map[string]string // "127.0.0.1:PORT" -> real host
	servers  []*http.Server
	rewriter *strings.Replacer

	mu   sync.Mutex
	reqs []SampleRequest
}

// StartSample serves fsys (laid out as testdata/site/README.md describes) on
// one listener at 127.0.0.1:0 per mirrored host. Close stops them.
func StartSample(fsys fs.FS) (*Sample, error) {
	s := &Sample{fsys: fsys, bases: map[string]string{}, hosts: map[string]string{}}
	for _, h := range sampleHosts() {
		if st, err := fs.Stat(fsys, h); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("%w %s", ErrSampleHost, h)
		}
	}
	var lns []net.Listener
	for _, h := range sampleHosts() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return nil, fmt.Errorf("listening for %s: %w", h, err)
		}
		lns = append(lns, ln)
		s.bases[h] = "http://" + ln.Addr().String()
		s.hosts[ln.Addr().String()] = h
	}
	var pairs []string
	for _, h := range sampleHosts() {
		for _, n := range append([]string{h}, hostAliases(h)...) {
			for _, prefix := range []string{"https://", "http://", "//"} {
				pairs = append(pairs, prefix+n, s.bases[h])
			}
		}
	}
	s.rewriter = strings.NewReplacer(pairs...)
	for i, h := range sampleHosts() {
		srv := &http.Server{Handler: s.handler(h), ReadHeaderTimeout: 10 * time.Second}
		s.servers = append(s.servers, srv)
		go srv.Serve(lns[i]) //nolint:errcheck // returns ErrServerClosed on Close
	}
	return s, nil
}

// Seeds returns the home page of every host, as loopback URLs.
func (s *Sample) Seeds() []string {
	out := make([]string, 0, len(sampleHosts()))
	for _, h := range sampleHosts() {
		out = append(out, s.bases[h]+"/")
	}
	return out
}

// AllowHosts returns "127.0.0.1:PORT" for every host.
func (s *Sample) AllowHosts() []string {
	out := make([]string, 0, len(sampleHosts()))
	for _, h := range sampleHosts() {
		out = append(out, strings.TrimPrefix(s.bases[h], "http://"))
	}
	return out
}

// URL maps a URL on one of the real hosts (or their aliases, any scheme) to
// the loopback server that mirrors it. Other URLs are returned unchanged.
func (s *Sample) URL(realURL string) string {
	u, err := url.Parse(realURL)
	if err != nil || u.Host == "" {
		return realURL
	}
	base, ok := s.bases[mirroredHost(u.Hostname())]
	if !ok {
		return realURL
	}
	b, _ := url.Parse(base) // built by StartSample: always parses
	u.Scheme, u.Host = b.Scheme, b.Host
	return u.String()
}

// RealURL is the inverse of URL: it maps a loopback URL back to the real
// host it mirrors (https). Other URLs are returned unchanged.
func (s *Sample) RealURL(loopbackURL string) string {
	u, err := url.Parse(loopbackURL)
	if err != nil {
		return loopbackURL
	}
	h, ok := s.hosts[u.Host]
	if !ok {
		return loopbackURL
	}
	u.Scheme, u.Host = "https", h
	return u.String()
}

// Requests returns a copy of the log of served requests, in order.
func (s *Sample) Requests() []SampleRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// Close stops the servers.
func (s *Sample) Close() {
	for _, srv := range s.servers {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if err := srv.Shutdown(ctx); err != nil {
			srv.Close()
		}
		cancel()
	}
}

// statusRecorder notes the status of a response as its header goes out,
// before the body: a client that has read the response finds its request
// in Requests.
type statusRecorder struct {
	http.ResponseWriter
	status int
	record func(status int)
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
		r.record(code)
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	return r.ResponseWriter.Write(b)
}

func (s *Sample) handler(host string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, record: func(status int) {
			s.mu.Lock()
			s.reqs = append(s.reqs, SampleRequest{Host: host, Path: r.URL.RequestURI(), Method: r.Method, Status: status, UserAgent: r.UserAgent()})
			s.mu.Unlock()
		}}
		s.serve(rec, r, host)
		if rec.status == 0 {
			rec.WriteHeader(http.StatusOK)
		}
	})
}

func (s *Sample) serve(w http.ResponseWriter, r *http.Request, host string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if body, ok := trapPage(host, r.URL); ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		s.write(w, r, []byte(body), time.Time{})
		return
	}
	name, ok := s.lookup(host, r.URL)
	if !ok {
		s.notFound(w, r, host)
		return
	}
	raw, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		http.Error(w, "cannot read "+name, http.StatusInternalServerError)
		return
	}
	hdr, status, err := sidecar(s.fsys, name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	modified := sampleDefaultModified
	if lm := hdr.Get("Last-Modified"); lm != "" {
		if t, err := http.ParseTime(lm); err == nil {
			modified = t
		}
		hdr.Del("Last-Modified")
	}
	ctype, ctypeSet := hdr["Content-Type"]
	if !ctypeSet {
		ctype = []string{defaultContentType(name)}
	} else if len(ctype) == 1 && ctype[0] == "" {
		ctype = nil // the sidecar asks for no Content-Type at all
	}
	for k, v := range hdr {
		if k == "Location" {
			for i := range v {
				v[i] = s.rewriter.Replace(v[i])
			}
		}
		w.Header()[k] = v
	}
	w.Header()["Content-Type"] = ctype
	if status != 0 && status != http.StatusOK {
		w.WriteHeader(status)
		if r.Method == http.MethodGet {
			w.Write(raw)
		}
		return
	}
	sum := sha256.Sum256(raw)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	body, err := s.rewrite(name, strings.Join(ctype, ""), raw)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.write(w, r, body, modified)
}

// write serves body with conditional-request and Range handling.
func (s *Sample) write(w http.ResponseWriter, r *http.Request, body []byte, modified time.Time) {
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

func (s *Sample) notFound(w http.ResponseWriter, r *http.Request, host string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method == http.MethodGet {
		fmt.Fprintf(w, "<!DOCTYPE html><html lang=\"pl\"><head><title>404 – Nie znaleziono strony</title></head><body><h1>Nie znaleziono strony</h1><p>Strona %s nie istnieje. <a href=\"/\">Przejdź do strony głównej</a></p></body></html>\n", html.EscapeString(r.URL.RequestURI()))
	}
}

// lookup maps a request to its file (see testdata/site/README.md).
func (s *Sample) lookup(host string, u *url.URL) (string, bool) {
	name, ok := sampleFile(host, u.EscapedPath(), u.RawQuery)
	if !ok {
		return "", false
	}
	st, err := fs.Stat(s.fsys, name)
	if err == nil && st.IsDir() {
		name += "/@"
		st, err = fs.Stat(s.fsys, name)
	}
	if err != nil || st.IsDir() || strings.HasSuffix(name, ".headers") {
		return "", false
	}
	return name, true
}

// ignoredParam reports whether the real servers ignore a query parameter.
func ignoredParam(key string) bool {
	key = strings.ToLower(key)
	for _, p := range []string{"metka", "vreg", "utm_", "fbclid", "gclid", "phpsessid"} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// sampleFile maps a URL of host (path as escaped in the URL, raw query) to
// the name of the file holding its body in the sample file system, following
// testdata/site/README.md. It does not check that the file exists; when the
// name is a directory the body is in its "@" file.
func sampleFile(host, escapedPath, rawQuery string) (string, bool) {
	host = mirroredHost(host)
	p, err := url.PathUnescape(escapedPath)
	if err != nil || p == "" || p[0] != '/' {
		return "", false
	}
	var params []string
	for _, kv := range strings.Split(rawQuery, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if kv == "" || ignoredParam(k) {
			continue
		}
		kv, err := url.QueryUnescape(kv)
		if err != nil || strings.ContainsAny(kv, "/\\") {
			return "", false
		}
		k, v, hasV := strings.Cut(kv, "=")
		if hasV {
			kv = strings.TrimSpace(k) + "=" + strings.TrimSpace(v)
		}
		params = append(params, kv)
	}
	slices.Sort(params)
	if p == "/index.php" && len(params) > 0 {
		p = "/"
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if len(params) > 0 {
		p += "@" + strings.Join(params, "&")
	}
	name := host + path.Clean(p)
	if path.Clean(p) != p || !fs.ValidPath(name) {
		return "", false
	}
	return name, true
}

// sidecar reads the optional "<name>.headers" file: HTTP header lines, plus
// an optional "Status: 302" line.
func sidecar(fsys fs.FS, name string) (http.Header, int, error) {
	h := http.Header{}
	b, err := fs.ReadFile(fsys, name+".headers")
	if errors.Is(err, fs.ErrNotExist) {
		return h, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("reading headers of %s: %w", name, err)
	}
	status := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, 0, fmt.Errorf("headers of %s: line %q has no colon", name, line)
		}
		k, v = http.CanonicalHeaderKey(strings.TrimSpace(k)), strings.TrimSpace(v)
		if k == "Status" {
			if status, err = strconv.Atoi(v); err != nil {
				return nil, 0, fmt.Errorf("headers of %s: status %q: %w", name, v, err)
			}
			continue
		}
		h[k] = append(h[k], v)
	}
	return h, status, nil
}

func defaultContentType(name string) string {
	base := path.Base(name)
	if base == "@" {
		return "application/octet-stream"
	}
	base, _, _ = strings.Cut(base, "@")
	switch strings.ToLower(path.Ext(base)) {
	case "", ".html", ".htm", ".php":
		return "text/html; charset=utf-8"
	case ".xml":
		return "application/xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".gz":
		return "application/x-gzip"
	case ".pdf":
		return "application/pdf"
	case ".doc":
		return "application/msword"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".xls":
		return "application/vnd.ms-excel"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".odt":
		return "application/vnd.oasis.opendocument.text"
	case ".ods":
		return "application/vnd.oasis.opendocument.spreadsheet"
	case ".rtf":
		return "application/rtf"
	}
	return "application/octet-stream"
}

// rewrite points absolute links to the real hosts at the loopback servers in
// text responses, including gzip-compressed XML sitemaps.
func (s *Sample) rewrite(name, ctype string, body []byte) ([]byte, error) {
	base, _, _ := strings.Cut(path.Base(name), "@")
	ext := strings.ToLower(path.Ext(base))
	switch {
	case strings.HasSuffix(strings.ToLower(base), ".xml.gz"):
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		var out bytes.Buffer
		zw := gzip.NewWriter(&out)
		if _, err := zw.Write([]byte(s.rewriter.Replace(string(plain)))); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return out.Bytes(), nil
	case strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "xml") ||
		slices.Contains([]string{".html", ".htm", ".php", ".xml", ".txt"}, ext):
		return []byte(s.rewriter.Replace(string(body))), nil
	}
	return body, nil
}

const calendarPath = "/kalendarz"

var (
	monthRE = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	trapRE  = regexp.MustCompile(`^/pulapka/(a/)*$`)
)

// trapPage answers the crawler traps real sites have: an endless event
// calendar on www.krakow.pl and a relative link that nests forever on
// ngo.krakow.pl.
func trapPage(host string, u *url.URL) (string, bool) {
	switch {
	case host == "www.krakow.pl" && u.Path == calendarPath:
		m := u.Query().Get("miesiac")
		if m == "" {
			m = "2020-07"
		}
		sm := monthRE.FindStringSubmatch(m)
		if sm == nil {
			return "", false
		}
		y, _ := strconv.Atoi(sm[1])
		mo, _ := strconv.Atoi(sm[2])
		if mo < 1 || mo > 12 || y < 1 {
			return "", false
		}
		t := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)
		prev, next := t.AddDate(0, -1, 0), t.AddDate(0, 1, 0)
		months := []string{"styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień"}
		return fmt.Sprintf(`<!DOCTYPE html>
<html lang="pl"><head><meta charset="utf-8"><title>Kalendarz wydarzeń – %[1]s %[2]d – Magiczny Kraków</title></head>
<body><div id="kalendarz"><h1>Kalendarz wydarzeń: %[1]s %[2]d</h1>
<p>Brak wydarzeń dla organizacji pozarządowych w wybranym miesiącu.</p>
<ul class="pager"><li><a href="/kalendarz?miesiac=%[3]s">&laquo; poprzedni miesiąc</a></li>
<li><a href="/kalendarz?miesiac=%[4]s">następny miesiąc &raquo;</a></li></ul>
</div><div id="stopka">Urząd Miasta Krakowa, pl. Wszystkich Świętych 3-4, 31-004 Kraków</div></body></html>
`, months[mo-1], y, prev.Format("2006-01"), next.Format("2006-01")), true
	case host == "ngo.krakow.pl" && trapRE.MatchString(u.Path):
		depth := strings.Count(u.Path, "/") - 2
		return fmt.Sprintf(`<!DOCTYPE html>
<html lang="pl"><head><meta charset="utf-8"><title>Archiwum – poziom %d</title></head>
<body><h1>Archiwum dokumentów</h1>
<p>Wybierz podkatalog: <a href="a/">archiwum starszych wpisów</a> lub wróć do <a href="/">strony głównej</a>.</p>
<div id="stopka">Urząd Miasta Krakowa, pl. Wszystkich Świętych 3-4, 31-004 Kraków</div></body></html>
`, depth), true
	}
	return "", false
}
