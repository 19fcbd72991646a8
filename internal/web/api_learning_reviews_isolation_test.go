package web

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// isolationReviews is a learning review of another committee (Fife's adult
// protection committee) for the isolation matrix, its decision notified so that
// regulator staff may read it; and the committee officer's own committee, where a
// new draft would go.
type isolationReviews struct {
	service *store.LearningReviews
	org     string // Fife's ID
	review  string
	own     string // the test committee officer's committee (glasgow-cpc)
}

// newIsolationReviews drafts and notifies a Fife review through the real store.
func newIsolationReviews(t *testing.T, db *store.DB) isolationReviews {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	orgs := store.NewOrganisations(db)
	fife, err := orgs.FindOrganisationBySlug(ctx, "fife-apc")
	if err != nil {
		t.Fatal(err)
	}
	own, err := orgs.FindOrganisationBySlug(ctx, roleHomes[scrutineer.RoleCommitteeOfficer])
	if err != nil {
		t.Fatal(err)
	}
	owner := testutil.MustCreateUser(t, db, "fife.reviews@example.org", fife, scrutineer.RoleCommitteeOfficer)
	octx := scrutineer.NewContextWithUser(context.Background(), owner)
	svc := store.NewLearningReviews(db)
	r := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "65_plus", Sex: "female", EventType: "death", IncidentOn: "2025-01-10", ReferralOn: "2025-01-20"}
	if err := svc.CreateDraft(octx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.NotifyDecision(octx, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: "2025-02-01"}); err != nil {
		t.Fatal(err)
	}
	return isolationReviews{service: svc, org: fife.ID, review: r.ID, own: own.ID}
}
