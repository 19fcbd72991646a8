package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/loadgen"
)

// BenchmarkMainPagesUnderLoad is issue 7's page target: each main page, signed in
// and with its real queries, under 64 concurrent clients over loopback HTTP, against
// a bare handler rendering the same template with the same data from memory, in the
// same run (target: at least 0.40 of the bare throughput, p99 at most 1.5 times the
// bare p99). Each benchmark iteration is one round of the bare handler then the
// page; the medians of the rounds are reported.
//
//	go test ./internal/web -run '^$' -bench MainPagesUnderLoad -benchtime 3x
func BenchmarkMainPagesUnderLoad(b *testing.B) {
	const clients, requests, limit = 64, 3000, 10 * time.Second
	site := newBenchSite(b)
	client := loadgen.NewClient(clients)
	for _, page := range site.mainPages() {
		b.Run(page.name, func(b *testing.B) {
			bare := httptest.NewServer(bareHandler(b, site.srv, site.request(page)))
			defer bare.Close()
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
			loadgen.Hammer(ctx, client, clients, 200, limit, next(real.URL), ok) // warm both up
			loadgen.Hammer(ctx, client, clients, 200, limit, next(bare.URL), ok)
			var bares, pages []loadgen.Stats
			for b.Loop() {
				bares = append(bares, loadgen.Hammer(ctx, client, clients, requests, limit, next(bare.URL), ok))
				pages = append(pages, loadgen.Hammer(ctx, client, clients, requests, limit, next(real.URL), ok))
			}
			bs, ps := loadgen.Median(bares), loadgen.Median(pages)
			if ps.Errors > 0 || bs.Errors > 0 {
				b.Fatalf("%s: %d errors, bare %d", page.path, ps.Errors, bs.Errors)
			}
			b.ReportMetric(bs.Throughput, "bare-req/s")
			b.ReportMetric(ps.Throughput, "page-req/s")
			b.ReportMetric(ps.Throughput/bs.Throughput, "ratio")
			b.ReportMetric(float64(bs.P99)/1e6, "bare-p99-ms")
			b.ReportMetric(float64(ps.P99)/1e6, "page-p99-ms")
			b.ReportMetric(float64(ps.P99)/float64(bs.P99), "p99-ratio")
			b.ReportMetric(float64(ps.Bytes), "bytes")
		})
	}
}

// bareHandler runs req through the real server once, captures the template and
// data it renders, and returns a handler that renders that template with that data
// from memory on every request: no middleware, no session, no queries.
func bareHandler(b *testing.B, s *Server, req *http.Request) http.Handler {
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
	t := s.pages.byName[name]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeHTML(w, http.StatusOK, buf.Bytes(), data.User != nil)
	})
}
