package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// notifyQuestionData is the data of a question page (templates/pages/review-notify-question.html).
type notifyQuestionData struct {
	Review    *scrutineer.LearningReview
	Ref       string // the review's short id
	Page      *notifyPage
	Step, Of  int
	Questions []question
	Action    string
	Back      string
	Return    string // "check" when the page was opened from check-your-answers
	NoLinks   bool   // the links page, when the committee has no other review
}

// draftFor finds a draft the caller may edit. A review the caller may not edit
// answers not found; one no longer a draft answers ECONFLICT, which the handlers
// turn into a redirect to its page.
func (s *Server) draftFor(ctx context.Context, id string) (*scrutineer.LearningReview, error) {
	svc, err := s.learningReviews()
	if err != nil {
		return nil, err
	}
	rv, err := svc.Find(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: rv.CommitteeID}); err != nil {
		return nil, err
	}
	if rv.Status != scrutineer.ReviewDraft {
		return rv, scrutineer.Errorf(scrutineer.ECONFLICT, "The decision on this review has been notified.")
	}
	return rv, nil
}

// notifyPath is the path of a page of rv's journey.
func notifyPath(id, slug string) string { return reviewPath(id) + "/notify/" + slug }

// notifyPageForm shows one question page with the saved answers.
func (s *Server) notifyPageForm(w http.ResponseWriter, r *http.Request) error {
	rv, err := s.draftFor(r.Context(), r.PathValue("id"))
	if scrutineer.ErrorCode(err) == scrutineer.ECONFLICT {
		http.Redirect(w, r, reviewPath(rv.ID), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	p, _ := findNotifyPage(r.PathValue("page"))
	if p == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if p.Slug == "criteria" && rv.CriteriaSet == "" {
		http.Redirect(w, r, notifyPath(rv.ID, "criteria-set")+returnQuery(r.URL.Query().Get("return")), http.StatusSeeOther)
		return nil
	}
	values := map[string][]string{}
	for _, f := range p.Fields {
		values[f] = savedValues(rv, f)
	}
	return s.renderNotifyPage(w, r, http.StatusOK, rv, p, values, r.URL.Query().Get("return"), nil)
}

// notifyPageSave saves the page's answers to the draft, then goes on: to the next
// page, back to check-your-answers, or (save and come back later) to the dashboard.
func (s *Server) notifyPageSave(w http.ResponseWriter, r *http.Request) error {
	rv, err := s.draftFor(r.Context(), r.PathValue("id"))
	if scrutineer.ErrorCode(err) == scrutineer.ECONFLICT {
		http.Redirect(w, r, reviewPath(rv.ID), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	p, i := findNotifyPage(r.PathValue("page"))
	if p == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	ret := r.PostForm.Get("return")
	if ret != "check" {
		ret = ""
	}
	c, probs := pageChanges(p, rv, r.PostForm)
	if r.PostForm.Get("then") != "later" {
		requireAnswers(p, rv, r.PostForm, &probs)
	}
	err = probs.Err("Check your answers on this page.")
	if err == nil {
		_, err = s.LearningReviews.Update(r.Context(), rv.ID, c)
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		sent := map[string][]string{}
		for _, f := range p.Fields {
			sent[f] = r.PostForm[f]
		}
		return s.renderNotifyPage(w, r, http.StatusUnprocessableEntity, rv, p, sent, ret, err)
	}
	if err != nil {
		return err
	}
	next := notifyPath(rv.ID, "check")
	switch {
	case r.PostForm.Get("then") == "later":
		next = "/learning-reviews?saved=" + url.QueryEscape(shortID(rv.ID))
	case ret == "check" && p.Slug == "criteria-set" && c.Criteria != nil && len(*c.Criteria) == 0:
		// A new criteria set cleared the criteria met: ask them before going back.
		next = notifyPath(rv.ID, "criteria") + returnQuery("check")
	case ret == "check":
	case i+1 < len(notifyPages):
		next = notifyPath(rv.ID, notifyPages[i+1].Slug)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func returnQuery(ret string) string {
	if ret == "check" {
		return "?return=check"
	}
	return ""
}

// renderNotifyPage shows page p of rv's journey with the answers values and, when
// err is not nil, its problems.
func (s *Server) renderNotifyPage(w http.ResponseWriter, r *http.Request, status int, rv *scrutineer.LearningReview, p *notifyPage, values map[string][]string, ret string, err error) error {
	var links []linkChoice
	_, i := findNotifyPage(p.Slug)
	data := notifyQuestionData{Review: rv, Ref: shortID(rv.ID), Page: p, Step: i + 1, Of: len(notifyPages), Action: notifyPath(rv.ID, p.Slug), Return: ret}
	if p.Slug == "links" {
		var lerr error
		if links, lerr = s.linkChoices(r.Context(), rv); lerr != nil {
			return lerr
		}
		data.NoLinks = len(links) == 0
	}
	d := s.page(r, p.Title)
	if err != nil {
		d.withErrors(err, p.Fields...)
		d.Title = "Error: " + d.Title
	}
	for _, f := range p.Fields {
		q := fieldQuestion(f, rv, values[f], links)
		q.Error = d.Errors[f]
		data.Questions = append(data.Questions, q)
	}
	switch {
	case ret == "check":
		data.Back = notifyPath(rv.ID, "check")
	case i > 0:
		data.Back = notifyPath(rv.ID, notifyPages[i-1].Slug)
	default:
		data.Back = "/learning-reviews"
	}
	d.Data = data
	s.render(w, r, status, "review-notify-question", d)
	return nil
}

// linkChoices are the committee's other reviews, newest first, for the links page.
func (s *Server) linkChoices(ctx context.Context, rv *scrutineer.LearningReview) ([]linkChoice, error) {
	list, err := s.LearningReviews.List(ctx, scrutineer.LearningReviewFilter{})
	if err != nil {
		return nil, err
	}
	var out []linkChoice
	for _, o := range list {
		if o.ID == rv.ID || o.CommitteeID != rv.CommitteeID {
			continue
		}
		out = append(out, linkChoice{ID: o.ID, Label: reviewLabel(o)})
	}
	return out, nil
}

// reviewLabel describes a review in a line without anything that identifies anyone.
func reviewLabel(o *scrutineer.LearningReview) string {
	parts := []string{"Review " + shortID(o.ID), strings.ToLower(scrutineer.SubjectTypeCodes.Label(o.SubjectType))}
	if o.AgeBand != "" {
		parts[1] += " aged " + strings.ToLower(scrutineer.AgeBandCodes.Label(o.AgeBand))
	}
	if o.EventType != "" {
		parts = append(parts, strings.ToLower(scrutineer.EventTypeCodes.Label(o.EventType)))
	}
	if o.ReferralOn != "" {
		parts = append(parts, "referred "+humanDate(o.ReferralOn))
	}
	return strings.Join(parts, ", ") + " (" + strings.ToLower(scrutineer.StatusCodes.Label(string(o.Status))) + ")"
}

// parseFormDate reads a date as people type it (27/3/2026, 27-03-2026, 27.3.2026 or
// 2026-03-27) and returns it as YYYY-MM-DD; "" is no date. ok is false for anything
// that is not a real date.
func parseFormDate(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", true
	}
	if t, err := time.Parse("2006-01-02", raw); err == nil {
		return t.Format("2006-01-02"), true
	}
	parts := strings.FieldsFunc(raw, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ' ' })
	if len(parts) != 3 || len(parts[2]) != 4 {
		return "", false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return "", false
		}
		n[i] = v
	}
	t := time.Date(n[2], time.Month(n[1]), n[0], 0, 0, 0, 0, time.UTC)
	if t.Day() != n[0] || int(t.Month()) != n[1] || t.Year() != n[2] {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// formDate shows a YYYY-MM-DD date as people type it; anything else as it is.
func formDate(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return fmt.Sprintf("%d/%d/%d", t.Day(), int(t.Month()), t.Year())
}

// humanDate shows a YYYY-MM-DD date as "27 March 2026".
func humanDate(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("2 January 2006")
}
