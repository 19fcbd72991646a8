package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestClaimTakesTheOldestDueJob(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		c := withClock(db)
		jobs := store.NewJobs(db)
		later := &scrutineer.Job{Kind: "k", RunAfter: c.t.Add(time.Hour)}
		if err := jobs.EnqueueJob(sys, later); err != nil {
			t.Fatal(err)
		}
		first := mustEnqueue(t, jobs, "k")
		c.advance(time.Second)
		second := mustEnqueue(t, jobs, "k")

		got := mustClaim(t, jobs, "w1")
		if got.ID != first.ID || got.Status != scrutineer.JobRunning || got.Attempts != 1 || got.WorkerID != "w1" || !got.LockedUntil.Equal(c.t.Add(time.Minute)) {
			t.Fatalf("claimed %+v", got)
		}
		if got := mustClaim(t, jobs, "w2"); got.ID != second.ID {
			t.Fatalf("second claim took %s", got.ID)
		}
		_, err := jobs.Claim(sys, "w3", time.Minute)
		wantCode(t, err, scrutineer.ENOTFOUND)
		c.advance(time.Hour)
		if got := mustClaim(t, jobs, "w3"); got.ID != later.ID {
			t.Fatalf("the job due later was not taken when due")
		}
	})
}

func TestCompleteAndFail(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		c := withClock(db)
		jobs := store.NewJobs(db)
		jobs.RetryBase, jobs.RetryCap = time.Minute, 10*time.Minute

		done := mustEnqueue(t, jobs, "k")
		mustClaim(t, jobs, "w1")
		wantCode(t, jobs.Complete(sys, done.ID, "someone-else"), scrutineer.ECONFLICT)
		if err := jobs.Complete(sys, done.ID, "w1"); err != nil {
			t.Fatal(err)
		}
		got, _ := jobs.FindJobByID(sys, done.ID)
		if got.Status != scrutineer.JobDone || !got.FinishedAt.Equal(c.t) || got.WorkerID != "" || !got.LockedUntil.IsZero() {
			t.Fatalf("done job: %+v", got)
		}

		j := &scrutineer.Job{Kind: "k", MaxAttempts: 3}
		if err := jobs.EnqueueJob(sys, j); err != nil {
			t.Fatal(err)
		}
		for attempt := 1; attempt <= 3; attempt++ {
			claimed := mustClaim(t, jobs, "w1")
			if claimed.ID != j.ID || claimed.Attempts != attempt {
				t.Fatalf("attempt %d: claimed %+v", attempt, claimed)
			}
			st, err := jobs.Fail(sys, j.ID, "w1", fmt.Sprintf("failure %d", attempt), false)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := jobs.FindJobByID(sys, j.ID)
			if attempt < 3 {
				// Equal jitter: between half and all of base * 2^(attempt-1).
				full := time.Minute << (attempt - 1)
				wait := got.RunAfter.Sub(c.t)
				if st != scrutineer.JobQueued || wait < full/2 || wait > full {
					t.Fatalf("attempt %d: status %s, waits %s", attempt, st, wait)
				}
				_, err := jobs.Claim(sys, "w1", time.Minute)
				wantCode(t, err, scrutineer.ENOTFOUND)
				c.advance(wait)
				continue
			}
			if st != scrutineer.JobFailed || got.Status != scrutineer.JobFailed || got.LastError != "failure 3" || !got.FinishedAt.Equal(c.t) {
				t.Fatalf("after the last attempt: %s %+v", st, got)
			}
		}
		c.advance(24 * time.Hour)
		_, err := jobs.Claim(sys, "w1", time.Minute)
		wantCode(t, err, scrutineer.ENOTFOUND)

		perm := mustEnqueue(t, jobs, "k")
		mustClaim(t, jobs, "w1")
		if st, err := jobs.Fail(sys, perm.ID, "w1", "bad payload", true); err != nil || st != scrutineer.JobFailed {
			t.Fatalf("a permanent failure: %s %v", st, err)
		}
		_, err = jobs.Fail(sys, perm.ID, "w1", "again", false)
		wantCode(t, err, scrutineer.ECONFLICT)
	})
}

func TestReleaseGivesTheAttemptBack(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		withClock(db)
		jobs := store.NewJobs(db)
		j := mustEnqueue(t, jobs, "k")
		mustClaim(t, jobs, "w1")
		if err := jobs.Release(sys, j.ID, "w1"); err != nil {
			t.Fatal(err)
		}
		if got := mustClaim(t, jobs, "w2"); got.ID != j.ID || got.Attempts != 1 {
			t.Fatalf("after release: %+v", got)
		}
		wantCode(t, jobs.Release(sys, j.ID, "w1"), scrutineer.ECONFLICT)
	})
}

