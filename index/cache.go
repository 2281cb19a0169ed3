package index

import (
	"container/list"
	"encoding/json"
	"slices"
	"sync"

	"github.com/krakow-ngo/ngosearch/model"
)

// searchCache remembers the results of recent searches, least recently
// used out first. Residents and the widget ask the same few questions
// again and again ("sprawozdanie", "konkurs ofert 2024"): the answer is
// the same until the index changes, and every write empties the cache.
// The zero value caches nothing.
type searchCache struct {
	mu      sync.Mutex
	max     int
	version uint64 // bumped by every write: a result computed before it is stale
	entries map[string]*list.Element
	order   list.List // of *cacheEntry, front most recently used

	hits, misses uint64
}

type cacheEntry struct {
	key string
	res model.SearchResult
}

// maxCachedPageSize keeps exports (100 hits a page, each page asked once)
// out of the cache.
const maxCachedPageSize = 20

// SetSearchCache keeps the results of the last n distinct searches (0: no
// cache, the default). A result costs a few kilobytes.
func (ix *Index) SetSearchCache(n int) {
	c := &ix.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.max = max(n, 0)
	c.clear()
}

// CacheStats reports the search cache's hits and misses since the index
// was opened.
func (ix *Index) CacheStats() (hits, misses uint64) {
	c := &ix.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// cacheKey is the request as validated: equal requests, equal keys. ok
// is false for requests not worth caching.
func cacheKey(r *model.SearchRequest) (string, bool) {
	if r.Size > maxCachedPageSize {
		return "", false
	}
	b, err := json.Marshal(r)
	return string(b), err == nil
}

// get returns a cached result and the version to store a new one under.
func (c *searchCache) get(key string) (model.SearchResult, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.max == 0 {
		return model.SearchResult{}, c.version, false
	}
	if el, ok := c.entries[key]; ok {
		c.hits++
		c.order.MoveToFront(el)
		res := el.Value.(*cacheEntry).res
		res.Hits = slices.Clone(res.Hits) // the caller may change its copy
		return res, c.version, true
	}
	c.misses++
	return model.SearchResult{}, c.version, false
}

// put stores a result computed at version, unless a write came since.
func (c *searchCache) put(key string, version uint64, res model.SearchResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.max == 0 || version != c.version {
		return
	}
	if el, ok := c.entries[key]; ok {
		el.Value.(*cacheEntry).res = res
		c.order.MoveToFront(el)
		return
	}
	if c.entries == nil {
		c.entries = map[string]*list.Element{}
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, res: res})
	for c.order.Len() > c.max {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.entries, old.Value.(*cacheEntry).key)
	}
}

// invalidate forgets everything: the index changed.
func (c *searchCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.version++
	c.clear()
}

func (c *searchCache) clear() {
	c.entries = nil
	c.order.Init()
}
