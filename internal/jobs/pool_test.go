package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/jobs"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

var sys = auth.SystemContext(context.Background())

// logBuffer collects log lines safely from many goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newQueue returns the outbox store with retries a few milliseconds apart.
func newQueue(db *store.DB) *store.Jobs {
	q := store.NewJobs(db)
	q.RetryBase, q.RetryCap = time.Millisecond, 5*time.Millisecond
	return q
}

// startPool starts a fast-polling pool that is stopped at the end of the test.
func startPool(t *testing.T, q *store.Jobs, n int, h jobs.Handlers, logs *logBuffer) *jobs.Pool {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	if logs != nil {
		logger = slog.New(slog.NewJSONHandler(logs, nil))
	}
	p := jobs.NewPool(q, logger, n, h)
	p.PollInterval, p.ReapInterval, p.Timeout = 10*time.Millisecond, 20*time.Millisecond, 5*time.Second
	if err := p.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		p.Stop(ctx)
	})
	return p
}

func enqueue(t *testing.T, q *store.Jobs, j *scrutineer.Job) *scrutineer.Job {
	t.Helper()
	if j.Payload == nil {
		j.Payload = []byte(`{}`)
	}
	if err := q.EnqueueJob(sys, j); err != nil {
		t.Fatal(err)
	}
	return j
}

// waitForJob waits until the job reaches status and returns it.
func waitForJob(t *testing.T, q *store.Jobs, id string, status scrutineer.JobStatus) *scrutineer.Job {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		j, err := q.FindJobByID(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status == status {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s is %s after 10s, want %s (attempts %d, error %q)", id, j.Status, status, j.Attempts, j.LastError)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestPoolsRunEveryJobOnce(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db)
		var mu sync.Mutex
		runs := map[string]int{}
		inFlight, most := 0, 0
		h := jobs.Handlers{"count": func(ctx context.Context, j *scrutineer.Job) error {
			mu.Lock()
			runs[j.ID]++
			inFlight++
			most = max(most, inFlight)
			mu.Unlock()
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			inFlight--
			mu.Unlock()
			return nil
		}}
		var ids []string
		for i := 0; i < 40; i++ {
			ids = append(ids, enqueue(t, q, &scrutineer.Job{Kind: "count"}).ID)
		}
		// Two pools on one database, as two server processes would be.
		startPool(t, q, 3, h, nil)
		startPool(t, newQueue(db), 3, h, nil)
		for _, id := range ids {
			waitForJob(t, q, id, scrutineer.JobDone)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids {
			if runs[id] != 1 {
				t.Fatalf("job %s ran %d times", id, runs[id])
			}
		}
		if most > 6 {
			t.Fatalf("%d jobs ran at once on 2 pools of 3", most)
		}
	})
}

func TestPoolRetriesThenFailsWithoutPersonalData(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db)
		var logs logBuffer
		h := jobs.Handlers{"flaky": func(ctx context.Context, j *scrutineer.Job) error {
			return errors.New("550 mailbox officer@example.org is full")
		}}
		startPool(t, q, 2, h, &logs)
		j := enqueue(t, q, &scrutineer.Job{Kind: "flaky", MaxAttempts: 3})
		got := waitForJob(t, q, j.ID, scrutineer.JobFailed)
		if got.Attempts != 3 || got.LastError != "550 mailbox [email address] is full" {
			t.Fatalf("failed job: attempts %d, error %q", got.Attempts, got.LastError)
		}
		// NOTE: the worker logs after recording the failure, so the line may come
		// a moment after the status.
		out := logs.String()
		for i := 0; i < 200 && !strings.Contains(out, "job failed for good"); i++ {
			time.Sleep(10 * time.Millisecond)
			out = logs.String()
		}
		if strings.Contains(out, "officer") {
			t.Fatalf("the logs hold personal data:\n%s", out)
		}
		if !strings.Contains(out, `"job_id":"`+j.ID+`"`) || !strings.Contains(out, `"kind":"flaky"`) || !strings.Contains(out, "job failed for good") {
			t.Fatalf("the logs do not name the job:\n%s", out)
		}
	})
}

func TestPoolFailsAtOnceWhenRetryCannotHelp(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db)
		startPool(t, q, 2, jobs.Handlers{
			"permanent": func(ctx context.Context, j *scrutineer.Job) error {
				return jobs.Permanent(errors.New("the payload names no record"))
			},
			"panics": func(ctx context.Context, j *scrutineer.Job) error { panic("index out of range") },
		}, nil)
		for _, tc := range []struct{ kind, message string }{
			{"permanent", "the payload names no record"},
			{"panics", "the job stopped unexpectedly (panic: index out of range)"},
			{"unknown", `no handler is registered for jobs of kind "unknown"`},
		} {
			attempts := 5
			if tc.kind == "panics" {
				attempts = 1 // a panic is an ordinary failure, retried like any other
			}
			j := enqueue(t, q, &scrutineer.Job{Kind: tc.kind, MaxAttempts: attempts})
			got := waitForJob(t, q, j.ID, scrutineer.JobFailed)
			if got.LastError != tc.message || (tc.kind != "panics" && got.Attempts != 1) {
				t.Errorf("%s: attempts %d, error %q", tc.kind, got.Attempts, got.LastError)
			}
		}
	})
}

func TestPoolTimesOutSlowJobs(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db)
		p := jobs.NewPool(q, nil, 1, jobs.Handlers{"slow": func(ctx context.Context, j *scrutineer.Job) error {
			<-ctx.Done()
			return ctx.Err()
		}})
		p.PollInterval, p.Timeout = 10*time.Millisecond, 50*time.Millisecond
		p.Start(context.Background())
		defer p.Stop(context.Background())
		j := enqueue(t, q, &scrutineer.Job{Kind: "slow", MaxAttempts: 1})
		got := waitForJob(t, q, j.ID, scrutineer.JobFailed)
		if !strings.HasPrefix(got.LastError, "the job took longer than 50ms") {
			t.Fatalf("error %q", got.LastError)
		}
	})
}
