package bench

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestWarmUpCountsFailures: a query that fails in the warm-up (over HTTP,
// one past the server's request timeout) is counted, and the summary
// names the first one that failed.
func TestWarmUpCountsFailures(t *testing.T) {
	qs := []Query{{Class: QSingle, Words: []string{"a"}}, {Class: QSingle, Words: []string{"slow"}}, {Class: QSingle, Words: []string{"c"}}}
	timeout := errors.New("status 503")
	tests := []struct {
		name       string
		fail       func(Query) bool
		wantFailed int
		wantErr    string // in the summary; "" for none
		wantHits   []int
	}{
		{"all answer", func(Query) bool { return false }, 0, "", []int{1, 4, 1}},
		{"one too slow", func(q Query) bool { return q.Words[0] == "slow" }, 1, `1 of 3 queries failed, the first: query "slow"`, []int{1, 0, 1}},
		{"none answers", func(Query) bool { return true }, 3, `3 of 3 queries failed, the first: query "a"`, []int{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exec := func(_ context.Context, q Query) (int, error) {
				if tt.fail(q) {
					return 0, timeout
				}
				return len(q.Words[0]), nil
			}
			w, err := warmUp(context.Background(), qs, exec)
			if err != nil {
				t.Fatal(err)
			}
			if w.failed != tt.wantFailed {
				t.Errorf("failed %d, want %d", w.failed, tt.wantFailed)
			}
			if !slices.Equal(w.hits, tt.wantHits) {
				t.Errorf("hits %v, want %v", w.hits, tt.wantHits)
			}
			sum := w.err()
			switch {
			case tt.wantErr == "" && sum != nil:
				t.Errorf("summary %v, want none", sum)
			case tt.wantErr != "" && (sum == nil || !strings.Contains(sum.Error(), tt.wantErr)):
				t.Errorf("summary %v, want it to contain %s", sum, tt.wantErr)
			case tt.wantErr != "" && !errors.Is(sum, timeout):
				t.Errorf("summary %v does not wrap the failure", sum)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := warmUp(ctx, qs, func(context.Context, Query) (int, error) { return 1, nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled warm-up: err %v", err)
	}
}

func TestConfigEngines(t *testing.T) {
	tests := []struct {
		in, want []string
	}{
		{nil, []string{EngineNgosearch, EngineSQLite, EnginePostgres}},
		{[]string{EngineSQLite}, []string{EngineSQLite}},
		{[]string{EnginesNone}, []string{}},
	}
	for _, tt := range tests {
		c := Config{Docs: 10, Out: t.TempDir(), Engines: tt.in}
		if err := c.Validate(); err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if !slices.Equal(c.Engines, tt.want) {
			t.Errorf("engines %q -> %q, want %q", tt.in, c.Engines, tt.want)
		}
	}
	c := Config{Docs: 10, Out: t.TempDir(), Engines: []string{"elastic"}}
	if err := c.Validate(); err == nil {
		t.Error("unknown engine accepted")
	}
	c = Config{Docs: 10, Out: t.TempDir(), Batch: -1}
	if err := c.Validate(); err == nil {
		t.Error("negative batch accepted")
	}
}

// TestMixIndex: one pass of the walk visits every query of the mix once,
// and consecutive queries are of different classes (the mix interleaves
// its 6 classes).
func TestMixIndex(t *testing.T) {
	for _, m := range []int{30, 150} {
		seen := make([]bool, m)
		prev := -1
		for n := int64(1); n <= int64(m); n++ {
			i := mixIndex(n, m)
			if seen[i] {
				t.Fatalf("mix of %d: query %d visited twice in one pass", m, i)
			}
			seen[i] = true
			if prev >= 0 && i%6 == prev%6 {
				t.Errorf("mix of %d: queries %d and %d in a row are of one class", m, prev, i)
			}
			prev = i
		}
	}
}

// noted is a progress writer that signals each line.
type noted struct {
	mu    sync.Mutex
	lines []string
	line  chan struct{}
}

func (n *noted) Write(b []byte) (int, error) {
	n.mu.Lock()
	n.lines = append(n.lines, string(b))
	n.mu.Unlock()
	select {
	case n.line <- struct{}{}:
	default:
	}
	return len(b), nil
}

// TestTick: a long phase reports how many queries it has done, and stops
// reporting when it ends.
func TestTick(t *testing.T) {
	defer func(d time.Duration) { tickEvery = d }(tickEvery)
	tickEvery = 10 * time.Millisecond
	out := &noted{line: make(chan struct{}, 1)}
	// The second query answers only once a progress line has been written
	// after the first: the line must count it.
	qs := []Query{{Class: QSingle, Words: []string{"a"}}, {Class: QSingle, Words: []string{"b"}}, {Class: QSingle, Words: []string{"c"}}}
	exec := func(_ context.Context, q Query) (int, error) {
		if q.Words[0] == "b" {
			for seen := false; !seen; {
				select {
				case <-out.line:
					out.mu.Lock()
					seen = strings.Contains(out.lines[len(out.lines)-1], ": 1 queries")
					out.mu.Unlock()
				case <-time.After(10 * time.Second):
					return 0, errors.New("no progress line in 10 s")
				}
			}
		}
		return 1, nil
	}
	counted, stop := tick(out, "sqlite-fts5: warm-up", len(qs), exec)
	w, err := warmUp(context.Background(), qs, counted)
	stop()
	if err != nil || w.failed != 0 {
		t.Fatalf("warm-up: %v, %d failed (%v)", err, w.failed, w.err())
	}
	want := "sqlite-fts5: warm-up: 1 queries after 0s (the mix has 3)\n"
	if !slices.Contains(out.lines, want) {
		t.Errorf("progress = %q, want a line %q", out.lines, want)
	}
	out.mu.Lock()
	n := len(out.lines)
	out.mu.Unlock()
	time.Sleep(5 * tickEvery)
	out.mu.Lock()
	defer out.mu.Unlock()
	if len(out.lines) != n {
		t.Errorf("progress went on after stop: %q", out.lines)
	}
}
