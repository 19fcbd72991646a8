package scrutineer

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// LearningReview is a committee's notification to the regulator of a case that may
// warrant a learning review (../shared/docs/domain.md, section 1), from its draft to
// its decision. Coded fields hold the contract's vocabulary values ("" when not yet
// given); dates are calendar dates as YYYY-MM-DD ("" when not yet given). No field
// holds a name: the subject is described by codes only.
type LearningReview struct {
	ID          string
	CommitteeID string // the organisation id of the committee that owns the review
	Status      LearningReviewStatus
	SubjectType string // child | adult
	AgeBand     string
	Sex         string
	EventType   string
	IncidentOn  string
	ReferralOn  string
	Decision    string
	DecidedOn   string
	Reasons     string

	// Characteristics and the case (codes of the vocabularies in
	// learning_review_codes.go; lists are sets of codes).
	Disability        string
	Ethnicity         string
	LegalStatus       string
	ProtectionStatus  string
	HarmNature        string
	CriteriaSet       string
	Criteria          []string
	InfoRequestedOn   string
	InfoReturnedOn    string
	ParallelProcesses []string
	PlannedMethod     string
	LinkedReviewIDs   []string // filled by Find

	// Following the review and its outcome.
	NotifiedOn           string // the date the decision was notified (set by the service)
	ExpectedCompletionOn string
	PausedFor            string // "" or a PausedFor code: a flag, not a state
	CompletedOn          string
	RatifiedOn           string
	OutcomeOn            string // the date the outcome was notified (set by the service)
	Methodology          string
	FamilyInvolvement    string
	StaffInvolvement     string
	DelayReasons         string
	Publication          string
	ClosedOn             string

	// The regulator's triage.
	AssigneeID     string // the inspector assigned; "" when not yet assigned
	AcknowledgedAt time.Time

	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int
	History   []LearningReviewEvent // status changes, oldest first (filled by Find)
}

// LearningReviewEvent is one change of a review's status, for its history.
type LearningReviewEvent struct {
	FromStatus LearningReviewStatus // "" for the creation of the draft
	ToStatus   LearningReviewStatus
	ActorID    string
	At         time.Time
}

// LearningReviewStatus is where a review is in its lifecycle.
type LearningReviewStatus string

// The states of a learning review; learning_review_lifecycle.go says which moves
// between them are allowed.
const (
	ReviewDraft              LearningReviewStatus = "draft"
	ReviewDecisionNotified   LearningReviewStatus = "decision_notified"
	ReviewInProgress         LearningReviewStatus = "in_progress"
	ReviewCompleted          LearningReviewStatus = "completed"
	ReviewOutcomeNotified    LearningReviewStatus = "outcome_notified"
	ReviewUnderAppraisal     LearningReviewStatus = "under_appraisal"
	ReviewObservationsIssued LearningReviewStatus = "observations_issued"
	ReviewClosed             LearningReviewStatus = "closed"
)

// LearningReviewStatuses lists every status in lifecycle order.
var LearningReviewStatuses = []LearningReviewStatus{ReviewDraft, ReviewDecisionNotified, ReviewInProgress, ReviewCompleted,
	ReviewOutcomeNotified, ReviewUnderAppraisal, ReviewObservationsIssued, ReviewClosed}

// The vocabularies of the contract.
var (
	SubjectTypes      = []string{"child", "adult"}
	ChildAgeBands     = []string{"under_1", "1_4", "5_11", "12_15", "16_17"}
	AdultAgeBands     = []string{"18_25", "26_64", "65_plus"}
	Sexes             = []string{"female", "male", "not_known"}
	EventTypes        = []string{"death", "significant_harm", "risk_of_significant_harm", "effective_practice"}
	ReviewDecisions   = []string{"full_review", "alternative_approach", "no_review"}
	maxReasonsRunes   = 5000
	dateLayout        = "2006-01-02"
	reviewInvalidText = "Check the learning review: some answers are missing or not valid."
)

