package benchsearch

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/search/searchbench"
	"github.com/scrutineer/scrutineer/internal/search/searchtest"
	"github.com/scrutineer/scrutineer/internal/store"
)

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

func build() error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "scrutineer-bench-search-")
	if err != nil {
		return err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	dbs, err := searchbench.OpenDatabases(ctx, dir, &cleanups)
	if err != nil {
		return err
	}
	for _, t := range dbs {
		db := t.DB
		e := &engine{name: t.Engine, db: db, ix: search.New(db)}
		start := time.Now()
		if err := fill(ctx, e, searchbench.Size()); err != nil {
			return fmt.Errorf("%s: %w", t.Engine, err)
		}
		e.build = time.Since(start)
		fmt.Fprintf(os.Stderr, "bench/search: indexed %d documents on %s in %s\n", searchbench.Size(), t.Engine, e.build.Round(time.Millisecond))
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
	return searchbench.Analyse(ctx, searchbench.Database{Engine: e.name, DB: e.db})
}
