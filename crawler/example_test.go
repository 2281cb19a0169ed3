package crawler_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/krakow-ngo/ngosearch/crawler"
	"github.com/krakow-ngo/ngosearch/model"
)

// pathSink keeps the paths of what it is given.
type pathSink struct {
	mu    sync.Mutex
	paths []string
}

func (s *pathSink) Store(_ context.Context, r *crawler.Response) error {
	u, _ := url.Parse(r.URL)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paths = append(s.paths, fmt.Sprintf("%s %d %q", u.RequestURI(), len(r.Body), r.LinkText))
	return nil
}

func (s *pathSink) Remove(context.Context, string) error { return nil }

func ExampleCrawler_Run() {
	site := http.NewServeMux()
	site.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /panel/\n")
	})
	site.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/aktualnosci/1.html?utm_source=fb">Konkurs</a>
			<a href="/panel/login">Panel</a> <a href="https://www.facebook.com/">Facebook</a>
			<a href="/zalaczniki/1">Wyniki (PDF)</a>`)
	})
	site.HandleFunc("/aktualnosci/1.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<h1>Otwarty konkurs ofert</h1>")
	})
	site.HandleFunc("/zalaczniki/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="wyniki.pdf"`)
		fmt.Fprint(w, "%PDF-1.4 ...")
	})
	srv := httptest.NewServer(site)
	defer srv.Close()

	sink := &pathSink{}
	c, err := crawler.New(crawler.Config{
		Seeds:    []string{srv.URL + "/"},
		Delay:    10 * time.Millisecond,
		URLRules: model.DefaultURLRules(),
	}, sink)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := c.Run(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	sort.Strings(sink.paths)
	for _, p := range sink.paths {
		fmt.Println("stored", p)
	}
	for _, f := range rep.Refused {
		switch {
		case errors.Is(f.Err, crawler.ErrForeignHost):
			fmt.Println("refused (foreign host)", f.URL)
		case errors.Is(f.Err, crawler.ErrRobots):
			u, _ := url.Parse(f.URL)
			fmt.Println("refused (robots.txt)", u.Path)
		}
	}
	fmt.Println("kinds", rep.ByKind)
	// Output:
	// stored / 184 ""
	// stored /aktualnosci/1.html 30 "Konkurs"
	// stored /zalaczniki/1 12 "Wyniki (PDF)"
	// refused (foreign host) https://www.facebook.com/
	// refused (robots.txt) /panel/login
	// kinds map[html:2 pdf:1]
}

func ExampleArchive() {
	dir, err := os.MkdirTemp("", "warc")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	a, err := crawler.OpenArchive(filepath.Join(dir, crawler.ArchiveFile))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	err = a.Append(&crawler.Response{
		URL:      "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200",
		FinalURL: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200",
		Status:   200,
		Header:   http.Header{"Content-Type": {"application/pdf"}},
		Body:     []byte("%PDF-1.4 ..."),
		Referrer: "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200/karta",
		LinkText: "Wyniki konkursu – pobierz",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Later, without the network: re-extract everything the crawl kept.
	err = a.Walk(func(r *crawler.Response) error {
		fmt.Println(r.Status, r.URL, r.Header.Get("Content-Type"), len(r.Body), r.LinkText)
		return nil
	})
	fmt.Println(err)
	// Output:
	// 200 https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200 application/pdf 12 Wyniki konkursu – pobierz
	// <nil>
}
