package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// sys is the context the worker pool and the service itself use.
var sys = auth.SystemContext(context.Background())

// clock is a settable clock for a store under test.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func withClock(db *store.DB) *clock {
	c := &clock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	db.Now = c.now
	return c
}

// mustEnqueue queues a job of kind with a small payload and returns it.
func mustEnqueue(t *testing.T, jobs *store.Jobs, kind string) *scrutineer.Job {
	t.Helper()
	j, err := scrutineer.NewJob(kind, map[string]string{"ref": "r1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := jobs.EnqueueJob(sys, j); err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return j
}

func mustClaim(t *testing.T, jobs *store.Jobs, worker string) *scrutineer.Job {
	t.Helper()
	j, err := jobs.Claim(sys, worker, time.Minute)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	return j
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := scrutineer.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func TestEnqueueFindAndCountJobs(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		c := withClock(db)
		jobs := store.NewJobs(db)
		first := mustEnqueue(t, jobs, "index_document")
		c.advance(time.Second)
		second := mustEnqueue(t, jobs, "index_document")
		if first.ID == "" || first.Status != scrutineer.JobQueued || first.MaxAttempts != scrutineer.DefaultJobMaxAttempts {
			t.Fatalf("enqueued job not filled in: %+v", first)
		}
		list, err := jobs.FindJobs(sys, scrutineer.JobFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
			t.Fatalf("want newest first, got %d jobs", len(list))
		}
		var payload map[string]string
		if err := json.Unmarshal(list[1].Payload, &payload); err != nil || payload["ref"] != "r1" {
			t.Fatalf("payload %s did not round-trip: %v", list[1].Payload, err)
		}
		if !list[1].RunAfter.Equal(first.RunAfter) || !list[1].CreatedAt.Equal(c.t.Add(-time.Second)) {
			t.Fatalf("times did not round-trip: %+v", list[1])
		}

		mustClaim(t, jobs, "w1")
		counts, err := jobs.CountJobs(sys)
		if err != nil {
			t.Fatal(err)
		}
		want := scrutineer.JobCounts{scrutineer.JobQueued: 1, scrutineer.JobRunning: 1, scrutineer.JobDone: 0, scrutineer.JobFailed: 0}
		for st, n := range want {
			if counts[st] != n {
				t.Errorf("%s: %d jobs, want %d", st, counts[st], n)
			}
		}
		running, err := jobs.FindJobs(sys, scrutineer.JobFilter{Status: scrutineer.JobRunning})
		if err != nil || len(running) != 1 || running[0].ID != first.ID || running[0].WorkerID != "w1" {
			t.Fatalf("filter by status: %v, %d jobs", err, len(running))
		}
		_, err = jobs.FindJobs(sys, scrutineer.JobFilter{Status: "bogus"})
		wantCode(t, err, scrutineer.EINVALID)
		got, err := jobs.FindJobByID(sys, second.ID)
		if err != nil || got.Kind != "index_document" {
			t.Fatalf("find by id: %v", err)
		}
		_, err = jobs.FindJobByID(sys, "missing")
		wantCode(t, err, scrutineer.ENOTFOUND)
	})
}

func TestJobValidation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		jobs := store.NewJobs(db)
		for name, j := range map[string]*scrutineer.Job{
			"no kind":      {Payload: []byte(`{}`)},
			"bad payload":  {Kind: "k", Payload: []byte(`{`)},
			"bad attempts": {Kind: "k", MaxAttempts: 1000},
		} {
			t.Run(name, func(t *testing.T) { wantCode(t, jobs.EnqueueJob(sys, j), scrutineer.EINVALID) })
		}
	})
}