// LearningReviewChanges are the fields a PATCH gives; nil means "leave as it is" and
// "" clears a field (except subject_type, which a review always has).
type LearningReviewChanges struct {
	SubjectType *string
	AgeBand     *string
	Sex         *string
	EventType   *string
	IncidentOn  *string
	ReferralOn  *string
	Version     int // when not 0, the version the caller last saw

	// The rest of the notification (learning_review_notification.go). Lists are
	// replaced whole; Decision, DecidedOn and Reasons are the draft's answers to the
	// decision question, sent with NotifyDecision.
	Disability, Ethnicity, LegalStatus, ProtectionStatus, HarmNature *string
	CriteriaSet                                                      *string
	Criteria                                                         *[]string
	InfoRequestedOn, InfoReturnedOn                                  *string
	ParallelProcesses                                                *[]string
	PlannedMethod                                                    *string
	LinkedReviewIDs                                                  *[]string
	Decision, DecidedOn, Reasons                                     *string
}

// Apply copies the given changes onto r.
func (c *LearningReviewChanges) Apply(r *LearningReview) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&r.SubjectType, c.SubjectType)
	set(&r.AgeBand, c.AgeBand)
	set(&r.Sex, c.Sex)
	set(&r.EventType, c.EventType)
	set(&r.IncidentOn, c.IncidentOn)
	set(&r.ReferralOn, c.ReferralOn)
	c.applyNotification(r)
}

// ReviewDecisionInput is the body of a decision notification.
type ReviewDecisionInput struct {
	Decision  string
	DecidedOn string
	Reasons   string
	// Check, when not nil, is the personal-data check of Reasons: each finding must
	// be confirmed not personal data (the web journey; the API sends none).
	Check *ReasonsCheck
}

// AgeBandsFor returns the age bands allowed for a subject type.
func AgeBandsFor(subjectType string) []string {
	switch subjectType {
	case "child":
		return ChildAgeBands
	case "adult":
		return AdultAgeBands
	}
	return nil
}

// ValidateDraft checks what a draft may hold: a subject type, and any other given
// field well formed. today is the regulator's current date. Missing fields other
// than subject_type are fine in a draft.
func (r *LearningReview) ValidateDraft(today time.Time) error {
	var p Problems
	r.checkFields(&p, today, false)
	return p.Err(reviewInvalidText)
}

// ValidateDecision checks that r with in may be notified as a decision: every field
// the contract lists present and valid. It does not change r.
func (r *LearningReview) ValidateDecision(in ReviewDecisionInput, today time.Time) error {
	var p Problems
	r.checkFields(&p, today, true)
	in.Decision, in.Reasons = strings.TrimSpace(in.Decision), strings.TrimSpace(in.Reasons)
	switch {
	case in.Decision == "":
		p.Add("decision", "Choose the decision: full review, alternative approach or no review.")
	case !slices.Contains(ReviewDecisions, in.Decision):
		p.Add("decision", "Choose full_review, alternative_approach or no_review.")
	}
	checkDate(&p, "decided_on", "the date of the decision", in.DecidedOn, today, true)
	if in.Decision == "no_review" && in.Reasons == "" {
		p.Add("reasons", "Give the reasons for not proceeding with a review.")
	}
	if utf8.RuneCountInString(in.Reasons) > maxReasonsRunes {
		p.Add("reasons", "Reasons must be 5,000 characters or fewer.")
	}
	in.checkReasons(&p)
	return p.Err(reviewInvalidText)
}

// checkFields adds a problem for each invalid field of r; with required, also for
// each missing one.
func (r *LearningReview) checkFields(p *Problems, today time.Time, required bool) {
	switch {
	case r.SubjectType == "":
		p.Add("subject_type", "Choose whether the subject is a child or an adult.")
	case !slices.Contains(SubjectTypes, r.SubjectType):
		p.Add("subject_type", "Choose child or adult.")
	}
	code := func(field, value, missing, wrong string, allowed []string) {
		switch {
		case value == "" && required:
			p.Add(field, missing)
		case value != "" && !slices.Contains(allowed, value):
			p.Add(field, wrong)
		}
	}
	bands := AgeBandsFor(r.SubjectType)
	if bands == nil {
		bands = append(slices.Clone(ChildAgeBands), AdultAgeBands...)
	}
	code("age_band", r.AgeBand, "Choose the subject's age band.", "Choose an age band for a "+orDefault(r.SubjectType, "subject")+": "+strings.Join(bands, ", ")+".", bands)
	code("sex", r.Sex, "Choose the subject's sex, or not known.", "Choose female, male or not_known.", Sexes)
	code("event_type", r.EventType, "Choose the type of event.", "Choose death, significant_harm, risk_of_significant_harm or effective_practice.", EventTypes)
	inc, incOK := checkDate(p, "incident_on", "the date of the incident", r.IncidentOn, today, required)
	ref, refOK := checkDate(p, "referral_on", "the date of the referral", r.ReferralOn, today, required)
	if incOK && refOK && ref.Before(inc) {
		p.Add("referral_on", "The referral date must be the same as or after the incident date.")
	}
	r.checkNotification(p, today)
}

