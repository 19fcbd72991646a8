package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// SyncAppraisalCriteria adds the default appraisal checklist items that are
// missing, leaving items the regulator has reworded, reordered or retired as they
// are. It is idempotent and runs at every start with the other reference data.
// Callers: the service itself (auth.SystemContext).
func SyncAppraisalCriteria(ctx context.Context, db *DB) (int, error) {
	if !auth.IsSystemContext(ctx) {
		return 0, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	added := 0
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, c := range scrutineer.DefaultAppraisalCriteria {
			res, err := tx.ExecContext(ctx, `INSERT INTO appraisal_criteria (code, label, guidance, position, active) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING`,
				c.Code, c.Label, c.Guidance, c.Position, c.Active)
			if err != nil {
				return fmt.Errorf("seed appraisal criteria: %w", err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
			}
		}
		if added == 0 {
			return nil
		}
		return NewAudit(db).RecordTx(ctx, tx, &scrutineer.AuditEntry{Action: "appraisal_criteria.seed", TargetType: "appraisal_criteria",
			Detail: fmt.Sprintf("Added %d default checklist items.", added)})
	})
	return added, err
}

// Criteria lists the checklist in order. Callers: inspectors and managers; with
// all (retired items too, for the settings page), those who manage the settings
// (auth.ManageReviewSettings). Others get ENOTFOUND.
func (s *ReviewRegulator) Criteria(ctx context.Context, all bool) ([]scrutineer.AppraisalCriterion, error) {
	action := auth.TriageReviews
	if all {
		action = auth.ManageReviewSettings
	}
	if err := auth.Authorise(ctx, action, auth.Resource{}); err != nil {
		return nil, err
	}
	return s.criteria(ctx, s.db.read, all)
}

func (s *ReviewRegulator) criteria(ctx context.Context, q querier, all bool) ([]scrutineer.AppraisalCriterion, error) {
	where := ` WHERE active`
	if all {
		where = ""
	}
	rows, err := q.QueryContext(ctx, `SELECT code, label, guidance, position, active FROM appraisal_criteria`+where+` ORDER BY active DESC, position, code`)
	if err != nil {
		return nil, fmt.Errorf("appraisal criteria: %w", err)
	}
	return collect(rows, func(rs scanner) (scrutineer.AppraisalCriterion, error) {
		var c scrutineer.AppraisalCriterion
		return c, rs.Scan(&c.Code, &c.Label, &c.Guidance, &c.Position, &c.Active)
	})
}

