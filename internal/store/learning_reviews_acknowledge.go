package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// errAlreadyAcknowledged ends an acknowledgement's transaction without a change when
// another server (or an earlier run) sent it first.
var errAlreadyAcknowledged = errors.New("already acknowledged")

// Acknowledge emails the committee's officers an acknowledgement of every review
// whose decision or outcome notification has not been acknowledged yet, and
// returns how many it acknowledged. Callers: the service itself
// (auth.SystemContext), from the periodic job.
//
// NOTE: each acknowledgement inserts its review_reminders row (unique per review
// and step) in the same transaction as its emails, so it is sent exactly once even
// when two servers run the job at the same time: the second insert conflicts and
// that transaction ends without an email.
func (s *ReviewRegulator) Acknowledge(ctx context.Context) (int, error) {
	if !auth.IsSystemContext(ctx) {
		return 0, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT r.id FROM learning_reviews r WHERE r.status IN ($1, $2) AND NOT EXISTS (
		SELECT 1 FROM review_reminders m WHERE m.review_id = r.id AND m.deadline = $3 AND m.kind = r.status) ORDER BY r.updated_at LIMIT 200`,
		string(scrutineer.ReviewDecisionNotified), string(scrutineer.ReviewOutcomeNotified), ackDeadline)
	if err != nil {
		return 0, fmt.Errorf("reviews to acknowledge: %w", err)
	}
	ids, err := collect(rows, func(rs scanner) (string, error) {
		var id string
		return id, rs.Scan(&id)
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		_, err := s.reviews.change(ctx, id, scrutineer.ByRegulator, "", "learning_review.acknowledge", func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
			return s.acknowledgeTx(ctx, tx, r)
		})
		switch {
		case errors.Is(err, errAlreadyAcknowledged):
		case err != nil:
			return n, err
		default:
			n++
		}
	}
	return n, nil
}

// acknowledgeTx records and sends the acknowledgement of r's current step in tx.
func (s *ReviewRegulator) acknowledgeTx(ctx context.Context, tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
	if r.Status != scrutineer.ReviewDecisionNotified && r.Status != scrutineer.ReviewOutcomeNotified {
		return "", errAlreadyAcknowledged // moved on since it was listed
	}
	now := s.db.Now()
	res, err := tx.ExecContext(ctx, `INSERT INTO review_reminders (review_id, deadline, kind, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
		r.ID, ackDeadline, string(r.Status), Time{now})
	if err != nil {
		return "", fmt.Errorf("record acknowledgement: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return "", errAlreadyAcknowledged
	}
	officers, err := recipients(ctx, tx, scrutineer.RoleCommitteeOfficer, r.CommitteeID)
	if err != nil {
		return "", err
	}
	for _, o := range officers {
		if _, err := s.jobs.EnqueueEmailTx(ctx, tx, s.acknowledgementEmail(r, o[0], o[1], now)); err != nil {
			return "", err
		}
	}
	r.AcknowledgedAt = now
	return fmt.Sprintf("Acknowledgement of %s sent to %d committee officers.", r.Status, len(officers)), nil
}
