package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
)

// Options configure a run.
type Options struct {
	Bin         string        // the scrutineer binary (Build)
	Dir         string        // an empty data folder
	DatabaseURL string        // PostgreSQL; empty for SQLite in Dir
	Kills       int           // how many times the server is killed
	Workers     int           // concurrent writers; default 4
	MinRun      time.Duration // each run under load lasts MinRun..MaxRun; defaults 300ms..1s
	MaxRun      time.Duration
	Seed        uint64
	Logf        func(format string, args ...any)
}

// Report is what a run saw: the figures docs/reliability.md quotes.
type Report struct {
	Kills     int
	Acked     int         // writes acknowledged by the server
	Refused   map[int]int // writes answered with an error status, by status
	Checked   int         // acknowledged records read back after restarts (counting repeats)
	Reviews   int
	Documents int
	Blobs     blobReport
	Audit     string // the last line of audit verify
	Took      time.Duration
}

const (
	email    = "crash.officer@example.org"
	password = "gravel lantern otter spoon 42"
)

// Run kills a real server opts.Kills times under concurrent writes and checks,
// after every restart, everything it acknowledged; at the end, the document store
// against the database, and the audit chain.
func Run(ctx context.Context, opts Options) (*Report, error) {
	start := time.Now()
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.MinRun <= 0 {
		opts.MinRun, opts.MaxRun = 300*time.Millisecond, time.Second
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5eed))
	k := keys.Generate()
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	srv := &Server{Bin: opts.Bin, Addr: addr, Env: []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"SCRUTINEER_DATA_DIR=" + opts.Dir, "SCRUTINEER_KEY=" + k.Identity().String(),
		"SCRUTINEER_ADMIN_ADDR=off", "SCRUTINEER_DATABASE_URL=" + opts.DatabaseURL,
		"SCRUTINEER_LOG_LEVEL=warn", "SCRUTINEER_WORKERS=2", "SCRUTINEER_SHUTDOWN_WAIT=1s",
	}}
	defer srv.Kill()
	if _, err := srv.Command(ctx, "migrate"); err != nil {
		return nil, err
	}
	link, err := srv.Command(ctx, "user", "add", "--email", email, "--role", "committee_officer", "--org", "glasgow-cpc", "--name", "Pat Officer")
	if err != nil {
		return nil, err
	}
	l := newLedger()
	rep := &Report{}
	var clients []*Client
	var checker *Client
	for round := 0; round <= opts.Kills; round++ {
		if round > 0 {
			n, err := checkStopped(ctx, l, opts)
			rep.Checked += n
			if err != nil {
				return rep, fmt.Errorf("after %d kills: %w", round, err)
			}
		}
		if err := srv.Start(ctx); err != nil {
			return rep, err
		}
		if clients == nil {
			if clients, checker, err = signUp(ctx, srv, link, opts.Workers); err != nil {
				return rep, err
			}
		}
		for _, c := range clients {
			if err := c.SignIn(ctx, "", email, password); err != nil {
				return rep, fmt.Errorf("signing in after restart %d: %w", round, err)
			}
		}
		if err := checker.SignIn(ctx, "", email, password); err != nil {
			return rep, err
		}
		if err := l.checkAPI(ctx, checker, 10); err != nil {
			return rep, fmt.Errorf("after %d kills: %w", round, err)
		}
		if round == opts.Kills {
			break
		}
		runFor := opts.MinRun + time.Duration(rng.Int64N(int64(opts.MaxRun-opts.MinRun)+1))
		loadAndKill(ctx, l, clients, srv, runFor, rng)
		rep.Kills++
		opts.Logf("kill %d after %s: %d writes acknowledged so far", rep.Kills, runFor.Round(time.Millisecond), l.acked)
	}
	srv.Kill()
	if err := finalChecks(ctx, l, srv, opts, k, rep); err != nil {
		return rep, err
	}
	rep.Acked, rep.Refused, rep.Reviews, rep.Documents = l.acked, l.refused, len(l.reviews), len(l.docs)
	for code := range l.refused {
		if code >= 500 {
			return rep, fmt.Errorf("the server answered %d to %d writes", code, l.refused[code])
		}
	}
	rep.Took = time.Since(start)
	return rep, nil
}

// signUp accepts the officer's invitation and makes an API token per writer, since
// the API's rate limit is per token, and one for the checks.
func signUp(ctx context.Context, srv *Server, link string, workers int) ([]*Client, *Client, error) {
	base := "http://" + srv.Addr
	if err := NewClient(base, "").SignIn(ctx, link, email, password); err != nil {
		return nil, nil, err
	}
	var clients []*Client
	for range workers + 1 {
		token, err := srv.Command(ctx, "token", "create", "--email", email, "--name", "Crash test")
		if err != nil {
			return nil, nil, err
		}
		clients = append(clients, NewClient(base, strings.TrimSpace(token)))
	}
	return clients[:workers], clients[workers], nil
}

// checkStopped checks every acknowledged record in the database of the killed
// server, before it starts again.
func checkStopped(ctx context.Context, l *ledger, opts Options) (int, error) {
	db, err := openDB(ctx, opts)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return l.checkDB(ctx, db)
}

func openDB(ctx context.Context, opts Options) (*store.DB, error) {
	o := store.Options{URL: opts.DatabaseURL}
	if o.URL == "" {
		o.Path = filepath.Join(opts.Dir, "scrutineer.db")
	}
	return store.Open(ctx, o)
}

// loadAndKill runs the writers for d and kills the server while they are busy.
func loadAndKill(ctx context.Context, l *ledger, clients []*Client, srv *Server, d time.Duration, rng *rand.Rand) {
	loadCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for w, c := range clients {
		wg.Add(1)
		seed := rng.Uint64()
		go func() {
			defer wg.Done()
			l.work(loadCtx, c, w, rand.New(rand.NewPCG(seed, uint64(w))))
		}()
	}
	time.Sleep(d)
	srv.Kill() // NOTE: before the writers stop, so requests are cut off mid-flight
	stop()
	wg.Wait()
}

// finalChecks compares the document store with the database and verifies the
// audit chain, with the server stopped.
func finalChecks(ctx context.Context, l *ledger, srv *Server, opts Options, k *keys.Keys, rep *Report) error {
	n, err := checkStopped(ctx, l, opts)
	rep.Checked += n
	if err != nil {
		return err
	}
	db, err := openDB(ctx, opts)
	if err != nil {
		return err
	}
	defer db.Close()
	rep.Blobs, err = l.checkBlobs(ctx, db, filepath.Join(opts.Dir, "documents"), k)
	if err != nil {
		return err
	}
	out, err := srv.Command(ctx, "audit", "verify")
	if err != nil {
		return err
	}
	rep.Audit = strings.TrimSpace(out)
	return nil
}
