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

// LearningReviews keeps learning reviews: a committee's draft notification, its
// decision and the history of its status (docs/decisions/0100-learning-reviews-core.md).
type LearningReviews struct {
	db *DB
	// OnDocumentSent, when set, runs in the transaction that sends a document with
	// a review's outcome (the search index; learning_reviews_outcome.go).
	OnDocumentSent SentHook
}

// NewLearningReviews returns the learning reviews store.
func NewLearningReviews(db *DB) *LearningReviews { return &LearningReviews{db: db} }

var _ scrutineer.LearningReviewService = (*LearningReviews)(nil)

const reviewColumns = `r.id, r.committee_id, r.status, r.subject_type, r.age_band, r.sex, r.event_type, r.incident_on, r.referral_on,
	r.decision, r.decided_on, r.reasons, r.created_by, r.created_at, r.updated_at, r.version,
	r.disability, r.ethnicity, r.legal_status, r.protection_status, r.harm_nature, r.criteria_set, r.criteria,
	r.info_requested_on, r.info_returned_on, r.parallel_processes, r.planned_method, r.notified_on,
	r.expected_completion_on, r.paused_for, r.completed_on, r.ratified_on, r.outcome_on, r.methodology,
	r.family_involvement, r.staff_involvement, r.delay_reasons, r.publication, r.closed_on,
	COALESCE(r.assignee_id, ''), r.acknowledged_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanReview(row rowScanner) (*scrutineer.LearningReview, error) {
	r := &scrutineer.LearningReview{}
	var status string
	var created, updated Time
	var acknowledged Time
	var criteria, parallel string
	err := row.Scan(&r.ID, &r.CommitteeID, &status, &r.SubjectType, &r.AgeBand, &r.Sex, &r.EventType, &r.IncidentOn, &r.ReferralOn,
		&r.Decision, &r.DecidedOn, &r.Reasons, &r.CreatedBy, &created, &updated, &r.Version,
		&r.Disability, &r.Ethnicity, &r.LegalStatus, &r.ProtectionStatus, &r.HarmNature, &r.CriteriaSet, &criteria,
		&r.InfoRequestedOn, &r.InfoReturnedOn, &parallel, &r.PlannedMethod, &r.NotifiedOn,
		&r.ExpectedCompletionOn, &r.PausedFor, &r.CompletedOn, &r.RatifiedOn, &r.OutcomeOn, &r.Methodology,
		&r.FamilyInvolvement, &r.StaffInvolvement, &r.DelayReasons, &r.Publication, &r.ClosedOn,
		&r.AssigneeID, &acknowledged)
	if err != nil {
		return nil, err
	}
	r.Status, r.CreatedAt, r.UpdatedAt = scrutineer.LearningReviewStatus(status), created.Time, updated.Time
	r.Criteria, r.ParallelProcesses, r.AcknowledgedAt = splitCodes(criteria), splitCodes(parallel), acknowledged.Time
	return r, nil
}

// mayViewReview authorises reading r: a draft is its committee's business only;
// once notified, the regulator's inspectors and managers may read it too.
func mayViewReview(ctx context.Context, r *scrutineer.LearningReview) error {
	res := auth.Resource{OrganisationID: r.CommitteeID}
	if r.Status == scrutineer.ReviewDraft {
		return auth.Authorise(ctx, auth.EditCommitteeRecord, res)
	}
	return auth.Authorise(ctx, auth.ViewCommitteeRecord, res)
}

// CreateDraft starts r as a draft of the caller's own committee (whatever
// r.CommitteeID says). Callers: committee officers (auth.EditCommitteeRecord).
// EINVALID without a valid subject_type or with a malformed field.
func (s *LearningReviews) CreateDraft(ctx context.Context, r *scrutineer.LearningReview) error {
	u := scrutineer.UserFromContext(ctx)
	if u == nil {
		return scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	if err := auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: u.OrganisationID}); err != nil {
		return err
	}
	now := s.db.Now()
	r.Status, r.CommitteeID, r.Decision, r.DecidedOn, r.Reasons = scrutineer.ReviewDraft, u.OrganisationID, "", "", ""
	if err := r.ValidateDraft(scrutineer.Today(now)); err != nil {
		return err
	}
	r.ID, r.CreatedBy, r.CreatedAt, r.UpdatedAt, r.Version = NewID(), u.ID, now, now, 1
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO learning_reviews (id, committee_id, status, subject_type, age_band, sex, event_type, incident_on, referral_on,
			decision, decided_on, reasons, created_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)`,
			r.ID, r.CommitteeID, string(r.Status), r.SubjectType, r.AgeBand, r.Sex, r.EventType, r.IncidentOn, r.ReferralOn,
			r.Decision, r.DecidedOn, r.Reasons, r.CreatedBy, Time{now}, r.Version); err != nil {
			return fmt.Errorf("insert learning review: %w", err)
		}
		if err := s.createNotification(ctx, tx, r); err != nil {
			return err
		}
		if err := s.recordEvent(ctx, tx, r, "", u.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "learning_review.create", r, "Draft started: subject "+r.SubjectType+".")
	})
}

