package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// The methods in this file are the worker pool's side of the outbox. They are for the
// service itself (auth.SystemContext); the web never reaches them.

// leaseLost is the answer when a worker reports on a job it no longer holds.
var leaseLost = scrutineer.Errorf(scrutineer.ECONFLICT, "The job is no longer held by this worker.")

// expiredLeaseError is recorded on a job whose worker stopped without reporting.
const expiredLeaseError = "The worker stopped before finishing the job (its lease ran out)."

// Claim takes the oldest job that is due, marks it running under workerID until the
// lease ends, counts the attempt and returns it. ENOTFOUND when no job is due.
// Several processes may claim at once: each job goes to exactly one of them.
func (s *Jobs) Claim(ctx context.Context, workerID string, lease time.Duration) (*scrutineer.Job, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return nil, err
	}
	now := s.db.Now()
	j, err := scanJob(s.db.write.QueryRowContext(ctx, `UPDATE jobs SET status = 'running', attempts = attempts + 1, worker_id = $1, locked_until = $2, updated_at = $3
WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= $3 ORDER BY run_after, id LIMIT 1`+s.db.skipLocked()+`)
RETURNING `+jobColumns, workerID, Time{now.Add(lease)}, Time{now}))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "No job is due.")
	}
	if err != nil {
		return nil, fmt.Errorf("claim job: %w", err)
	}
	return j, nil
}

// Complete marks a job the worker holds as done. ECONFLICT when its lease was lost
// (it ran out and the job was reclaimed): the work was done twice, which handlers
// must allow for.
func (s *Jobs) Complete(ctx context.Context, id, workerID string) error {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'done', worker_id = '', locked_until = NULL, updated_at = $1, finished_at = $1 WHERE id = $2 AND status = 'running' AND worker_id = $3`,
			Time{s.db.Now()}, id, workerID)
		if err != nil {
			return fmt.Errorf("complete job: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return leaseLost
		}
		return nil
	})
}

// Fail records a failed attempt of a job the worker holds. message must hold no
// personal data. The job is queued again after a backoff, unless it has used up its
// attempts or permanent is set, when it fails for good. It returns the job's new
// status; ECONFLICT when the lease was lost.
func (s *Jobs) Fail(ctx context.Context, id, workerID, message string, permanent bool) (scrutineer.JobStatus, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return "", err
	}
	if len(message) > 1000 {
		message = message[:1000]
	}
	var status scrutineer.JobStatus
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var attempts, max int
		err := tx.QueryRowContext(ctx, `SELECT attempts, max_attempts FROM jobs WHERE id = $1 AND status = 'running' AND worker_id = $2`, id, workerID).Scan(&attempts, &max)
		if errors.Is(err, sql.ErrNoRows) {
			return leaseLost
		}
		if err != nil {
			return fmt.Errorf("fail job: %w", err)
		}
		now := s.db.Now()
		status = scrutineer.JobQueued
		runAfter, finished := Time{now.Add(s.Backoff(attempts))}, Time{}
		if permanent || attempts >= max {
			status, runAfter, finished = scrutineer.JobFailed, Time{now}, Time{now}
		}
		_, err = tx.ExecContext(ctx, `UPDATE jobs SET status = $1, run_after = $2, finished_at = $3, last_error = $4, worker_id = '', locked_until = NULL, updated_at = $5 WHERE id = $6 AND worker_id = $7`,
			string(status), runAfter, finished, message, Time{now}, id, workerID)
		if err != nil {
			return fmt.Errorf("fail job: %w", err)
		}
		return nil
	})
	return status, err
}

// Release gives a job back without counting the attempt, for a worker that is
// stopping before the job could finish. ECONFLICT when the lease was lost.
func (s *Jobs) Release(ctx context.Context, id, workerID string) error {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		now := Time{s.db.Now()}
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'queued', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, run_after = $1, worker_id = '', locked_until = NULL, updated_at = $1 WHERE id = $2 AND status = 'running' AND worker_id = $3`,
			now, id, workerID)
		if err != nil {
			return fmt.Errorf("release job: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return leaseLost
		}
		return nil
	})
}

// ReapExpired takes back running jobs whose lease has ended, because their worker
// crashed or lost the database: each is queued to run again now, or fails for good
// when it has used up its attempts. It returns how many jobs it took back.
func (s *Jobs) ReapExpired(ctx context.Context) (int, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		now := Time{s.db.Now()}
		// NOTE: two statements rather than one with CASE, because PostgreSQL cannot
		// infer the type of a parameter that only appears inside a CASE.
		for _, q := range []string{
			`UPDATE jobs SET status = 'failed', finished_at = $1, last_error = $2, worker_id = '', locked_until = NULL, updated_at = $1 WHERE status = 'running' AND locked_until < $1 AND attempts >= max_attempts`,
			`UPDATE jobs SET status = 'queued', run_after = $1, last_error = $2, worker_id = '', locked_until = NULL, updated_at = $1 WHERE status = 'running' AND locked_until < $1`,
		} {
			res, err := tx.ExecContext(ctx, q, now, expiredLeaseError)
			if err != nil {
				return fmt.Errorf("reap jobs: %w", err)
			}
			m, _ := res.RowsAffected()
			n += m
		}
		return nil
	})
	return int(n), err
}

// Prune deletes jobs that were done before the cutoff, and outbox emails sent or kept
// before it, and records how many in the audit trail ("outbox.prune"). Failed jobs
// stay until an administrator has dealt with them.
func (s *Jobs) Prune(ctx context.Context, before time.Time) (jobs, emails int, err error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return 0, 0, err
	}
	err = s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM jobs WHERE status = 'done' AND finished_at < $1`, Time{before})
		if err != nil {
			return fmt.Errorf("prune jobs: %w", err)
		}
		nj, _ := res.RowsAffected()
		res, err = tx.ExecContext(ctx, `DELETE FROM emails WHERE status IN ('sent', 'kept') AND sent_at < $1`, Time{before})
		if err != nil {
			return fmt.Errorf("prune emails: %w", err)
		}
		ne, _ := res.RowsAffected()
		jobs, emails = int(nj), int(ne)
		if nj+ne == 0 {
			return nil
		}
		// NOTE: the removal of emails, which hold personal data, is kept on record
		// under the retention rules; a prune that removed nothing leaves no entry.
		return s.audit(ctx, tx, "outbox.prune", "", "",
			fmt.Sprintf("Removed %d finished jobs and %d sent or kept emails from before %s.", nj, ne, before.UTC().Format("2006-01-02T15:04Z")))
	})
	return jobs, emails, err
}

// Backoff is the wait before the next try after attempt failed: RetryBase doubled for
// each earlier attempt, capped at RetryCap, of which a random half is taken off
// ("equal jitter") so that jobs failing together do not all come back together.
func (s *Jobs) Backoff(attempt int) time.Duration {
	d := s.RetryCap
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 30 {
		if exp := s.RetryBase << (attempt - 1); exp > 0 && exp < d {
			d = exp
		}
	}
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
