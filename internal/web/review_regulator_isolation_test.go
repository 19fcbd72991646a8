package web

import (
	"context"
	"database/sql"
	"net/url"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// reviewRegulatorSamples are the isolation matrix's requests for
// review_regulator*.go's routes, on Fife's reviews: the notified full review of
// w.lr (which no state allows most actions on, so allowed callers get 409), one
// more to assign, and one whose observations are issued, for the letter and the
// manager's sign-off page.
func reviewRegulatorSamples(t *testing.T, w *isolationWorld) map[string]sample {
	ctx := auth.SystemContext(context.Background())
	if _, err := store.SyncAppraisalCriteria(ctx, w.db); err != nil {
		t.Fatal(err)
	}
	toAssign := isolationFifeReview(t, w, false)
	issued := isolationFifeReview(t, w, true)
	fife := auth.Resource{OrganisationID: w.lr.org}
	lr := "/learning-reviews/" + w.lr.review
	return map[string]sample{
		"GET /reviews/triage":                                {path: "/reviews/triage"},
		"POST /learning-reviews/{id}/assign":                 {path: "/learning-reviews/" + toAssign + "/assign", form: url.Values{"assignee": {w.users["inspector"].ID}}, resource: fife},
		"POST /learning-reviews/{id}/close":                  {path: lr + "/close", form: url.Values{}, resource: fife},
		"POST /learning-reviews/{id}/appraisal/start":        {path: lr + "/appraisal/start", form: url.Values{}, resource: fife},
		"GET /learning-reviews/{id}/appraisal":               {path: lr + "/appraisal", resource: fife},
		"POST /learning-reviews/{id}/appraisal":              {path: lr + "/appraisal", form: url.Values{"rating_timeliness": {"met"}}, resource: fife},
		"GET /reviews/settings/appraisal":                    {path: "/reviews/settings/appraisal"},
		"POST /reviews/settings/appraisal":                   {path: "/reviews/settings/appraisal", form: url.Values{"count": {"0"}}},
		"GET /learning-reviews/{id}/observations":            {path: lr + "/observations", resource: fife},
		"POST /learning-reviews/{id}/observations":           {path: lr + "/observations", form: url.Values{"body": {"Isolation test."}}, resource: fife},
		"POST /learning-reviews/{id}/observations/submit":    {path: lr + "/observations/submit", form: url.Values{}, resource: fife},
		"GET /learning-reviews/{id}/observations/review":     {path: "/learning-reviews/" + issued + "/observations/review", resource: fife},
		"POST /learning-reviews/{id}/observations/return":    {path: "/learning-reviews/" + issued + "/observations/return", form: url.Values{"comment": {"Isolation test."}}, resource: fife},
		"POST /learning-reviews/{id}/observations/issue":     {path: "/learning-reviews/" + issued + "/observations/issue", form: url.Values{}, resource: fife},
		"GET /learning-reviews/{id}/observations/letter":     {path: "/learning-reviews/" + issued + "/observations/letter", resource: fife},
		"GET /learning-reviews/{id}/observations/letter.pdf": {path: "/learning-reviews/" + issued + "/observations/letter.pdf", resource: fife},
		"POST /learning-reviews/{id}/messages":               {path: lr + "/messages", form: url.Values{"body": {"When is the report due?"}}, resource: fife},
	}
}

// isolationFifeReview notifies another full review of Fife's committee; with
// issued, takes it through its outcome (set directly: the committee's outcome
// journey is another part) and the appraisal to issued observations as a
// manager would.
func isolationFifeReview(t *testing.T, w *isolationWorld, issued bool) string {
	t.Helper()
	sys := auth.SystemContext(context.Background())
	owner, err := store.NewUsers(w.db).FindUserByEmail(sys, "fife.reviews@example.org")
	if err != nil {
		t.Fatal(err)
	}
	octx := scrutineer.NewContextWithUser(context.Background(), owner)
	r := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "26_64", Sex: "male", EventType: "death", IncidentOn: "2025-02-10", ReferralOn: "2025-02-20"}
	if err := w.lr.service.CreateDraft(octx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := w.lr.service.NotifyDecision(octx, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: "2025-03-01"}); err != nil {
		t.Fatal(err)
	}
	if !issued {
		return r.ID
	}
	err = w.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE learning_reviews SET status = 'outcome_notified', completed_on = '2025-09-01', ratified_on = '2025-09-20', outcome_on = '2025-09-25' WHERE id = $1`, r.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	work := store.NewReviewRegulator(w.db, store.NewJobs(w.db), "http://127.0.0.1")
	mctx := scrutineer.NewContextWithUser(context.Background(), w.users["manager"])
	if _, err := work.StartAppraisal(mctx, r.ID); err != nil {
		t.Fatal(err)
	}
	items, err := work.Ratings(mctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var rs []scrutineer.AppraisalRating
	for _, it := range items {
		rs = append(rs, scrutineer.AppraisalRating{Criterion: it.Code, Rating: "met"})
	}
	if err := work.Rate(mctx, r.ID, rs); err != nil {
		t.Fatal(err)
	}
	if _, err := work.SaveObservations(mctx, r.ID, "The review was carried out well."); err != nil {
		t.Fatal(err)
	}
	if _, err := work.SubmitObservations(mctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := work.IssueObservations(mctx, r.ID); err != nil {
		t.Fatal(err)
	}
	return r.ID
}
