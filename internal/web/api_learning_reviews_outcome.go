package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// The outcome part of the learning reviews API (../shared/docs/contract.md;
// docs/decisions/0103-learning-review-outcome.md): documents, start, interim
// updates and the outcome. Each asks the policy for the review before its body is
// read, so a caller who may not change the review answers 404 whatever they send.
func (s *Server) reviewOutcomeAPIRoutes() []route {
	edit := Requires(auth.EditCommitteeRecord)
	return []route{
		{"POST /api/v1/learning-reviews/{id}/documents", s.apiReviewDocument, edit},
		{"POST /api/v1/learning-reviews/{id}/start", s.apiReviewStart, edit},
		{"POST /api/v1/learning-reviews/{id}/updates", s.apiReviewUpdateProgress, edit},
		{"POST /api/v1/learning-reviews/{id}/outcome", s.apiReviewOutcome, edit},
	}
}

// reviewOutcomes returns the outcome service: the learning reviews store serves it.
func (s *Server) reviewOutcomes() (scrutineer.ReviewOutcomeService, error) {
	svc, ok := s.LearningReviews.(scrutineer.ReviewOutcomeService)
	if !ok {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return svc, nil
}

// editableForOutcome returns the review of the path when the caller may change it.
func (s *Server) editableForOutcome(ctx context.Context, id string) (*scrutineer.LearningReview, scrutineer.ReviewOutcomeService, error) {
	svc, err := s.reviewOutcomes()
	if err != nil {
		return nil, nil, err
	}
	rv, err := s.LearningReviews.Find(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := auth.Authorise(ctx, auth.EditCommitteeRecord, auth.Resource{OrganisationID: rv.CommitteeID}); err != nil {
		return nil, nil, err
	}
	return rv, svc, nil
}

// reviewDocumentJSON is a review's document as the API answers it.
type reviewDocumentJSON struct {
	ID       string            `json:"id"`
	Filename string            `json:"filename"`
	Kind     string            `json:"kind"`
	Status   string            `json:"status"`
	Check    documentCheckJSON `json:"check"`
}

type documentCheckJSON struct {
	Status     string        `json:"status"`
	Unresolved *int          `json:"unresolved,omitempty"`
	Findings   []findingJSON `json:"findings,omitempty"`
}

type findingJSON struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

func documentJSON(d *scrutineer.Document, findings bool) reviewDocumentJSON {
	j := reviewDocumentJSON{ID: d.ID, Kind: string(d.Kind), Status: string(d.Status), Check: documentCheckJSON{Status: checkState(d)}}
	if v := d.Latest(); v != nil {
		j.Filename = v.Filename
		if findings {
			n := v.Unresolved()
			j.Check.Unresolved, j.Check.Findings = &n, []findingJSON{}
			for _, f := range v.Findings {
				j.Check.Findings = append(j.Check.Findings, findingJSON{ID: f.ID, Kind: f.Kind, Start: f.Start, End: f.End, Text: f.Match})
			}
		}
	}
	return j
}

// apiReviewDocument uploads a document to the review and checks it at once: 201
// with the check's result; 415 for a type not accepted, 413 over the limit, 422 for
// another refusal of the file, 409 once the outcome has been notified.
func (s *Server) apiReviewDocument(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rv, _, err := s.editableForOutcome(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := mayAddOutcomeDocument(rv); err != nil {
		return err
	}
	d, err := s.uploadReviewFile(r, rv, scrutineer.OutcomeDocumentKind(rv.Decision))
	if errors.Is(err, errUnsupportedType) {
		writeJSONError(w, http.StatusUnsupportedMediaType, scrutineer.EINVALID, scrutineer.ErrorMessage(err), scrutineer.ErrorFields(err))
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, documentJSON(d, true))
	return nil
}

// mayAddOutcomeDocument answers ECONFLICT when rv can no longer take documents for
// its outcome.
func mayAddOutcomeDocument(rv *scrutineer.LearningReview) error {
	if err := rv.OutcomeMayBeNotified(); err != nil {
		return err
	}
	if rv.CheckMove(scrutineer.ReviewOutcomeNotified, scrutineer.ByCommittee) != nil {
		return scrutineer.Errorf(scrutineer.ECONFLICT, "Documents can be added to a review's outcome only until the outcome has been notified.")
	}
	return nil
}

// apiReviewStart moves a full review to in progress: 200 with the review.
func (s *Server) apiReviewStart(w http.ResponseWriter, r *http.Request) error {
	rv, svc, err := s.editableForOutcome(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if rv, err = svc.StartReview(r.Context(), rv.ID); err != nil {
		return err
	}
	return s.writeReview(w, r, http.StatusOK, rv, true)
}

// apiReviewUpdateProgress records an interim update: 200 with the review.
func (s *Server) apiReviewUpdateProgress(w http.ResponseWriter, r *http.Request) error {
	rv, svc, err := s.editableForOutcome(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var body struct {
		ReviewTeam           string `json:"review_team"`
		ExpectedCompletionOn string `json:"expected_completion_on"`
		PausedFor            string `json:"paused_for"`
		DelayReasons         string `json:"delay_reasons"`
		Confirm              bool   `json:"confirm_no_personal_data"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if p := piiProblems(textField{"review_team", body.ReviewTeam}, textField{"delay_reasons", body.DelayReasons}); p != nil && !body.Confirm {
		return personalDataProblem(p)
	}
	rv, err = svc.AddUpdate(r.Context(), rv.ID, &scrutineer.ReviewUpdate{ReviewTeam: body.ReviewTeam, ExpectedCompletionOn: body.ExpectedCompletionOn,
		PausedFor: body.PausedFor, DelayReasons: body.DelayReasons})
	if err != nil {
		return err
	}
	return s.writeReview(w, r, http.StatusOK, rv, true)
}

// personalDataProblem is the 422 for free text that may hold personal data.
func personalDataProblem(fields map[string]string) error {
	return &scrutineer.Error{Code: scrutineer.EINVALID, Fields: fields,
		Message: "Some answers may contain personal data. Remove it, or confirm that it is not personal data (" + confirmField + ")."}
}

// outcomeBody is the body of an outcome notification.
type outcomeBody struct {
	CompletedOn       string   `json:"completed_on"`
	RatifiedOn        string   `json:"ratified_on"`
	Methodology       string   `json:"methodology"`
	FamilyInvolvement string   `json:"family_involvement"`
	StaffInvolvement  string   `json:"staff_involvement"`
	DelayReasons      string   `json:"delay_reasons"`
	Publication       string   `json:"publication"`
	DocumentIDs       []string `json:"document_ids"`
	LearningPoints    []struct {
		Body   string   `json:"body"`
		Themes []string `json:"themes"`
	} `json:"learning_points"`
	Recommendations []struct {
		Body   string   `json:"body"`
		Agency string   `json:"agency"`
		Themes []string `json:"themes"`
	} `json:"recommendations"`
	Actions []struct {
		Action string `json:"action"`
		Owner  string `json:"owner"`
		DueOn  string `json:"due_on"`
		Status string `json:"status"`
	} `json:"actions"`
	Confirm bool `json:"confirm_no_personal_data"`
}

// input is the body as the domain's outcome, and its free text for the check.
func (b *outcomeBody) input() (*scrutineer.ReviewOutcomeInput, []textField) {
	in := &scrutineer.ReviewOutcomeInput{CompletedOn: b.CompletedOn, RatifiedOn: b.RatifiedOn, Methodology: b.Methodology,
		FamilyInvolvement: b.FamilyInvolvement, StaffInvolvement: b.StaffInvolvement, DelayReasons: b.DelayReasons,
		Publication: b.Publication, DocumentIDs: b.DocumentIDs}
	texts := []textField{{"delay_reasons", b.DelayReasons}}
	for i, lp := range b.LearningPoints {
		in.LearningPoints = append(in.LearningPoints, scrutineer.LearningPoint{Body: lp.Body, Themes: lp.Themes})
		texts = append(texts, textField{itemField("learning_points", i, "body"), lp.Body})
	}
	for i, rc := range b.Recommendations {
		in.Recommendations = append(in.Recommendations, scrutineer.Recommendation{Body: rc.Body, Agency: rc.Agency, Themes: rc.Themes})
		texts = append(texts, textField{itemField("recommendations", i, "body"), rc.Body})
	}
	for i, a := range b.Actions {
		in.Actions = append(in.Actions, scrutineer.ReviewAction{Action: a.Action, Owner: a.Owner, DueOn: a.DueOn, Status: a.Status})
		texts = append(texts, textField{itemField("actions", i, "action"), a.Action}, textField{itemField("actions", i, "owner"), a.Owner})
	}
	return in, texts
}

// apiReviewOutcome notifies the outcome: 200 with the review, outcome_notified; 422
// with field problems; 409 while a named document has unresolved findings.
func (s *Server) apiReviewOutcome(w http.ResponseWriter, r *http.Request) error {
	rv, svc, err := s.editableForOutcome(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var body outcomeBody
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	in, texts := body.input()
	if err := rv.ValidateOutcome(in, scrutineer.Today(s.Now()), false); err != nil {
		return err
	}
	if p := piiProblems(texts...); p != nil && !body.Confirm {
		return personalDataProblem(p)
	}
	if rv, err = svc.NotifyOutcome(r.Context(), rv.ID, in); err != nil {
		return err
	}
	return s.writeReview(w, r, http.StatusOK, rv, true)
}
