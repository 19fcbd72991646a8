package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Jobs is the outbox: the jobs table, its worker-side operations (jobs_worker.go) and
// the kept and sent emails (emails.go). It implements scrutineer.JobService.
type Jobs struct {
	db *DB
	// RetryBase and RetryCap shape the backoff between attempts (see Backoff).
	RetryBase time.Duration
	RetryCap  time.Duration
	notify    atomic.Pointer[func()]
}

// NewJobs returns the outbox store.
func NewJobs(db *DB) *Jobs {
	return &Jobs{db: db, RetryBase: 30 * time.Second, RetryCap: time.Hour}
}

var _ scrutineer.JobService = (*Jobs)(nil)

// OnEnqueue sets fn to be called after a job is queued or retried through this store,
// so that a worker pool in the same process can start it without waiting to poll.
func (s *Jobs) OnEnqueue(fn func()) { s.notify.Store(&fn) }

func (s *Jobs) wake() {
	if fn := s.notify.Load(); fn != nil && *fn != nil {
		(*fn)()
	}
}

// defaultJobLimit is the page size of FindJobs and FindEmails when none is given.
const defaultJobLimit = 50

const jobColumns = `id, kind, payload, status, attempts, max_attempts, run_after, last_error, worker_id, locked_until, created_at, updated_at, finished_at`

func scanJob(row scanner) (*scrutineer.Job, error) {
	var j scrutineer.Job
	var payload []byte
	var status string
	var runAfter, locked, created, updated, finished Time
	if err := row.Scan(&j.ID, &j.Kind, &payload, &status, &j.Attempts, &j.MaxAttempts, &runAfter, &j.LastError, &j.WorkerID, &locked, &created, &updated, &finished); err != nil {
		return nil, err
	}
	j.Payload = append([]byte(nil), payload...)
	j.Status = scrutineer.JobStatus(status)
	j.RunAfter, j.LockedUntil, j.CreatedAt, j.UpdatedAt, j.FinishedAt = runAfter.Time, locked.Time, created.Time, updated.Time, finished.Time
	return &j, nil
}

// EnqueueTx writes j to the jobs table inside tx, the transaction of the change that
// causes it, so the job exists exactly when the change does. It fills ID, Status,
// MaxAttempts, RunAfter and the timestamps when they are zero. Callers are store
// methods that have already authorised their caller; it checks no access itself.
//
// NOTE: a worker pool in this process is woken at once. On SQLite the claim waits for
// the writer connection and so sees the job once tx commits; on PostgreSQL a claim
// that runs before the commit misses it, and the next poll (a second later) takes it.
func (s *Jobs) EnqueueTx(ctx context.Context, tx *sql.Tx, j *scrutineer.Job) error {
	if err := j.Validate(); err != nil {
		return err
	}
	now := s.db.Now()
	if j.ID == "" {
		j.ID = NewID()
	}
	if j.MaxAttempts == 0 {
		j.MaxAttempts = scrutineer.DefaultJobMaxAttempts
	}
	if j.RunAfter.IsZero() {
		j.RunAfter = now
	}
	if len(j.Payload) == 0 {
		j.Payload = []byte("{}")
	}
	j.Status, j.Attempts, j.CreatedAt, j.UpdatedAt = scrutineer.JobQueued, 0, now, now
	_, err := tx.ExecContext(ctx, `INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_after, created_at, updated_at) VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $7)`,
		j.ID, j.Kind, string(j.Payload), string(j.Status), j.MaxAttempts, Time{j.RunAfter}, Time{now})
	if err != nil {
		return fmt.Errorf("insert job: %w", err)
	}
	s.wake()
	return nil
}

