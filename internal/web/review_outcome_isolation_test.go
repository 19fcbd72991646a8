package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// reviewOutcomeSamples are the isolation matrix's requests for review_outcome*.go's
// and api_learning_reviews_outcome.go's routes, on Fife's reviews, which only
// Fife's own officers may change: w.lr's full review with its decision notified
// (for start, updates, completion and the journey), and one in progress, and one
// whose outcome is notified with an action (for the action's status).
func reviewOutcomeSamples(t *testing.T, w *isolationWorld) map[string]sample {
	fife := auth.Resource{OrganisationID: w.lr.org}
	inProgress, notified, action := fifeOutcomeReviews(t, w)
	api := "/api/v1/learning-reviews/" + w.lr.review
	page := "/learning-reviews/" + w.lr.review
	return map[string]sample{
		"POST /api/v1/learning-reviews/{id}/documents": {path: api + "/documents", form: url.Values{"file": {"report"}}, resource: fife},
		"POST /api/v1/learning-reviews/{id}/start":     {path: api + "/start", form: url.Values{}, resource: fife},
		"POST /api/v1/learning-reviews/{id}/updates":   {path: "/api/v1/learning-reviews/" + inProgress + "/updates", form: url.Values{"expected_completion_on": {"2099-01-01"}}, resource: fife},
		"POST /api/v1/learning-reviews/{id}/outcome":   {path: api + "/outcome", form: url.Values{"completed_on": {"2025-03-01"}}, resource: fife},

		"POST /learning-reviews/{id}/start":                     {path: page + "/start", form: url.Values{}, resource: fife},
		"GET /learning-reviews/{id}/update":                     {path: "/learning-reviews/" + inProgress + "/update", resource: fife},
		"POST /learning-reviews/{id}/update":                    {path: "/learning-reviews/" + inProgress + "/update", form: url.Values{"expected_completion_on": {"2099-01-01"}}, resource: fife},
		"GET /learning-reviews/{id}/completion":                 {path: "/learning-reviews/" + inProgress + "/completion", resource: fife},
		"POST /learning-reviews/{id}/completion":                {path: "/learning-reviews/" + inProgress + "/completion", form: url.Values{"completed_on": {"2025-06-01"}}, resource: fife},
		"GET /learning-reviews/{id}/outcome":                    {path: page + "/outcome", resource: fife},
		"GET /learning-reviews/{id}/outcome/{step}":             {path: page + "/outcome/dates", resource: fife},
		"POST /learning-reviews/{id}/outcome/{step}":            {path: page + "/outcome/dates", form: url.Values{"completed_on": {"2025-06-01"}, "ratified_on": {"2025-06-10"}}, resource: fife},
		"GET /learning-reviews/{id}/outcome/{step}/{n}":         {path: page + "/outcome/actions/new", resource: fife},
		"POST /learning-reviews/{id}/outcome/{step}/{n}":        {path: page + "/outcome/learning-points/new", form: url.Values{"body": {"Isolation test."}}, resource: fife},
		"POST /learning-reviews/{id}/outcome/{step}/{n}/remove": {path: page + "/outcome/learning-points/1/remove", form: url.Values{}, resource: fife},
		"GET /learning-reviews/{id}/actions/{action}":           {path: "/learning-reviews/" + notified + "/actions/" + action, resource: fife},
		"POST /learning-reviews/{id}/actions/{action}":          {path: "/learning-reviews/" + notified + "/actions/" + action, form: url.Values{"status": {"complete"}}, resource: fife},
	}
}

// fifeOutcomeReviews makes, through the real stores as a Fife officer, a full
// review in progress and one whose outcome is notified with a checked report and
// one action; it returns their ids and the action's.
func fifeOutcomeReviews(t *testing.T, w *isolationWorld) (inProgress, notified, action string) {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	fife, err := store.NewOrganisations(w.db).FindOrganisationBySlug(ctx, "fife-apc")
	if err != nil {
		t.Fatal(err)
	}
	octx := scrutineer.NewContextWithUser(context.Background(), testutil.MustCreateUser(t, w.db, "fife.outcome@example.org", fife, scrutineer.RoleCommitteeOfficer))
	svc := store.NewLearningReviews(w.db)
	full := func() string {
		r := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "26_64", Sex: "male", EventType: "death", IncidentOn: "2025-01-10", ReferralOn: "2025-01-20"}
		if err := svc.CreateDraft(octx, r); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.NotifyDecision(octx, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: "2025-02-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.StartReview(octx, r.ID); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	inProgress, notified = full(), full()
	docs := store.NewDocuments(w.db, store.NewJobs(w.db))
	res, err := docs.AddVersion(octx, &store.NewVersion{
		Upload: &scrutineer.DocumentUpload{OwnerType: scrutineer.OwnerLearningReview, OwnerID: notified, Kind: scrutineer.DocReport, Title: "Review report", Filename: "report.txt"},
		SHA256: strings.Repeat("d", 64), Size: 10, Format: "txt",
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := docs.SaveCheck(octx, res.Version.ID, strings.Repeat("e", 64), 1, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.NotifyOutcome(octx, notified, &scrutineer.ReviewOutcomeInput{CompletedOn: "2025-06-01", RatifiedOn: "2025-06-10", DocumentIDs: []string{res.Document.ID},
		Actions: []scrutineer.ReviewAction{{Action: "Agree a protocol.", Owner: "Committee", DueOn: "2026-12-31", Status: "not_started"}}}); err != nil {
		t.Fatal(err)
	}
	out, err := svc.ListOutcome(octx, notified)
	if err != nil || len(out.Actions) != 1 {
		t.Fatalf("outcome: %v", err)
	}
	return inProgress, notified, out.Actions[0].ID
}
