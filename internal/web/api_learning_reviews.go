package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// learningReviewRoutes are the learning reviews API of the contract
// (../shared/docs/contract.md, "Learning reviews API (minimum)";
// docs/decisions/0100-learning-reviews-core.md). The service asks the policy for the
// record itself; the table's decisions say who may reach each route at all.
func (s *Server) learningReviewRoutes() []route {
	view, edit := Requires(auth.ViewCommitteeRecord), Requires(auth.EditCommitteeRecord)
	return []route{
		{"POST /api/v1/learning-reviews", s.apiReviewCreate, edit},
		{"GET /api/v1/learning-reviews", s.apiReviewList, view},
		{"GET /api/v1/learning-reviews/{id}", s.apiReviewShow, view},
		{"PATCH /api/v1/learning-reviews/{id}", s.apiReviewUpdate, edit},
		{"POST /api/v1/learning-reviews/{id}/decision", s.apiReviewDecision, edit},
	}
}

// learningReviews returns the service, or not found when none is wired.
func (s *Server) learningReviews() (scrutineer.LearningReviewService, error) {
	if s.LearningReviews == nil {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return s.LearningReviews, nil
}

// reviewFields are the notification fields a create or PATCH body may give; absent
// (or null) fields are left as they are. Other fields, such as committee, are
// ignored: the committee is always the caller's own.
type reviewFields struct {
	SubjectType *string `json:"subject_type"`
	AgeBand     *string `json:"age_band"`
	Sex         *string `json:"sex"`
	EventType   *string `json:"event_type"`
	IncidentOn  *string `json:"incident_on"`
	ReferralOn  *string `json:"referral_on"`
	Version     *int    `json:"version"`
	notificationFields
}

func (f *reviewFields) changes() *scrutineer.LearningReviewChanges {
	c := &scrutineer.LearningReviewChanges{SubjectType: f.SubjectType, AgeBand: f.AgeBand, Sex: f.Sex, EventType: f.EventType,
		IncidentOn: f.IncidentOn, ReferralOn: f.ReferralOn}
	f.notificationFields.addTo(c)
	if f.Version != nil {
		c.Version = *f.Version
	}
	return c
}

// decodeJSON reads the request body as one JSON object into v; a body that is not
// one answers 422.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		if _, ok := err.(*http.MaxBytesError); ok {
			return err
		}
		return scrutineer.Errorf(scrutineer.EINVALID, "Send the body as a JSON object, with the header Content-Type: application/json.")
	}
	return nil
}

// apiReviewCreate starts a draft of the caller's committee: 201 with the review.
func (s *Server) apiReviewCreate(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.learningReviews()
	if err != nil {
		return err
	}
	ctx := r.Context()
	// NOTE: asked before the body is read, so a caller who may not create answers
	// 404 whatever they send.
	if err := auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: scrutineer.UserFromContext(ctx).OrganisationID}); err != nil {
		return err
	}
	var f reviewFields
	if err := decodeJSON(r, &f); err != nil {
		return err
	}
	rev := &scrutineer.LearningReview{}
	f.changes().Apply(rev)
	if err := svc.CreateDraft(ctx, rev); err != nil {
		return err
	}
	created, err := svc.Find(ctx, rev.ID)
	if err != nil {
		return err
	}
	return s.writeReview(w, r, http.StatusCreated, created, true)
}

// apiReviewList answers the reviews the caller may see, filtered by status,
// subject_type and year (of referral).
func (s *Server) apiReviewList(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.learningReviews()
	if err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	f := scrutineer.LearningReviewFilter{Status: q.Get("status"), SubjectType: q.Get("subject_type")}
	var p scrutineer.Problems
	if f.Status != "" && !slices.Contains(scrutineer.LearningReviewStatuses, scrutineer.LearningReviewStatus(f.Status)) {
		p.Add("status", "Choose a status such as draft or decision_notified.")
	}
	if f.SubjectType != "" && !slices.Contains(scrutineer.SubjectTypes, f.SubjectType) {
		p.Add("subject_type", "Choose child or adult.")
	}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > 9999 {
			p.Add("year", "Enter a year such as 2025.")
		}
		f.Year = n
	}
	if err := p.Err("Check the filters."); err != nil {
		return err
	}
	list, err := svc.List(ctx, f)
	if err != nil {
		return err
	}
	out := struct {
		Items []reviewJSON `json:"items"`
	}{Items: make([]reviewJSON, 0, len(list))}
	for _, rev := range list {
		j, err := s.reviewJSON(ctx, rev, false)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiReviewShow answers one review with its history, documents and deadlines.
func (s *Server) apiReviewShow(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.learningReviews()
	if err != nil {
		return err
	}
	rev, err := svc.Find(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.writeReview(w, r, http.StatusOK, rev, true)
}

// editableReview answers ENOTFOUND unless the caller may edit the review: asked
// before a body is read, so that a caller who may not answers 404 whatever they send.
func (s *Server) editableReview(ctx context.Context, svc scrutineer.LearningReviewService, id string) error {
	rev, err := svc.Find(ctx, id)
	if err != nil {
		return err
	}
	return auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: rev.CommitteeID})
}

// apiReviewUpdate changes the given fields of a draft: 200 with the review.
func (s *Server) apiReviewUpdate(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.learningReviews()
	if err != nil {
		return err
	}
	ctx, id := r.Context(), r.PathValue("id")
	if err := s.editableReview(ctx, svc, id); err != nil {
		return err
	}
	var f reviewFields
	if err := decodeJSON(r, &f); err != nil {
		return err
	}
	rev, err := svc.Update(ctx, id, f.changes())
	if err != nil {
		return err
	}
	return s.writeReview(w, r, http.StatusOK, rev, true)
}

// apiReviewDecision notifies the decision: 200 with the review, now
// decision_notified; 422 with every missing or invalid field.
func (s *Server) apiReviewDecision(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.learningReviews()
	if err != nil {
		return err
	}
	ctx, id := r.Context(), r.PathValue("id")
	if err := s.editableReview(ctx, svc, id); err != nil {
		return err
	}
	var body struct {
		Decision  string `json:"decision"`
		DecidedOn string `json:"decided_on"`
		Reasons   string `json:"reasons"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	rev, err := svc.NotifyDecision(ctx, id, scrutineer.ReviewDecisionInput{Decision: body.Decision, DecidedOn: body.DecidedOn, Reasons: body.Reasons})
	if err != nil {
		return err
	}
	return s.writeReview(w, r, http.StatusOK, rev, true)
}
