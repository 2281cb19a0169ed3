package index

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

// sourceGrants makes n valid grants read from the source named src.
func sourceGrants(src string, n int, task string) []model.Grant {
	u := "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/" + src
	id := model.DocID(u)
	var gs []model.Grant
	for i := range n {
		gs = append(gs, model.Grant{
			Organization: fmt.Sprintf("Stowarzyszenie %s nr %d", src, i),
			Task:         fmt.Sprintf("%s %d", task, i),
			Amount:       model.Amount(100000 + i),
			Year:         2024,
			SourceID:     id,
			SourceURL:    u,
			Page:         1,
		})
	}
	return gs
}

// grantsBySource reads every grant in the index, by source ID, each
// source's tasks sorted.
func grantsBySource(t *testing.T, ix *Index) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	var total uint64
	for page := 1; ; page++ {
		res, err := ix.Grants(context.Background(), model.GrantRequest{Page: page, Size: model.MaxPageSize, Sort: "organization"})
		if err != nil {
			t.Fatal(err)
		}
		total = res.Total
		for _, g := range res.Grants {
			out[g.SourceID] = append(out[g.SourceID], g.Task)
		}
		if len(res.Grants) < model.MaxPageSize {
			break
		}
	}
	n := 0
	for src := range out {
		slices.Sort(out[src])
		n += len(out[src])
	}
	if uint64(n) != total {
		t.Fatalf("read %d grants, the index counts %d", n, total)
	}
	return out
}

// tasks is what grantsBySource should read for bySource.
func tasks(bySource map[string][]model.Grant) map[string][]string {
	out := map[string][]string{}
	for src, gs := range bySource {
		for _, g := range gs {
			out[src] = append(out[src], g.Task)
		}
		if len(gs) > 0 {
			slices.Sort(out[src])
		}
	}
	return out
}

// grantBatches is how many batches the grant index has taken.
func grantBatches(t *testing.T, ix *Index) uint64 {
	t.Helper()
	st, ok := ix.gen.grants.StatsMap()["index"].(map[string]any)
	if !ok {
		t.Fatal("no index stats")
	}
	n, ok := st["TotBatches"].(uint64)
	if !ok {
		t.Fatalf("no TotBatches in %v", st)
	}
	return n
}

func TestPutGrantsBatch(t *testing.T) {
	ix := openEmpty(t)
	ctx := context.Background()

	// 600 sources of 4 grants: more sources than one search takes
	// (BatchSize), more old grants than one page of hits, more changes
	// than one bleve batch (maxGrantOps).
	want := map[string][]model.Grant{}
	var ids []string
	for i := range 600 {
		gs := sourceGrants(fmt.Sprintf("s%03d", i), 4, "Zadanie pierwsze")
		want[gs[0].SourceID] = gs
		ids = append(ids, gs[0].SourceID)
	}
	if err := ix.PutGrantsBatch(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got := grantsBySource(t, ix); !maps.EqualFunc(got, tasks(want), slices.Equal) {
		t.Fatalf("after the first batch: %d sources, want %d", len(got), len(want))
	}

	// Replace most, clear some, leave the rest out of the call.
	next := map[string][]model.Grant{}
	for i, id := range ids {
		switch {
		case i%10 == 0: // not named: unchanged
		case i%10 == 1: // cleared
			next[id] = nil
			delete(want, id)
		default: // replaced by fewer grants with other tasks
			gs := sourceGrants(fmt.Sprintf("s%03d", i), 1+i%3, "Zadanie drugie")
			next[id] = gs
			want[id] = gs
		}
	}
	if err := ix.PutGrantsBatch(ctx, next); err != nil {
		t.Fatal(err)
	}
	got := grantsBySource(t, ix)
	if !maps.EqualFunc(got, tasks(want), slices.Equal) {
		for _, id := range ids {
			if !slices.Equal(got[id], tasks(want)[id]) {
				t.Errorf("source %s: %q, want %q", id, got[id], tasks(want)[id])
				break
			}
		}
		t.Fatalf("after replacing: %d sources, want %d", len(got), len(want))
	}

	// Sources without grants, old or new, write nothing.
	before := grantBatches(t, ix)
	empty := map[string][]model.Grant{ids[1]: nil, ids[11]: {}, model.DocID("https://www.krakow.pl/nowa"): nil}
	if err := ix.PutGrantsBatch(ctx, empty); err != nil {
		t.Fatal(err)
	}
	if err := ix.PutGrants(ctx, ids[21], nil); err != nil {
		t.Fatal(err)
	}
	if n := grantBatches(t, ix) - before; n != 0 {
		t.Errorf("%d batches written for sources with no grants", n)
	}
	// Clearing one that has grants is one batch.
	if err := ix.PutGrants(ctx, ids[2], nil); err != nil {
		t.Fatal(err)
	}
	delete(want, ids[2])
	if n := grantBatches(t, ix) - before; n != 1 {
		t.Errorf("clearing one source wrote %d batches, want 1", n)
	}
	if got := grantsBySource(t, ix); !maps.EqualFunc(got, tasks(want), slices.Equal) {
		t.Errorf("after clearing: %d sources, want %d", len(got), len(want))
	}
}

// TestPutGrantsBatchInvalid: one bad grant anywhere in the call, and no
// source changes.
func TestPutGrantsBatchInvalid(t *testing.T) {
	ix := openEmpty(t)
	ctx := context.Background()
	a, b := sourceGrants("a", 3, "Pomoc sąsiedzka"), sourceGrants("b", 2, "Wolontariat")
	orig := map[string][]model.Grant{a[0].SourceID: a, b[0].SourceID: b}
	if err := ix.PutGrantsBatch(ctx, orig); err != nil {
		t.Fatal(err)
	}
	want := tasks(orig)

	tests := []struct {
		name   string
		batch  func() map[string][]model.Grant
		target error
	}{
		{"grant naming another source", func() map[string][]model.Grant {
			gs := sourceGrants("a", 1, "Inne")
			gs = append(gs, sourceGrants("c", 1, "Obce")...)
			return map[string][]model.Grant{a[0].SourceID: gs, b[0].SourceID: nil}
		}, ErrBadRequest},
		{"no source ID", func() map[string][]model.Grant {
			return map[string][]model.Grant{a[0].SourceID: nil, "": nil}
		}, ErrBadRequest},
		{"grant without an amount", func() map[string][]model.Grant {
			gs := sourceGrants("b", 2, "Nowe")
			gs[1].Amount = 0
			return map[string][]model.Grant{a[0].SourceID: sourceGrants("a", 1, "Nowe"), b[0].SourceID: gs}
		}, model.ErrInvalid},
		{"grant without an organisation", func() map[string][]model.Grant {
			gs := sourceGrants("a", 2, "Nowe")
			gs[0].Organization = " "
			return map[string][]model.Grant{a[0].SourceID: gs}
		}, model.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ix.PutGrantsBatch(ctx, tt.batch()); !errors.Is(err, tt.target) {
				t.Fatalf("err = %v, want %v", err, tt.target)
			}
			if got := grantsBySource(t, ix); !maps.EqualFunc(got, want, slices.Equal) {
				t.Errorf("the index changed: %q, want %q", got, want)
			}
		})
	}
}
