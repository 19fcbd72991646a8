package generate_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/generate"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// tiny is small enough for a test on both engines and large enough to reach every
// state through the dates alone.
var tiny = generate.Size{Name: "tiny", Reviews: 160, Years: 4, Reports: 120, Words: 200, Batch: 50}

var today = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func run(t *testing.T, db *store.DB, seed uint64) *generate.Result {
	t.Helper()
	ctx := context.Background()
	if _, err := directory.Sync(ctx, store.NewOrganisations(db)); err != nil {
		t.Fatal(err)
	}
	focus, err := store.NewOrganisations(db).FindOrganisationBySlug(auth.SystemContext(ctx), "glasgow-cpc")
	if err != nil {
		t.Fatal(err)
	}
	res, err := generate.Generate(auth.SystemContext(ctx), db, generate.Config{Seed: seed, Size: tiny, Today: today, Index: search.New(db), Focus: []string{focus.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestGenerate checks on both engines that the same seed gives the same data, that
// every generated review's history is a walk the lifecycle allows with dates in
// order, and that the store reads back what was written.
func TestGenerate(t *testing.T) {
	var prints []string
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		res := run(t, db, 11)
		prints = append(prints, res.Fingerprint)
		if again := run(t, testutil.NewSQLite(t), 11); again.Fingerprint != res.Fingerprint {
			t.Fatal("the same seed gave different data")
		}
		if other := run(t, testutil.NewSQLite(t), 12); other.Fingerprint == res.Fingerprint {
			t.Fatal("another seed gave the same data")
		}
		if res.Counts["learning_reviews"] != tiny.Reviews || res.Counts["search"] != tiny.Reports {
			t.Fatalf("counts: %v", res.Counts)
		}
		for _, table := range []string{"learning_review_events", "review_recommendations", "learning_points", "review_actions",
			"learning_review_updates", "review_messages", "review_themes", "review_appraisal_ratings", "review_observations", "learning_review_links"} {
			if res.Counts[table] == 0 {
				t.Errorf("nothing generated in %s", table)
			}
		}
		states, kinds := map[scrutineer.LearningReviewStatus]int{}, map[scrutineer.OrganisationKind]bool{}
		focus := map[scrutineer.LearningReviewStatus]int{}
		for _, rv := range res.Reviews {
			states[rv.R.Status]++
			if rv.Committee.Slug == "glasgow-cpc" {
				focus[rv.R.Status]++
			}
			kinds[rv.Committee.Kind] = true
			checkLifecycle(t, rv.R)
		}
		for _, st := range scrutineer.LearningReviewStatuses {
			if states[st] == 0 {
				t.Errorf("no review is %s: %v", st, states)
			}
			if focus[st] < 2 {
				t.Errorf("the focus committee has %d reviews %s, want 2 at least: %v", focus[st], st, focus)
			}
		}
		if len(kinds) != 3 {
			t.Errorf("reviews of %d kinds of committee, want child, adult and public protection", len(kinds))
		}
		// The store reads every generated review back as it was planned.
		reviews := store.NewLearningReviews(db)
		for _, rv := range res.Reviews[:40] {
			got, err := reviews.Find(auth.SystemContext(context.Background()), rv.R.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != rv.R.Status || got.DecidedOn != rv.R.DecidedOn || len(got.History) != len(rv.R.History) || got.AssigneeID != rv.R.AssigneeID {
				t.Fatalf("review %s read back as %+v", rv.R.ID, got)
			}
			checkLifecycle(t, got)
		}
	})
	if len(prints) == 2 && prints[0] != prints[1] {
		t.Error("SQLite and PostgreSQL got different data from the same seed")
	}
}

// checkLifecycle replays r's history through CheckMove and checks its dates.
func checkLifecycle(t *testing.T, r *scrutineer.LearningReview) {
	t.Helper()
	walk := &scrutineer.LearningReview{Status: scrutineer.ReviewDraft, Decision: r.Decision}
	if len(r.History) == 0 || r.History[0].ToStatus != scrutineer.ReviewDraft {
		t.Fatalf("review %s: history does not start with the draft", r.ID)
	}
	for k, e := range r.History[1:] {
		if e.FromStatus != walk.Status {
			t.Fatalf("review %s: event %d from %s, but the review was %s", r.ID, k+1, e.FromStatus, walk.Status)
		}
		if walk.CheckMove(e.ToStatus, scrutineer.ByCommittee) != nil && walk.CheckMove(e.ToStatus, scrutineer.ByRegulator) != nil {
			t.Fatalf("review %s: %s -> %s is not allowed", r.ID, walk.Status, e.ToStatus)
		}
		if e.At.Before(r.History[k].At) || e.At.After(today.Add(24*time.Hour)) {
			t.Fatalf("review %s: event %d at %s out of order", r.ID, k+1, e.At)
		}
		walk.Status = e.ToStatus
	}
	if walk.Status != r.Status {
		t.Fatalf("review %s is %s but its history ends at %s", r.ID, r.Status, walk.Status)
	}
	// incident <= referral <= decision <= completion <= ratification <= outcome <= closed
	dates := []string{r.IncidentOn, r.ReferralOn, r.DecidedOn, r.CompletedOn, r.RatifiedOn, r.OutcomeOn, r.ClosedOn}
	var given []string
	for _, d := range dates {
		if d != "" {
			given = append(given, d)
		}
	}
	if !slices.IsSorted(given) || (len(given) > 0 && given[len(given)-1] > today.Format("2006-01-02")) {
		t.Fatalf("review %s: dates out of order: %v", r.ID, dates)
	}
	if r.Status != scrutineer.ReviewDraft {
		in := scrutineer.ReviewDecisionInput{Decision: r.Decision, DecidedOn: r.DecidedOn, Reasons: r.Reasons}
		if err := r.ValidateDecision(in, today); err != nil {
			t.Fatalf("review %s: the decision is not valid: %v", r.ID, err)
		}
	} else if r.Decision != "" {
		t.Fatalf("draft %s has a decision", r.ID)
	}
	if (r.Status == scrutineer.ReviewUnderAppraisal || r.Status == scrutineer.ReviewObservationsIssued) && r.AssigneeID == "" {
		t.Fatalf("review %s is with the regulator but no inspector is assigned", r.ID)
	}
}
