package server

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRouter keeps static/openapi.json and the router in
// step: every GET route is documented and every documented path is routed.
func TestOpenAPIMatchesRouter(t *testing.T) {
	b, err := assets.ReadFile("static/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", spec.OpenAPI)
	}
	s := &Server{}
	if err := s.cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	routed := map[string]bool{}
	for _, r := range s.routes().Routes() {
		if r.Method != "GET" || uiPage(r.Path) {
			continue // the UI's pages are HTML for people, not API
		}
		p := r.Path
		if i := strings.Index(p, ":"); i >= 0 {
			p = p[:i] + "{" + p[i+1:] + "}"
		}
		routed[p] = true
	}
	var missing, extra []string
	for p := range routed {
		if _, ok := spec.Paths[p]["get"]; !ok {
			missing = append(missing, p)
		}
	}
	for p := range spec.Paths {
		if !routed[p] {
			extra = append(extra, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes not in openapi.json: %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("openapi.json documents paths that are not routed: %v", extra)
	}
}

func uiPage(path string) bool {
	for _, p := range []string{"/", "/static/*filepath", "/dokument/:id", "/granty", "/organizacja/:key"} {
		if path == p {
			return true
		}
	}
	return false
}
