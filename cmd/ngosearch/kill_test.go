package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch"
	"github.com/krakow-ngo/ngosearch/crawler"
)

// TestMain lets the test binary act as the ngosearch command, so a test can
// run it as a real subprocess and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("NGOSEARCH_BE_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestKillAndResume kills a crawl with SIGKILL in the middle, runs the same
// command again, and checks that the result equals an uninterrupted crawl:
// no document lost, none duplicated, and finished URLs not fetched again.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crawl")
	}
	sample, err := ngosearch.StartSample(ngosearch.SampleSite())
	if err != nil {
		t.Fatal(err)
	}
	defer sample.Close()
	dir := t.TempDir()
	args := []string{"crawl", "--data", dir, "--delay", "40ms", "--log-level", "warn"}
	for _, s := range sample.Seeds() {
		args = append(args, "--seed", s)
	}
	for _, h := range sample.AllowHosts() {
		args = append(args, "--allow-host", h)
	}

	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "NGOSEARCH_BE_MAIN=1")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it has fetched a good part of the site.
	deadline := time.Now().Add(2 * time.Minute)
	for len(sample.Requests()) < 60 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the crawl did not get going")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the crawl was not killed (it finished first: %v); slow it down", err)
	}
	firstRun := len(sample.Requests())

	// The same command again, to the end.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var o, e syncBuffer
	if err := run(ctx, args, func(string) string { return "" }, &o, &e); err != nil {
		t.Fatalf("resumed crawl: %v\n%s", err, e.String())
	}

	// Finished URLs are not fetched again: apart from robots.txt and
	// sitemaps (read anew by every run) and the few requests in flight when
	// the process died, no page is requested twice with a full answer.
	seen := map[string]int{}
	for i, r := range sample.Requests() {
		if strings.HasSuffix(r.Path, "robots.txt") || strings.Contains(r.Path, "sitemap") || r.Status == 304 {
			continue
		}
		key := r.Host + r.Path
		seen[key]++
		if seen[key] == 2 && i < firstRun {
			t.Errorf("%s fetched twice within the first run", key)
		}
	}
	again := 0
	for k, n := range seen {
		if n > 1 {
			again++
			t.Logf("fetched %d times: %s", n, k)
		}
	}
	if again > 3 {
		t.Errorf("%d URLs fetched again after the resume; only those in flight at the kill may be", again)
	}

	// The same documents as an uninterrupted crawl, none twice.
	clean, _, _ := crawlSample(t)
	if got, want := docCount(t, dir), docCount(t, clean); got != want {
		t.Errorf("after kill and resume %d documents, an uninterrupted crawl has %d", got, want)
	}
	total, titles := topTitles(t, dir, "Sprawozdanie ze współpracy miasta z NGO w roku 2019")
	if total == 0 || titles[0] != "Sprawozdanie ze współpracy miasta z NGO w roku 2019" {
		t.Errorf("resumed index: %d hits, %q", total, titles)
	}
	if _, err := os.Stat(filepath.Join(dir, "crawl-report.json")); err != nil {
		t.Errorf("no report after the resumed crawl: %v", err)
	}
}

// TestKillDuringIndexBatch kills an import in the middle of its batches,
// runs it again, and compares with an uninterrupted import: the index opens,
// and no document is lost or counted twice.
func TestKillDuringIndexBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess import")
	}
	// A WARC of 3,000 distinct pages (six batches).
	warc := filepath.Join(t.TempDir(), "strony.warc.gz")
	a, err := crawler.OpenArchive(warc)
	if err != nil {
		t.Fatal(err)
	}
	const pages = 3000
	for i := range pages {
		body := fmt.Sprintf(`<html lang="pl"><head><meta charset="utf-8"><title>Komunikat %d</title></head><body><main><h1>Komunikat numer %d o współpracy</h1><p>Organizacja %d prowadzi zadanie publiczne w dzielnicy %d: pomoc sąsiedzka, wolontariat i zajęcia dla seniorów.</p></main></body></html>`, i, i, i, i%18+1)
		h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
		u := fmt.Sprintf("https://www.krakow.pl/aktualnosci/%d,33,komunikat,komunikat_%d.html", 300000+i, i)
		if err := a.Append(&crawler.Response{URL: u, FinalURL: u, Status: 200, Header: h, Body: []byte(body), FetchedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "index", "--data", dir, "--from", warc, "--log-level", "warn")
	cmd.Env = append(os.Environ(), "NGOSEARCH_BE_MAIN=1")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once the first batches are on disk.
	deadline := time.Now().Add(time.Minute)
	for {
		if segs, _ := filepath.Glob(filepath.Join(dir, "index", "gen-*", "docs.bleve", "store", "*.zap")); len(segs) > 1 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the import wrote nothing")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the import finished before it was killed; make the WARC larger")
	}
	partial := docCount(t, dir) // the index opens after the kill
	t.Logf("documents on disk when killed: %d of %d", partial, pages)

	if _, errOut, err := runArgs("index", "--data", dir, "--from", warc, "--log-level", "warn"); err != nil {
		t.Fatalf("import after the kill: %v\n%s", err, errOut)
	}
	clean := t.TempDir()
	if _, errOut, err := runArgs("index", "--data", clean, "--from", warc, "--log-level", "warn"); err != nil {
		t.Fatalf("clean import: %v\n%s", err, errOut)
	}
	if got, want := docCount(t, dir), docCount(t, clean); got != want || want != pages {
		t.Errorf("after kill and rerun %d documents, a clean import %d, want %d", got, want, pages)
	}
	if total, _ := topTitles(t, dir, "Komunikat 2999"); total == 0 {
		t.Error("the last page is missing after the rerun")
	}
}
