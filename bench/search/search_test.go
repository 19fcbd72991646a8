package benchsearch

import (
	"context"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
)

// queries is the mix measured: common and rare words, phrases, prefixes, OR,
// exclusion and filters, as regulator staff search the repository.
var queries = []namedQuery{
	{"word", search.Query{Text: "neglect"}},
	{"two-words", search.Query{Text: "domestic abuse"}},
	{"phrase", search.Query{Text: `"professional curiosity"`}},
	{"prefix", search.Query{Text: "chronolog*"}},
	{"or", search.Query{Text: "alcohol OR methadone"}},
	{"exclusion", search.Query{Text: "neglect -housing"}},
	{"rare-word", search.Query{Text: "Balkirkton"}},
	{"four-words", search.Query{Text: "health visitor information sharing"}},
	{"filtered", search.Query{Text: "risk assessment", Kinds: []string{search.KindLearningReviewReport}, YearFrom: 2018, YearTo: 2022}},
	{"theme", search.Query{Text: "supervision", Themes: []string{"neglect", "mental_health"}}},
	{"second-page", search.Query{Text: "self-harm", Offset: 20}},
	{"phrase-rare", search.Query{Text: `"bruising in a non-mobile baby"`}},
}

// BenchmarkSearch runs the query mix on each engine. Each iteration times the bare
// engine query and then Search for the same query, so both see the same caches;
// the metrics are the median and 95th percentile of each and their ratio.
func BenchmarkSearch(b *testing.B) {
	for _, e := range repository(b) {
		b.Run(e.name, func(b *testing.B) { measure(b, e, queries) })
	}
}

// BenchmarkQueries breaks the mix down by query.
func BenchmarkQueries(b *testing.B) {
	for _, e := range repository(b) {
		for i, q := range queries {
			b.Run(e.name+"/"+q.name, func(b *testing.B) { measure(b, e, queries[i:i+1]) })
		}
	}
}

type namedQuery struct {
	name string
	q    search.Query
}

func measure(b *testing.B, e *engine, qs []namedQuery) {
	ctx := auth.SystemContext(context.Background())
	// Warm the caches and check every query works before timing.
	for _, q := range qs {
		if _, err := search.Raw(ctx, e.ix, q.q); err != nil {
			b.Fatalf("%s raw: %v", q.name, err)
		}
		if _, err := e.ix.Search(ctx, q.q); err != nil {
			b.Fatalf("%s: %v", q.name, err)
		}
	}
	// NOTE: SQLite runs inside this goroutine; locked to one thread, the thread's
	// CPU time is the engine's work even on a busy machine. PostgreSQL works in its
	// own processes, so only wall-clock time means anything there.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var raw, full, rawCPU, fullCPU []time.Duration
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)].q
		i++
		c0, t0 := threadCPU(), time.Now()
		if _, err := search.Raw(ctx, e.ix, q); err != nil {
			b.Fatal(err)
		}
		c1, t1 := threadCPU(), time.Now()
		if _, err := e.ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
		c2, t2 := threadCPU(), time.Now()
		raw, full = append(raw, t1.Sub(t0)), append(full, t2.Sub(t1))
		rawCPU, fullCPU = append(rawCPU, c1-c0), append(fullCPU, c2-c1)
	}
	report(b, "", raw, full)
	if e.name == store.SQLite {
		report(b, "cpu-", rawCPU, fullCPU)
	}
	b.ReportMetric(0, "ns/op") // each op is two queries; the metrics above say more
}

// report adds the medians, 95th percentiles and the ratio of the medians.
func report(b *testing.B, prefix string, raw, full []time.Duration) {
	r50, r95, s50, s95 := pct(raw, 50), pct(raw, 95), pct(full, 50), pct(full, 95)
	b.ReportMetric(ms(s50), prefix+"search-p50-ms")
	b.ReportMetric(ms(s95), prefix+"search-p95-ms")
	b.ReportMetric(ms(r50), prefix+"raw-p50-ms")
	b.ReportMetric(ms(r95), prefix+"raw-p95-ms")
	if r50 > 0 {
		b.ReportMetric(float64(s50)/float64(r50), prefix+"ratio-p50")
	}
}

// pct returns the p-th percentile of d (nearest rank).
func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(i-1, 0)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
