package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStatements bounds the reader's statement cache. The store's queries are
// constants with numbered placeholders (lists are bound as one JSON value), so a
// few hundred distinct texts cover them all; a text past the bound is run unprepared.
const maxCachedStatements = 512

// reader is the pool for queries that only read. On SQLite it keeps every query it
// has run prepared: SQLite compiles a statement on each run otherwise, and that
// was a third of a simple page's time (docs/benchmarks.md). PostgreSQL's driver
// caches its statements itself, so there the reader passes queries straight on.
type reader struct {
	*sql.DB
	prepare bool
	mu      sync.RWMutex
	stmts   map[string]*sql.Stmt
}

func newReader(db *sql.DB, prepare bool) *reader {
	return &reader{DB: db, prepare: prepare, stmts: map[string]*sql.Stmt{}}
}

// QueryContext runs query through its prepared statement.
func (r *reader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query through its prepared statement.
func (r *reader) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.DB.QueryRowContext(ctx, query, args...)
}

// stmt returns the prepared statement of query, preparing it on first use; nil
// when statements are not cached here, the cache is full or the query does not
// prepare (its error then comes from running it unprepared).
func (r *reader) stmt(ctx context.Context, query string) *sql.Stmt {
	if !r.prepare {
		return nil
	}
	r.mu.RLock()
	st, ok := r.stmts[query]
	full := len(r.stmts) >= maxCachedStatements
	r.mu.RUnlock()
	if ok || full {
		return st
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if st, ok := r.stmts[query]; ok {
		return st
	}
	// NOTE: the statement outlives this request, so it must not be tied to the
	// request's context.
	st, err := r.DB.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	r.stmts[query] = st
	return st
}

// Close closes the cached statements and the pool.
func (r *reader) Close() error {
	r.mu.Lock()
	for q, st := range r.stmts {
		st.Close()
		delete(r.stmts, q)
	}
	r.mu.Unlock()
	return r.DB.Close()
}
