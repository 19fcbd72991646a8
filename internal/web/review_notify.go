package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// reviewNotifyRoutes are the committee officer's side of a decision: the committee
// dashboard and the notification journey, one question page at a time, each saving
// the draft on the server, then check-your-answers
// (docs/decisions/0102-learning-review-notification.md). Every handler asks the
// policy for the committee itself; the table's decision only lets the route exist.
func (s *Server) reviewNotifyRoutes() []route {
	edit := Requires(auth.EditCommitteeRecord)
	return []route{
		{"GET /learning-reviews", s.notifyDashboard, edit},
		{"GET /learning-reviews/closed", s.notifyClosed, edit},
		{"GET /learning-reviews/new", s.notifyNewForm, edit},
		{"POST /learning-reviews/new", s.notifyNew, edit},
		{"GET /learning-reviews/{id}/notify/check", s.notifyCheck, edit},
		{"POST /learning-reviews/{id}/notify/check", s.notifySubmit, edit},
		{"GET /learning-reviews/{id}/notify/{page}", s.notifyPageForm, edit},
		{"POST /learning-reviews/{id}/notify/{page}", s.notifyPageSave, edit},
	}
}

// ownCommittee authorises the caller as an officer of their own committee.
func ownCommittee(ctx context.Context) error {
	u := scrutineer.UserFromContext(ctx)
	if u == nil {
		return scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	return auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: u.OrganisationID})
}

// committeeDashboard is the data of the committee dashboard.
type committeeDashboard struct {
	Drafts   []draftRow
	Overdue  []deadlineRow
	DueNext  []deadlineRow
	ByStatus []statusGroup
	Saved    string // the short id of the draft just saved for later
}

type draftRow struct {
	Review     *scrutineer.LearningReview
	Label      string
	Unanswered int
	Resume     string
}

type deadlineRow struct {
	Href, Review, Label, DueOn string
}

type statusGroup struct {
	Status  string
	Reviews []reviewRow
}

type reviewRow struct{ Href, Label, Decision string }

// newReviewRow is rv as the committee's lists of reviews show it.
func newReviewRow(rv *scrutineer.LearningReview) reviewRow {
	return reviewRow{Href: reviewPath(rv.ID), Label: reviewLabel(rv), Decision: scrutineer.DecisionCodes.Label(rv.Decision)}
}

// committeeOverview gathers the caller's committee's reviews for the dashboard.
func (s *Server) committeeOverview(r *http.Request) (*committeeDashboard, error) {
	svc, err := s.learningReviews()
	if err != nil {
		return nil, err
	}
	// NOTE: the narrow list of the reviews in progress, the full record only for
	// drafts (their unanswered questions): reading all 41 columns of every review
	// was two thirds of this page. Closed reviews, most of a committee's after a
	// few years, are listed a page at a time on their own page (notifyClosed).
	list, err := svc.ListDeadlines(r.Context(), scrutineer.ReviewsInProgress)
	if err != nil {
		return nil, err
	}
	drafts, err := svc.List(r.Context(), scrutineer.LearningReviewFilter{Status: string(scrutineer.ReviewDraft)})
	if err != nil {
		return nil, err
	}
	out := &committeeDashboard{}
	for _, rv := range drafts {
		out.Drafts = append(out.Drafts, draftRow{Review: rv, Label: reviewLabel(rv), Unanswered: len(rv.Unanswered()), Resume: resumePath(rv)})
	}
	days, today := s.serviceLevelDays(r), scrutineer.Today(s.Now())
	groups := map[scrutineer.LearningReviewStatus][]reviewRow{}
	for _, rv := range list {
		if rv.Status != scrutineer.ReviewDraft {
			groups[rv.Status] = append(groups[rv.Status], newReviewRow(rv))
		}
		for _, d := range openDeadlines(rv, days, today) {
			row := deadlineRow{Href: reviewPath(rv.ID), Review: "Review " + shortID(rv.ID), Label: d.Label, DueOn: d.DueOn}
			if d.Overdue {
				out.Overdue = append(out.Overdue, row)
			} else {
				out.DueNext = append(out.DueNext, row)
			}
		}
	}
	byDue := func(a, b deadlineRow) int { return strings.Compare(a.DueOn, b.DueOn) }
	slices.SortFunc(out.Overdue, byDue)
	slices.SortFunc(out.DueNext, byDue)
	if len(out.DueNext) > 5 {
		out.DueNext = out.DueNext[:5]
	}
	for _, st := range scrutineer.LearningReviewStatuses {
		if rows := groups[st]; len(rows) > 0 {
			out.ByStatus = append(out.ByStatus, statusGroup{Status: scrutineer.StatusCodes.Label(string(st)), Reviews: rows})
		}
	}
	return out, nil
}

