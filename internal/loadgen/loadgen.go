// Package loadgen drives concurrent HTTP requests at a server on this machine and
// summarises their latencies: the load of bench/load and of the page benchmarks in
// internal/web, so both measure the same way.
package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Stats summarise one load run.
type Stats struct {
	Requests   int
	Errors     int // answers other than the expected status, and transport errors
	Elapsed    time.Duration
	Mean       time.Duration
	P50        time.Duration
	P95        time.Duration
	P99        time.Duration
	Max        time.Duration
	Throughput float64 // successful requests a second
	Bytes      int     // size of the last answer
}

func (s Stats) String() string {
	return fmt.Sprintf("%d requests in %s: %.0f/s, p50 %s, p95 %s, p99 %s, max %s, %d errors",
		s.Requests, s.Elapsed.Round(time.Millisecond), s.Throughput, Ms(s.P50), Ms(s.P95), Ms(s.P99), Ms(s.Max), s.Errors)
}

func Ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

// Request makes the next request of client c (0 to clients-1); check says whether
// the answer is right and may read the body.
type Request func(c, n int) *http.Request

// Check reports whether an answer is a success.
type Check func(resp *http.Response, body []byte) bool

// Hammer runs clients concurrent clients until total requests have been made or d
// has passed, whichever comes first, and returns the latencies' summary.
func Hammer(ctx context.Context, client *http.Client, clients, total int, d time.Duration, next Request, ok Check) Stats {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var issued, errs, size atomic.Int64
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				n := int(issued.Add(1))
				if n > total {
					return
				}
				req := next(c, n).WithContext(ctx)
				t := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						errs.Add(1)
					}
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				took := time.Since(t)
				if err != nil || !ok(resp, body) {
					if ctx.Err() == nil { // not cut off by the end of the run
						errs.Add(1)
					}
					continue
				}
				size.Store(int64(len(body)))
				lat[c] = append(lat[c], took)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	s := Stats{Requests: len(all) + int(errs.Load()), Errors: int(errs.Load()), Elapsed: elapsed, Bytes: int(size.Load())}
	if len(all) > 0 {
		q := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
		var sum time.Duration
		for _, d := range all {
			sum += d
		}
		s.Mean = sum / time.Duration(len(all))
		s.P50, s.P95, s.P99, s.Max = q(0.50), q(0.95), q(0.99), all[len(all)-1]
		s.Throughput = float64(len(all)) / elapsed.Seconds()
	}
	return s
}

// NewClient returns an HTTP client that keeps enough idle connections for clients
// and never follows redirects (a redirect to sign in is a failure, not a page).
func NewClient(clients int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, IdleConnTimeout: time.Minute},
		Timeout:   30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// Loopback refuses any address that is not this machine's: the tool must never
// load someone else's server.
func Loopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	switch u.Hostname() {
	case "127.0.0.1", "localhost", "::1":
		return nil
	}
	return fmt.Errorf("%s is not a loopback address: only this machine may be loaded", base)
}

// Status accepts answers with the status code.
func Status(code int) Check {
	return func(resp *http.Response, _ []byte) bool { return resp.StatusCode == code }
}

// Median returns, field by field, the median of the runs' figures.
func Median(runs []Stats) Stats {
	mid := func(f func(Stats) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	dur := func(f func(Stats) time.Duration) time.Duration {
		return time.Duration(mid(func(s Stats) float64 { return float64(f(s)) }))
	}
	out := runs[len(runs)-1]
	out.Throughput = mid(func(s Stats) float64 { return s.Throughput })
	out.Mean = dur(func(s Stats) time.Duration { return s.Mean })
	out.P50, out.P95 = dur(func(s Stats) time.Duration { return s.P50 }), dur(func(s Stats) time.Duration { return s.P95 })
	out.P99, out.Max = dur(func(s Stats) time.Duration { return s.P99 }), dur(func(s Stats) time.Duration { return s.Max })
	out.Errors = 0
	for _, r := range runs {
		out.Errors += r.Errors
	}
	return out
}
