package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunServesAndRecrawls starts "run" on the sample site: it crawls at
// start while serving, answers searches, and rebuilds on the admin endpoint.
func TestRunServesAndRecrawls(t *testing.T) {
	sample, err := ngosearch.StartSample(ngosearch.SampleSite())
	if err != nil {
		t.Fatal(err)
	}
	defer sample.Close()
	dir := t.TempDir()
	args := []string{"run", "--data", dir, "--addr", "127.0.0.1:0", "--every", "0", "--delay", "1ms", "--log-level", "warn"}
	for _, s := range sample.Seeds() {
		args = append(args, "--seed", s)
	}
	for _, h := range sample.AllowHosts() {
		args = append(args, "--allow-host", h)
	}
	const token = "test-token-0123456789"
	env := func(k string) string {
		if k == adminTokenEnv {
			return token
		}
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, env, &stdout, &stderr) }()

	addr := regexp.MustCompile(`serving on (http://\S+/)`)
	var base string
	waitUntil(t, func() bool {
		m := addr.FindStringSubmatch(stdout.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	}, "the server to start:\n"+stderr.String())

	search := func() int {
		resp, err := http.Get(base + "api/search?q=sprawozdanie")
		if err != nil {
			return -1
		}
		defer resp.Body.Close()
		var r struct{ Total int }
		if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&r) != nil {
			return -1
		}
		return r.Total
	}
	waitUntil(t, func() bool { return strings.Contains(stdout.String(), "crawl finished") }, "the initial crawl to finish")
	before := search()
	if before < 3 {
		t.Fatalf("after the initial crawl a search finds %d", before)
	}

	post := func(job, auth string) int {
		req, _ := http.NewRequest("POST", base+"admin/"+job, nil)
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post("rebuild", "wrong-token-0123456789"); got != http.StatusUnauthorized {
		t.Errorf("rebuild with a wrong token = %d", got)
	}
	if got := post("rebuild", token); got != http.StatusAccepted {
		t.Fatalf("rebuild = %d", got)
	}
	// Searches go on during the rebuild and find the same afterwards.
	waitUntil(t, func() bool {
		n := search()
		if n != -1 && n < before {
			t.Errorf("a search during the rebuild found %d, before %d", n, before)
		}
		return post("rebuild", token) == http.StatusAccepted
	}, "the rebuild to finish")
	waitUntil(t, func() bool { return post("recrawl", token) == http.StatusAccepted }, "the second rebuild to finish")
	waitUntil(t, func() bool { return strings.Count(stdout.String(), "crawl finished") == 2 }, "the recrawl to finish")
	if after := search(); after != before {
		t.Errorf("after rebuild and recrawl a search finds %d, before %d", after, before)
	}

	// An online backup while serving, then the backup served as a data
	// directory of its own (a restore).
	waitUntil(t, func() bool { return post("backup", token) == http.StatusAccepted }, "the recrawl to finish")
	backupLine := regexp.MustCompile(`backup written to (\S+)`)
	var backup string
	waitUntil(t, func() bool {
		m := backupLine.FindStringSubmatch(stdout.String())
		if m != nil {
			backup = m[1]
		}
		return m != nil
	}, "the backup")
	if n := search(); n != before {
		t.Errorf("during and after the backup a search finds %d, before %d", n, before)
	}
	for _, f := range []string{"crawl.db", "archive.warc.gz", "crawl-report.json"} {
		if _, err := os.Stat(filepath.Join(backup, f)); err != nil {
			t.Errorf("backup lacks %s: %v", f, err)
		}
	}
	if total, titles := topTitles(t, backup, "sprawozdanie"); int(total) != before || len(titles) == 0 {
		t.Errorf("the restored backup finds %d for sprawozdanie, the live index %d", total, before)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run ended with %v", err)
	}
}

func waitUntil(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
