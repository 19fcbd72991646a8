package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// reviewOutcomeRoutes: following a review after its decision and notifying its
// outcome (review_outcome*.go, api_learning_reviews_outcome*.go;
// docs/decisions/0103-learning-review-outcome.md). Every page is the committee's:
// the services ask the policy for the review, so anyone else gets 404.
func (s *Server) reviewOutcomeRoutes() []route {
	edit := Requires(auth.EditCommitteeRecord)
	return append(s.reviewOutcomeAPIRoutes(), []route{
		{"POST /learning-reviews/{id}/start", s.reviewStart, edit},
		{"GET /learning-reviews/{id}/update", s.reviewUpdateForm, edit},
		{"POST /learning-reviews/{id}/update", s.reviewUpdateSave, edit},
		{"GET /learning-reviews/{id}/completion", s.reviewCompletionForm, edit},
		{"POST /learning-reviews/{id}/completion", s.reviewCompletionSave, edit},
		{"GET /learning-reviews/{id}/outcome", s.outcomeStart, edit},
		{"GET /learning-reviews/{id}/outcome/{step}", s.outcomeStepForm, edit},
		{"POST /learning-reviews/{id}/outcome/{step}", s.outcomeStepSave, edit},
		{"GET /learning-reviews/{id}/outcome/{step}/{n}", s.outcomeItemForm, edit},
		{"POST /learning-reviews/{id}/outcome/{step}/{n}", s.outcomeItemSave, edit},
		{"POST /learning-reviews/{id}/outcome/{step}/{n}/remove", s.outcomeItemRemove, edit},
		{"GET /learning-reviews/{id}/actions/{action}", s.reviewActionForm, edit},
		{"POST /learning-reviews/{id}/actions/{action}", s.reviewActionSave, edit},
	}...)
}

func init() {
	reviewFlashes["started"] = "The review is now in progress."
	reviewFlashes["update"] = "Your update has been sent to the regulator."
	reviewFlashes["completed"] = "The review is recorded as completed. Notify the outcome once the chief officers group has ratified it."
	reviewFlashes["outcome"] = "The outcome and its report have been sent to the regulator."
	reviewFlashes["action"] = "The action's status has been updated."
	for action, label := range map[string]string{
		"learning_review.start":           "Learning review started",
		"learning_review.update_progress": "Learning review update given",
		"learning_review.complete":        "Learning review completed",
		"learning_review.outcome_draft":   "Learning review outcome draft saved",
		"learning_review.outcome":         "Learning review outcome notified",
		"learning_review.action":          "Learning review action updated",
	} {
		auditActionLabels[action] = label
	}
}

// progressPage is the data of the update, completion and action forms.
type progressPage struct {
	Review  *scrutineer.LearningReview
	Paused  []fieldOption
	Status  []fieldOption
	Action  *scrutineer.ReviewAction
	Confirm bool // the text has possible personal data: offer the confirmation
}

// editableReviewPage loads the review of the path for one of the committee's forms.
func (s *Server) editableReviewPage(r *http.Request) (*scrutineer.LearningReview, scrutineer.ReviewOutcomeService, error) {
	return s.editableForOutcome(r.Context(), r.PathValue("id"))
}

// reviewStart moves a full review to in progress.
func (s *Server) reviewStart(w http.ResponseWriter, r *http.Request) error {
	rv, svc, err := s.editableReviewPage(r)
	if err != nil {
		return err
	}
	if _, err := svc.StartReview(r.Context(), rv.ID); err != nil {
		return err
	}
	http.Redirect(w, r, reviewPath(rv.ID)+"?done=started", http.StatusSeeOther)
	return nil
}

func pausedOptions(v string) []fieldOption {
	out := []fieldOption{{Value: "", Label: "Not paused", Selected: v == ""}}
	for _, c := range scrutineer.PausedForCodes {
		out = append(out, fieldOption{Value: c.Value, Label: "Paused for " + strings.ToLower(c.Label), Selected: v == c.Value})
	}
	return out
}

func (s *Server) reviewUpdateForm(w http.ResponseWriter, r *http.Request) error {
	rv, _, err := s.editableReviewPage(r)
	if err != nil {
		return err
	}
	d := s.page(r, "Give an update")
	d.Form = map[string]string{"expected_completion_on": rv.ExpectedCompletionOn, "delay_reasons": rv.DelayReasons}
	d.Data = &progressPage{Review: rv, Paused: pausedOptions(rv.PausedFor)}
	s.render(w, r, http.StatusOK, "review-outcome-update", d)
	return nil
}

