package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/krakow-ngo/ngosearch/model"
)

// record makes a valid record named name with bodyBytes of text and
// grants grants.
func record(name string, bodyBytes, grants int) Record {
	u := "https://www.bip.krakow.pl/zalaczniki/dokumenty/n/" + name
	return Record{
		Doc: model.Document{ID: model.DocID(u), URL: u, Host: "www.bip.krakow.pl", Kind: model.KindHTML,
			Title: "Dokument " + name, Body: strings.Repeat("x", bodyBytes)},
		Grants: sourceGrants(name, grants, "zadanie "+name),
	}
}

// openWriter opens an index in t.TempDir(), closed when t ends, and a
// GroupWriter into it.
func openWriter(t *testing.T) (*Index, *GroupWriter) {
	t.Helper()
	ix, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	w := ix.NewGroupWriter()
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Error(err)
		}
	})
	return ix, w
}

// TestPutRecords: a document given twice is written once, as given last,
// with the grants given last; a bad document fails the whole call, grants
// included, with model.ErrInvalid.
func TestPutRecords(t *testing.T) {
	ctx := context.Background()
	ix, _ := openWriter(t)
	if err := ix.PutRecords(ctx, nil); err != nil {
		t.Fatalf("no records: %v", err)
	}
	a, b := record("a", 10, 2), record("b", 10, 1)
	a2 := record("a", 10, 3)
	a2.Doc.Title = "Dokument a, poprawiony"
	for i := range a2.Grants {
		a2.Grants[i].Task = fmt.Sprintf("nowe zadanie %d", i)
	}
	if err := ix.PutRecords(ctx, []Record{a, b, a2}); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2 || st.Grants != 4 {
		t.Errorf("index holds %d documents, %d grants; want 2, 4", st.Documents, st.Grants)
	}
	if d, err := ix.Document(ctx, a.Doc.ID); err != nil || d.Title != a2.Doc.Title {
		t.Errorf("document a: %q, %v; want the one given last, %q", d.Title, err, a2.Doc.Title)
	}
	want := tasks(map[string][]model.Grant{a.Doc.ID: a2.Grants, b.Doc.ID: b.Grants})
	if got := grantsBySource(t, ix); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("grants %v, want %v", got, want)
	}

	c, bad := record("c", 10, 1), record("bad", 10, 1)
	bad.Doc.Title = " "
	err = ix.PutRecords(ctx, []Record{c, bad})
	if !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("a record with no title: %v, want model.ErrInvalid", err)
	}
	if _, err := ix.Document(ctx, c.Doc.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the good document of a failed call: %v, want ErrNotFound", err)
	}
	if got := grantsBySource(t, ix); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("a failed call changed the grants: %v, want %v", got, want)
	}
}

// watch makes w's writes go through a wrapper that records each write's
// record names, in order; a write waits for gate (when not nil) to close.
func watch(w *GroupWriter, gate chan struct{}) func() [][]string {
	var mu sync.Mutex
	var writes [][]string
	put := w.write
	w.write = func(ctx context.Context, rs []Record) error {
		if gate != nil {
			<-gate
		}
		names := make([]string, len(rs))
		for i, r := range rs {
			names[i] = r.Doc.URL[strings.LastIndexByte(r.Doc.URL, '/')+1:]
		}
		mu.Lock()
		writes = append(writes, names)
		mu.Unlock()
		return put(ctx, rs)
	}
	return func() [][]string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(writes)
	}
}

