package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// observationsPage is the draft of a review's observations, or a manager's view
// of submitted ones.
type observationsPage struct {
	Review       *scrutineer.LearningReview
	Observations *scrutineer.ReviewObservations // nil before the first save
	Body         string
	Items        []scrutineer.RatedCriterion
	Findings     []textFinding // the personal-data check of the text sent
	Editable     bool
}

// observationsForm shows the draft; before the first save it is filled with a
// summary of the ratings for the inspector to edit.
func (s *Server) observationsForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderObservations(w, r, "", nil, nil, http.StatusOK)
}

func (s *Server) renderObservations(w http.ResponseWriter, r *http.Request, body string, findings []textFinding, err error, status int) error {
	svc, e := s.regulatorWork()
	if e != nil {
		return e
	}
	lr, e := s.appraisable(r)
	if e != nil {
		return e
	}
	p := &observationsPage{Review: lr, Findings: findings, Editable: lr.Status == scrutineer.ReviewUnderAppraisal}
	if p.Items, e = svc.Ratings(r.Context(), lr.ID); e != nil {
		return e
	}
	switch o, e := svc.Observations(r.Context(), lr.ID); {
	case e == nil:
		p.Observations, p.Body = o, o.Body
		p.Editable = p.Editable && o.Status == scrutineer.ObservationsDraft
	case scrutineer.ErrorCode(e) == scrutineer.ENOTFOUND:
		p.Body = scrutineer.ObservationsSummary(p.Items)
	default:
		return e
	}
	if body != "" || err != nil || findings != nil {
		p.Body = body
	}
	d := s.page(r, "Observations on learning review "+shortID(lr.ID))
	if err != nil {
		d.withErrors(err, "body")
	}
	switch r.URL.Query().Get("done") {
	case "saved":
		d.Flash = "Your draft has been saved."
	}
	d.Data = p
	s.render(w, r, status, "review-observations", d)
	return nil
}

// observationsSave saves the draft once the personal-data check is clear or the
// author has confirmed what it found is not personal data.
func (s *Server) observationsSave(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	lr, err := s.appraisable(r)
	if err != nil {
		return err
	}
	body := r.PostFormValue("body")
	if f := checkText(body); len(f) > 0 && r.PostFormValue("confirm") != "yes" {
		return s.renderObservations(w, r, body, f, nil, http.StatusUnprocessableEntity)
	}
	if _, err := svc.SaveObservations(r.Context(), lr.ID, body); err != nil {
		if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
			return s.renderObservations(w, r, body, nil, err, http.StatusUnprocessableEntity)
		}
		return err
	}
	http.Redirect(w, r, reviewPath(lr.ID)+"/observations?done=saved", http.StatusSeeOther)
	return nil
}

func (s *Server) observationsSubmit(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := svc.SubmitObservations(r.Context(), id); err != nil {
		if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
			return s.renderAppraisal(w, r, err, http.StatusUnprocessableEntity, false)
		}
		return err
	}
	http.Redirect(w, r, reviewPath(id)+"?done=submitted#regulator", http.StatusSeeOther)
	return nil
}

// observationsReview is a manager's sign-off page: the observations, the ratings
// they rest on, and the two decisions.
func (s *Server) observationsReview(w http.ResponseWriter, r *http.Request) error {
	return s.renderObservationsReview(w, r, nil)
}

func (s *Server) renderObservationsReview(w http.ResponseWriter, r *http.Request, err error) error {
	svc, e := s.regulatorWork()
	if e != nil {
		return e
	}
	lr, e := s.appraisable(r)
	if e != nil {
		return e
	}
	if !auth.Allowed(scrutineer.UserFromContext(r.Context()), auth.ApproveObservations, auth.Resource{OrganisationID: lr.CommitteeID}) {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	p := &observationsPage{Review: lr}
	if p.Items, e = svc.Ratings(r.Context(), lr.ID); e != nil {
		return e
	}
	if p.Observations, e = svc.Observations(r.Context(), lr.ID); e != nil {
		return e
	}
	d := s.page(r, "Sign off observations on learning review "+shortID(lr.ID))
	status := http.StatusOK
	if err != nil {
		d.withErrors(err, "comment")
		d.Form = map[string]string{"comment": r.PostFormValue("comment")}
		status = http.StatusUnprocessableEntity
	}
	d.Data = p
	s.render(w, r, status, "review-observations-review", d)
	return nil
}

func (s *Server) observationsReturn(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := svc.ReturnObservations(r.Context(), id, r.PostFormValue("comment")); err != nil {
		if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
			return s.renderObservationsReview(w, r, err)
		}
		return err
	}
	http.Redirect(w, r, reviewPath(id)+"?done=returned#regulator", http.StatusSeeOther)
	return nil
}

func (s *Server) observationsIssue(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := svc.IssueObservations(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, reviewPath(id)+"?done=issued#regulator", http.StatusSeeOther)
	return nil
}

// observationsLetter is the issued letter to the chief officers group and the
// committee, as a page that prints cleanly.
func (s *Server) observationsLetter(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	l, err := svc.Letter(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := s.page(r, "Observations on learning review "+shortID(l.Review.ID))
	d.Data = letterView{ObservationsLetter: l, Paragraphs: paragraphs(l.Body)}
	s.render(w, r, http.StatusOK, "review-observations-letter", d)
	return nil
}

// letterView is the letter with its body split into paragraphs.
type letterView struct {
	*scrutineer.ObservationsLetter
	Paragraphs []string
}
