package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Update applies c to a draft review and returns it. Callers: the review's
// committee's officers (auth.EditCommitteeRecord); others get ENOTFOUND. EINVALID
// for a malformed field, ECONFLICT once the decision has been notified or when
// c.Version is given and stale.
func (s *LearningReviews) Update(ctx context.Context, id string, c *scrutineer.LearningReviewChanges) (*scrutineer.LearningReview, error) {
	var out *scrutineer.LearningReview
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		r, err := s.editable(ctx, tx, id, c.Version)
		if err != nil {
			return err
		}
		c.Apply(r)
		now := s.db.Now()
		if err := r.ValidateDraft(scrutineer.Today(now)); err != nil {
			return err
		}
		detail := ""
		if c.LinkedReviewIDs != nil {
			if err := s.setLinks(ctx, tx, r, r.LinkedReviewIDs); err != nil {
				return err
			}
			detail = fmt.Sprintf(" Linked to %d other reviews.", len(r.LinkedReviewIDs))
		}
		if err := s.save(ctx, tx, r, now); err != nil {
			return err
		}
		out = r
		return s.audit(ctx, tx, "learning_review.update", r, fmt.Sprintf("Draft saved as version %d.", r.Version)+detail)
	})
	if err != nil {
		return nil, err
	}
	return s.Find(ctx, out.ID)
}

// NotifyDecision checks the review and in against everything the contract needs,
// then records the decision: status decision_notified. Callers: the review's
// committee's officers; others get ENOTFOUND. EINVALID listing every missing or
// invalid field, ECONFLICT when the review is no longer a draft.
func (s *LearningReviews) NotifyDecision(ctx context.Context, id string, in scrutineer.ReviewDecisionInput) (*scrutineer.LearningReview, error) {
	return s.change(ctx, id, scrutineer.ByCommittee, scrutineer.ReviewDecisionNotified, "learning_review.decision",
		func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
			if r.Status != scrutineer.ReviewDraft {
				return "", scrutineer.Errorf(scrutineer.ECONFLICT, "The decision on this review has been notified, so its notification can no longer be changed.")
			}
			today := scrutineer.Today(s.db.Now())
			if err := r.ValidateDecision(in, today); err != nil {
				return "", err
			}
			r.Decision, r.DecidedOn, r.Reasons = strings.TrimSpace(in.Decision), strings.TrimSpace(in.DecidedOn), strings.TrimSpace(in.Reasons)
			r.NotifiedOn = today.Format("2006-01-02")
			return "Decision notified: " + r.Decision + "." + reasonsCheckDetail(in.Check), nil
		})
}

// editable loads a review inside tx, locked, for a change by its committee:
// ENOTFOUND when the caller may not edit it, ECONFLICT when it is no longer a draft
// or version (when not 0) is not its version.
func (s *LearningReviews) editable(ctx context.Context, tx *sql.Tx, id string, version int) (*scrutineer.LearningReview, error) {
	if scrutineer.UserFromContext(ctx) == nil {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	r, err := scanReview(tx.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM learning_reviews r WHERE r.id = $1`+s.db.forUpdate(), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find learning review: %w", err)
	}
	if err := auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: r.CommitteeID}); err != nil {
		return nil, err
	}
	if r.Status != scrutineer.ReviewDraft {
		return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "The decision on this review has been notified, so its notification can no longer be changed.")
	}
	if version != 0 && version != r.Version {
		return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "Someone else has changed this review since you opened it. Reload it and make your changes again.")
	}
	return r, nil
}

// save writes r's fields and status and moves it to its next version.
func (s *LearningReviews) save(ctx context.Context, tx *sql.Tx, r *scrutineer.LearningReview, now time.Time) error {
	r.Version++
	r.UpdatedAt = now
	var assignee any
	if r.AssigneeID != "" {
		assignee = r.AssigneeID
	}
	_, err := tx.ExecContext(ctx, `UPDATE learning_reviews SET status = $1, subject_type = $2, age_band = $3, sex = $4, event_type = $5, incident_on = $6,
		referral_on = $7, decision = $8, decided_on = $9, reasons = $10, updated_at = $11, version = $12,
		disability = $14, ethnicity = $15, legal_status = $16, protection_status = $17, harm_nature = $18, criteria_set = $19, criteria = $20,
		info_requested_on = $21, info_returned_on = $22, parallel_processes = $23, planned_method = $24, notified_on = $25,
		expected_completion_on = $26, paused_for = $27, completed_on = $28, ratified_on = $29, outcome_on = $30, methodology = $31,
		family_involvement = $32, staff_involvement = $33, delay_reasons = $34, publication = $35, closed_on = $36,
		assignee_id = $37, acknowledged_at = $38 WHERE id = $13`,
		string(r.Status), r.SubjectType, r.AgeBand, r.Sex, r.EventType, r.IncidentOn, r.ReferralOn, r.Decision, r.DecidedOn, r.Reasons,
		Time{now}, r.Version, r.ID,
		r.Disability, r.Ethnicity, r.LegalStatus, r.ProtectionStatus, r.HarmNature, r.CriteriaSet, joinCodes(r.Criteria),
		r.InfoRequestedOn, r.InfoReturnedOn, joinCodes(r.ParallelProcesses), r.PlannedMethod, r.NotifiedOn,
		r.ExpectedCompletionOn, r.PausedFor, r.CompletedOn, r.RatifiedOn, r.OutcomeOn, r.Methodology,
		r.FamilyInvolvement, r.StaffInvolvement, r.DelayReasons, r.Publication, r.ClosedOn,
		assignee, Time{r.AcknowledgedAt})
	if err != nil {
		return fmt.Errorf("update learning review: %w", err)
	}
	return nil
}

// recordEvent adds a status change to the review's history.
func (s *LearningReviews) recordEvent(ctx context.Context, tx *sql.Tx, r *scrutineer.LearningReview, from scrutineer.LearningReviewStatus, actorID string) error {
	var actor any
	if actorID != "" {
		actor = actorID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO learning_review_events (id, review_id, from_status, to_status, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6)`,
		NewID(), r.ID, string(from), string(r.Status), actor, Time{s.db.Now()}); err != nil {
		return fmt.Errorf("record learning review event: %w", err)
	}
	return nil
}

// audit records a change to a review in tx. Details name codes only, never the
// reasons, which are free text.
func (s *LearningReviews) audit(ctx context.Context, tx *sql.Tx, action string, r *scrutineer.LearningReview, detail string) error {
	return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
		Action: action, TargetType: "learning_review", TargetID: r.ID, OrganisationID: r.CommitteeID, Detail: detail,
	})
}
