package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// reviewChange is one change to a review made inside its transaction: it may set
// fields of r and write rows of its own through tx. It returns the audit detail
// (codes only, never free text).
type reviewChange func(tx *sql.Tx, r *scrutineer.LearningReview) (detail string, err error)

// change loads review id locked, checks that the caller may act for party on it
// (the committee: its officers; the regulator: managers and the inspector assigned),
// applies fn, and when to is not "" checks the lifecycle move (in the domain, so an
// invalid move is ECONFLICT with the reason) and records it in the history. It saves
// r and records the audit entry action last, all in one transaction, and returns the
// review as Find would.
func (s *LearningReviews) change(ctx context.Context, id string, party scrutineer.ReviewParty, to scrutineer.LearningReviewStatus, action string, fn reviewChange) (*scrutineer.LearningReview, error) {
	u := scrutineer.UserFromContext(ctx)
	if u == nil && !auth.IsSystemContext(ctx) {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		r, err := s.lockReview(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := mayActFor(ctx, r, party); err != nil {
			return err
		}
		detail, err := fn(tx, r)
		if err != nil {
			return err
		}
		from := r.Status
		if to != "" {
			if err := r.CheckMove(to, party); err != nil {
				return err
			}
			r.Status = to
		}
		now := s.db.Now()
		if err := s.save(ctx, tx, r, now); err != nil {
			return err
		}
		if to != "" {
			actor := ""
			if u != nil {
				actor = u.ID
			}
			if err := s.recordEvent(ctx, tx, r, from, actor); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, action, r, detail)
	})
	if err != nil {
		return nil, err
	}
	return s.Find(ctx, id)
}

// lockReview reads a review inside tx, locked for update; ENOTFOUND when missing.
func (s *LearningReviews) lockReview(ctx context.Context, tx *sql.Tx, id string) (*scrutineer.LearningReview, error) {
	r, err := scanReview(tx.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM learning_reviews r WHERE r.id = $1`+s.db.forUpdate(), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find learning review: %w", err)
	}
	return r, nil
}

// mayActFor authorises the caller to act on r for party. Someone who may not even
// see r gets ENOTFOUND; regulator staff who may see it but are not assigned get
// ENOTFOUND too, as the policy answers.
func mayActFor(ctx context.Context, r *scrutineer.LearningReview, party scrutineer.ReviewParty) error {
	if party == scrutineer.ByCommittee {
		return auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: r.CommitteeID})
	}
	res := auth.Resource{OrganisationID: r.CommitteeID}
	if r.AssigneeID != "" {
		res.AssignedUsers = []string{r.AssigneeID}
	}
	return auth.Authorise(ctx, auth.AppraiseCommitteeRecord, res)
}
