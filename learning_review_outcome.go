package scrutineer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ReviewOutcomeInput is the outcome of a learning review as its committee notifies
// it (../shared/docs/domain.md, section 1: "An outcome adds ..."). Dates are
// YYYY-MM-DD; coded fields hold values of their vocabularies ("" when not given).
// The web journey keeps one as a draft between its steps.
type ReviewOutcomeInput struct {
	CompletedOn       string           `json:"completed_on"`
	RatifiedOn        string           `json:"ratified_on"`
	Methodology       string           `json:"methodology"`
	FamilyInvolvement string           `json:"family_involvement"`
	StaffInvolvement  string           `json:"staff_involvement"`
	DelayReasons      string           `json:"delay_reasons"`
	Publication       string           `json:"publication"`
	DocumentIDs       []string         `json:"document_ids"`
	LearningPoints    []LearningPoint  `json:"learning_points"`
	Recommendations   []Recommendation `json:"recommendations"`
	Actions           []ReviewAction   `json:"actions"`
}

// ReviewOutcome is what a notified outcome holds besides the review's own fields:
// its learning points, recommendations and action plan, each in order.
type ReviewOutcome struct {
	LearningPoints  []*LearningPoint
	Recommendations []*Recommendation
	Actions         []*ReviewAction
}

// Limits on the outcome's free text, in characters.
const (
	maxOutcomeText = 5000
	maxShortText   = 500
	maxOutcomeRows = 200
)

const outcomeInvalidText = "Check the outcome: some answers are missing or not valid."

// ThemeCodes returns the codes of the theme vocabulary in force.
func ThemeCodes() []string {
	out := make([]string, len(DefaultThemes))
	for i, th := range DefaultThemes {
		out[i] = th.Code
	}
	return out
}

// OutcomeMayBeNotified returns ECONFLICT when r's decision has no outcome (a decision
// not to review), and nil otherwise; the lifecycle (CheckMove) says when.
func (r *LearningReview) OutcomeMayBeNotified() error {
	if r.Decision == "no_review" {
		return Errorf(ECONFLICT, "The committee decided not to review this case, so there is no outcome to notify.")
	}
	return nil
}

// ValidateOutcome checks in as the outcome of r: both dates real and not in the
// future, ratification on or after completion and completion on or after the
// decision; coded answers in their vocabularies; at least one document; for an
// alternative approach at least one learning point; each recommendation with text
// and an agency, each action with text, owner, due date and status. With journey
// (the web's check-your-answers) the methodology, both involvements and the
// publication intention are needed too; the API's minimum (the contract) needs
// only the dates and the documents. Fields of list items are named like
// "recommendations.0.agency". It does not change r or in.
func (r *LearningReview) ValidateOutcome(in *ReviewOutcomeInput, today time.Time, journey bool) error {
	if err := r.OutcomeMayBeNotified(); err != nil {
		return err
	}
	var p Problems
	done, doneOK := checkDate(&p, "completed_on", "the date the review was completed", in.CompletedOn, today, true)
	rat, ratOK := checkDate(&p, "ratified_on", "the date the chief officers group ratified the outcome", in.RatifiedOn, today, true)
	if doneOK && ratOK && rat.Before(done) {
		p.Add("ratified_on", "The ratification date must be the same as or after the completion date.")
	}
	if dec, err := time.Parse(dateLayout, r.DecidedOn); err == nil && doneOK && done.Before(dec) {
		p.Add("completed_on", "The completion date must be the same as or after the date of the decision ("+dec.Format("2 January 2006")+").")
	}
	code := func(field, value, missing string, cs Codes) {
		switch {
		case value == "" && journey:
			p.Add(field, missing)
		case value != "" && !cs.Has(value):
			p.Add(field, "Choose one of: "+strings.Join(cs.Values(), ", ")+".")
		}
	}
	code("methodology", in.Methodology, "Choose the method the review used.", MethodCodes)
	code("family_involvement", in.FamilyInvolvement, "Say whether the family was involved.", InvolvementCodes)
	code("staff_involvement", in.StaffInvolvement, "Say whether staff were involved.", InvolvementCodes)
	code("publication", in.Publication, "Say whether the committee intends to publish the report.", PublicationCodes)
	textLimit(&p, "delay_reasons", "Reasons for delay", in.DelayReasons, maxOutcomeText)
	if len(in.DocumentIDs) == 0 {
		p.Add("document_ids", "Upload the "+lower(OutcomeDocumentKind(r.Decision).Label())+" of the review.")
	}
	if r.Decision == "alternative_approach" && len(in.LearningPoints) == 0 {
		p.Add("learning_points", "Add at least one learning point: an alternative approach is notified by its learning.")
	}
	if len(in.LearningPoints) > maxOutcomeRows || len(in.Recommendations) > maxOutcomeRows || len(in.Actions) > maxOutcomeRows {
		p.Add("learning_points", fmt.Sprintf("An outcome may hold at most %d learning points, recommendations and actions of each kind.", maxOutcomeRows))
	}
	for i := range in.LearningPoints {
		in.LearningPoints[i].check(&p, fmt.Sprintf("learning_points.%d.", i))
	}
	for i := range in.Recommendations {
		in.Recommendations[i].check(&p, fmt.Sprintf("recommendations.%d.", i))
	}
	for i := range in.Actions {
		in.Actions[i].check(&p, fmt.Sprintf("actions.%d.", i))
	}
	return p.Err(outcomeInvalidText)
}

