package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
)

// setLinks replaces the links of r with ids inside tx. A review may be linked only
// to reviews of its own committee that the caller may see; any other id answers
// ENOTFOUND, as if it did not exist, so links cannot probe for other committees'
// reviews (docs/decisions/0102-learning-review-notification.md).
func (s *LearningReviews) setLinks(ctx context.Context, tx *sql.Tx, r *scrutineer.LearningReview, ids []string) error {
	for _, id := range ids {
		other, err := scanReview(tx.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM learning_reviews r WHERE r.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (other.CommitteeID != r.CommitteeID || mayViewReview(ctx, other) != nil)) {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "A review to link to was not found among your committee's reviews.")
		}
		if err != nil {
			return fmt.Errorf("find linked review: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM learning_review_links WHERE review_id = $1`, r.ID); err != nil {
		return fmt.Errorf("clear learning review links: %w", err)
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO learning_review_links (review_id, linked_review_id) VALUES ($1, $2)`, r.ID, id); err != nil {
			return fmt.Errorf("link learning review: %w", err)
		}
	}
	return nil
}

// reasonsCheckDetail is the audit's note of the personal-data check of the reasons:
// counts only, never the text or what was found in it.
func reasonsCheckDetail(c *scrutineer.ReasonsCheck) string {
	if c == nil {
		return ""
	}
	confirmed := len(c.Findings) - len(c.Unconfirmed())
	return fmt.Sprintf(" Personal-data check of the reasons: %d found, %d confirmed not personal data.", len(c.Findings), confirmed)
}

// createNotification writes the notification fields and links of a new draft r
// inside the transaction that inserted it.
func (s *LearningReviews) createNotification(ctx context.Context, tx *sql.Tx, r *scrutineer.LearningReview) error {
	_, err := tx.ExecContext(ctx, `UPDATE learning_reviews SET disability = $2, ethnicity = $3, legal_status = $4, protection_status = $5,
		harm_nature = $6, criteria_set = $7, criteria = $8, info_requested_on = $9, info_returned_on = $10, parallel_processes = $11,
		planned_method = $12 WHERE id = $1`,
		r.ID, r.Disability, r.Ethnicity, r.LegalStatus, r.ProtectionStatus, r.HarmNature, r.CriteriaSet, joinCodes(r.Criteria),
		r.InfoRequestedOn, r.InfoReturnedOn, joinCodes(r.ParallelProcesses), r.PlannedMethod)
	if err != nil {
		return fmt.Errorf("insert learning review notification: %w", err)
	}
	return s.setLinks(ctx, tx, r, r.LinkedReviewIDs)
}
