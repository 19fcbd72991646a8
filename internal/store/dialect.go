package store

import (
	"database/sql"
	"fmt"
)

// The few places where SQLite and PostgreSQL need different SQL live in this file, so
// that the rest of the store is written once in the subset both engines run.

// skipLocked is the locking clause of a query that claims one row for a worker.
//
// NOTE: PostgreSQL lets several processes claim at once: FOR UPDATE SKIP LOCKED locks
// the chosen row and makes the others pass over it instead of waiting. SQLite has no
// row locks and needs none: every write goes through the one writer connection, so a
// claiming UPDATE ... RETURNING runs alone.
func (db *DB) skipLocked() string {
	if db.engine == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// snapshot is the isolation of a read-only transaction whose queries must all see
// the same moment, such as a check of the audit chain against its head.
//
// NOTE: PostgreSQL's default (read committed) gives each statement its own snapshot,
// so rows committed between two statements would show up in the second only.
// SQLite's default already reads one snapshot for the whole transaction, and its
// driver accepts no other level.
func (db *DB) snapshot() sql.IsolationLevel {
	if db.engine == Postgres {
		return sql.LevelRepeatableRead
	}
	return sql.LevelDefault
}

// forUpdate is the locking clause of a query that reads a row the transaction will
// then change, and that other writers must wait for. SQLite's single writer already
// serialises such transactions.
func (db *DB) forUpdate() string {
	if db.engine == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// inJSON is a subquery of the strings of a JSON array given as parameter n, for
// "col IN "+inJSON(n) with a long list of values bound once as one JSON text.
//
// NOTE: SQLite looks a "$n" parameter up by name along a list, so a query with a
// thousand placeholders spends most of its time binding them (seen in a profile of
// the repository's text search); one parameter avoids that on both engines.
func (db *DB) inJSON(n int) string {
	if db.engine == Postgres {
		return fmt.Sprintf("(SELECT jsonb_array_elements_text($%d::jsonb))", n)
	}
	return fmt.Sprintf("(SELECT value FROM json_each($%d))", n)
}
