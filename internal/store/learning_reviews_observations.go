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

// Observations on a full review: drafted by the assigned inspector (or a
// manager), submitted, then returned with a comment or approved and issued by a
// manager. Each step is a change of the review (LearningReviews.change), so it is
// locked, authorised and audited with the review; issuing also moves the review
// to observations issued.

const observationsColumns = `review_id, body, status, drafted_by, COALESCE(approved_by, ''), issued_at, updated_at, version, return_comment, submitted_at`

func scanObservations(row scanner) (*scrutineer.ReviewObservations, error) {
	o := &scrutineer.ReviewObservations{}
	var status string
	var issued, updated, submitted Time
	if err := row.Scan(&o.ReviewID, &o.Body, &status, &o.DraftedBy, &o.ApprovedBy, &issued, &updated, &o.Version, &o.ReturnComment, &submitted); err != nil {
		return nil, err
	}
	o.Status, o.IssuedAt, o.UpdatedAt, o.SubmittedAt = scrutineer.ObservationsStatus(status), issued.Time, updated.Time, submitted.Time
	return o, nil
}

func findObservations(ctx context.Context, q querier, id string) (*scrutineer.ReviewObservations, error) {
	o, err := scanObservations(q.QueryRowContext(ctx, `SELECT `+observationsColumns+` FROM review_observations WHERE review_id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "There are no observations on this review yet.")
	}
	if err != nil {
		return nil, fmt.Errorf("find observations: %w", err)
	}
	return o, nil
}

// observationsStatus is the status of a review's observations, "" when none.
func observationsStatus(ctx context.Context, tx *sql.Tx, id string) (scrutineer.ObservationsStatus, error) {
	o, err := findObservations(ctx, tx, id)
	if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return o.Status, nil
}

// Observations returns the review's observations. Callers: regulator staff who may
// see the review (committee officers read the issued letter through Letter);
// ENOTFOUND when there are none.
func (s *ReviewRegulator) Observations(ctx context.Context, id string) (*scrutineer.ReviewObservations, error) {
	if _, err := s.regulatorView(ctx, id); err != nil {
		return nil, err
	}
	return findObservations(ctx, s.db.read, id)
}

// SaveObservations saves the draft of a review under appraisal. Callers: managers
// and the assigned inspector. EINVALID for an empty or too long text; ECONFLICT
// when the review is not under appraisal or the observations are with a manager.
func (s *ReviewRegulator) SaveObservations(ctx context.Context, id, body string) (*scrutineer.ReviewObservations, error) {
	u := scrutineer.UserFromContext(ctx)
	_, err := s.reviews.change(ctx, id, scrutineer.ByRegulator, "", "learning_review.observations_save", func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
		if err := s.editableObservations(ctx, tx, r); err != nil {
			return "", err
		}
		if err := scrutineer.ValidateObservationsBody(body); err != nil {
			return "", err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO review_observations (review_id, body, status, drafted_by, updated_at, version) VALUES ($1, $2, $3, $4, $5, 1)
			ON CONFLICT (review_id) DO UPDATE SET body = excluded.body, status = excluded.status, drafted_by = excluded.drafted_by,
			updated_at = excluded.updated_at, version = review_observations.version + 1`,
			id, strings.TrimSpace(body), string(scrutineer.ObservationsDraft), u.ID, Time{s.db.Now()})
		if err != nil {
			return "", fmt.Errorf("save observations: %w", err)
		}
		return "Observations draft saved.", nil
	})
	if err != nil {
		return nil, err
	}
	return findObservations(ctx, s.db.read, id)
}

