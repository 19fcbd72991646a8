package store

import "context"

// ExecForTest runs a statement on the writer connection, for tests that need to
// tamper with the database as an attacker with direct access would.
func ExecForTest(db *DB, stmt string) (int64, error) {
	res, err := db.write.ExecContext(context.Background(), stmt)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
