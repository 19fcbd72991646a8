package scrutineer

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The regulator's own work on a learning review (docs/decisions/0104): the triage
// queue, assignment, the automatic acknowledgement, the appraisal against the
// configurable checklist, and the observations letter.

// JobReviewAcknowledgements is the periodic job that acknowledges new decision and
// outcome notifications to their committee (it schedules its own next run).
const JobReviewAcknowledgements = "review_acknowledgements"

// TriageItem is one line of the triage queue: a review waiting for the regulator
// at the step it has reached.
type TriageItem struct {
	Review        *LearningReview
	CommitteeName string
	// Since is the date (YYYY-MM-DD) the review reached this step: the decision's
	// or the outcome's notification.
	Since   string
	AgeDays int
	// Overdue lists the codes (ServiceLevel codes) of the review's overdue deadlines.
	Overdue []string
}

// ReviewObservations are a review's observations with where they are in sign-off:
// the manager's comment when they were returned to the inspector.
type ReviewObservations struct {
	Observations
	ReturnComment string
	SubmittedAt   time.Time
}

// ObservationsLetter is what the letter to the chief officers group and the
// committee shows.
type ObservationsLetter struct {
	Review        *LearningReview
	CommitteeName string
	Body          string
	IssuedAt      time.Time
	ApprovedBy    string // the manager's name
}

// RatedCriterion is a checklist item with its rating for one review (Rating "" when
// not yet rated).
type RatedCriterion struct {
	AppraisalCriterion
	Rating  string
	Comment string
}

// Limits of the regulator's free text.
const (
	maxCommentRunes      = 2000
	maxObservationsRunes = 20000
	maxMessageRunes      = 5000
	maxCriterionRunes    = 200
)

// ValidateRating checks one rating: a known value; a comment needs a rating.
func ValidateRating(r AppraisalRating, field string) error {
	var p Problems
	checkRating(&p, r, field)
	return p.Err("Check the ratings.")
}

func checkRating(p *Problems, r AppraisalRating, field string) {
	switch {
	case r.Rating == "" && strings.TrimSpace(r.Comment) != "":
		p.Add(field, "Choose a rating for this item, or remove the comment.")
	case r.Rating != "" && !AppraisalRatingCodes.Has(r.Rating):
		p.Add(field, "Choose met, partly met, not met or not applicable.")
	}
	if utf8.RuneCountInString(r.Comment) > maxCommentRunes {
		p.Add(field+"_comment", "The comment must be 2,000 characters or fewer.")
	}
}

// ValidateRatings checks every rating given; each problem is keyed by the
// criterion's code.
func ValidateRatings(rs []AppraisalRating) error {
	var p Problems
	for _, r := range rs {
		checkRating(&p, r, r.Criterion)
	}
	return p.Err("Check the ratings.")
}

// ValidateObservationsBody checks the text of observations.
func ValidateObservationsBody(body string) error {
	var p Problems
	switch n := utf8.RuneCountInString(strings.TrimSpace(body)); {
	case n == 0:
		p.Add("body", "Enter the observations.")
	case n > maxObservationsRunes:
		p.Add("body", "The observations must be 20,000 characters or fewer.")
	}
	return p.Err("Check the observations.")
}

// ValidateReturnComment checks a manager's reason for returning observations.
func ValidateReturnComment(comment string) error {
	var p Problems
	switch n := utf8.RuneCountInString(strings.TrimSpace(comment)); {
	case n == 0:
		p.Add("comment", "Say what the inspector should change.")
	case n > maxCommentRunes:
		p.Add("comment", "The comment must be 2,000 characters or fewer.")
	}
	return p.Err("Check your comment.")
}

// ValidateMessage checks a message before it is posted.
func ValidateMessage(body string) error {
	var p Problems
	switch n := utf8.RuneCountInString(strings.TrimSpace(body)); {
	case n == 0:
		p.Add("body", "Enter your message.")
	case n > maxMessageRunes:
		p.Add("body", "Your message must be 5,000 characters or fewer.")
	}
	return p.Err("Check your message.")
}

// ValidateCriteria checks the appraisal checklist as a manager edits it: every item
// has a code and a label, codes are unique and at least one item is active.
// Problems are keyed "label_N" by the item's index.
func ValidateCriteria(cs []AppraisalCriterion) error {
	var p Problems
	seen := map[string]bool{}
	active := 0
	for i, c := range cs {
		field := fmt.Sprintf("label_%d", i)
		switch n := utf8.RuneCountInString(strings.TrimSpace(c.Label)); {
		case n == 0:
			p.Add(field, "Enter the wording of item "+fmt.Sprint(i+1)+".")
		case n > maxCriterionRunes:
			p.Add(field, "The wording of item "+fmt.Sprint(i+1)+" must be 200 characters or fewer.")
		}
		if utf8.RuneCountInString(c.Guidance) > maxCommentRunes {
			p.Add(fmt.Sprintf("guidance_%d", i), "The guidance of item "+fmt.Sprint(i+1)+" must be 2,000 characters or fewer.")
		}
		if c.Code == "" || seen[c.Code] {
			p.Add(field, "Item "+fmt.Sprint(i+1)+" needs a wording that is different from the other items.")
		}
		seen[c.Code] = true
		if c.Active {
			active++
		}
	}
	if active == 0 && len(cs) > 0 {
		p.Add("label_0", "Keep at least one item in use.")
	}
	return p.Err("Check the checklist.")
}

