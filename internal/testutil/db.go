// Package testutil gives tests real databases, fixtures and the browser harness.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/scrutineer/scrutineer/internal/store"
)

// PostgresURLEnv names the variable holding the URL of a PostgreSQL cluster for tests.
// make test starts a throwaway cluster and sets it; in CI it must be set.
const PostgresURLEnv = "SCRUTINEER_TEST_POSTGRES_URL"

// NewSQLite returns a migrated SQLite database in a temporary folder, closed at the
// end of the test.
func NewSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "scrutineer.db")})
	if err != nil {
		t.Fatalf("open SQLite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate SQLite: %v", err)
	}
	return db
}

// PostgresURL returns the test cluster's URL. Outside CI the test is skipped when none
// is set; in CI (CI=true) a missing cluster fails the test.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresURLEnv)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must test PostgreSQL (make test starts a cluster)", PostgresURLEnv)
		}
		t.Skipf("%s not set; run make test for PostgreSQL", PostgresURLEnv)
	}
	return u
}

// CreatePostgresDatabase creates an empty database named prefix_RANDOM on the cluster
// at base and returns its URL and a function that drops it. Benchmarks, which run
// outside a test, use it directly; tests use NewPostgresURL.
func CreatePostgresDatabase(base, prefix string) (dbURL string, drop func(), err error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := prefix + "_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		return "", nil, err
	}
	drop = func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// NewPostgresURL creates an empty database of its own on the test cluster, dropped at
// the end of the test, and returns its URL.
func NewPostgresURL(t testing.TB) string {
	t.Helper()
	u, drop, err := CreatePostgresDatabase(PostgresURL(t), "test")
	if err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(drop)
	return u
}

// NewPostgres returns a migrated database of its own on the test cluster.
func NewPostgres(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{URL: NewPostgresURL(t)})
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate PostgreSQL: %v", err)
	}
	return db
}

// ForEachEngine runs fn as a subtest on SQLite and on PostgreSQL: the store
// conformance suite. Every store test goes through it.
func ForEachEngine(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, NewSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, NewPostgres(t)) })
}
