package web

import (
	"context"
	"net/http"
	"time"

	"github.com/scrutineer/scrutineer"
)

// reviewJSON is a learning review as the API answers it. Fields not yet given are
// null. History, documents and deadlines are in the answer for one review only
// (omitted from lists).
type reviewJSON struct {
	ID            string                `json:"id"`
	Committee     string                `json:"committee"`
	CommitteeName string                `json:"committee_name"`
	Status        string                `json:"status"`
	SubjectType   *string               `json:"subject_type"`
	AgeBand       *string               `json:"age_band"`
	Sex           *string               `json:"sex"`
	EventType     *string               `json:"event_type"`
	IncidentOn    *string               `json:"incident_on"`
	ReferralOn    *string               `json:"referral_on"`
	Decision      *string               `json:"decision"`
	DecidedOn     *string               `json:"decided_on"`
	Reasons       *string               `json:"reasons"`
	CreatedAt     time.Time             `json:"created_at"`
	UpdatedAt     time.Time             `json:"updated_at"`
	Version       int                   `json:"version"`
	History       *[]reviewEventJSON    `json:"history,omitempty"`
	Documents     *[]reviewDocumentJSON `json:"documents,omitempty"`
	Deadlines     *[]reviewDeadlineJSON `json:"deadlines,omitempty"`
	notificationJSON
	*reviewOutcomeJSON // api_learning_reviews_outcome_json.go: following the review and its outcome
}

// reviewEventJSON is one status change of a review.
type reviewEventJSON struct {
	From *string   `json:"from"`
	To   string    `json:"to"`
	At   time.Time `json:"at"`
}

// orNull is nil for "", so a field not yet given is null in JSON.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// reviewJSON turns a review into its answer; full adds history, documents and
// deadlines. The committee is named by its directory slug, as /api/v1/me names the
// caller's organisation.
func (s *Server) reviewJSON(ctx context.Context, rev *scrutineer.LearningReview, full bool) (reviewJSON, error) {
	j := reviewJSON{
		ID: rev.ID, Committee: rev.CommitteeID, Status: string(rev.Status),
		SubjectType: orNull(rev.SubjectType), AgeBand: orNull(rev.AgeBand), Sex: orNull(rev.Sex), EventType: orNull(rev.EventType),
		IncidentOn: orNull(rev.IncidentOn), ReferralOn: orNull(rev.ReferralOn),
		Decision: orNull(rev.Decision), DecidedOn: orNull(rev.DecidedOn), Reasons: orNull(rev.Reasons),
		CreatedAt: rev.CreatedAt, UpdatedAt: rev.UpdatedAt, Version: rev.Version,
		notificationJSON: notificationJSONOf(rev),
	}
	if s.Organisations != nil {
		o, err := s.searchOrgs().find(ctx, rev.CommitteeID)
		if err != nil {
			return j, err
		}
		if o != nil {
			j.Committee, j.CommitteeName = o.Slug, o.Name
		}
	}
	if full {
		history := make([]reviewEventJSON, 0, len(rev.History))
		for _, e := range rev.History {
			history = append(history, reviewEventJSON{From: orNull(string(e.FromStatus)), To: string(e.ToStatus), At: e.At})
		}
		j.History = &history
		if err := s.fillOutcomeJSON(ctx, &j, rev); err != nil {
			return j, err
		}
	}
	return j, nil
}

// writeReview answers one review.
func (s *Server) writeReview(w http.ResponseWriter, r *http.Request, status int, rev *scrutineer.LearningReview, full bool) error {
	j, err := s.reviewJSON(r.Context(), rev, full)
	if err != nil {
		return err
	}
	writeJSON(w, status, j)
	return nil
}
