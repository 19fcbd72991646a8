package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestGroupCommitKeepsEachWriteApart drives many concurrent writers on SQLite, some
// of which fail, panic or destroy the shared transaction, and checks the promise
// of WriteTx for each: a write that returned nil is stored, a write that returned an
// error (or panicked) left nothing behind.
func TestGroupCommitKeepsEachWriteApart(t *testing.T) {
	db := testutil.NewSQLite(t)
	ctx := context.Background()
	if err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`CREATE TABLE group_commit_test (n INTEGER PRIMARY KEY)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	const writers = 400
	outcome := make([]string, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					outcome[i] = "panicked"
				}
			}()
			err := db.WriteTx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.Exec(`INSERT INTO group_commit_test (n) VALUES ($1)`, i); err != nil {
					return err
				}
				switch {
				case i%7 == 3:
					return errors.New("refused by the caller")
				case i%29 == 5:
					panic(fmt.Sprintf("write %d panics", i))
				case i%97 == 11:
					// Ends the shared transaction under the batch, as SQLite does
					// when a statement is interrupted.
					_, err := tx.Exec(`ROLLBACK`)
					return err
				}
				return nil
			})
			if err != nil {
				outcome[i] = "failed"
			} else if outcome[i] == "" {
				outcome[i] = "stored"
			}
		}()
	}
	wg.Wait()
	stored := map[int]bool{}
	rows, err := db.Reader().Query(`SELECT n FROM group_commit_test`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		stored[n] = true
	}
	rows.Close()
	counts := map[string]int{}
	for i, o := range outcome {
		counts[o]++
		if (o == "stored") != stored[i] {
			t.Errorf("write %d %s but its row is stored=%v", i, o, stored[i])
		}
	}
	if counts["stored"] == 0 || counts["panicked"] == 0 || counts["failed"] == 0 {
		t.Errorf("outcomes %v: the mix of writes did not happen", counts)
	}
	t.Logf("outcomes: %v", counts)
}
