package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Emails are kept in their own table, not in job payloads, so that the jobs table
// and its admin page hold no personal data. The outbox page reads them from here.

const emailColumns = `e.id, COALESCE(e.job_id, ''), e.recipient, e.subject, e.body_text, e.body_html, e.status, COALESCE(j.status, ''), e.created_at, e.sent_at`

const emailFrom = ` FROM emails e LEFT JOIN jobs j ON j.id = e.job_id `

func scanEmail(row scanner) (*scrutineer.OutboxEmail, error) {
	var e scrutineer.OutboxEmail
	var jobStatus string
	var created, sent Time
	if err := row.Scan(&e.ID, &e.JobID, &e.To, &e.Subject, &e.Text, &e.HTML, &e.Status, &jobStatus, &created, &sent); err != nil {
		return nil, err
	}
	e.JobStatus = scrutineer.JobStatus(jobStatus)
	e.CreatedAt, e.SentAt = created.Time, sent.Time
	return &e, nil
}

// EnqueueEmailTx keeps the email in the outbox and queues the job that sends it,
// both inside tx, the transaction of the change that causes the email. It returns the
// outbox ID. Callers are store methods that have already authorised their caller.
// EINVALID for a bad email.
func (s *Jobs) EnqueueEmailTx(ctx context.Context, tx *sql.Tx, e *scrutineer.Email) (string, error) {
	e.To, e.Subject = strings.TrimSpace(e.To), strings.TrimSpace(e.Subject)
	if err := e.Validate(); err != nil {
		return "", err
	}
	id := NewID()
	job, err := scrutineer.NewJob(scrutineer.JobSendEmail, scrutineer.EmailJobPayload{EmailID: id})
	if err != nil {
		return "", err
	}
	job.ID = NewID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO emails (id, job_id, recipient, subject, body_text, body_html, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		id, job.ID, e.To, e.Subject, e.Text, e.HTML, scrutineer.EmailQueued, Time{s.db.Now()}); err != nil {
		return "", fmt.Errorf("insert email: %w", err)
	}
	if err := s.EnqueueTx(ctx, tx, job); err != nil {
		return "", err
	}
	return id, nil
}

// EnqueueEmail queues an email in a transaction of its own and records it in the
// audit trail ("email.queue"). Callers: the service itself (auth.SystemContext) or an
// administrator. EINVALID for a bad email.
func (s *Jobs) EnqueueEmail(ctx context.Context, e *scrutineer.Email) (string, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return "", err
	}
	var id string
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = s.EnqueueEmailTx(ctx, tx, e); err != nil {
			return err
		}
		return s.audit(ctx, tx, "email.queue", "email", id, "Queued an email to send.")
	})
	if err == nil {
		s.wake() // as in EnqueueJob: the job is visible to other connections only now
	}
	return id, err
}

// FindEmails lists the outbox, newest first, optionally of one status.
// Administrators only; others get ENOTFOUND.
func (s *Jobs) FindEmails(ctx context.Context, f scrutineer.EmailFilter) ([]*scrutineer.OutboxEmail, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return nil, err
	}
	limit, offset := pageOf(f.Limit, f.Offset)
	where, args := "", []any{limit, offset}
	if f.Status != "" {
		where, args = "WHERE e.status = $3", append(args, f.Status)
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+emailColumns+emailFrom+where+` ORDER BY e.created_at DESC, e.id DESC LIMIT $1 OFFSET $2`, args...)
	if err != nil {
		return nil, fmt.Errorf("find emails: %w", err)
	}
	out, err := collect(rows, scanEmail)
	if err != nil {
		return nil, fmt.Errorf("scan email: %w", err)
	}
	return out, nil
}

// FindEmailByID returns one outbox email. Administrators and the service itself
// only; ENOTFOUND for an unknown email. An email holds personal data (its recipient
// and body), so a person reading it is recorded in the audit trail ("email.view")
// before it is returned; the service reading it to send it is not, because MarkEmail
// records the sending.
func (s *Jobs) FindEmailByID(ctx context.Context, id string) (*scrutineer.OutboxEmail, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return nil, err
	}
	e, err := scanEmail(s.db.read.QueryRowContext(ctx, `SELECT `+emailColumns+emailFrom+`WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "No such email.")
	}
	if err != nil {
		return nil, fmt.Errorf("find email: %w", err)
	}
	if scrutineer.UserFromContext(ctx) != nil {
		err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
			return s.audit(ctx, tx, "email.view", "email", e.ID, "Read an email in the outbox.")
		})
		if err != nil {
			return nil, err
		}
	}
	return e, nil
}

// MarkEmail records that an email was sent (EmailSent) or kept for the outbox page
// (EmailKept), in the emails table and in the audit trail ("email.sent" or
// "email.kept"). The service itself only. ENOTFOUND for an unknown email; EINVALID
// for another status.
func (s *Jobs) MarkEmail(ctx context.Context, id, status string) error {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return err
	}
	if status != scrutineer.EmailSent && status != scrutineer.EmailKept {
		return scrutineer.Errorf(scrutineer.EINVALID, "An email can only be marked sent or kept.")
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE emails SET status = $1, sent_at = $2 WHERE id = $3`, status, Time{s.db.Now()}, id)
		if err != nil {
			return fmt.Errorf("mark email: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "No such email.")
		}
		detail := "Sent the email."
		if status == scrutineer.EmailKept {
			detail = "Kept the email for the outbox page: no mail server is set."
		}
		return s.audit(ctx, tx, "email."+status, "email", id, detail)
	})
}
