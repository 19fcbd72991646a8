package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// Following a full review while it is in progress: starting it, interim updates and
// completion (docs/decisions/0103-learning-review-outcome.md). Every change goes
// through s.change, which authorises the committee, checks the lifecycle and audits.

// StartReview moves a full review from decision notified to in progress. Callers:
// the review's committee officers; others ENOTFOUND. ECONFLICT when the lifecycle
// does not allow it (an alternative approach, or a review already started).
func (s *LearningReviews) StartReview(ctx context.Context, id string) (*scrutineer.LearningReview, error) {
	return s.change(ctx, id, scrutineer.ByCommittee, scrutineer.ReviewInProgress, "learning_review.start",
		func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
			return "Review started.", nil
		})
}

// AddUpdate records an interim update of a review in progress and sets the review's
// expected completion date and pause flag from it (a pause for criminal proceedings
// or a fatal accident inquiry is a flag, not a state). Free text is kept as given;
// the audit names codes only. Callers: the review's committee officers. EINVALID
// with field problems; ECONFLICT unless the review is in progress.
func (s *LearningReviews) AddUpdate(ctx context.Context, id string, u *scrutineer.ReviewUpdate) (*scrutineer.LearningReview, error) {
	u.ReviewTeam, u.ExpectedCompletionOn = strings.TrimSpace(u.ReviewTeam), strings.TrimSpace(u.ExpectedCompletionOn)
	u.PausedFor, u.DelayReasons = strings.TrimSpace(u.PausedFor), strings.TrimSpace(u.DelayReasons)
	return s.change(ctx, id, scrutineer.ByCommittee, "", "learning_review.update_progress",
		func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
			if r.Status != scrutineer.ReviewInProgress {
				return "", scrutineer.Errorf(scrutineer.ECONFLICT, "Updates can be given only while the review is in progress.")
			}
			now := s.db.Now()
			if err := u.Validate(scrutineer.Today(now)); err != nil {
				return "", err
			}
			u.ID, u.ReviewID, u.CreatedBy, u.CreatedAt = NewID(), r.ID, scrutineer.UserFromContext(ctx).ID, now
			if _, err := tx.ExecContext(ctx, `INSERT INTO learning_review_updates (id, review_id, review_team, expected_completion_on, paused_for, delay_reasons, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				u.ID, u.ReviewID, u.ReviewTeam, u.ExpectedCompletionOn, u.PausedFor, u.DelayReasons, u.CreatedBy, Time{now}); err != nil {
				return "", fmt.Errorf("insert review update: %w", err)
			}
			r.ExpectedCompletionOn, r.PausedFor = u.ExpectedCompletionOn, u.PausedFor
			if u.DelayReasons != "" {
				r.DelayReasons = u.DelayReasons
			}
			pause := "not paused"
			if u.PausedFor != "" {
				pause = "paused: " + u.PausedFor
			}
			return fmt.Sprintf("Update given: expected completion %s, %s.", u.ExpectedCompletionOn, pause), nil
		})
}

// Complete records that a review in progress was completed on completedOn: status
// completed. Callers: the review's committee officers. EINVALID for a date that is
// not real, in the future or before the decision; ECONFLICT unless in progress.
func (s *LearningReviews) Complete(ctx context.Context, id, completedOn string) (*scrutineer.LearningReview, error) {
	completedOn = strings.TrimSpace(completedOn)
	return s.change(ctx, id, scrutineer.ByCommittee, scrutineer.ReviewCompleted, "learning_review.complete",
		func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
			if err := r.CheckMove(scrutineer.ReviewCompleted, scrutineer.ByCommittee); err != nil {
				return "", err
			}
			if err := r.ValidateCompletion(completedOn, scrutineer.Today(s.db.Now())); err != nil {
				return "", err
			}
			r.CompletedOn, r.PausedFor = completedOn, ""
			return "Review completed on " + completedOn + ".", nil
		})
}

// ListUpdates returns a review's interim updates, oldest first. Callers: whoever may
// see the review; others ENOTFOUND.
func (s *LearningReviews) ListUpdates(ctx context.Context, id string) ([]*scrutineer.ReviewUpdate, error) {
	if _, err := s.findAccess(ctx, id); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, review_id, review_team, expected_completion_on, paused_for, delay_reasons, created_by, created_at
		FROM learning_review_updates WHERE review_id = $1 ORDER BY created_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("list review updates: %w", err)
	}
	return collect(rows, func(rs scanner) (*scrutineer.ReviewUpdate, error) {
		u := &scrutineer.ReviewUpdate{}
		var at Time
		err := rs.Scan(&u.ID, &u.ReviewID, &u.ReviewTeam, &u.ExpectedCompletionOn, &u.PausedFor, &u.DelayReasons, &u.CreatedBy, &at)
		u.CreatedAt = at.Time
		return u, err
	})
}
