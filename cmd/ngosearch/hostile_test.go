package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// hostileSite serves what a crawler meets when someone else writes the
// pages: each path is one attack, the good pages sit among them.
func hostileSite(t *testing.T) *httptest.Server {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "extract", "doctext", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	encrypted, truncated := read("haslo.pdf"), read("uciety.pdf")
	bomb := zipOf(t, map[string]io.Reader{
		"[Content_Types].xml": strings.NewReader(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`),
		"word/document.xml":   io.MultiReader(strings.NewReader(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`), io.LimitReader(zeros{}, 3<<30)),
	})
	laughs := zipOf(t, map[string]io.Reader{
		"mimetype":    strings.NewReader("application/vnd.oasis.opendocument.text"),
		"content.xml": strings.NewReader(billionLaughs),
	})
	good := func(n int) string {
		return fmt.Sprintf(`<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Dobra strona %d</title></head><body><main><h1>Dobra strona %d o współpracy z organizacjami</h1><p>Miasto ogłasza otwarty konkurs ofert dla organizacji pozarządowych numer %d. Zadanie dotyczy pomocy sąsiedzkiej.</p></main></body></html>`, n, n, n)
	}
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><main><h1>Strona startowa</h1><ul>`)
		for _, p := range []string{"/dobra/1.html", "/dobra/2.html", "/dobra/3.html", "/ogromny.pdf", "/ogromny.pdf?chunked=1", "/powoli.html", "/petla1", "/do-loopbacku",
			"/zle-utf8.html", "/dluga-linia.html", "/glebokie.html", "/bomba.docx", "/smiech.odt", "/haslo.pdf", "/uciety.pdf"} {
			fmt.Fprintf(w, `<li><a href="%s">%s</a></li>`, p, p)
		}
		fmt.Fprint(w, `</ul></main></body></html>`)
	})
	for i := 1; i <= 3; i++ {
		body := good(i)
		mux.HandleFunc(fmt.Sprintf("/dobra/%d.html", i), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, body)
		})
	}
	mux.HandleFunc("/ogromny.pdf", func(w http.ResponseWriter, r *http.Request) {
		// 1 GB, announced honestly; then the same without Content-Length.
		w.Header().Set("Content-Type", "application/pdf")
		if r.URL.Query().Get("chunked") == "" {
			w.Header().Set("Content-Length", fmt.Sprint(1<<30))
		}
		io.Copy(w, io.LimitReader(zeros{}, 1<<30))
	})
	mux.HandleFunc("/powoli.html", func(w http.ResponseWriter, r *http.Request) {
		// Slow loris: a byte every 100 ms, for ever.
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(200)
		for {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
	mux.HandleFunc("/petla1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/petla2", http.StatusFound) })
	mux.HandleFunc("/petla2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/petla1", http.StatusFound) })
	mux.HandleFunc("/do-loopbacku", func(w http.ResponseWriter, r *http.Request) {
		// Another loopback address that was not allowed: must not be fetched.
		http.Redirect(w, r, "http://127.0.0.2:9/wewnetrzny", http.StatusFound)
	})
	mux.HandleFunc("/zle-utf8.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><head><title>Zepsute znaki</title></head><body><main><h1>Zepsute znaki \xff\xfe\xc3\x28</h1><p>Sprawozdanie o pomocy sąsiedzkiej \xed\xa0\x80 i dalej.</p></main></body></html>"))
	})
	mux.HandleFunc("/dluga-linia.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body><p>")
		io.Copy(w, io.LimitReader(repeat("pomoc sąsiedzka "), 50<<20))
		io.WriteString(w, "</p></body></html>")
	})
	mux.HandleFunc("/glebokie.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><head><title>Głęboka strona</title></head><body>")
		io.WriteString(w, strings.Repeat("<div>", 100000))
		io.WriteString(w, "Na dnie: wolontariat seniorów")
		io.WriteString(w, strings.Repeat("</div>", 100000))
		io.WriteString(w, "</body></html>")
	})
	serve := func(path, ctype string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Write(body)
		})
	}
	serve("/bomba.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bomb)
	serve("/smiech.odt", "application/vnd.oasis.opendocument.text", laughs)
	serve("/haslo.pdf", "application/pdf", encrypted)
	serve("/uciety.pdf", "application/pdf", truncated)
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type repeatReader struct {
	s string
	i int
}

func repeat(s string) io.Reader { return &repeatReader{s: s} }

func (r *repeatReader) Read(p []byte) (int, error) {
	for n := range p {
		p[n] = r.s[r.i%len(r.s)]
		r.i++
	}
	return len(p), nil
}

func zipOf(t *testing.T, files map[string]io.Reader) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "mimetype", "content.xml", "word/document.xml"} {
		r, ok := files[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>&lol9;</text:p></office:text></office:body></office:document-content>`

