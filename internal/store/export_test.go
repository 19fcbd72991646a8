package store

import (
	"context"
	"database/sql"
)

// ExecForTest runs a statement on the writer connection, for tests that need to
// tamper with the database as an attacker with direct access would.
func ExecForTest(db *DB, stmt string) (int64, error) {
	res, err := db.write.ExecContext(context.Background(), stmt)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Reads is the read pool as the store's own code uses it, for the reader's tests.
type Reads interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// ReadsOf returns db's read pool, the number of statements it keeps prepared, and
// the writer connection (for checkpoints).
func ReadsOf(db *DB) (reads Reads, cached func() int, writer *sql.DB) {
	return db.read, func() int {
		db.read.mu.RLock()
		defer db.read.mu.RUnlock()
		return len(db.read.stmts)
	}, db.write
}

// MaxCachedStatements is maxCachedStatements, for the tests.
const MaxCachedStatements = maxCachedStatements

// UnreadFromOwnReviews is the unread-messages query of callers with few reviews,
// for the test of its plan.
var UnreadFromOwnReviews = unreadFromOwnReviews

// DeadlinesQuery is ListDeadlines' query, for the test of its plan.
var DeadlinesQuery = deadlinesQuery
