package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// ReviewRegulator is the regulator's own work on learning reviews: triage,
// assignment, acknowledgement, appraisal and observations
// (docs/decisions/0104-learning-review-regulator-work.md). Every change goes
// through LearningReviews.change, so it is locked, authorised, checked against the
// lifecycle and audited in one transaction; emails are written to the outbox in
// that same transaction.
type ReviewRegulator struct {
	db      *DB
	reviews *LearningReviews
	jobs    *Jobs
	baseURL string
}

// NewReviewRegulator returns the store of the regulator's work; jobs is the outbox
// the emails go through and baseURL the service's public address, for links.
func NewReviewRegulator(db *DB, jobs *Jobs, baseURL string) *ReviewRegulator {
	return &ReviewRegulator{db: db, reviews: NewLearningReviews(db), jobs: jobs, baseURL: strings.TrimRight(baseURL, "/")}
}

var _ scrutineer.ReviewRegulatorService = (*ReviewRegulator)(nil)

// ackDeadline marks the acknowledgement rows of review_reminders: one per review
// and step (kind is the status acknowledged), so each is sent exactly once.
const ackDeadline = "acknowledgement"

// Triage lists the reviews waiting for the regulator: decision or outcome notified
// and either not yet assigned or not yet acknowledged for that step, oldest first.
// Callers: inspectors and managers (auth.TriageReviews); others ENOTFOUND.
func (s *ReviewRegulator) Triage(ctx context.Context, today time.Time) ([]*scrutineer.TriageItem, error) {
	if err := auth.Authorise(ctx, auth.TriageReviews, auth.Resource{}); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+reviewColumns+`, o.name FROM learning_reviews r JOIN organisations o ON o.id = r.committee_id
		WHERE r.status IN ($1, $2) AND (r.assignee_id IS NULL OR NOT EXISTS (
			SELECT 1 FROM review_reminders m WHERE m.review_id = r.id AND m.deadline = $3 AND m.kind = r.status))
		ORDER BY r.updated_at, r.id LIMIT 500`,
		string(scrutineer.ReviewDecisionNotified), string(scrutineer.ReviewOutcomeNotified), ackDeadline)
	if err != nil {
		return nil, fmt.Errorf("triage: %w", err)
	}
	items, err := collect(rows, func(rs scanner) (*scrutineer.TriageItem, error) {
		var name string
		r, err := scanReview(namedScanner{rs, &name})
		if err != nil {
			return nil, err
		}
		return &scrutineer.TriageItem{Review: r, CommitteeName: name}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan triage: %w", err)
	}
	days, err := serviceLevels(ctx, s.db.read) // the regulator's settings over the defaults
	if err != nil {
		return nil, err
	}
	out := items[:0]
	for _, it := range items {
		if mayViewReview(ctx, it.Review) != nil {
			continue // NOTE: the policy per record too, as List does
		}
		it.Since = it.Review.NotifiedOn
		if it.Review.Status == scrutineer.ReviewOutcomeNotified {
			it.Since = it.Review.OutcomeOn
		}
		if d, err := time.Parse("2006-01-02", it.Since); err == nil {
			it.AgeDays = int(today.Sub(d).Hours() / 24)
		}
		for _, d := range it.Review.Deadlines(days, today) {
			if d.Overdue {
				it.Overdue = append(it.Overdue, d.Code)
			}
		}
		out = append(out, it)
	}
	// Oldest first by the date the step was reached (updated_at only breaks ties).
	slices.SortStableFunc(out, func(a, b *scrutineer.TriageItem) int { return strings.Compare(a.Since, b.Since) })
	return out, nil
}

// namedScanner scans a review row followed by one more column.
type namedScanner struct {
	rs    scanner
	extra *string
}

func (n namedScanner) Scan(dest ...any) error { return n.rs.Scan(append(dest, n.extra)...) }

