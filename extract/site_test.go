package extract

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// siteDir is the shared sample site (see testdata/site/README.md).
const siteDir = "../testdata/site"

// siteFile is one stored response of the sample site.
type siteFile struct {
	path string // file path
	url  string // canonical real URL
}

// siteFiles lists every servable file of the sample site with its real
// URL, reversing the README's URL -> file rules.
func siteFiles(t testing.TB) []siteFile {
	t.Helper()
	var out []siteFile
	err := filepath.WalkDir(siteDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(siteDir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		host, name, ok := strings.Cut(rel, "/")
		if !ok || strings.HasSuffix(name, ".headers") || !strings.Contains(host, ".") {
			return nil
		}
		pathPart, query, _ := strings.Cut(name, "@")
		switch {
		case pathPart == "index.html":
			pathPart = ""
		case strings.HasSuffix(pathPart, "/index.html"):
			pathPart = strings.TrimSuffix(pathPart, "index.html")
		case strings.HasSuffix(pathPart, "/") && query == "":
			pathPart = strings.TrimSuffix(pathPart, "/") // NAME/@ is NAME
		}
		raw := "https://" + host + "/" + pathPart
		if query != "" {
			raw += "?" + query
		}
		u, err := model.DefaultURLRules().Canonical(raw)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		out = append(out, siteFile{path: p, url: u})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// siteInput reads a file and its sidecar headers as the server sends them.
func siteInput(t testing.TB, f siteFile) (Input, bool) {
	t.Helper()
	body, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	if raw, err := os.ReadFile(f.path + ".headers"); err == nil {
		sc := bufio.NewScanner(strings.NewReader(string(raw)))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, v, _ := strings.Cut(line, ":")
			h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		}
	}
	if st := h.Get("Status"); st != "" && st != "200" {
		return Input{}, false // a redirect
	}
	if _, ok := h["Content-Type"]; !ok {
		base, _, _ := strings.Cut(filepath.Base(f.path), "@")
		switch ext := strings.ToLower(filepath.Ext(base)); {
		case base == "@" || strings.HasSuffix(f.path, "/@"):
			h.Set("Content-Type", "application/octet-stream")
		case ext == "" || ext == ".html" || ext == ".htm" || ext == ".php":
			h.Set("Content-Type", "text/html; charset=utf-8")
		case ext == ".xml" || ext == ".gz" || ext == ".txt" || ext == ".md":
			return Input{}, false
		default:
			h.Set("Content-Type", "application/octet-stream")
		}
	} else if h.Get("Content-Type") == "" {
		h.Del("Content-Type")
	}
	if strings.HasPrefix(h.Get("Content-Type"), "application/xml") || strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		return Input{}, false
	}
	return Input{URL: f.url, Header: h, Body: body, FetchedAt: fetchedAt}, true
}

// truthGrant is one row of testdata/grants-truth.csv.
type truthGrant struct {
	org, krs, task string
	amount         model.Amount
	year, page     int
	source         string
}

func (g truthGrant) key() string {
	return strings.Join([]string{g.source, strconv.Itoa(g.page), model.OrgNameKey(g.org), g.krs, normSpace(g.task), g.amount.String(), strconv.Itoa(g.year)}, "|")
}

func readTruth(t testing.TB, path string) []truthGrant {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []truthGrant
	for i, r := range rows {
		if i == 0 {
			continue
		}
		if len(r) < 7 {
			t.Fatalf("%s:%d: %d fields", path, i+1, len(r))
		}
		n, err := strconv.ParseInt(r[3], 10, 64)
		if err != nil {
			t.Fatalf("%s:%d: amount %q", path, i+1, r[3])
		}
		y, _ := strconv.Atoi(r[4])
		p, _ := strconv.Atoi(r[6])
		src, err := model.DefaultURLRules().Canonical(r[5])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, truthGrant{org: r[0], krs: r[1], task: r[2], amount: model.Amount(n), year: y, source: src, page: p})
	}
	return out
}

