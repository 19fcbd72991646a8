package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// The outcome of a learning review: the journey's draft, and notifying the outcome
// with its learning points, recommendations, action plan and documents in one
// transaction (docs/decisions/0103-learning-review-outcome.md).

// SentHook runs in the transaction that sends a document with a review's outcome,
// for the search index (documents.Service.IndexSent).
type SentHook func(ctx context.Context, tx *sql.Tx, d *scrutineer.Document, v *scrutineer.DocumentVersion) error

// SaveOutcomeDraft keeps the outcome journey's answers so far, replacing any saved
// before; nothing is notified. Audited with the counts only. Callers: the review's
// committee officers. ECONFLICT when the review cannot notify an outcome now.
func (s *LearningReviews) SaveOutcomeDraft(ctx context.Context, id string, in *scrutineer.ReviewOutcomeInput) error {
	in.Trim()
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("outcome draft: %w", err)
	}
	_, err = s.change(ctx, id, scrutineer.ByCommittee, "", "learning_review.outcome_draft",
		func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
			if err := r.OutcomeMayBeNotified(); err != nil {
				return "", err
			}
			if err := r.CheckMove(scrutineer.ReviewOutcomeNotified, scrutineer.ByCommittee); err != nil {
				return "", err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_outcome_drafts (review_id, answers, updated_by, updated_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (review_id) DO UPDATE SET answers = excluded.answers, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				r.ID, string(body), scrutineer.UserFromContext(ctx).ID, Time{s.db.Now()}); err != nil {
				return "", fmt.Errorf("save outcome draft: %w", err)
			}
			return outcomeCounts("Outcome draft saved", in), nil
		})
	return err
}

// OutcomeDraft returns the answers saved so far, or empty answers when none are.
// Callers: the review's committee officers; others ENOTFOUND.
func (s *LearningReviews) OutcomeDraft(ctx context.Context, id string) (*scrutineer.ReviewOutcomeInput, error) {
	r, err := s.Find(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: r.CommitteeID}); err != nil {
		return nil, err
	}
	var body string
	err = s.db.read.QueryRowContext(ctx, `SELECT answers FROM review_outcome_drafts WHERE review_id = $1`, id).Scan(&body)
	out := &scrutineer.ReviewOutcomeInput{}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return out, nil
	case err != nil:
		return nil, fmt.Errorf("find outcome draft: %w", err)
	}
	if err := json.Unmarshal([]byte(body), out); err != nil {
		return nil, fmt.Errorf("read outcome draft: %w", err)
	}
	return out, nil
}

