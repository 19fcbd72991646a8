// Package store keeps Scrutineer's records in SQLite (the embedded default) or
// PostgreSQL, with one set of hand-written SQL for both. Each exported method owns its
// transaction; side effects are written to the jobs table in the same transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

//go:embed migrations
var migrations embed.FS

// Engines.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is an open database with its migrations. For SQLite it holds one writer
// connection and a pool of read-only connections, because SQLite allows one writer at a
// time and a single writer connection turns lock contention into a queue in Go.
type DB struct {
	engine     string
	write      *sql.DB
	read       *reader
	migrations *goose.Provider
	// group shares one transaction among concurrent writers on SQLite.
	group groupCommit
	// Now is the clock; tests may replace it.
	Now func() time.Time
}

// Options say which database to open.
type Options struct {
	// URL is a postgres:// URL; empty opens SQLite at Path.
	URL string
	// Path is the SQLite file, created if missing.
	Path string
	// ReadConns bounds the SQLite read pool; 0 means 8.
	ReadConns int
}

// Open opens the database and checks that it answers. It does not migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	var db *DB
	var err error
	if o.URL != "" {
		db, err = openPostgres(o.URL)
	} else {
		db, err = openSQLite(o.Path, o.ReadConns)
	}
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.write.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach the database: %s", describe(err))
	}
	if err := db.read.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach the database: %s", describe(err))
	}
	if err := db.newMigrations(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openSQLite(path string, readConns int) (*DB, error) {
	if path == "" {
		return nil, errors.New("no SQLite path given")
	}
	if readConns <= 0 {
		readConns = 8
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the data folder %s: %s", dir, describe(err))
		}
	}
	// NOTE: synchronous(FULL) makes each commit durable across power loss in WAL
	// mode; NORMAL would lose the last commits on a crash of the machine.
	pragmas := "_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)"
	u := "file:" + (&url.URL{Path: path}).EscapedPath()
	write, err := sql.Open("sqlite", u+"?_txlock=immediate&"+pragmas)
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	// The writer creates the file and switches it to WAL before readers open it.
	if _, err := write.Exec("SELECT 1"); err != nil {
		write.Close()
		return nil, fmt.Errorf("cannot open the database file %s: %s", path, describe(err))
	}
	read, err := sql.Open("sqlite", u+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(readConns)
	read.SetMaxIdleConns(readConns)
	return &DB{engine: SQLite, write: write, read: newReader(read, true), Now: now}, nil
}

func openPostgres(rawURL string) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("SCRUTINEER_DATABASE_URL is not a valid PostgreSQL URL")
	}
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(16)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{engine: Postgres, write: pool, read: newReader(pool, false), Now: now}, nil
}

func now() time.Time { return time.Now().UTC() }

// Engine returns SQLite or Postgres.
func (db *DB) Engine() string { return db.engine }

// Close closes every connection; it waits for queries in flight.
func (db *DB) Close() error {
	if db.migrations != nil {
		db.migrations.Close()
	}
	err := db.write.Close()
	if db.read.DB != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Reader is the pool for queries that only read.
func (db *DB) Reader() *sql.DB { return db.read.DB }

func (db *DB) newMigrations() error {
	dialect, dir := goose.DialectSQLite3, "migrations/sqlite"
	var opts []goose.ProviderOption
	if db.engine == Postgres {
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
		// Several server processes may start at once against one PostgreSQL: a
		// session lock makes them migrate one after another.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, db.write, sub, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	db.migrations = p
	return nil
}

// Migrate applies every pending migration.
func (db *DB) Migrate(ctx context.Context) error {
	if _, err := db.migrations.Up(ctx); err != nil {
		return fmt.Errorf("migrating the database: %w", err)
	}
	return nil
}

// MigrationState reports the database's schema version and the version this binary
// expects. The service is ready only when they are equal.
func (db *DB) MigrationState(ctx context.Context) (current, target int64, err error) {
	return db.migrations.GetVersions(ctx)
}

// WriteTx runs fn in a read-write transaction and commits it when fn returns nil;
// when fn returns an error nothing it wrote is kept. On SQLite, writes that arrive
// together share one transaction and one sync to disk (groupcommit.go), each in its
// own savepoint; WriteTx returns only once the commit is durable. fn must not call
// WriteTx itself.
func (db *DB) WriteTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if db.engine == SQLite {
		return db.group.run(db, ctx, fn)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// describe turns a driver error into a one-line phrase without credentials: the
// network failure when there is one, otherwise the message with its whitespace folded.
func describe(err error) string {
	var oe *net.OpError
	if errors.As(err, &oe) {
		if oe.Addr != nil {
			return oe.Addr.String() + ": " + oe.Err.Error()
		}
		return oe.Err.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}