// Find returns the review with its history. ENOTFOUND when it does not exist or the
// caller may not see it (another committee's review, or a draft for the regulator).
func (s *LearningReviews) Find(ctx context.Context, id string) (*scrutineer.LearningReview, error) {
	if scrutineer.UserFromContext(ctx) == nil && !auth.IsSystemContext(ctx) {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	r, err := scanReview(s.db.read.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM learning_reviews r WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find learning review: %w", err)
	}
	if err := mayViewReview(ctx, r); err != nil {
		return nil, err
	}
	if r.History, err = s.history(ctx, r.ID); err != nil {
		return nil, err
	}
	if r.LinkedReviewIDs, err = s.links(ctx, r.ID); err != nil {
		return nil, err
	}
	return r, nil
}

// findAccess authorises the caller to see review id as Find does, reading only
// what the policy asks: the review's id, committee and status (other fields
// empty). The sections of the review page each check access, and reading the
// whole record with its history and links for each was a third of the page.
func (s *LearningReviews) findAccess(ctx context.Context, id string) (*scrutineer.LearningReview, error) {
	if scrutineer.UserFromContext(ctx) == nil && !auth.IsSystemContext(ctx) {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	r := &scrutineer.LearningReview{}
	var status string
	err := s.db.read.QueryRowContext(ctx, `SELECT id, committee_id, status FROM learning_reviews WHERE id = $1`, id).Scan(&r.ID, &r.CommitteeID, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("find learning review: %w", err)
	}
	r.Status = scrutineer.LearningReviewStatus(status)
	if err := mayViewReview(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// List returns the reviews the caller may see that match f, newest first: a
// committee officer's own committee's (drafts included), and for inspectors and
// managers every review that is no longer a draft. Others get ENOTFOUND.
func (s *LearningReviews) List(ctx context.Context, f scrutineer.LearningReviewFilter) ([]*scrutineer.LearningReview, error) {
	u := scrutineer.UserFromContext(ctx)
	if u == nil {
		return nil, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	if err := auth.Authorise(ctx, auth.ViewCommitteeRecord, auth.Resource{OrganisationID: u.OrganisationID}); err != nil {
		return nil, err
	}
	where, args := `WHERE r.status <> $1`, []any{string(scrutineer.ReviewDraft)}
	if u.Has(scrutineer.RoleCommitteeOfficer) {
		where, args = `WHERE r.committee_id = $1`, []any{u.OrganisationID}
	}
	if f.Status != "" {
		args = append(args, f.Status)
		where += fmt.Sprintf(` AND r.status = $%d`, len(args))
	}
	if f.SubjectType != "" {
		args = append(args, f.SubjectType)
		where += fmt.Sprintf(` AND r.subject_type = $%d`, len(args))
	}
	if f.Year != 0 {
		args = append(args, fmt.Sprintf("%04d-%%", f.Year))
		where += fmt.Sprintf(` AND r.referral_on LIKE $%d`, len(args))
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+reviewColumns+` FROM learning_reviews r `+where+` ORDER BY r.created_at DESC, r.id DESC LIMIT 1000`, args...)
	if err != nil {
		return nil, fmt.Errorf("list learning reviews: %w", err)
	}
	defer rows.Close()
	out := []*scrutineer.LearningReview{}
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, fmt.Errorf("scan learning review: %w", err)
		}
		// NOTE: the policy is asked per record too, so a query mistake can never
		// show another committee's review.
		if mayViewReview(ctx, r) == nil {
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

// mayHaveOpenDeadline keeps drafts and the reviews with a deadline not yet met, as
// scrutineer.LearningReview.Deadlines sets them: a date that starts one and no date
// that meets it. It only narrows what is read; the deadlines themselves are still
// worked out in the domain from the rows it keeps.
const mayHaveOpenDeadline = `(status = 'draft'
	OR (referral_on <> '' AND notified_on = '')
	OR (decision = 'full_review' AND decided_on <> '' AND completed_on = '')
	OR (decision IN ('full_review', 'alternative_approach') AND ratified_on <> '' AND outcome_on = ''))`

// ListDeadlines implements scrutineer.LearningReviewService: the caller's
// committee's reviews, reading only the columns their deadlines and labels need (a
// dashboard counting drafts and overdue deadlines spent most of its time reading all
// 41).
func (s *LearningReviews) ListDeadlines(ctx context.Context, scope scrutineer.ReviewScope) ([]*scrutineer.LearningReview, error) {
	committee, err := ownCommitteeOf(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, deadlinesQuery(scope), committee)
	if err != nil {
		return nil, fmt.Errorf("list learning review deadlines: %w", err)
	}
	return collect(rows, func(rs scanner) (*scrutineer.LearningReview, error) { return scanSummary(rs) })
}

// deadlinesQuery is ListDeadlines' query for scope. NOTE: "r.status <> 'closed'" is
// written out, not bound, so that SQLite reads learning_reviews_in_progress: the
// committee's open reviews, not every review it has ever had.
func deadlinesQuery(scope scrutineer.ReviewScope) string {
	where := `r.committee_id = $1 AND r.status <> 'closed'`
	if scope == scrutineer.ReviewsWithOpenDeadlines {
		where += ` AND ` + mayHaveOpenDeadline
	}
	return `SELECT ` + summaryColumns + ` FROM learning_reviews r WHERE ` + where + ` ORDER BY r.created_at DESC, r.id DESC`
}

// ListClosed implements scrutineer.LearningReviewService: a page of the caller's
// committee's closed reviews, newest first, reading one more than a page to know
// whether another follows.
func (s *LearningReviews) ListClosed(ctx context.Context, page int) ([]*scrutineer.LearningReview, bool, error) {
	committee, err := ownCommitteeOf(ctx)
	if err != nil {
		return nil, false, err
	}
	size := scrutineer.ClosedReviewsPageSize
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+summaryColumns+` FROM learning_reviews r WHERE r.committee_id = $1 AND r.status = 'closed'
		ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, committee, size+1, (max(page, 1)-1)*size)
	if err != nil {
		return nil, false, fmt.Errorf("list closed learning reviews: %w", err)
	}
	list, err := collect(rows, func(rs scanner) (*scrutineer.LearningReview, error) { return scanSummary(rs) })
	if err != nil || len(list) <= size {
		return list, false, err
	}
	return list[:size], true, nil
}

// ownCommitteeOf returns the caller's committee when they are one of its officers.
func ownCommitteeOf(ctx context.Context) (string, error) {
	u := scrutineer.UserFromContext(ctx)
	if u == nil {
		return "", scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	if err := auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: u.OrganisationID}); err != nil {
		return "", err
	}
	return u.OrganisationID, nil
}

// summaryColumns are what lists of reviews show and count from: the policy's
// committee and status, a review's label, and the dates its deadlines run from. A
// list reading all 41 columns spent most of its time in them.
const summaryColumns = `r.id, r.committee_id, r.status, r.decision, r.subject_type, r.age_band, r.event_type,
	r.referral_on, r.notified_on, r.decided_on, r.completed_on, r.ratified_on, r.outcome_on`

// scanSummary reads summaryColumns, then any more columns into more; the review's
// other fields are left empty.
func scanSummary(rs scanner, more ...any) (*scrutineer.LearningReview, error) {
	r := &scrutineer.LearningReview{}
	var status string
	err := rs.Scan(append([]any{&r.ID, &r.CommitteeID, &status, &r.Decision, &r.SubjectType, &r.AgeBand, &r.EventType,
		&r.ReferralOn, &r.NotifiedOn, &r.DecidedOn, &r.CompletedOn, &r.RatifiedOn, &r.OutcomeOn}, more...)...)
	r.Status = scrutineer.LearningReviewStatus(status)
	return r, err
}

// history returns the review's status changes, oldest first.
func (s *LearningReviews) history(ctx context.Context, id string) ([]scrutineer.LearningReviewEvent, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT from_status, to_status, COALESCE(actor_id, ''), at FROM learning_review_events WHERE review_id = $1 ORDER BY at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("learning review history: %w", err)
	}
	defer rows.Close()
	out := []scrutineer.LearningReviewEvent{}
	for rows.Next() {
		var e scrutineer.LearningReviewEvent
		var from, to string
		var at Time
		if err := rows.Scan(&from, &to, &e.ActorID, &at); err != nil {
			return nil, fmt.Errorf("scan learning review event: %w", err)
		}
		e.FromStatus, e.ToStatus, e.At = scrutineer.LearningReviewStatus(from), scrutineer.LearningReviewStatus(to), at.Time
		out = append(out, e)
	}
	return out, rows.Err()
}

// links returns the ids of the reviews r is linked to, in id order.
func (s *LearningReviews) links(ctx context.Context, id string) ([]string, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT linked_review_id FROM learning_review_links WHERE review_id = $1 ORDER BY linked_review_id`, id)
	if err != nil {
		return nil, fmt.Errorf("learning review links: %w", err)
	}
	return collect(rows, func(rs scanner) (string, error) {
		var l string
		return l, rs.Scan(&l)
	})
}

// splitCodes reads a comma-separated list of codes as stored.
func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// joinCodes writes a list of codes for storage: codes never contain commas.
func joinCodes(codes []string) string { return strings.Join(codes, ",") }