// checkDate validates a YYYY-MM-DD date not in the future and returns it when valid.
func checkDate(p *Problems, field, what, value string, today time.Time, required bool) (time.Time, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		if required {
			p.Add(field, "Enter "+what+".")
		}
		return time.Time{}, false
	}
	d, err := time.Parse(dateLayout, value)
	if err != nil {
		p.Add(field, "Enter "+what+" as a real date in the form YYYY-MM-DD, for example 2026-03-27.")
		return time.Time{}, false
	}
	if d.After(today) {
		p.Add(field, strings.ToUpper(what[:1])+what[1:]+" must be today or in the past.")
		return time.Time{}, false
	}
	return d, true
}

// scotland is the regulator's time zone; UTC when the zone database is missing.
var scotland = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Today returns the calendar date of now in Scotland (Europe/London), at midnight
// UTC, for comparison with YYYY-MM-DD dates.
func Today(now time.Time) time.Time {
	y, m, d := now.In(scotland).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// LearningReviewFilter narrows a list of reviews; empty fields do not filter.
type LearningReviewFilter struct {
	Status      string
	SubjectType string
	Year        int // the year of the referral
}

// ReviewScope is which of a committee's reviews ListDeadlines returns.
type ReviewScope int

const (
	// ReviewsInProgress are every review not yet closed: a committee's current
	// work, which stays small however many years of closed reviews it has.
	ReviewsInProgress ReviewScope = iota
	// ReviewsWithOpenDeadlines are the drafts and the reviews not closed with a
	// deadline not yet met. A closed review's deadlines no longer run: none is
	// overdue or due (LearningReview.Deadlines).
	ReviewsWithOpenDeadlines
)

// ClosedReviewsPageSize is how many closed reviews a page of them lists.
const ClosedReviewsPageSize = 50

// LearningReviewService keeps learning reviews.
type LearningReviewService interface {
	// CreateDraft starts a draft review of the caller's own committee; EINVALID
	// without a valid subject_type.
	CreateDraft(ctx context.Context, r *LearningReview) error
	// Find returns a review with its history; ENOTFOUND when the caller may not see it.
	Find(ctx context.Context, id string) (*LearningReview, error)
	// List returns the reviews the caller may see that match f, newest first.
	List(ctx context.Context, f LearningReviewFilter) ([]*LearningReview, error)
	// ListDeadlines returns the caller's committee's reviews in scope with only
	// their id, committee, status, decision, subject type, age band, event type and
	// the dates their deadlines need (other fields empty): enough for a dashboard's
	// counts and labels at a fraction of List's cost.
	// Committee officers; others get ENOTFOUND.
	ListDeadlines(ctx context.Context, scope ReviewScope) ([]*LearningReview, error)
	// ListClosed returns a page (from 1) of the caller's committee's closed reviews,
	// newest first, with the fields ListDeadlines fills, and whether a further page
	// exists. Committee officers; others get ENOTFOUND.
	ListClosed(ctx context.Context, page int) (reviews []*LearningReview, more bool, err error)
	// Update applies changes to a draft; ECONFLICT when not a draft or the version
	// is stale.
	Update(ctx context.Context, id string, c *LearningReviewChanges) (*LearningReview, error)
	// NotifyDecision validates and records the decision: status decision_notified.
	NotifyDecision(ctx context.Context, id string, in ReviewDecisionInput) (*LearningReview, error)
}
