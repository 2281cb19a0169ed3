package crawler

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func TestMirrorURL(t *testing.T) {
	tests := []struct {
		rel, want string
		ok        bool
	}{
		{"www.krakow.pl/index.html", "https://www.krakow.pl/", true},
		{"www.krakow.pl/aktualnosci/240123,33,komunikat,a.html", "https://www.krakow.pl/aktualnosci/240123,33,komunikat,a.html", true},
		{"www.bip.krakow.pl/index.html?dok_id=105412", "https://www.bip.krakow.pl/?dok_id=105412", true},
		{"www.bip.krakow.pl/index.html@dok_id=105412.html", "https://www.bip.krakow.pl/?dok_id=105412", true},
		{"www.krakow.pl/get_html.php?dok_id=240123.html", "https://www.krakow.pl/get_html.php?dok_id=240123", true},
		{"www.bip.krakow.pl/zalaczniki/dokumenty/n/301200", "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200", true},
		{"127.0.0.1+8080/a.html", "https://127.0.0.1:8080/a.html", true},
		{"www.krakow.pl/a.html.orig", "", false},
		{"README", "", false},
		{"notahost/x.html", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			got, ok := mirrorURL("https", tt.rel)
			if ok != tt.ok || got != tt.want {
				t.Errorf("mirrorURL(%q) = %q, %v; want %q, %v", tt.rel, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestWalkMirror(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"www.krakow.pl/index.html":                        "<html>start</html>",
		"www.bip.krakow.pl/index.html?dok_id=105412":      "<html>bip</html>",
		"www.bip.krakow.pl/zalaczniki/dokumenty/n/301200": "%PDF-1.4 ...",
		"www.krakow.pl/big.pdf":                           string(make([]byte, 2048)),
		"www.krakow.pl/a.html.orig":                       "backup",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got, skipped []string
	err := WalkMirror(dir, MirrorOptions{MaxFileSize: 1024, Skip: func(p string, err error) {
		rel, _ := filepath.Rel(dir, p)
		skipped = append(skipped, filepath.ToSlash(rel))
		if filepath.Base(p) == "big.pdf" && !errors.Is(err, ErrTooLarge) {
			t.Errorf("big file skipped for %v, want ErrTooLarge", err)
		}
	}}, func(r *Response) error {
		if r.Status != 200 || len(r.Body) == 0 || r.FetchedAt.IsZero() {
			t.Errorf("response %+v", r)
		}
		got = append(got, r.URL)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	sort.Strings(skipped)
	want := []string{"https://www.bip.krakow.pl/?dok_id=105412", "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/301200", "https://www.krakow.pl/"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	if len(skipped) != 2 {
		t.Errorf("skipped %v, want the big file and the .orig backup", skipped)
	}
	if err := WalkMirror(filepath.Join(dir, "nope"), MirrorOptions{}, nil); !errors.Is(err, ErrMirror) {
		t.Errorf("missing folder: %v", err)
	}
}
