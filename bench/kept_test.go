package bench

// A kept index for working on the query path: build the index of the
// first N documents once, then benchmark and profile queries against it
// as often as needed without paying for indexing each time.
//
//	NGOBENCH_KEPT=/tmp/kept10k NGOBENCH_KEPT_DOCS=10000 go test ./bench -run TestBuildKept -v
//	NGOBENCH_KEPT=/tmp/kept10k go test ./bench -run '^$' -bench SearchKept -cpuprofile q.pprof
//
// Rebuild after a MappingVersion change (index.Open refuses the old one).

import (
	"os"
	"strconv"
	"testing"
)

func keptDir(tb testing.TB) string {
	dir := os.Getenv("NGOBENCH_KEPT")
	if dir == "" {
		tb.Skip("NGOBENCH_KEPT not set: no kept index to use")
	}
	return dir
}

func TestBuildKept(t *testing.T) {
	dir := keptDir(t)
	n, err := strconv.Atoi(os.Getenv("NGOBENCH_KEPT_DOCS"))
	if err != nil || n <= 0 {
		t.Fatalf("NGOBENCH_KEPT_DOCS=%q: want a document count", os.Getenv("NGOBENCH_KEPT_DOCS"))
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	e, err := newNgosearch(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, e, NewCorpus(n, 1, testPool(t)), n)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	size, _ := dirSize(dir)
	t.Logf("kept index of %d documents in %s: %.1f MB", n, dir, float64(size)/1e6)
}

// BenchmarkSearchKept runs each query class against the kept index.
func BenchmarkSearchKept(b *testing.B) {
	dir := keptDir(b)
	e, err := newNgosearch(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	n, _ := strconv.Atoi(os.Getenv("NGOBENCH_KEPT_DOCS"))
	if n <= 0 {
		n = 10000
	}
	benchClasses(b, e, Queries(NewCorpus(n, 1, testPool(b)), 25))
}