// EnqueueJob queues a job in a transaction of its own and records it in the audit
// trail ("job.queue"). Callers: the service itself (auth.SystemContext) or an
// administrator. EINVALID for a bad job.
func (s *Jobs) EnqueueJob(ctx context.Context, j *scrutineer.Job) error {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return err
	}
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := s.EnqueueTx(ctx, tx, j); err != nil {
			return err
		}
		return s.audit(ctx, tx, "job.queue", "job", j.ID, "Queued a job of kind "+j.Kind+".")
	})
	if err == nil {
		// NOTE: EnqueueTx woke the pool before the commit; on PostgreSQL its claim
		// may have missed the job, so wake it again now that the job is visible.
		s.wake()
	}
	return err
}

// audit records a change to a job or an email in the trail, inside tx. The detail
// names kinds and states, never recipients or contents.
func (s *Jobs) audit(ctx context.Context, tx *sql.Tx, action, targetType, id, detail string) error {
	return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{Action: action, TargetType: targetType, TargetID: id, Detail: detail})
}

// FindJobs lists jobs, newest first, optionally of one status. Administrators only;
// others get ENOTFOUND. EINVALID for an unknown status.
func (s *Jobs) FindJobs(ctx context.Context, f scrutineer.JobFilter) ([]*scrutineer.Job, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return nil, err
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Choose a status from the list.", Fields: map[string]string{"status": "Choose a status from the list"}}
	}
	limit, offset := pageOf(f.Limit, f.Offset)
	where, args := "", []any{limit, offset}
	if f.Status != "" {
		where, args = "WHERE status = $3", append(args, string(f.Status))
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs `+where+` ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`, args...)
	if err != nil {
		return nil, fmt.Errorf("find jobs: %w", err)
	}
	out, err := collect(rows, scanJob)
	if err != nil {
		return nil, fmt.Errorf("scan job: %w", err)
	}
	return out, nil
}

// pageOf bounds a page: at most 500 rows, 50 when none is asked for.
func pageOf(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = defaultJobLimit
	}
	if limit > 500 {
		limit = 500
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

// CountJobs returns how many jobs are in each status; every status is present, zero
// or not. Administrators and the service itself (for metrics) only.
func (s *Jobs) CountJobs(ctx context.Context) (scrutineer.JobCounts, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return nil, err
	}
	counts := scrutineer.JobCounts{}
	for _, st := range scrutineer.JobStatuses {
		counts[st] = 0
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT status, count(*) FROM jobs GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("count jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("count jobs: %w", err)
		}
		counts[scrutineer.JobStatus(st)] = n
	}
	return counts, rows.Err()
}

// FindJobByID returns one job. Administrators and the service itself only;
// ENOTFOUND for an unknown job.
func (s *Jobs) FindJobByID(ctx context.Context, id string) (*scrutineer.Job, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return nil, err
	}
	j, err := scanJob(s.db.read.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "No such job.")
	}
	if err != nil {
		return nil, fmt.Errorf("find job: %w", err)
	}
	return j, nil
}

// RetryJob queues a failed job again, now, with a fresh set of attempts; its last
// error stays for the record until the next attempt. The retry is recorded in the
// audit trail ("job.retry"). Administrators only; ENOTFOUND for an unknown job;
// ECONFLICT when the job has not failed.
func (s *Jobs) RetryJob(ctx context.Context, id string) error {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return err
	}
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM jobs WHERE id = $1`, id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "No such job.")
		}
		if err != nil {
			return fmt.Errorf("find job: %w", err)
		}
		if scrutineer.JobStatus(status) != scrutineer.JobFailed {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "Only a failed job can be tried again. This one is %s.", strings.ToLower(scrutineer.JobStatus(status).Label()))
		}
		now := Time{s.db.Now()}
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'queued', attempts = 0, run_after = $1, updated_at = $1, finished_at = NULL, worker_id = '', locked_until = NULL WHERE id = $2 AND status = 'failed'`, now, id)
		if err != nil {
			return fmt.Errorf("retry job: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "The job changed while you were looking at it. Try again.")
		}
		return s.audit(ctx, tx, "job.retry", "job", id, "Queued a failed job again.")
	})
	if err == nil {
		s.wake()
	}
	return err
}