func TestJobsOnlyForAdministrators(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		jobs := store.NewJobs(db)
		mustEnqueue(t, jobs, "k")
		admin := scrutineer.NewContextWithUser(context.Background(), &scrutineer.User{ID: "a", Active: true, Roles: []scrutineer.Role{scrutineer.RoleAdmin}})
		inspector := scrutineer.NewContextWithUser(context.Background(), &scrutineer.User{ID: "i", Active: true, Roles: []scrutineer.Role{scrutineer.RoleInspector}})
		if _, err := jobs.FindJobs(admin, scrutineer.JobFilter{}); err != nil {
			t.Fatalf("admin: %v", err)
		}
		for name, tc := range map[string]struct {
			ctx  context.Context
			code string
		}{
			"inspector": {inspector, scrutineer.ENOTFOUND},
			"anonymous": {context.Background(), scrutineer.EUNAUTHORISED},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := jobs.FindJobs(tc.ctx, scrutineer.JobFilter{})
				wantCode(t, err, tc.code)
				_, err = jobs.CountJobs(tc.ctx)
				wantCode(t, err, tc.code)
				wantCode(t, jobs.RetryJob(tc.ctx, "x"), tc.code)
				_, err = jobs.FindEmails(tc.ctx, scrutineer.EmailFilter{})
				wantCode(t, err, tc.code)
				_, err = jobs.Claim(tc.ctx, "w", time.Minute)
				wantCode(t, err, tc.code)
			})
		}
	})
}

func TestEnqueueTxBelongsToTheCallersTransaction(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		jobs := store.NewJobs(db)
		woken := 0
		jobs.OnEnqueue(func() { woken++ })
		boom := errors.New("the change failed")
		err := db.WriteTx(context.Background(), func(tx *sql.Tx) error {
			if err := jobs.EnqueueTx(context.Background(), tx, &scrutineer.Job{Kind: "k"}); err != nil {
				return err
			}
			if _, err := jobs.EnqueueEmailTx(context.Background(), tx, &scrutineer.Email{To: "a@example.org", Subject: "S", Text: "T"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v", err)
		}
		counts, err := jobs.CountJobs(sys)
		if err != nil {
			t.Fatal(err)
		}
		if counts[scrutineer.JobQueued] != 0 {
			t.Fatalf("a rolled-back change left %d jobs", counts[scrutineer.JobQueued])
		}
		if emails, _ := jobs.FindEmails(sys, scrutineer.EmailFilter{}); len(emails) != 0 {
			t.Fatalf("a rolled-back change left %d emails", len(emails))
		}
		err = db.WriteTx(context.Background(), func(tx *sql.Tx) error {
			return jobs.EnqueueTx(context.Background(), tx, &scrutineer.Job{Kind: "k"})
		})
		if err != nil {
			t.Fatal(err)
		}
		if counts, _ := jobs.CountJobs(sys); counts[scrutineer.JobQueued] != 1 {
			t.Fatalf("a committed change has %d jobs", counts[scrutineer.JobQueued])
		}
		if woken != 3 {
			t.Fatalf("the pool was woken %d times, want 3", woken)
		}
	})
}

func TestRetryFailedJob(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		withClock(db)
		jobs := store.NewJobs(db)
		j := mustEnqueue(t, jobs, "k")
		wantCode(t, jobs.RetryJob(sys, j.ID), scrutineer.ECONFLICT)
		wantCode(t, jobs.RetryJob(sys, "missing"), scrutineer.ENOTFOUND)
		mustClaim(t, jobs, "w1")
		if st, err := jobs.Fail(sys, j.ID, "w1", "the service was unavailable", true); err != nil || st != scrutineer.JobFailed {
			t.Fatalf("fail: %v %v", st, err)
		}
		if err := jobs.RetryJob(sys, j.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := jobs.FindJobByID(sys, j.ID)
		if got.Status != scrutineer.JobQueued || got.Attempts != 0 || !got.FinishedAt.IsZero() || got.LastError != "the service was unavailable" {
			t.Fatalf("after retry: %+v", got)
		}
		if again := mustClaim(t, jobs, "w2"); again.ID != j.ID || again.Attempts != 1 {
			t.Fatalf("claimed %+v", again)
		}
	})
}
