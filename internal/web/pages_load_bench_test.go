package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/loadgen"
)

// BenchmarkMainPagesUnderLoad is issue 7's page target: each main page, signed in
// and with its real queries, under 64 concurrent clients over loopback HTTP, against
// a bare handler rendering the same template with the same data from memory, in the
// same run: at least 0.40 of the bare throughput, and a tail (p99 ratio times
// throughput ratio, see tail-ratio below) of at most 1.5 (decision 0133). Each
// benchmark iteration is one round of the bare handler, the engine floor (text
// searches only) and the page; the medians of the rounds are reported.
//
// A text search's page is also set against its engine floor: a handler making the
// page's search calls, then rendering from memory. Its share of the bare
// throughput shows what any page on this engine could reach.
//
//	go test ./internal/web -run '^$' -bench MainPagesUnderLoad -benchtime 3x
func BenchmarkMainPagesUnderLoad(b *testing.B) {
	const clients, requests, limit = 64, 3000, 10 * time.Second
	site := newBenchSite(b)
	client := loadgen.NewClient(clients)
	for _, page := range site.mainPages() {
		b.Run(page.name, func(b *testing.B) {
			tmpl, data := captureRender(b, site.srv, site.request(page))
			bare := httptest.NewServer(renderFromMemory(nil, tmpl, data))
			defer bare.Close()
			var floor *httptest.Server
			if page.engine != nil {
				floor = httptest.NewServer(renderFromMemory(site.engineWork(b, page), tmpl, data))
				defer floor.Close()
			}
			real := httptest.NewServer(site.srv)
			defer real.Close()
			next := func(base string) loadgen.Request {
				return func(int, int) *http.Request {
					r, _ := http.NewRequest("GET", base+page.path, nil)
					r.AddCookie(site.cookies[page.role])
					return r
				}
			}
			ok := loadgen.Status(http.StatusOK)
			ctx := context.Background()
			run := func(srv *httptest.Server, n int) loadgen.Stats {
				return loadgen.Hammer(ctx, client, clients, n, limit, next(srv.URL), ok)
			}
			for _, srv := range []*httptest.Server{real, bare, floor} {
				if srv != nil {
					run(srv, 200) // warm each up
				}
			}
			var bares, floors, pages []loadgen.Stats
			for b.Loop() {
				bares = append(bares, run(bare, requests))
				if floor != nil {
					floors = append(floors, run(floor, requests))
				}
				pages = append(pages, run(real, requests))
			}
			bs, ps := loadgen.Median(bares), loadgen.Median(pages)
			if ps.Errors > 0 || bs.Errors > 0 {
				b.Fatalf("%s: %d errors, bare %d", page.path, ps.Errors, bs.Errors)
			}
			b.ReportMetric(ps.Throughput, "page-req/s")
			b.ReportMetric(inFlight(ps), "page-in-flight")
			b.ReportMetric(float64(ps.P99)/1e6, "page-p99-ms")
			b.ReportMetric(float64(ps.Bytes), "bytes")
			reportAgainst(b, "bare", bs, ps)
			if floor != nil {
				fs := loadgen.Median(floors)
				if fs.Errors > 0 {
					b.Fatalf("%s: engine floor: %d errors", page.path, fs.Errors)
				}
				b.ReportMetric(fs.Throughput/bs.Throughput, "floor-share")
				reportAgainst(b, "floor", fs, ps)
			}
		})
	}
}

// reportAgainst reports the baseline's throughput and p99 and the page's ratios to
// them, each name prefixed with the baseline's ("bare" or "floor"; the bare ratios
// go unprefixed). By Little's law each of 64 closed-loop clients waits
// 64/throughput on average, so the p99 ratio is about the inverse of the throughput
// ratio whatever the page's tail; their product, the tail ratio, is how much longer
// the page's p99 is than the baseline's would be at the page's throughput (decision
// 0133).
func reportAgainst(b *testing.B, baseline string, base, page loadgen.Stats) {
	prefix := baseline + "-"
	if baseline == "bare" {
		prefix = ""
	}
	b.ReportMetric(base.Throughput, baseline+"-req/s")
	b.ReportMetric(inFlight(base), baseline+"-in-flight")
	b.ReportMetric(float64(base.P99)/1e6, baseline+"-p99-ms")
	ratio, p99 := page.Throughput/base.Throughput, float64(page.P99)/float64(base.P99)
	b.ReportMetric(ratio, prefix+"ratio")
	b.ReportMetric(p99, prefix+"p99-ratio")
	b.ReportMetric(p99*ratio, prefix+"tail-ratio")
}

// inFlight is Little's law's L, mean latency times throughput: about the number of
// clients for a closed loop, which is what ties the p99 ratio to the throughput
// ratio.
func inFlight(s loadgen.Stats) float64 { return s.Mean.Seconds() * s.Throughput }

// captureRender runs req through the real server once and returns the template
// and data it rendered.
func captureRender(b *testing.B, s *Server, req *http.Request) (*template.Template, *pageData) {
	b.Helper()
	var name string
	var data *pageData
	s.rendered = func(n string, d *pageData) { name, data = n, d }
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	s.rendered = nil
	if w.Code != http.StatusOK || data == nil {
		b.Fatalf("%s: %d, rendered %q", req.URL, w.Code, name)
	}
	return s.pages.byName[name], data
}

// renderFromMemory is a handler that does work (if any), then renders t with data
// from memory: no middleware, no session, no queries of its own. Without work it is
// the bare handler.
func renderFromMemory(work func(context.Context) error, t *template.Template, data *pageData) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if work != nil {
			if err := work(r.Context()); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeHTML(w, http.StatusOK, buf.Bytes(), data.User != nil)
	})
}