// OutcomeDocumentKind is the kind of document an outcome is sent with: a full
// review's report, or an alternative approach's learning summary (or minutes).
func OutcomeDocumentKind(decision string) DocumentKind {
	if decision == "alternative_approach" {
		return DocLearningSummary
	}
	return DocReport
}

// Validate checks one learning point; fields are "body" and "themes".
func (lp *LearningPoint) Validate() error {
	var p Problems
	lp.check(&p, "")
	return p.Err("Check the learning point.")
}

func (lp *LearningPoint) check(p *Problems, prefix string) {
	required(p, prefix+"body", "Enter the learning point.", lp.Body)
	textLimit(p, prefix+"body", "A learning point", lp.Body, maxOutcomeText)
	checkThemes(p, prefix+"themes", lp.Themes)
}

// Validate checks one recommendation; fields are "body", "agency" and "themes".
func (rc *Recommendation) Validate() error {
	var p Problems
	rc.check(&p, "")
	return p.Err("Check the recommendation.")
}

func (rc *Recommendation) check(p *Problems, prefix string) {
	required(p, prefix+"body", "Enter the recommendation.", rc.Body)
	textLimit(p, prefix+"body", "A recommendation", rc.Body, maxOutcomeText)
	switch {
	case rc.Agency == "":
		p.Add(prefix+"agency", "Choose the agency responsible for the recommendation.")
	case !AgencyCodes.Has(rc.Agency):
		p.Add(prefix+"agency", "Choose one of: "+strings.Join(AgencyCodes.Values(), ", ")+".")
	}
	checkThemes(p, prefix+"themes", rc.Themes)
}

// Validate checks one line of the action plan; fields are "action", "owner",
// "due_on" and "status". The due date may be in the future.
func (a *ReviewAction) Validate() error {
	var p Problems
	a.check(&p, "")
	return p.Err("Check the action.")
}

func (a *ReviewAction) check(p *Problems, prefix string) {
	required(p, prefix+"action", "Enter the action.", a.Action)
	textLimit(p, prefix+"action", "An action", a.Action, maxOutcomeText)
	required(p, prefix+"owner", "Enter who owns the action: an agency or a role, not a person's name.", a.Owner)
	textLimit(p, prefix+"owner", "The owner", a.Owner, maxShortText)
	checkDate(p, prefix+"due_on", "the date the action is due", a.DueOn, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), true)
	checkActionStatus(p, prefix+"status", a.Status)
}

// ValidateActionStatus checks a new status for an action of the plan.
func ValidateActionStatus(status string) error {
	var p Problems
	checkActionStatus(&p, "status", status)
	return p.Err("Check the action's status.")
}

func checkActionStatus(p *Problems, field, status string) {
	switch {
	case status == "":
		p.Add(field, "Choose the action's status.")
	case !ActionStatusCodes.Has(status):
		p.Add(field, "Choose one of: "+strings.Join(ActionStatusCodes.Values(), ", ")+".")
	}
}

// Validate checks an interim update given today: an expected completion date (a
// real date, today or later), a pause that is criminal proceedings, a fatal
// accident inquiry or none, and free text within its limits.
func (u *ReviewUpdate) Validate(today time.Time) error {
	var p Problems
	textLimit(&p, "review_team", "The review team", u.ReviewTeam, maxShortText)
	v := strings.TrimSpace(u.ExpectedCompletionOn)
	switch d, err := time.Parse(dateLayout, v); {
	case v == "":
		p.Add("expected_completion_on", "Enter the date you now expect the review to be completed.")
	case err != nil:
		p.Add("expected_completion_on", "Enter the expected completion date as a real date in the form YYYY-MM-DD, for example 2026-09-30.")
	case d.Before(today):
		p.Add("expected_completion_on", "The expected completion date must be today or in the future.")
	}
	if u.PausedFor != "" && !PausedForCodes.Has(u.PausedFor) {
		p.Add("paused_for", "Choose criminal proceedings, fatal accident inquiry, or not paused.")
	}
	textLimit(&p, "delay_reasons", "Reasons for delay", u.DelayReasons, maxOutcomeText)
	return p.Err("Check the update.")
}

