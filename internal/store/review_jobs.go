package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// ScheduleRun queues one run of a periodic job of kind at the start of the slot of
// length every that holds at (at rounded down). The job's id names its kind and
// slot, so every server may schedule the same run and only one job is kept
// (INSERT ... ON CONFLICT DO NOTHING): a periodic job never doubles, however many
// servers start. It reports whether this call queued it. Callers: the service.
func (s *Jobs) ScheduleRun(ctx context.Context, kind string, at time.Time, every time.Duration) (bool, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return false, err
	}
	slot := at.UTC().Truncate(every)
	id := kind + "@" + slot.Format(time.RFC3339)
	queued := false
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		now := s.db.Now()
		res, err := tx.ExecContext(ctx, `INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_after, created_at, updated_at)
			VALUES ($1, $2, '{}', $3, 0, $4, $5, $6, $6) ON CONFLICT (id) DO NOTHING`,
			id, kind, string(scrutineer.JobQueued), 3, Time{slot}, Time{now})
		if err != nil {
			return fmt.Errorf("schedule %s: %w", kind, err)
		}
		n, err := res.RowsAffected()
		queued = n > 0
		return err
	})
	if queued {
		s.wake()
	}
	return queued, err
}
