package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Default API rate limit per token: a sustained 10 requests a second with bursts of
// 60, ample for a script and a brake on a runaway loop.
const (
	apiRate  = rate.Limit(10)
	apiBurst = 60
	// apiLimiterIdle is how long an unused token's bucket is kept. After that long
	// idle the bucket is full again, so forgetting it changes nothing.
	apiLimiterIdle = 10 * time.Minute
)

// apiLimiter keeps one token bucket per API token. NOTE: the buckets live in the
// process, so with N server processes a token may make up to N times the rate; the
// limit guards the service against a runaway client, it is not a quota.
type apiLimiter struct {
	limit     rate.Limit
	burst     int
	mu        sync.Mutex
	buckets   map[string]*apiBucket
	lastSweep time.Time
}

type apiBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newAPILimiter(limit rate.Limit, burst int) *apiLimiter {
	return &apiLimiter{limit: limit, burst: burst, buckets: map[string]*apiBucket{}}
}

// allow takes one request from the token's bucket. When the bucket is empty it
// reports false and how long until a request would be allowed.
func (l *apiLimiter) allow(tokenID string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > apiLimiterIdle {
		for id, b := range l.buckets {
			if now.Sub(b.seen) > apiLimiterIdle {
				delete(l.buckets, id)
			}
		}
		l.lastSweep = now
	}
	b, ok := l.buckets[tokenID]
	if !ok {
		b = &apiBucket{lim: rate.NewLimiter(l.limit, l.burst)}
		l.buckets[tokenID] = b
	}
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	if !res.OK() {
		return false, time.Second
	}
	if wait := res.DelayFrom(now); wait > 0 {
		res.CancelAt(now)
		return false, wait
	}
	return true, 0
}
