package scrutineer

import "context"

// JobService is the outbox: background work written in the same transaction as the
// change that causes it, run by a worker pool.
type JobService interface {
	// CountFailedJobs returns how many jobs have failed for good, for the admin page.
	CountFailedJobs(ctx context.Context) (int, error)
}
