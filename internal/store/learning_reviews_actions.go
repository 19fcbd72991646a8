package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// The action plan after the outcome: the committee updates each action's status as
// the work is done (docs/decisions/0103-learning-review-outcome.md).

const actionColumns = `id, review_id, COALESCE(recommendation_id, ''), position, action, owner, due_on, status, updated_at, version`

func scanAction(rs scanner) (*scrutineer.ReviewAction, error) {
	a := &scrutineer.ReviewAction{}
	var at Time
	err := rs.Scan(&a.ID, &a.ReviewID, &a.RecommendationID, &a.Position, &a.Action, &a.Owner, &a.DueOn, &a.Status, &at, &a.Version)
	a.UpdatedAt = at.Time
	return a, err
}

// UpdateAction sets the status of one action of a review's plan and returns it.
// Callers: the review's committee officers; others ENOTFOUND, as is an action of
// another review. EINVALID for an unknown status; ECONFLICT before the outcome has
// been notified, or when version is not 0 and the action has changed since.
// Audited on the review with the action's position and the new status code.
func (s *LearningReviews) UpdateAction(ctx context.Context, reviewID, actionID, status string, version int) (*scrutineer.ReviewAction, error) {
	status = strings.TrimSpace(status)
	var out *scrutineer.ReviewAction
	_, err := s.change(ctx, reviewID, scrutineer.ByCommittee, "", "learning_review.action",
		func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
			if r.OutcomeOn == "" {
				return "", scrutineer.Errorf(scrutineer.ECONFLICT, "The action plan can be updated once the outcome has been notified.")
			}
			a, err := scanAction(tx.QueryRowContext(ctx, `SELECT `+actionColumns+` FROM review_actions WHERE id = $1 AND review_id = $2`+s.db.forUpdate(), actionID, r.ID))
			if errors.Is(err, sql.ErrNoRows) {
				return "", scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
			}
			if err != nil {
				return "", fmt.Errorf("find action: %w", err)
			}
			if version != 0 && version != a.Version {
				return "", scrutineer.Errorf(scrutineer.ECONFLICT, "Someone else has changed this action since you opened it. Reload the page and try again.")
			}
			if err := scrutineer.ValidateActionStatus(status); err != nil {
				return "", err
			}
			from := a.Status
			a.Status, a.Version, a.UpdatedAt = status, a.Version+1, s.db.Now()
			if _, err := tx.ExecContext(ctx, `UPDATE review_actions SET status = $1, version = $2, updated_at = $3 WHERE id = $4`,
				a.Status, a.Version, Time{a.UpdatedAt}, a.ID); err != nil {
				return "", fmt.Errorf("update action: %w", err)
			}
			out = a
			return fmt.Sprintf("Action %d: %s to %s.", a.Position, from, status), nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}
