package benchsearchapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
)

// apiQuery is one search of the mix: the engine's query and the same search as API
// parameters.
type apiQuery struct {
	name   string
	q      search.Query
	params url.Values
}

// queries is the mix of bench/search (words, phrases, a prefix, OR, exclusion,
// filters, a second page, a rare word), written both ways.
var queries = []apiQuery{
	{"word", search.Query{Text: "neglect"}, url.Values{"q": {"neglect"}}},
	{"two-words", search.Query{Text: "domestic abuse"}, url.Values{"q": {"domestic abuse"}}},
	{"phrase", search.Query{Text: `"professional curiosity"`}, url.Values{"q": {`"professional curiosity"`}}},
	{"prefix", search.Query{Text: "chronolog*"}, url.Values{"q": {"chronolog*"}}},
	{"or", search.Query{Text: "alcohol OR methadone"}, url.Values{"q": {"alcohol OR methadone"}}},
	{"exclusion", search.Query{Text: "neglect -housing"}, url.Values{"q": {"neglect -housing"}}},
	{"rare-word", search.Query{Text: "Balkirkton"}, url.Values{"q": {"Balkirkton"}}},
	{"four-words", search.Query{Text: "health visitor information sharing"}, url.Values{"q": {"health visitor information sharing"}}},
	{"filtered", search.Query{Text: "risk assessment", Kinds: []string{search.KindLearningReviewReport}, YearFrom: 2018, YearTo: 2022},
		url.Values{"q": {"risk assessment"}, "kind": {search.KindLearningReviewReport}, "year_from": {"2018"}, "year_to": {"2022"}}},
	{"theme", search.Query{Text: "supervision", Themes: []string{"neglect", "mental_health"}},
		url.Values{"q": {"supervision"}, "theme": {"neglect", "mental_health"}}},
	{"second-page", search.Query{Text: "self-harm", Offset: 20}, url.Values{"q": {"self-harm"}, "offset": {"20"}}},
	{"phrase-rare", search.Query{Text: `"bruising in a non-mobile baby"`}, url.Values{"q": {`"bruising in a non-mobile baby"`}}},
}

// BenchmarkSearchAPI runs the query mix on each engine. Each iteration times the
// bare engine query and then GET /api/v1/search for the same query over loopback
// HTTP with a keep-alive connection, so both see the same caches and load; the
// metrics are the median and 95th percentile of each and their ratio.
func BenchmarkSearchAPI(b *testing.B) {
	for _, e := range repository(b) {
		b.Run(e.name, func(b *testing.B) { measure(b, e, queries) })
	}
}

// BenchmarkSearchAPIQueries breaks the mix down by query.
func BenchmarkSearchAPIQueries(b *testing.B) {
	for _, e := range repository(b) {
		for i, q := range queries {
			b.Run(e.name+"/"+q.name, func(b *testing.B) { measure(b, e, queries[i:i+1]) })
		}
	}
}

func measure(b *testing.B, e *engine, qs []apiQuery) {
	ctx := auth.SystemContext(context.Background())
	client := e.srv.Client()
	n := 0
	get := func(q apiQuery) {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/search?"+q.params.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+e.tokens[n%len(e.tokens)])
		n++
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d %s %v", q.name, resp.StatusCode, body, err)
		}
		var out struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(body, &out); err != nil {
			b.Fatal(err)
		}
	}
	// Warm the caches, the connection and check every query works before timing.
	for _, q := range qs {
		if _, err := search.Raw(ctx, e.ix, q.q); err != nil {
			b.Fatalf("%s raw: %v", q.name, err)
		}
		get(q)
	}
	var raw, api []time.Duration
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		i++
		t0 := time.Now()
		if _, err := search.Raw(ctx, e.ix, q.q); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		get(q)
		t2 := time.Now()
		raw, api = append(raw, t1.Sub(t0)), append(api, t2.Sub(t1))
	}
	r50, r95, a50, a95 := pct(raw, 50), pct(raw, 95), pct(api, 50), pct(api, 95)
	b.ReportMetric(ms(a50), "api-p50-ms")
	b.ReportMetric(ms(a95), "api-p95-ms")
	b.ReportMetric(ms(r50), "raw-p50-ms")
	b.ReportMetric(ms(r95), "raw-p95-ms")
	if r50 > 0 {
		b.ReportMetric(float64(a50)/float64(r50), "ratio-p50")
	}
	b.ReportMetric(0, "ns/op") // each op is a raw query and a request; the metrics above say more
	b.Log("requests: " + strconv.Itoa(n))
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