// NotifyOutcome validates in and records the outcome of the review: its dates and
// answers, status outcome_notified (from decision notified, in progress or
// completed, as the lifecycle allows), the outcome date today, the learning points,
// recommendations and action lines, and the named documents sent to the regulator
// (indexed through s.OnDocumentSent), all in one transaction; the journey's draft is
// removed. Callers: the review's committee officers; others ENOTFOUND. EINVALID
// with field problems; ECONFLICT when the lifecycle does not allow it or while a
// named document is not this review's, is not yet checked, could not be read, or
// has personal-data findings not resolved.
func (s *LearningReviews) NotifyOutcome(ctx context.Context, id string, in *scrutineer.ReviewOutcomeInput) (*scrutineer.LearningReview, error) {
	in.Trim()
	return s.change(ctx, id, scrutineer.ByCommittee, scrutineer.ReviewOutcomeNotified, "learning_review.outcome",
		func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
			if err := r.OutcomeMayBeNotified(); err != nil {
				return "", err
			}
			if err := r.CheckMove(scrutineer.ReviewOutcomeNotified, scrutineer.ByCommittee); err != nil {
				return "", err
			}
			today := scrutineer.Today(s.db.Now())
			if err := r.ValidateOutcome(in, today, false); err != nil {
				return "", err
			}
			docs, err := s.outcomeDocuments(ctx, tx, r, in.DocumentIDs)
			if err != nil {
				return "", err
			}
			r.CompletedOn, r.RatifiedOn, r.OutcomeOn = in.CompletedOn, in.RatifiedOn, today.Format("2006-01-02")
			r.Methodology, r.FamilyInvolvement, r.StaffInvolvement = in.Methodology, in.FamilyInvolvement, in.StaffInvolvement
			r.Publication, r.PausedFor = in.Publication, ""
			if in.DelayReasons != "" {
				r.DelayReasons = in.DelayReasons
			}
			if err := s.insertOutcome(ctx, tx, r, in); err != nil {
				return "", err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM review_outcome_drafts WHERE review_id = $1`, r.ID); err != nil {
				return "", fmt.Errorf("remove outcome draft: %w", err)
			}
			// NOTE: last in fn, as the documents' audit entries are: after them s.change
			// only saves the review (locked at the start) and records its event and entry.
			if err := s.sendOutcomeDocuments(ctx, tx, docs); err != nil {
				return "", err
			}
			return outcomeCounts("Outcome notified", in) + fmt.Sprintf(" Decision %s; %d documents sent.", r.Decision, len(in.DocumentIDs)), nil
		})
}

// outcomeDocuments loads and locks each named document inside tx and returns them;
// ECONFLICT saying which and what to do when one may not be sent with the outcome.
func (s *LearningReviews) outcomeDocuments(ctx context.Context, tx *sql.Tx, r *scrutineer.LearningReview, ids []string) ([]*scrutineer.Document, error) {
	docs := &Documents{db: s.db}
	var out []*scrutineer.Document
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		var found string
		err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE id = $1`+s.db.forUpdate(), id).Scan(&found)
		var d *scrutineer.Document
		if err == nil {
			d, err = docs.load(ctx, tx, id)
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) && scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			return nil, err
		}
		if d == nil || d.OwnerType != scrutineer.OwnerLearningReview || d.OwnerID != r.ID {
			return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "Document %s is not one of this review's documents. Upload the report to this review.", shortRef(id))
		}
		v := d.Latest()
		switch {
		case v == nil || !v.Extraction.Finished():
			return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "Document %s is still being checked for personal data. Wait until the check has finished.", shortRef(id))
		case v.Extraction != scrutineer.ExtractionDone:
			return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "We could not read the text of document %s, so it cannot be checked. Upload a version saved from your word processor, not a scan.", shortRef(id))
		case v.Check != scrutineer.CheckClear && v.Check != scrutineer.CheckFindings:
			return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "Document %s is still being checked for personal data. Wait until the check has finished.", shortRef(id))
		case v.Unresolved() > 0:
			return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "Document %s may still contain personal data (%d findings not resolved). Replace it with an anonymised version, or mark each finding as not personal data.", shortRef(id), v.Unresolved())
		}
		out = append(out, d)
	}
	return out, nil
}

