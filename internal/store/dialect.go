package store

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

// forUpdate is the locking clause of a query that reads a row the transaction will
// then change, and that other writers must wait for. SQLite's single writer already
// serialises such transactions.
func (db *DB) forUpdate() string {
	if db.engine == Postgres {
		return " FOR UPDATE"
	}
	return ""
}