// editableObservations refuses a change to observations unless r is under
// appraisal and they are a draft (or not yet started).
func (s *ReviewRegulator) editableObservations(ctx context.Context, tx *sql.Tx, r *scrutineer.LearningReview) error {
	if r.Decision != "full_review" {
		return scrutineer.Errorf(scrutineer.ECONFLICT, "Only full learning reviews get observations.")
	}
	if r.Status != scrutineer.ReviewUnderAppraisal {
		return scrutineer.Errorf(scrutineer.ECONFLICT, "Observations are written during the appraisal: this review is %s.", strings.ToLower(scrutineer.StatusCodes.Label(string(r.Status))))
	}
	st, err := observationsStatus(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	if st == scrutineer.ObservationsSubmitted || st == scrutineer.ObservationsIssued {
		return scrutineer.Errorf(scrutineer.ECONFLICT, "The observations are with a manager and cannot be changed now.")
	}
	return nil
}

// SubmitObservations sends the draft to the managers for sign-off and emails
// them. Callers: managers and the assigned inspector. EINVALID while an active
// checklist item is unrated; ECONFLICT without a draft or when not under appraisal.
func (s *ReviewRegulator) SubmitObservations(ctx context.Context, id string) (*scrutineer.ReviewObservations, error) {
	_, err := s.reviews.change(ctx, id, scrutineer.ByRegulator, "", "learning_review.observations_submit", func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
		if err := s.editableObservations(ctx, tx, r); err != nil {
			return "", err
		}
		if _, err := findObservations(ctx, tx, id); err != nil {
			return "", scrutineer.Errorf(scrutineer.ECONFLICT, "Write and save the observations before submitting them.")
		}
		items, err := s.ratings(ctx, tx, id)
		if err != nil {
			return "", err
		}
		var p scrutineer.Problems
		for _, it := range items {
			if it.Active && it.Rating == "" {
				p.Add(it.Code, "Rate "+strings.ToLower(it.Label)+" before submitting.")
			}
		}
		if err := p.Err("Rate every item of the checklist before submitting the observations."); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE review_observations SET status = $1, submitted_at = $2, return_comment = '', updated_at = $2, version = version + 1 WHERE review_id = $3`,
			string(scrutineer.ObservationsSubmitted), Time{s.db.Now()}, id); err != nil {
			return "", fmt.Errorf("submit observations: %w", err)
		}
		managers, err := recipients(ctx, tx, scrutineer.RoleManager, "")
		if err != nil {
			return "", err
		}
		for _, m := range managers {
			if _, err := s.jobs.EnqueueEmailTx(ctx, tx, s.observationsEmail(r, m[0], m[1], "submitted", "/observations/review")); err != nil {
				return "", err
			}
		}
		return "Observations submitted for sign-off.", nil
	})
	if err != nil {
		return nil, err
	}
	return findObservations(ctx, s.db.read, id)
}

// ReturnObservations sends submitted observations back to draft with the
// manager's comment and emails the inspector who drafted them. Callers: managers
// (auth.ApproveObservations). EINVALID without a comment; ECONFLICT unless
// submitted.
func (s *ReviewRegulator) ReturnObservations(ctx context.Context, id, comment string) (*scrutineer.ReviewObservations, error) {
	if err := auth.Authorise(ctx, auth.ApproveObservations, auth.Resource{}); err != nil {
		return nil, err
	}
	_, err := s.reviews.change(ctx, id, scrutineer.ByRegulator, "", "learning_review.observations_return", func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
		o, err := s.submitted(ctx, tx, id)
		if err != nil {
			return "", err
		}
		if err := scrutineer.ValidateReturnComment(comment); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE review_observations SET status = $1, return_comment = $2, updated_at = $3, version = version + 1 WHERE review_id = $4`,
			string(scrutineer.ObservationsDraft), strings.TrimSpace(comment), Time{s.db.Now()}, id); err != nil {
			return "", fmt.Errorf("return observations: %w", err)
		}
		var email, name string
		if err := tx.QueryRowContext(ctx, `SELECT email, name FROM users WHERE id = $1 AND active`, o.DraftedBy).Scan(&email, &name); err == nil {
			if _, err := s.jobs.EnqueueEmailTx(ctx, tx, s.observationsEmail(r, email, name, "returned", "/observations")); err != nil {
				return "", err
			}
		} else if !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("find drafter: %w", err)
		}
		return "Observations returned to the inspector.", nil
	})
	if err != nil {
		return nil, err
	}
	return findObservations(ctx, s.db.read, id)
}

func (s *ReviewRegulator) submitted(ctx context.Context, tx *sql.Tx, id string) (*scrutineer.ReviewObservations, error) {
	o, err := findObservations(ctx, tx, id)
	if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
		return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "There are no observations waiting for sign-off on this review.")
	}
	if err != nil {
		return nil, err
	}
	if o.Status != scrutineer.ObservationsSubmitted {
		return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "These observations are not waiting for sign-off.")
	}
	return o, nil
}

// IssueObservations approves submitted observations and issues them: the review
// moves to observations issued and the committee's officers are emailed a notice
// with a link to the letter. Callers: managers (auth.ApproveObservations).
// ECONFLICT unless the observations are submitted and the review under appraisal.
func (s *ReviewRegulator) IssueObservations(ctx context.Context, id string) (*scrutineer.LearningReview, error) {
	if err := auth.Authorise(ctx, auth.ApproveObservations, auth.Resource{}); err != nil {
		return nil, err
	}
	u := scrutineer.UserFromContext(ctx)
	return s.reviews.change(ctx, id, scrutineer.ByRegulator, scrutineer.ReviewObservationsIssued, "learning_review.observations_issue", func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
		if _, err := s.submitted(ctx, tx, id); err != nil {
			return "", err
		}
		now := s.db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE review_observations SET status = $1, approved_by = $2, issued_at = $3, updated_at = $3, version = version + 1 WHERE review_id = $4`,
			string(scrutineer.ObservationsIssued), u.ID, Time{now}, id); err != nil {
			return "", fmt.Errorf("issue observations: %w", err)
		}
		officers, err := recipients(ctx, tx, scrutineer.RoleCommitteeOfficer, r.CommitteeID)
		if err != nil {
			return "", err
		}
		for _, o := range officers {
			if _, err := s.jobs.EnqueueEmailTx(ctx, tx, s.observationsEmail(r, o[0], o[1], "issued", "/observations/letter")); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("Observations issued; %d committee officers told.", len(officers)), nil
	})
}

// Letter returns the issued observations letter to anyone who may see the
// review; ENOTFOUND before the observations are issued.
func (s *ReviewRegulator) Letter(ctx context.Context, id string) (*scrutineer.ObservationsLetter, error) {
	r, err := s.reviews.Find(ctx, id)
	if err != nil {
		return nil, err
	}
	o, err := findObservations(ctx, s.db.read, id)
	if err != nil {
		return nil, err
	}
	if o.Status != scrutineer.ObservationsIssued {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "The observations on this review have not been issued.")
	}
	l := &scrutineer.ObservationsLetter{Review: r, Body: o.Body, IssuedAt: o.IssuedAt}
	err = s.db.read.QueryRowContext(ctx, `SELECT o.name, COALESCE(u.name, '') FROM organisations o LEFT JOIN users u ON u.id = $2 WHERE o.id = $1`,
		r.CommitteeID, o.ApprovedBy).Scan(&l.CommitteeName, &l.ApprovedBy)
	if err != nil {
		return nil, fmt.Errorf("letter: %w", err)
	}
	return l, nil
}