// notifyDashboard is the committee dashboard: drafts to resume, what is overdue and
// due next, and the committee's reviews by state.
func (s *Server) notifyDashboard(w http.ResponseWriter, r *http.Request) error {
	if err := ownCommittee(r.Context()); err != nil {
		return err
	}
	data, err := s.committeeOverview(r)
	if err != nil {
		return err
	}
	data.Saved = r.URL.Query().Get("saved")
	d := s.page(r, "Learning reviews")
	if data.Saved != "" {
		d.Flash = "Your draft has been saved. You can continue it from any device."
	}
	d.Data = data
	s.render(w, r, http.StatusOK, "review-notify-dashboard", d)
	return nil
}

// closedReviews is the data of the page of a committee's closed reviews.
type closedReviews struct {
	Reviews []reviewRow
	Pager   pager
}

// notifyClosed lists the committee's closed reviews, a page at a time, newest first.
func (s *Server) notifyClosed(w http.ResponseWriter, r *http.Request) error {
	if err := ownCommittee(r.Context()); err != nil {
		return err
	}
	svc, err := s.learningReviews()
	if err != nil {
		return err
	}
	page := pageNumber(r)
	list, more, err := svc.ListClosed(r.Context(), page)
	if err != nil {
		return err
	}
	data := closedReviews{Pager: newPager("/learning-reviews/closed", r.URL.Query(), page, more).named("Pages of closed reviews", "Previous page", "Next page")}
	for _, rv := range list {
		data.Reviews = append(data.Reviews, newReviewRow(rv))
	}
	d := s.page(r, "Closed learning reviews")
	d.Data = data
	s.render(w, r, http.StatusOK, "review-notify-closed", d)
	return nil
}

// notifyNewForm asks whether the notification is about a child or an adult.
func (s *Server) notifyNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := ownCommittee(r.Context()); err != nil {
		return err
	}
	return s.renderNotifyNew(w, r, http.StatusOK, "", nil)
}

// notifyNew starts a draft and goes to the first question.
func (s *Server) notifyNew(w http.ResponseWriter, r *http.Request) error {
	if err := ownCommittee(r.Context()); err != nil {
		return err
	}
	svc, err := s.learningReviews()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	subject := r.PostForm.Get("subject_type")
	rv := &scrutineer.LearningReview{SubjectType: subject}
	err = svc.CreateDraft(r.Context(), rv)
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		return s.renderNotifyNew(w, r, http.StatusUnprocessableEntity, subject, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, notifyPath(rv.ID, notifyPages[0].Slug), http.StatusSeeOther)
	return nil
}

func (s *Server) renderNotifyNew(w http.ResponseWriter, r *http.Request, status int, subject string, err error) error {
	q := question{Kind: "radio", Name: "subject_type", Legend: "Is the notification about a child or an adult?",
		Hint: "A child is under 18. You cannot change this later: start a new notification instead."}
	for _, c := range scrutineer.SubjectTypeCodes {
		q.Options = append(q.Options, fieldOption{Value: c.Value, Label: c.Label, Selected: c.Value == subject})
	}
	d := s.page(r, "Notify a learning review decision")
	if err != nil {
		d.withErrors(err, "subject_type")
		d.Title = "Error: " + d.Title
		q.Error = d.Errors["subject_type"]
	}
	d.Data = q
	s.render(w, r, status, "review-notify-new", d)
	return nil
}

// committeePanel is the short panel on a committee officer's /dashboard.
type committeePanel struct{ Drafts, Overdue int }

// loadCommitteePanel returns the dashboard panel for a committee officer, or nil
// for anyone else.
func (s *Server) loadCommitteePanel(r *http.Request) (*committeePanel, error) {
	if s.LearningReviews == nil || ownCommittee(r.Context()) != nil {
		return nil, nil
	}
	svc, err := s.learningReviews()
	if err != nil {
		return nil, err
	}
	list, err := svc.ListDeadlines(r.Context(), scrutineer.ReviewsWithOpenDeadlines)
	if err != nil {
		return nil, err
	}
	p := &committeePanel{}
	days, today := s.serviceLevelDays(r), scrutineer.Today(s.Now())
	for _, rv := range list {
		if rv.Status == scrutineer.ReviewDraft {
			p.Drafts++
		}
		for _, d := range openDeadlines(rv, days, today) {
			if d.Overdue {
				p.Overdue++
			}
		}
	}
	return p, nil
}

// openDeadlines are rv's deadlines not yet met. A draft's saved decision is not yet
// notified: only its decision deadline runs.
func openDeadlines(rv *scrutineer.LearningReview, days map[string]int, today time.Time) []scrutineer.ReviewDeadline {
	var out []scrutineer.ReviewDeadline
	for _, d := range rv.Deadlines(days, today) {
		if d.MetOn != "" || (rv.Status == scrutineer.ReviewDraft && d.Code != "decision") {
			continue
		}
		out = append(out, d)
	}
	return out
}
