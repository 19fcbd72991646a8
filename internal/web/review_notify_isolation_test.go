package web

import (
	"context"
	"net/url"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// reviewNotifySamples are the isolation matrix's requests for review_notify*.go's
// routes: the journey's pages on a draft of Fife's committee (no test user is one of
// its officers, so every caller must get 404 and change nothing), and the dashboard
// and a new draft in the caller's own committee.
func reviewNotifySamples(t *testing.T, w *isolationWorld) map[string]sample {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	fife, err := w.srv.Organisations.FindOrganisationBySlug(ctx, "fife-apc")
	if err != nil {
		t.Fatal(err)
	}
	owner := testutil.MustCreateUser(t, w.db, "fife.notify@example.org", fife, scrutineer.RoleCommitteeOfficer)
	draft := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "26_64"}
	if err := w.lr.service.CreateDraft(scrutineer.NewContextWithUser(context.Background(), owner), draft); err != nil {
		t.Fatal(err)
	}
	own, theirs := auth.Resource{OrganisationID: w.lr.own}, auth.Resource{OrganisationID: fife.ID}
	page := "/learning-reviews/" + draft.ID + "/notify/"
	return map[string]sample{
		"GET /learning-reviews":                     {path: "/learning-reviews", resource: own},
		"GET /learning-reviews/closed":              {path: "/learning-reviews/closed", resource: own},
		"GET /learning-reviews/new":                 {path: "/learning-reviews/new", resource: own},
		"POST /learning-reviews/new":                {path: "/learning-reviews/new", form: url.Values{"subject_type": {"child"}}, resource: own},
		"GET /learning-reviews/{id}/notify/{page}":  {path: page + "about", resource: theirs},
		"POST /learning-reviews/{id}/notify/{page}": {path: page + "about", form: url.Values{"age_band": {"18_25"}, "sex": {"male"}}, resource: theirs},
		"GET /learning-reviews/{id}/notify/check":   {path: page + "check", resource: theirs},
		"POST /learning-reviews/{id}/notify/check":  {path: page + "check", form: url.Values{}, resource: theirs},
	}
}