// CriterionCode makes the code of a new checklist item from its wording:
// lower-case letters and digits joined by underscores ("Quality of the plan" →
// "quality_of_the_plan").
func CriterionCode(label string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(label) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
		default:
			under = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return b.String()
}

// ObservationsSummary is the structured start of observations drafted from an
// appraisal: one paragraph per rated item, in checklist order, which the inspector
// then edits into the letter.
func ObservationsSummary(items []RatedCriterion) string {
	var b strings.Builder
	b.WriteString("Thank you for sending the report of this learning review. We have considered how the review was carried out against our appraisal checklist.\n")
	for _, it := range items {
		if it.Rating == "" {
			continue
		}
		fmt.Fprintf(&b, "\n%s: %s.", it.Label, strings.ToLower(AppraisalRatingCodes.Label(it.Rating)))
		if c := strings.TrimSpace(it.Comment); c != "" {
			b.WriteString(" " + c)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// ReviewRegulatorService is the regulator's work on reviews. Methods authorise the
// caller through the policy; another committee's review answers ENOTFOUND.
type ReviewRegulatorService interface {
	// Triage lists reviews in decision_notified or outcome_notified not yet assigned
	// or acknowledged, oldest first. Inspectors and managers.
	Triage(ctx context.Context, today time.Time) ([]*TriageItem, error)
	// Inspectors lists the active accounts with the inspector role, by name.
	Inspectors(ctx context.Context) ([]*User, error)
	// Assign sets the review's inspector: managers assign any inspector; an
	// inspector may take an unassigned review. EINVALID when assigneeID is not an
	// inspector; ECONFLICT when an inspector tries to take someone else's review.
	Assign(ctx context.Context, id, assigneeID string) (*LearningReview, error)
	// Close closes a review the regulator has finished with; ECONFLICT otherwise.
	Close(ctx context.Context, id string) (*LearningReview, error)
	// StartAppraisal moves a full review's notified outcome to under appraisal.
	StartAppraisal(ctx context.Context, id string) (*LearningReview, error)
	// Criteria lists the checklist in order; with all, retired items too.
	Criteria(ctx context.Context, all bool) ([]AppraisalCriterion, error)
	// SaveCriteria replaces the checklist's wording, order and use (managers and
	// administrators); codes of existing items are kept, new items get new codes.
	SaveCriteria(ctx context.Context, cs []AppraisalCriterion) error
	// Ratings returns the checklist's active items with the review's ratings.
	Ratings(ctx context.Context, id string) ([]RatedCriterion, error)
	// Rate saves ratings of a review under appraisal (the assigned inspector or a
	// manager); an empty rating clears the item.
	Rate(ctx context.Context, id string, rs []AppraisalRating) error
	// Observations returns the review's observations; ENOTFOUND when none.
	Observations(ctx context.Context, id string) (*ReviewObservations, error)
	// SaveObservations saves the draft (a returned draft becomes a draft again).
	SaveObservations(ctx context.Context, id, body string) (*ReviewObservations, error)
	// SubmitObservations sends the draft to the managers; every active item must be
	// rated.
	SubmitObservations(ctx context.Context, id string) (*ReviewObservations, error)
	// ReturnObservations sends submitted observations back with a comment
	// (managers).
	ReturnObservations(ctx context.Context, id, comment string) (*ReviewObservations, error)
	// IssueObservations approves and issues submitted observations (managers): the
	// review moves to observations issued and the committee's officers are emailed.
	IssueObservations(ctx context.Context, id string) (*LearningReview, error)
	// Letter returns the issued observations letter; ENOTFOUND before it is issued.
	Letter(ctx context.Context, id string) (*ObservationsLetter, error)
}

// UnreadMessages counts one review's messages the caller has not read.
type UnreadMessages struct {
	ReviewID      string
	CommitteeName string
	Count         int
	Latest        time.Time
}

// ReviewMessageService keeps each review's thread between its committee and the
// regulator.
type ReviewMessageService interface {
	// OpenThread returns the thread oldest first and marks as read the messages
	// from the other side when the caller takes part in it (the committee's
	// officers; inspectors and managers).
	OpenThread(ctx context.Context, reviewID string) ([]*ReviewMessage, error)
	// PostMessage adds a message and emails the other side a notice with a link.
	// EFORBIDDEN for those who may read the review but not take part.
	PostMessage(ctx context.Context, reviewID, body string) (*ReviewMessage, error)
	// Unread counts, per review, the messages from the other side the caller has
	// not read: committee officers for their committee; inspectors for the
	// reviews assigned to them; managers also for unassigned reviews.
	Unread(ctx context.Context) ([]UnreadMessages, error)
}
