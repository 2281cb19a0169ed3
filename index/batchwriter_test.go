package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/krakow-ngo/ngosearch/model"
)

func TestChunks(t *testing.T) {
	doc := func(size int) model.Document { return model.Document{Body: strings.Repeat("a", size)} }
	many := func(n, size int) []model.Document {
		out := make([]model.Document, n)
		for i := range out {
			out[i] = doc(size)
		}
		return out
	}
	tests := []struct {
		name string
		docs []model.Document
		want []int // documents per batch
	}{
		{"none", nil, nil},
		{"one", many(1, 10), []int{1}},
		{"one bench batch", many(500, 100), []int{500}},
		{"just over", many(501, 100), []int{251, 250}},
		{"even over BatchSize", many(1100, 10), []int{367, 367, 366}},
		{"bytes bound", many(5, BatchBytes/2), []int{2, 2, 1}},
		{"huge document alone", []model.Document{doc(10), doc(BatchBytes + 1), doc(10)}, []int{1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int
			total := 0
			for _, c := range chunks(tt.docs) {
				got = append(got, len(c))
				for _, d := range c {
					if d != &tt.docs[total] {
						t.Fatalf("document %d out of order", total)
					}
					total++
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("chunks = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestPutPipelinedDuplicates: Put writes two batches at once, yet the
// duplicate flags come out as if the batches were written one after the
// other, for twins split across the batches of one Put and for a document
// that leaves its group while its former twin is being written.
func TestPutPipelinedDuplicates(t *testing.T) {
	ix := openEmpty(t)
	ctx := context.Background()
	// Short texts: the duplicate group is the SHA-256 of the body.
	mk := func(u, title, group string) model.Document {
		sum := sha256.Sum256([]byte(group))
		return model.Document{ID: model.DocID(u), URL: u, Host: "www.bip.krakow.pl", Kind: model.KindHTML,
			Title: title, Body: "Treść: " + title, SHA256: hex.EncodeToString(sum[:])}
	}
	long := func(i int) string { return "https://www.bip.krakow.pl/?dok_id=" + strconv.Itoa(1000000+i) }
	short := func(i int) string { return "https://www.bip.krakow.pl/?dok_id=" + strconv.Itoa(i) }
	filler := func(from, n int) []model.Document {
		out := make([]model.Document, n)
		for i := range out {
			out[i] = mk(long(from+i), "Komunikat nr "+strconv.Itoa(from+i), "f"+strconv.Itoa(from+i))
		}
		return out
	}
	flagged := func() []string {
		ms, err := ix.gen.members(ctx, termQ(fDup, "1", 1), 100)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.id)
		}
		slices.Sort(ids)
		return ids
	}
	sorted := func(ids ...string) []string { slices.Sort(ids); return ids }

	// Put 1, 600 documents in two batches: twins A (long URL, batch 1)
	// and A' (short URL, batch 2: the primary); B (short, batch 1) and
	// B' (long, batch 2); X alone.
	docs := filler(0, 600)
	docs[10] = mk(long(10), "A", "twins-a")
	docs[310] = mk(short(310), "A'", "twins-a")
	docs[20] = mk(short(20), "B", "twins-b")
	docs[320] = mk(long(320), "B'", "twins-b")
	docs[5] = mk(short(5), "X", "x-old")
	if got := len(chunks(docs)); got != 2 {
		t.Fatalf("%d batches, the test needs 2", got)
	}
	if err := ix.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	twins := sorted(docs[10].ID, docs[320].ID)
	if got := flagged(); !slices.Equal(got, twins) {
		t.Fatalf("after put 1: duplicates %q, want A and B' %q", got, twins)
	}

	// Put 2: batch 1 brings Y, a twin of X as it was (long URL: X stays
	// the primary); batch 2 replaces X with new content. Written one
	// after the other, Y is then alone in its group: not a duplicate.
	docs = filler(1000, 600)
	docs[30] = mk(long(2030), "Y", "x-old")
	docs[400] = mk(short(5), "X nowy", "x-new")
	if err := ix.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if got := flagged(); !slices.Equal(got, twins) {
		t.Fatalf("after put 2: duplicates %q, want only A and B' %q (Y is %s)", got, twins, docs[30].ID)
	}
	st, err := ix.Stats(ctx)
	if err != nil || st.Documents != 1199 || st.Duplicates != 2 {
		t.Fatalf("stats %+v, %v; want 1199 documents, 2 duplicates", st, err)
	}
}
