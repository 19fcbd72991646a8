package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// reviewPageRoutes are the page of one learning review, which shows everything about
// it to whoever may see it. Each part of the journey owns one section of the page:
// its loader (review_*_section.go) and its partial (templates/components/review-*.html).
func (s *Server) reviewPageRoutes() []route {
	return []route{
		{"GET /learning-reviews/{id}", s.reviewShow, Requires(auth.ViewCommitteeRecord)},
	}
}

// reviewPage is the data of the review page.
type reviewPage struct {
	Review        *scrutineer.LearningReview
	CommitteeName string
	// Party is who the viewer acts for: the committee (its officers) or the regulator.
	Party scrutineer.ReviewParty
	// MayEdit: the viewer is one of the committee's officers.
	MayEdit   bool
	Deadlines []scrutineer.ReviewDeadline
	Flash     string

	Notification *notificationSection // review_notification_section.go: what the committee notified
	Outcome      *outcomeSection      // review_outcome_section.go: updates, outcome, recommendations, action plan
	Regulator    *regulatorSection    // review_regulator_section.go: assignment, appraisal, observations
	Messages     *messagesSection     // review_messages_section.go: the thread with the regulator
	Themes       *themesSection       // review_themes_section.go: theme coding
}

func reviewPath(id string) string { return "/learning-reviews/" + id }

// reviewShow shows one review with every section the viewer may see.
func (s *Server) reviewShow(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.learningReviews()
	if err != nil {
		return err
	}
	rv, err := svc.Find(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	u := scrutineer.UserFromContext(r.Context())
	p := &reviewPage{Review: rv, Party: scrutineer.ByRegulator}
	if auth.Allowed(u, auth.EditCommitteeRecord, auth.Resource{OrganisationID: rv.CommitteeID}) {
		p.Party, p.MayEdit = scrutineer.ByCommittee, true
	}
	if s.Organisations != nil {
		// NOTE: the search results' directory cache (a name may be a minute old).
		if org, err := s.searchOrgs().find(r.Context(), rv.CommitteeID); err == nil && org != nil {
			p.CommitteeName = org.Name
		}
	}
	p.Deadlines = rv.Deadlines(s.serviceLevelDays(r), scrutineer.Today(s.Now()))
	ctx := r.Context()
	if p.Notification, err = s.loadNotificationSection(ctx, rv); err != nil {
		return err
	}
	if p.Outcome, err = s.loadOutcomeSection(ctx, rv); err != nil {
		return err
	}
	if p.Regulator, err = s.loadRegulatorSection(ctx, rv); err != nil {
		return err
	}
	if p.Messages, err = s.loadMessagesSection(ctx, rv); err != nil {
		return err
	}
	if p.Themes, err = s.loadThemesSection(ctx, rv); err != nil {
		return err
	}
	d := s.page(r, "Learning review "+shortID(rv.ID))
	d.Flash = reviewFlashes[r.URL.Query().Get("done")]
	d.Data = p
	s.render(w, r, http.StatusOK, "review", d)
	return nil
}

// reviewFlashes are the notifications shown on the review page after an action
// (?done=...). Each part of the journey adds its own.
var reviewFlashes = map[string]string{
	"decision": "Your decision has been sent to the regulator.",
}

// shortID is the part of an id people read out: its first eight characters.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
