// Package jobs runs the outbox: a pool of workers that claims background jobs from
// the store, runs each with the handler registered for its kind, and reports success
// or failure so the store can retry with backoff. It also sends email (SMTP, or kept
// for the admin outbox page when no SMTP server is set) and exposes Prometheus
// metrics.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/scrutineer/scrutineer"
)

// Handler runs one job. It gets a context that carries auth.SystemContext and ends
// at the pool's timeout. It returns nil when the work is done, a Permanent error when
// retrying cannot help, and any other error to be tried again later. A job may run
// more than once (a worker may crash after the work but before reporting), so a
// handler must be safe to repeat.
type Handler func(ctx context.Context, job *scrutineer.Job) error

// Handlers maps job kinds to their handlers.
type Handlers map[string]Handler

// Queue is the store side of the outbox that the pool needs; *store.Jobs
// implements it. Every method is called with auth.SystemContext.
type Queue interface {
	Claim(ctx context.Context, workerID string, lease time.Duration) (*scrutineer.Job, error)
	Complete(ctx context.Context, id, workerID string) error
	Fail(ctx context.Context, id, workerID, message string, permanent bool) (scrutineer.JobStatus, error)
	Release(ctx context.Context, id, workerID string) error
	ReapExpired(ctx context.Context) (int, error)
	Prune(ctx context.Context, before time.Time) (jobs, emails int, err error)
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as one that no retry can fix, so the job fails at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsPermanent reports whether err was marked Permanent, or is a domain error saying
// the input is wrong or the record is gone (EINVALID, ENOTFOUND).
func IsPermanent(err error) bool {
	var p *permanentError
	if errors.As(err, &p) {
		return true
	}
	var e *scrutineer.Error
	if errors.As(err, &e) {
		return e.Code == scrutineer.EINVALID || e.Code == scrutineer.ENOTFOUND
	}
	return false
}

// emailAddress finds anything that looks like an email address in an error.
var emailAddress = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+`)

// maxErrorLength bounds the error kept on a job.
const maxErrorLength = 500

// safeMessage turns a handler's error into text fit for the jobs table, the admin
// page and the logs: email addresses are removed (SMTP servers like to quote them)
// and the text is cut to a readable length.
func safeMessage(err error) string {
	msg := err.Error()
	var e *scrutineer.Error
	if errors.As(err, &e) && e.Code != scrutineer.EINTERNAL {
		msg = e.Message
	}
	msg = emailAddress.ReplaceAllString(msg, "[email address]")
	if len(msg) > maxErrorLength {
		msg = msg[:maxErrorLength] + "..."
	}
	return msg
}

// call runs h, turning a panic into an error so one bad job cannot stop the pool.
func call(ctx context.Context, h Handler, job *scrutineer.Job) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("the job stopped unexpectedly (panic: %v)", v)
		}
	}()
	return h(ctx, job)
}
