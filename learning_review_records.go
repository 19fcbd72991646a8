package scrutineer

import "time"

// The records a learning review gathers after its decision. Each is its own row so
// that national reporting can count them (recommendations by theme and agency,
// actions by status). Free text in them is run through the personal-data check
// before it is saved; none is meant to hold a name.

// ReviewUpdate is an interim update while a full review is in progress.
type ReviewUpdate struct {
	ID                   string
	ReviewID             string
	ReviewTeam           string // who is doing the review, by role (free text)
	ExpectedCompletionOn string
	PausedFor            string // "" or a PausedForCodes value
	DelayReasons         string
	CreatedBy            string
	CreatedAt            time.Time
}

// LearningPoint is one point of learning from an outcome.
type LearningPoint struct {
	ID       string
	ReviewID string
	Position int
	Body     string
	Themes   []string // theme codes
}

// Recommendation is one recommendation of an outcome, with the agency responsible.
type Recommendation struct {
	ID       string
	ReviewID string
	Position int
	Body     string
	Agency   string   // an AgencyCodes value
	Themes   []string // theme codes
}

// ReviewAction is one line of an outcome's action plan. The committee updates its
// status after the outcome has been notified.
type ReviewAction struct {
	ID               string
	ReviewID         string
	RecommendationID string // "" when the action answers no single recommendation
	Position         int
	Action           string
	Owner            string // the agency or role that owns it, never a person's name
	DueOn            string
	Status           string // an ActionStatusCodes value
	UpdatedAt        time.Time
	Version          int
}

// ReviewMessage is one message in a review's thread between its committee and the
// regulator. ReadAt is when the other side first opened the thread after it.
type ReviewMessage struct {
	ID            string
	ReviewID      string
	AuthorID      string
	AuthorName    string // filled when listing
	FromRegulator bool
	Body          string
	CreatedAt     time.Time
	ReadAt        time.Time
}

// AppraisalCriterion is one item of the regulator's appraisal checklist. The list is
// configuration: managers may reword, reorder, add or retire items.
type AppraisalCriterion struct {
	Code     string
	Label    string
	Guidance string
	Position int
	Active   bool
}

// DefaultAppraisalCriteria seed the checklist (issue 5 and domain.md).
var DefaultAppraisalCriteria = []AppraisalCriterion{
	{Code: "systemic_approach", Label: "Systemic approach", Guidance: "The review looked at why things happened across the system, not only what individuals did.", Position: 1, Active: true},
	{Code: "staff_involvement", Label: "Staff involvement", Guidance: "Practitioners and managers who worked with the person took part.", Position: 2, Active: true},
	{Code: "family_involvement", Label: "Family involvement", Guidance: "The family was invited to contribute and their views are reflected.", Position: 3, Active: true},
	{Code: "proportionality", Label: "Proportionality", Guidance: "The scope and method fitted the circumstances of the case.", Position: 4, Active: true},
	{Code: "timeliness", Label: "Timeliness", Guidance: "The review kept to its timescales, or explained its delays.", Position: 5, Active: true},
	{Code: "quality_of_analysis", Label: "Quality of analysis", Guidance: "Findings are supported by evidence and explain underlying causes.", Position: 6, Active: true},
	{Code: "action_plan_quality", Label: "Quality of the action plan", Guidance: "Actions are specific, owned, timed and answer the recommendations.", Position: 7, Active: true},
}

// AppraisalRating is an inspector's rating of one checklist item for one review.
type AppraisalRating struct {
	ReviewID  string
	Criterion string
	Rating    string // an AppraisalRatingCodes value
	Comment   string
	RatedBy   string
	RatedAt   time.Time
}

// ObservationsStatus is where a review's observations letter is.
type ObservationsStatus string

// The states of observations: drafted by the inspector, submitted to a manager,
// issued by the manager (which moves the review to observations issued).
const (
	ObservationsDraft     ObservationsStatus = "draft"
	ObservationsSubmitted ObservationsStatus = "submitted"
	ObservationsIssued    ObservationsStatus = "issued"
)

// Observations are the regulator's observations on a full review, sent as a letter
// to the chief officers group and the committee.
type Observations struct {
	ReviewID   string
	Body       string
	Status     ObservationsStatus
	DraftedBy  string
	ApprovedBy string
	IssuedAt   time.Time
	UpdatedAt  time.Time
	Version    int
}
