package web

import (
	"context"
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// messagesSection is the messages part of the review page
// (templates/components/review-messages.html): the thread, oldest first, and the
// form to write to the other side.
type messagesSection struct {
	ReviewID string
	Messages []*scrutineer.ReviewMessage
	// MayPost: the viewer takes part (the committee's officers; inspectors and
	// managers). Analysts read only.
	MayPost bool
	// FromRegulator is the viewer's side, to mark their own messages.
	FromRegulator bool
}

// loadMessagesSection loads the thread of rv, marking the other side's messages
// read, or nil when there is no messages service.
func (s *Server) loadMessagesSection(ctx context.Context, rv *scrutineer.LearningReview) (*messagesSection, error) {
	if s.ReviewMessages == nil || rv.Status == scrutineer.ReviewDraft {
		return nil, nil
	}
	msgs, err := s.ReviewMessages.OpenThread(ctx, rv.ID)
	if err != nil {
		return nil, err
	}
	u := scrutineer.UserFromContext(ctx)
	committee := auth.Allowed(u, auth.EditCommitteeRecord, auth.Resource{OrganisationID: rv.CommitteeID})
	return &messagesSection{ReviewID: rv.ID, Messages: msgs, FromRegulator: !committee,
		MayPost: committee || auth.Allowed(u, auth.TriageReviews, auth.Resource{OrganisationID: rv.CommitteeID})}, nil
}

// messageCheckPage shows what the personal-data check found in a message before
// it is posted: the author edits it or confirms it.
type messageCheckPage struct {
	Review   *scrutineer.LearningReview
	Body     string
	Findings []textFinding
}

// reviewMessagePost posts a message once the personal-data check is clear or the
// author has confirmed its findings are not personal data.
func (s *Server) reviewMessagePost(w http.ResponseWriter, r *http.Request) error {
	if s.ReviewMessages == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	lrs, err := s.learningReviews()
	if err != nil {
		return err
	}
	lr, err := lrs.Find(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	body := r.PostFormValue("body")
	findings := checkText(body)
	if len(findings) > 0 && r.PostFormValue("confirm") != "yes" || scrutineer.ValidateMessage(body) != nil {
		d := s.page(r, "Check your message")
		if err := scrutineer.ValidateMessage(body); err != nil {
			d.withErrors(err, "body")
		}
		d.Data = messageCheckPage{Review: lr, Body: body, Findings: findings}
		s.render(w, r, http.StatusUnprocessableEntity, "review-message-check", d)
		return nil
	}
	if _, err := s.ReviewMessages.PostMessage(r.Context(), lr.ID, body); err != nil {
		return err
	}
	http.Redirect(w, r, reviewPath(lr.ID)+"?done=message#messages", http.StatusSeeOther)
	return nil
}