// Inspectors lists active inspectors by name, for assignment. Callers: inspectors
// and managers.
func (s *ReviewRegulator) Inspectors(ctx context.Context) ([]*scrutineer.User, error) {
	if err := auth.Authorise(ctx, auth.TriageReviews, auth.Resource{}); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT u.id, u.name, u.email FROM users u JOIN user_roles ur ON ur.user_id = u.id
		WHERE ur.role = $1 AND u.active ORDER BY u.name, u.id`, string(scrutineer.RoleInspector))
	if err != nil {
		return nil, fmt.Errorf("inspectors: %w", err)
	}
	return collect(rows, func(rs scanner) (*scrutineer.User, error) {
		u := &scrutineer.User{Roles: []scrutineer.Role{scrutineer.RoleInspector}, Active: true}
		return u, rs.Scan(&u.ID, &u.Name, &u.Email)
	})
}

// Assign makes assigneeID the review's inspector and emails them. Managers assign
// any active inspector; an inspector may take a review for themselves when no one
// else has it. Callers without auth.TriageReviews, or who may not see the review,
// get ENOTFOUND; EINVALID when assigneeID is not an active inspector; ECONFLICT
// when an inspector tries to assign someone else or take another's review.
func (s *ReviewRegulator) Assign(ctx context.Context, id, assigneeID string) (*scrutineer.LearningReview, error) {
	u := scrutineer.UserFromContext(ctx)
	if err := auth.Authorise(ctx, auth.TriageReviews, auth.Resource{}); err != nil {
		return nil, err
	}
	if _, err := s.reviews.Find(ctx, id); err != nil {
		return nil, err
	}
	changeCtx := ctx
	if !u.Has(scrutineer.RoleManager) {
		if assigneeID != u.ID {
			return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "Only a manager can assign a review to someone else.")
		}
		// NOTE: the policy lets only managers and the assigned inspector act for the
		// regulator; taking an unassigned review is the one regulator change an
		// inspector makes before being assigned. TriageReviews was checked above, and
		// the change below refuses a review someone else has; the audit entry still
		// names the inspector, who stays in ctx.
		changeCtx = auth.SystemContext(ctx)
	}
	return s.reviews.change(changeCtx, id, scrutineer.ByRegulator, "", "learning_review.assign", func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
		if !u.Has(scrutineer.RoleManager) && r.AssigneeID != "" && r.AssigneeID != u.ID {
			return "", scrutineer.Errorf(scrutineer.ECONFLICT, "Another inspector has this review. Ask a manager to reassign it.")
		}
		var email, name string
		err := tx.QueryRowContext(ctx, `SELECT u.email, u.name FROM users u JOIN user_roles ur ON ur.user_id = u.id
			WHERE u.id = $1 AND ur.role = $2 AND u.active`, assigneeID, string(scrutineer.RoleInspector)).Scan(&email, &name)
		if err == sql.ErrNoRows {
			var p scrutineer.Problems
			p.Add("assignee", "Choose an inspector.")
			return "", p.Err("Choose an inspector.")
		}
		if err != nil {
			return "", fmt.Errorf("find inspector: %w", err)
		}
		if r.AssigneeID == assigneeID {
			return "Assignment unchanged.", nil
		}
		r.AssigneeID = assigneeID
		if _, err := s.jobs.EnqueueEmailTx(ctx, tx, s.assignedEmail(r, email, name)); err != nil {
			return "", err
		}
		return "Assigned to an inspector.", nil
	})
}

// Close closes a review the regulator has finished: a no-review decision once
// read, an alternative approach once its learning is received, a full review once
// its observations are issued. ENOTFOUND for those who may not act for the
// regulator on it; ECONFLICT (with the reason) when the review may not close now.
func (s *ReviewRegulator) Close(ctx context.Context, id string) (*scrutineer.LearningReview, error) {
	return s.reviews.change(ctx, id, scrutineer.ByRegulator, scrutineer.ReviewClosed, "learning_review.close", func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
		r.ClosedOn = scrutineer.Today(s.db.Now()).Format("2006-01-02")
		return "Closed by the regulator; decision " + r.Decision + ".", nil
	})
}

// StartAppraisal moves a full review whose outcome is notified to under
// appraisal. Callers: managers and the assigned inspector; ECONFLICT for any other
// review or state.
func (s *ReviewRegulator) StartAppraisal(ctx context.Context, id string) (*scrutineer.LearningReview, error) {
	return s.reviews.change(ctx, id, scrutineer.ByRegulator, scrutineer.ReviewUnderAppraisal, "learning_review.appraisal_start", func(tx *sql.Tx, r *scrutineer.LearningReview) (string, error) {
		return "Appraisal started.", nil
	})
}

// recipients returns the active accounts with role, of organisation orgID when it
// is not "", as email addresses with names.
func recipients(ctx context.Context, tx *sql.Tx, role scrutineer.Role, orgID string) ([][2]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT u.email, u.name FROM users u JOIN user_roles ur ON ur.user_id = u.id
		WHERE ur.role = $1 AND u.active AND ($2 = '' OR u.organisation_id = $2) ORDER BY u.email`, string(role), orgID)
	if err != nil {
		return nil, fmt.Errorf("recipients: %w", err)
	}
	return collect(rows, func(rs scanner) ([2]string, error) {
		var e [2]string
		return e, rs.Scan(&e[0], &e[1])
	})
}
