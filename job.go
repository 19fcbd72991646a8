package scrutineer

import (
	"context"
	"encoding/json"
	"net/mail"
	"strings"
	"time"
)

// JobStatus is where a background job is in its life.
type JobStatus string

// The states of a job. A queued job waits for its RunAfter time; a running one is
// leased to one worker; a done one succeeded; a failed one used up its attempts (or
// failed in a way no retry can fix) and waits for an administrator.
const (
	JobQueued  JobStatus = "queued"
	JobRunning JobStatus = "running"
	JobDone    JobStatus = "done"
	JobFailed  JobStatus = "failed"
)

// JobStatuses lists every status in the order they are shown.
var JobStatuses = []JobStatus{JobQueued, JobRunning, JobDone, JobFailed}

// Valid reports whether s is a known status.
func (s JobStatus) Valid() bool {
	for _, v := range JobStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// Label is the status in plain English.
func (s JobStatus) Label() string {
	switch s {
	case JobQueued:
		return "Waiting"
	case JobRunning:
		return "Running"
	case JobDone:
		return "Done"
	case JobFailed:
		return "Failed"
	}
	return string(s)
}

// Job kinds. Each kind has one handler in the worker pool.
const (
	// JobSendEmail sends (or keeps, without SMTP) one OutboxEmail; its payload is
	// EmailJobPayload.
	JobSendEmail = "send_email"
)

// DefaultJobMaxAttempts is how many times a job is tried before it fails for good.
const DefaultJobMaxAttempts = 8

// Job is one piece of background work in the outbox. Payload is JSON that the
// handler of Kind understands; it must not hold personal data, which stays in the
// records the payload points at. LastError never holds personal data either.
type Job struct {
	ID          string
	Kind        string
	Payload     json.RawMessage
	Status      JobStatus
	Attempts    int
	MaxAttempts int
	RunAfter    time.Time // a queued job is not started before this
	LastError   string
	WorkerID    string    // the worker holding the lease while running
	LockedUntil time.Time // the lease: after this another worker may take the job
	CreatedAt   time.Time
	UpdatedAt   time.Time
	FinishedAt  time.Time // when it was done or failed for good
}

// NewJob returns a queued job of kind with payload marshalled to JSON.
func NewJob(kind string, payload any) (*Job, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, Errorf(EINVALID, "The job payload cannot be written as JSON.")
	}
	return &Job{Kind: kind, Payload: b, Status: JobQueued, MaxAttempts: DefaultJobMaxAttempts}, nil
}

// Validate checks a job before it is queued.
func (j *Job) Validate() error {
	var p Problems
	if strings.TrimSpace(j.Kind) == "" {
		p.Add("kind", "Give the kind of job")
	}
	if len(j.Payload) > 0 && !json.Valid(j.Payload) {
		p.Add("payload", "The payload must be JSON")
	}
	if j.MaxAttempts < 0 || j.MaxAttempts > 100 {
		p.Add("max_attempts", "Maximum attempts must be from 1 to 100")
	}
	return p.Err("Check the job.")
}

// JobFilter narrows the admin list of jobs. Zero fields match everything; Limit 0
// means a sensible page size.
type JobFilter struct {
	Status JobStatus
	Limit  int
	Offset int
}

// JobCounts holds how many jobs are in each status.
type JobCounts map[JobStatus]int

// Email is one message to one person. Text is the plain-text body every message
// has; HTML is an optional alternative.
type Email struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Validate checks an email before it is queued.
func (e *Email) Validate() error {
	var p Problems
	if a, err := mail.ParseAddress(e.To); err != nil || a.Address != strings.TrimSpace(e.To) {
		p.Add("to", "Enter one email address, like name@example.org")
	}
	if strings.TrimSpace(e.Subject) == "" {
		p.Add("subject", "Enter a subject")
	} else if strings.ContainsAny(e.Subject, "\r\n") {
		p.Add("subject", "The subject must be one line")
	}
	if strings.TrimSpace(e.Text) == "" {
		p.Add("text", "Enter the message")
	}
	return p.Err("Check the email.")
}

// Email statuses on the outbox page.
const (
	EmailQueued = "queued" // waiting for its job to run
	EmailSent   = "sent"   // handed to the SMTP server
	EmailKept   = "kept"   // no SMTP server is set: kept for the outbox page only
)

// OutboxEmail is an email as the outbox keeps it, with the state of its job.
type OutboxEmail struct {
	Email
	ID        string
	JobID     string
	Status    string    // EmailQueued, EmailSent or EmailKept
	JobStatus JobStatus // of the job that sends it; "" once the job is pruned
	CreatedAt time.Time
	SentAt    time.Time // when it was sent or kept
}

// EmailJobPayload is the payload of a JobSendEmail job: it points at the email so
// that the jobs table holds no personal data.
type EmailJobPayload struct {
	EmailID string `json:"email_id"`
}

// EmailFilter narrows the outbox list. Zero fields match everything.
type EmailFilter struct {
	Status string
	Limit  int
	Offset int
}

// JobService is the outbox: background work written in the same transaction as the
// change that causes it, run by a worker pool. Store methods that cause side effects
// write their jobs in their own transaction; these methods are for the service itself
// and for administrators.
type JobService interface {
	// EnqueueJob queues a job. Callers: the service itself (auth.SystemContext) or an
	// administrator. EINVALID for a bad job.
	EnqueueJob(ctx context.Context, j *Job) error
	// EnqueueEmail queues an email to be sent (or kept, without SMTP) and returns its
	// outbox ID. Callers as EnqueueJob. EINVALID for a bad email.
	EnqueueEmail(ctx context.Context, e *Email) (string, error)
	// FindJobs lists jobs, newest first. Administrators only; others ENOTFOUND.
	FindJobs(ctx context.Context, f JobFilter) ([]*Job, error)
	// CountJobs returns how many jobs are in each status. Administrators only.
	CountJobs(ctx context.Context) (JobCounts, error)
	// RetryJob queues a failed job again with a fresh set of attempts.
	// Administrators only; ENOTFOUND for an unknown job, ECONFLICT unless it failed.
	RetryJob(ctx context.Context, id string) error
	// FindEmails lists the outbox, newest first. Administrators only.
	FindEmails(ctx context.Context, f EmailFilter) ([]*OutboxEmail, error)
	// FindEmailByID returns one outbox email. Administrators only; ENOTFOUND.
	FindEmailByID(ctx context.Context, id string) (*OutboxEmail, error)
}
