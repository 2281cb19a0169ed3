package bench

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestWarmUpCountsFailures: a query that fails in the warm-up (over HTTP,
// one past the server's request timeout) is counted, not fatal; only an
// engine that answers nothing stops the run.
func TestWarmUpCountsFailures(t *testing.T) {
	qs := []Query{{Class: QSingle, Words: []string{"a"}}, {Class: QSingle, Words: []string{"slow"}}, {Class: QSingle, Words: []string{"c"}}}
	timeout := errors.New("status 503")
	tests := []struct {
		name       string
		fail       func(Query) bool
		wantFailed int
		wantErr    bool
		wantHits   []int
	}{
		{"all answer", func(Query) bool { return false }, 0, false, []int{1, 4, 1}},
		{"one too slow", func(q Query) bool { return q.Words[0] == "slow" }, 1, false, []int{1, 0, 1}},
		{"none answers", func(Query) bool { return true }, 3, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exec := func(_ context.Context, q Query) (int, error) {
				if tt.fail(q) {
					return 0, timeout
				}
				return len(q.Words[0]), nil
			}
			hits, failed, err := warmUp(context.Background(), qs, exec)
			if failed != tt.wantFailed || (err != nil) != tt.wantErr {
				t.Fatalf("failed %d, err %v; want %d, error %v", failed, err, tt.wantFailed, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, timeout) {
				t.Errorf("err %v does not wrap the failure", err)
			}
			for i, want := range tt.wantHits {
				if hits[i] != want {
					t.Errorf("hits[%d] = %d, want %d", i, hits[i], want)
				}
			}
		})
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