// ValidateCompletion checks the date r was completed: real, not in the future and
// not before the decision.
func (r *LearningReview) ValidateCompletion(completedOn string, today time.Time) error {
	var p Problems
	done, ok := checkDate(&p, "completed_on", "the date the review was completed", completedOn, today, true)
	if dec, err := time.Parse(dateLayout, r.DecidedOn); err == nil && ok && done.Before(dec) {
		p.Add("completed_on", "The completion date must be the same as or after the date of the decision ("+dec.Format("2 January 2006")+").")
	}
	return p.Err("Check the completion date.")
}

// Trim removes spaces around every free-text and coded answer of in, and drops
// empty document ids, so stored answers compare as given.
func (in *ReviewOutcomeInput) Trim() {
	for _, s := range []*string{&in.CompletedOn, &in.RatifiedOn, &in.Methodology, &in.FamilyInvolvement, &in.StaffInvolvement, &in.DelayReasons, &in.Publication} {
		*s = strings.TrimSpace(*s)
	}
	in.DocumentIDs = slices.DeleteFunc(in.DocumentIDs, func(s string) bool { return strings.TrimSpace(s) == "" })
	for i := range in.LearningPoints {
		in.LearningPoints[i].Body = strings.TrimSpace(in.LearningPoints[i].Body)
	}
	for i := range in.Recommendations {
		in.Recommendations[i].Body, in.Recommendations[i].Agency = strings.TrimSpace(in.Recommendations[i].Body), strings.TrimSpace(in.Recommendations[i].Agency)
	}
	for i := range in.Actions {
		a := &in.Actions[i]
		a.Action, a.Owner, a.DueOn, a.Status = strings.TrimSpace(a.Action), strings.TrimSpace(a.Owner), strings.TrimSpace(a.DueOn), strings.TrimSpace(a.Status)
	}
}

func required(p *Problems, field, missing, value string) {
	if strings.TrimSpace(value) == "" {
		p.Add(field, missing)
	}
}

func textLimit(p *Problems, field, what, value string, limit int) {
	if utf8.RuneCountInString(value) > limit {
		p.Add(field, fmt.Sprintf("%s must be %d characters or fewer.", what, limit))
	}
}

func checkThemes(p *Problems, field string, themes []string) {
	codes := ThemeCodes()
	for _, th := range themes {
		if !slices.Contains(codes, th) {
			p.Add(field, "Choose themes from the list.")
			return
		}
	}
}

// ReviewOutcomeService follows a review after its decision: interim updates,
// completion, the outcome with its learning, recommendations and action plan, and
// the committee's later updates of the plan. Every method is for the review's
// committee officers, except the lists, which whoever may see the review may call.
// ENOTFOUND for a review the caller may not see or change; ECONFLICT for a move the
// lifecycle does not allow; EINVALID with field problems.
type ReviewOutcomeService interface {
	// StartReview moves a full review from decision notified to in progress.
	StartReview(ctx context.Context, id string) (*LearningReview, error)
	// AddUpdate records an interim update of a review in progress and sets its
	// expected completion date and pause flag.
	AddUpdate(ctx context.Context, id string, u *ReviewUpdate) (*LearningReview, error)
	// Complete records that a review in progress was completed on completedOn.
	Complete(ctx context.Context, id, completedOn string) (*LearningReview, error)
	// SaveOutcomeDraft keeps the outcome journey's answers so far.
	SaveOutcomeDraft(ctx context.Context, id string, in *ReviewOutcomeInput) error
	// OutcomeDraft returns the answers saved so far (empty when none).
	OutcomeDraft(ctx context.Context, id string) (*ReviewOutcomeInput, error)
	// NotifyOutcome validates and records the outcome: status outcome_notified, the
	// documents sent to the regulator. ECONFLICT while a named document is not this
	// review's, not yet checked, or has unresolved personal-data findings.
	NotifyOutcome(ctx context.Context, id string, in *ReviewOutcomeInput) (*LearningReview, error)
	// ListUpdates returns a review's interim updates, oldest first.
	ListUpdates(ctx context.Context, id string) ([]*ReviewUpdate, error)
	// ListOutcome returns the records of a notified outcome.
	ListOutcome(ctx context.Context, id string) (*ReviewOutcome, error)
	// UpdateAction changes the status of one action of the plan; ECONFLICT when
	// version is not 0 and not the action's version.
	UpdateAction(ctx context.Context, reviewID, actionID, status string, version int) (*ReviewAction, error)
}