func (s *Server) reviewUpdateSave(w http.ResponseWriter, r *http.Request) error {
	rv, svc, err := s.editableReviewPage(r)
	if err != nil {
		return err
	}
	u := &scrutineer.ReviewUpdate{ReviewTeam: r.PostFormValue("review_team"), ExpectedCompletionOn: r.PostFormValue("expected_completion_on"),
		PausedFor: r.PostFormValue("paused_for"), DelayReasons: r.PostFormValue("delay_reasons")}
	err = u.Validate(scrutineer.Today(s.Now()))
	p := &progressPage{Review: rv, Paused: pausedOptions(u.PausedFor)}
	if err == nil {
		p.Confirm, err = confirmedText(r, textField{"review_team", u.ReviewTeam}, textField{"delay_reasons", u.DelayReasons})
	}
	if err == nil {
		_, err = svc.AddUpdate(r.Context(), rv.ID, u)
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		d := s.page(r, "Give an update")
		d.Form = map[string]string{"review_team": u.ReviewTeam, "expected_completion_on": u.ExpectedCompletionOn, "delay_reasons": u.DelayReasons}
		d.withErrors(err, "review_team", "expected_completion_on", "paused_for", "delay_reasons")
		d.Data = p
		s.render(w, r, http.StatusUnprocessableEntity, "review-outcome-update", d)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, reviewPath(rv.ID)+"?done=update", http.StatusSeeOther)
	return nil
}

// confirmedText runs the personal-data check over texts: nil when nothing was
// found or the form confirms it is not personal data, otherwise true (offer the
// confirmation) and EINVALID with the findings per field.
func confirmedText(r *http.Request, texts ...textField) (bool, error) {
	p := piiProblems(texts...)
	if p == nil || r.PostFormValue(confirmField) == "yes" {
		return false, nil
	}
	return true, personalDataProblem(p)
}

func (s *Server) reviewCompletionForm(w http.ResponseWriter, r *http.Request) error {
	rv, _, err := s.editableReviewPage(r)
	if err != nil {
		return err
	}
	if err := rv.CheckMove(scrutineer.ReviewCompleted, scrutineer.ByCommittee); err != nil {
		return err
	}
	d := s.page(r, "Record completion")
	d.Data = &progressPage{Review: rv}
	s.render(w, r, http.StatusOK, "review-outcome-completion", d)
	return nil
}

func (s *Server) reviewCompletionSave(w http.ResponseWriter, r *http.Request) error {
	rv, svc, err := s.editableReviewPage(r)
	if err != nil {
		return err
	}
	done := r.PostFormValue("completed_on")
	if _, err := svc.Complete(r.Context(), rv.ID, done); scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		d := s.page(r, "Record completion")
		d.Form = map[string]string{"completed_on": done}
		d.withErrors(err, "completed_on")
		d.Data = &progressPage{Review: rv}
		s.render(w, r, http.StatusUnprocessableEntity, "review-outcome-completion", d)
		return nil
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, reviewPath(rv.ID)+"?done=completed", http.StatusSeeOther)
	return nil
}

// reviewAction finds the action of the path on the review's notified plan.
func (s *Server) reviewAction(r *http.Request) (*scrutineer.LearningReview, scrutineer.ReviewOutcomeService, *scrutineer.ReviewAction, error) {
	rv, svc, err := s.editableReviewPage(r)
	if err != nil {
		return nil, nil, nil, err
	}
	out, err := svc.ListOutcome(r.Context(), rv.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, a := range out.Actions {
		if a.ID == r.PathValue("action") {
			return rv, svc, a, nil
		}
	}
	return nil, nil, nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
}

func statusOptions(v string) []fieldOption {
	var out []fieldOption
	for _, c := range scrutineer.ActionStatusCodes {
		out = append(out, fieldOption{Value: c.Value, Label: c.Label, Selected: v == c.Value})
	}
	return out
}

func (s *Server) reviewActionForm(w http.ResponseWriter, r *http.Request) error {
	rv, _, a, err := s.reviewAction(r)
	if err != nil {
		return err
	}
	d := s.page(r, "Update the action's status")
	d.Data = &progressPage{Review: rv, Action: a, Status: statusOptions(a.Status)}
	s.render(w, r, http.StatusOK, "review-outcome-action", d)
	return nil
}

func (s *Server) reviewActionSave(w http.ResponseWriter, r *http.Request) error {
	rv, svc, a, err := s.reviewAction(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	status := r.PostFormValue("status")
	if _, err := svc.UpdateAction(r.Context(), rv.ID, a.ID, status, version); scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		d := s.page(r, "Update the action's status")
		d.withErrors(err, "status")
		d.Data = &progressPage{Review: rv, Action: a, Status: statusOptions(status)}
		s.render(w, r, http.StatusUnprocessableEntity, "review-outcome-action", d)
		return nil
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, reviewPath(rv.ID)+"?done=action#review-outcome-actions", http.StatusSeeOther)
	return nil
}
