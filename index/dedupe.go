package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/krakow-ngo/ngosearch/model"
)

// Duplicates (one content under several URLs: an article and its print
// view, a file linked from two pages, the same news on two hosts of one
// CMS) are collapsed when they are indexed, not when they are searched: of
// each group of documents with one dupKey, the primary (see primaryLess) is
// indexed as it is and the others carry dup=1, which every search filters
// out. Hit counts and facets are therefore exact, and which copy shows is
// decided by the URLs, not by the order of indexing.

// dupKey identifies a document's content. The raw SHA256 is not enough:
// an article and its print view are different bytes with the same text.
// So the key hashes what was extracted (title, publication day, text,
// lower-cased, white space collapsed); a document with no text falls back
// to its SHA256, so that two scanned attachments that share a title but
// are different files stay apart; so does a document with little text
// (under minDupText bytes): two BIP notices that only say "Ogłoszenie w
// załączeniu" on the same day are different documents.
func dupKey(d *model.Document) string {
	text := normText(d.Text())
	if len(text) < minDupText {
		if d.SHA256 == "" {
			return ""
		}
		return "sha:" + d.SHA256
	}
	h := sha256.New()
	day := ""
	if !d.Published.IsZero() {
		day = d.Published.UTC().Format(time.DateOnly)
	}
	fmt.Fprintf(h, "%s\x00%s\x00%s", normText(d.Title), day, text)
	return "txt:" + hex.EncodeToString(h.Sum(nil)[:16])
}

const minDupText = 200

func normText(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// member is what dedupe knows of an indexed document, read from doc values.
type member struct {
	id, url, key string
	dup          bool
}

// primaryLess orders a group's members: the first is shown. Print views
// lose to the page they print; then the shorter URL wins, then the smaller.
func primaryLess(a, b string) bool {
	pa, pb := isPrintView(a), isPrintView(b)
	if pa != pb {
		return pb
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func isPrintView(u string) bool {
	l := strings.ToLower(u)
	return strings.Contains(l, "get_html.php") || strings.Contains(l, "print") || strings.Contains(l, "drukuj")
}

// members finds indexed documents matching q, reading their URL, SHA and
// dup flag from doc values (no stored documents are loaded).
func (g *generation) members(ctx context.Context, q query.Query, limit int) ([]member, error) {
	var out []member
	collect := func(_ context.Context, d *search.DocumentMatch) (bool, error) {
		m := member{id: d.ID}
		m.url, _ = d.Fields[fURL].(string)
		m.key, _ = d.Fields[fDupKey].(string)
		dup, _ := d.Fields[fDup].(string)
		m.dup = dup == "1"
		out = append(out, m)
		return false, nil // collected; nothing to return
	}
	fq := query.NewCustomFilterQueryWithFilter(q, collect, []string{fURL, fDupKey, fDup}, nil)
	req := bleve.NewSearchRequestOptions(fq, 0, 0, false)
	if _, err := g.docs.SearchInContext(ctx, req); err != nil {
		return nil, fmt.Errorf("reading duplicates: %w", err)
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// dedupe decides the dup flag of the documents about to be indexed (put)
// and of the documents about to be deleted's former twins. It returns the
// flags for put documents, the already indexed documents whose flag must
// change, and the duplicate groups (keys) it looked at. putKeys holds the
// put documents' dupKey by ID, computed once by the caller (it reads the
// whole text).
func (g *generation) dedupe(ctx context.Context, put []*model.Document, putKeys map[string]string, deleted []string) (map[string]bool, []model.Document, map[string]bool, error) {
	flags := map[string]bool{}
	leaving := map[string]bool{}
	var ids []string
	for _, d := range put {
		leaving[d.ID] = true
		ids = append(ids, d.ID)
	}
	for _, id := range deleted {
		leaving[id] = true
		ids = append(ids, id)
	}
	// The groups touched: the new keys and the keys the replaced or
	// deleted documents had.
	keys := map[string]bool{}
	newKey := map[string]string{}
	for _, d := range put {
		if k := putKeys[d.ID]; k != "" {
			keys[k] = true
			newKey[d.ID] = k
		}
	}
	if len(ids) > 0 {
		old, err := g.members(ctx, bleve.NewDocIDQuery(ids), len(ids))
		if err != nil {
			return nil, nil, nil, err
		}
		for _, m := range old {
			if m.key != "" {
				keys[m.key] = true
			}
		}
	}
	var reindex []model.Document
	for key := range keys {
		const maxGroup = 1000
		ms, err := g.members(ctx, termQ(fDupKey, key, 1), maxGroup)
		if err != nil {
			return nil, nil, nil, err
		}
		// The group after this change: indexed members that stay, plus the
		// documents being put with this SHA.
		type cand struct {
			id, url string
			dup     bool // current flag, for indexed members
			stays   bool // an indexed member not being replaced
		}
		var group []cand
		for _, m := range ms {
			if !leaving[m.id] {
				group = append(group, cand{m.id, m.url, m.dup, true})
			}
		}
		for _, d := range put {
			if newKey[d.ID] == key {
				group = append(group, cand{id: d.ID, url: d.URL})
			}
		}
		if len(group) == 0 {
			continue
		}
		primary := group[0]
		for _, c := range group[1:] {
			if primaryLess(c.url, primary.url) {
				primary = c
			}
		}
		for _, c := range group {
			want := c.id != primary.id
			if !c.stays {
				flags[c.id] = want
				continue
			}
			if c.dup != want {
				d, err := g.document(c.id)
				if err != nil {
					return nil, nil, nil, err
				}
				flags[c.id] = want
				reindex = append(reindex, d)
			}
		}
	}
	return flags, reindex, keys, nil
}