// sendOutcomeDocuments sends each document not yet sent, as Documents.SendDocument
// does, inside tx, running s.OnDocumentSent for the index.
func (s *LearningReviews) sendOutcomeDocuments(ctx context.Context, tx *sql.Tx, ds []*scrutineer.Document) error {
	docs := &Documents{db: s.db}
	u := scrutineer.UserFromContext(ctx)
	now := s.db.Now()
	for _, d := range ds {
		if d.Status == scrutineer.DocumentSent {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = $1, sent_by = $2, sent_at = $3, updated_at = $3 WHERE id = $4`,
			string(scrutineer.DocumentSent), u.ID, Time{now}, d.ID); err != nil {
			return fmt.Errorf("send document: %w", err)
		}
		d.Status, d.SentBy, d.SentAt = scrutineer.DocumentSent, u.ID, now
		if s.OnDocumentSent != nil {
			if err := s.OnDocumentSent(ctx, tx, d, d.Latest()); err != nil {
				return err
			}
		}
		if err := docs.audit(ctx, tx, "document.submit", d, fmt.Sprintf("Version %d sent to the regulator with the outcome of a learning review.", d.Latest().Number)); err != nil {
			return err
		}
	}
	return nil
}

// insertOutcome writes the outcome's records in order, replacing none: an outcome
// is notified once.
func (s *LearningReviews) insertOutcome(ctx context.Context, tx *sql.Tx, r *scrutineer.LearningReview, in *scrutineer.ReviewOutcomeInput) error {
	for i, lp := range in.LearningPoints {
		if _, err := tx.ExecContext(ctx, `INSERT INTO learning_points (id, review_id, position, body, themes) VALUES ($1, $2, $3, $4, $5)`,
			NewID(), r.ID, i+1, lp.Body, joinCodes(lp.Themes)); err != nil {
			return fmt.Errorf("insert learning point: %w", err)
		}
	}
	for i, rc := range in.Recommendations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_recommendations (id, review_id, position, body, agency, themes) VALUES ($1, $2, $3, $4, $5, $6)`,
			NewID(), r.ID, i+1, rc.Body, rc.Agency, joinCodes(rc.Themes)); err != nil {
			return fmt.Errorf("insert recommendation: %w", err)
		}
	}
	now := s.db.Now()
	for i, a := range in.Actions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_actions (id, review_id, recommendation_id, position, action, owner, due_on, status, updated_at, version)
			VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, 1)`,
			NewID(), r.ID, i+1, a.Action, a.Owner, a.DueOn, a.Status, Time{now}); err != nil {
			return fmt.Errorf("insert action: %w", err)
		}
	}
	return nil
}

// ListOutcome returns the learning points, recommendations and actions of a
// notified outcome, each in order (empty before the outcome). Callers: whoever may
// see the review; others ENOTFOUND.
func (s *LearningReviews) ListOutcome(ctx context.Context, id string) (*scrutineer.ReviewOutcome, error) {
	if _, err := s.findAccess(ctx, id); err != nil {
		return nil, err
	}
	out := &scrutineer.ReviewOutcome{}
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, review_id, position, body, themes FROM learning_points WHERE review_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("list learning points: %w", err)
	}
	if out.LearningPoints, err = collect(rows, func(rs scanner) (*scrutineer.LearningPoint, error) {
		lp := &scrutineer.LearningPoint{}
		var themes string
		err := rs.Scan(&lp.ID, &lp.ReviewID, &lp.Position, &lp.Body, &themes)
		lp.Themes = splitCodes(themes)
		return lp, err
	}); err != nil {
		return nil, err
	}
	rows, err = s.db.read.QueryContext(ctx, `SELECT id, review_id, position, body, agency, themes FROM review_recommendations WHERE review_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("list recommendations: %w", err)
	}
	if out.Recommendations, err = collect(rows, func(rs scanner) (*scrutineer.Recommendation, error) {
		rc := &scrutineer.Recommendation{}
		var themes string
		err := rs.Scan(&rc.ID, &rc.ReviewID, &rc.Position, &rc.Body, &rc.Agency, &themes)
		rc.Themes = splitCodes(themes)
		return rc, err
	}); err != nil {
		return nil, err
	}
	rows, err = s.db.read.QueryContext(ctx, `SELECT `+actionColumns+` FROM review_actions WHERE review_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("list actions: %w", err)
	}
	if out.Actions, err = collect(rows, scanAction); err != nil {
		return nil, err
	}
	return out, nil
}

// outcomeCounts describes an outcome for the audit trail by its counts only: the
// text is free and may hold what it should not.
func outcomeCounts(what string, in *scrutineer.ReviewOutcomeInput) string {
	return fmt.Sprintf("%s: %d learning points, %d recommendations, %d actions.", what, len(in.LearningPoints), len(in.Recommendations), len(in.Actions))
}

// shortRef is the part of an id people read out.
func shortRef(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

var _ scrutineer.ReviewOutcomeService = (*LearningReviews)(nil)
