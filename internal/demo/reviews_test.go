package demo_test

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/demo"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestSeedReviews: the demo's committee officers see reviews of their own committee
// in every state, the inspector is assigned some, the search finds their reports,
// and seeding again adds nothing.
func TestSeedReviews(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := auth.SystemContext(context.Background())
		orgs, users := store.NewOrganisations(db), store.NewUsers(db)
		if _, err := directory.Sync(ctx, orgs); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, demo.Stores{Users: users, Organisations: orgs, Emails: store.NewJobs(db)}); err != nil {
			t.Fatal(err)
		}
		idx := search.New(db)
		res, err := demo.SeedReviews(ctx, demo.Reviews{DB: db, Index: idx, Users: users})
		if err != nil || res == nil {
			t.Fatalf("seed: %v", err)
		}
		if again, err := demo.SeedReviews(ctx, demo.Reviews{DB: db, Index: idx, Users: users}); err != nil || again != nil {
			t.Fatalf("the second seed generated again: %v", err)
		}
		reviews := store.NewLearningReviews(db)
		for _, email := range []string{"cpc.glasgow@demo.scrutineer.test", "apc.fife@demo.scrutineer.test"} {
			u, err := users.FindUserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			list, err := reviews.List(scrutineer.NewContextWithUser(context.Background(), u), scrutineer.LearningReviewFilter{})
			if err != nil {
				t.Fatal(err)
			}
			states := map[scrutineer.LearningReviewStatus]int{}
			for _, r := range list {
				states[r.Status]++
			}
			for _, st := range scrutineer.LearningReviewStatuses {
				if states[st] == 0 {
					t.Errorf("%s sees no review %s: %v", email, st, states)
				}
			}
		}
		insp, err := users.FindUserByEmail(ctx, "inspector@demo.scrutineer.test")
		if err != nil {
			t.Fatal(err)
		}
		var assigned int
		if err := db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM learning_reviews WHERE assignee_id = $1`, insp.ID).Scan(&assigned); err != nil || assigned == 0 {
			t.Errorf("the demo inspector is assigned %d reviews (%v)", assigned, err)
		}
		found, err := idx.Search(scrutineer.NewContextWithUser(context.Background(), insp), search.Query{Text: "neglect"})
		if err != nil || found.Total < 20 {
			t.Fatalf("searching the generated reports: %v, %+v", err, found)
		}
	})
}
