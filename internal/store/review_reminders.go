package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// overdueCatchUp is how long after a deadline passed an overdue reminder is still
// sent. NOTE: the reminder is meant for the day after; the window lets a run missed
// while the service was down catch up, without emailing every committee about years
// of old deadlines the day this feature is switched on.
const overdueCatchUp = 7

// Reminder kinds (review_reminders.kind).
const (
	ReminderBefore  = "before"
	ReminderOverdue = "overdue"
)

// SendReminders emails the officers of each review's committee, through the outbox,
// about deadlines not yet met: once when a deadline is reminder_before days away or
// nearer, and once when it has passed. Each reminder is recorded in
// review_reminders in the transaction that queues its emails; a reminder already
// recorded (by an earlier run, or another server now) is skipped, so none is sent
// twice. It returns how many reminders it recorded. Callers: the service (the
// reminders job).
func (s *ReviewDeadlines) SendReminders(ctx context.Context) (int, error) {
	if err := auth.Authorise(ctx, auth.ManageJobs, auth.Resource{}); err != nil {
		return 0, err
	}
	days, err := serviceLevels(ctx, s.db.read)
	if err != nil {
		return 0, err
	}
	reviews, _, err := notDraft(ctx, s.db.read)
	if err != nil {
		return 0, err
	}
	today := scrutineer.Today(s.db.Now())
	todayISO := today.Format(time.DateOnly)
	soon := today.AddDate(0, 0, days["reminder_before"]).Format(time.DateOnly)
	sent := 0
	for _, r := range reviews {
		if r.Status == scrutineer.ReviewClosed {
			continue
		}
		for _, d := range r.Deadlines(days, today) {
			kind := ""
			switch {
			case d.MetOn != "":
			case d.DueOn < todayISO && daysBetween(d.DueOn, todayISO) <= overdueCatchUp:
				kind = ReminderOverdue
			case d.DueOn >= todayISO && d.DueOn <= soon:
				kind = ReminderBefore
			}
			if kind == "" {
				continue
			}
			ok, err := s.remind(ctx, r, d, kind)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
	return sent, nil
}

// remind records one reminder and queues its emails in one transaction; false when
// it was already recorded.
func (s *ReviewDeadlines) remind(ctx context.Context, r *scrutineer.LearningReview, d scrutineer.ReviewDeadline, kind string) (bool, error) {
	done := false
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO review_reminders (review_id, deadline, kind, sent_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (review_id, deadline, kind) DO NOTHING`, r.ID, d.Code, kind, Time{s.db.Now()})
		if err != nil {
			return fmt.Errorf("record reminder: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT u.email FROM users u JOIN user_roles ur ON ur.user_id = u.id
			WHERE u.organisation_id = $1 AND u.active AND ur.role = $2 ORDER BY u.email`, r.CommitteeID, string(scrutineer.RoleCommitteeOfficer))
		if err != nil {
			return fmt.Errorf("committee officers: %w", err)
		}
		emails, err := collect(rows, func(rs scanner) (string, error) {
			var e string
			return e, rs.Scan(&e)
		})
		if err != nil {
			return fmt.Errorf("committee officers: %w", err)
		}
		for _, to := range emails {
			if _, err := s.jobs.EnqueueEmailTx(ctx, tx, s.reminderEmail(r, d, kind, to)); err != nil {
				return err
			}
		}
		done = true
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "review_reminder.send", TargetType: "learning_review", TargetID: r.ID, OrganisationID: r.CommitteeID,
			Detail: fmt.Sprintf("Deadline %s: %s reminder to %d officers.", d.Code, kind, len(emails)),
		})
	})
	return done, err
}

// reminderEmail is the email of one reminder: the review by its short reference and
// the deadline, never anything about the person.
func (s *ReviewDeadlines) reminderEmail(r *scrutineer.LearningReview, d scrutineer.ReviewDeadline, kind, to string) *scrutineer.Email {
	ref := r.ID
	if len(ref) > 8 {
		ref = ref[:8]
	}
	due := d.DueOn
	if t, err := time.Parse(time.DateOnly, d.DueOn); err == nil {
		due = t.Format("2 January 2006")
	}
	what := fmt.Sprintf("%s is due on %s.", d.Label, due)
	subject := fmt.Sprintf("Learning review %s: due on %s", ref, due)
	if kind == ReminderOverdue {
		what = fmt.Sprintf("%s was due on %s and has not been received.", d.Label, due)
		subject = fmt.Sprintf("Learning review %s: overdue since %s", ref, due)
	}
	link := s.baseURL + "/learning-reviews/" + r.ID
	return &scrutineer.Email{To: to, Subject: subject, Text: "Hello,\n\nThis is a reminder about learning review " + ref + ".\n\n" + what +
		"\n\nOpen the review to see what is needed:\n" + link + "\n\nThe learning review repository\n"}
}
