package crawler

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// StateFile is the name of the bbolt file in Config.DataDir.
const StateFile = "crawl.db"

var (
	bucketMeta     = []byte("meta")
	bucketURLs     = []byte("urls")
	bucketFrontier = []byte("frontier")
	bucketDone     = []byte("done")
	keyRun         = []byte("run")
)

// urlRecord is what the crawl remembers about one canonical URL between runs.
type urlRecord struct {
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	SHA256       string    `json:"sha256,omitempty"` // of the body the Sink accepted last
	Stored       bool      `json:"stored,omitempty"` // the Sink holds this URL
	Status       int       `json:"status,omitempty"`
	FetchedAt    time.Time `json:"fetched_at,omitzero"`
	// Gone counts consecutive crawls that answered 404 or 410.
	Gone     int    `json:"gone,omitempty"`
	Depth    int    `json:"depth,omitempty"`
	Referrer string `json:"referrer,omitempty"`
	LinkText string `json:"link_text,omitempty"`
	// Links are the page's outlinks, so a 304 still leads on.
	Links []link `json:"links,omitempty"`
}

// runMeta says whether a run was interrupted.
type runMeta struct {
	Active  bool      `json:"active"`
	Started time.Time `json:"started"`
}

// state is crawl.db. A nil *state keeps nothing (Config.DataDir == "").
type state struct {
	db *bolt.DB
}

func openState(dir string) (*state, error) {
	if dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrState, err)
	}
	p := filepath.Join(dir, StateFile)
	db, err := bolt.Open(p, 0o644, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("%w: opening %s: %v", ErrState, p, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketURLs, bucketFrontier, bucketDone} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrState, p, err)
	}
	return &state{db: db}, nil
}

func (s *state) close() error {
	if s == nil {
		return nil
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("%w: closing: %v", ErrState, err)
	}
	return nil
}

// resume is what an interrupted run left.
type resume struct {
	active   bool
	frontier []item
	done     []string
}

// begin starts a run: an interrupted one is resumed (its frontier and done
// set returned), otherwise the frontier and done set are cleared.
func (s *state) begin(now time.Time) (resume, error) {
	var res resume
	if s == nil {
		return res, nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		var m runMeta
		if v := tx.Bucket(bucketMeta).Get(keyRun); v != nil {
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("run record: %w", err)
			}
		}
		if m.Active {
			res.active = true
			done := tx.Bucket(bucketDone)
			if err := done.ForEach(func(k, _ []byte) error {
				res.done = append(res.done, string(k))
				return nil
			}); err != nil {
				return err
			}
			return tx.Bucket(bucketFrontier).ForEach(func(k, v []byte) error {
				if done.Get(k) != nil {
					return nil
				}
				var it item
				if err := json.Unmarshal(v, &it); err != nil {
					return nil // a damaged entry is rediscovered by its parent
				}
				res.frontier = append(res.frontier, it)
				return nil
			})
		}
		for _, b := range [][]byte{bucketFrontier, bucketDone} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		v, err := json.Marshal(runMeta{Active: true, Started: now})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyRun, v)
	})
	if err != nil {
		return res, fmt.Errorf("%w: starting run: %v", ErrState, err)
	}
	return res, nil
}

// finish marks the run complete: the next one starts afresh.
func (s *state) finish() error {
	if s == nil {
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		v, err := json.Marshal(runMeta{})
		if err != nil {
			return err
		}
		for _, b := range [][]byte{bucketFrontier, bucketDone} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyRun, v)
	})
	if err != nil {
		return fmt.Errorf("%w: finishing run: %v", ErrState, err)
	}
	return nil
}

// record returns the stored record for a canonical URL (zero when none).
func (s *state) record(u string) (urlRecord, error) {
	var r urlRecord
	if s == nil {
		return r, nil
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketURLs).Get([]byte(u))
		if v == nil {
			return nil
		}
		return json.Unmarshal(v, &r)
	})
	if err != nil {
		return r, fmt.Errorf("%w: reading %s: %v", ErrState, u, err)
	}
	return r, nil
}

// known lists the URLs whose fate the next crawl must check even when no
// page links them any more: the stored ones (changed? gone?).
func (s *state) known() ([]item, error) {
	if s == nil {
		return nil, nil
	}
	var out []item
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketURLs).ForEach(func(k, v []byte) error {
			var r urlRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return nil
			}
			if r.Stored {
				out = append(out, item{URL: string(k), Depth: r.Depth, Referrer: r.Referrer, LinkText: r.LinkText})
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%w: listing URLs: %v", ErrState, err)
	}
	return out, nil
}

// complete records the outcome of one item in one transaction: the item
// leaves the frontier for the done set, its record is replaced (when rec is
// not nil), and the items it discovered join the frontier. A crash leaves
// either all of it or none.
func (s *state) complete(done string, keepPending bool, rec *urlRecord, discovered []item) error {
	if s == nil {
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		if !keepPending {
			if err := tx.Bucket(bucketFrontier).Delete([]byte(done)); err != nil {
				return err
			}
			if err := tx.Bucket(bucketDone).Put([]byte(done), nil); err != nil {
				return err
			}
		}
		if rec != nil {
			v, err := json.Marshal(rec)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bucketURLs).Put([]byte(done), v); err != nil {
				return err
			}
		}
		return putItems(tx, discovered)
	})
	if err != nil {
		return fmt.Errorf("%w: recording %s: %v", ErrState, done, err)
	}
	return nil
}

// enqueue persists items added outside a completion (seeds, sitemaps found
// in robots.txt).
func (s *state) enqueue(items []item) error {
	if s == nil || len(items) == 0 {
		return nil
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return putItems(tx, items) }); err != nil {
		return fmt.Errorf("%w: queueing: %v", ErrState, err)
	}
	return nil
}

func putItems(tx *bolt.Tx, items []item) error {
	b := tx.Bucket(bucketFrontier)
	for _, it := range items {
		v, err := json.Marshal(it)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(it.URL), v); err != nil {
			return err
		}
	}
	return nil
}
