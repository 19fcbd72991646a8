// Package searchbench holds what the search benchmarks in bench/ share: the databases
// they fill and the repository size. It is imported by benchmarks only, never by the
// binary, because it depends on the test utilities.
package searchbench

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"

	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// DocsEnv names the variable that sets how many documents the search benchmarks
// generate (default 2,000; the target is measured at 20,000).
const DocsEnv = "SCRUTINEER_BENCH_DOCS"

// Size returns the number of documents a benchmark should generate.
func Size() int {
	if n, err := strconv.Atoi(os.Getenv(DocsEnv)); err == nil && n > 0 {
		return n
	}
	return 2000
}

// Database is one migrated, empty database a benchmark fills.
type Database struct {
	Engine string // store.SQLite or store.Postgres
	DB     *store.DB
}

// OpenDatabases returns a migrated SQLite database in dir and, when the test cluster
// is set (scripts/with-postgres.sh), a PostgreSQL database of its own. The cleanups
// it appends close them and drop the PostgreSQL database; run them in reverse.
func OpenDatabases(ctx context.Context, dir string, cleanups *[]func()) ([]Database, error) {
	targets := []struct{ engine, url string }{{store.SQLite, ""}}
	if base := os.Getenv(testutil.PostgresURLEnv); base != "" {
		u, drop, err := testutil.CreatePostgresDatabase(base, "bench_search")
		if err != nil {
			return nil, err
		}
		*cleanups = append(*cleanups, drop)
		targets = append(targets, struct{ engine, url string }{store.Postgres, u})
	}
	var out []Database
	for _, t := range targets {
		db, err := store.Open(ctx, store.Options{URL: t.url, Path: filepath.Join(dir, "bench.db")})
		if err != nil {
			return nil, err
		}
		*cleanups = append(*cleanups, func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			return nil, err
		}
		out = append(out, Database{Engine: t.engine, DB: db})
	}
	return out, nil
}

// Analyse refreshes the planner's statistics after a bulk load, as autovacuum would
// for a repository that has grown over time.
func Analyse(ctx context.Context, d Database) error {
	if d.Engine == store.Postgres {
		_, err := d.DB.Reader().ExecContext(ctx, `VACUUM ANALYZE search_docs`)
		return err
	}
	return d.DB.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `ANALYZE`)
		return err
	})
}
