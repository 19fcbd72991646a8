package benchsearch

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/search/searchtest"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// DocsEnv sets the repository size; the default keeps a plain go test -bench quick.
// The target is measured at 20,000.
const DocsEnv = "SCRUTINEER_BENCH_DOCS"

// engine is one database holding the generated repository.
type engine struct {
	name  string
	db    *store.DB
	ix    search.Index
	build time.Duration
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

// repository returns the engines with the generated repository, building it once
// per test binary: on SQLite always, on PostgreSQL when the test cluster is set.
func repository(b *testing.B) []*engine {
	b.Helper()
	buildOnce.Do(func() { buildErr = build() })
	if buildErr != nil {
		b.Fatal(buildErr)
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
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "scrutineer-bench-search-")
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
		if err := fill(ctx, e, size()); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		e.build = time.Since(start)
		fmt.Fprintf(os.Stderr, "bench/search: indexed %d documents on %s in %s\n", size(), t.name, e.build.Round(time.Millisecond))
		engines = append(engines, e)
	}
	return nil
}

// fill indexes n generated documents in transactions of 250; on PostgreSQL from four
// writers at once, as several server processes would.
func fill(ctx context.Context, e *engine, n int) error {
	ctx = auth.SystemContext(ctx)
	gen := searchtest.New(1)
	const batch = 250
	writers := 1
	if e.name == store.Postgres {
		writers = 4
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for start := w * batch; start < n; start += writers * batch {
				err := e.db.WriteTx(ctx, func(tx *sql.Tx) error {
					for i := start; i < min(start+batch, n); i++ {
						if err := e.ix.Upsert(ctx, tx, gen.Doc(i)); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
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

// newPostgresDatabase creates a database of its own on the test cluster, dropped when
// the benchmarks end.
func newPostgresDatabase(base string) (string, error) {
	u, drop, err := testutil.CreatePostgresDatabase(base, "bench_search")
	if err != nil {
		return "", err
	}
	cleanups = append(cleanups, drop)
	return u, nil
}
