package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// appraisalPage is the checklist of one review: every active item as its own
// fieldset with a rating and a comment, saved as the inspector goes.
type appraisalPage struct {
	Review   *scrutineer.LearningReview
	Items    []scrutineer.RatedCriterion
	Ratings  scrutineer.Codes
	Editable bool
	Complete bool // every active item rated: observations may be drafted
	Saved    bool
}

func (s *Server) reviewAppraisal(w http.ResponseWriter, r *http.Request) error {
	return s.renderAppraisal(w, r, nil, http.StatusOK, false)
}

// renderAppraisal shows the checklist; after a refused save, the form as sent
// with err's problems.
func (s *Server) renderAppraisal(w http.ResponseWriter, r *http.Request, err error, status int, fromForm bool) error {
	svc, e := s.regulatorWork()
	if e != nil {
		return e
	}
	lr, e := s.appraisable(r)
	if e != nil {
		return e
	}
	items, e := svc.Ratings(r.Context(), lr.ID)
	if e != nil {
		return e
	}
	p := &appraisalPage{Review: lr, Items: items, Ratings: scrutineer.AppraisalRatingCodes,
		Editable: lr.Status == scrutineer.ReviewUnderAppraisal, Saved: r.URL.Query().Get("done") == "saved", Complete: true}
	d := s.page(r, "Appraisal of learning review "+shortID(lr.ID))
	if err != nil {
		var order []string
		for i := range p.Items {
			c := &p.Items[i]
			if fromForm {
				c.Rating, c.Comment = r.PostFormValue("rating_"+c.Code), r.PostFormValue("comment_"+c.Code)
			}
			order = append(order, c.Code, c.Code+"_comment")
		}
		d.withErrors(err, order...)
	}
	for _, c := range p.Items {
		if c.Active && c.Rating == "" {
			p.Complete = false
		}
	}
	if p.Saved {
		d.Flash = "Your ratings have been saved."
	}
	d.Data = p
	s.render(w, r, status, "review-appraisal", d)
	return nil
}

// appraisable finds the review for the regulator's own pages: only those who may
// act for the regulator on it (managers, the assigned inspector) get past.
func (s *Server) appraisable(r *http.Request) (*scrutineer.LearningReview, error) {
	svc, err := s.learningReviews()
	if err != nil {
		return nil, err
	}
	lr, err := svc.Find(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !mayAppraise(scrutineer.UserFromContext(r.Context()), lr) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return lr, nil
}

func (s *Server) reviewAppraisalSave(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	lr, err := s.appraisable(r)
	if err != nil {
		return err
	}
	items, err := svc.Ratings(r.Context(), lr.ID)
	if err != nil {
		return err
	}
	var rs []scrutineer.AppraisalRating
	for _, c := range items {
		if !c.Active {
			continue
		}
		rs = append(rs, scrutineer.AppraisalRating{Criterion: c.Code, Rating: r.PostFormValue("rating_" + c.Code), Comment: r.PostFormValue("comment_" + c.Code)})
	}
	if err := svc.Rate(r.Context(), lr.ID, rs); err != nil {
		if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
			return s.renderAppraisal(w, r, err, http.StatusUnprocessableEntity, true)
		}
		return err
	}
	next := reviewPath(lr.ID) + "/appraisal?done=saved"
	if r.PostFormValue("next") == "observations" {
		next = reviewPath(lr.ID) + "/observations"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// settingsPage is the checklist as the settings page edits it, plus one empty
// item to add.
type settingsPage struct {
	Items []scrutineer.AppraisalCriterion
}

func (s *Server) appraisalSettings(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	items, err := svc.Criteria(r.Context(), true)
	if err != nil {
		return err
	}
	d := s.page(r, "Appraisal checklist")
	if r.URL.Query().Get("done") == "saved" {
		d.Flash = "The checklist has been saved."
	}
	d.Data = settingsPage{Items: append(items, scrutineer.AppraisalCriterion{Position: len(items) + 1, Active: true})}
	s.render(w, r, http.StatusOK, "reviews-settings-appraisal", d)
	return nil
}

func (s *Server) appraisalSettingsSave(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(r.PostFormValue("count"))
	var items, shown []scrutineer.AppraisalCriterion
	var order []string
	for i := 0; i < n && i < 200; i++ {
		at := func(name string) string { return r.PostFormValue(fmt.Sprintf("%s_%d", name, i)) }
		pos, perr := strconv.Atoi(strings.TrimSpace(at("position")))
		if perr != nil {
			pos = i + 1
		}
		c := scrutineer.AppraisalCriterion{Code: at("code"), Label: at("label"), Guidance: at("guidance"), Position: pos, Active: at("active") == "yes"}
		shown = append(shown, c)
		if c.Code == "" && strings.TrimSpace(c.Label) == "" {
			continue // the empty "add an item" fieldset
		}
		items = append(items, c)
		order = append(order, fmt.Sprintf("label_%d", len(items)-1), fmt.Sprintf("guidance_%d", len(items)-1))
	}
	if err := svc.SaveCriteria(r.Context(), items); err != nil {
		if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			return err
		}
		d := s.page(r, "Appraisal checklist")
		d.withErrors(err, order...)
		d.Data = settingsPage{Items: shown}
		s.render(w, r, http.StatusUnprocessableEntity, "reviews-settings-appraisal", d)
		return nil
	}
	http.Redirect(w, r, "/reviews/settings/appraisal?done=saved", http.StatusSeeOther)
	return nil
}
