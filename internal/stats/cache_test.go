package stats_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestCachedReports: a cached source answers a period from one reading until the
// reading is ttl old, keeps periods apart, reads once for many callers at once, and
// after the ttl shows what changed in the database meanwhile.
func TestCachedReports(t *testing.T) {
	db := testutil.NewSQLite(t)
	testutil.MustExecSQLFile(t, db, testutil.RepoPath("testdata/stats/fixture.sql"))
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	src := stats.New(db.Reader()).WithClock(clock).Cached(time.Minute)
	ctx := context.Background()
	period := stats.FinancialYears(2023, 2024)

	first, err := src.LearningReviews(ctx, period)
	if err != nil {
		t.Fatal(err)
	}
	if first.Reviews == 0 {
		t.Fatal("the fixture's report has no reviews")
	}
	var wg sync.WaitGroup
	got := make([]*stats.Report, 16)
	for i := range got {
		wg.Go(func() {
			rep, err := src.LearningReviews(ctx, period)
			if err != nil {
				t.Error(err)
			}
			got[i] = rep
		})
	}
	wg.Wait()
	for i, rep := range got {
		if rep != first {
			t.Errorf("caller %d got a new reading within the ttl", i)
		}
	}
	other, err := src.LearningReviews(ctx, stats.FinancialYear(2023))
	if err != nil {
		t.Fatal(err)
	}
	if other == first || other.Period == first.Period {
		t.Error("another period was answered from the first period's report")
	}

	// A review decided in the period is taken out; the cached report still counts
	// it until the ttl has passed, then the new reading does not.
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE learning_reviews SET status = 'draft' WHERE id = (SELECT id FROM learning_reviews WHERE status <> 'draft' AND decided_on BETWEEN $1 AND $2 ORDER BY id LIMIT 1)`, period.From, period.To)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Errorf("%d reviews changed, want 1", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := src.LearningReviews(ctx, period); again != first {
		t.Error("a new reading within the ttl")
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	fresh, err := src.LearningReviews(ctx, period)
	if err != nil {
		t.Fatal(err)
	}
	if fresh == first || fresh.Reviews != first.Reviews-1 {
		t.Errorf("after the ttl: %d reviews, want %d from a new reading", fresh.Reviews, first.Reviews-1)
	}
	if !fresh.Produced.Equal(now) {
		t.Errorf("produced %s, want the time of the new reading %s", fresh.Produced, now)
	}
}
