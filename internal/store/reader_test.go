package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestPreparedReads: on SQLite the read pool keeps its statements prepared. A
// prepared read sees every commit made before it, a statement is prepared once per
// query text, no read is left holding a snapshot (a checkpoint of the whole log
// succeeds), and past the cache's bound queries still run.
func TestPreparedReads(t *testing.T) {
	db := testutil.NewSQLite(t)
	ctx := context.Background()
	reads, cached, writer := store.ReadsOf(db)
	write := func(q string, args ...any) {
		t.Helper()
		if err := db.WriteTx(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, q, args...); return err }); err != nil {
			t.Fatal(err)
		}
	}
	write(`CREATE TABLE reader_probe (n INTEGER NOT NULL)`)
	before := cached()
	for i := 1; i <= 50; i++ {
		write(`INSERT INTO reader_probe (n) VALUES ($1)`, i)
		var count, last int
		if err := reads.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(n), 0) FROM reader_probe`).Scan(&count, &last); err != nil {
			t.Fatal(err)
		}
		rows, err := reads.QueryContext(ctx, `SELECT n FROM reader_probe ORDER BY n`)
		if err != nil {
			t.Fatal(err)
		}
		listed := 0
		for rows.Next() {
			listed++
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if count != i || last != i || listed != i {
			t.Fatalf("after %d commits a prepared read saw %d rows (last %d), listed %d", i, count, last, listed)
		}
	}
	if got := cached() - before; got != 2 {
		t.Errorf("%d statements prepared for 2 query texts run 50 times each", got)
	}

	// A checkpoint cannot copy back what was committed after a read's snapshot
	// while that read is open: first show that with rows left open, then that the
	// prepared reads above left none. (PASSIVE: it never waits for readers.)
	unfinished := func() int {
		t.Helper()
		var busy, logged, done int
		if err := writer.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logged, &done); err != nil {
			t.Fatal(err)
		}
		return logged - done
	}
	open, err := reads.QueryContext(ctx, `SELECT n FROM reader_probe ORDER BY n`)
	if err != nil {
		t.Fatal(err)
	}
	open.Next()
	write(`INSERT INTO reader_probe (n) VALUES (51)`)
	if unfinished() == 0 {
		t.Error("the checkpoint finished under an open read: this test cannot see a held snapshot")
	}
	open.Close()
	if left := unfinished(); left != 0 {
		t.Errorf("a closed prepared read still holds a snapshot: %d frames not checkpointed", left)
	}

	for i := range store.MaxCachedStatements + 20 {
		var n int
		if err := reads.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d`, i)).Scan(&n); err != nil || n != i {
			t.Fatalf("query %d past the bound: %d, %v", i, n, err)
		}
	}
	if got := cached(); got > store.MaxCachedStatements {
		t.Errorf("%d statements kept, more than %d", got, store.MaxCachedStatements)
	}
}