func TestExpiredLeaseIsReclaimed(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		c := withClock(db)
		jobs := store.NewJobs(db)
		j := mustEnqueue(t, jobs, "k")
		last := &scrutineer.Job{Kind: "k", MaxAttempts: 1}
		if err := jobs.EnqueueJob(sys, last); err != nil {
			t.Fatal(err)
		}
		mustClaim(t, jobs, "crashed")
		mustClaim(t, jobs, "crashed")

		c.advance(30 * time.Second)
		if n, err := jobs.ReapExpired(sys); err != nil || n != 0 {
			t.Fatalf("reaped %d jobs within their lease: %v", n, err)
		}
		c.advance(time.Minute)
		if n, err := jobs.ReapExpired(sys); err != nil || n != 2 {
			t.Fatalf("reaped %d jobs, want 2: %v", n, err)
		}
		got, _ := jobs.FindJobByID(sys, last.ID)
		if got.Status != scrutineer.JobFailed || got.LastError == "" {
			t.Fatalf("a job with no attempts left: %+v", got)
		}
		again := mustClaim(t, jobs, "w2")
		if again.ID != j.ID || again.Attempts != 2 || again.LastError == "" {
			t.Fatalf("reclaimed %+v", again)
		}
		wantCode(t, jobs.Complete(sys, j.ID, "crashed"), scrutineer.ECONFLICT)
		if err := jobs.Complete(sys, j.ID, "w2"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestConcurrentClaimersRunEachJobOnce has many workers claim at once. On PostgreSQL
// each goroutine holds its own connection, as separate server processes would.
func TestConcurrentClaimersRunEachJobOnce(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		jobs := store.NewJobs(db)
		const n, workers = 200, 12
		for i := 0; i < n; i++ {
			mustEnqueue(t, jobs, "k")
		}
		var mu sync.Mutex
		runs := map[string]int{}
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(worker string) {
				defer wg.Done()
				for {
					j, err := jobs.Claim(sys, worker, time.Minute)
					if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
						return
					}
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					runs[j.ID]++
					mu.Unlock()
					if err := jobs.Complete(sys, j.ID, worker); err != nil {
						errs <- err
						return
					}
				}
			}(fmt.Sprintf("w%d", w))
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(runs) != n {
			t.Fatalf("%d jobs ran, want %d", len(runs), n)
		}
		for id, k := range runs {
			if k != 1 {
				t.Fatalf("job %s ran %d times", id, k)
			}
		}
		counts, _ := jobs.CountJobs(sys)
		if counts[scrutineer.JobDone] != n {
			t.Fatalf("%d jobs done, want %d", counts[scrutineer.JobDone], n)
		}
	})
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	jobs := store.NewJobs(nil)
	jobs.RetryBase, jobs.RetryCap = time.Second, time.Minute
	for attempt := 1; attempt <= 40; attempt++ {
		full := time.Minute
		if attempt <= 6 {
			full = time.Second << (attempt - 1)
		}
		for i := 0; i < 20; i++ {
			if d := jobs.Backoff(attempt); d < full/2 || d > full {
				t.Fatalf("attempt %d: backoff %s outside [%s, %s]", attempt, d, full/2, full)
			}
		}
	}
}

func TestPruneKeepsFailedJobs(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		c := withClock(db)
		jobs := store.NewJobs(db)
		done, failed := mustEnqueue(t, jobs, "k"), mustEnqueue(t, jobs, "k")
		mustClaim(t, jobs, "w")
		mustClaim(t, jobs, "w")
		jobs.Complete(sys, done.ID, "w")
		jobs.Fail(sys, failed.ID, "w", "broken", true)
		id, err := jobs.EnqueueEmail(sys, &scrutineer.Email{To: "a@example.org", Subject: "S", Text: "T"})
		if err != nil {
			t.Fatal(err)
		}
		jobs.MarkEmail(sys, id, scrutineer.EmailKept)
		c.advance(31 * 24 * time.Hour)
		nj, ne, err := jobs.Prune(sys, c.t.Add(-30*24*time.Hour))
		if err != nil || nj != 1 || ne != 1 {
			t.Fatalf("pruned %d jobs and %d emails: %v", nj, ne, err)
		}
		if _, err := jobs.FindJobByID(sys, failed.ID); err != nil {
			t.Fatalf("the failed job was pruned: %v", err)
		}
	})
}