// TestGroupWriterSizes: while a write runs, records queue; the next write
// takes them in order, up to MaxDocs records, stopping once it holds
// MaxBytes of text but always taking one.
func TestGroupWriterSizes(t *testing.T) {
	for _, tc := range []struct {
		name              string
		maxDocs, maxBytes int
		queued, bodyBytes int
		want              []int // the writes' sizes after the first
	}{
		{"docs bound", 4, 0, 10, 10, []int{4, 4, 2}},
		{"bytes bound", 0, 2000, 5, 990, []int{2, 2, 1}},
		{"record over the bytes bound", 0, 100, 3, 1000, []int{1, 1, 1}},
		{"defaults", 0, 0, GroupDocs + 1, 10, []int{GroupDocs, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			ix, w := openWriter(t)
			w.MaxDocs, w.MaxBytes = tc.maxDocs, tc.maxBytes
			gate := make(chan struct{})
			writes := watch(w, gate)
			var wg sync.WaitGroup
			errs := make(chan error, tc.queued+1)
			wg.Go(func() { errs <- w.Write(ctx, record("first", 10, 0)) })
			// The first write is running (it holds w.writing); queue
			// the others behind it, in order.
			waitFor(t, func() bool { w.mu.Lock(); defer w.mu.Unlock(); return w.writing })
			for i := range tc.queued {
				wg.Go(func() { errs <- w.Write(ctx, record(fmt.Sprint(i), tc.bodyBytes, 1)) })
				waitFor(t, func() bool { w.mu.Lock(); defer w.mu.Unlock(); return len(w.queue) == i+1 })
			}
			close(gate)
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Error(err)
				}
			}
			var sizes []int
			var order []string
			for _, names := range writes()[1:] {
				sizes = append(sizes, len(names))
				order = append(order, names...)
			}
			if fmt.Sprint(sizes) != fmt.Sprint(tc.want) {
				t.Errorf("writes of %v records, want %v", sizes, tc.want)
			}
			for i, name := range order {
				if name != fmt.Sprint(i) {
					t.Errorf("written in the order %v, not as queued", order)
					break
				}
			}
			if w.Writes() != len(tc.want)+1 {
				t.Errorf("Writes() = %d, want %d", w.Writes(), len(tc.want)+1)
			}
			st, err := ix.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Documents != uint64(tc.queued+1) || st.Grants != uint64(tc.queued) {
				t.Errorf("index holds %d documents, %d grants; want %d, %d", st.Documents, st.Grants, tc.queued+1, tc.queued)
			}
		})
	}
}

// waitFor polls cond until it holds, failing t after a while.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}

// TestGroupWriterConcurrent: concurrent callers share writes of at most
// MaxDocs records, each record is written once, a caller returns only
// after the write holding its record (its document is then in the index),
// and a failed write fails exactly its own records.
func TestGroupWriterConcurrent(t *testing.T) {
	ctx := context.Background()
	ix, w := openWriter(t)
	writes := watch(w, nil)
	written := func() map[string]int {
		n := map[string]int{}
		for _, names := range writes() {
			for _, name := range names {
				n[name]++
			}
		}
		return n
	}
	const callers = 200
	var mu sync.Mutex
	failed := map[string]bool{}
	var wg sync.WaitGroup
	for i := range callers {
		r := record(fmt.Sprint(i), 200, i%3)
		if i == 150 {
			r = record("bad", 200, 1)
			r.Doc.Title = ""
		}
		name := r.Doc.URL[strings.LastIndexByte(r.Doc.URL, '/')+1:]
		wg.Go(func() {
			err := w.Write(ctx, r)
			if n := written()[name]; n != 1 {
				t.Errorf("%s: returned with its record written %d times", name, n)
			}
			if err != nil {
				if !errors.Is(err, model.ErrInvalid) {
					t.Errorf("%s: %v, want model.ErrInvalid", name, err)
				}
				mu.Lock()
				failed[name] = true
				mu.Unlock()
				return
			}
			if _, err := ix.Document(ctx, r.Doc.ID); err != nil {
				t.Errorf("%s: Write returned before its document was indexed: %v", name, err)
			}
		})
	}
	wg.Wait()
	if n := len(written()); n != callers {
		t.Errorf("%d records written, want %d", n, callers)
	}
	sizes := []int{}
	for _, names := range writes() {
		sizes = append(sizes, len(names))
		if len(names) > GroupDocs {
			t.Errorf("a write of %d records, more than %d", len(names), GroupDocs)
		}
	}
	if w.Writes() != len(sizes) || w.Writes() >= callers/2 {
		t.Errorf("%d writes (sizes %v) for %d concurrent callers: not grouped", w.Writes(), sizes, callers)
	}
	if !failed["bad"] || len(failed) > GroupDocs {
		t.Errorf("failed callers: %d (bad among them: %v); want the bad one's write only", len(failed), failed["bad"])
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != uint64(callers-len(failed)) {
		t.Errorf("index holds %d documents; want %d written less %d failed", st.Documents, callers, len(failed))
	}
	t.Logf("%d records in %d writes, %d failed with the bad one", callers, w.Writes(), len(failed))
}