// SaveCriteria writes the checklist as a manager edited it: existing items (by
// code) are reworded, reordered, retired or brought back; items without a code
// are added with a code made from their wording. Items are never deleted, so
// ratings given against them keep their meaning. Callers: managers and
// administrators (auth.ManageReviewSettings). EINVALID as ValidateCriteria says.
func (s *ReviewRegulator) SaveCriteria(ctx context.Context, cs []scrutineer.AppraisalCriterion) error {
	if err := auth.Authorise(ctx, auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		current, err := s.criteria(ctx, tx, true)
		if err != nil {
			return err
		}
		byCode := map[string]scrutineer.AppraisalCriterion{}
		for _, c := range current {
			byCode[c.Code] = c
		}
		for i := range cs {
			cs[i].Label, cs[i].Guidance = strings.TrimSpace(cs[i].Label), strings.TrimSpace(cs[i].Guidance)
			if cs[i].Code == "" {
				cs[i].Code = scrutineer.CriterionCode(cs[i].Label)
				if _, taken := byCode[cs[i].Code]; taken {
					cs[i].Code += "_" + NewID()[len(NewID())-6:]
				}
			}
		}
		if err := scrutineer.ValidateCriteria(cs); err != nil {
			return err
		}
		var changed []string
		for _, c := range cs {
			old, ok := byCode[c.Code]
			if ok && old == c {
				continue
			}
			changed = append(changed, c.Code)
			if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_criteria (code, label, guidance, position, active) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (code) DO UPDATE SET label = excluded.label, guidance = excluded.guidance, position = excluded.position, active = excluded.active`,
				c.Code, c.Label, c.Guidance, c.Position, c.Active); err != nil {
				return fmt.Errorf("save appraisal criterion: %w", err)
			}
		}
		if len(changed) == 0 {
			return nil
		}
		slices.Sort(changed)
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{Action: "appraisal_criteria.update", TargetType: "appraisal_criteria",
			Detail: "Checklist items changed: " + strings.Join(changed, ", ") + "."})
	})
}

// Ratings returns the active checklist items, and retired ones the review was
// rated against, with the review's ratings. Callers: regulator staff who may see
// the review; the appraisal is the regulator's working, so committee officers get
// ENOTFOUND.
func (s *ReviewRegulator) Ratings(ctx context.Context, id string) ([]scrutineer.RatedCriterion, error) {
	if _, err := s.regulatorView(ctx, id); err != nil {
		return nil, err
	}
	return s.ratings(ctx, s.db.read, id)
}

func (s *ReviewRegulator) ratings(ctx context.Context, q querier, id string) ([]scrutineer.RatedCriterion, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.code, c.label, c.guidance, c.position, c.active, COALESCE(rt.rating, ''), COALESCE(rt.comment, '')
		FROM appraisal_criteria c LEFT JOIN review_appraisal_ratings rt ON rt.criterion = c.code AND rt.review_id = $1
		WHERE c.active OR rt.rating IS NOT NULL ORDER BY c.position, c.code`, id)
	if err != nil {
		return nil, fmt.Errorf("appraisal ratings: %w", err)
	}
	return collect(rows, func(rs scanner) (scrutineer.RatedCriterion, error) {
		var c scrutineer.RatedCriterion
		return c, rs.Scan(&c.Code, &c.Label, &c.Guidance, &c.Position, &c.Active, &c.Rating, &c.Comment)
	})
}

// regulatorView checks that the caller may see the review and is regulator staff,
// and returns the review's id, committee and status.
func (s *ReviewRegulator) regulatorView(ctx context.Context, id string) (*scrutineer.LearningReview, error) {
	r, err := s.reviews.findAccess(ctx, id)
	if err != nil {
		return nil, err
	}
	if u := scrutineer.UserFromContext(ctx); u != nil && !u.Regulator() {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return r, nil
}

// Rate saves the ratings given of a review under appraisal; an empty rating
// clears the item. Callers: managers and the assigned inspector (others
// ENOTFOUND). EINVALID for an unknown rating or item; ECONFLICT when the review is
// not under appraisal or its observations are with a manager or issued.
func (s *ReviewRegulator) Rate(ctx context.Context, id string, rs []scrutineer.AppraisalRating) error {
	u := scrutineer.UserFromContext(ctx)
	_, err := s.reviews.change(ctx, id, scrutineer.ByRegulator, "", "learning_review.appraisal_rate", func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
		if r.Status != scrutineer.ReviewUnderAppraisal {
			return "", scrutineer.Errorf(scrutineer.ECONFLICT, "Start the appraisal before rating: the review is %s.", strings.ToLower(scrutineer.StatusCodes.Label(string(r.Status))))
		}
		if st, err := observationsStatus(ctx, tx, id); err != nil {
			return "", err
		} else if st == scrutineer.ObservationsSubmitted || st == scrutineer.ObservationsIssued {
			return "", scrutineer.Errorf(scrutineer.ECONFLICT, "The observations are with a manager, so the ratings can no longer change.")
		}
		if err := scrutineer.ValidateRatings(rs); err != nil {
			return "", err
		}
		active, err := s.criteria(ctx, tx, false)
		if err != nil {
			return "", err
		}
		rated := 0
		for _, rt := range rs {
			if !slices.ContainsFunc(active, func(c scrutineer.AppraisalCriterion) bool { return c.Code == rt.Criterion }) {
				var p scrutineer.Problems
				p.Add(rt.Criterion, "This checklist item is no longer in use.")
				return "", p.Err("Check the ratings.")
			}
			if rt.Rating == "" {
				if _, err := tx.ExecContext(ctx, `DELETE FROM review_appraisal_ratings WHERE review_id = $1 AND criterion = $2`, id, rt.Criterion); err != nil {
					return "", fmt.Errorf("clear rating: %w", err)
				}
				continue
			}
			rated++
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_appraisal_ratings (review_id, criterion, rating, comment, rated_by, rated_at) VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (review_id, criterion) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, rated_by = excluded.rated_by, rated_at = excluded.rated_at`,
				id, rt.Criterion, rt.Rating, strings.TrimSpace(rt.Comment), u.ID, Time{s.db.Now()}); err != nil {
				return "", fmt.Errorf("save rating: %w", err)
			}
		}
		return fmt.Sprintf("Appraisal saved: %d items rated.", rated), nil
	})
	return err
}
