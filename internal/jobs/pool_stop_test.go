package jobs_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/jobs"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestStopLetsRunningJobsFinish(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db)
		started, release := make(chan struct{}), make(chan struct{})
		p := jobs.NewPool(q, nil, 2, jobs.Handlers{"wait": func(ctx context.Context, j *scrutineer.Job) error {
			close(started)
			<-release
			return nil
		}})
		p.PollInterval = 10 * time.Millisecond
		if err := p.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		j := enqueue(t, q, &scrutineer.Job{Kind: "wait"})
		<-started
		stopped := make(chan error)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			stopped <- p.Stop(ctx)
		}()
		select {
		case err := <-stopped:
			t.Fatalf("Stop returned (%v) while a job was running", err)
		case <-time.After(100 * time.Millisecond):
		}
		// A job queued while stopping is left for another process or the next start.
		later := enqueue(t, q, &scrutineer.Job{Kind: "wait"})
		close(release)
		if err := <-stopped; err != nil {
			t.Fatalf("stop: %v", err)
		}
		if got, _ := q.FindJobByID(sys, j.ID); got.Status != scrutineer.JobDone {
			t.Fatalf("the running job is %s after Stop", got.Status)
		}
		if got, _ := q.FindJobByID(sys, later.ID); got.Status != scrutineer.JobQueued {
			t.Fatalf("a job queued while stopping is %s", got.Status)
		}
	})
}

func TestStopDeadlineGivesJobsBack(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db)
		started := make(chan struct{})
		p := jobs.NewPool(q, nil, 1, jobs.Handlers{"stubborn": func(ctx context.Context, j *scrutineer.Job) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		}})
		p.PollInterval = 10 * time.Millisecond
		p.Start(context.Background())
		j := enqueue(t, q, &scrutineer.Job{Kind: "stubborn"})
		<-started
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if err := p.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("stop: %v", err)
		}
		got, _ := q.FindJobByID(sys, j.ID)
		if got.Status != scrutineer.JobQueued || got.Attempts != 0 || got.LastError != "" {
			t.Fatalf("an interrupted job: %+v", got)
		}
	})
}

func TestEnqueueWakesAnIdlePool(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db)
		done := make(chan struct{})
		p := jobs.NewPool(q, nil, 1, jobs.Handlers{"now": func(ctx context.Context, j *scrutineer.Job) error {
			close(done)
			return nil
		}})
		p.PollInterval = time.Hour
		q.OnEnqueue(p.Wake)
		p.Start(context.Background())
		defer p.Stop(context.Background())
		time.Sleep(50 * time.Millisecond) // the first poll has found nothing
		enqueue(t, q, &scrutineer.Job{Kind: "now"})
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the job did not start after the pool was woken")
		}
	})
}

func TestCrashedWorkersJobIsRunAgain(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db)
		j := enqueue(t, q, &scrutineer.Job{Kind: "k"})
		// A worker in another process claims the job and dies.
		if _, err := q.Claim(sys, "dead-process/1", time.Millisecond); err != nil {
			t.Fatal(err)
		}
		startPool(t, q, 1, jobs.Handlers{"k": func(ctx context.Context, j *scrutineer.Job) error { return nil }}, nil)
		got := waitForJob(t, q, j.ID, scrutineer.JobDone)
		if got.Attempts != 2 {
			t.Fatalf("attempts %d, want 2", got.Attempts)
		}
	})
}
