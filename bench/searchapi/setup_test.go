package benchsearchapi

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/search/searchtest"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
	"github.com/scrutineer/scrutineer/internal/web"
)

// DocsEnv sets the repository size (the same variable as bench/search); the default
// keeps a plain go test -bench quick. The target is measured at 20,000.
const DocsEnv = "SCRUTINEER_BENCH_DOCS"

// tokenCount is how many API tokens the requests rotate through. NOTE: the API
// allows each token 10 requests a second after a burst of 60 (api_limit.go); several
// clients' worth of tokens keep the benchmark under that limit without changing it.
const tokenCount = 50

// engine is one database with the generated repository, served over HTTP.
type engine struct {
	name   string
	db     *store.DB
	ix     search.Index
	srv    *httptest.Server
	tokens []string
}

var (
	buildOnce sync.Once
	engines   []*engine
	buildErr  error
	cleanups  []func()
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

// repository returns the engines, building them once per test binary: SQLite always,
// PostgreSQL when the test cluster is set (scripts/with-postgres.sh).
func repository(tb testing.TB) []*engine {
	buildOnce.Do(func() { buildErr = build() })
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return engines
}

func size() int {
	if n, err := strconv.Atoi(os.Getenv(DocsEnv)); err == nil && n > 0 {
		return n
	}
	return 2000
}

func build() error {
	ctx := auth.SystemContext(context.Background())
	dir, err := os.MkdirTemp("", "scrutineer-bench-searchapi-")
	if err != nil {
		return err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	targets := []struct{ name, url string }{{store.SQLite, ""}}
	if base := os.Getenv(testutil.PostgresURLEnv); base != "" {
		u, err := newPostgresDatabase(base)
		if err != nil {
			return err
		}
		targets = append(targets, struct{ name, url string }{store.Postgres, u})
	}
	for _, t := range targets {
		db, err := store.Open(ctx, store.Options{URL: t.url, Path: filepath.Join(dir, "bench.db")})
		if err != nil {
			return err
		}
		cleanups = append(cleanups, func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			return err
		}
		e := &engine{name: t.name, db: db, ix: search.New(db)}
		start := time.Now()
		if err := e.fill(ctx, size()); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		fmt.Fprintf(os.Stderr, "bench/searchapi: indexed %d documents on %s in %s\n", size(), t.name, time.Since(start).Round(time.Millisecond))
		if err := e.serve(ctx); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		engines = append(engines, e)
	}
	return nil
}

// fill loads the organisation directory and indexes n generated documents of its
// protection committees, so the API names real organisations.
func (e *engine) fill(ctx context.Context, n int) error {
	orgs := store.NewOrganisations(e.db)
	if _, err := directory.Sync(ctx, orgs); err != nil {
		return err
	}
	all, err := orgs.FindOrganisations(ctx, scrutineer.OrganisationFilter{})
	if err != nil {
		return err
	}
	gen := searchtest.New(1)
	gen.Organisations = nil
	for _, o := range all {
		if o.Kind.Committee() {
			gen.Organisations = append(gen.Organisations, o.ID)
		}
	}
	const batch = 250
	for start := 0; start < n; start += batch {
		err := e.db.WriteTx(ctx, func(tx *sql.Tx) error {
			for i := start; i < min(start+batch, n); i++ {
				if err := e.ix.Upsert(ctx, tx, gen.Doc(i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if e.name == store.Postgres {
		// Fresh statistics, as autovacuum would give a repository that has grown.
		_, err := e.db.Reader().ExecContext(ctx, `VACUUM ANALYZE search_docs`)
		return err
	}
	return e.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `ANALYZE`)
		return err
	})
}

// serve starts the real web server on loopback with an inspector's API tokens.
func (e *engine) serve(ctx context.Context) error {
	orgs := store.NewOrganisations(e.db)
	regulator, err := orgs.FindOrganisationBySlug(ctx, "regulator")
	if err != nil {
		return err
	}
	users := store.NewUsers(e.db)
	u := &scrutineer.User{Email: "inspector@bench.example", Name: "Bench Inspector", OrganisationID: regulator.ID, Roles: []scrutineer.Role{scrutineer.RoleInspector}}
	if err := users.CreateUser(ctx, u, "bench-password-not-used-1"); err != nil {
		return err
	}
	tokens := store.NewAPITokens(e.db) // production settings: last_used_at once a minute
	for i := range tokenCount {
		secret, err := tokens.CreateAPIToken(ctx, &scrutineer.APIToken{UserID: u.ID, Label: fmt.Sprintf("Bench %d", i)})
		if err != nil {
			return err
		}
		e.tokens = append(e.tokens, secret)
	}
	srv, err := web.New(web.Deps{
		Logger: slog.New(slog.DiscardHandler), Readiness: e.db, Users: users, Sessions: store.NewSessions(e.db),
		Organisations: orgs, Jobs: store.NewJobs(e.db), Tokens: tokens, Audit: store.NewAudit(e.db),
		Search: e.ix, Version: "bench",
	})
	if err != nil {
		return err
	}
	srv.SetStarted()
	e.srv = httptest.NewServer(srv)
	cleanups = append(cleanups, e.srv.Close)
	return nil
}

// newPostgresDatabase creates a database of its own on the test cluster, dropped when
// the benchmarks end.
func newPostgresDatabase(base string) (string, error) {
	u, drop, err := testutil.CreatePostgresDatabase(base, "bench_searchapi")
	if err != nil {
		return "", err
	}
	cleanups = append(cleanups, drop)
	return u, nil
}
