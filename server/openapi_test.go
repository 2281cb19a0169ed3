package server

import (
	"encoding/json"
	"regexp"
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
	routed := map[string]bool{} // "get /api/search"
	for _, r := range s.routes().Routes() {
		if r.Method == "HEAD" || r.Method == "OPTIONS" || uiPage(r.Path) {
			continue // the UI's pages are HTML for people, not API
		}
		p := param.ReplaceAllString(r.Path, "{$1}")
		routed[strings.ToLower(r.Method)+" "+p] = true
	}
	var missing, extra []string
	documented := map[string]bool{}
	for p, ops := range spec.Paths {
		for m := range ops {
			documented[m+" "+p] = true
			if !routed[m+" "+p] {
				extra = append(extra, m+" "+p)
			}
		}
	}
	for r := range routed {
		if !documented[r] {
			missing = append(missing, r)
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

// param matches a gin path parameter (":id").
var param = regexp.MustCompile(`:(\w+)`)

func uiPage(path string) bool {
	for _, p := range []string{"/", "/static/*filepath", "/dokument/:id", "/granty", "/organizacja/:key"} {
		if path == p {
			return true
		}
	}
	return false
}