// grantScore compares extracted grants with the truth table: a grant is
// right when source, page, organisation, KRS, task, amount and year all
// match.
func grantScore(t *testing.T, got []model.Grant, truth []truthGrant) (precision, recall float64) {
	want := map[string]int{}
	for _, g := range truth {
		want[g.key()]++
	}
	var tp int
	var wrong []string
	for _, g := range got {
		k := truthGrant{org: g.Organization, krs: g.KRS, task: g.Task, amount: g.Amount, year: g.Year, page: g.Page, source: g.SourceURL}.key()
		if want[k] > 0 {
			want[k]--
			tp++
		} else {
			wrong = append(wrong, k)
		}
	}
	var missed []string
	for k, n := range want {
		for range n {
			missed = append(missed, k)
		}
	}
	sort.Strings(wrong)
	sort.Strings(missed)
	for _, k := range wrong {
		t.Logf("extracted, not in truth: %s", k)
	}
	for _, k := range missed {
		t.Logf("in truth, not extracted: %s", k)
	}
	if len(got) > 0 {
		precision = float64(tp) / float64(len(got))
	}
	if len(truth) > 0 {
		recall = float64(tp) / float64(len(truth))
	}
	return precision, recall
}

// TestSampleSite extracts every response of the shared sample site: none
// may fail except with a documented sentinel, every document validates, and
// the grants match testdata/grants-truth.csv with precision and recall of
// at least 0.98.
func TestSampleSite(t *testing.T) {
	if _, err := os.Stat(siteDir); err != nil {
		t.Skip("no sample site")
	}
	var grants []model.Grant
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	files := siteFiles(t)
	// As the pipeline does: an attachment card's title and date go with
	// its file.
	type cardInfo struct {
		link      model.Attachment
		published time.Time
		card      string
	}
	cards := map[string]cardInfo{}
	for _, f := range files {
		if !strings.HasSuffix(f.url, "/karta") {
			continue
		}
		in, ok := siteInput(t, f)
		if !ok {
			continue
		}
		res, err := From(ctx, in)
		if err != nil || res.Skipped != SkipCard || len(res.Links) != 1 {
			t.Errorf("%s: card gave %+v, %v", f.url, res, err)
			continue
		}
		cards[res.Links[0].URL] = cardInfo{res.Links[0], res.LinkPublished, f.url}
	}
	for _, f := range files {
		in, ok := siteInput(t, f)
		if !ok {
			continue
		}
		if c, ok := cards[f.url]; ok {
			in.Link, in.LinkPublished, in.LinkedFrom = &c.link, c.published, c.card
		}
		res, err := From(ctx, in)
		switch {
		case errors.Is(err, ErrToolMissing), errors.Is(err, ErrMalformed), errors.Is(err, ErrEncrypted):
			// The sample site holds a cut-short PDF on purpose.
			t.Logf("%s: %v", f.url, err)
			continue
		case errors.Is(err, ErrUnsupported) && !strings.Contains(in.Header.Get("Content-Type"), "html"):
			t.Logf("%s: %v", f.url, err)
			continue
		case err != nil:
			t.Errorf("%s: %v", f.url, err)
			continue
		}
		if res.Document != nil {
			if err := res.Document.Validate(); err != nil {
				t.Errorf("%s: %v", f.url, err)
			}
			d := res.Document
			for _, bad := range []string{"\uFFFD", "Ã", "Å", "Ä", "±", "¶", "¿", "³"} {
				if strings.Contains(d.Title+d.Body+strings.Join(d.Pages, ""), bad) {
					t.Errorf("%s: mis-decoded text (%q)", f.url, bad)
				}
			}
			if d.Kind == model.KindHTML && strings.Contains(f.url, ",komunikat,") && (d.Published.IsZero() || d.Unit == "" || d.Section == "") {
				t.Errorf("%s: article lost its metadata: published %v, unit %q, section %q", f.url, d.Published, d.Unit, d.Section)
			}
			t.Logf("%-90s %-6s %-24s %s | %s | %s | %q", f.url, d.Kind, d.Type, d.Published.Format(time.DateOnly), d.Unit, d.Section, d.Title)
		} else {
			t.Logf("%-90s skipped: %s (%d links)", f.url, res.Skipped, len(res.Links))
		}
		grants = append(grants, res.Grants...)
	}
	truthPath := "../testdata/grants-truth.csv"
	if _, err := os.Stat(truthPath); err != nil {
		t.Skip("no grants-truth.csv")
	}
	truth := readTruth(t, truthPath)
	p, r := grantScore(t, grants, truth)
	fmt.Printf("sample site grants: %d extracted, %d in truth, precision %.4f, recall %.4f\n", len(grants), len(truth), p, r)
	if p < 0.98 || r < 0.98 {
		t.Errorf("grant precision %.4f, recall %.4f; want both >= 0.98", p, r)
	}
}
