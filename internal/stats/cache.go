package stats

import (
	"context"
	"sync"
	"time"
)

// maxCachedPeriods bounds the cache: the overview is asked for a handful of
// periods (this year, last year, a few custom ranges) at any one time.
const maxCachedPeriods = 64

// reportCache keeps recent reports by period, so that many people opening the
// overview (and the public page, its downloads and the API) share one reading of
// the database: a report reads every review of the period and was most of the
// statistics page's time (docs/benchmarks.md).
type reportCache struct {
	ttl     time.Duration
	mu      sync.Mutex
	entries map[Period]*cachedReport
}

// cachedReport is one period's report, or the reading of it in progress: done is
// closed when rep and err are set.
type cachedReport struct {
	done chan struct{}
	read time.Time
	rep  *Report
	err  error
}

// Cached returns a copy of s that reuses a period's report for ttl after reading
// it. Reports are never changed once built (disclosure control works on copies),
// so one report can serve everyone. Each report says when it was produced.
func (s *Source) Cached(ttl time.Duration) *Source {
	c := *s
	c.cache = &reportCache{ttl: ttl, entries: map[Period]*cachedReport{}}
	return &c
}

// get returns p's report from the cache, reading it with read when it is missing
// or older than the cache's ttl. Concurrent callers for one period wait for a
// single reading. An error is not kept.
func (c *reportCache) get(ctx context.Context, p Period, now time.Time, read func(context.Context) (*Report, error)) (*Report, error) {
	c.mu.Lock()
	e, ok := c.entries[p]
	if ok && !e.read.IsZero() && now.Sub(e.read) >= c.ttl {
		ok = false
	}
	if !ok {
		c.evict(now)
		e = &cachedReport{done: make(chan struct{})}
		c.entries[p] = e
		c.mu.Unlock()
		// NOTE: the reading is shared, so one caller's cancelled request must not
		// fail the others waiting on it.
		e.rep, e.err = read(context.WithoutCancel(ctx))
		c.mu.Lock()
		e.read = now
		if e.err != nil && c.entries[p] == e {
			delete(c.entries, p)
		}
		c.mu.Unlock()
		close(e.done)
		return e.rep, e.err
	}
	c.mu.Unlock()
	select {
	case <-e.done:
		return e.rep, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// evict drops expired reports and, when the cache is still full, the oldest. The
// caller holds c.mu.
func (c *reportCache) evict(now time.Time) {
	var oldest Period
	var oldestAt time.Time
	for p, e := range c.entries {
		if e.read.IsZero() {
			continue // being read
		}
		if now.Sub(e.read) >= c.ttl {
			delete(c.entries, p)
			continue
		}
		if oldestAt.IsZero() || e.read.Before(oldestAt) {
			oldest, oldestAt = p, e.read
		}
	}
	if len(c.entries) >= maxCachedPeriods && !oldestAt.IsZero() {
		delete(c.entries, oldest)
	}
}
