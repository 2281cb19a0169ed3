package crawler

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestArchive: with Archive set, every response the crawl received is in
// DataDir's WARC file, byte for byte, with the crawl's own fields, and can be
// walked without the network; a recrawl appends nothing for 304s.
func TestArchive(t *testing.T) {
	s := newSite(t)
	pdf := "%PDF-1.4\x00\x01\xff\xfe binary\r\n\r\nWARC/1.1\r\n%%EOF"
	s.set(map[string]route{
		"/": {body: `<a href="/plik.pdf">Sprawozdanie za 2020 rok – część „A”</a><a href="/stary">stary</a><a href="/brak">brak</a>`},
		"/plik.pdf": {ctype: "application/octet-stream", body: pdf,
			header: map[string]string{"Content-Disposition": `attachment; filename="s.pdf"`, "ETag": `"p1"`}},
		"/stary": {ctype: "text/html; charset=windows-1250", body: "Kraków \xb9\x9c"},
	})
	dir := t.TempDir()
	cfg := testConfig(s.url("/"))
	cfg.DataDir = dir
	cfg.Archive = true
	sink := newCollect()
	runCrawl(t, cfg, sink)

	a, err := OpenArchive(filepath.Join(dir, ArchiveFile))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	got := map[string]*Response{}
	err = a.Walk(func(r *Response) error {
		got[r.URL] = r
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	for _, u := range []string{s.url("/"), s.url("/plik.pdf"), s.url("/stary")} {
		want, have := sink.get(u), got[u]
		if have == nil {
			t.Errorf("%s not archived", u)
			continue
		}
		if !bytes.Equal(have.Body, want.Body) || have.Status != want.Status || have.FinalURL != want.FinalURL ||
			have.Referrer != want.Referrer || have.LinkText != want.LinkText || !have.FetchedAt.Equal(want.FetchedAt.Truncate(time.Microsecond)) {
			t.Errorf("%s archived as %+v, stored %+v", u, have, want)
		}
		if have.Header.Get("Content-Type") != want.Header.Get("Content-Type") {
			t.Errorf("%s: Content-Type %q, want %q", u, have.Header.Get("Content-Type"), want.Header.Get("Content-Type"))
		}
	}
	if r := got[s.url("/plik.pdf")]; r == nil || r.LinkText != "Sprawozdanie za 2020 rok – część „A”" || !strings.Contains(r.Header.Get("Content-Disposition"), "s.pdf") {
		t.Errorf("pdf record: %+v", r)
	}
	if r := got[s.url("/brak")]; r == nil || r.Status != 404 {
		t.Errorf("404 not archived")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	fi, err := os.Stat(filepath.Join(dir, ArchiveFile))
	if err != nil {
		t.Fatal(err)
	}
	// Second run: the PDF answers 304 (ETag), the rest is unchanged.
	s.set(map[string]route{"/plik.pdf": {fn: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"p1"`)
		w.WriteHeader(304)
	}}})
	runCrawl(t, cfg, newCollect())
	count := 0
	a2, err := OpenArchive(filepath.Join(dir, ArchiveFile))
	if err != nil {
		t.Fatal(err)
	}
	defer a2.Close()
	if err := a2.Walk(func(r *Response) error {
		if r.URL == s.url("/plik.pdf") {
			count++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if count != 1 {
		t.Errorf("pdf archived %d times after a 304 recrawl, want 1", count)
	}
	fi2, _ := os.Stat(filepath.Join(dir, ArchiveFile))
	if fi2.Size() <= fi.Size() {
		t.Errorf("second run appended nothing (%d -> %d bytes)", fi.Size(), fi2.Size())
	}

	t.Run("truncated tail", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join(dir, ArchiveFile))
		if err != nil {
			t.Fatal(err)
		}
		cut := filepath.Join(t.TempDir(), "cut.warc.gz")
		if err := os.WriteFile(cut, raw[:len(raw)-20], 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := OpenArchive(cut)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		n := 0
		err = a.Walk(func(*Response) error { n++; return nil })
		if !errors.Is(err, ErrArchive) || n == 0 {
			t.Errorf("Walk of a truncated archive: %d records, err %v", n, err)
		}
	})
	t.Run("fn error stops", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := a2.Walk(func(*Response) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("n %d err %v", n, err)
		}
	})
}

// FuzzWalkWARC: any bytes are read without panicking.
func FuzzWalkWARC(f *testing.F) {
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: 38\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok\r\n\r\n"))
	f.Add([]byte("WARC/1.1\r\nContent-Length: 99999999999\r\n\r\n"))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = WalkWARC(bytes.NewReader(b), func(*Response) error { return nil })
	})
}

// TestWalkForeignWARC: a WARC 1.0 file as wget writes it (request and
// metadata records, a chunked gzip-encoded response, <...> around the
// target) yields the decoded entity; a response whose HTTP block is broken
// is skipped.
func TestWalkForeignWARC(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("<html><p>Zażółć</p></html>"))
	zw.Close()
	chunked := fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", gz.Len(), gz.Bytes())
	httpBlock := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
	record := func(typ, ct, target, block string) string {
		return fmt.Sprintf("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-01-15T08:00:00Z\r\n"+
			"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", typ, target, ct, len(block), block)
	}
	var file bytes.Buffer
	for _, rec := range []string{
		record("warcinfo", "application/warc-fields", "", "software: Wget/1.21\r\n"),
		record("request", "application/http;msgtype=request", "<https://www.krakow.pl/>", "GET / HTTP/1.1\r\nHost: www.krakow.pl\r\n\r\n"),
		record("response", "application/http; msgtype=response", "<https://www.krakow.pl/>", httpBlock),
		record("response", "application/http;msgtype=response", "https://www.krakow.pl/broken", "not http at all"),
		record("metadata", "application/warc-fields", "metadata://gnu.org/software/wget/warc/MANIFEST.txt", "x"),
		record("response", "application/http;msgtype=response", "https://www.krakow.pl/b", "HTTP/1.0 404 Not Found\r\n\r\ngone"),
	} {
		zw := gzip.NewWriter(&file) // one member per record, as wget writes
		zw.Write([]byte(rec))
		zw.Close()
	}
	var got []*Response
	if err := WalkWARC(&file, func(r *Response) error { got = append(got, r); return nil }); err != nil {
		t.Fatalf("WalkWARC: %v", err)
	}
	if len(got) != 2 {
		t.Fatalf("%d responses, want 2", len(got))
	}
	r := got[0]
	if r.URL != "https://www.krakow.pl/" || r.FinalURL != r.URL || r.Status != 200 ||
		string(r.Body) != "<html><p>Zażółć</p></html>" || r.Header.Get("Content-Encoding") != "" ||
		!r.FetchedAt.Equal(time.Date(2024, 1, 15, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("response %+v body %q", r, r.Body)
	}
	if got[1].Status != 404 || string(got[1].Body) != "gone" {
		t.Errorf("second response %+v", got[1])
	}
}

func TestReadArchived(t *testing.T) {
	path := filepath.Join(t.TempDir(), ArchiveFile)
	a, err := OpenArchive(path)
	if err != nil {
		t.Fatal(err)
	}
	var offsets []int64
	for i, body := range []string{"<html>pierwsza</html>", "%PDF-1.4 druga", "<html>trzecia</html>"} {
		h := http.Header{}
		h.Set("Content-Type", []string{"text/html; charset=utf-8", "application/pdf", "text/html"}[i])
		off, err := a.AppendOffset(&Response{URL: fmt.Sprintf("https://www.krakow.pl/%d", i), Status: 200, Header: h, Body: []byte(body), FetchedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if off == 0 {
			t.Errorf("record %d at offset 0: the warcinfo record is there", i)
		}
		offsets = append(offsets, off)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	var walked []int64
	if err := WalkArchive(path, func(r *Response) error {
		walked = append(walked, r.ArchiveOffset)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(walked) != fmt.Sprint(offsets) {
		t.Errorf("WalkArchive offsets %v, AppendOffset gave %v", walked, offsets)
	}
	r, err := ReadArchived(path, offsets[1])
	if err != nil {
		t.Fatal(err)
	}
	if r.URL != "https://www.krakow.pl/1" || string(r.Body) != "%PDF-1.4 druga" || r.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("record = %+v", r)
	}
	if _, err := ReadArchived(path, offsets[1]+3); !errors.Is(err, ErrArchive) {
		t.Errorf("a bad offset: %v", err)
	}
}
