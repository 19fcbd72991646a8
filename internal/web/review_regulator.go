package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// reviewRegulatorRoutes are the regulator's own work on learning reviews (triage,
// assignment, closing, appraisal, observations and the letter) and the messages
// between a committee and the regulator (docs/decisions/0104). The store asks
// the policy for the review itself: a manager or the assigned inspector acts for
// the regulator.
func (s *Server) reviewRegulatorRoutes() []route {
	return []route{
		{"GET /reviews/triage", s.reviewTriage, Requires(auth.TriageReviews)},
		{"POST /learning-reviews/{id}/assign", s.reviewAssign, Requires(auth.TriageReviews)},
		{"POST /learning-reviews/{id}/close", s.reviewClose, Requires(auth.AppraiseCommitteeRecord)},
		{"POST /learning-reviews/{id}/appraisal/start", s.reviewAppraisalStart, Requires(auth.AppraiseCommitteeRecord)},
		{"GET /learning-reviews/{id}/appraisal", s.reviewAppraisal, Requires(auth.AppraiseCommitteeRecord)},
		{"POST /learning-reviews/{id}/appraisal", s.reviewAppraisalSave, Requires(auth.AppraiseCommitteeRecord)},
		{"GET /reviews/settings/appraisal", s.appraisalSettings, Requires(auth.ManageReviewSettings)},
		{"POST /reviews/settings/appraisal", s.appraisalSettingsSave, Requires(auth.ManageReviewSettings)},
		{"GET /learning-reviews/{id}/observations", s.observationsForm, Requires(auth.AppraiseCommitteeRecord)},
		{"POST /learning-reviews/{id}/observations", s.observationsSave, Requires(auth.AppraiseCommitteeRecord)},
		{"POST /learning-reviews/{id}/observations/submit", s.observationsSubmit, Requires(auth.AppraiseCommitteeRecord)},
		{"GET /learning-reviews/{id}/observations/review", s.observationsReview, Requires(auth.ApproveObservations)},
		{"POST /learning-reviews/{id}/observations/return", s.observationsReturn, Requires(auth.ApproveObservations)},
		{"POST /learning-reviews/{id}/observations/issue", s.observationsIssue, Requires(auth.ApproveObservations)},
		{"GET /learning-reviews/{id}/observations/letter", s.observationsLetter, Requires(auth.ViewCommitteeRecord)},
		{"GET /learning-reviews/{id}/observations/letter.pdf", s.observationsLetterPDF, Requires(auth.ViewCommitteeRecord)},
		{"POST /learning-reviews/{id}/messages", s.reviewMessagePost, Requires(auth.ViewCommitteeRecord)},
	}
}

func init() {
	reviewFlashes["assigned"] = "The review has been assigned."
	reviewFlashes["closed"] = "The review has been closed."
	reviewFlashes["appraisal"] = "The appraisal has started. Rate each item of the checklist."
	reviewFlashes["submitted"] = "The observations have been sent to a manager for sign-off."
	reviewFlashes["returned"] = "The observations have been returned to the inspector with your comment."
	reviewFlashes["issued"] = "The observations have been issued. The committee's officers have been told."
	reviewFlashes["message"] = "Your message has been sent."
	for action, label := range map[string]string{
		"learning_review.assign":              "Learning review assigned",
		"learning_review.acknowledge":         "Learning review acknowledged to the committee",
		"learning_review.close":               "Learning review closed",
		"learning_review.appraisal_start":     "Appraisal started",
		"learning_review.appraisal_rate":      "Appraisal ratings saved",
		"learning_review.observations_save":   "Observations draft saved",
		"learning_review.observations_submit": "Observations submitted for sign-off",
		"learning_review.observations_return": "Observations returned to the inspector",
		"learning_review.observations_issue":  "Observations issued",
		"learning_review.message":             "Review message posted",
		"learning_review.messages_read":       "Review messages read",
		"appraisal_criteria.seed":             "Appraisal checklist seeded",
		"appraisal_criteria.update":           "Appraisal checklist changed",
	} {
		auditActionLabels[action] = label
	}
}

func (s *Server) regulatorWork() (scrutineer.ReviewRegulatorService, error) {
	if s.ReviewRegulator == nil {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return s.ReviewRegulator, nil
}

// triagePage is the triage queue.
type triagePage struct {
	Items []triageRow
	// Me is the viewer's id, for the "take it" action of inspectors.
	Me        string
	Inspector bool
}

// reviewTriage lists the new decision and outcome notifications waiting for the
// regulator, oldest first.
func (s *Server) reviewTriage(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	items, err := svc.Triage(r.Context(), scrutineer.Today(s.Now()))
	if err != nil {
		return err
	}
	u := scrutineer.UserFromContext(r.Context())
	d := s.page(r, "Triage")
	if done := r.URL.Query().Get("done"); done == "assigned" || done == "closed" {
		d.Flash = reviewFlashes[done]
	}
	p := triagePage{Me: u.ID, Inspector: u.Has(scrutineer.RoleInspector)}
	for _, it := range items {
		row := triageRow{TriageItem: it}
		if mayAppraise(u, it.Review) {
			row.CanClose = slices.Contains(it.Review.NextStatuses(scrutineer.ByRegulator), scrutineer.ReviewClosed)
		}
		p.Items = append(p.Items, row)
	}
	d.Data = p
	s.render(w, r, http.StatusOK, "reviews-triage", d)
	return nil
}

// overdueWords name an overdue deadline in the triage queue's tags.
var overdueWords = map[string]string{"decision": "Decision late", "completion": "Completion overdue", "outcome": "Outcome late"}

func init() {
	funcs["lower"] = strings.ToLower
	funcs["overdueWords"] = func(code string) string {
		if w, ok := overdueWords[code]; ok {
			return w
		}
		return "Overdue"
	}
}

// triageRow is one line of the queue with what the viewer may do to it there.
type triageRow struct {
	*scrutineer.TriageItem
	// CanClose: a no-review decision, or an alternative approach's learning, that
	// the viewer may close from the queue.
	CanClose bool
}

// reviewAssign assigns the review to the inspector chosen (or, for an inspector,
// to themselves), then goes back where the form was: triage or the review.
func (s *Server) reviewAssign(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	assignee := r.PostFormValue("assignee")
	if assignee == "" {
		assignee = scrutineer.UserFromContext(r.Context()).ID
	}
	id := r.PathValue("id")
	if _, err := svc.Assign(r.Context(), id, assignee); err != nil {
		return err
	}
	if r.PostFormValue("from") == "triage" {
		http.Redirect(w, r, "/reviews/triage?done=assigned", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, reviewPath(id)+"?done=assigned#regulator", http.StatusSeeOther)
	return nil
}

// reviewClose closes a review the regulator has finished with.
func (s *Server) reviewClose(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := svc.Close(r.Context(), id); err != nil {
		return err
	}
	if r.PostFormValue("from") == "triage" {
		http.Redirect(w, r, "/reviews/triage?done=closed", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, reviewPath(id)+"?done=closed", http.StatusSeeOther)
	return nil
}

// reviewAppraisalStart starts the appraisal of a full review's outcome.
func (s *Server) reviewAppraisalStart(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := svc.StartAppraisal(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, reviewPath(id)+"/appraisal", http.StatusSeeOther)
	return nil
}
