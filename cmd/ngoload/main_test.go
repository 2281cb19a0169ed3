package main

import (
	"net/url"
	"strings"
	"testing"
)

// TestRequestMix: the fixed mix alone without -vary; with it, half the
// requests are two-word searches, thousands of them distinct.
func TestRequestMix(t *testing.T) {
	for i := range 100 {
		if got, want := request(i, false), queries[i%len(queries)]; got != want {
			t.Fatalf("request %d without vary = %q, want %q", i, got, want)
		}
	}
	distinct := map[string]bool{}
	fixed := 0
	for i := range 60000 {
		r := request(i, true)
		if i%2 == 0 {
			fixed++
			continue
		}
		u, err := url.Parse(r)
		if err != nil || u.Path != "/api/search" || len(strings.Fields(u.Query().Get("q"))) != 2 {
			t.Fatalf("varied request %q", r)
		}
		distinct[r] = true
	}
	if fixed != 30000 || len(distinct) < 2000 {
		t.Errorf("%d fixed, %d distinct varied requests", fixed, len(distinct))
	}
}