// TestHostileSite crawls the hostile site into a data directory that
// already holds the sample site's documents: every attack ends as a clear
// per-URL line in the report, memory stays bounded, the good pages are
// indexed and nothing indexed before is lost.
func TestHostileSite(t *testing.T) {
	if testing.Short() {
		t.Skip("streams gigabytes over loopback")
	}
	dir, _, _ := crawlSample(t)
	before := docCount(t, dir)
	site := hostileSite(t)

	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	out, errOut, err := runArgs("crawl", "--data", dir, "--seed", site.URL+"/", "--delay", "1ms",
		"--max-body", "64", "--timeout", "5s", "--log-level", "error")
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("crawl of the hostile site: %v\n%s\n%s", err, out, errOut)
	}
	took := time.Since(start)
	t.Logf("hostile crawl took %s, peak heap in use %d MiB\n%s", took.Round(time.Millisecond), peak.Load()>>20, out)

	var rep crawlReport
	b, err := os.ReadFile(filepath.Join(dir, "crawl-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, f := range append(rep.Failures, rep.Refused...) {
		reasons[strings.TrimPrefix(f.URL, site.URL)] = f.Reason
	}
	for _, tt := range []struct{ path, want string }{
		{"/ogromny.pdf", "larger than maxbodysize"},
		{"/ogromny.pdf?chunked=1", "larger than maxbodysize"},
		{"/powoli.html", "timed out"},
		{"/petla1", "redirect"},
		{"/do-loopbacku", "not allowed"},
		{"/dluga-linia.html", "too large"},
		{"/bomba.docx", "too large"},
		{"/smiech.odt", "malformed"},
		{"/haslo.pdf", "encrypted"},
		{"/uciety.pdf", "malformed"},
	} {
		got, ok := reasons[tt.path]
		if !ok {
			t.Errorf("%s: not in the report's failures or refusals", tt.path)
			continue
		}
		if !strings.Contains(strings.ToLower(got), tt.want) {
			t.Errorf("%s: reason %q does not say %q", tt.path, got, tt.want)
		}
	}
	if peak.Load() > 1<<30 {
		t.Errorf("peak heap in use %d MiB: not bounded", peak.Load()>>20)
	}

	// The good pages, the page with broken UTF-8 and the deep page are in;
	// what was indexed before is still there.
	after := docCount(t, dir)
	if after < before+4 {
		t.Errorf("%d documents after, %d before: the good pages were not all added", after, before)
	}
	for _, q := range []string{"Dobra strona 3", "Zepsute znaki", "wolontariat seniorów", "sprawozdanie współpraca 2019"} {
		if total, titles := topTitles(t, dir, q); total == 0 {
			t.Errorf("%q finds nothing after the hostile crawl", q)
		} else if q == "sprawozdanie współpraca 2019" && !contains(titles, "Sprawozdanie ze współpracy miasta z NGO w roku 2019") {
			t.Errorf("a document indexed before the hostile crawl is gone: %q", titles)
		}
	}
}
