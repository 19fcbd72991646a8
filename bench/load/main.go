// Command load measures Scrutineer over HTTP on this machine (issue 7): start-up
// time with a generated data set, the main pages with real sessions against a bare
// html/template handler of the same size in the same run, the write intake of many
// committee officers with a check that no acknowledged write was lost, and the
// server's peak memory. It only ever loads loopback addresses and every phase is
// bounded by a request count and a duration. See bench/load/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/internal/loadgen"
)

type options struct {
	data, size, postgres, bin, pages, only string
	seed                                   uint64
	clients, requests, writers, writes     int
	tokens, startups, serverProcs          int
	writeRate                              float64
	rounds                                 int
	duration, writeDuration                time.Duration
}

// defaultPages are the main pages of issue 7; a page the server does not have yet
// (404) is reported and skipped, so pages being built are measured once they land.
const defaultPages = "committee-dashboard=/learning-reviews@officer," +
	"repository=/repository?q=neglect@inspector," +
	"review=/learning-reviews/{review}@officer," +
	"statistics=/statistics/learning-reviews/overview@analyst," +
	"search-page=/search?q=neglect@inspector," +
	"dashboard=/dashboard@officer"

func main() {
	var o options
	flag.StringVar(&o.data, "data", "", "data folder: generated once, reused while it holds bench.json (default: a new temporary folder)")
	flag.StringVar(&o.size, "size", "small", "data set: small, medium or large (internal/generate)")
	flag.Uint64Var(&o.seed, "seed", 7, "generator seed")
	flag.StringVar(&o.postgres, "postgres", "", "PostgreSQL URL (default: SQLite in the data folder)")
	flag.StringVar(&o.bin, "bin", "", "scrutineer binary (default: built from ./cmd/scrutineer)")
	flag.StringVar(&o.pages, "pages", defaultPages, "pages to load: name=path@role,... with role officer, inspector, analyst or manager; {review} is a review that role may open")
	flag.StringVar(&o.only, "only", "startup,pages,intake", "phases to run")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds of bare then page per page; the medians are reported")
	flag.IntVar(&o.clients, "clients", 64, "concurrent clients for pages")
	flag.IntVar(&o.requests, "requests", 5000, "requests per page (and per bare run)")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "longest time per page")
	flag.IntVar(&o.writers, "writers", 200, "concurrent committee officers writing")
	flag.IntVar(&o.writes, "writes", 30000, "writes in the intake phase")
	flag.DurationVar(&o.writeDuration, "write-duration", 30*time.Second, "longest time for the intake phase")
	flag.Float64Var(&o.writeRate, "write-rate", 0, "writes a second the writers offer together (0: each writes again as soon as answered)")
	flag.IntVar(&o.tokens, "tokens", 2, "API tokens per writer (each token may make 10 requests a second)")
	flag.IntVar(&o.startups, "startups", 3, "times to start the server to measure start-up")
	flag.IntVar(&o.serverProcs, "server-procs", 0, "GOMAXPROCS of the server (0: all cores)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench/load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if o.data == "" {
		dir, err := os.MkdirTemp("", "scrutineer-bench-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.data = dir
	}
	if err := os.MkdirAll(o.data, 0o700); err != nil {
		return err
	}
	o.data, _ = filepath.Abs(o.data)
	if o.bin == "" {
		o.bin = filepath.Join(o.data, "scrutineer")
		build := exec.CommandContext(ctx, "go", "build", "-o", o.bin, "./cmd/scrutineer")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building the server (run from the repository root): %w", err)
		}
	}
	fmt.Printf("# bench/load %s\n\n%s\n\n", time.Now().UTC().Format(time.RFC3339), machine())
	start := time.Now()
	ds, err := prepare(ctx, o)
	if err != nil {
		return err
	}
	fmt.Printf("Data set %s (seed %d): %d reviews, %d texts indexed, %d events, %d recommendations, %d messages; generated in %s (prepared in %s this run)\n\n",
		ds.Size, ds.Seed, ds.Counts["learning_reviews"], ds.Counts["search"], ds.Counts["learning_review_events"], ds.Counts["review_recommendations"],
		ds.Counts["review_messages"], ds.Took.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	phases := map[string]bool{}
	for _, p := range strings.Split(o.only, ",") {
		phases[p] = true
	}
	writers := 0
	if phases["intake"] {
		writers = o.writers
	}
	who, err := signIn(ctx, o, ds, writers, o.tokens)
	if err != nil {
		return err
	}
	var srv *server
	n := 1
	if phases["startup"] {
		n = max(1, o.startups)
	}
	fmt.Println("| measure | result |\n|---|---:|")
	for i := range n {
		if srv != nil {
			srv.stop()
		}
		if srv, err = startServer(ctx, o); err != nil {
			return err
		}
		fmt.Printf("| start-up %d: process start to /readyz 200 | %s |\n", i+1, loadgen.Ms(srv.Startup))
	}
	defer srv.stop()
	if err := loadgen.Loopback(srv.base); err != nil {
		return err
	}
	rss, _ := srv.peakRSS()
	fmt.Printf("| peak RSS after start | %.1f MB |\n\n", float64(rss)/1e6)
	client := loadgen.NewClient(max(o.clients, o.writers))
	if phases["pages"] {
		if err := loadPages(ctx, o, client, srv, ds, who); err != nil {
			return err
		}
		rss, _ = srv.peakRSS()
		fmt.Printf("\nPeak RSS of the server after the pages: %.1f MB\n\n", float64(rss)/1e6)
	}
	if phases["intake"] {
		res, acked := intake(ctx, client, srv.base, who.writers, o.writes, o.writeDuration, o.writeRate)
		db, err := openDB(ctx, o)
		if err != nil {
			return err
		}
		verify(ctx, db, acked, res)
		db.Close()
		rss, _ = srv.peakRSS()
		offered := "as fast as answered"
		if o.writeRate > 0 {
			offered = fmt.Sprintf("offering %.0f writes/s", o.writeRate)
		}
		fmt.Printf("Write intake, %d committee officers, %s: %s\n\n", len(who.writers), offered, res.Stats)
		fmt.Println("| writes/s (acknowledged) | p50 | p95 | p99 | creates | draft saves | decisions | reviews checked | lost | errors | peak RSS |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
		fmt.Printf("| %.0f | %s | %s | %s | %d | %d | %d | %d | %d | %d | %.1f MB |\n\n", res.Throughput, loadgen.Ms(res.P50), loadgen.Ms(res.P95), loadgen.Ms(res.P99),
			res.Creates, res.Saves, res.Decisions, res.Checked, res.Lost, res.Errors, float64(rss)/1e6)
	}
	fmt.Printf("Server CPU time: %s\n", srv.cpuTime())
	return nil
}

// loadPages loads each page with real sessions right after a bare handler of the
// same size, and prints one row per page.
func loadPages(ctx context.Context, o options, client *http.Client, srv *server, ds *dataSet, who *principals) error {
	fmt.Printf("Pages, %d clients, up to %d requests or %s each, %d rounds of bare then page (medians):\n\n", o.clients, o.requests, o.duration, o.rounds)
	fmt.Println("| page | bytes | bare req/s | page req/s | ratio (target >= 0.40) | bare p50 | page p50 | bare p99 | page p99 | p99 ratio (target <= 1.5) | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, spec := range strings.Split(o.pages, ",") {
		name, rest, _ := strings.Cut(spec, "=")
		path, role, _ := strings.Cut(rest, "@")
		cookie := who.cookies[role]
		if cookie == "" {
			return fmt.Errorf("page %s: unknown role %q", name, role)
		}
		reviews := ds.Reviews[role]
		build := func(base string) loadgen.Request {
			return func(c, n int) *http.Request {
				p := path
				if strings.Contains(p, "{review}") && len(reviews) > 0 {
					p = strings.ReplaceAll(p, "{review}", reviews[rand.IntN(len(reviews))])
				}
				req, _ := http.NewRequest("GET", base+p, nil)
				req.AddCookie(&http.Cookie{Name: "scrutineer_session", Value: cookie})
				return req
			}
		}
		probe, err := client.Do(build(srv.base)(0, 0).WithContext(ctx))
		if err != nil {
			return err
		}
		probe.Body.Close()
		if probe.StatusCode != http.StatusOK {
			fmt.Printf("| %s (`%s`) | not measured: answers %d (not on this branch yet?) |||||||||\n", name, path, probe.StatusCode)
			continue
		}
		page := loadgen.Hammer(ctx, client, o.clients, 200, o.duration, build(srv.base), loadgen.Status(http.StatusOK)) // warm up, and the size
		bareURL, stopBare, err := serveBare(page.Bytes)
		if err != nil {
			return err
		}
		// NOTE: bare and page alternate for a few rounds and the medians are kept, so
		// that a burst of other work on a shared machine does not fall on one side.
		var bares, pages []loadgen.Stats
		for range max(1, o.rounds) {
			bares = append(bares, loadgen.Hammer(ctx, client, o.clients, o.requests, o.duration, build(bareURL), loadgen.Status(http.StatusOK)))
			pages = append(pages, loadgen.Hammer(ctx, client, o.clients, o.requests, o.duration, build(srv.base), loadgen.Status(http.StatusOK)))
		}
		stopBare()
		bare, page := loadgen.Median(bares), loadgen.Median(pages)
		fmt.Printf("| %s (`%s`, %s) | %d | %.0f | %.0f | %.2f | %s | %s | %s | %s | %.2f | %d |\n", name, path, role, page.Bytes, bare.Throughput, page.Throughput,
			page.Throughput/bare.Throughput, loadgen.Ms(bare.P50), loadgen.Ms(page.P50), loadgen.Ms(bare.P99), loadgen.Ms(page.P99), float64(page.P99)/float64(bare.P99), page.Errors)
	}
	return nil
}

// machine describes where the numbers come from.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	load := ""
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	return fmt.Sprintf("Machine: %d cores (%s), %s, %s; load average at start %s", runtime.NumCPU(), model, runtime.GOOS, runtime.Version(), load)
}
